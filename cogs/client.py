"""The bot itself: intents, command tree with the error handler, translator, snapshot access, and the
extensions loaded in `setup_hook` (RoboDanny / discord.py `advanced_startup` style)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.i18n import PasserelleTranslator, interaction_lang, t
from cogs.permissions import moderation_unconfigured, warn_at_start
from jurisdictions.snapshot import Snapshot
from jurisdictions.verdict import VerdictEngine
from settings import Settings

if TYPE_CHECKING:
    from db.registry import Registry

log = logging.getLogger("passerelle")
interaction_log = logging.getLogger("passerelle.interactions")
EXTENSIONS: tuple[str, ...] = ("cogs.lookup", "cogs.crisis", "cogs.help", "cogs.moderation")
NO_MENTIONS = discord.AllowedMentions.none()


class NotModerator(app_commands.CheckFailure):
    """The user has neither the moderator role nor Manage Server."""


class Unavailable(app_commands.CheckFailure):
    """A feature is not available right now; the message (already localised) is shown to the user."""


class PasserelleTree(app_commands.CommandTree):
    """Central error handling: a short ephemeral message for the user, the traceback in the log."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        lang = interaction_lang(interaction)
        command = interaction.command.qualified_name if interaction.command else "?"
        note = getattr(self.client, "note_outcome", None)
        if note is not None:
            note(interaction.id, outcome_of(error))
        if isinstance(error, NotModerator):
            log.info("refused /%s to non-moderator %s", command, interaction.user.id)
            message = t("not_moderator", lang)
        elif isinstance(error, Unavailable):
            message = str(error)
        elif isinstance(error, app_commands.NoPrivateMessage):
            log.info("refused /%s in DMs to %s", command, interaction.user.id)
            message = t("guild_only", lang)
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = t("cooldown", lang, s=max(1, round(error.retry_after)))
        elif isinstance(error, app_commands.CheckFailure):
            log.info("check failed for /%s by %s: %s", command, interaction.user.id, error)
            message = t("not_moderator", lang)
        elif isinstance(error, app_commands.TransformerError):
            message = t("invalid", lang, msg=str(error)[:300])
        elif database_unavailable(error):
            log.warning("database unavailable during /%s (interaction %s): %s", command, interaction.id,
                        describe_error(getattr(error, "original", error)))
            message = t("db_unavailable", lang)
        else:
            original = getattr(error, "original", error)
            log.error("error in /%s (interaction %s)", command, interaction.id, exc_info=original)
            message = t("error", lang)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not tell the user about an error in /%s", command, exc_info=True)


_DOWN_ERRNOS = {errno.ENOENT, errno.ECONNREFUSED, errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE, errno.ETIMEDOUT,
                errno.EHOSTUNREACH, errno.ENETUNREACH}


def database_unavailable(error: BaseException) -> bool:
    """The database cannot be reached right now (server stopped or restarting, connection lost, locked for too
    long): the user is told it is temporary, not that something broke. Looks through the wrapped causes."""
    seen: set[int] = set()
    exc: BaseException | None = error
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ConnectionError | TimeoutError) or (isinstance(exc, OSError) and exc.errno in _DOWN_ERRNOS):
            return True
        module = type(exc).__module__
        if module.startswith("sqlalchemy"):
            from sqlalchemy import exc as sa

            if isinstance(exc, sa.OperationalError | sa.InterfaceError | sa.DisconnectionError | sa.TimeoutError) or \
                    getattr(exc, "connection_invalidated", False):
                return True
        if module.startswith("asyncpg"):
            import asyncpg

            if isinstance(exc, asyncpg.PostgresConnectionError | asyncpg.CannotConnectNowError | asyncpg.InterfaceError
                          | asyncpg.AdminShutdownError):
                return True
        exc = getattr(exc, "original", None) or exc.__cause__ or exc.__context__
    return False


def describe_error(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:200]}"


def outcome_of(error: Exception) -> str:
    """A short word for the interaction log line."""
    if isinstance(error, NotModerator | app_commands.NoPrivateMessage | app_commands.CheckFailure) and not isinstance(
            error, Unavailable):
        return "refused"
    if isinstance(error, Unavailable) or database_unavailable(error):
        return "unavailable"
    if isinstance(error, app_commands.CommandOnCooldown):
        return "cooldown"
    if isinstance(error, app_commands.TransformerError):
        return "invalid"
    return "error"


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


def bot_intents(settings: Settings) -> discord.Intents:
    intents = discord.Intents.none()
    intents.guilds = True  # roles and channels for the moderator check and watch channels
    intents.guild_messages = True  # mentions of the bot (their content is delivered without the privileged intent)
    intents.dm_messages = True
    intents.message_content = settings.message_content_intent
    return intents


