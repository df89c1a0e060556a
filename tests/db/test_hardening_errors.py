"""Every `db` command, `check` and `health` fails in one line on stderr with exit 1 — never a traceback, never the
database password (issue 13, items 6 and 7). Real processes (`python bot.py …`), real SQLite files, a real
PostgreSQL (tests/helpers/pg_server.py) and, for the closed port, a port nothing listens on.

Cases: PostgreSQL unreachable; `?sslmode=` and `?connect_timeout=` in the URL (working, and refused in one line);
a 60,000-deep JSON value; integers too large; a full disk (SQLite's own SQLITE_FULL through `max_page_count`,
and ENOSPC from the file system, injected in the child process); on PostgreSQL a source key over 128 characters
and a NUL in a name; the malformed `postgres:/alice:S3CRETPW@host/db` in `health --json`, `db status`, `check`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "S3CRETPW"
MALFORMED = f"postgres:/alice:{SECRET}@host/db"
FIGURES: dict[str, int] = {"tried": 0, "refused": 0, "harmed": 0, "tracebacks": 0, "secrets_shown": 0}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bot(cwd: Path, url: str | None, *args: str, prelude: str = "", stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python bot.py ARGS` in `cwd` with DATABASE_URL=url; `prelude` is Python run first in the child (faults)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL", "PASSERELLE_DATA_DIR")}
    if url is not None:
        env["DATABASE_URL"] = url
    env["PYTHONPATH"] = str(ROOT)
    argv_file = cwd / ".argv.json"  # arguments beyond the kernel's 128 KB per-argument limit, or holding NUL
    argv_file.write_text(json.dumps(["bot.py", *args]), encoding="utf-8")
    code = (f"{prelude}\nimport json, runpy, sys\nsys.argv = json.load(open({str(argv_file)!r}, encoding='utf-8'))\n"
            f"runpy.run_path({str(ROOT / 'bot.py')!r}, run_name='__main__')")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=180, env=env,
                          input=stdin)


def assert_one_line_failure(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 1, one `error: …` line on stderr naming `words`, no traceback, no password anywhere."""
    FIGURES["tried"] += 1
    out = proc.stdout + proc.stderr
    FIGURES["tracebacks"] += "Traceback" in out
    FIGURES["secrets_shown"] += SECRET in out
    FIGURES["harmed"] += "Traceback" in out or SECRET in out or proc.returncode == 0
    assert "Traceback" not in out, out[-3000:]
    assert SECRET not in out, out
    assert proc.returncode == 1, (proc.returncode, out[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
    FIGURES["refused"] += 1
    return lines[0]


@pytest.fixture(scope="module", autouse=True)
def _record() -> Any:
    yield
    from test_hardening_bot import record_figures

    record_figures("errors", **FIGURES)


# ----- secrets --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [("health", "--json"), ("health",), ("db", "status"), ("db", "show", "NB"),
                                  ("check", "--from", "ON", "--to", "NB"), ("regulator", "NB", "--json")])
def test_malformed_url_never_shows_the_password(args: tuple[str, ...], tmp_path: Path) -> None:
    proc = bot(tmp_path, MALFORMED, *args)
    line = assert_one_line_failure(proc)
    assert "postgres:/alice:***@host/db" in line
    if args == ("health", "--json"):
        assert json.loads(proc.stdout)["ok"] is False


