"""Where the database is. Standard library only (the offline CLI reads this on every question).

The one definition of the database URL: its default, its normalisation, and how `DATABASE_URL` is found
(environment, then `./.env`). The bot's pydantic settings (`settings.py`) take `DEFAULT_URL` and
`normalize_url` from here, so the bot, the CLI and `db …` commands agree on the database.

`DATABASE_URL` chooses the backend: `sqlite+aiosqlite:///path.db` (default `passerelle.db`, relative to the
working directory) or `postgresql+asyncpg://user:password@host/dbname`. Plain `sqlite:///…`,
`postgresql://…` and `postgres://…` are accepted and given the async driver.
`PASSERELLE_DATA_DIR` chooses the data files the database is seeded from (default `jurisdictions/data`).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_URL = "sqlite+aiosqlite:///passerelle.db"


def database_url(explicit: str | None = None) -> str:
    """The async SQLAlchemy URL to use: the argument, else `DATABASE_URL` (environment, then `.env` in the
    working directory, as the bot's settings read it), else the default SQLite file."""
    return normalize_url(explicit or configured_database_url() or DEFAULT_URL)


def configured_database_url() -> str | None:
    """`DATABASE_URL` from the environment, else from `./.env`; None when neither sets it."""
    value = os.environ.get("DATABASE_URL")
    if value:
        return value
    return _dotenv("DATABASE_URL")


def _dotenv(key: str, path: Path = Path(".env")) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        line = line.strip()
        if line.startswith("export "):
            line = line[7:].lstrip()
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            elif " #" in value:
                value = value.split(" #", 1)[0].rstrip()
            return value or None
    return None


def normalize_url(url: str) -> str:
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a database URL: {url!r} (expected e.g. {DEFAULT_URL})")
    base = scheme.split("+", 1)[0].lower()
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if base in ("postgresql", "postgres"):
        return f"postgresql+asyncpg://{rest}"
    raise ValueError(f"unsupported database {scheme!r}: use sqlite+aiosqlite:// or postgresql+asyncpg://")


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory databases)."""
    if not is_sqlite(url):
        return None
    rest = url.split("://", 1)[1]
    path = rest[1:] if rest.startswith("/") else rest  # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db
    path = path.split("?", 1)[0]
    if path in ("", ":memory:"):
        return None
    return Path(path)


def asyncpg_dsn(url: str) -> str:
    """A libpq-style DSN for asyncpg from a `postgresql+asyncpg://` URL."""
    return "postgresql://" + url.split("://", 1)[1]


def seed_directory() -> Path:
    """The data files a fresh database is seeded from."""
    directory = os.environ.get("PASSERELLE_DATA_DIR")
    if directory:
        return Path(directory)
    from jurisdictions.loader import DATA_DIR

    return DATA_DIR
