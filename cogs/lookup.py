"""Lookups for everyone: /canserve, /regulator, /minors, /jurisdictions, and free-text questions
(mention the bot or DM it). Answers come from the in-memory snapshot; the only database read is a server's
`/settings` (language, private by default), once per server and then cached (app.guild_prefs)."""

from __future__ import annotations

import gc
import logging
import re
import time
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from app.embeds import (
    CARD_COLOUR,
    STATUS_NAMES,
    answer_view,
    clip,
    md,
    minors_embed,
    register_items,
    regulator_embed,
    verdict_embed,
    verdict_view,
)
from app.guild_prefs import prefs
from app.i18n import interaction_lang, t
from app.memo import SnapshotMemo
from app.places import AGE_MAX, AGE_MIN, place_choices, resolve_place
from jurisdictions.lang import guess_lang
from jurisdictions.parser import resolve_pair
from jurisdictions.resolver import Resolution
from jurisdictions.situation import stay_from
from jurisdictions.snapshot import Snapshot
from jurisdictions.verdict import VerdictEngine, governing_body

if TYPE_CHECKING:
    from app.bot import Passerelle

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
DAYS_MIN, DAYS_MAX = 1, 3660
PAGE_SIZE = 12
PAIRS_MEMO = 256  # resolved pairs of typed texts (~1.2 KB each)
ANSWERS_MEMO = 128  # /canserve answers, ~10 KB each (their field texts are shared between answers: app.embeds)

_MENTION = re.compile(r"<@!?\d+>|<@&\d+>|@everyone|@here")


async def reply_to(message: discord.Message, **kwargs: Any) -> None:
    """Reply without pinging anyone; if the question was deleted meanwhile, post anyway (Discord would otherwise
    refuse the reply: `fail_if_not_exists` false)."""
    await message.channel.send(reference=message.to_reference(fail_if_not_exists=False), mention_author=False,
                               allowed_mentions=NO_MENTIONS, **kwargs)


_PAGE_LINES: dict[tuple[int, str], tuple[Snapshot, tuple[str, ...]]] = {}


def page_lines(snapshot: Snapshot, lang: str) -> tuple[str, ...]:
    """The /jurisdictions lines, built once per snapshot and language and shared by every open view (each view
    lives 300 s; its own copy of the lines was 12 KB of its 15)."""
    hit = _PAGE_LINES.get((id(snapshot), lang))
    if hit is not None and hit[0] is snapshot:
        return hit[1]
    jurs = sorted(snapshot.jurisdictions.values(), key=lambda j: j.code)
    lines = tuple(f"`{j.code}` {md(j.name.get(lang))} — {md(STATUS_NAMES[j.rule.status.value].get(lang))}" for j in jurs)
    if len(_PAGE_LINES) >= 8:  # older snapshots: their views keep their own reference
        _PAGE_LINES.clear()
    _PAGE_LINES[(id(snapshot), lang)] = (snapshot, lines)
    return lines


class JurisdictionPages(discord.ui.View):
    """The /jurisdictions list, paginated with ◀ ▶ buttons that only the invoker may press."""

    def __init__(self, snapshot: Snapshot, lang: str, owner_id: int, timeout: float = 300.0) -> None:
        super().__init__(timeout=timeout)
        self.lang = lang
        self.owner_id = owner_id
        self.lines = page_lines(snapshot, lang)
        self.pages = max(1, -(-len(self.lines) // PAGE_SIZE))
        self.page = 0
        self._sync_buttons()

    def embed(self) -> discord.Embed:
        start = self.page * PAGE_SIZE
        embed = discord.Embed(title=f"{t('jurisdictions_title', self.lang)} ({len(self.lines)})", colour=CARD_COLOUR,
                              description=clip("\n".join(self.lines[start:start + PAGE_SIZE]), 4096))
        embed.set_footer(text=t("page", self.lang, n=self.page + 1, total=self.pages))
        return embed

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(t("not_yours", interaction_lang(interaction)), ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return False
        return True

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = min(max(page, 0), self.pages - 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.embed(), view=self, allowed_mentions=NO_MENTIONS)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary, custom_id="pages:prev")
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[JurisdictionPages]) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary, custom_id="pages:next")
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[JurisdictionPages]) -> None:
        await self._show(interaction, self.page + 1)


