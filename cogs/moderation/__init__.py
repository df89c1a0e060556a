"""Moderation, for the configured role or Manage Server: edit one field through a modal (with the version
it showed, so a concurrent edit is a conflict, never a lost update), history, revert with confirmation,
verify, stale, watch / unwatch (the alerts are `cogs.watch`), import (dry-run diff, then confirm) and export.

Everything goes through the registry service of `db/` (`db.registry.Registry`, its typed results and errors);
no SQL here, and no database session is held open while a moderator types or decides. What is Discord-side
stays in this package: the commands (here), forms and buttons (`views`), a value as form text and back
(`forms`), reading an uploaded file (`uploads`: one YAML, or a zip of them) and zipping an export.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import zipfile
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from app.embeds import EmbedBuilder, Markup, clip, link, md, plain
from app.guild_prefs import prefs
from app.i18n import interaction_lang, t
from app.permissions import refusal
from app.places import place_choices, place_name, resolve_place
from app.tree import NotModerator, Unavailable
from cogs.moderation.forms import show
from cogs.moderation.uploads import parse_upload
from cogs.moderation.views import ConfirmView, ConflictView, EditModal
from db.documents import EntryPath
from db.registry import (
    Actor,
    Conflict,
    FactInfo,
    InvalidEdit,
    NoChange,
    NotFound,
    Registry,
    RegistryError,
    Revision,
)
from db.values import inputs_to_value, is_text
from jurisdictions.schema import check_https_url

if TYPE_CHECKING:
    from app.bot import Passerelle

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
IMPORT_MAX_BYTES = 2 * 1024 * 1024  # the attachment itself (a zip's content is budgeted by db.import_budget)
PREVIEW_LINES = 25
EDIT_COLOUR = discord.Colour(0x00838F)


class Moderation(commands.Cog):
    entry_group = app_commands.Group(
        name="entry",
        description="Moderators: edit and review the regulator entries",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot

    @property
    def registry(self) -> Registry:
        if self.bot.registry is None:
            raise RuntimeError("the registry is not open")
        return self.bot.registry

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        """The real check (default_permissions can be changed by server owners)."""
        if interaction.guild_id is not None:
            await prefs(self.bot).of(interaction.guild_id)  # the server's moderator role, for `refusal`
        problem = self.refusal(interaction)
        if problem == "guild_only":
            raise app_commands.NoPrivateMessage()
        if problem == "not_moderator":
            raise NotModerator()
        if problem is not None:
            raise Unavailable(t(problem, interaction_lang(interaction)))
        if self.bot.registry is None:
            raise Unavailable(t("no_registry", interaction_lang(interaction)))
        return True

    # ----- autocomplete ------------------------------------------------------------------------------------------
    async def place_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return place_choices(self.bot.snapshot, current, interaction_lang(interaction))

    async def field_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if not self._may_autocomplete(interaction):
            return []
        place = getattr(interaction.namespace, "place", None) or ""
        jur, _ = resolve_place(self.bot.snapshot, place, "en")
        if jur is None:
            return []
        needle = current.casefold().strip()
        out = []
        for path, value in self.registry.fields(jur.code):
            if needle and needle not in path.casefold():
                continue
            preview = value["en"] if is_text(value) else (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
            out.append(app_commands.Choice(name=plain(f"{path} — {preview}", 100), value=path[:100]))
            if len(out) >= 25:
                break
        return out

    def _may_autocomplete(self, interaction: discord.Interaction) -> bool:
        """Cog checks do not run for autocomplete: entry internals are shown to moderators only."""
        return self.bot.registry is not None and self.refusal(interaction) is None

    def refusal(self, interaction: discord.Interaction) -> str | None:
        """None when the user may moderate here and now (app/permissions.py); else the i18n key of the reason."""
        return refusal(interaction, prefs(self.bot).moderation_settings(interaction.guild_id))  # the server's role

    # ----- helpers ----------------------------------------------------------------------------------------------------
    def _place(self, interaction: discord.Interaction, place: str) -> tuple[str | None, str | None]:
        jur, problem = resolve_place(self.bot.snapshot, place, interaction_lang(interaction))
        return (jur.code if jur else None), problem

    def _name(self, code: str, lang: str) -> str:
        return place_name(self.bot.snapshot, code, lang)

    @staticmethod
    def _who(interaction: discord.Interaction) -> Actor:
        return Actor(str(interaction.user.id), clip(interaction.user.display_name, 100))

    async def _say(self, interaction: discord.Interaction, content: str | None = None, **kwargs: Any) -> None:
        """Answer ephemerally: the first response, or a follow-up after a defer."""
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs)
        else:
            await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs)

    # ----- /entry edit ------------------------------------------------------------------------------------------------
    @entry_group.command(name="edit", description="Edit one field of an entry (opens a form)")
    @app_commands.describe(place="A province, state, country or city", field="The field to edit")
    @app_commands.autocomplete(place=place_autocomplete, field=field_autocomplete)
    async def edit(self, interaction: discord.Interaction, place: str, field: str) -> None:
        lang = interaction_lang(interaction)
        code, problem = self._place(interaction, place)
        if code is None:
            await self._say(interaction, problem)
            return
        try:
            entry = await self.registry.entry(code, field.strip())
        except NotFound:
            await self._say(interaction, t("unknown_field", lang, f=clip(field, 80)))
            return
        await interaction.response.send_modal(EditModal(self, entry, lang))

    async def save_edit(self, interaction: discord.Interaction, entry: FactInfo, typed: dict[str, str], reason: str,
                        source_url: str, lang: str) -> Revision | None:
        """Save the form's value and say so; the revision, or None when it was refused (the user was told why)."""
        try:
            value = inputs_to_value(entry.value, typed)
        except ValueError as exc:
            await self._say(interaction, t("invalid", lang, msg=str(exc)))
            return None
        try:
            check_https_url(source_url.strip())
        except ValueError as exc:
            await self._say(interaction, t("invalid", lang, msg=t("bad_url", lang, msg=str(exc))))
            return None
        source = source_url.strip()
        try:
            result = await self.registry.update(
                entry.code, entry.path, value, reason=reason.strip(), by=self._who(interaction),
                expected_version=entry.version, source_url=(source or None) if EntryPath.parse(entry.path).is_fact else None,
            )
        except Conflict as conflict:
            text = t("conflict", lang, place=self._name(entry.code, lang), field=entry.path,
                     version=conflict.current_version or 0)
            content = f"{text}\n{show(conflict.current_value, 700)}\n{t('your_text', lang)}\n{show(value, 500)}"
            await self._say(interaction, clip(content, 2000),
                            view=ConflictView(self, conflict, lang, interaction.user.id, reason, source_url))
            return None
        except RegistryError as exc:
            await self._say(interaction, t("invalid", lang, msg=clip(exc.message, 1500)))
            return None
        await self._say(interaction, t("saved", lang, place=self._name(entry.code, lang), field=entry.path,
                                       rev=result.revision.id))
        return result.revision

    # ----- /entry history -----------------------------------------------------------------------------------------------
    @entry_group.command(name="history", description="The edits made to an entry")
    @app_commands.describe(place="A province, state, country or city")
    @app_commands.autocomplete(place=place_autocomplete)
    async def history(self, interaction: discord.Interaction, place: str) -> None:
        lang = interaction_lang(interaction)
        code, problem = self._place(interaction, place)
        if code is None:
            await self._say(interaction, problem)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        revisions = await self.registry.history(code, limit=30)
        name = self._name(code, lang)
        if not revisions:
            await self._say(interaction, t("no_history", lang, place=name))
            return
        lines = [  # newest first
            f"**#{r.id}** · {r.at:%Y-%m-%d %H:%M} · {md(clip(r.by.name, 40))} · {md(r.path)} · {md(r.action)} — "
            f"{md(clip(r.reason, 120))}"
            for r in reversed(revisions)
        ]
        builder = EmbedBuilder(title=t("history_title", lang, place=name), description=Markup("\n".join(lines)),
                               colour=EDIT_COLOUR)
        await self._say(interaction, embed=builder.build())

    # ----- /entry revert ---------------------------------------------------------------------------------------------------
    @entry_group.command(name="revert", description="Undo one edit (asks to confirm)")
    @app_commands.describe(revision="The revision number, from /entry history")
    async def revert(self, interaction: discord.Interaction, revision: app_commands.Range[int, 1]) -> None:
        lang = interaction_lang(interaction)
        try:
            rev = await self.registry.revision(revision)
        except NotFound:
            await self._say(interaction, t("no_revision", lang, rev=revision))
            return

        async def confirmed(click: discord.Interaction) -> None:
            try:
                new = (await self.registry.revert(revision, by=self._who(click))).revision
            except RegistryError as exc:
                await click.response.edit_message(content=t("invalid", lang, msg=clip(exc.message, 1500)), view=None,
                                                  allowed_mentions=NO_MENTIONS)
                return
            await click.response.edit_message(content=t("reverted", lang, rev=revision, new=new.id), view=None,
                                              allowed_mentions=NO_MENTIONS)

        text = t("revert_confirm", lang, rev=revision, place=self._name(rev.code, lang), field=rev.path)
        await self._say(interaction, clip(f"{text}\n{show(rev.old_value, 1500)}", 2000),
                        view=ConfirmView(interaction.user.id, lang, confirmed, recheck=self.refusal))

    # ----- /entry verify, stale -------------------------------------------------------------------------------------------
    async def source_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if not self._may_autocomplete(interaction):
            return []
        jur, _ = resolve_place(self.bot.snapshot, getattr(interaction.namespace, "place", None) or "", "en")
        if jur is None:
            return []
        needle = current.casefold().strip()
        return [app_commands.Choice(name=plain(f"{key} — {src.title}", 100), value=key[:100])
                for key, src in jur.sources.items() if needle in f"{key} {src.title}".casefold()][:25]

    @entry_group.command(name="verify", description="Mark an entry's facts as checked today")
    @app_commands.describe(place="A province, state, country or city", source="One source (default: all of the entry's sources)")
    @app_commands.autocomplete(place=place_autocomplete, source=source_autocomplete)
    async def verify(self, interaction: discord.Interaction, place: str, source: str | None = None) -> None:
        lang = interaction_lang(interaction)
        code, problem = self._place(interaction, place)
        if code is None:
            await self._say(interaction, problem)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        jur = self.bot.snapshot.get(code)
        keys = [source] if source else list(jur.sources if jur else ())
        revisions: list[Revision] = []
        try:
            for key in keys:  # one source, or every source of the entry; those already verified today are skipped
                try:
                    result = await self.registry.mark_verified(code, by=self._who(interaction), source=key)
                except NoChange:
                    continue
                revisions += result.revisions
        except RegistryError as exc:
            await self._say(interaction, t("invalid", lang, msg=clip(exc.message, 1500)))
            return
        await self._say(interaction, t("verified", lang, place=self._name(code, lang), n=len(revisions)))

    @entry_group.command(name="stale", description="Entries not verified for a while")
    @app_commands.describe(days="Older than this many days (default 180)",
                           links="Also check every source and regulator link (takes up to a minute)")
    async def stale(self, interaction: discord.Interaction, days: app_commands.Range[int, 0, 36500] = 180,
                    links: bool = False) -> None:
        lang = interaction_lang(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        items = await self.registry.stale(days)
        link_report = await self._link_report(lang) if links else None
        if not items and link_report is None:
            await self._say(interaction, t("stale_none", lang, days=days))
            return
        lines = [f"`{i.code}` {md(clip(f'{i.key}: {i.title}', 80))} — {i.last_verified or '?'}" for i in items]
        builder = EmbedBuilder(title=f"{t('stale_title', lang, days=days)} ({len(items)})", colour=EDIT_COLOUR,
                               description=Markup("\n".join(lines)) or t("stale_none", lang, days=days))
        if link_report is not None:
            builder.add(*link_report, priority=1)
        await self._say(interaction, embed=builder.build())

    async def _link_report(self, lang: str) -> tuple[str, str]:
        """The same report as `python bot.py data check-links`, bounded to a minute."""
        from jurisdictions.linkcheck import check_links, collect_links

        report = await check_links(collect_links(self.registry.snapshot.jurisdictions.values()),
                                   timeout=10, concurrency=8, deadline=60)
        problems = report.problems()
        if not problems:
            return t("links_title", lang, n=0, total=len(report.results)), t("links_ok", lang, total=len(report.results))
        lines = [f"{r.outcome}: {link(r.url) if len(r.url) <= 120 else md(clip(r.url, 120))} — {md(clip(r.detail, 60))} "
                 f"({md(clip(', '.join(r.used_by[:2]), 60))})" for r in problems]
        return t("links_title", lang, n=len(problems), total=len(report.results)), Markup("\n".join(lines))

    # ----- /entry watch, unwatch ----------------------------------------------------------------------------------------------
    @entry_group.command(name="watch", description="Post every edit of an entry in a channel")
    @app_commands.describe(place="A province, state, country or city", channel="The channel that receives the notices")
    @app_commands.autocomplete(place=place_autocomplete)
    async def watch(self, interaction: discord.Interaction, place: str, channel: discord.TextChannel) -> None:
        lang = interaction_lang(interaction)
        code, problem = self._place(interaction, place)
        if code is None:
            await self._say(interaction, problem)
            return
        await self.registry.watch(channel.id, code, by=Actor(str(interaction.user.id), str(interaction.user.id)))
        await self._say(interaction, t("watching", lang, place=self._name(code, lang), channel=Markup(channel.mention)))

    @entry_group.command(name="unwatch", description="Stop posting edits of an entry in a channel")
    @app_commands.describe(place="A province, state, country or city", channel="The channel that receives the notices")
    @app_commands.autocomplete(place=place_autocomplete)
    async def unwatch(self, interaction: discord.Interaction, place: str, channel: discord.TextChannel) -> None:
        lang = interaction_lang(interaction)
        code, problem = self._place(interaction, place)
        if code is None:
            await self._say(interaction, problem)
            return
        await self.registry.unwatch(channel.id, code)
        await self._say(interaction, t("unwatched", lang, place=self._name(code, lang), channel=Markup(channel.mention)))

    # ----- /entry import, export ------------------------------------------------------------------------------------------------
    @entry_group.command(name="import", description="Import data files (shows the changes first)")
    @app_commands.describe(file="A .yaml data file, or a .zip of them")
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        lang = interaction_lang(interaction)
        if file.size > IMPORT_MAX_BYTES:
            await self._say(interaction, t("import_too_big", lang, kb=IMPORT_MAX_BYTES // 1024))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        content = await file.read()
        try:
            docs = await asyncio.to_thread(parse_upload, file.filename, content, lang)  # never on the event loop
            preview = await self.registry.import_documents(docs, dry_run=True)
        except RegistryError as exc:
            await self._say(interaction, t("import_bad", lang, msg=clip(exc.message, 1500)))
            return
        changes = preview.changes
        if not changes:
            await self._say(interaction, t("import_nothing", lang))
            return
        seen_version = self.registry.data_version  # what the preview was diffed against
        lines = [f"{c.kind[0].upper()} `{c.code}` {md(c.path)}" for c in changes[:PREVIEW_LINES]]
        if len(changes) > PREVIEW_LINES:
            lines.append(f"… +{len(changes) - PREVIEW_LINES}")
        builder = EmbedBuilder(title=t("import_preview", lang, n=len(changes)), description=Markup("\n".join(lines)),
                               colour=EDIT_COLOUR)

        async def confirmed(click: discord.Interaction) -> None:
            registry = self.registry
            try:
                if registry.data_version != seen_version:
                    await registry.refresh()
                if registry.data_version != seen_version:
                    raise InvalidEdit("the entries changed since the preview; run the import again to see the new "
                                      "differences")
                report = await registry.import_documents(docs, by=self._who(click), reason=f"import of {file.filename}")
            except RegistryError as exc:
                await click.response.edit_message(content=t("import_bad", lang, msg=clip(exc.message, 1500)), embed=None,
                                                  view=None, allowed_mentions=NO_MENTIONS)
                return
            await click.response.edit_message(content=t("import_done", lang, n=len(report.changes)), embed=None,
                                              view=None, allowed_mentions=NO_MENTIONS)

        await self._say(interaction, embed=builder.build(),
                        view=ConfirmView(interaction.user.id, lang, confirmed, recheck=self.refusal))

    @entry_group.command(name="export", description="Download the entries as data files")
    async def export(self, interaction: discord.Interaction) -> None:
        lang = interaction_lang(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        files = await self.registry.export_documents()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in sorted(files.items()):
                archive.writestr(name, text)
        buffer.seek(0)
        await self._say(interaction, t("export_done", lang, n=len(files)),
                        file=discord.File(buffer, filename="passerelle-export.zip"))


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(Moderation(bot))
