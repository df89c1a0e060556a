"""Watch alerts: every committed change of a watched entry (made here, through `bot.py db …` or an import, in
this process or another on the same database) is posted as a short before/after notice in the watching
channels, in the server's language (`/settings`, else its Discord locale). `/entry watch` and `/entry unwatch`
(cogs.moderation) choose the channels per entry; a server's alert channel (`/settings alert_channel`, else
ALERT_CHANNEL_ID) receives every edit of every entry."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from app.embeds import EmbedBuilder, Markup, clip, md
from app.guild_prefs import prefs
from app.i18n import t
from app.places import place_name
from cogs.moderation.forms import show
from db.registry import Change, Revision

if TYPE_CHECKING:
    from app.bot import Passerelle

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
EDIT_COLOUR = discord.Colour(0x00838F)  # the moderation embeds' colour
BATCH = 5  # more edits than this in one change (an import) reach alert channels as one summary
SUMMARY_LINES = 20


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
        """Stop listening, and let the notices in flight end before the bot closes the database they read (a task
        cancelled later, inside a query on a closed engine, can keep the event loop from ever closing)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    def _watchers(self, change: Change, code: str) -> list[int]:
        """Channels watching `code` with `/entry watch` (a code missing from the change is looked up)."""
        ids = change.watchers.get(code)
        registry = self.bot.registry
        return sorted(ids if ids is not None else (registry.watchers(code) if registry is not None else ()))

    def _on_change(self, change: Change) -> None:
        if not change.revisions:
            return
        task = asyncio.get_running_loop().create_task(self.notify_watchers(change))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def notify_watchers(self, change: Change) -> None:
        """Post a short before/after notice in every channel watching the edited jurisdictions, and in every
        server's alert channel (`/settings`, else ALERT_CHANNEL_ID): each edit, or one summary when an import
        committed more than BATCH together."""
        guild_prefs = prefs(self.bot)
        alerts = await guild_prefs.notice_channels("alert_channel_id", self.bot.guilds)
        won = await self._claim_for_alert_channels(change) if alerts else set()
        langs: dict[int, str] = dict(alerts)
        watching = {rev.id: self._watchers(change, rev.code) for rev in change.revisions}
        for rev in change.revisions:
            for channel_id in watching[rev.id]:
                if channel_id not in langs:
                    langs[channel_id] = await self._channel_lang(channel_id)
                await self._post(channel_id, self.notice(rev, langs[channel_id]), rev.id)
        batch = len(change.revisions) > BATCH
        for channel_id, lang in alerts.items():  # what the channel has not just received as a watch alert
            left = [rev for rev in change.revisions if rev.id in won and channel_id not in watching[rev.id]]
            if batch and left:
                await self._post(channel_id, self.summary(left, lang), left[0].id)
                continue
            for rev in left:
                await self._post(channel_id, self.notice(rev, lang), rev.id)

    async def _claim_for_alert_channels(self, change: Change) -> set[int]:
        """The revisions this process posts to the alert channels: with several processes on one database each
        revision goes to them once, from the process that claims it first (db.notify.AlertClaims)."""
        engine = getattr(self.bot.registry, "engine", None)
        ids = [rev.id for rev in change.revisions]
        if engine is None:
            return set(ids)
        from db.notify import AlertClaims

        try:
            return await AlertClaims(engine, channels=True).claim(ids)
        except Exception:
            log.exception("could not claim the alert-channel notices of revisions %s; not posting them", ids)
            return set()

    async def _post(self, channel_id: int, embed: discord.Embed, rev_id: int) -> None:
        try:
            await self.bot.get_partial_messageable(channel_id).send(embed=embed, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not post the watch notice for revision %s in channel %s", rev_id, channel_id,
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

    def summary(self, revs: list[Revision], lang: str) -> discord.Embed:
        """Many edits at once (an import): one embed listing them, not one message each."""
        lines = [f"{md(rev.code)} · {md(clip(rev.path, 80))} · {md(clip(rev.by.name, 40))} · #{rev.id}"
                 for rev in revs[:SUMMARY_LINES]]
        if len(revs) > SUMMARY_LINES:
            lines.append(f"… +{len(revs) - SUMMARY_LINES}")
        builder = EmbedBuilder(title=t("watch_batch", lang, n=len(revs), rev=revs[0].id), colour=EDIT_COLOUR,
                               description=Markup("\n".join(lines)))
        builder.add(t("reason", lang), clip(revs[0].reason, 1000), priority=7)
        return builder.build()

    async def _channel_lang(self, channel_id: int) -> str:
        """The language of the server the channel belongs to (its /settings choice, else its Discord locale)."""
        channel = self.bot.get_channel(channel_id)
        guild = getattr(channel, "guild", None)
        if guild is None:
            return self.bot.settings.default_lang
        return await prefs(self.bot).notice_lang(guild.id, guild.preferred_locale)


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(Watch(bot))
