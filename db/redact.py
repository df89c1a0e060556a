"""Database URLs without their secrets, for everything a person or a log reads (issue 13, item 7).

    redact_url("postgresql+asyncpg://alice:S3CRET@host/db")  -> "postgresql+asyncpg://alice:***@host/db"
    redact_url("postgres:/alice:S3CRET@host/db")             -> "postgres:/alice:***@host/db"   (malformed)
    scrub("… could not connect to postgres:/alice:S3CRET@host …", url)  -> the same text, password masked

A URL SQLAlchemy can parse is rendered with `make_url(url).render_as_string(hide_password=True)`. A URL it
cannot parse (or one whose user part holds several `@`, which it would split in the wrong place) has everything
between the first `:` of its user part and its last `@` masked; a `password=` query parameter is masked too.
`scrub` also removes the raw password wherever it appears in a message (a driver may echo it). Standard
library plus SQLAlchemy's URL parser only (imported lazily: the offline CLI calls this on error paths).
"""

from __future__ import annotations

import re
from typing import Any

MASK = "***"
_QUERY_SECRET = re.compile(r"(?i)((?:password|passwd|pwd|sslpassword)=)[^&\s'\"]*")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:/{0,2}")


def redact_url(url: str) -> str:
    """The URL as it may be shown: the password (and any `password=` parameter) replaced by ***."""
    text = str(url)
    parsed = _parse(text)
    if parsed is not None:
        return _QUERY_SECRET.sub(rf"\g<1>{MASK}", parsed.render_as_string(hide_password=True))
    return _QUERY_SECRET.sub(rf"\g<1>{MASK}", _mask_userinfo(text))


def where(url: str) -> str:
    """A database for messages: the SQLite file's absolute path, else the URL without its password."""
    from db.settings import sqlite_path

    path = sqlite_path(url)
    return str(path.resolve()) if path is not None else redact_url(url)


def _parse(text: str) -> Any:
    """SQLAlchemy's reading of the URL, or None when it cannot parse it (or would split its user part wrongly)."""
    if text.count("@") > 1:
        return None
    try:
        from sqlalchemy.engine import make_url

        return make_url(text)
    except Exception:  # any parse failure falls back to the textual mask
        return None


def _mask_userinfo(text: str) -> str:
    """Mask from the first `:` after the scheme to the last `@` (the user part's password, however malformed)."""
    at = text.rfind("@")
    if at < 0:
        return text
    scheme = _SCHEME.match(text)
    start = scheme.end() if scheme else 0
    if start > at:  # "postgres:@host" – the scheme's own colon is the only one
        start = text.find(":") + 1
    colon = text.find(":", start, at)
    if colon < 0:  # no user:password split: everything before the host is the secret (e.g. a bare token)
        if scheme is None or scheme.end() >= at:
            return text
        return text[: scheme.end()] + MASK + text[at:]
    return text[: colon + 1] + MASK + text[at:]


def secrets_of(url: str) -> list[str]:
    """The raw secrets a URL carries (its password, password= parameters), longest first."""
    text = str(url)
    found: list[str] = []
    parsed = _parse(text)
    at = text.rfind("@")
    if parsed is not None:
        if parsed.password:
            found.append(str(parsed.password))
    elif at >= 0:
        scheme = _SCHEME.match(text)
        start = scheme.end() if scheme and scheme.end() <= at else 0
        colon = text.find(":", start, at)
        if colon >= 0:
            found.append(text[colon + 1: at])
        elif scheme is not None and scheme.end() < at:
            found.append(text[scheme.end(): at])
    found += [m.group(0).split("=", 1)[1] for m in _QUERY_SECRET.finditer(text)]
    if "%" in "".join(found):
        from urllib.parse import unquote

        found += [unquote(s) for s in found]
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def scrub(text: str, *urls: str | None) -> str:
    """`text` with every given URL shown redacted and their raw passwords masked wherever they appear.

    With no URL given, the configured DATABASE_URL (environment or `.env`) is the one scrubbed."""
    candidates = [u for u in urls if u] or [u for u in (configured_raw_url(),) if u]
    out = str(text)
    for url in candidates:
        if not url:
            continue
        out = out.replace(url, redact_url(url))
        for secret in secrets_of(url):
            out = out.replace(secret, MASK)
    return _QUERY_SECRET.sub(rf"\g<1>{MASK}", out)


def configured_raw_url() -> str | None:
    """The raw DATABASE_URL (environment, then `.env`), malformed or not."""
    from db.settings import configured_database_url

    return configured_database_url()
