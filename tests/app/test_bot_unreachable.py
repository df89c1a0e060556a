"""When Discord cannot be reached, `bot.py run`/`sync` say so in one line and exit 1 (no traceback)."""

from __future__ import annotations

import discord
import pytest

import bot
from settings import Settings


@pytest.fixture
def closed_port(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Settings:
    # port 9 (discard) on loopback is closed here: the connection is refused at once, nothing leaves the machine
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")
    return Settings(_env_file=None, discord_token="x" * 59, database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}",
                    log_level="CRITICAL", status_file=tmp_path / "status.json")


def test_run_reports_an_unreachable_discord_in_one_line(closed_port: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert bot.run_bot(closed_port) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: cannot reach Discord")
    assert "Traceback" not in err[0]


def test_sync_reports_an_unreachable_discord_in_one_line(closed_port: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert bot.run_sync(closed_port, ["--guild", "1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: cannot reach Discord")
