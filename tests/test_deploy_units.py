"""Issue 7 pieces that need no bot process: compose.yaml and the Dockerfile, the settings, the change feed and
alert claims (in-process, SQLite and PostgreSQL), the health check's rules, and the log format."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from settings import Settings

ROOT = Path(__file__).resolve().parents[1]


# ----- container ------------------------------------------------------------------------------------------------
def test_compose_file_wires_the_bot_to_postgres() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert db["image"].startswith("postgres:16")
    assert any(v.split(":")[0] in compose["volumes"] and v.endswith("/var/lib/postgresql/data") for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    url = bot["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql+asyncpg://") and "@db:5432/" in url
    command = " ".join(bot["command"])
    assert "bot.py db upgrade" in command and "bot.py run" in command  # migrations applied on start
    assert "bot.py health" in " ".join(bot["healthcheck"]["test"])
    assert bot["build"] == "." and bot.get("stop_grace_period")


def test_dockerfile_essentials() -> None:
    text = (ROOT / "Dockerfile").read_text()
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert lines[0].startswith("FROM python:3.11-slim")
    assert any(line.startswith("USER ") and "root" not in line for line in lines)
    assert "pip install -r requirements.txt" in text
    assert "COPY jurisdictions/ jurisdictions/" in text  # the data files are baked in
    assert any(line.startswith("HEALTHCHECK") and "bot.py" in line and "health" in line for line in lines)
    assert lines[-1].startswith("CMD") and "run" in lines[-1]
    for needed in ("bot.py", "settings/", "app/", "cogs/", "db/", "ops/"):
        assert needed in text
    assert "python -m jurisdictions.gazetteer" in text and "PASSERELLE_GAZETTEER" in text  # derived at build time
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".env", "tests"} <= set(ignored)


def test_docker_build() -> None:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no container engine here (docker not installed); the image is built where one is present")
    if subprocess.run([docker, "info"], capture_output=True, timeout=30).returncode != 0:
        pytest.skip("docker is installed but no engine is running (`docker info` failed)")
    proc = subprocess.run([docker, "build", "-q", "-t", "passerelle:test", str(ROOT)], capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]


# ----- settings -------------------------------------------------------------------------------------------------
def test_shard_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.bot import Passerelle, ShardedPasserelle, bot_class

    assert bot_class(Settings(_env_file=None)) is Passerelle
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "2, 3")
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    s = Settings(_env_file=None)
    assert (s.shard_count, s.shard_ids, s.log_format) == (4, [2, 3], "json")
    assert bot_class(s) is ShardedPasserelle
    bot = ShardedPasserelle(s)
    assert bot.shard_count == 4 and bot.shard_ids == [2, 3]
    monkeypatch.setenv("SHARD_IDS", "[0,4]")
    with pytest.raises(ValueError, match="outside"):
        Settings(_env_file=None)
    monkeypatch.delenv("SHARD_COUNT")
    monkeypatch.setenv("SHARD_IDS", "1")
    with pytest.raises(ValueError, match="needs SHARD_COUNT"):
        Settings(_env_file=None)


def test_env_example_documents_the_new_settings() -> None:
    text = (ROOT / ".env.example").read_text()
    for name in ("SHARD_COUNT", "SHARD_IDS", "LOG_FORMAT", "DATA_POLL_SECONDS", "STATUS_FILE", "HEALTH_MAX_AGE",
                 "SHUTDOWN_TIMEOUT", "HEARTBEAT_SECONDS"):
        assert f"{name}=" in text, name


# ----- change feed and alert claims ---------------------------------------------------------------------------------
async def _wait(predicate, timeout: float) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise AssertionError("timed out")
        await asyncio.sleep(0.005)
    return time.perf_counter() - start


async def test_change_feed_follows_another_registry(db_url: str, data_dir: Path) -> None:
    from db.notify import ChangeFeed
    from db.registry import Actor, Registry

    writer = await Registry.open(db_url, seed_dir=data_dir)
    reader = await Registry.open(db_url, seed_dir=data_dir)
    seen: list[int] = []
    reader.subscribe(lambda change: seen.append(change.data_version))
    feed = ChangeFeed(reader, poll_interval=0.2 if writer.is_sqlite else 30)
    try:
        await feed.start()
        assert feed.listening == (not writer.is_sqlite)
        entry = await writer.get("CA-NB")
        path = "regulators.nbasw.website"
        await writer.update("CA-NB", path, "https://feed.example.org", reason="test", by=Actor("1", "t"),
                            expected_version=entry.fact(path).version)
        delay = await _wait(lambda: bool(seen) and seen[-1] == writer.data_version, 3)
        assert delay < (1.0 if writer.is_sqlite else 0.5)
        assert reader.data_version == writer.data_version
        assert reader.snapshot.get("CA-NB").model_dump_json().count("https://feed.example.org") >= 1
    finally:
        await feed.stop()
        await reader.close()
        await writer.close()


async def test_alert_claims_are_won_once_per_kind(db_url: str, data_dir: Path) -> None:
    """Two processes claim a revision's notices: each kind (watch alerts, alert channels) is won once. The kinds are
    claimed apart, because the process that wins a watch alert may not know every server's alert channel yet (and
    the reverse)."""
    from db.notify import AlertClaims
    from db.registry import Actor, Registry

    reg = await Registry.open(db_url, seed_dir=data_dir)
    try:
        entry = await reg.get("CA-NB")
        path = "regulators.nbasw.website"
        result = await reg.update("CA-NB", path, "https://claims.example.org", reason="t", by=Actor("1", "t"),
                                  expected_version=entry.fact(path).version)
        ids = {r.id for r in result.revisions}
        for channels in (False, True):
            first, second = AlertClaims(reg.engine, "one", channels=channels), AlertClaims(reg.engine, "two", channels=channels)
            wins = await asyncio.gather(first.claim(ids), second.claim(ids))
            assert wins[0] | wins[1] == ids and not wins[0] & wins[1], channels
            assert await first.claim(ids) == set() and await second.claim(ids) == set()
    finally:
        await reg.close()


# ----- health ---------------------------------------------------------------------------------------------------
def test_health_rules_for_the_status_file() -> None:
    from ops.health import check_bot

    now = 1_000_000.0
    assert check_bot(None, 60, now).ok
    assert check_bot({"state": "stopped"}, 60, now).ok
    fresh = {"state": "ready", "updated_at": now - 5, "gateway_heartbeat_at": now - 30, "guilds": 3}
    assert check_bot(fresh, 60, now).ok
    assert not check_bot(fresh | {"gateway_heartbeat_at": now - 120}, 60, now).ok
    assert not check_bot(fresh | {"gateway_heartbeat_at": None}, 60, now).ok
    assert not check_bot(fresh | {"updated_at": now - 300}, 60, now).ok
    assert not check_bot(fresh, 60, now, pid_alive=False).ok
    assert check_bot({"state": "starting", "updated_at": now}, 60, now).ok


async def test_health_on_sqlite(tmp_path: Path, data_dir: Path) -> None:
    from db.registry import Registry
    from ops.health import run_checks

    url = f"sqlite+aiosqlite:///{tmp_path / 'h.db'}"
    settings = Settings(_env_file=None, database_url=url)
    checks = {c.name: c for c in await run_checks(settings, tmp_path / "none.json")}
    assert not checks["migrations"].ok or not checks["data"].ok
    await (await Registry.open(url, seed_dir=data_dir)).close()
    checks = {c.name: c for c in await run_checks(settings, tmp_path / "none.json")}
    assert all(c.ok for c in checks.values()), checks


# ----- logs -----------------------------------------------------------------------------------------------------
def test_json_log_lines_carry_the_fields() -> None:
    from ops.logs import JsonFormatter

    record = logging.LogRecord("passerelle.interactions", logging.INFO, __file__, 1, "interaction %s", ("x",), None)
    record.fields = {"event": "interaction", "command": "/check", "ms": 3.2, "outcome": "ok"}
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "interaction x" and line["command"] == "/check" and line["level"] == "INFO"


def test_interaction_names_never_include_option_values() -> None:
    from app.telemetry import describe_interaction
    from tests.helpers.fake_discord import MODERATOR, autocomplete, slash

    payload = slash("edit", MODERATOR, group="entry", place="Secret place", field="x")
    assert describe_interaction(payload) == ("command", "/entry edit")
    assert describe_interaction(autocomplete("canserve", "to", to="Mont"))[0] == "autocomplete"


def test_routing_of_data_and_health() -> None:
    import bot

    assert "data" in bot.ENGINE_COMMANDS
    proc = subprocess.run([str(ROOT / ".venv/bin/python") if (ROOT / ".venv/bin/python").exists() else "python",
                           str(ROOT / "bot.py"), "health", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "healthy" in proc.stdout