class Lookup(commands.Cog):
    _frozen = False  # gc.freeze() done (once per process)

    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot
        s = bot.settings
        self.cooldown = commands.CooldownMapping.from_cooldown(s.question_rate, s.question_per_seconds, commands.BucketType.user)
        self._warned_until: dict[int, float] = {}
        # /canserve: the places each pair of typed texts resolves to, and the answers (embed and buttons) per pair of
        # places, age, modality, stay and language; both emptied when the snapshot changes (app.memo)
        self._pairs: SnapshotMemo[tuple[Resolution, Resolution]] = SnapshotMemo(PAIRS_MEMO)
        self._answers: SnapshotMemo[tuple[discord.Embed, discord.ui.View | None]] = SnapshotMemo(ANSWERS_MEMO)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Once: what start-up built (modules, the snapshot, the command tree) lives as long as the process, so
        the collector stops rescanning it: each full collection walked those ~110,000 objects. Start-up's
        garbage is collected first, or it would be frozen with them and its memory never reused."""
        if not Lookup._frozen:
            Lookup._frozen = True
            gc.collect()
            gc.freeze()

    # ----- helpers -----------------------------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot:
        return self.bot.snapshot

    @property
    def engine(self) -> VerdictEngine:
        return self.bot.engine

    async def place_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return place_choices(self.snapshot, current, interaction_lang(interaction))

    async def _private(self, interaction: discord.Interaction) -> bool:
        """The server's private-by-default choice (issue 15), else PRIVATE_ANSWERS."""
        return bool((await prefs(self.bot).of(interaction.guild_id)).private_answers)

    async def _refuse(self, interaction: discord.Interaction, message: str) -> None:
        await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # ----- slash commands ------------------------------------------------------------------------------
    @app_commands.command(name="canserve", description="May I serve a client located elsewhere? A sourced answer")
    @app_commands.rename(worker="from", client="to")
    @app_commands.describe(
        worker="Where you are registered (province, state, country, city)",
        client="Where the client is located now",
        age="The client's age, if a minor might be involved",
        days="How many days the client is there (or you practise there) this year",
        situation="Why the client is there, or whether they are new",
        modality="How you will see the client",
        private="Only you see the answer",
    )
    @app_commands.choices(
        situation=[app_commands.Choice(name="visiting (holiday, work trip, family)", value="visiting"),
                   app_commands.Choice(name="moved or moving there", value="moving"),
                   app_commands.Choice(name="studying there", value="studying"),
                   app_commands.Choice(name="an existing client", value="existing"),
                   app_commands.Choice(name="a new client", value="new")],
        modality=[app_commands.Choice(name="video", value="video"), app_commands.Choice(name="phone", value="phone"),
                  app_commands.Choice(name="text or chat", value="text"),
                  app_commands.Choice(name="in person", value="in_person")],
    )
    @app_commands.autocomplete(worker=place_autocomplete, client=place_autocomplete)
    async def canserve(
        self, interaction: discord.Interaction, worker: str, client: str,
        age: app_commands.Range[int, AGE_MIN, AGE_MAX] | None = None,
        days: app_commands.Range[int, DAYS_MIN, DAYS_MAX] | None = None,
        situation: app_commands.Choice[str] | None = None, modality: app_commands.Choice[str] | None = None,
        private: bool | None = None,
    ) -> None:
        lang = await prefs(self.bot).lang(interaction)  # the user's locale, else the server's language
        if age is not None and not AGE_MIN <= age <= AGE_MAX:  # Discord enforces the range in its client, not for us
            await self._refuse(interaction, t("age_range", lang))
            return
        if days is not None and not DAYS_MIN <= days <= DAYS_MAX:
            await self._refuse(interaction, t("days_range", lang))
            return
        snap = self.snapshot
        pair = self._pairs.get(snap, (worker, client))
        if pair is None:  # "Brandon" for a Manitoba worker
            pair = self._pairs.put(snap, (worker, client), resolve_pair(snap.index, worker, client))
        worker_res, client_res = pair
        if worker_res.match is None or client_res.match is None:
            problems = [msg for _, msg in (resolve_place(snap, worker, lang, worker_res),
                                           resolve_place(snap, client, lang, client_res)) if msg]
            await self._refuse(interaction, "\n".join(problems))
            return
        stay = stay_from([situation.value] if situation else None, days)
        mode = modality.value if modality else None
        # the answer depends on the two places, not on how they were typed ("QC", "Gatineau", "Québec")
        key = (worker_res.match.code, client_res.match.code, age, mode, stay, lang)
        answer = self._answers.get(snap, key)
        if answer is None:
            verdict = self.engine.check(worker, client, age, mode, stay, resolved=pair)  # type: ignore[arg-type]
            answer = self._answers.put(snap, key, (verdict_embed(verdict, lang), verdict_view(verdict, lang)))
        embed, view = answer
        kwargs = {"view": view} if view is not None else {}
        if private is None:
            private = await self._private(interaction)
        await interaction.response.send_message(embed=embed, ephemeral=private, allowed_mentions=NO_MENTIONS, **kwargs)

    @app_commands.command(name="regulator", description="The regulator of a place: contacts, rule, sources")
    @app_commands.describe(place="A province, state, country or city")
    @app_commands.autocomplete(place=place_autocomplete)
    async def regulator(self, interaction: discord.Interaction, place: str) -> None:
        lang = await prefs(self.bot).lang(interaction)
        snap = self.snapshot
        jur, problem = resolve_place(snap, place, lang)
        if jur is None:
            await self._refuse(interaction, problem or "")
            return
        embed = regulator_embed(jur, lang, snap.guidance.disclaimer)
        view = answer_view(governing_body(jur), "r", jur.code, None, lang)
        kwargs = {"view": view} if view is not None else {}
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS,
                                                ephemeral=await self._private(interaction), **kwargs)

    @app_commands.command(name="minors", description="Minor clients in a place: age of majority, consent, duty to report")
    @app_commands.describe(place="A province, state, country or city")
    @app_commands.autocomplete(place=place_autocomplete)
    async def minors(self, interaction: discord.Interaction, place: str) -> None:
        lang = await prefs(self.bot).lang(interaction)
        snap = self.snapshot
        jur, problem = resolve_place(snap, place, lang)
        if jur is None:
            await self._refuse(interaction, problem or "")
            return
        embed = minors_embed(jur, lang, snap.guidance.disclaimer)
        if embed is None:
            await self._refuse(interaction, t("no_minors", lang, name=jur.name.get(lang)))
            return
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS,
                                                ephemeral=await self._private(interaction),
                                                view=answer_view(None, "m", jur.code, None, lang) or discord.utils.MISSING)

    @app_commands.command(name="jurisdictions", description="Every jurisdiction we cover")
    async def jurisdictions(self, interaction: discord.Interaction) -> None:
        view = JurisdictionPages(self.snapshot, interaction_lang(interaction), interaction.user.id)
        await interaction.response.send_message(embed=view.embed(), view=view, allowed_mentions=NO_MENTIONS)

    # ----- free text -------------------------------------------------------------------------------------
    def addressed_text(self, message: discord.Message) -> str | None:
        """The question when the message is a DM or mentions the bot; None when it is not for us."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return None
        if message.guild is not None and me.id not in message.raw_mentions:
            return None
        return _MENTION.sub(" ", message.content).strip()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        text = self.addressed_text(message)
        if text is None:
            return
        lang = guess_lang(text)
        retry_after = self.cooldown.update_rate_limit(message)
        if retry_after:
            now = time.monotonic()
            if self._warned_until.get(message.author.id, 0.0) < now:  # say it once per window, then stay quiet
                if len(self._warned_until) > 10_000:
                    self._warned_until = {k: v for k, v in self._warned_until.items() if v > now}
                self._warned_until[message.author.id] = now + retry_after
                await reply_to(message, content=t("cooldown", lang, s=max(1, round(retry_after))))
            return
        if not text:
            await reply_to(message, content=t("ask_help", lang))
            return
        verdict = self.engine.answer(text)
        kwargs = {"view": view} if (view := verdict_view(verdict, lang)) is not None else {}
        await reply_to(message, embed=verdict_embed(verdict, lang), **kwargs)


async def setup(bot: Passerelle) -> None:
    from jurisdictions import gazetteer

    gazetteer.shared()  # load the GeoNames index now (~0.1 s from its cache), not during the first question
    register_items(bot)  # the report button under answers (app.embeds.FrozenView)
    await bot.add_cog(Lookup(bot))
