"""`python bot.py …`: settings, the one-line errors, the offline fallback, and opening the database."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fake_discord import MOD_ROLE_ID, FakeDiscord, running

import bot
from app.bot import Passerelle
from db.registry import Registry
from settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "MODERATOR_ROLE", "DEV_GUILD_ID", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    return tmp_path


def test_no_subcommand_and_no_token_starts_the_console(clean_env):
    proc = subprocess.run([sys.executable, str(ROOT / "bot.py")], input="", capture_output=True, text=True, timeout=60,
                          cwd=clean_env, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0
    first = proc.stdout.splitlines()[0]
    assert first.startswith("DISCORD_TOKEN is not set: starting the offline console")


def test_run_without_token_is_one_line(clean_env, capsys):
    assert bot.main(["run"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: DISCORD_TOKEN is not set (put it in .env; see .env.example)"]


def test_bad_setting_is_one_line(clean_env, capsys, monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    assert bot.main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: bad setting (LOG_LEVEL")


def test_env_file_is_read(clean_env):
    (clean_env / ".env").write_text("DISCORD_TOKEN=abc\nMODERATOR_ROLE=1234\nDEV_GUILD_ID=42\n")
    s = Settings()
    assert s.token() == "abc" and s.moderator_role_id == 1234 and s.dev_guild_id == 42


class ThreadedFake:
    """The fake Discord on its own event loop, for code that calls asyncio.run itself (bot.main)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.fake = FakeDiscord()

    def __enter__(self) -> FakeDiscord:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)
        self.fake.patch()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def test_rejected_token_is_one_line(clean_env, capsys, monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "revoked-token")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{clean_env / 'p.db'}")
    with ThreadedFake() as fake:
        fake.auth_ok = lambda header: False
        assert bot.main(["run"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error")]
    assert err == ["error: Discord rejected DISCORD_TOKEN (improper or revoked token); check it in .env"]


def test_sync_subcommand_against_the_fake(clean_env, capsys, monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "good-token")
    monkeypatch.setenv("DEV_GUILD_ID", "200000000000000001")
    with ThreadedFake() as fake:
        assert bot.main(["sync"]) == 0
        assert bot.main(["sync", "--global"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("synced ") and "to guild 200000000000000001" in out[0] and "entry" in out[0]
    assert "global" in out[1]
    puts = [r.path for r in fake.requests if r.method == "PUT"]
    assert puts == ["/applications/100000000000000001/guilds/200000000000000001/commands",
                    "/applications/100000000000000001/commands"]


async def test_bot_opens_migrates_and_seeds_the_database(tmp_path):
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}",
                        moderator_role=str(MOD_ROLE_ID), guild_ready_timeout=0.05)
    async with running(lambda: bot.create_bot(settings)) as (_, client):
        assert isinstance(client, Passerelle)
        assert isinstance(client.registry, Registry)
        assert "CA-NB" in client.snapshot.jurisdictions
    assert client.registry is None  # closed with the bot
    assert (tmp_path / "fresh.db").exists()
