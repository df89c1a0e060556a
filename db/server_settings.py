"""Each Discord server's own settings (`/settings`), over the environment's defaults.

A server can set its answer language, its moderator role (by ID), its review channel (reports, page-change
notices), its alert channel (watch alerts) and whether members' answers are private by default. What it has
not set falls back to the environment (`Settings`), so a bot in one server needs no `/settings` at all.
`claim_setup` returns True once per server, across processes: the setup message is posted once.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, fields, replace

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import sessionmaker, write_session
from db.models import ServerSettingsRow, utcnow

LANGS = ("en", "fr")
MAX_AGE = 30.0  # seconds a process trusts its copy of a server's settings (another process may have changed them)


@dataclass(frozen=True)
class ServerSettings:
    """What a server chose; None = not set (the default applies)."""

    lang: str | None = None
    moderator_role_id: int | None = None
    review_channel_id: int | None = None
    alert_channel_id: int | None = None
    private_answers: bool | None = None

    def over(self, defaults: ServerSettings) -> ServerSettings:
        """These choices, with the defaults where the server chose nothing."""
        return replace(defaults, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None})


FIELDS = tuple(f.name for f in fields(ServerSettings))
UNSET = object()  # `update(..., review_channel_id=None)` clears a choice; UNSET leaves it alone


class ServerSettingsStore:
    def __init__(self, engine: AsyncEngine, max_age: float = MAX_AGE) -> None:
        self._sessions = sessionmaker(engine)
        self._cache: dict[int, tuple[ServerSettings, float]] = {}
        self.max_age = max_age

    def fresh(self, guild_id: int) -> ServerSettings | None:
        """The copy held, while it is younger than `max_age` seconds; None when `get` would read the database."""
        cached = self._cache.get(guild_id)
        if cached is not None and time.monotonic() - cached[1] < self.max_age:
            return cached[0]
        return None

    async def get(self, guild_id: int) -> ServerSettings:
        """A server's choices, read again once the copy held is `max_age` seconds old: a change made through another
        bot process sharing the database shows here within that time."""
        if (held := self.fresh(guild_id)) is not None:
            return held
        async with self._sessions() as s:
            row = await s.get(ServerSettingsRow, guild_id)
        found = ServerSettings(**{n: getattr(row, n) for n in FIELDS}) if row is not None else ServerSettings()
        self._cache[guild_id] = (found, time.monotonic())
        return found

    async def every(self) -> dict[int, ServerSettings]:
        """Every server's choices (fresh from the database): the notices a process posts go to every server that
        set a channel, not only to those on its own gateway connection."""
        async with self._sessions() as s:
            rows = (await s.scalars(select(ServerSettingsRow))).all()
        now = time.monotonic()
        found = {row.guild_id: ServerSettings(**{n: getattr(row, n) for n in FIELDS}) for row in rows}
        self._cache.update({gid: (choice, now) for gid, choice in found.items()})
        return found

    def forget(self, guild_id: int | None = None) -> None:
        """Drop cached settings (another process changed them; the change feed calls this)."""
        if guild_id is None:
            self._cache.clear()
        else:
            self._cache.pop(guild_id, None)

    async def update(self, guild_id: int, *, by: str, **changes: object) -> ServerSettings:
        """Set (or, with None, clear) some of a server's choices; ValueError on an unknown name or value."""
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown setting {sorted(unknown)}")
        lang = changes.get("lang")
        if lang is not None and lang is not UNSET and lang not in LANGS:
            raise ValueError("language must be en or fr / la langue doit être en ou fr")
        async with write_session(self._sessions) as s:
            row = await s.get(ServerSettingsRow, guild_id)
            if row is None:
                row = ServerSettingsRow(guild_id=guild_id)
                s.add(row)
            for name, value in changes.items():
                if value is not UNSET:
                    setattr(row, name, value)
            row.updated_at, row.updated_by = utcnow(), by
            await s.commit()
            found = ServerSettings(**{n: getattr(row, n) for n in FIELDS})
        self._cache[guild_id] = (found, time.monotonic())
        return found

    async def claim_setup(self, guild_id: int, now: dt.datetime | None = None) -> bool:
        """True for the first caller only (per server, across processes): that caller posts the setup message."""
        now = now or utcnow()
        async with write_session(self._sessions) as s:
            if await s.get(ServerSettingsRow, guild_id) is None:
                s.add(ServerSettingsRow(guild_id=guild_id, updated_at=now))
                try:
                    await s.flush()
                except IntegrityError:  # another process inserted it first: fall through to the conditional update
                    await s.rollback()
            result = await s.execute(update(ServerSettingsRow).where(
                ServerSettingsRow.guild_id == guild_id, ServerSettingsRow.setup_sent_at.is_(None)).values(setup_sent_at=now))
            await s.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]
