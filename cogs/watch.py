"""Watch alerts: every committed change of a watched entry (made here, through `bot.py db …` or an import, in
this process or another on the same database) is posted as a short before/after notice in the watching
channels, in the server's language. `/entry watch` and `/entry unwatch` (cogs.moderation) choose the channels."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from app.embeds import EmbedBuilder, clip
from app.i18n import lang_of, t
from app.places import place_name
from cogs.moderation.forms import show
from db.registry import Change, Revision

if TYPE_CHECKING:
    from app.bot import Passerelle

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
EDIT_COLOUR = discord.Colour(0x00838F)  # the moderation embeds' colour


class Watch(commands.Cog):
    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot
        self._unsubscribe: Any = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def cog_load(self) -> None:
        """Watch alerts: the registry announces every committed change (from here, the CLI or an import)."""
        subscribe = getattr(self.bot.registry, "subscribe", None)
        if subscribe is not None:
            self._unsubscribe = subscribe(self._on_change)

    async def cog_unload(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        for task in list(self._tasks):
            task.cancel()

    def _watchers(self, change: Change, code: str) -> list[int]:
        """Channels to tell about a revision of `code` (a code missing from the change is looked up)."""
        ids = change.watchers.get(code)
        registry = self.bot.registry
        return sorted(ids if ids is not None else (registry.watchers(code) if registry is not None else ()))

    def _on_change(self, change: Change) -> None:
        if not any(self._watchers(change, r.code) for r in change.revisions):
            return
        task = asyncio.get_running_loop().create_task(self.notify_watchers(change))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def notify_watchers(self, change: Change) -> None:
        """Post a short before/after notice in every channel watching the edited jurisdictions."""
        for rev in change.revisions:
            for channel_id in self._watchers(change, rev.code):
                lang = self._channel_lang(channel_id)
                try:
                    await self.bot.get_partial_messageable(channel_id).send(embed=self.notice(rev, lang),
                                                                            allowed_mentions=NO_MENTIONS)
                except discord.HTTPException:
                    log.warning("could not post the watch notice for revision %s in channel %s", rev.id, channel_id,
                                exc_info=True)

    def notice(self, rev: Revision, lang: str) -> discord.Embed:
        builder = EmbedBuilder(
            title=t("watch_notice", lang, place=place_name(self.bot.snapshot, rev.code, lang), field=rev.path, who=rev.by.name, rev=rev.id),
            colour=EDIT_COLOUR,
        )
        builder.add(t("before", lang), show(rev.old_value, 900), priority=8)
        builder.add(t("after", lang), show(rev.new_value, 900), priority=9)
        builder.add(t("reason", lang), clip(rev.reason, 1000), priority=7)
        if rev.source_url:
            builder.add(t("source_url", lang), clip(rev.source_url, 1000), priority=6)
        return builder.build()

    def _channel_lang(self, channel_id: int) -> str:
        channel = self.bot.get_channel(channel_id)
        guild = getattr(channel, "guild", None)
        return lang_of(guild.preferred_locale) if guild is not None else "en"


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(Watch(bot))
