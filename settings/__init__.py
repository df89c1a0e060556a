"""Every environment variable Passerelle reads, `.env` included, is declared once: a field of `Settings`
(`settings/model.py`, pydantic-settings; documented in `.env.example`). Commands get a `Settings` from the entry
point, so tests build one explicitly.

`bot.py check` must start without pydantic (README "Speed"), and the database layer reads its URL on every
command; so the few variables those paths need (`LIGHT`, fields of `Settings`) are read here by `env()`
exactly as pydantic-settings reads them — the field's name as the variable, case-insensitive; the environment
first, then `./.env` parsed by python-dotenv (the parser pydantic-settings itself uses) — and importing this
package imports neither pydantic nor python-dotenv (that only when a `.env` exists). `tests/test_settings.py`
holds the two readings equal. The database URL's default and normal form live here too: the bot, the CLI and
`db …` commands agree on the database.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from settings.model import Settings, get_settings

__all__ = ["DEFAULT_URL", "ENV_FILE", "LIGHT", "Settings", "env", "env_flag", "get_settings", "normalize_url"]

ENV_FILE = ".env"
DEFAULT_URL = "sqlite+aiosqlite:///passerelle.db"
LIGHT = frozenset({"database_url", "passerelle_data_dir", "passerelle_no_compiled", "passerelle_gazetteer",
                   "pg_bindir"})


def env(field: str) -> str | None:
    """The raw text of one `LIGHT` field of `Settings`, as pydantic-settings finds it (None when neither the
    environment nor `.env` sets it, or sets it blank)."""
    if field not in LIGHT:
        raise KeyError(f"{field!r} is not a light setting (settings.LIGHT)")
    value = _environment().get(field)
    if value is None:
        value = _dotenv().get(field)
    return value if value is not None and value.strip() else None


def env_flag(field: str) -> bool:
    """A boolean `LIGHT` field: true for the texts pydantic reads as true (1, true, yes, on …)."""
    return (env(field) or "").strip().lower() in {"1", "on", "t", "true", "y", "yes"}


def _environment() -> dict[str, str]:
    return {key.lower(): value for key, value in os.environ.items()}


def _dotenv() -> dict[str, str | None]:
    """`./.env` as pydantic-settings reads it (python-dotenv, UTF-8, names lower-cased); {} without one."""
    if not os.path.isfile(ENV_FILE):
        return {}
    from dotenv import dotenv_values

    return {key.lower(): value for key, value in dotenv_values(ENV_FILE, encoding="utf-8").items()}


def normalize_url(url: str) -> str:
    """The async SQLAlchemy form of a database URL (`sqlite://…` and `postgres://…` get their async driver);
    ValueError, with the password masked, for anything else."""
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep:
        from db.redact import redact_url  # the message only: never echo a password

        raise ValueError(f"not a database URL: {redact_url(url)!r} (expected e.g. {DEFAULT_URL})")
    base = scheme.split("+", 1)[0].lower()
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if base in ("postgresql", "postgres"):
        return f"postgresql+asyncpg://{rest}"
    raise ValueError(f"unsupported database {scheme[:40]!r}: use sqlite+aiosqlite:// or postgresql+asyncpg://")


def __getattr__(name: str) -> Any:
    """`Settings` and `get_settings` import pydantic: only when asked for."""
    if name in ("Settings", "get_settings"):
        from settings import model

        return getattr(model, name)
    raise AttributeError(f"module 'settings' has no attribute {name!r}")
