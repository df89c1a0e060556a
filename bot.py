"""Passerelle entry point: the command line, and the Discord bot when a token is set.

    python bot.py                      run the bot (or, with no DISCORD_TOKEN, the offline console)
    python bot.py run                  run the bot
    python bot.py sync [--guild ID | --global]   publish the slash commands (explicit, never on start)
    python bot.py health [--json]      exit 0/1: database, migrations, data, and the running bot's heartbeat
    python bot.py data check-links     check every source and regulator URL (jurisdictions.cli)
    python bot.py ask|check|regulator|console …  the offline command line (jurisdictions.cli, answering from
                                       the database or the data files: app.snapshots)

On SIGTERM (or Ctrl-C) the bot closes the gateway, lets in-flight interactions finish (SHUTDOWN_TIMEOUT),
then closes HTTP and the database; `docker stop` and `compose down` rely on it.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.bot import Passerelle
    from db.registry import Registry
    from settings import Settings

ENGINE_COMMANDS = {"ask", "check", "regulator", "crisis", "console", "data"}
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


def setup_logging(level: str, fmt: str = "text", database_url: str | None = None) -> None:
    from ops.logs import setup_logging as _setup

    _setup(level, fmt, database_url)


async def open_registry(settings: Settings) -> Registry:
    """The database registry service (`db.registry`): migrated, seeded on first start, snapshot loaded."""
    from db.registry import Registry

    return await Registry.open(settings.database_url)


def create_bot(settings: Settings, **options: Any) -> Passerelle:
    """The bot (`AutoShardedBot` when SHARD_COUNT is set), opening the database in its setup hook."""
    from app.bot import bot_class

    options.setdefault("registry_factory", open_registry)
    return bot_class(settings)(settings, **options)


def _token_or_explain(settings: Settings) -> str | None:
    token = settings.token()
    if not token:
        print("error: DISCORD_TOKEN is not set (put it in .env; see .env.example)", file=sys.stderr)
    return token


def run_bot(settings: Settings) -> int:
    import aiohttp
    import discord

    token = _token_or_explain(settings)
    if not token:
        return 1
    setup_logging(settings.log_level, settings.log_format, settings.database_url)
    bot = create_bot(settings)

    try:
        import asyncio

        asyncio.run(serve(bot, settings, token))
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN (improper or revoked token); check it in .env", file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print("error: the message-content intent is not enabled for this bot in the Developer Portal; "
              "enable it or set MESSAGE_CONTENT_INTENT=false", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except (OSError, aiohttp.ClientError) as exc:  # DNS, refused connection, TLS: one line, not a traceback
        print(f"error: cannot reach Discord ({describe(exc)}); check the network connection", file=sys.stderr)
        return 1
    return 0


def describe(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


async def serve(bot: Passerelle, settings: Settings, token: str) -> None:
    """Run until the gateway ends or SIGTERM/SIGINT; then shut down gracefully (see the module docstring)."""
    import asyncio  # not at module level: `bot.py check` never needs them (start-up time)
    import signal

    from ops.health import Heartbeat

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows / not the main thread
            loop.add_signal_handler(sig, stop.set)
    heartbeat = Heartbeat(settings.status_path, bot.status, settings.heartbeat_seconds)
    heartbeat.start()
    try:
        async with bot:
            running = asyncio.create_task(bot.start(token), name="passerelle-gateway")
            stopping = asyncio.create_task(stop.wait(), name="passerelle-signal")
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if stopping.done():
                heartbeat.write(state="draining")
                await bot.shutdown(settings.shutdown_timeout)
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(running, 10)
            else:
                stopping.cancel()
                running.result()  # login / intents errors surface here
    finally:
        await heartbeat.stop("stopped")
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)


def run_health(argv: list[str]) -> int:
    settings = load_settings()
    if settings is None:
        if "--json" in argv:  # the container's health check still gets its one JSON object
            import json

            print(json.dumps({"ok": False, "checks": [{"name": "settings", "ok": False,
                                                        "detail": "bad setting (see the error on stderr)"}]}))
        return 1
    from ops.health import main as health_main

    return health_main(argv, settings)


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
    import aiohttp
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
    setup_logging(settings.log_level, settings.log_format, settings.database_url)
    try:
        import asyncio

        synced = asyncio.run(sync_commands(create_bot(settings, registry_factory=None), token, guild_id))
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN (improper or revoked token); check it in .env", file=sys.stderr)
        return 1
    except discord.HTTPException as exc:
        print(f"error: Discord refused the commands ({exc.status}): {exc.text[:300]}", file=sys.stderr)
        return 1
    except (OSError, aiohttp.ClientError) as exc:
        print(f"error: cannot reach Discord ({describe(exc)}); check the network connection", file=sys.stderr)
        return 1
    target = f"guild {guild_id}" if guild_id is not None else "all guilds (global; may take up to an hour to appear)"
    print(f"synced {len(synced)} commands to {target}: {', '.join(sorted(c.name for c in synced))}")
    return 0


def main(argv: list[str]) -> int:
    """Every command writes through the terminal guard (jurisdictions.safety.safe_terminal): control, bidi and
    invisible characters from the data or the input are shown escaped, never sent raw to the terminal."""
    from jurisdictions.safety import safe_terminal

    with safe_terminal():
        return _main(argv)


def _main(argv: list[str]) -> int:
    command = argv[0] if argv else None
    if command == "db":
        from db.cli import main as db_main

        return db_main(argv[1:])
    if command == "health":
        return run_health(argv[1:])
    if command in ENGINE_COMMANDS or command in ("-h", "--help"):
        return run_cli(argv)
    if command is None or command in BOT_COMMANDS:
        settings = load_settings()
        if settings is None:
            return 2
        if command == "sync":
            return run_sync(settings, argv[1:])
        if command is None and not settings.token():
            print("DISCORD_TOKEN is not set: starting the offline console (see .env.example to run the bot).")
            return run_cli(["console"])
        return run_bot(settings)
    return run_cli(argv)


def run_cli(argv: list[str]) -> int:
    """The offline command line (`jurisdictions.cli`), answering from the source the entry point picks: the
    database when there is one, else the data files (`app.snapshots`)."""
    from app.snapshots import loader_for
    from jurisdictions.cli import main as cli_main

    return cli_main(argv, snapshot_loader=loader_for(argv[0] if argv else None))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
