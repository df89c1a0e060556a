"""Watches: which channels get alerts about a jurisdiction. The rows only; the registry keeps the mirror in step.

Watches are not versioned data (no revision, no data version): adding one twice is a no-op, not a conflict.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import write_session
from db.models import WatchRow


async def add(sessions: async_sessionmaker[AsyncSession], channel_id: int, code: str, by_id: str | None) -> bool:
    """False if the channel already watches `code`."""
    async with write_session(sessions) as s:
        if await s.get(WatchRow, (channel_id, code)) is not None:
            return False
        s.add(WatchRow(channel_id=channel_id, jurisdiction_code=code, created_by=by_id))
        try:
            await s.commit()
        except IntegrityError:  # pragma: no cover - another process added it meanwhile
            return False
    return True


async def remove(sessions: async_sessionmaker[AsyncSession], channel_id: int, code: str) -> bool:
    """False if the channel did not watch `code`."""
    async with write_session(sessions) as s:
        res = await s.execute(delete(WatchRow).where(WatchRow.channel_id == channel_id,
                                                     WatchRow.jurisdiction_code == code))
        await s.commit()
    return bool(res.rowcount)  # type: ignore[attr-defined]


async def listed(sessions: async_sessionmaker[AsyncSession], channel_id: int | None = None) -> list[tuple[int, str]]:
    """(channel id, code) of every watch (or one channel's), in order."""
    stmt = select(WatchRow.channel_id, WatchRow.jurisdiction_code).order_by(WatchRow.channel_id,
                                                                            WatchRow.jurisdiction_code)
    if channel_id is not None:
        stmt = stmt.where(WatchRow.channel_id == channel_id)
    async with sessions() as s:
        return [(int(a), b) for a, b in (await s.execute(stmt)).all()]
