"""Backups of the regulator database: `python bot.py db backup PATH` and `python bot.py db restore PATH`.

SQLite: the online backup API (`sqlite3.Connection.backup`), page by page under SQLite's own locking, so the
bot and other writers may keep running; the copy is written next to PATH and renamed into place (a reader
never sees half a file). A restore checks the file first (a SQLite database, `integrity_check` ok, a
Passerelle schema) and copies it into the live database with the same API, in one step.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction` (all or
nothing), binaries from PG_BINDIR, /usr/lib/postgresql/*/bin (newest first) or PATH.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

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
            partial.unlink(missing_ok=True)
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
            version = _sqlite_check(partial)
        else:
            _run([_pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), f"--dbname={asyncpg_dsn(url)}"])
            version = None
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(target, target.stat().st_size, version)


def restore(path: Path | str, url: str | None = None) -> BackupInfo:
    """Replace the database's content with the backup at `path` (all or nothing)."""
    url = database_url(url)
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    if is_sqlite(url):
        target = _sqlite_file(url, must_exist=False)
        if target.exists() and source.resolve() == target.resolve():
            raise BackupError("the backup is the database itself")
        version = _sqlite_check(source)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)  # one step: the destination is locked and replaced as a whole
        finally:
            dst.close()
            src.close()
        return BackupInfo(source, source.stat().st_size, version)
    with source.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise BackupError(f"{source}: not a pg_dump archive (custom format)")
    _run([_pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
          f"--dbname={asyncpg_dsn(url)}", str(source)])
    return BackupInfo(source, source.stat().st_size, None)


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
    override = os.environ.get("PG_BINDIR")
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


def _run(cmd: list[str]) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"{Path(cmd[0]).name}: {exc}") from None
    if proc.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
