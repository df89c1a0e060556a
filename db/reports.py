"""Practitioners' reports on answers: filed from an answer, reviewed by moderators, answered to the reporter.

A report names the jurisdiction (and the fact, when the answer or the reporter points at one), the answer it
came from, what is wrong, and optionally a source URL and the value the reporter believes is right. It is
stored before anything is posted, so a review channel that is down loses nothing. A moderator's decision moves
it once (`open` → `accepted` / `dismissed` / `needs_source`; `needs_source` can still be accepted or dismissed):
the row's `version_id` makes two moderators deciding at once conflict instead of both winning.

No Discord here: the cogs and `bot.py db reports` call these functions; the texts are validated with the same
rules as every stored text (`jurisdictions.safety`), and the rate limit is counted in the database, so it holds
across bot processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm.exc import StaleDataError

from db.engine import sessionmaker, write_session
from db.models import REPORT_STATUSES, FactRow, JurisdictionRow, ReportRow, utcnow
from db.registry import RegistryError
from jurisdictions.safety import safe_text, safe_url, visible

PROBLEM_MAX = 1000  # what is wrong: a paragraph, like a Discord modal's long field
VALUE_MAX = 500
ANSWER_MAX = 300
PER_USER = 5  # reports per reporter …
WINDOW = dt.timedelta(hours=1)  # … in this window
OPEN = ("open", "needs_source")
DECISIONS = ("accepted", "dismissed", "needs_source")


class ReportRefused(RegistryError):
    """A report or a decision that cannot be taken; `code` says which (`invalid`, `gone`, `rate`, `missing`,
    `decided`), the message says it in English and French."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Report:
    id: int
    created_at: dt.datetime
    guild_id: int | None
    reporter_id: str
    reporter_name: str
    code: str
    path: str | None
    answer: str
    problem: str
    source_url: str | None
    proposed_value: str | None
    status: str
    resolved_at: dt.datetime | None
    resolved_by: str | None
    resolution_note: str | None
    revision_id: int | None
    review_channel_id: int | None
    review_message_id: int | None
    version: int
    lang: str | None = None  # the reporter's language, when their Discord is in English or French

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "created_at": self.created_at.isoformat(), "guild_id": self.guild_id,
                "reporter": self.reporter_name, "reporter_id": self.reporter_id, "jurisdiction": self.code,
                "path": self.path, "answer": self.answer, "problem": self.problem, "source_url": self.source_url,
                "proposed_value": self.proposed_value, "status": self.status,
                "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
                "resolved_by": self.resolved_by, "resolution_note": self.resolution_note,
                "revision_id": self.revision_id, "version": self.version, "lang": self.lang}


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value if value is None or value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _report(row: ReportRow) -> Report:
    created = _aware(row.created_at)
    assert created is not None
    return Report(row.id, created, row.guild_id, row.reporter_id, row.reporter_name, row.jurisdiction_code, row.path,
                  row.answer, row.problem, row.source_url, row.proposed_value, row.status, _aware(row.resolved_at),
                  row.resolved_by_name, row.resolution_note, row.revision_id, row.review_channel_id,
                  row.review_message_id, row.version_id, row.lang)


def _field(label: str, value: str | None, max_len: int, *, multiline: bool = False) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return safe_text(value, max_len=max_len, multiline=multiline)
    except ValueError as exc:
        raise ReportRefused("invalid", f"{label}: {exc}") from None


def clean_report(problem: str, source_url: str | None, proposed_value: str | None) -> tuple[str, str | None, str | None]:
    """The report's texts as they will be stored, or ReportRefused saying which field is wrong and why."""
    text = _field("what is wrong / ce qui ne va pas", problem, PROBLEM_MAX, multiline=True)
    if text is None:
        raise ReportRefused("invalid", "say what is wrong / dites ce qui ne va pas")
    url = None
    if source_url is not None and source_url.strip():
        try:
            url = safe_url(source_url.strip())
        except ValueError as exc:
            raise ReportRefused("invalid", f"source: {exc}") from None
    return text, url, _field("correct value / valeur correcte", proposed_value, VALUE_MAX, multiline=True)


