"""Read the stored jurisdictions without SQLAlchemy, for the offline CLI (`ask`, `check`, `regulator`).

One question must start and answer fast, so this module uses only the standard library (`sqlite3`) — or
`asyncpg` directly for PostgreSQL — reads every entry in one read transaction, assembles the documents with
`db.documents` (the same code the registry uses) and validates them into a Snapshot. Answers therefore come
from exactly what the bot serves, including edits committed a moment ago.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from db.redact import where
from db.settings import DEFAULT_URL, asyncpg_target, configured_database_url, database_url, is_sqlite, sqlite_path
from jurisdictions.snapshot import SnapshotUnavailable

if TYPE_CHECKING:
    from jurisdictions.snapshot import Snapshot

Q_STATE = "SELECT data_version, seeded_at FROM db_state WHERE id = 1"
Q_JUR = "SELECT code, kind, parent, name_en, name_fr, aliases FROM jurisdictions ORDER BY code"
Q_REG = "SELECT jurisdiction_code, reg_id, role, position FROM regulators ORDER BY jurisdiction_code, position"
Q_SRC = ("SELECT jurisdiction_code, key, url, title, last_verified, kind, content_date FROM sources "
         "ORDER BY jurisdiction_code, position")
Q_FACT = "SELECT jurisdiction_code, path, value, source_key, unverified, note FROM facts"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _decode(jur: Sequence[Any], reg: Sequence[Any], src: Sequence[Any], fact: Sequence[Any]) -> tuple[Any, ...]:
    return (
        [(c, k, p, en, fr, _json(a)) for c, k, p, en, fr, a in jur],
        [tuple(r) for r in reg],
        [tuple(r) for r in src],
        [(c, p, _json(v), s, bool(u), _json(n)) for c, p, v, s, u, n in fact],
    )


def configured_url() -> str | None:
    """The database the bot would use, if the CLI should read it: DATABASE_URL (environment or .env) when set; else the default
    SQLite file when it exists and no PASSERELLE_DATA_DIR asks for plain data files."""
    if configured_database_url():
        return database_url()
    if os.environ.get("PASSERELLE_DATA_DIR"):
        return None
    path = sqlite_path(DEFAULT_URL)
    return DEFAULT_URL if path is not None and path.exists() else None


class DatabaseUnreadable(SnapshotUnavailable):
    """The configured database exists but cannot be read or does not hold valid entries (one-line message,
    password redacted; `detail`: what failed). Answering from the bundled files instead would hide it, so the
    CLI stops (exit 1)."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail or message


def read_snapshot(url: str | None = None) -> Snapshot | None:
    """The database's snapshot, or None when there is no ready (migrated and seeded) database to read.

    Raises DatabaseUnreadable when the database is unreachable, or its content is not valid (invalid UTF-8,
    malformed JSON, entries the schema refuses)."""
    try:
        url = url or configured_url()
    except ValueError as exc:  # a malformed DATABASE_URL (the message is already redacted)
        raise DatabaseUnreadable(str(exc)) from None
    if url is None:
        return None
    try:
        rows = _read_sqlite(url) if is_sqlite(url) else _read_postgres(url)
        if rows is None:
            return None
        from db.documents import assemble, flat_maps_from_rows  # the schema (pydantic) only when there is a database
        from jurisdictions.loader import parse_jurisdiction
        from jurisdictions.snapshot import Snapshot

        version, decoded = rows
        flats = flat_maps_from_rows(*decoded)
        jurs = [parse_jurisdiction(assemble(code, flat), code) for code, flat in flats.items()]
        return Snapshot.build(jurs, version=version)
    except Exception as exc:  # every failure becomes one line (never a traceback)
        from db.redact import scrub

        detail = scrub(f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}", url)
        raise DatabaseUnreadable(scrub(f"cannot read the database {where(url)} ({detail}); "
                                       "check DATABASE_URL, or restore a backup (`bot.py db restore`)", url), detail) from None



def _read_sqlite(url: str) -> tuple[int, tuple[Any, ...]] | None:
    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    import sqlite3

    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN")  # one consistent read (WAL: never blocks, never blocked by the writer)
        state = conn.execute(Q_STATE).fetchone()
        if state is None or state[1] is None:
            return None
        decoded = _decode(conn.execute(Q_JUR).fetchall(), conn.execute(Q_REG).fetchall(),
                          conn.execute(Q_SRC).fetchall(), conn.execute(Q_FACT).fetchall())
        conn.execute("COMMIT")
        return int(state[0]), decoded
    finally:
        conn.close()


def _read_postgres(url: str) -> tuple[int, tuple[Any, ...]] | None:
    import asyncio

    import asyncpg

    async def run() -> tuple[int, tuple[Any, ...]] | None:
        dsn, connect_args = asyncpg_target(url)
        conn = await asyncpg.connect(dsn, **{"timeout": 10, **connect_args})
        try:
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                state = await conn.fetchrow(Q_STATE)
                if state is None or state[1] is None:
                    return None
                decoded = _decode(await conn.fetch(Q_JUR), await conn.fetch(Q_REG), await conn.fetch(Q_SRC),
                                  await conn.fetch(Q_FACT))
                return int(state[0]), decoded
        finally:
            await conn.close()

    return asyncio.run(run())
