"""Members' reports on answers (issue 15): filed from the "Report a problem" button (app.report_views), stored
(db.reports), posted to the server's review channel, decided there by moderators, and the reporter told by DM.

- Accept: a report naming a fact opens the edit form of that fact pre-filled with the proposed value and source;
  the saved revision's reason starts "Report #N by <reporter>", so the history names the reporter. A report naming
  no fact (a regulator card, minors notes) shows the moderator a list of the entry's fields to correct, or
  "Accept without an edit".
- Dismiss asks for the reason, which the reporter receives; Needs source asks the reporter for one.
- `/entry reports` lists this server's open reports (moderators).
Report text never renders as Markdown or pings anyone: every value goes through `md()`, every message is sent with
no allowed mentions.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from app.embeds import EmbedBuilder, Markup, clip, link, md, plain
from app.guild_prefs import locale_lang, prefs
from app.i18n import interaction_lang, t
from app.permissions import refusal
from app.places import place_name
from app.report_views import KINDS, DismissModal, ReportButton, ReviewButton, review_view
from app.tree import NotModerator, Unavailable
from cogs.moderation.views import EditModal, OwnedView
from db.registry import FactInfo, NotFound, Revision
from db.reports import Report, ReportRefused, ReportStore
from jurisdictions.lang import guess_lang

if TYPE_CHECKING:
    from app.bot import Passerelle
    from cogs.moderation import Moderation

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
REPORT_COLOUR = discord.Colour(0xAD1457)
DONE_COLOUR = discord.Colour(0x546E7A)
NO_EDIT = "__accept_without_edit__"
FIELD_PREFIXES = {"m": ("minors.",), "r": ("regulators.", "rule."), "v": ("rule.", "regulators.")}


def history_reason(report: Report) -> str:
    """The prefix every accepted edit's reason starts with: the history names the report and its author."""
    return f"Report #{report.id} by {clip(report.reporter_name, 60)}"


