"""Backups of the regulator database: `python bot.py db backup PATH` and `python bot.py db restore PATH`.

SQLite: the online backup API (`sqlite3.Connection.backup`), page by page under SQLite's own locking, so the
bot and other writers may keep running; the copy is written next to PATH and renamed into place (a reader
never sees half a file), in rollback-journal mode so no `-wal`/`-shm` files are left beside it. A restore first
copies the backup to a private staging file and checks the whole of it (`db.restore_check`: integrity, schema
revision and columns, UTF-8, every entry through the pydantic schema, as an import), then copies it into the
live database with the same API, in one step; a refused backup changes nothing.

PostgreSQL: `pg_dump --format=custom`; a restore first runs `pg_restore` into a scratch database (the user needs
CREATEDB), checks it the same way, drops it, then `pg_restore --clean --if-exists --single-transaction` (all or
nothing) into the live one. Binaries from PG_BINDIR, /usr/lib/postgresql/*/bin (newest first) or PATH.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from db.failures import one_line
from db.restore_check import RestoreRefused, check_postgres, check_sqlite
from db.settings import asyncpg_dsn, database_url, is_sqlite, sqlite_path

REQUIRED_TABLES = {"db_state", "jurisdictions", "facts", "revisions"}


class BackupError(ValueError):
    """A backup or restore that cannot be done; the message says why (nothing was changed)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    data_version: int | None


def backup(path: Path | str, url: str | None = None) -> BackupInfo:
    """Write a backup of the database to `path` (a SQLite file, or a pg_dump archive for PostgreSQL)."""
    url = database_url(url)
    target = Path(path)
    if target.is_dir():
        raise BackupError(f"{target} is a directory: give a file name")
    if not target.parent.exists():
        raise BackupError(f"the directory {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    try:
        if is_sqlite(url):
            source = _sqlite_file(url)
            if target.resolve() == source.resolve():
                raise BackupError("the backup cannot overwrite the database itself")
            _remove_with_sidecars(partial)
            _copy_sqlite(source, partial)
            version = _sqlite_check(partial)
        else:
            _run([_pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial)], url)
            version = None
        os.replace(partial, target)
    except sqlite3.Error as exc:  # the disk full, the database locked for longer than the timeout …
        raise BackupError(f"the backup could not be written ({one_line(exc, 200)})") from None
    finally:
        _remove_with_sidecars(partial)
    return BackupInfo(target, target.stat().st_size, version)


def restore(path: Path | str, url: str | None = None) -> BackupInfo:
    """Replace the database's content with the backup at `path` — only once a private copy of the whole backup
    passed `db.restore_check` (integrity, schema, UTF-8, every entry through the pydantic schema)."""
    url = database_url(url)
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    if is_sqlite(url):
        return _restore_sqlite(source, url)
    with source.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise BackupError(f"{source}: not a pg_dump archive (custom format)")
    version = _checked_in_scratch_database(source, url)
    _run([_pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
          str(source)], url)
    return BackupInfo(source, source.stat().st_size, version)


def _restore_sqlite(source: Path, url: str) -> BackupInfo:
    target = _sqlite_file(url, must_exist=False)
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError("the backup is the database itself")
    staging = target.with_name(f".{target.name}.restore")  # checked, then copied in: the file cannot change between
    _remove_with_sidecars(staging)
    try:
        try:
            _copy_sqlite(source, staging)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source}: not a SQLite database ({one_line(exc, 200)})") from None
        try:
            version = check_sqlite(staging)
        except RestoreRefused as exc:
            raise BackupError(str(exc).replace(staging.name, source.name)) from None
        src = sqlite3.connect(f"file:{staging}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)  # one step: the destination is locked and replaced as a whole
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"the restore could not be written, the database is unchanged ({one_line(exc, 200)})") from None
    finally:
        _remove_with_sidecars(staging)
    return BackupInfo(source, source.stat().st_size, version)


def _copy_sqlite(source: Path, target: Path) -> None:
    """`source` copied to a new file `target` with the online backup API, in rollback-journal mode: a standalone
    file (no `-wal`/`-shm` beside it, then or when it is opened)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _checked_in_scratch_database(source: Path, url: str) -> int:
    """Restore the archive into a scratch database next to the live one, check it like a SQLite backup, drop it."""
    import asyncio

    from sqlalchemy.engine import make_url

    scratch_name = f"passerelle_restore_check_{os.getpid()}"
    scratch_url = make_url(url).set(database=scratch_name).render_as_string(hide_password=False)
    asyncio.run(_scratch(url, scratch_name, create=True))
    try:
        _run([_pg_binary("pg_restore"), "--no-owner", "--single-transaction", "--exit-on-error", str(source)], scratch_url)
        try:
            return check_postgres(scratch_url, source.name)
        except RestoreRefused as exc:
            raise BackupError(str(exc)) from None
    finally:
        asyncio.run(_scratch(url, scratch_name, create=False))


async def _scratch(url: str, name: str, create: bool) -> None:
    import asyncpg

    from db.settings import asyncpg_target

    dsn, kwargs = asyncpg_target(url)
    conn = await asyncpg.connect(dsn, **{"timeout": 10, **kwargs})
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            try:
                await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
            except asyncpg.PostgresError as exc:
                raise BackupError(f"the backup must be checked in a scratch database before it replaces anything, and "
                                  f"creating one failed ({one_line(exc, 200)}); give the database user CREATEDB") from None
    finally:
        await conn.close()


# ----- helpers ---------------------------------------------------------------------------------------------------------
def _sqlite_file(url: str, must_exist: bool = True) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise BackupError("an in-memory SQLite database has nothing to back up")
    if must_exist and not path.is_file():
        raise BackupError(f"the database {path} does not exist")
    return path


def _sqlite_check(path: Path) -> int:
    """The data version of a SQLite file that is a sound Passerelle database; BackupError otherwise."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchall()
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if ok != [("ok",)]:
                raise BackupError(f"{path}: the file fails SQLite's integrity check ({ok[0][0]})")
            missing = REQUIRED_TABLES - tables
            if missing:
                raise BackupError(f"{path}: not a Passerelle database (no table {', '.join(sorted(missing))})")
            row = con.execute("SELECT data_version FROM db_state WHERE id = 1").fetchone()
            return int(row[0]) if row else 0
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: not a SQLite database ({exc})") from None


def _pg_binary(name: str) -> str:
    from settings import env

    override = env("pg_bindir")
    dirs = [override] if override else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True,
                                              key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    for directory in dirs:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} not found (install the PostgreSQL client tools, or set PG_BINDIR)")


def _run(cmd: list[str], url: str) -> None:
    """Run a PostgreSQL client on the database `url`: the DSN on the command line carries no password (anyone on the
    machine can read a command line); the password goes in PGPASSWORD."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    dsn = asyncpg_dsn(parsed._replace(password=None).render_as_string(hide_password=False))  # URL.set ignores None
    try:
        proc = subprocess.run([*cmd, f"--dbname={dsn}"], capture_output=True, text=True, timeout=600, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"{Path(cmd[0]).name}: {exc}") from None
    if proc.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