class ReportStore:
    """Reports in the registry's database (the same engine: one file or one PostgreSQL, every process)."""

    def __init__(self, engine: AsyncEngine, *, per_user: int = PER_USER, window: dt.timedelta = WINDOW) -> None:
        self._sessions = sessionmaker(engine)
        self.per_user = per_user
        self.window = window

    async def file(self, *, reporter_id: str, reporter_name: str, code: str, answer: str, problem: str,
                   path: str | None = None, source_url: str | None = None, proposed_value: str | None = None,
                   guild_id: int | None = None, lang: str | None = None, now: dt.datetime | None = None) -> Report:
        """Store a report; refused when the text is invalid, the entry is gone, or the reporter is over the limit."""
        text, url, proposed = clean_report(problem, source_url, proposed_value)
        answer_text = _field("answer", answer, ANSWER_MAX) or code
        name = " ".join(visible(reporter_name).split())[:200] or reporter_id  # a display name is never refused
        now = now or utcnow()
        async with write_session(self._sessions) as s:
            if await s.get(JurisdictionRow, code) is None:
                raise ReportRefused("gone", f"{code} is no longer in the registry / {code} n'est plus dans le registre")
            if path is not None and await s.get(FactRow, (code, path)) is None:
                raise ReportRefused("gone", f"{code} {path}: this entry no longer exists (deleted since the answer) "
                                            f"/ cette entrée n'existe plus (supprimée depuis la réponse)")
            recent = await s.scalar(select(func.count()).select_from(ReportRow).where(
                ReportRow.reporter_id == reporter_id, ReportRow.created_at > now - self.window))
            if (recent or 0) >= self.per_user:
                minutes = int(self.window.total_seconds() // 60)
                raise ReportRefused("rate", f"you have sent {recent} reports in the last {minutes} minutes; please wait "
                                            f"/ vous avez envoyé {recent} signalements ces {minutes} dernières minutes; "
                                            f"veuillez patienter")
            row = ReportRow(created_at=now, guild_id=guild_id, reporter_id=reporter_id, reporter_name=name,
                            jurisdiction_code=code, path=path, answer=answer_text, problem=text, source_url=url,
                            proposed_value=proposed, status="open", lang=lang if lang in ("en", "fr") else None)
            s.add(row)
            await s.commit()
            return _report(row)

    async def get(self, report_id: int) -> Report:
        async with self._sessions() as s:
            row = await s.get(ReportRow, report_id)
            if row is None:
                raise ReportRefused("missing", f"no report #{report_id} / aucun signalement n° {report_id}")
            return _report(row)

    async def list(self, statuses: Sequence[str] = OPEN, *, guild_id: int | None = None, limit: int = 25) -> list[Report]:
        """Reports in these statuses, oldest first (the queue moderators work through)."""
        unknown = set(statuses) - set(REPORT_STATUSES)
        if unknown:
            raise ReportRefused("invalid", f"unknown status {sorted(unknown)} / statut inconnu")
        query = select(ReportRow).where(ReportRow.status.in_(tuple(statuses))).order_by(ReportRow.id).limit(limit)
        if guild_id is not None:
            query = query.where(ReportRow.guild_id == guild_id)
        async with self._sessions() as s:
            return [_report(r) for r in (await s.scalars(query)).all()]

    async def decide(self, report_id: int, decision: str, *, by_id: str, by_name: str, note: str | None = None,
                     revision_id: int | None = None, expected_version: int | None = None) -> Report:
        """Accept, dismiss or ask for a source; only an open report moves, and only one decision wins."""
        if decision not in DECISIONS:
            raise ReportRefused("invalid", f"unknown decision {decision!r} / décision inconnue")
        reason = _field("reason / motif", note, PROBLEM_MAX, multiline=True)
        if decision == "dismissed" and reason is None:
            raise ReportRefused("invalid", "say why the report is dismissed / dites pourquoi le signalement est écarté")
        try:
            async with write_session(self._sessions) as s:
                row = await s.get(ReportRow, report_id)
                if row is None:
                    raise ReportRefused("missing", f"no report #{report_id} / aucun signalement n° {report_id}")
                if row.status not in OPEN or (expected_version is not None and row.version_id != expected_version):
                    who = row.resolved_by_name or "another moderator"
                    raise ReportRefused("decided", f"report #{report_id} was already handled ({row.status}, by {who}) "
                                                   f"/ le signalement n° {report_id} a déjà été traité ({row.status})")
                row.status = decision
                row.resolved_at = utcnow()
                row.resolved_by_id, row.resolved_by_name = by_id, by_name
                row.resolution_note = reason
                row.revision_id = revision_id
                await s.commit()
                return _report(row)
        except StaleDataError:  # another process decided between our read and our write
            raise ReportRefused("decided", f"report #{report_id} was just handled by someone else "
                                           f"/ le signalement n° {report_id} vient d'être traité") from None

    async def posted(self, report_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the review message is, so a decision can edit it."""
        async with write_session(self._sessions) as s:
            row = await s.get(ReportRow, report_id)
            if row is not None:
                row.review_channel_id, row.review_message_id = channel_id, message_id
                await s.commit()