class Reports(commands.Cog):
    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot
        self._store: ReportStore | None = None
        self._store_engine: Any = None
        self._command: app_commands.Command[Any, ..., None] | None = None

    # ----- set-up -------------------------------------------------------------------------------------------------
    @property
    def store(self) -> ReportStore | None:
        registry = self.bot.registry
        if registry is None:
            return None
        if self._store is None or self._store_engine is not registry.engine:
            self._store = ReportStore(registry.engine, per_user=self.bot.settings.reports_per_hour)
            self._store_engine = registry.engine
        return self._store

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReportButton, ReviewButton)  # the buttons work on messages sent before a restart

        async def reports(interaction: discord.Interaction) -> None:
            await self.list_reports(interaction)

        group = self.bot.tree.get_command("entry")
        if isinstance(group, app_commands.Group):  # /entry reports, beside the other moderators' commands
            self._command = app_commands.Command(name="reports", description="Open reports from members on the answers",
                                                 callback=reports)
            group.add_command(self._command)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReportButton, ReviewButton)
        group = self.bot.tree.get_command("entry")
        if isinstance(group, app_commands.Group) and self._command is not None:
            group.remove_command(self._command.name)

    # ----- helpers --------------------------------------------------------------------------------------------------
    async def _say(self, interaction: discord.Interaction, content: str | None = None, **kwargs: Any) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs)
        else:
            await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs)

    async def refusal(self, interaction: discord.Interaction) -> str | None:
        """None when the user may moderate here (the server's moderator role counts); else the i18n key."""
        if self.store is None:
            return "no_registry"
        guild_prefs = prefs(self.bot)
        await guild_prefs.of(interaction.guild_id)
        return refusal(interaction, guild_prefs.moderation_settings(interaction.guild_id))

    @property
    def moderation(self) -> Moderation | None:
        cog: Any = self.bot.get_cog("Moderation")
        return cog

    async def server_lang(self, guild_id: int | None) -> str:
        return (await prefs(self.bot).of(guild_id)).lang or self.bot.settings.default_lang

    def place(self, code: str, lang: str) -> str:
        return place_name(self.bot.snapshot, code, lang)

    # ----- filing ---------------------------------------------------------------------------------------------------
    async def file_report(self, interaction: discord.Interaction, kind: str, code: str, path: str | None, answer: str,
                          problem: str, source_url: str, value: str) -> None:
        lang = interaction_lang(interaction)
        store = self.store
        if store is None:
            await self._say(interaction, t("no_registry", lang))
            return
        user = interaction.user
        try:
            report = await store.file(reporter_id=str(user.id), reporter_name=user.display_name, code=code, path=path,
                                      answer=answer, problem=problem, source_url=source_url or None,
                                      proposed_value=value or None, guild_id=interaction.guild_id,
                                      lang=locale_lang(interaction.locale))
        except ReportRefused as exc:
            log.info("report by %s on %s refused: %s", user.id, code, exc.code)
            await self._say(interaction, t("report_refused", lang, msg=clip(exc.message, 1500)))
            return
        log.info("report #%s filed by %s on %s %s", report.id, user.id, code, path or "")
        await self._say(interaction, t("report_filed", lang, id=report.id))
        await self.post_review(report)

    async def post_review(self, report: Report) -> None:
        """The report in the review channel of the server it came from (else REVIEW_CHANNEL_ID), with the buttons."""
        channel_id = (await prefs(self.bot).of(report.guild_id)).review_channel_id
        if channel_id is None:
            log.info("report #%s: no review channel for guild %s; it waits in /entry reports", report.id, report.guild_id)
            return
        lang = await self.server_lang(report.guild_id)
        try:
            message = await self.bot.get_partial_messageable(channel_id).send(
                embed=self.review_embed(report, lang), view=review_view(report.id, lang), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not post report #%s in channel %s", report.id, channel_id, exc_info=True)
            return
        store = self.store
        if store is not None:
            await store.posted(report.id, channel_id, message.id)

    def status_text(self, report: Report, lang: str) -> Markup:
        who = report.resolved_by or "?"
        if report.status == "accepted":
            if report.revision_id is not None:
                return t("status_accepted_rev", lang, who=who, rev=report.revision_id)
            return t("status_accepted", lang, who=who)
        if report.status == "dismissed":
            return t("status_dismissed", lang, who=who, note=report.resolution_note or "")
        if report.status == "needs_source":
            return t("status_needs_source", lang, who=who)
        return t("status_open", lang)

    def review_embed(self, report: Report, lang: str) -> discord.Embed:
        builder = EmbedBuilder(title=t("report_title", lang, id=report.id, place=self.place(report.code, lang)),
                               description=md(report.problem),
                               colour=REPORT_COLOUR if report.is_open else DONE_COLOUR)
        if report.path:
            builder.add(t("report_fact", lang), Markup(f"`{md(report.path)}`"), priority=9)
        builder.add(t("report_proposed", lang), md(report.proposed_value) if report.proposed_value else None, priority=8)
        builder.add(t("source_url", lang), link(report.source_url), priority=8)
        builder.add(t("report_answer", lang), md(report.answer), priority=5)
        builder.add(t("report_by", lang), md(report.reporter_name), priority=7, inline=True)
        builder.add(t("report_status", lang), self.status_text(report, lang), priority=9, inline=True)
        return builder.build()

    # ----- review buttons ---------------------------------------------------------------------------------------------
    async def _open_report(self, interaction: discord.Interaction, report_id: int) -> Report | None:
        """The report, if this moderator may still decide it (else they were told why)."""
        lang = interaction_lang(interaction)
        problem = await self.refusal(interaction)
        if problem is not None:
            log.info("refused report #%s to %s: %s", report_id, interaction.user.id, problem)
            await self._say(interaction, t(problem, lang))
            return None
        assert self.store is not None
        try:
            report = await self.store.get(report_id)
        except ReportRefused as exc:
            await self._say(interaction, t("report_refused", lang, msg=exc.message))
            return None
        if not report.is_open:
            await self._say(interaction, t("report_handled", lang, msg=self.status_text(report, lang)))
            return None
        return report

    async def review(self, interaction: discord.Interaction, report_id: int, action: str) -> None:
        lang = interaction_lang(interaction)
        report = await self._open_report(interaction, report_id)
        if report is None:
            return
        if action == "dismiss":
            await interaction.response.send_modal(DismissModal(report.id, lang))
        elif action == "source":
            if report.status == "needs_source":
                await self._say(interaction, t("report_handled", lang, msg=self.status_text(report, lang)))
                return
            decided = await self._decide(interaction, report, "needs_source")
            if decided is not None:
                await interaction.response.edit_message(embed=self.review_embed(decided, await self.server_lang(decided.guild_id)),
                                                        view=review_view(decided.id, lang), allowed_mentions=NO_MENTIONS)
                await self.tell_reporter(decided, "dm_needs_source")
        else:
            await self.start_accept(interaction, report, lang)

    async def _decide(self, interaction: discord.Interaction, report: Report, decision: str, *,
                      note: str | None = None, revision_id: int | None = None) -> Report | None:
        assert self.store is not None
        try:
            decided = await self.store.decide(report.id, decision, by_id=str(interaction.user.id),
                                              by_name=clip(interaction.user.display_name, 100), note=note,
                                              revision_id=revision_id)
        except ReportRefused as exc:
            lang = interaction_lang(interaction)
            key = "report_handled" if exc.code == "decided" else "report_refused"
            await self._say(interaction, t(key, lang, msg=clip(exc.message, 1500)))
            return None
        log.info("report #%s %s by %s", report.id, decision, interaction.user.id)
        return decided

    async def dismiss(self, interaction: discord.Interaction, report_id: int, reason: str) -> None:
        report = await self._open_report(interaction, report_id)  # the form was open a while: check again
        if report is None:
            return
        decided = await self._decide(interaction, report, "dismissed", note=reason)
        if decided is None:
            return
        await interaction.response.edit_message(embed=self.review_embed(decided, await self.server_lang(decided.guild_id)),
                                                view=None, allowed_mentions=NO_MENTIONS)
        await self.tell_reporter(decided, "dm_dismissed", note=decided.resolution_note or "")

    # ----- accept -------------------------------------------------------------------------------------------------------
    async def start_accept(self, interaction: discord.Interaction, report: Report, lang: str, path: str | None = None) -> None:
        moderation, registry = self.moderation, self.bot.registry
        if moderation is None or registry is None:
            await self._say(interaction, t("no_registry", lang))
            return
        path = path or report.path
        if path is None:
            await self._say(interaction, t("report_pick_field", lang, id=report.id),
                            view=FieldPick(self, report, lang, interaction.user.id))
            return
        try:
            entry = await registry.entry(report.code, path)
        except NotFound:
            await self._say(interaction, t("report_fact_gone", lang, place=self.place(report.code, lang), field=path))
            return
        await interaction.response.send_modal(ReportEditModal(moderation, entry, lang, report, self))

    async def accepted(self, interaction: discord.Interaction, report: Report, revision: Revision | None) -> None:
        """After the edit was saved (or with none): decide, update the review post, tell the reporter."""
        decided = await self._decide(interaction, report, "accepted", revision_id=revision.id if revision else None)
        if decided is None:
            return
        await self.update_review_post(decided)
        if revision is not None:
            await self.tell_reporter(decided, "dm_accepted", field=revision.path, rev=revision.id)
        else:
            await self.tell_reporter(decided, "dm_accepted_noedit")

    async def update_review_post(self, report: Report) -> None:
        if report.review_channel_id is None or report.review_message_id is None:
            return
        lang = await self.server_lang(report.guild_id)
        message = self.bot.get_partial_messageable(report.review_channel_id).get_partial_message(report.review_message_id)
        try:
            await message.edit(embed=self.review_embed(report, lang), view=None, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not update the review post of report #%s", report.id, exc_info=True)

    async def tell_reporter(self, report: Report, key: str, **values: object) -> None:
        """A private message to the reporter, in the language they reported in (else the server's; a closed DM is
        logged, not an error)."""
        lang = report.lang or await self.server_lang(report.guild_id)
        text = t(key, lang, id=report.id, place=self.place(report.code, lang), **values)
        try:
            channel = await self.bot.create_dm(discord.Object(int(report.reporter_id)))
            await channel.send(clip(text, 2000), allowed_mentions=NO_MENTIONS)
        except (discord.HTTPException, ValueError):
            log.info("could not tell the reporter of #%s (DMs closed?)", report.id, exc_info=True)

    # ----- /entry reports ------------------------------------------------------------------------------------------------
    async def list_reports(self, interaction: discord.Interaction) -> None:
        lang = interaction_lang(interaction)
        problem = await self.refusal(interaction)
        if problem == "guild_only":  # refused like every /entry command: the tree's handler answers and logs it
            raise app_commands.NoPrivateMessage()
        if problem == "not_moderator":
            raise NotModerator()
        if problem is not None:
            raise Unavailable(t(problem, lang))
        assert self.store is not None
        reports = await self.store.list(guild_id=interaction.guild_id)
        if not reports:
            await self._say(interaction, t("reports_none", lang))
            return
        lines = [f"**#{r.id}** · `{r.code}`{f' {md(r.path)}' if r.path else ''} · {md(clip(r.reporter_name, 40))} · "
                 f"{md(r.status)} — {md(clip(' '.join(r.problem.split()), 120))}" for r in reports]
        builder = EmbedBuilder(title=t("reports_list", lang, n=len(reports)), description=Markup("\n".join(lines)),
                               colour=REPORT_COLOUR)
        await self._say(interaction, embed=builder.build())


class ReportEditModal(EditModal):
    """The moderators' edit form, pre-filled from the report: its proposed value, its source, and a reason that
    names the report and its author (kept even if the moderator rewrites the reason)."""

    def __init__(self, moderation: Moderation, entry: FactInfo, lang: str, report: Report, reports: Reports) -> None:
        super().__init__(moderation, entry, lang, reason=clip(f"{history_reason(report)}: {report.problem}", 300),
                         source_url=report.source_url or "")
        self.report, self.reports = report, reports
        proposed = report.proposed_value
        if proposed:
            target = "value" if "value" in self.value_inputs else f"value_{guess_lang(proposed)}"
            if target in self.value_inputs:
                self.value_inputs[target].default = clip(proposed, 4000)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        problem = self.cog.refusal(interaction)
        if problem is not None:
            await interaction.response.send_message(t(problem, interaction_lang(interaction)), ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return
        reason = self.reason.value.strip()
        prefix = history_reason(self.report)
        if not reason.startswith(prefix):
            reason = clip(f"{prefix}: {reason}", 300)
        typed = {key: field.value for key, field in self.value_inputs.items()}
        revision = await self.cog.save_edit(interaction, self.entry, typed, reason, self.source.value, self.lang)
        if revision is not None:
            await self.reports.accepted(interaction, self.report, revision)


class FieldPick(OwnedView):
    """For a report naming no fact: the entry's fields to correct, or accept without an edit."""

    def __init__(self, reports: Reports, report: Report, lang: str, owner_id: int) -> None:
        super().__init__(owner_id, recheck=lambda i: reports.moderation.refusal(i) if reports.moderation else "no_registry")
        self.reports, self.report, self.lang = reports, report, lang
        registry = reports.bot.registry
        kind = next((k for k, name in KINDS.items() if report.answer.startswith(f"/{name} ")), "v")
        prefixes = FIELD_PREFIXES[kind]
        paths = [p for p, _ in (registry.fields(report.code) if registry is not None else [])]
        paths = [p for p in paths if p.startswith(prefixes)] + [p for p in paths if not p.startswith(prefixes)]
        options = [discord.SelectOption(label=t("report_no_edit", lang), value=NO_EDIT)]
        options += [discord.SelectOption(label=plain(p, 100), value=p[:100]) for p in paths[:24]]
        self.pick.options = options

    @discord.ui.select(custom_id="report:field", min_values=1, max_values=1)
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[FieldPick]) -> None:
        self.stop()
        report = await self.reports._open_report(interaction, self.report.id)
        if report is None:
            return
        choice = select.values[0]
        if choice != NO_EDIT:
            await self.reports.start_accept(interaction, report, self.lang, path=choice)
            return
        await interaction.response.edit_message(content=t("status_accepted", self.lang, who=interaction.user.display_name),
                                                view=None, allowed_mentions=NO_MENTIONS)
        await self.reports.accepted(interaction, report, None)


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(Reports(bot))
