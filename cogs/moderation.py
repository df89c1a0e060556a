"""Moderation, for the configured role or Manage Server: edit one field through a modal (with the version
it showed, so a concurrent edit is a conflict, never a lost update), history, revert with confirmation,
verify, stale, watch alerts, import (dry-run diff, then confirm) and export.

Everything goes through the registry service of `db/` (`db.registry.Registry`, its typed results and errors);
no SQL here, and no database session is held open while a moderator types or decides. What is Discord-side
stays here: forms, buttons, reading an uploaded file (one YAML, or a zip of them) and zipping an export.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.client import NotModerator, Unavailable
from cogs.embeds import EmbedBuilder, Markup, clip, link, md, plain
from cogs.i18n import interaction_lang, lang_of, t
from cogs.lookup import place_choices, resolve_place
from cogs.permissions import refusal
from db.documents import EntryPath
from db.import_budget import BudgetExceeded, read_upload
from db.registry import (
    Actor,
    Change,
    Conflict,
    FactInfo,
    InvalidEdit,
    NoChange,
    NotFound,
    Registry,
    RegistryError,
    Revision,
)
from db.values import inputs_to_value, is_text, value_to_inputs
from jurisdictions.loader import DataError
from jurisdictions.safety import visible
from jurisdictions.schema import Jurisdiction, check_https_url

if TYPE_CHECKING:
    from cogs.client import Passerelle

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
IMPORT_MAX_BYTES = 2 * 1024 * 1024  # the attachment itself (a zip's content is budgeted by db.import_budget)
PREVIEW_LINES = 25
INPUT_MAX = 4000
EDIT_COLOUR = discord.Colour(0x00838F)


Recheck = Callable[[discord.Interaction], str | None]  # None: still allowed; else the i18n key of the refusal


# ----- value <-> text (what a modal shows and reads back) ---------------------------------------------------------
def show(value: Any, limit: int = 900) -> Markup:
    """A value as a code block for a message (no mentions or markdown can escape it; invisible characters shown)."""
    if is_text(value):
        text = f"EN: {value['en']}\nFR: {value['fr']}"
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    text = visible(text).replace("```", "'''")
    return Markup(f"```\n{clip(text, limit)}\n```")


# ----- views and modals ----------------------------------------------------------------------------------------------
class OwnedView(discord.ui.View):
    """Buttons only the moderator who ran the command may press."""

    def __init__(self, owner_id: int, timeout: float = 600.0, recheck: Recheck | None = None) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.recheck = recheck  # (interaction) -> i18n key of a refusal, or None: is the owner still a moderator?

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        lang = interaction_lang(interaction)
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(t("not_yours", lang), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return False
        problem = self.recheck(interaction) if self.recheck is not None else None
        if problem is not None:  # the role was taken away (or moderation switched off) since the buttons were shown
            log.info("refused a button of %s to %s: %s", type(self).__name__, interaction.user.id, problem)
            await interaction.response.send_message(t(problem, lang), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        """A failed confirmation (the database down …) is answered like a failed command, not left hanging."""
        await interaction.client.tree.on_error(interaction, error)  # type: ignore[attr-defined, arg-type]


class EditModal(discord.ui.Modal):
    """Pre-filled with the current value; remembers the version it showed."""

    def __init__(self, cog: Moderation, entry: FactInfo, lang: str, reason: str = "", source_url: str = "") -> None:
        title = f"{'Edit' if lang == 'en' else 'Modifier'} {entry.code} · {entry.path}"
        super().__init__(title=plain(title, 45), timeout=1800)
        self.cog, self.entry, self.lang = cog, entry, lang
        self.value_inputs: dict[str, discord.ui.TextInput[EditModal]] = {}
        for custom_id, label, text in value_to_inputs(entry.value):
            field = discord.ui.TextInput(label=label, custom_id=custom_id, default=clip(text, INPUT_MAX) or None,
                                         style=discord.TextStyle.paragraph, max_length=INPUT_MAX, required=False)
            self.value_inputs[custom_id] = field
            self.add_item(field)
        self.reason = discord.ui.TextInput(label=t("reason", lang), custom_id="reason", max_length=300,
                                           default=reason or None, required=True)
        self.source = discord.ui.TextInput(label=t("source_url", lang), custom_id="source_url", max_length=500,
                                           default=source_url or None, placeholder="https://…", required=True)
        self.add_item(self.reason)
        self.add_item(self.source)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        problem = self.cog.refusal(interaction)  # the form was open up to 30 minutes: still a moderator?
        if problem is not None:
            log.info("refused the edit form of %s %s to %s: %s", self.entry.code, self.entry.path, interaction.user.id,
                     problem)
            await interaction.response.send_message(t(problem, interaction_lang(interaction)), ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return
        typed = {key: field.value for key, field in self.value_inputs.items()}
        await self.cog.save_edit(interaction, self.entry, typed, self.reason.value, self.source.value, self.lang)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        # the tree's handler (CommandInvokeError needs a command, and a modal has none: it raised here before)
        await self.cog.bot.tree.on_error(interaction, error)  # type: ignore[arg-type]


class ConflictView(OwnedView):
    """Shown after a conflicting edit: one button re-opens the form with the current value and version."""

    def __init__(self, cog: Moderation, conflict: Conflict, lang: str, owner_id: int, reason: str, source_url: str) -> None:
        super().__init__(owner_id, recheck=cog.refusal)
        self.cog, self.conflict, self.lang, self.reason, self.source_url = cog, conflict, lang, reason, source_url
        self.retry.label = t("retry", lang)

    @discord.ui.button(label="Edit again", style=discord.ButtonStyle.primary, custom_id="entry:retry")
    async def retry(self, interaction: discord.Interaction, button: discord.ui.Button[ConflictView]) -> None:
        c = self.conflict
        try:
            fresh = await self.cog.registry.entry(c.code, c.path)
        except NotFound:
            fresh = FactInfo(c.code, c.path, c.current_value, None, None, False, None, c.current_version or 0)
        await interaction.response.send_modal(EditModal(self.cog, fresh, self.lang, self.reason, self.source_url))
        self.stop()


class ConfirmView(OwnedView):
    """Confirm / Cancel; the callback runs on Confirm, after the click (never holding a transaction)."""

    def __init__(self, owner_id: int, lang: str, on_confirm: Any, recheck: Recheck | None = None) -> None:
        super().__init__(owner_id, recheck=recheck)
        self.lang, self.on_confirm = lang, on_confirm
        self.confirm.label = t("confirm", lang)
        self.cancel.label = t("cancel", lang)

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger, custom_id="entry:confirm")
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        self.stop()
        await self.on_confirm(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="entry:cancel")
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        self.stop()
        await interaction.response.edit_message(content=t("cancelled", self.lang), embed=None, view=None,
                                                allowed_mentions=NO_MENTIONS)


# ----- the cog ----------------------------------------------------------------------------------------------------------
class Moderation(commands.Cog):
    entry_group = app_commands.Group(
        name="entry",
        description="Moderators: edit and review the regulator entries",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot
        self._unsubscribe: Any = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def registry(self) -> Registry:
        if self.bot.registry is None:
            raise RuntimeError("the registry is not open")
        return self.bot.registry

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
        return sorted(ids if ids is not None else self.registry.watchers(code))

    def _on_change(self, change: Change) -> None:
        if not any(self._watchers(change, r.code) for r in change.revisions):
            return
        task = asyncio.get_running_loop().create_task(self.notify_watchers(change))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        """The real check (default_permissions can be changed by server owners)."""
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
        """None when the user may moderate here and now (cogs/permissions.py); else the i18n key of the reason."""
        return refusal(interaction, self.bot.settings)

    # ----- helpers ----------------------------------------------------------------------------------------------------
    def _place(self, interaction: discord.Interaction, place: str) -> tuple[str | None, str | None]:
        jur, problem = resolve_place(self.bot.snapshot, place, interaction_lang(interaction))
        return (jur.code if jur else None), problem

    def _name(self, code: str, lang: str) -> str:
        jur = self.bot.snapshot.get(code)
        return f"{jur.name.get(lang)} ({code})" if jur else code

    @staticmethod
    def _who(interaction: discord.Interaction) -> Actor:
        return Actor(str(interaction.user.id), clip(interaction.user.display_name, 100))

    async def _say(self, interaction: discord.Interaction, content: str | None = None, **kwargs: Any) -> None:
        """Answer ephemerally: the first response, or a follow-up after a defer."""
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs)
        else:
            await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs)

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
            title=t("watch_notice", lang, place=self._name(rev.code, lang), field=rev.path, who=rev.by.name, rev=rev.id),
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
                        source_url: str, lang: str) -> None:
        try:
            value = inputs_to_value(entry.value, typed)
        except ValueError as exc:
            await self._say(interaction, t("invalid", lang, msg=str(exc)))
            return
        try:
            check_https_url(source_url.strip())
        except ValueError as exc:
            await self._say(interaction, t("invalid", lang, msg=t("bad_url", lang, msg=str(exc))))
            return
        source = source_url.strip()
        try:
            result = await self.registry.update(
                entry.code, entry.path, value, reason=reason.strip(), by=self._who(interaction),
                expected_version=entry.version, source_url=(source or None) if EntryPath.parse(entry.path).is_fact else None,
            )
        except Conflict as conflict:
            text = t("conflict", lang, place=self._name(entry.code, lang), field=entry.path,
                     version=conflict.current_version or 0)
            mine = "Your text:" if lang == "en" else "Votre texte :"
            content = f"{text}\n{show(conflict.current_value, 700)}\n{mine}\n{show(value, 500)}"
            await self._say(interaction, clip(content, 2000),
                            view=ConflictView(self, conflict, lang, interaction.user.id, reason, source_url))
            return
        except RegistryError as exc:
            await self._say(interaction, t("invalid", lang, msg=clip(exc.message, 1500)))
            return
        await self._say(interaction, t("saved", lang, place=self._name(entry.code, lang), field=entry.path,
                                       rev=result.revision.id))

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


def parse_upload(filename: str, content: bytes, lang: str = "en") -> list[Jurisdiction]:
    """Jurisdictions from an uploaded YAML file or a zip of them, within the import budgets
    (`db.import_budget`); every problem listed, nothing partial (raises the registry's InvalidEdit). CPU work:
    the command runs it in a worker thread."""
    try:
        docs, errors = read_upload(filename, content)
    except BudgetExceeded as exc:
        raise InvalidEdit(t(f"budget_{exc.key}", lang, **exc.params)) from None
    except DataError as exc:
        raise InvalidEdit(str(exc)) from None
    if errors:
        raise InvalidEdit("\n".join(errors[:20]) + (f"\n… +{len(errors) - 20}" if len(errors) > 20 else ""))
    return docs


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(Moderation(bot))
