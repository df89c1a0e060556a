"""Several processes, one database: every process's in-memory snapshot follows the edits of the others.

    feed = ChangeFeed(registry, poll_interval=5.0)   # a db.registry.Registry (anything with refresh/url/data_version)
    await feed.start()                               # LISTEN on PostgreSQL; the periodic check everywhere
    …
    await feed.stop()

How a change travels: every committed change bumps `db_state.data_version`; on PostgreSQL a trigger (migration
0002) sends `NOTIFY passerelle_changes, '<data version>'` in that same transaction, so the notification is
delivered on commit — whoever wrote (a bot process, `bot.py db …`, an import). Each process listens on a
dedicated asyncpg connection (`add_listener`) and answers a notification newer than its snapshot with
`registry.refresh()`, which reads only the changed jurisdictions, swaps the snapshot and tells the
registry's subscribers (watch alerts). A periodic data-version check (`poll_interval`) is the fallback: it
covers a dropped listener connection (which is re-opened) and SQLite, which has no LISTEN/NOTIFY.

Watch alerts go out once however many processes learn of a change: `AlertClaims.claim(revision ids)` inserts
one `alert_claims` row per revision with `ON CONFLICT DO NOTHING`; only the process whose insert went through
posts. Usually that is the process that made the edit (it learns first); if it died before posting, another
one picks the revision up on its next refresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import AlertClaimRow, ChannelAlertClaimRow, utcnow
from db.settings import asyncpg_target, is_sqlite

log = logging.getLogger(__name__)

CHANNEL = "passerelle_changes"
RECONNECT_DELAY = 1.0


def instance_name() -> str:
    """Who claims alerts: host and pid (container host names are the container ids)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


class ChangeFeed:
    """Keeps `registry` current with changes committed by other processes (see the module docstring)."""

    def __init__(self, registry: Any, *, poll_interval: float = 5.0, channel: str = CHANNEL) -> None:
        self.registry = registry
        self.poll_interval = poll_interval
        self.channel = channel
        self.listening = False  # a LISTEN connection is open (PostgreSQL)
        self.notifications = 0
        self.refreshes = 0
        self._conn: Any = None
        self._wanted = -1  # the newest data version announced by a notification
        self._refresher: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._closing = False

    @property
    def uses_notify(self) -> bool:
        return not is_sqlite(self.registry.url)

    async def start(self) -> None:
        if self.uses_notify:
            try:
                await self._listen()
            except Exception as exc:  # the periodic check keeps the data current; it retries the connection
                log.warning("change feed: LISTEN failed (%s); relying on the %.1f s check until it reconnects",
                            exc, self.poll_interval)
        if self.poll_interval > 0:
            self._poller = asyncio.create_task(self._poll_loop(), name="passerelle-change-poll")

    async def stop(self) -> None:
        self._closing = True
        for task in (self._poller, self._refresher):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        conn, self._conn = self._conn, None
        self.listening = False
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(Exception):
                await conn.remove_listener(self.channel, self._on_notify)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), 5)

    async def __aenter__(self) -> ChangeFeed:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ----- LISTEN ----------------------------------------------------------------------------------------------
    async def _listen(self) -> None:
        import asyncpg

        dsn, connect_args = asyncpg_target(self.registry.url)
        conn = await asyncpg.connect(dsn, **{"timeout": 10, **connect_args})
        try:
            await conn.add_listener(self.channel, self._on_notify)
        except BaseException:
            await conn.close()
            raise
        conn.add_termination_listener(self._on_terminated)
        self._conn = conn
        self.listening = True
        log.info("change feed: listening on %s", self.channel)
        self._kick()  # changes committed before LISTEN took effect

    def _on_terminated(self, _conn: Any) -> None:
        self.listening = False
        if not self._closing:
            log.warning("change feed: the LISTEN connection closed; reconnecting")

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        self.notifications += 1
        try:
            version = int(payload)
        except ValueError:
            version = self.registry.data_version + 1
        if version <= self.registry.data_version:
            return  # our own commit, or already loaded
        self._wanted = max(self._wanted, version)
        self._kick()

    def _kick(self) -> None:
        if self._closing:
            return
        if self._refresher is None or self._refresher.done():
            self._refresher = asyncio.get_running_loop().create_task(self._catch_up(), name="passerelle-change-refresh")

    async def _catch_up(self) -> None:
        # `registry.refresh()` shares a refresh already under way, which may have read the data before the
        # newest commit: loop until the announced version is loaded (a few rounds at most).
        for _ in range(5):
            try:
                await self.registry.refresh()
                self.refreshes += 1
            except Exception:
                log.exception("change feed: refresh failed (the periodic check will retry)")
                return
            if self.registry.data_version >= self._wanted:
                return

    # ----- the periodic check ---------------------------------------------------------------------------------------
    async def _poll_loop(self) -> None:
        while True:
            await asyncio.sleep(self.poll_interval)
            if self.uses_notify and not self.listening:
                await self._reconnect()
            try:
                if await self.registry.refresh():
                    self.refreshes += 1
            except Exception as exc:
                log.warning("change feed: data-version check failed: %s", exc)

    async def _reconnect(self) -> None:
        old, self._conn = self._conn, None
        if old is not None:
            with contextlib.suppress(Exception):
                old.terminate()
        try:
            await self._listen()
        except Exception as exc:
            log.warning("change feed: LISTEN reconnect failed: %s", exc)


