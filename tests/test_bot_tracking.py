"""Each interaction is followed through the tasks it creates, and only those: one log line with its outcome,
the in-flight set emptied when they end, whatever else runs on the loop (open views, other interactions)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fake_discord import MEMBER, running, slash

from app.bot import Passerelle
from app.telemetry import tasks_created_by
from settings import Settings
from tests.engine_data import real_snapshot


async def test_only_the_tasks_a_dispatch_creates_are_tracked() -> None:
    unrelated = [asyncio.create_task(asyncio.sleep(30)) for _ in range(50)]
    made: list[asyncio.Task[Any]] = []
    event: list[asyncio.Task[Any]] = []

    def dispatch(data: dict[str, Any]) -> None:
        made.append(asyncio.create_task(asyncio.sleep(0), name="CommandTree-invoker"))
        made.append(asyncio.get_running_loop().create_task(asyncio.sleep(0)))
        event.append(asyncio.create_task(asyncio.sleep(0), name="discord.py: on_interaction"))  # not the answer

    try:
        assert tasks_created_by(dispatch, {}) == set(made)
    finally:
        for t in unrelated:
            t.cancel()
        await asyncio.gather(*made, *event)


async def test_a_task_factory_already_set_is_used_and_restored() -> None:
    loop = asyncio.get_running_loop()
    seen: list[Any] = []

    def outer(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        seen.append(coro)
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(outer)
    try:
        task: list[asyncio.Task[Any]] = []
        spawned = tasks_created_by(lambda _: task.append(asyncio.create_task(asyncio.sleep(0))), {})
        assert spawned == set(task) and len(seen) == 1
        assert loop.get_task_factory() is outer
    finally:
        loop.set_task_factory(None)
    await asyncio.gather(*task)


async def settled(bot: Passerelle) -> None:
    """Until the interactions sent have finished (their log line follows the reply by a moment)."""
    for _ in range(200):
        if bot.in_flight == 0:
            return
        await asyncio.sleep(0.01)


def settings() -> Settings:
    return Settings(_env_file=None, guild_ready_timeout=0.05)  # type: ignore[call-arg]


async def test_each_interaction_logs_once_and_leaves_nothing_in_flight(caplog) -> None:
    async with running(lambda: Passerelle(settings(), snapshot=real_snapshot())) as (fake, bot):
        views = [await fake.interact(slash("jurisdictions", MEMBER)) for _ in range(5)]  # 5 views stay open
        assert all(v.callback_type == 4 for v in views)
        await settled(bot)
        with caplog.at_level(logging.INFO, logger="passerelle.interactions"):
            caplog.clear()  # the views' lines, when an earlier test left the logger at INFO
            cb = await fake.interact(slash("canserve", MEMBER, **{"from": "NB", "to": "Gatineau"}))
            await settled(bot)
        assert cb.callback_type == 4
        lines = [r.getMessage() for r in caplog.records if r.name == "passerelle.interactions"]
        assert len(lines) == 1 and lines[0].startswith("interaction command /canserve ok ")
        assert bot.in_flight == 0  # the open views' timeout tasks belong to no interaction


async def test_open_views_share_one_list_of_lines_per_snapshot_and_language() -> None:
    from cogs.lookup import JurisdictionPages
    from jurisdictions.snapshot import Snapshot

    snap = real_snapshot()
    a, b = JurisdictionPages(snap, "en", 1), JurisdictionPages(snap, "en", 2)
    french = JurisdictionPages(snap, "fr", 1)
    assert a.lines is b.lines and french.lines is not a.lines and "`CA-QC` Québec" in " ".join(french.lines)
    other = Snapshot(jurisdictions={k: v for k, v in snap.jurisdictions.items() if k != "CA-QC"},
                     guidance=snap.guidance, index=snap.index)
    assert len(JurisdictionPages(other, "en", 1).lines) == len(a.lines) - 1  # an edited snapshot: its own lines
