"""The periodic source watch in the running bot (issue 15): every SOURCE_WATCH_HOURS (0 = off) read every page the
current data cites (db.page_state.watch_round: fingerprints shared in the database, one notice per change across
processes) and post each change to the review channel of every server this process serves, with one button per
fact that cites the page (shows the fact) and "Mark verified" (moderators: records the page as read today).

With several processes (shards), the one that claims a change posts it to every server's review channel: sending
a message needs no gateway connection to that server.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from app.embeds import EmbedBuilder, clip, link, md, plain
from app.guild_prefs import prefs
from app.i18n import interaction_lang, t
from app.permissions import refusal
from app.places import place_name
from cogs.moderation.forms import show
from db.page_state import PageState, watch_round
from db.registry import Actor, NoChange, NotFound, RegistryError
from jurisdictions.pagewatch import Citation, PageResult, citations, notice

if TYPE_CHECKING:
    from app.bot import Passerelle

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
NOTICE_COLOUR = discord.Colour(0xEF6C00)
FACT_BUTTONS = 20  # + "Mark verified", within Discord's 25 components


def url_key(url: str) -> str:
    """A short, stable id of a page for a custom_id (a URL may be longer than the 100 characters allowed)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


class FactButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                 template=r"sf:(?P<code>[A-Z0-9-]{2,16}):(?P<path>[\w.\-]{1,80})"):
    """One fact citing a changed page: shows it (value, source, when the source was read), privately."""

    def __init__(self, code: str, path: str) -> None:
        super().__init__(discord.ui.Button(label=plain(f"{code} {path}", 80), style=discord.ButtonStyle.secondary,
                                           custom_id=f"sf:{code}:{path}"))
        self.code, self.path = code, path

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any],  # type: ignore[override]
                             match: re.Match[str]) -> FactButton:
        return cls(match["code"], match["path"])

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        lang = interaction_lang(interaction)
        bot: Any = interaction.client
        registry = bot.registry
        if registry is None:
            await interaction.response.send_message(t("no_registry", lang), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        try:
            fact = await registry.entry(self.code, self.path)
        except NotFound:
            await interaction.response.send_message(t("report_fact_gone", lang, place=self.code, field=self.path),
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        builder = EmbedBuilder(title=f"{place_name(bot.snapshot, self.code, lang)} · {self.path}", colour=NOTICE_COLOUR)
        builder.add(t("fact_value", lang), show(fact.value, 900), priority=9)
        if fact.source is not None:
            builder.add("Source", md(f"{fact.source.title} — ") + (link(fact.source.url) or ""), priority=8)
            builder.add(t("fact_verified", lang), str(fact.source.last_verified or "?"), priority=7, inline=True)
        await interaction.response.send_message(embed=builder.build(), ephemeral=True, allowed_mentions=NO_MENTIONS)


class VerifyButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"sv:(?P<key>[0-9a-f]{24})"):
    """"Mark verified": every source with that URL is recorded as read today (moderators only)."""

    def __init__(self, key: str, lang: str = "en") -> None:
        super().__init__(discord.ui.Button(label=t("mark_verified", lang), style=discord.ButtonStyle.success,
                                           custom_id=f"sv:{key}"))
        self.key = key

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any],  # type: ignore[override]
                             match: re.Match[str]) -> VerifyButton:
        return cls(match["key"], interaction_lang(interaction))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        cog: Any = interaction.client.get_cog("SourceWatch")  # type: ignore[attr-defined]
        if cog is not None:
            await cog.mark_verified(interaction, self.key)


class SourceWatch(commands.Cog):
    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot
        self._task: asyncio.Task[None] | None = None
        self.timeout = 15.0  # per page
        self.cited: Callable[[], dict[str, Citation]] = lambda: citations(self.bot.snapshot.jurisdictions.values())

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(FactButton, VerifyButton)
        hours = self.bot.settings.source_watch_hours
        if hours > 0 and self.bot.registry is not None:
            self._task = asyncio.get_running_loop().create_task(self._every(hours * 3600), name="source-watch")

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(FactButton, VerifyButton)
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _every(self, seconds: float) -> None:
        """A round every `seconds`, the first one after the first interval (a restart does not re-read every page)."""
        await self.bot.wait_until_ready()
        while not self.bot.is_closed():
            await asyncio.sleep(seconds)
            try:
                n = await self.run_round()
                log.info("source watch: %d changed page(s) announced", n)
            except asyncio.CancelledError:
                raise
            except Exception:  # one failed round (database, network) must not end the watch
                log.warning("source watch round failed", exc_info=True)

    async def review_channels(self) -> list[tuple[int, str]]:
        """(channel id, language) of the review channel of every server that set one (in the database, whichever
        process serves it), and REVIEW_CHANNEL_ID for the servers here that set none."""
        return sorted((await prefs(self.bot).notice_channels("review_channel_id", self.bot.guilds)).items())

    async def run_round(self) -> int:
        """One reading of every cited page; returns how many changes this process announced."""
        registry = self.bot.registry
        if registry is None:
            return 0
        changed = await watch_round(PageState(registry.engine), self.cited(), timeout=self.timeout)
        if not changed:
            return 0
        channels = await self.review_channels()
        for result in changed:
            for channel_id, lang in channels:
                try:
                    await self.bot.get_partial_messageable(channel_id).send(
                        embed=self.notice_embed(result, lang), view=self.notice_view(result, lang),
                        allowed_mentions=NO_MENTIONS)
                except discord.HTTPException:
                    log.warning("could not post the page-change notice for %s in %s", result.citation.url, channel_id,
                                exc_info=True)
        return len(changed)

    def notice_embed(self, result: PageResult, lang: str) -> discord.Embed:
        builder = EmbedBuilder(title=t("page_changed", lang), description=md(notice(result, lang)), colour=NOTICE_COLOUR)
        builder.add("URL", link(result.citation.url), priority=9)
        return builder.build()

    def notice_view(self, result: PageResult, lang: str) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        for cited in result.citation.facts[:FACT_BUTTONS]:
            code, _, path = cited.partition(" ")
            if path and len(f"sf:{code}:{path}") <= 100:
                view.add_item(FactButton(code, path))
        view.add_item(VerifyButton(url_key(result.citation.url), lang))
        return view

    async def mark_verified(self, interaction: discord.Interaction, key: str) -> None:
        lang = interaction_lang(interaction)
        registry = self.bot.registry
        guild_prefs = prefs(self.bot)
        await guild_prefs.of(interaction.guild_id)
        problem = "no_registry" if registry is None else refusal(interaction, guild_prefs.moderation_settings(interaction.guild_id))
        if problem is not None or registry is None:
            await interaction.response.send_message(t(problem or "no_registry", lang), ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return
        sources = [(jur.code, skey, src.url) for jur in self.bot.snapshot.jurisdictions.values()
                   for skey, src in jur.sources.items() if url_key(src.url) == key]
        if not sources:
            await interaction.response.send_message(t("page_not_cited", lang), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        who = Actor(str(interaction.user.id), clip(interaction.user.display_name, 100))
        done = 0
        for code, skey, _ in sources:
            try:
                await registry.mark_verified(code, by=who, source=skey, reason="the page changed; re-read and verified")
                done += 1
            except NoChange:
                continue
            except RegistryError:
                log.warning("could not mark %s %s verified", code, skey, exc_info=True)
        await interaction.followup.send(t("page_verified", lang, url=sources[0][2], n=done), ephemeral=True,
                                        allowed_mentions=NO_MENTIONS)


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(SourceWatch(bot))
