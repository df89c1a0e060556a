"""SQLAlchemy 2 ORM models. One fact is one row, editable on its own, with its own version.

Tables: `jurisdictions` (code, kind, parent, names, aliases), `regulators` (id, role, order), `sources`
(key → url, title, last_verified), `facts` ((code, path) → value JSON, source key, unverified flag, note),
`revisions` (who, when, where, old → new, why, source URL), `watches` (channel ↔ jurisdiction) and
`db_state` (one row: the data version, bumped by every committed change, and the seeding stamp) and
`alert_claims` (which process posted the watch alerts of a revision: alerts go out once, not once per process).

Every editable row carries `version_id` (SQLAlchemy `version_id_col`): an ORM UPDATE is
`… WHERE version_id = :seen`, so a stale write can never silently overwrite a newer one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class JurisdictionRow(Base):
    __tablename__ = "jurisdictions"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    parent: Mapped[str | None] = mapped_column(String(16))
    name_en: Mapped[str] = mapped_column(Text)
    name_fr: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JSON)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    regulators: Mapped[list[RegulatorRow]] = relationship(
        back_populates="jurisdiction", order_by="RegulatorRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    sources: Mapped[list[SourceRow]] = relationship(
        back_populates="jurisdiction", order_by="SourceRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    facts: Mapped[list[FactRow]] = relationship(
        back_populates="jurisdiction", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class RegulatorRow(Base):
    __tablename__ = "regulators"

    jurisdiction_code: Mapped[str] = mapped_column(
        String(16), ForeignKey("jurisdictions.code", ondelete="CASCADE"), primary_key=True
    )
    reg_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    jurisdiction: Mapped[JurisdictionRow] = relationship(back_populates="regulators")

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class SourceRow(Base):
    __tablename__ = "sources"

    jurisdiction_code: Mapped[str] = mapped_column(
        String(16), ForeignKey("jurisdictions.code", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    last_verified: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    content_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    position: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    jurisdiction: Mapped[JurisdictionRow] = relationship(back_populates="sources")

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class FactRow(Base):
    __tablename__ = "facts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["jurisdiction_code", "source_key"],
            ["sources.jurisdiction_code", "sources.key"],
            name="fk_facts_source_sources",
        ),
    )

    jurisdiction_code: Mapped[str] = mapped_column(
        String(16), ForeignKey("jurisdictions.code", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON(none_as_null=False))
    source_key: Mapped[str | None] = mapped_column(String(128))
    unverified: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    jurisdiction: Mapped[JurisdictionRow] = relationship(back_populates="facts")

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class RevisionRow(Base):
    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_code_id", "jurisdiction_code", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    by_id: Mapped[str] = mapped_column(String(64))
    by_name: Mapped[str] = mapped_column(String(200))
    jurisdiction_code: Mapped[str] = mapped_column(String(16), ForeignKey("jurisdictions.code", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(16))  # edit | delete | revert | verify | import | create
    old_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    old_state: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)  # full entry before (None = absent)
    new_state: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    reverts_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("revisions.id"))
    data_version: Mapped[int] = mapped_column(Integer, index=True)


class WatchRow(Base):
    __tablename__ = "watches"

    channel_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    jurisdiction_code: Mapped[str] = mapped_column(
        String(16), ForeignKey("jurisdictions.code", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(64))


class StateRow(Base):
    """A single row (id 1). `data_version` is bumped in the same transaction as every change."""

    __tablename__ = "db_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    seeded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    seed_source: Mapped[str | None] = mapped_column(Text)


class AlertClaimRow(Base):
    """One row per revision whose watch alerts were posted: the first process to insert it posts them
    (`INSERT … ON CONFLICT DO NOTHING`), every other process sharing the database skips them."""

    __tablename__ = "alert_claims"

    revision_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("revisions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_by: Mapped[str] = mapped_column(String(128))


ACTIONS = ("edit", "delete", "revert", "verify", "import", "create")


class ChannelAlertClaimRow(Base):
    """One row per revision posted to the servers' alert channels (`/settings alert_channel`): like `alert_claims`,
    the first process to insert it posts, the others skip. Kept apart from the watch claims, because the process
    that wins one may not know the other's channels yet."""

    __tablename__ = "channel_alert_claims"

    revision_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("revisions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_by: Mapped[str] = mapped_column(String(128))


class ReportRow(Base):
    """A practitioner's "this is wrong" on an answer: what, where, the answer it came from, and what became of it.

    `status` moves once, from `open` to `accepted`, `dismissed` or `needs_source` (`needs_source` may still be
    accepted or dismissed later); `version_id` makes two moderators' decisions on one report conflict, not both win.
    """

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_status_id", "status", "id"), Index("ix_reports_reporter_at", "reporter_id", "created_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    guild_id: Mapped[int | None] = mapped_column(BigInteger)
    reporter_id: Mapped[str] = mapped_column(String(64))
    reporter_name: Mapped[str] = mapped_column(String(200))
    jurisdiction_code: Mapped[str] = mapped_column(String(16), ForeignKey("jurisdictions.code", ondelete="CASCADE"))
    path: Mapped[str | None] = mapped_column(String(255))  # the fact, when the reporter or the answer names one
    answer: Mapped[str] = mapped_column(Text)  # the answer the report came from ("canserve NB → QC, age 15")
    problem: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    proposed_value: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[str | None] = mapped_column(String(64))
    resolved_by_name: Mapped[str | None] = mapped_column(String(200))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    revision_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("revisions.id", ondelete="SET NULL"))
    review_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    review_message_id: Mapped[int | None] = mapped_column(BigInteger)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    lang: Mapped[str | None] = mapped_column(String(8))  # the reporter's language (en/fr), when their Discord is in one

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class ServerSettingsRow(Base):
    """One Discord server's choices (`/settings`); a missing row or column means the environment's default."""

    __tablename__ = "server_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lang: Mapped[str | None] = mapped_column(String(8))
    moderator_role_id: Mapped[int | None] = mapped_column(BigInteger)
    review_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    alert_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    private_answers: Mapped[bool | None] = mapped_column(Boolean)
    setup_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64))


class PageFingerprintRow(Base):
    """The main-text fingerprint of one cited page (`jurisdictions.pagewatch`), shared by every bot process.

    `notified` is the fingerprint a change notice was posted for: the first process to set it posts, the others
    see it set and skip, so one change makes one notice.
    """

    __tablename__ = "page_fingerprints"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    since: Mapped[str] = mapped_column(String(10))  # the day the text was first seen as it is
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    notified: Mapped[str | None] = mapped_column(String(64))


REPORT_STATUSES = ("open", "accepted", "dismissed", "needs_source")
