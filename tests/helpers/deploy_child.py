"""A real bot process for the deployment tests and benchmark: `python tests/helpers/deploy_child.py` runs exactly
`python bot.py run`, with discord.py pointed at the local fake Discord on port FAKE_DISCORD_PORT.
Everything else (database, shards, logs, status file) comes from the environment, as in production."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    import discord.gateway
    import discord.http
    import yarl

    port = int(os.environ["FAKE_DISCORD_PORT"])
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    from bot import main as bot_main

    return bot_main(["run"])


if __name__ == "__main__":
    raise SystemExit(main())
