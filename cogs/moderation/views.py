"""The moderators' forms and buttons: the edit form (pre-filled, remembering the version it showed), the retry
after a conflict, and confirm / cancel. Only the moderator who ran the command may use them, and only while
still a moderator (`recheck`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from app.embeds import clip, plain
from app.i18n import interaction_lang, t
from db.registry import Conflict, FactInfo, NotFound
from db.values import value_to_inputs

if TYPE_CHECKING:
    from cogs.moderation import Moderation

log = logging.getLogger("cogs.moderation")
NO_MENTIONS = discord.AllowedMentions.none()
INPUT_MAX = 4000

Recheck = Callable[[discord.Interaction], str | None]  # None: still allowed; else the i18n key of the refusal


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
        title = f"{t('edit', lang)} {entry.code} · {entry.path}"
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
