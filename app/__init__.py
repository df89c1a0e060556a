"""The running bot beside `bot.py`: the Bot class, the command tree and its error handler, telemetry, and the
library modules the cogs share (embeds, EN/FR texts, permissions, places, where answers are read from).

Importing this package imports nothing: `bot.py check` reaches `app.snapshots` without discord.py."""
