"""The bot itself: intents, the command tree (`app.tree`), translator, snapshot access, the extensions loaded in
`setup_hook` (RoboDanny / discord.py `advanced_startup` style), graceful shutdown and the status the heartbeat
file reports. What it learns from discord.py's internals comes from `app.telemetry`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from app.i18n import PasserelleTranslator
from app.permissions import moderation_unconfigured, warn_at_start
from app.telemetry import InteractionTracker, gateway_sockets, last_ack
from app.tree import NO_MENTIONS, PasserelleTree
from jurisdictions.snapshot import Snapshot
from jurisdictions.verdict import VerdictEngine
from settings import Settings

if TYPE_CHECKING:
    from db.registry import Registry

CLOSE_WAIT = 5.0  # seconds close() gives the interactions in flight
log = logging.getLogger("passerelle")
EXTENSIONS: tuple[str, ...] = ("cogs.lookup", "cogs.crisis", "cogs.help", "cogs.moderation", "cogs.watch",
                                "cogs.reports", "cogs.server_settings", "cogs.sourcewatch")  # reports after moderation


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
        self.interactions = InteractionTracker(self, lambda: self.draining)

    # ----- data ----------------------------------------------------------------------------------------
    @property
    def snapshot(self) -> Snapshot:
        """The current snapshot: the registry's (rebuilt after each edit) or the one loaded from files."""
        if self.registry is not None:
            return self.registry.snapshot
        if self._snapshot is None:
            from app.snapshots import default_snapshot

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
        # interactions still at work (a review post, a follow-up) end before the cogs unload and the database
        # closes: cancelled later, inside a query on a closed engine, a task can keep the event loop from closing
        current = asyncio.current_task()
        pending = {t for t in self.interactions.pending_tasks() if t is not current and not t.done()}
        if pending:
            await asyncio.wait(pending, timeout=CLOSE_WAIT)
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

    # ----- interactions: one log line each, and the in-flight set drained on shutdown (app.telemetry) -----------
    def note_outcome(self, interaction_id: int, outcome: str) -> None:
        self.interactions.note_outcome(interaction_id, outcome)

    @property
    def in_flight(self) -> int:
        return len(self.interactions.in_flight)

    @property
    def interactions_seen(self) -> int:
        return self.interactions.seen

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
        log.info("shutting down: closing the gateway, %d interaction(s) in flight", self.in_flight)
        await self._close_gateway()
        pending = self.interactions.pending_tasks()
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
        for ws in gateway_sockets(self):
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
        sockets = gateway_sockets(self)
        beats = [last_ack(ws) for ws in sockets]
        connected = bool(sockets) and all(ws is not None and ws.open for ws in sockets)
        beat = min(beats) if beats and None not in beats and connected else None
        version = self.registry.data_version if self.registry is not None else None
        latency = self.latency
        return {
            "state": state, "gateway_connected": connected, "gateway_heartbeat_at": beat,
            "latency_ms": round(latency * 1000, 1) if math.isfinite(latency) else None,
            "shard_count": self.shard_count, "shard_ids": sorted(getattr(self, "shard_ids", None) or []) or None,
            "guilds": len(self.guilds), "data_version": version, "in_flight": self.in_flight,
            "interactions": self.interactions_seen,
            "listening": bool(self.feed and self.feed.listening),
        }


class ShardedPasserelle(Passerelle, commands.AutoShardedBot):
    """The same bot on discord.py's AutoShardedBot (SHARD_COUNT / SHARD_IDS)."""


def bot_class(settings: Settings) -> type[Passerelle]:
    return ShardedPasserelle if settings.sharded else Passerelle