class AlertClaims:
    """`claim(revision ids)` → the ids this process won (and must post alerts for)."""

    def __init__(self, engine: AsyncEngine, instance: str | None = None, *, channels: bool = False) -> None:
        self.engine = engine
        self.instance = instance or instance_name()
        self.model: type[AlertClaimRow] | type[ChannelAlertClaimRow] = ChannelAlertClaimRow if channels else AlertClaimRow

    async def claim(self, revision_ids: Iterable[int]) -> set[int]:
        ids = sorted(set(revision_ids))
        if not ids:
            return set()
        from sqlalchemy import Table
        from sqlalchemy.dialects import postgresql, sqlite

        table = self.model.__table__
        assert isinstance(table, Table)
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        now = utcnow()
        stmt = (insert(table).values([{"revision_id": i, "claimed_at": now, "claimed_by": self.instance} for i in ids])
                .on_conflict_do_nothing(index_elements=["revision_id"]).returning(table.c.revision_id))
        async with self.engine.begin() as conn:
            return {int(row[0]) for row in (await conn.execute(stmt)).all()}


def claiming(subscribe: Callable[[Callable[[Any], Any]], Callable[[], None]], claims: AlertClaims,
             watchers_of: Callable[[str], Iterable[int]] | None = None) -> Callable[[Callable[[Any], Any]], Callable[[], None]]:
    """Wrap a registry's `subscribe` so callbacks see only the revisions this process claimed, when the change
    has watchers (a change nobody watches passes through untouched: it is not a watch alert; the alert channels
    claim their own, `AlertClaims(channels=True)`). `watchers_of(code)` answers for a revision whose code the
    change does not list."""
    from dataclasses import replace

    def watched_code(change: Any, code: str) -> bool:
        ids = change.watchers.get(code)
        if ids is None and watchers_of is not None:
            ids = watchers_of(code)
        return bool(ids)

    def subscribe_claimed(callback: Callable[[Any], Any]) -> Callable[[], None]:
        async def relay(change: Any) -> None:
            watched = [r for r in change.revisions if watched_code(change, r.code)]
            if watched:
                try:
                    won = await claims.claim(r.id for r in watched)
                except Exception:
                    log.exception("could not claim the watch alerts of revisions %s; not posting them",
                                  [r.id for r in watched])
                    won = set()
                kept = [r for r in change.revisions if r.id in won or not watched_code(change, r.code)]
                if len(kept) != len(change.revisions):
                    change = replace(change, revisions=type(change.revisions)(kept))
                if not kept:
                    return
            result = callback(change)
            if isinstance(result, Awaitable):
                await result

        return subscribe(relay)

    return subscribe_claimed
