"""`python bot.py db backup PATH` / `db restore PATH` on SQLite (online backup API) and PostgreSQL (pg_dump /
pg_restore), through real subprocesses: after edits made since the backup, a restore gives back a database
that answers the same questions (`bot.py check … --json`, `bot.py regulator … --json`) as when it was saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.registry import Actor, Registry

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [("check", "--from", "NB", "--to", "Gatineau", "--age", "15"), ("check", "--from", "ON", "--to", "NY"),
             ("regulator", "Quebec"), ("regulator", "NB"), ("ask", "registered in Ontario, client in France by video")]


def bot(cwd: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL", "PASSERELLE_DATA_DIR")}
    env["DATABASE_URL"] = url
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def answers(cwd: Path, url: str) -> list[dict]:
    out = []
    for question in QUESTIONS:
        proc = bot(cwd, url, *question, "--json")
        assert proc.returncode == 0, proc.stderr
        out.append(json.loads(proc.stdout))
    return out


async def edit_everything_visible(reg: Registry, tag: str) -> None:
    """Change what the questions above show: the Quebec and NB regulators' websites."""
    for place in ("CA-QC", "CA-NB"):
        body = reg.snapshot.get(place).regulator()
        path = f"regulators.{body.id}.website"
        version = reg._entry(place).facts[path].version
        await reg.update(place, path, f"https://{tag}.example.org/{place}", reason=tag, by=Actor("t", "t"),
                         expected_version=version)


async def test_backup_then_restore_answers_the_same(db_url: str, data_dir: Path, tmp_path: Path) -> None:
    reg = await Registry.open(db_url, seed_dir=data_dir)
    try:
        await edit_everything_visible(reg, "before-backup")
        saved = answers(tmp_path, db_url)
        backup_file = tmp_path / "passerelle.backup"
        proc = bot(tmp_path, db_url, "db", "backup", str(backup_file))
        assert proc.returncode == 0, proc.stderr
        assert "backed up to" in proc.stdout and backup_file.stat().st_size > 10_000
        await edit_everything_visible(reg, "after-backup")
        changed = answers(tmp_path, db_url)
        assert changed != saved and "after-backup" in json.dumps(changed)
    finally:
        await reg.close()
    proc = bot(tmp_path, db_url, "db", "restore", str(backup_file))
    assert proc.returncode == 0, proc.stderr
    assert answers(tmp_path, db_url) == saved
    fresh = await Registry.open(db_url, seed=False)
    try:
        history = await fresh.history("CA-QC")
        assert [r.reason for r in history] == ["before-backup"]  # the history is restored with the data
    finally:
        await fresh.close()


@pytest.mark.parametrize("bad", ["missing", "not-a-db", "directory", "itself"])
def test_backup_and_restore_refuse_clearly(bad: str, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    assert bot(tmp_path, url, "db", "upgrade").returncode == 0
    target = {"missing": tmp_path / "nope.db", "not-a-db": tmp_path / "junk.db", "directory": tmp_path,
              "itself": tmp_path / "live.db"}[bad]
    if bad == "not-a-db":
        target.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = (tmp_path / "live.db").read_bytes()
    command = "backup" if bad in ("directory", "itself") else "restore"
    proc = bot(tmp_path, url, "db", command, str(target))
    assert proc.returncode == 1 and proc.stderr.startswith("error: "), (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "live.db").read_bytes() == before