def test_password_redacted_when_the_server_is_unreachable(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://alice:{SECRET}@127.0.0.1:{closed_port()}/passerelle"
    proc = bot(tmp_path, url, "health", "--json")
    assert_one_line_failure(proc, "cannot reach the database", "alice:***@127.0.0.1")
    report = json.loads(proc.stdout)
    assert report["ok"] is False and "alice:***@" in report["checks"][0]["detail"]


def test_log_lines_never_carry_the_password(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from ops.logs import SecretFilter

    url = f"postgresql+asyncpg://alice:{SECRET}@db/p"
    record = logging.LogRecord("passerelle", logging.ERROR, __file__, 1, "connecting to %s failed", (url,), None)
    SecretFilter(url).filter(record)
    assert SECRET not in record.getMessage() and "alice:***@db/p" in record.getMessage()
    malformed = logging.LogRecord("passerelle", logging.ERROR, __file__, 1, "bad url %s", (MALFORMED,), None)
    SecretFilter(MALFORMED).filter(malformed)
    assert SECRET not in malformed.getMessage()


def test_redact_url_forms() -> None:
    from db.redact import redact_url, scrub

    assert redact_url(MALFORMED) == "postgres:/alice:***@host/db"
    assert redact_url(f"postgresql+asyncpg://alice:{SECRET}@h/db?sslmode=require") == \
        "postgresql+asyncpg://alice:***@h/db?sslmode=require"
    assert SECRET not in redact_url(f"postgresql://alice:p@{SECRET}@h/db")  # an unencoded @ in the password
    assert SECRET not in redact_url(f"postgresql://h/db?password={SECRET}")
    assert redact_url("sqlite+aiosqlite:///x.db") == "sqlite+aiosqlite:///x.db"
    assert SECRET not in scrub(f"failed for {MALFORMED}: password {SECRET} rejected", MALFORMED)


# ----- PostgreSQL unreachable, URL parameters ---------------------------------------------------------------------------
UNREACHABLE_COMMANDS = [("db", "status"), ("db", "upgrade"), ("db", "show", "NB"), ("db", "history", "NB"),
                        ("db", "stale"), ("db", "export", "out"), ("db", "import", "in.yaml"), ("db", "backup", "b.dump"),
                        ("db", "set", "NB", "minors.age_of_majority", "19", "--version", "1", "--reason", "x"),
                        ("db", "revert", "1"), ("db", "verify", "NB", "x"), ("check", "--from", "ON", "--to", "NB"),
                        ("health",)]


@pytest.mark.parametrize("query", ["", "?sslmode=disable", "?connect_timeout=2", "?sslmode=prefer&connect_timeout=3"])
def test_unreachable_postgres_is_one_line_everywhere(query: str, tmp_path: Path) -> None:
    (tmp_path / "in.yaml").write_text("code: CA-NB\n", encoding="utf-8")
    url = f"postgresql://alice:{SECRET}@127.0.0.1:{closed_port()}/passerelle{query}"
    commands = UNREACHABLE_COMMANDS if query in ("", "?connect_timeout=2") else UNREACHABLE_COMMANDS[:1]
    for args in commands:
        proc = bot(tmp_path, url, *args)
        word = "database" if args[-1] != "b.dump" else ""
        assert_one_line_failure(proc, word)


@pytest.mark.postgres
async def test_sslmode_and_connect_timeout_work_against_a_real_server(pg: Any, tmp_path: Path) -> None:
    url = await pg.create_database()
    for query in ("&sslmode=disable", "&connect_timeout=5", "&sslmode=prefer&connect_timeout=5"):
        proc = bot(tmp_path, url + query, "db", "upgrade")
        assert proc.returncode == 0, proc.stderr
        proc = bot(tmp_path, url + query, "check", "--from", "ON", "--to", "NB", "--json")
        assert proc.returncode == 0 and json.loads(proc.stdout)["verdict"], proc.stderr
    assert_one_line_failure(bot(tmp_path, url + "&connect_timeout=soon", "db", "status"), "connect_timeout")
    assert_one_line_failure(bot(tmp_path, url + "&sslmode=maybe", "check", "--from", "ON", "--to", "NB"), "sslmode")


# ----- values no entry can hold ------------------------------------------------------------------------------------------
@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"
    proc = bot(tmp_path, url, "db", "upgrade")
    assert proc.returncode == 0, proc.stderr
    return url


def test_deep_json_and_huge_numbers_are_one_line(sqlite_db: str, tmp_path: Path) -> None:
    before = (tmp_path / "p.db").read_bytes()
    deep = "[" * 60_000 + "]" * 60_000
    path = "minors.age_of_majority"
    cases = [(("db", "set", "NB", path, deep, "--version", "1", "--reason", "x"), "nested"),
             (("db", "set", "NB", path, "9" * 5000, "--version", "1", "--reason", "x"), "cannot be read"),
             (("db", "set", "NB", path, '{"a": ' * 60_000 + "1" + "}" * 60_000, "--version", "1", "--reason", "x"), "nested"),
             (("db", "set", "NB", path, "19", "--version", "9" * 30, "--reason", "x"), "out of range"),
             (("db", "revert", "9" * 30), "out of range"),
             (("db", "history", "NB", "--limit", "9" * 30), "out of range"),
             (("db", "stale", "--days", "9" * 30), "out of range"),
             (("db", "revert", "-1"), "out of range")]
    for args, word in cases:
        assert_one_line_failure(bot(tmp_path, sqlite_db, *args), word)
    assert (tmp_path / "p.db").read_bytes() == before


# ----- a full disk ------------------------------------------------------------------------------------------------------
SQLITE_FULL = """
import sqlite3
from sqlalchemy import event
import db.engine as engine_module
_configure = engine_module._configure_sqlite
def _full(engine):
    _configure(engine)
    @event.listens_for(engine, "connect")
    def _limit(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA page_count")
        pages = cur.fetchone()[0]
        cur.execute(f"PRAGMA max_page_count={pages}")   # the file cannot grow: SQLITE_FULL
        cur.close()
engine_module._configure_sqlite = _full
"""

ENOSPC = """
import errno, os, pathlib
def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
pathlib.Path.write_text = _full
pathlib.Path.write_bytes = _full
import shutil; shutil.copyfileobj = _full
import sqlite3
_connect = sqlite3.connect
class _Conn:
    def __init__(self, inner): self._inner = inner
    def __getattr__(self, name): return getattr(self._inner, name)
    def backup(self, *a, **k): raise sqlite3.OperationalError("database or disk is full")
sqlite3.connect = lambda *a, **k: _Conn(_connect(*a, **k))
"""


def test_full_disk_is_one_line_and_changes_nothing(sqlite_db: str, tmp_path: Path, data_dir: Path) -> None:
    import sqlite3

    import yaml

    from jurisdictions.loader import dump_jurisdiction, load_file

    grow = tmp_path / "grow"
    grow.mkdir()
    for path in sorted(data_dir.glob("*.yaml"))[:30]:  # 30 files with 40 more aliases each: the database must grow
        data = dump_jurisdiction(load_file(path))
        data["aliases"] = list(data.get("aliases", [])) + [f"Alias {i} of {data['code']} for the full disk" for i in range(40)]
        (grow / path.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    state = "SELECT data_version FROM db_state"
    before = sqlite3.connect(tmp_path / "p.db").execute(state).fetchone()
    assert_one_line_failure(bot(tmp_path, sqlite_db, "db", "import", str(grow), prelude=SQLITE_FULL), "disk is full")
    assert sqlite3.connect(tmp_path / "p.db").execute(state).fetchone() == before
    assert bot(tmp_path, sqlite_db, "db", "import", str(grow), "--dry-run").returncode == 0  # the files were fine
    for args in (("db", "export", "out"), ("db", "backup", "copy.db")):
        assert_one_line_failure(bot(tmp_path, sqlite_db, *args, prelude=ENOSPC), "disk is full")
    assert not (tmp_path / "copy.db").exists()
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


# ----- PostgreSQL refuses a value ------------------------------------------------------------------------------------------
@pytest.mark.postgres
async def test_values_postgres_refuses_are_one_line(pg: Any, tmp_path: Path) -> None:
    url = await pg.create_database()
    assert bot(tmp_path, url, "db", "upgrade").returncode == 0
    import yaml

    from jurisdictions.loader import dump_jurisdiction, load_file

    doc = dump_jurisdiction(load_file(ROOT / "jurisdictions" / "data" / "CA-NB.yaml"))
    long_key = dict(doc, sources={**doc["sources"], "k" * 129: next(iter(doc["sources"].values()))})
    nul_name = dict(doc, name={"en": "New\u0000Brunswick", "fr": "Nouveau-Brunswick"})
    for name, body in (("long", long_key), ("nul", nul_name)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "CA-NB.yaml").write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    before = bot(tmp_path, url, "db", "show", "NB", "--json").stdout
    # a source key over PostgreSQL's 128 characters or a NUL no longer reaches the database: the schema refuses
    # them, and the import lists the problems (one line each under one error line, nothing changed)
    refused = [("db", "import", str(tmp_path / "long")), ("db", "import", str(tmp_path / "nul")),
               ("db", "set", "NB", "name", json.dumps({"en": "New\u0000Brunswick", "fr": "Nouveau"}), "--version", "1",
                "--reason", "nul")]
    for args in refused:
        listed = bot(tmp_path, url, *args)
        assert listed.returncode == 1 and "Traceback" not in listed.stderr, listed.stderr
        first, *details = listed.stderr.strip().splitlines()
        assert first.startswith("error: ") and "nothing was" in first and details, listed.stderr
        assert all(line.startswith("  ") for line in details), listed.stderr
    cases = [("db", "set", "NB", "minors.age_of_majority", "20", "--version", "1", "--reason", "r\u0000r")]
    for args in cases:
        assert_one_line_failure(bot(tmp_path, url, *args))
    assert bot(tmp_path, url, "db", "show", "NB", "--json").stdout == before


def test_pg_tools_get_the_password_by_environment_not_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anyone on the machine can read a process's command line (`ps`): pg_dump / pg_restore get PGPASSWORD."""
    import db.backup as backup

    seen: dict[str, Any] = {}

    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen.update(cmd=cmd, env=kwargs["env"])
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    backup._run(["pg_dump", "--format=custom"], f"postgresql+asyncpg://alice:{SECRET}@db:5432/p?sslmode=require")
    assert SECRET not in " ".join(seen["cmd"]) and seen["env"]["PGPASSWORD"] == SECRET
    assert "--dbname=postgresql://alice@db:5432/p?sslmode=require" in seen["cmd"]
