"""The bot itself: intents, command tree with the error handler, translator, snapshot access, and the
extensions loaded in `setup_hook` (RoboDanny / discord.py `advanced_startup` style)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.i18n import PasserelleTranslator, interaction_lang, t
from jurisdictions.snapshot import Snapshot
from jurisdictions.verdict import VerdictEngine
from settings import Settings

log = logging.getLogger("passerelle")
EXTENSIONS: tuple[str, ...] = ("cogs.lookup", "cogs.moderation")
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
        if isinstance(error, NotModerator):
            log.info("refused /%s to non-moderator %s", command, interaction.user.id)
            message = t("not_moderator", lang)
        elif isinstance(error, Unavailable):
            message = str(error)
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = t("guild_only", lang)
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = t("cooldown", lang, s=max(1, round(error.retry_after)))
        elif isinstance(error, app_commands.CheckFailure):
            log.info("check failed for /%s by %s: %s", command, interaction.user.id, error)
            message = t("not_moderator", lang)
        elif isinstance(error, app_commands.TransformerError):
            message = t("invalid", lang, msg=str(error)[:300])
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
        registry: Any | None = None,
        registry_factory: Callable[[Settings], Any] | None = None,
        extensions: Sequence[str] = EXTENSIONS,
        **options: Any,
    ) -> None:
        options.setdefault("guild_ready_timeout", settings.guild_ready_timeout)
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
        _ = self.snapshot  # load now, not on the first question
        for extension in self.initial_extensions:
            await self.load_extension(extension)
        log.info("loaded %s", ", ".join(self.initial_extensions))

    async def on_ready(self) -> None:
        log.info("ready as %s (%s) in %d guilds", self.user, getattr(self.user, "id", "?"), len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: free-text questions are handled by the lookup cog's listener."""

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            registry, self.registry = self.registry, None
            closer = getattr(registry, "aclose", None) or getattr(registry, "close", None)
            if closer is not None and self._registry_factory is not None:  # only close what we opened
                result = closer()
                if hasattr(result, "__await__"):
                    await result
