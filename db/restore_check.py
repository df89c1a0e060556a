"""What a backup must pass before `db restore` replaces anything (issue 13, item 5).

A restore used to check only that the file was a SQLite database with the right table names: a backup whose
entries had been changed by SQL (an age of 99, a `javascript:` website), whose text held invalid UTF-8 (bit flips
that keep `integrity_check` happy) or whose schema was another one was accepted, and every `check`, `db status`
and the bot then failed on it. Now the whole database in the backup passes, in a private staging copy:

1. SQLite's `integrity_check` and `foreign_key_check` (SQLite), or a clean `pg_restore` into a scratch
   database (PostgreSQL);
2. the schema: the migration is this code's head revision, and every table has exactly the columns of
   `db.models`;
3. every text value of every table is valid UTF-8 and every JSON column parses;
4. the entries: every jurisdiction is assembled from its rows and validated with the pydantic schema, and the
   collection is checked (parents, duplicate codes) — the same validation as an import (`db.reader`, which the
   command line answers from, reads them the same way), and the snapshot is built;
5. the database was seeded (it holds data).

`check_sqlite(path)` / `check_database(url)` return the backup's data version, or raise `RestoreRefused` with one
line naming the table, row or field at fault.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from db.failures import one_line

JSON_COLUMNS = {("jurisdictions", "aliases"), ("facts", "value"), ("facts", "note"), ("revisions", "old_value"),
                ("revisions", "new_value"), ("revisions", "old_state"), ("revisions", "new_state")}


class RestoreRefused(ValueError):
    """The backup is not a sound Passerelle database of this version; nothing was changed."""


def expected_columns() -> dict[str, set[str]]:
    """Table -> column names, from the ORM models (and Alembic's own table)."""
    from db.models import Base

    tables = {name: {c.name for c in table.columns} for name, table in Base.metadata.tables.items()}
    tables["alembic_version"] = {"version_num"}
    return tables


def head_revision() -> str:
    from db.migrate import head_revision as head

    return head()


# ----- SQLite -----------------------------------------------------------------------------------------------------
def check_sqlite(path: Path) -> int:
    """The data version of the SQLite file at `path` once every check passed (open read-only; nothing written)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise RestoreRefused(f"{path.name}: not a SQLite database ({exc})") from None
    try:
        con.text_factory = bytes  # decode ourselves: invalid UTF-8 is named, not a driver traceback
        try:
            ok = con.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise RestoreRefused(f"{path.name}: not a SQLite database ({exc})") from None
        if ok != [(b"ok",)]:
            raise RestoreRefused(f"{path.name}: fails SQLite's integrity check ({_text(ok[0][0])[:200]})")
        dangling = con.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            table, rowid, parent = (_text(v) for v in dangling[0][:3])
            raise RestoreRefused(f"{path.name}: table {table}, row {rowid} points at a row of {parent} that does not exist "
                                 f"(foreign_key_check: {len(dangling)} row(s))")
        actual = {_text(row[0]): {_text(c[1]) for c in con.execute(f'PRAGMA table_info("{_text(row[0])}")')}
                  for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        _check_schema(path.name, actual, _rows(con, "alembic_version"))
        for table in sorted(expected_columns()):
            _check_text(path.name, table, _columns(con, table), _rows(con, table))
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"{path.name}: cannot be read ({one_line(exc, 200)})") from None
    finally:
        con.close()
    return _check_entries(f"sqlite+aiosqlite:///{path}", path.name)


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [_text(c[1]) for c in con.execute(f'PRAGMA table_info("{table}")')]


def _rows(con: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    return con.execute(f'SELECT * FROM "{table}"').fetchall()


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


# ----- PostgreSQL (a scratch database the archive was restored into) ----------------------------------------------
def check_postgres(url: str, name: str) -> int:
    """The same checks on a PostgreSQL database (the scratch copy of an archive); PostgreSQL itself refuses
    invalid UTF-8 and NUL, so step 3 checks the JSON columns."""
    import asyncio

    import asyncpg

    from db.settings import asyncpg_target

    async def read() -> tuple[dict[str, set[str]], dict[str, tuple[list[str], list[tuple[Any, ...]]]]]:
        dsn, kwargs = asyncpg_target(url)
        conn = await asyncpg.connect(dsn, **{"timeout": 10, **kwargs})
        try:
            rows = await conn.fetch("SELECT table_name, column_name FROM information_schema.columns "
                                    "WHERE table_schema = 'public'")
            actual: dict[str, set[str]] = {}
            for row in rows:
                actual.setdefault(row["table_name"], set()).add(row["column_name"])
            content = {}
            for table in expected_columns():
                if table in actual:
                    records = await conn.fetch(f'SELECT * FROM "{table}"')
                    cols = list(records[0].keys()) if records else sorted(actual[table])
                    content[table] = (cols, [tuple(r[c] for c in cols) for r in records])  # json columns come as text
            return actual, content
        finally:
            await conn.close()

    actual, content = asyncio.run(read())
    _check_schema(name, actual, content.get("alembic_version", ([], []))[1])
    for table, (cols, rows) in sorted(content.items()):
        _check_text(name, table, cols, rows)
    return _check_entries(url, name)


# ----- the checks shared by both ------------------------------------------------------------------------------------
def _check_schema(name: str, actual: dict[str, set[str]], versions: list[tuple[Any, ...]]) -> None:
    expected = expected_columns()
    missing = sorted(set(expected) - set(actual))
    if missing:
        raise RestoreRefused(f"{name}: not a Passerelle database of this version (no table {', '.join(missing)})")
    revision = _text(versions[0][0]) if versions else None
    head = head_revision()
    if revision != head:
        raise RestoreRefused(f"{name}: its schema is at revision {str(revision)[:40]!r}, this Passerelle needs {head!r} "
                             "(restore it with the version that made it, then `db upgrade`)")
    for table, columns in sorted(expected.items()):
        if actual[table] != columns:
            odd = sorted(columns ^ actual[table])
            raise RestoreRefused(f"{name}: table {table} does not have the expected columns ({', '.join(odd)[:200]})")


def _check_text(name: str, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    for number, row in enumerate(rows, 1):
        for column, value in zip(columns, row, strict=False):
            if isinstance(value, bytes):
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise RestoreRefused(f"{name}: table {table}, row {number}, column {column}: invalid UTF-8 "
                                         f"(byte {exc.start})") from None
            if isinstance(value, str) and "\x00" in value:
                raise RestoreRefused(f"{name}: table {table}, row {number}, column {column}: a NUL character")
            if (table, column) in JSON_COLUMNS and isinstance(value, str):
                try:
                    json.loads(value)
                except (ValueError, RecursionError):
                    raise RestoreRefused(f"{name}: table {table}, row {number}, column {column}: not valid JSON") from None


def _check_entries(url: str, name: str) -> int:
    """Every jurisdiction through the pydantic schema and the collection checks (db.reader's read path)."""
    from db.reader import DatabaseUnreadable, read_snapshot

    try:
        snapshot = read_snapshot(url)
    except DatabaseUnreadable as exc:
        raise RestoreRefused(f"{name}: its entries do not pass validation: {one_line(exc.detail, 300)}") from None
    if snapshot is None or not snapshot.jurisdictions:
        raise RestoreRefused(f"{name}: holds no data (never seeded)")
    return int(snapshot.version)
