"""Hostile backups (issue 13, item 5): `python bot.py db restore` checks the whole backup (db/restore_check.py)
before it replaces anything. Each hostile file is a real backup (`bot.py db backup`) changed by SQL or by flipping
bytes in the file, restored by a real process over a real SQLite database (and, on PostgreSQL, pg_dump archives
of a database changed by SQL): refused in one line, exit 1, the live database unchanged and still answering.
Before, 11 of 26 such backups were accepted and left every `check` and `db status` failing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {"tried": 0, "refused": 0, "harmed": 0}


def bot(cwd: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL", "PASSERELLE_DATA_DIR")}
    env["DATABASE_URL"] = url
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=180, env=env)


def sql(*statements: str, foreign_keys: bool = False) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        for statement in statements:
            con.execute(statement)
        con.commit()
        con.close()
    return change


def flip(needle: bytes, replacement: bytes) -> Callable[[Path], None]:
    """Overwrite bytes inside the file (a bit flip that SQLite's integrity_check does not see: text content)."""
    def change(path: Path) -> None:
        data = bytearray(path.read_bytes())
        at = data.find(needle)
        assert at > 0, needle
        data[at:at + len(replacement)] = replacement
        path.write_bytes(bytes(data))
    return change


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


NB_AGE = "jurisdiction_code = 'CA-NB' AND path = 'minors.age_of_majority'"
NB_SITE = "jurisdiction_code = 'CA-NB' AND path = 'regulators.nbasw.website'"
HOSTILE: list[tuple[str, Callable[[Path], None], str]] = [
    ("age 99 set by SQL", sql(f"UPDATE facts SET value = '99' WHERE {NB_AGE}"), "age_of_majority"),
    ("age as text", sql(f"UPDATE facts SET value = '\"eighteen\"' WHERE {NB_AGE}"), "age_of_majority"),
    ("huge age", sql(f"UPDATE facts SET value = '{'9' * 400}' WHERE {NB_AGE}"), "age_of_majority"),
    ("javascript: website", sql(f"UPDATE facts SET value = '\"javascript:alert(1)\"' WHERE {NB_SITE}"), "website"),
    ("data: source URL", sql("UPDATE sources SET url = 'data:text/html,<script>x</script>' WHERE jurisdiction_code = 'CA-NB'"), "url"),
    ("bad source date", sql("UPDATE sources SET last_verified = 'yesterday' WHERE jurisdiction_code = 'CA-NB'"), "CA-NB"),
    ("unknown rule status", sql("UPDATE facts SET value = '\"yes\"' WHERE jurisdiction_code = 'CA-NB' AND path = 'rule.status'"), "status"),
    ("unknown regulator role", sql("UPDATE regulators SET role = 'overlord' WHERE jurisdiction_code = 'CA-NB'"), "role"),
    ("fact without its source", sql("DELETE FROM sources WHERE jurisdiction_code = 'CA-NB'"), "table facts"),
    ("dangling parent", sql("UPDATE jurisdictions SET parent = 'ZZ' WHERE code = 'CA-NB'"), "parent"),
    ("invalid UTF-8 in a value (SQL)", sql(f"UPDATE facts SET value = CAST(X'22FF22' AS TEXT) WHERE {NB_SITE}"), "UTF-8"),
    ("invalid UTF-8 in a name (bit flip)", flip(b"Nouveau-Brunswick", b"Nouveau\xff"), "UTF-8"),
    ("invalid UTF-8 in a history row", sql("UPDATE revisions SET reason = CAST(X'FFFE' AS TEXT)"), "UTF-8"),
    ("NUL in a name", sql("UPDATE jurisdictions SET name_en = 'New' || char(0) || 'Brunswick' WHERE code = 'CA-NB'"), "NUL"),
    ("malformed JSON value", sql(f"UPDATE facts SET value = '{{not json' WHERE {NB_AGE}"), "JSON"),
    ("60,000-deep JSON value", sql(f"UPDATE facts SET value = '{'[' * 60000}{']' * 60000}' WHERE {NB_AGE}"), "JSON"),
    ("malformed JSON in history", sql("UPDATE revisions SET old_state = '{{' "), "JSON"),
    ("schema revision of another version", sql("UPDATE alembic_version SET version_num = 'ffffffff'"), "revision"),
    ("no migration table", sql("DROP TABLE alembic_version"), "alembic_version"),
    ("a column missing", sql("ALTER TABLE sources DROP COLUMN content_date"), "content_date"),
    ("an extra column", sql("ALTER TABLE facts ADD COLUMN payload TEXT"), "payload"),
    ("a table missing", sql("DROP TABLE revisions"), "revisions"),
    ("never seeded", sql("UPDATE db_state SET seeded_at = NULL"), "no data"),
    ("no jurisdictions", sql("DELETE FROM jurisdictions", foreign_keys=True), "no data"),
    ("rows of a jurisdiction that does not exist", sql("INSERT INTO facts (jurisdiction_code, path, value, unverified, "
                                                       "version_id, updated_at) VALUES ('XX', 'name', '\"x\"', 0, 1, '2026-01-01')"),
     "foreign_key"),
    ("truncated file", truncate, "SQLite"),
    ("not a database", lambda p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(4096)), "database"),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> tuple[Path, str, Path]:
    """(directory, URL) of a seeded live database, and a good backup of it (made by `bot.py db backup`)."""
    home = tmp_path_factory.mktemp("restore")
    url = f"sqlite+aiosqlite:///{home / 'live.db'}"
    assert bot(home, url, "db", "upgrade").returncode == 0
    assert bot(home, url, "db", "set", "NB", "minors.age_of_majority", "18", "--version", "1", "--reason", "history").returncode == 0
    proc = bot(home, url, "db", "backup", "good.db")
    assert proc.returncode == 0, proc.stderr
    return home, url, home / "good.db"


def state(path: Path) -> str:
    """Everything a restore could change, as one digest (every row of every table)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        rows = {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        con.close()
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def test_backup_leaves_no_partial_or_sidecar_files(live: tuple[Path, str, Path]) -> None:
    home, url, _good = live
    proc = bot(home, url, "db", "backup", "again.db")
    assert proc.returncode == 0, proc.stderr
    assert not [p.name for p in home.iterdir() if "partial" in p.name or p.name.startswith("again.db-")]
    con = sqlite3.connect(home / "again.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # standalone: no -wal/-shm when opened
    con.close()


@pytest.mark.parametrize("case", [c[0] for c in HOSTILE])
def test_hostile_backup_refused_in_one_line_and_nothing_changes(case: str, live: tuple[Path, str, Path]) -> None:
    home, url, good = live
    _, change, word = next(c for c in HOSTILE if c[0] == case)
    hostile = home / "hostile.db"
    shutil.copy(good, hostile)
    change(hostile)
    before = state(home / "live.db")
    FIGURES["tried"] += 1
    proc = bot(home, url, "db", "restore", str(hostile))
    after = state(home / "live.db")
    if proc.returncode == 0 or after != before:
        FIGURES["harmed"] += 1
    assert proc.returncode == 1, (case, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in proc.stderr, proc.stderr
    assert word.lower() in lines[0].lower(), (case, word, lines[0])
    assert after == before
    assert not [p.name for p in home.iterdir() if ".restore" in p.name]
    FIGURES["refused"] += 1


def test_after_the_hostile_backups_the_database_still_answers(live: tuple[Path, str, Path]) -> None:
    home, url, good = live
    for args in (("check", "--from", "ON", "--to", "NB", "--json"), ("db", "status"), ("health",)):
        proc = bot(home, url, *args)
        assert proc.returncode == 0, (args, proc.stderr)
    proc = bot(home, url, "db", "restore", str(good))  # a sound backup is still restored
    assert proc.returncode == 0 and "restored from" in proc.stdout, proc.stderr


def test_a_database_made_unreadable_behind_its_back_is_one_line(live: tuple[Path, str, Path], tmp_path: Path) -> None:
    """What restores used to let in: the command line now says so in one line instead of a traceback or a
    silent answer from the bundled files."""
    _home, _url, good = live
    shutil.copy(good, tmp_path / "p.db")
    flip(b"Nouveau-Brunswick", b"Nouveau\xff")(tmp_path / "p.db")
    url = f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"
    for args in (("check", "--from", "ON", "--to", "NB"), ("regulator", "NB", "--json"), ("db", "status"),
                 ("db", "show", "NB"), ("health", "--json")):
        proc = bot(tmp_path, url, *args)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "restore a backup" in proc.stderr


# ----- PostgreSQL: archives of a database changed by SQL --------------------------------------------------------------
@pytest.mark.postgres
async def test_hostile_pg_dump_archives_refused(pg: Any, tmp_path: Path) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    live_url = await pg.create_database()
    assert bot(tmp_path, live_url, "db", "upgrade").returncode == 0
    before = bot(tmp_path, live_url, "db", "show", "NB", "--json").stdout
    cases = [("age 99", f"UPDATE facts SET value = '99' WHERE {NB_AGE}", "age_of_majority"),
             ("javascript: site", f"UPDATE facts SET value = '\"javascript:alert(1)\"' WHERE {NB_SITE}", "website"),
             ("other schema", "UPDATE alembic_version SET version_num = 'ffffffff'", "revision")]
    for case, statement, word in cases:
        bad_url = await pg.create_database()
        assert bot(tmp_path, bad_url, "db", "upgrade").returncode == 0
        conn = await asyncpg.connect(pg.dsn(make_url(bad_url).database))
        try:
            await conn.execute(statement)
        finally:
            await conn.close()
        archive = tmp_path / f"{case.replace(' ', '_').replace(':', '')}.dump"
        assert bot(tmp_path, bad_url, "db", "backup", str(archive)).returncode == 0
        FIGURES["tried"] += 1
        proc = bot(tmp_path, live_url, "db", "restore", str(archive))
        unchanged = bot(tmp_path, live_url, "db", "show", "NB", "--json").stdout == before
        if proc.returncode == 0 or not unchanged:
            FIGURES["harmed"] += 1
        assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1, (case, proc.stderr)
        assert word in proc.stderr and "Traceback" not in proc.stderr, (case, proc.stderr)
        assert unchanged
        FIGURES["refused"] += 1
    good = tmp_path / "good.dump"
    assert bot(tmp_path, live_url, "db", "backup", str(good)).returncode == 0
    proc = bot(tmp_path, live_url, "db", "restore", str(good))
    assert proc.returncode == 0, proc.stderr
    assert bot(tmp_path, live_url, "check", "--from", "ON", "--to", "NB").returncode == 0


@pytest.fixture(scope="module", autouse=True)
def _record() -> Any:
    yield
    from test_hardening_bot import record_figures

    record_figures("restore", **FIGURES)
