"""Where the database is, and the forms of its URL each driver and tool wants. Standard library only (the
offline CLI reads this on every question).

`DATABASE_URL` (a setting: `settings.py`, read here through `settings.env`, environment then `.env`) chooses the
backend: `sqlite+aiosqlite:///path.db` (default `passerelle.db`, relative to the working directory) or
`postgresql+asyncpg://user:password@host/dbname`. Plain `sqlite:///…`, `postgresql://…` and `postgres://…` are
accepted and given the async driver (`settings.normalize_url`). `PASSERELLE_DATA_DIR` chooses the data files the
database is seeded from (default `jurisdictions/data`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from settings import DEFAULT_URL, env, normalize_url

__all__ = ["DEFAULT_URL", "asyncpg_connect_args", "asyncpg_dsn", "asyncpg_target", "configured_database_url",
           "database_url", "is_sqlite", "normalize_url", "seed_directory", "sqlite_path"]


def database_url(explicit: str | None = None) -> str:
    """The async SQLAlchemy URL to use: the argument, else `DATABASE_URL` (environment, then `.env` in the
    working directory, as the bot's settings read it), else the default SQLite file."""
    return normalize_url(explicit or configured_database_url() or DEFAULT_URL)


def configured_database_url() -> str | None:
    """`DATABASE_URL` as the settings read it; None when neither the environment nor `./.env` sets it."""
    return env("database_url")


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
    directory = env("passerelle_data_dir")
    if directory:
        return Path(directory)
    from jurisdictions.loader import DATA_DIR

    return DATA_DIR
