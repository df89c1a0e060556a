"""One line for every way a database command can fail (issue 13, item 6): the `db …` commands, `health` and
`check` print it on stderr and exit 1 — never a traceback, never the database password.

    describe(exc, url) -> "cannot reach the database postgresql+asyncpg://alice:***@db:5432/p (connection refused)"

The cases met in practice: PostgreSQL unreachable (refused, DNS, timeout, authentication), the disk full
(ENOSPC, SQLite's "database or disk is full"), a value the database refuses (too long for its column, a NUL
character, out of range), a value nested too deeply or a number too large for Python to handle, and a malformed
DATABASE_URL. Anything else is named by its type with its message, cut to one line.
"""

from __future__ import annotations

import errno
import re
from typing import Any

from db.redact import redact_url, scrub

MAX_DETAIL = 300


def one_line(text: object, limit: int = MAX_DETAIL) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, its driver's original (SQLAlchemy's `.orig`) and its causes."""
    out: list[BaseException] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop(0)
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        out.append(item)
        todo += [getattr(item, "orig", None), item.__cause__, item.__context__]
    return out


def _kind(exc: BaseException) -> str | None:
    """A short name for what went wrong, from any exception in the chain."""
    for item in _chain(exc):
        name = type(item).__name__
        text = str(item).lower()
        if isinstance(item, OSError) and item.errno in (errno.ENOSPC, errno.EDQUOT):
            return "disk_full"
        if "database or disk is full" in text or "no space left" in text or name == "DiskFullError":
            return "disk_full"
        if name in ("StringDataRightTruncationError",) or "value too long for type" in text:
            return "too_long"
        if name in ("CharacterNotInRepertoireError", "UntranslatableCharacterError") or "0x00" in text:
            return "bad_character"
        if name in ("NumericValueOutOfRangeError",) or isinstance(item, OverflowError) or "out of range" in text:
            return "number_range"
        if isinstance(item, RecursionError):
            return "too_deep"
        if name in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
            return "auth"
        if name in ("InvalidCatalogNameError",):
            return "no_database"
        if isinstance(item, (ConnectionError, TimeoutError)) or name in (
                "CannotConnectNowError", "ConnectionDoesNotExistError", "TooManyConnectionsError", "gaierror"):
            return "unreachable"
        if isinstance(item, OSError) and item.errno in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH,
                                                        errno.ETIMEDOUT):
            return "unreachable"
    return None


MESSAGES = {
    "disk_full": "the disk is full: nothing was changed; free some space and run the command again",
    "too_long": "the database refused a value that is too long for its field; nothing was changed",
    "bad_character": "the database refused a value with a NUL or invalid character; nothing was changed",
    "number_range": "a number is out of range; nothing was changed",
    "too_deep": "a value is nested too deeply; nothing was changed",
    "auth": "the database refused the user name or password",
    "no_database": "the database named in DATABASE_URL does not exist",
    "unreachable": "cannot reach the database",
}


def describe(exc: BaseException, url: str | None = None) -> str:
    """One line (no "error: " prefix) saying what failed and what to do; the password is never in it."""
    where = f" {redact_url(url)}" if url else ""
    kind = _kind(exc)
    if isinstance(exc, ValueError) and getattr(exc, "orig", None) is None and kind != "disk_full":
        return one_line(scrub(str(exc) or type(exc).__name__, url), 500)  # our own refusals say it already
    detail = one_line(_innermost(exc))
    if kind == "unreachable" or kind in ("auth", "no_database"):
        text = f"{MESSAGES[kind]}{where if kind != 'no_database' else ''} ({detail})"
    elif kind is not None:
        text = f"{MESSAGES[kind]} ({detail})" if kind not in ("too_deep",) else MESSAGES[kind]
    else:
        text = detail
    return one_line(scrub(text, url), 500)


def _innermost(exc: BaseException) -> Any:
    orig = getattr(exc, "orig", None)
    item: BaseException = orig if isinstance(orig, BaseException) else exc
    text = re.sub(r"<class '(?:[\w.]+\.)?(\w+)'>", r"\1", str(item))  # SQLAlchemy's wrapper of asyncpg errors
    if not text.strip():
        return type(item).__name__
    return text if type(item).__name__ in text else f"{type(item).__name__}: {text}"