class Passerelle(commands.Bot):
    """`snapshot` / `registry` may be injected (tests); otherwise they are opened in `setup_hook`."""

    def __init__(
        self,
        settings: Settings,
        *,
        snapshot: Snapshot | None = None,
        registry: Registry | None = None,
        registry_factory: Callable[[Settings], Awaitable[Registry]] | None = None,
        extensions: Sequence[str] = EXTENSIONS,
        **options: Any,
    ) -> None:
        options.setdefault("guild_ready_timeout", settings.guild_ready_timeout)
        if settings.sharded and isinstance(self, commands.AutoShardedBot):
            options.setdefault("shard_count", settings.shard_count)
            if settings.shard_ids is not None:
                options.setdefault("shard_ids", list(settings.shard_ids))
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(settings),
            help_command=None,
            tree_cls=PasserelleTree,
            allowed_mentions=NO_MENTIONS,
            chunk_guilds_at_startup=False,
            max_messages=None,
            owner_ids=set(settings.owner_ids) or None,
            **options,
        )
        self.settings = settings
        self.registry = registry
        self._registry_factory = registry_factory
        self._snapshot = snapshot
        self._engine: VerdictEngine | None = None
        self.initial_extensions = tuple(extensions)
        self.feed: Any = None  # db.notify.ChangeFeed when the registry is ours
        self.draining = False
        self.interactions_seen = 0
        self._inflight: dict[int, _InFlight] = {}
        self._track_interactions()

    # ----- data ----------------------------------------------------------------------------------------
    @property
    def snapshot(self) -> Snapshot:
        """The current snapshot: the registry's (rebuilt after each edit) or the one loaded from files."""
        if self.registry is not None:
            return self.registry.snapshot
        if self._snapshot is None:
            from jurisdictions.cli import default_snapshot

            self._snapshot = default_snapshot()
        return self._snapshot

    @property
    def engine(self) -> VerdictEngine:
        snap = self.snapshot
        if self._engine is None or self._engine.snapshot is not snap:
            self._engine = VerdictEngine(snap)
        return self._engine

    # ----- lifecycle ---------------------------------------------------------------------------------------
    async def setup_hook(self) -> None:
        await self.tree.set_translator(PasserelleTranslator())
        if self.registry is None and self._registry_factory is not None:
            self.registry = await self._registry_factory(self.settings)
            await self._start_change_feed()
        _ = self.snapshot  # load now, not on the first question
        for extension in self.initial_extensions:
            await self.load_extension(extension)
        log.info("loaded %s", ", ".join(self.initial_extensions))

    async def on_ready(self) -> None:
        log.info("ready as %s (%s) in %d guilds", self.user, getattr(self.user, "id", "?"), len(self.guilds))
        warn_at_start(self.settings, len(self.guilds))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        log.info("joined guild %s (now in %d)", guild.id, len(self.guilds))
        if moderation_unconfigured(self.settings, len(self.guilds)):
            warn_at_start(self.settings, len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: free-text questions are handled by the lookup cog's listener."""

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            feed, self.feed = self.feed, None
            if feed is not None:
                await feed.stop()
            registry, self.registry = self.registry, None
            if registry is not None and self._registry_factory is not None:  # only close what we opened
                await registry.close()

    # ----- several processes, one database ---------------------------------------------------------------------
    async def _start_change_feed(self) -> None:
        """Follow edits committed by other processes (db/notify.py) and post each watch alert once."""
        registry = self.registry
        if registry is None:
            return
        from db.notify import AlertClaims, ChangeFeed, claiming

        self.feed = ChangeFeed(registry, poll_interval=self.settings.data_poll_seconds)
        await self.feed.start()
        registry.subscribe = claiming(  # type: ignore[method-assign]
            registry.subscribe, AlertClaims(registry.engine), registry.watchers)

    # ----- interactions: one log line each, and the in-flight set drained on shutdown --------------------------
    def _track_interactions(self) -> None:
        parsers = self._connection.parsers
        dispatch = parsers["INTERACTION_CREATE"]
        on_message = parsers.get("MESSAGE_CREATE")

        def interaction_create(data: dict[str, Any]) -> None:
            kind, name = describe_interaction(data)
            ids = _ids(data)
            if self.draining:  # never acknowledged: Discord tells the user, who can try again
                interaction_log.info("interaction %s %s dropped (shutting down) id=%s", kind, name, ids["interaction_id"],
                                     extra={"fields": {"event": "interaction", "kind": kind, "command": name,
                                                       "outcome": "dropped", **ids}})
                return
            self.interactions_seen += 1
            started = time.perf_counter()
            spawned = _tasks_created_by(dispatch, data)
            record = _InFlight({"kind": kind, "command": name, **ids}, started, spawned)
            key = int(ids["interaction_id"] or 0)
            self._inflight[key] = record
            if not spawned:
                self._finish(key)
                return
            for task in spawned:
                task.add_done_callback(lambda t, key=key: self._task_done(key, t))

        def message_create(data: dict[str, Any]) -> None:
            if not self.draining and on_message is not None:
                on_message(data)

        parsers["INTERACTION_CREATE"] = interaction_create
        if on_message is not None:
            parsers["MESSAGE_CREATE"] = message_create

    def _task_done(self, key: int, task: asyncio.Task[Any]) -> None:
        record = self._inflight.get(key)
        if record is None:
            return
        record.pending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            record.outcome = "error"
        if not record.pending:
            self._finish(key)

    def _finish(self, key: int) -> None:
        record = self._inflight.pop(key, None)
        if record is None:
            return
        ms = round((time.perf_counter() - record.started) * 1000, 2)
        f = record.fields
        level = logging.DEBUG if f["kind"] == "autocomplete" else logging.INFO
        if interaction_log.isEnabledFor(level):
            interaction_log.log(level, "interaction %s %s %s %.1fms id=%s user=%s guild=%s channel=%s shard=%s",
                                f["kind"], f["command"], record.outcome, ms, f["interaction_id"], f["user_id"],
                                f["guild_id"], f["channel_id"], self._shard_of(f["guild_id"]),
                                extra={"fields": {"event": "interaction", **f, "outcome": record.outcome, "ms": ms,
                                                  "shard": self._shard_of(f["guild_id"])}})

    def note_outcome(self, interaction_id: int, outcome: str) -> None:
        record = self._inflight.get(int(interaction_id))
        if record is not None:
            record.outcome = outcome

    def _shard_of(self, guild_id: Any) -> int | None:
        count = self.shard_count
        if not guild_id or not count:
            return None
        return (int(guild_id) >> 22) % count

    @property
    def in_flight(self) -> int:
        return len(self._inflight)

    # ----- graceful shutdown ------------------------------------------------------------------------------------
    def is_closed(self) -> bool:
        """Also True while draining, so discord.py does not reconnect the gateway we closed on purpose."""
        return self.draining or super().is_closed()

    async def shutdown(self, timeout: float = 20.0) -> int:
        """SIGTERM: close the gateway (no new events), let in-flight interactions finish (up to `timeout`
        seconds) so every acknowledged one gets its answer, then close HTTP and the database. Returns how many
        interactions were still unfinished at the deadline (0 normally)."""
        if self.draining:
            return 0
        self.draining = True
        log.info("shutting down: closing the gateway, %d interaction(s) in flight", len(self._inflight))
        await self._close_gateway()
        pending = {t for r in self._inflight.values() for t in r.pending}
        pending |= {t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_message"}
        left = 0
        if pending:
            _, still = await asyncio.wait(pending, timeout=timeout)
            left = len(still)
            if still:
                log.warning("shutdown: %d interaction(s) did not finish within %.0f s", left, timeout)
        await self.close()
        log.info("shut down cleanly")
        return left

    async def _close_gateway(self) -> None:
        sockets = [shard._parent.ws for shard in getattr(self, "shards", {}).values()] if isinstance(
            self, commands.AutoShardedBot) else [self.ws]
        for ws in sockets:
            if ws is not None and ws.open:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ws.close(code=1000), 5)

    # ----- status (health) --------------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """What the status file says: state, last gateway heartbeat (wall clock), shards, data version."""
        if self.draining:
            state = "draining"
        elif self.is_ready():
            state = "ready"
        else:
            state = "starting"
        sockets: list[Any] = []
        if isinstance(self, commands.AutoShardedBot):
            sockets = [getattr(shard, "_parent", None) and shard._parent.ws for shard in self.shards.values()]
        else:
            sockets = [self.ws]
        beats = [_last_ack(ws) for ws in sockets]
        connected = bool(sockets) and all(ws is not None and ws.open for ws in sockets)
        beat = min(beats) if beats and None not in beats and connected else None
        version = self.registry.data_version if self.registry is not None else None
        latency = self.latency
        return {
            "state": state, "gateway_connected": connected, "gateway_heartbeat_at": beat,
            "latency_ms": round(latency * 1000, 1) if math.isfinite(latency) else None,
            "shard_count": self.shard_count, "shard_ids": sorted(getattr(self, "shard_ids", None) or []) or None,
            "guilds": len(self.guilds), "data_version": version, "in_flight": len(self._inflight),
            "interactions": self.interactions_seen,
            "listening": bool(self.feed and self.feed.listening),
        }


class ShardedPasserelle(Passerelle, commands.AutoShardedBot):
    """The same bot on discord.py's AutoShardedBot (SHARD_COUNT / SHARD_IDS)."""


def bot_class(settings: Settings) -> type[Passerelle]:
    return ShardedPasserelle if settings.sharded else Passerelle


def _tasks_created_by(dispatch: Callable[[dict[str, Any]], None], data: dict[str, Any]) -> set[asyncio.Task[Any]]:
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


def _last_ack(ws: Any) -> float | None:
    """Wall-clock time of the gateway's last heartbeat acknowledgement (None before the first)."""
    keep_alive = getattr(ws, "_keep_alive", None)
    last = getattr(keep_alive, "_last_ack", None)
    if ws is None or last is None:
        return None
    return time.time() - (time.perf_counter() - last)
