"""What the bot learns about itself from discord.py's internals: one log line per interaction (with the tasks
it spawned), the gateway sockets and their last heartbeat, a member's role ids.

This is the only module that touches discord.py's private attributes (`_connection.parsers`,
`shard._parent.ws`, `ws._keep_alive._last_ack`, `member._roles`): a discord.py upgrade that renames one
breaks here, and `tests/test_app_telemetry.py` exercises every one against the real client.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import discord

interaction_log = logging.getLogger("passerelle.interactions")
INTERACTION_KINDS = {2: "command", 3: "component", 4: "autocomplete", 5: "modal"}


def describe_interaction(data: dict[str, Any]) -> tuple[str, str]:
    """(kind, name) of a raw INTERACTION_CREATE payload: `/entry edit`, a component's custom id … never values."""
    kind = INTERACTION_KINDS.get(data.get("type", 0), f"type{data.get('type')}")
    inner = data.get("data") or {}
    if kind in ("command", "autocomplete"):
        parts = [str(inner.get("name", "?"))]
        options = inner.get("options") or []
        while options and options[0].get("type") in (1, 2):  # subcommand (group)
            parts.append(str(options[0].get("name")))
            options = options[0].get("options") or []
        return kind, "/" + " ".join(parts)
    return kind, str(inner.get("custom_id", "?"))[:100]


class _InFlight:
    __slots__ = ("fields", "outcome", "pending", "started")

    def __init__(self, fields: dict[str, Any], started: float, pending: set[asyncio.Task[Any]]) -> None:
        self.fields = fields
        self.started = started
        self.pending = pending
        self.outcome = "ok"


class InteractionTracker:
    """Wraps the client's INTERACTION_CREATE and MESSAGE_CREATE parsers: each interaction is followed through
    the tasks its dispatch creates (one log line with its outcome and latency when they end), and while
    `draining()` is true new interactions and messages are dropped (never acknowledged; Discord tells the
    user, who can try again). `in_flight` is what a graceful shutdown waits for."""

    def __init__(self, client: discord.Client, draining: Callable[[], bool]) -> None:
        self.client = client
        self.draining = draining
        self.seen = 0
        self.in_flight: dict[int, _InFlight] = {}
        parsers = client._connection.parsers
        self._dispatch = parsers["INTERACTION_CREATE"]
        self._on_message = parsers.get("MESSAGE_CREATE")
        parsers["INTERACTION_CREATE"] = self._interaction_create
        if self._on_message is not None:
            parsers["MESSAGE_CREATE"] = self._message_create

    def _interaction_create(self, data: dict[str, Any]) -> None:
        kind, name = describe_interaction(data)
        ids = _ids(data)
        if self.draining():
            interaction_log.info("interaction %s %s dropped (shutting down) id=%s", kind, name, ids["interaction_id"],
                                 extra={"fields": {"event": "interaction", "kind": kind, "command": name,
                                                   "outcome": "dropped", **ids}})
            return
        self.seen += 1
        started = time.perf_counter()
        spawned = tasks_created_by(self._dispatch, data)
        key = int(ids["interaction_id"] or 0)
        self.in_flight[key] = _InFlight({"kind": kind, "command": name, **ids}, started, spawned)
        if not spawned:
            self._finish(key)
            return
        for task in spawned:
            task.add_done_callback(lambda t, key=key: self._task_done(key, t))

    def _message_create(self, data: dict[str, Any]) -> None:
        if not self.draining() and self._on_message is not None:
            self._on_message(data)

    def _task_done(self, key: int, task: asyncio.Task[Any]) -> None:
        record = self.in_flight.get(key)
        if record is None:
            return
        record.pending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            record.outcome = "error"
        if not record.pending:
            self._finish(key)

    def _finish(self, key: int) -> None:
        record = self.in_flight.pop(key, None)
        if record is None:
            return
        ms = round((time.perf_counter() - record.started) * 1000, 2)
        f = record.fields
        level = logging.DEBUG if f["kind"] == "autocomplete" else logging.INFO
        if interaction_log.isEnabledFor(level):
            shard = shard_of(f["guild_id"], self.client.shard_count)
            interaction_log.log(level, "interaction %s %s %s %.1fms id=%s user=%s guild=%s channel=%s shard=%s",
                                f["kind"], f["command"], record.outcome, ms, f["interaction_id"], f["user_id"],
                                f["guild_id"], f["channel_id"], shard,
                                extra={"fields": {"event": "interaction", **f, "outcome": record.outcome, "ms": ms,
                                                  "shard": shard}})

    def note_outcome(self, interaction_id: int, outcome: str) -> None:
        """The tree's error handler names the outcome ("refused", "unavailable" …) for the log line."""
        record = self.in_flight.get(int(interaction_id))
        if record is not None:
            record.outcome = outcome

    def pending_tasks(self) -> set[asyncio.Task[Any]]:
        """What a graceful shutdown waits for: every in-flight interaction's tasks and the message handlers."""
        pending = {t for r in self.in_flight.values() for t in r.pending}
        return pending | {t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_message"}


def shard_of(guild_id: Any, count: int | None) -> int | None:
    if not guild_id or not count:
        return None
    return (int(guild_id) >> 22) % count


def tasks_created_by(dispatch: Callable[[dict[str, Any]], None], data: dict[str, Any]) -> set[asyncio.Task[Any]]:
    """The tasks `dispatch` creates (the command, view or modal callback), seen through a task factory set
    only for this synchronous call: comparing `asyncio.all_tasks()` before and after cost time in proportion
    to every live task (each open /jurisdictions view keeps one for 300 s). discord.py's own `on_interaction`
    event task is left out: it is not the answer."""
    loop = asyncio.get_running_loop()
    previous = loop.get_task_factory()
    created: list[asyncio.Task[Any]] = []

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        task = previous(loop, coro, **kwargs) if previous is not None else asyncio.Task(coro, loop=loop, **kwargs)
        created.append(task)  # type: ignore[arg-type]
        return task  # type: ignore[return-value]

    loop.set_task_factory(factory)  # type: ignore[arg-type]
    try:
        dispatch(data)
    finally:
        loop.set_task_factory(previous)
    return {t for t in created if t.get_name() != "discord.py: on_interaction"}


def _ids(data: dict[str, Any]) -> dict[str, Any]:
    user = (data.get("member") or {}).get("user") or data.get("user") or {}
    return {"interaction_id": data.get("id"), "user_id": user.get("id"), "guild_id": data.get("guild_id"),
            "channel_id": data.get("channel_id")}


# ----- the gateway ---------------------------------------------------------------------------------------------------
def gateway_sockets(client: discord.Client) -> list[Any]:
    """The gateway websockets (one per shard for an AutoShardedBot; None for a shard not connected yet)."""
    if isinstance(client, discord.AutoShardedClient):
        return [getattr(shard, "_parent", None) and shard._parent.ws for shard in client.shards.values()]
    return [client.ws]


def last_ack(ws: Any) -> float | None:
    """Wall-clock time of the gateway's last heartbeat acknowledgement (None before the first)."""
    keep_alive = getattr(ws, "_keep_alive", None)
    last = getattr(keep_alive, "_last_ack", None)
    if ws is None or last is None:
        return None
    return time.time() - (time.perf_counter() - last)


# ----- members ---------------------------------------------------------------------------------------------------------
def member_role_ids(member: discord.Member) -> set[int]:
    """The member's role ids, including roles the guild cache does not hold (`member.roles` skips those; the ids
    Discord sent are in `member._roles`)."""
    return {r.id for r in member.roles} | {int(r) for r in getattr(member, "_roles", ())}
