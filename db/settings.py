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
from typing import Any

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
        from db.redact import redact_url

        raise ValueError(f"not a database URL: {redact_url(url)!r} (expected e.g. {DEFAULT_URL})")
    base = scheme.split("+", 1)[0].lower()
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if base in ("postgresql", "postgres"):
        return f"postgresql+asyncpg://{rest}"
    raise ValueError(f"unsupported database {scheme[:40]!r}: use sqlite+aiosqlite:// or postgresql+asyncpg://")


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
    """A libpq-style DSN (for pg_dump / pg_restore, which read every libpq parameter) from a
    `postgresql+asyncpg://` URL."""
    return "postgresql://" + url.split("://", 1)[1]


SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def asyncpg_connect_args(url: str) -> tuple[str, dict[str, Any]]:
    """(the URL without the libpq parameters asyncpg names differently, keyword arguments for asyncpg).

    asyncpg takes libpq's `?sslmode=` as `ssl=` and `?connect_timeout=` as `timeout=`; SQLAlchemy would pass
    them on unchanged (a TypeError deep in the driver), and a bare asyncpg DSN would send `connect_timeout` to
    the server as a setting. Other parameters (`host=` for a socket directory …) stay in the URL."""
    from urllib.parse import parse_qsl, urlencode

    base, _, query = url.partition("?")
    kwargs: dict[str, Any] = {}
    kept: list[tuple[str, str]] = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == "sslmode":
            if value not in SSL_MODES:
                raise ValueError(f"DATABASE_URL: sslmode={value[:40]!r} is not one of {', '.join(SSL_MODES)}")
            kwargs["ssl"] = value
        elif key == "connect_timeout":
            try:
                seconds = float(value)
            except ValueError:
                seconds = -1.0
            if not 0 < seconds <= 3600:
                raise ValueError(f"DATABASE_URL: connect_timeout={value[:40]!r} must be a number of seconds (1-3600)")
            kwargs["timeout"] = seconds
        else:
            kept.append((key, value))
    return (f"{base}?{urlencode(kept)}" if kept else base), kwargs


def asyncpg_target(url: str) -> tuple[str, dict[str, Any]]:
    """(a DSN without query, keyword arguments) for `asyncpg.connect` (see `asyncpg_connect_args`)."""
    base, kwargs = asyncpg_connect_args(url)
    return asyncpg_dsn(base), kwargs


def seed_directory() -> Path:
    """The data files a fresh database is seeded from."""
    directory = os.environ.get("PASSERELLE_DATA_DIR")
    if directory:
        return Path(directory)
    from jurisdictions.loader import DATA_DIR

    return DATA_DIR
