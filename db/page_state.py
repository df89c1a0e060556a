"""The cited pages' fingerprints in the database, for the running bot's periodic source watch.

`bot.py data watch-sources` keeps its fingerprints in a file; bot processes share these rows instead, so a page
read by one process is not "new" to the next, and `claim_notice` lets exactly one process post the notice for a
given change of a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import sessionmaker, write_session
from db.models import PageFingerprintRow, utcnow
from jurisdictions.pagewatch import Citation, PageResult, watch_pages


class PageState:
    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = sessionmaker(engine)

    async def load(self) -> dict[str, dict[str, str]]:
        """url -> {"fingerprint", "since"}: the form `pagewatch.watch_pages` reads and updates."""
        async with self._sessions() as s:
            rows = (await s.scalars(select(PageFingerprintRow))).all()
        return {r.url: {"fingerprint": r.fingerprint, "since": r.since} for r in rows}

    async def save(self, state: dict[str, dict[str, str]], urls: Iterable[str]) -> None:
        """Store the fingerprints of the pages just read (`urls`), keeping what the others recorded."""
        wanted = [u for u in urls if u in state]
        if not wanted:
            return
        async with write_session(self._sessions) as s:
            known = {r.url: r for r in (await s.scalars(select(PageFingerprintRow).where(PageFingerprintRow.url.in_(wanted))))}
            now = utcnow()
            for url in wanted:
                entry, row = state[url], known.get(url)
                if row is None:
                    s.add(PageFingerprintRow(url=url, fingerprint=entry["fingerprint"], since=entry["since"], checked_at=now))
                elif row.fingerprint != entry["fingerprint"]:
                    row.fingerprint, row.since, row.checked_at = entry["fingerprint"], entry["since"], now
                else:
                    row.checked_at = now
            await s.commit()

    async def claim_notice(self, url: str, fingerprint: str) -> bool:
        """True once per (page, new text), across processes: the caller posts that change's notice."""
        async with write_session(self._sessions) as s:
            result = await s.execute(update(PageFingerprintRow).where(
                PageFingerprintRow.url == url, PageFingerprintRow.fingerprint == fingerprint,
                or_(PageFingerprintRow.notified.is_(None), PageFingerprintRow.notified != fingerprint),
            ).values(notified=fingerprint))
            await s.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]


async def watch_round(state: PageState, cited: Mapping[str, Citation], *, timeout: float = 15.0, concurrency: int = 4,
                      deadline: float | None = 600.0) -> list[PageResult]:
    """Read every cited page once, record the fingerprints, and return the changes this process must announce
    (a change another process already claimed is not returned). The first reading of a page is no change."""
    known = await state.load()
    report = await watch_pages(cited, known, timeout=timeout, concurrency=concurrency, deadline=deadline)
    await state.save(known, [r.citation.url for r in report.results if r.fingerprint is not None])
    return [r for r in report.changed() if r.fingerprint is not None and await state.claim_notice(r.citation.url, r.fingerprint)]
