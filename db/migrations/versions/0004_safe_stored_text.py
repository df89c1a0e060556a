"""Stored text made safe for the rules of issue 13: values edited before them may hold control, bidi or invisible
characters (or a URL with a space or a bracket), which the schema now refuses — such a database would no longer
load. This migration removes those characters from every stored string (tabs and other spacing controls become
spaces, text is trimmed), percent-encodes what a URL cannot hold unencoded, bumps each changed entry's version
and records one revision per entry (by `system`), so the history says what changed and why. Values that break a
rule no cleaning can fix (a text over its length cap) are left as they are: loading names the field.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REASON = "migration 0004: control, bidi and invisible characters removed from stored text (issue 13)"
_REFUSED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_URL_SAFE = "-._~:/?#@!$&'()*+,;=%"


def clean_text(text: str) -> str:
    if text.isprintable():
        return text.strip()
    out = []
    for ch in text:
        if ch == "\n" or ch == " " or ch.isprintable():
            out.append(ch)
        elif ch in "\t\r\v\f\x85":
            out.append(" ")
        elif unicodedata.category(ch) not in _REFUSED:
            out.append(ch)  # other spaces (no-break …)
    return "".join(out).strip()


def clean_url(url: str) -> str:
    return quote(clean_text(url), safe=_URL_SAFE)


def clean(value: Any, url: bool = False) -> Any:
    if isinstance(value, str):
        return clean_url(value) if url else clean_text(value)
    if isinstance(value, list):
        return [clean(v, url) for v in value]
    if isinstance(value, dict):
        return {k: clean(v, url) for k, v in value.items()}
    return value


def _tables() -> dict[str, sa.Table]:
    meta = sa.MetaData()
    return {
        "jurisdictions": sa.Table("jurisdictions", meta, sa.Column("code", sa.String), sa.Column("name_en", sa.Text),
                                  sa.Column("name_fr", sa.Text), sa.Column("aliases", sa.JSON),
                                  sa.Column("version_id", sa.Integer)),
        "sources": sa.Table("sources", meta, sa.Column("jurisdiction_code", sa.String), sa.Column("key", sa.String),
                            sa.Column("url", sa.Text), sa.Column("title", sa.Text), sa.Column("last_verified", sa.Date),
                            sa.Column("kind", sa.String), sa.Column("content_date", sa.Date),
                            sa.Column("version_id", sa.Integer)),
        "facts": sa.Table("facts", meta, sa.Column("jurisdiction_code", sa.String), sa.Column("path", sa.String),
                          sa.Column("value", sa.JSON(none_as_null=False)), sa.Column("source_key", sa.String),
                          sa.Column("unverified", sa.Boolean), sa.Column("note", sa.JSON(none_as_null=True)),
                          sa.Column("version_id", sa.Integer)),
        "revisions": sa.Table("revisions", meta, sa.Column("at", sa.DateTime(timezone=True)), sa.Column("by_id", sa.String),
                              sa.Column("by_name", sa.String), sa.Column("jurisdiction_code", sa.String),
                              sa.Column("path", sa.String), sa.Column("action", sa.String),
                              sa.Column("old_value", sa.JSON(none_as_null=True)),
                              sa.Column("new_value", sa.JSON(none_as_null=True)),
                              sa.Column("old_state", sa.JSON(none_as_null=True)),
                              sa.Column("new_state", sa.JSON(none_as_null=True)), sa.Column("reason", sa.Text),
                              sa.Column("source_url", sa.Text), sa.Column("reverts_id", sa.Integer),
                              sa.Column("data_version", sa.Integer)),
        "db_state": sa.Table("db_state", meta, sa.Column("id", sa.Integer), sa.Column("data_version", sa.Integer)),
    }


def _fact_state(value: Any, source: str | None, unverified: Any, note: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"value": value}
    if source is not None:
        state["source"] = source
    if unverified:
        state["unverified"] = True
    if note is not None:
        state["note"] = note
    return state


def _iso(day: Any) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else (str(day)[:10] if day else None)


def _source_state(url: str, title: str, last_verified: Any, kind: Any, content_date: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"url": url, "title": title, "last_verified": _iso(last_verified)}
    if kind is not None:
        state["kind"] = kind
    if content_date is not None:
        state["content_date"] = _iso(content_date)
    return state


def upgrade() -> None:
    bind = op.get_bind()
    t = _tables()
    revisions: list[dict[str, Any]] = []

    def note(code: str, path: str, old_value: Any, new_value: Any, old_state: Any, new_state: Any) -> None:
        revisions.append({"at": dt.datetime.now(dt.UTC), "by_id": "system", "by_name": "Passerelle",
                          "jurisdiction_code": code, "path": path, "action": "edit", "old_value": old_value,
                          "new_value": new_value, "old_state": old_state, "new_state": new_state, "reason": REASON,
                          "source_url": None, "reverts_id": None})

    j = t["jurisdictions"]
    for code, name_en, name_fr, aliases, version in bind.execute(
            sa.select(j.c.code, j.c.name_en, j.c.name_fr, j.c.aliases, j.c.version_id)).all():
        new_en, new_fr, new_aliases = clean_text(name_en), clean_text(name_fr), clean(aliases or [])
        if (new_en, new_fr, new_aliases) == (name_en, name_fr, aliases or []):
            continue
        bind.execute(sa.update(j).where(j.c.code == code).values(name_en=new_en, name_fr=new_fr, aliases=new_aliases,
                                                                 version_id=version + 1))
        if (new_en, new_fr) != (name_en, name_fr):
            old, new = {"en": name_en, "fr": name_fr}, {"en": new_en, "fr": new_fr}
            note(code, "name", old, new, old, new)
        if new_aliases != (aliases or []):
            note(code, "aliases", aliases, new_aliases, aliases, new_aliases)
    s = t["sources"]
    for code, key, url, title, lv, kind, cd, version in bind.execute(
            sa.select(s.c.jurisdiction_code, s.c.key, s.c.url, s.c.title, s.c.last_verified, s.c.kind, s.c.content_date,
                      s.c.version_id)).all():
        new_url, new_title = clean_url(url), clean_text(title)
        if (new_url, new_title) == (url, title):
            continue
        bind.execute(sa.update(s).where(s.c.jurisdiction_code == code, s.c.key == key)
                     .values(url=new_url, title=new_title, version_id=version + 1))
        old, new = _source_state(url, title, lv, kind, cd), _source_state(new_url, new_title, lv, kind, cd)
        note(code, f"sources.{key}", old, new, old, new)
    f = t["facts"]
    for code, path, value, source, unverified, fact_note, version in bind.execute(
            sa.select(f.c.jurisdiction_code, f.c.path, f.c.value, f.c.source_key, f.c.unverified, f.c.note,
                      f.c.version_id)).all():
        new_value = clean(value, url=path.endswith((".website", ".register_url")))
        new_note = clean(fact_note)
        if (new_value, new_note) == (value, fact_note):
            continue
        bind.execute(sa.update(f).where(f.c.jurisdiction_code == code, f.c.path == path)
                     .values(value=new_value, note=new_note, version_id=version + 1))
        note(code, path, value, new_value, _fact_state(value, source, unverified, fact_note),
             _fact_state(new_value, source, unverified, new_note))
    if revisions:
        st = t["db_state"]
        bind.execute(sa.update(st).where(st.c.id == 1).values(data_version=st.c.data_version + 1))
        dv = bind.execute(sa.select(st.c.data_version).where(st.c.id == 1)).scalar_one_or_none() or 0
        bind.execute(sa.insert(t["revisions"]), [r | {"data_version": dv} for r in revisions])


def downgrade() -> None:
    """Nothing to undo: the cleaned values are valid under the older rules too (the revisions keep the old ones)."""
