"""Passerelle entry point: the command line, and the Discord bot when a token is set."""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = {"ask", "check", "regulator", "console"}


def main(argv: list[str]) -> int:
    command = argv[0] if argv else None
    if command in ENGINE_COMMANDS or command in ("-h", "--help"):
        from jurisdictions.cli import main as cli_main

        return cli_main(argv)
    if command is None:
        if not os.environ.get("DISCORD_TOKEN"):
            print("DISCORD_TOKEN is not set: starting the offline console (see .env.example to run the bot).")
            from jurisdictions.cli import main as cli_main

            return cli_main(["console"])
        print("The Discord bot is not part of this build yet; use the console: python bot.py console", file=sys.stderr)
        return 1
    from jurisdictions.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
