"""Passerelle entry point: the command line, and the Discord bot when a token is set.

    python bot.py                      run the bot (or, with no DISCORD_TOKEN, the offline console)
    python bot.py run                  run the bot
    python bot.py sync [--guild ID | --global]   publish the slash commands (explicit, never on start)
    python bot.py ask|check|regulator|console …  the offline command line (jurisdictions.cli)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cogs.client import Passerelle
    from settings import Settings

ENGINE_COMMANDS = {"ask", "check", "regulator", "console"}
BOT_COMMANDS = {"run", "sync"}


def load_settings() -> Settings | None:
    """Settings from the environment and `.env`; a bad value prints one line and gives None."""
    from pydantic import ValidationError

    from settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        print(f"error: bad setting ({problems}); see .env.example", file=sys.stderr)
        return None


def setup_logging(level: str) -> None:
    import discord

    discord.utils.setup_logging(level=level, root=True)


async def open_registry(settings: Settings) -> Any:
    """The database registry service (db/), or None when it is not available in this build."""
    try:
        from cogs.store import open_registry as _open
    except ImportError:
        return None
    return await _open(settings)


def create_bot(settings: Settings, **options: Any) -> Passerelle:
    from cogs.client import Passerelle

    options.setdefault("registry_factory", open_registry)
    return Passerelle(settings, **options)


def _token_or_explain(settings: Settings) -> str | None:
    token = settings.token()
    if not token:
        print("error: DISCORD_TOKEN is not set (put it in .env; see .env.example)", file=sys.stderr)
    return token


def run_bot(settings: Settings) -> int:
    import discord

    token = _token_or_explain(settings)
    if not token:
        return 1
    setup_logging(settings.log_level)
    bot = create_bot(settings)

    async def runner() -> None:
        async with bot:
            await bot.start(token)

    try:
        asyncio.run(runner())
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN (improper or revoked token); check it in .env", file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print("error: the message-content intent is not enabled for this bot in the Developer Portal; "
              "enable it or set MESSAGE_CONTENT_INTENT=false", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


async def sync_commands(bot: Passerelle, token: str, guild_id: int | None) -> list[Any]:
    """Log in over REST only (no gateway), load the cogs, and publish the command tree."""
    import discord

    async with bot:
        await bot.login(token)  # runs setup_hook: translator + extensions
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=guild)
            return await bot.tree.sync(guild=guild)
        return await bot.tree.sync()


def run_sync(settings: Settings, argv: list[str]) -> int:
    import discord

    parser = argparse.ArgumentParser(prog="bot.py sync", description="Publish the slash commands to Discord.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--guild", type=int, metavar="ID", help="one server (instant); default DEV_GUILD_ID when set")
    where.add_argument("--global", dest="everywhere", action="store_true", help="every server (can take up to an hour)")
    args = parser.parse_args(argv)
    token = _token_or_explain(settings)
    if not token:
        return 1
    guild_id = None if args.everywhere else (args.guild or settings.dev_guild_id)
    setup_logging(settings.log_level)
    try:
        synced = asyncio.run(sync_commands(create_bot(settings, registry_factory=None), token, guild_id))
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN (improper or revoked token); check it in .env", file=sys.stderr)
        return 1
    except discord.HTTPException as exc:
        print(f"error: Discord refused the commands ({exc.status}): {exc.text[:300]}", file=sys.stderr)
        return 1
    target = f"guild {guild_id}" if guild_id is not None else "all guilds (global; may take up to an hour to appear)"
    print(f"synced {len(synced)} commands to {target}: {', '.join(sorted(c.name for c in synced))}")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else None
    if command == "db":
        from db.cli import main as db_main

        return db_main(argv[1:])
    if command in ENGINE_COMMANDS or command in ("-h", "--help"):
        from jurisdictions.cli import main as cli_main

        return cli_main(argv)
    if command is None or command in BOT_COMMANDS:
        settings = load_settings()
        if settings is None:
            return 2
        if command == "sync":
            return run_sync(settings, argv[1:])
        if command is None and not settings.token():
            print("DISCORD_TOKEN is not set: starting the offline console (see .env.example to run the bot).")
            from jurisdictions.cli import main as cli_main

            return cli_main(["console"])
        return run_bot(settings)
    from jurisdictions.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
