"""/settings (Manage Server): a server's answer language, moderator role, review and alert channels, and whether
members' answers are private by default, stored in the database (db.server_settings) over the environment's
defaults (app.guild_prefs). A new server gets a short setup message in its system channel when the bot joins, or
with its first /settings if it has no system channel; once per server, across processes (`claim_setup`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from app.embeds import CARD_COLOUR, EmbedBuilder, Markup
from app.guild_prefs import locale_lang, prefs
from app.i18n import interaction_lang, t
from db.server_settings import ServerSettings

if TYPE_CHECKING:
    from app.bot import Passerelle

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
LANG_NAMES = {"en": "English", "fr": "Français"}
CLEARABLE = {"lang": "settings_lang", "moderator_role_id": "settings_role", "review_channel_id": "settings_review",
             "alert_channel_id": "settings_alert", "private_answers": "settings_private"}


def may_manage(interaction: discord.Interaction) -> bool:
    """The runtime check behind default_permissions (which a server owner can change)."""
    perms = interaction.permissions
    return interaction.guild is not None and (perms.manage_guild or perms.administrator)


class ServerSettingsCog(commands.Cog, name="ServerSettings"):
    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot

    def _show(self, name: str, value: Any, lang: str) -> Markup:
        if value is None:
            return t("settings_unset", lang)
        if name == "lang":
            return Markup(LANG_NAMES.get(str(value), str(value)))
        if name == "moderator_role_id":
            return Markup(f"<@&{int(value)}>")
        if name in ("review_channel_id", "alert_channel_id"):
            return Markup(f"<#{int(value)}>")
        return t("settings_yes" if value else "settings_no", lang)

    def settings_embed(self, guild_name: str, chosen: ServerSettings, lang: str) -> discord.Embed:
        defaults = prefs(self.bot).defaults()
        builder = EmbedBuilder(title=t("settings_title", lang, guild=guild_name), colour=CARD_COLOUR)
        for name, key in CLEARABLE.items():
            mine = getattr(chosen, name)
            shown = self._show(name, mine, lang) if mine is not None else \
                t("settings_default", lang, value=self._show(name, getattr(defaults, name), lang))
            builder.add(t(key, lang), shown, priority=5, inline=True)
        return builder.build()

    @app_commands.command(name="settings",
                          description="This server's settings: language, moderator role, channels, private answers")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.describe(language="Default answer language of this server",
                           moderator_role="The role whose members may moderate entries",
                           review_channel="Where members' reports and page-change notices are posted",
                           alert_channel="Where alerts are posted", private="Members' answers private by default",
                           clear="Go back to the default for one setting")
    @app_commands.choices(
        language=[app_commands.Choice(name="English", value="en"), app_commands.Choice(name="Français", value="fr")],
        clear=[app_commands.Choice(name=n, value=v) for v, n in (
            ("lang", "language"), ("moderator_role_id", "moderator role"), ("review_channel_id", "review channel"),
            ("alert_channel_id", "alert channel"), ("private_answers", "private answers"))],
    )
    async def settings(self, interaction: discord.Interaction, language: app_commands.Choice[str] | None = None,
                       moderator_role: discord.Role | None = None, review_channel: discord.TextChannel | None = None,
                       alert_channel: discord.TextChannel | None = None, private: bool | None = None,
                       clear: app_commands.Choice[str] | None = None) -> None:
        lang = interaction_lang(interaction)
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        if not may_manage(interaction):
            log.info("refused /settings to %s in guild %s", interaction.user.id, interaction.guild.id)
            await interaction.response.send_message(t("settings_manage", lang), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        guild_prefs = prefs(self.bot)
        if guild_prefs.store is None:
            await interaction.response.send_message(t("no_registry", lang), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        changes: dict[str, Any] = {}
        if language is not None:
            changes["lang"] = language.value
        if moderator_role is not None:
            changes["moderator_role_id"] = moderator_role.id
        if review_channel is not None:
            changes["review_channel_id"] = review_channel.id
        if alert_channel is not None:
            changes["alert_channel_id"] = alert_channel.id
        if private is not None:
            changes["private_answers"] = private
        if clear is not None and clear.value in CLEARABLE:
            changes[clear.value] = None
        guild_id = interaction.guild.id
        if changes:
            chosen = await guild_prefs.update(guild_id, by=str(interaction.user.id), **changes)
            log.info("settings of guild %s changed by %s: %s", guild_id, interaction.user.id, sorted(changes))
        else:
            chosen = await guild_prefs.chosen(guild_id)
        first = await guild_prefs.store.claim_setup(guild_id)  # no setup message yet (no system channel): here
        content = t("setup", lang) if first else (t("settings_saved", lang) if changes else None)
        await interaction.response.send_message(content, embed=self.settings_embed(interaction.guild.name, chosen, lang),
                                                ephemeral=True, allowed_mentions=NO_MENTIONS)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """The setup message, once per server, in its system channel (none: the first /settings shows it)."""
        store = prefs(self.bot).store
        channel = guild.system_channel
        if store is None or channel is None:
            return
        try:
            if not await store.claim_setup(guild.id):
                return
            lang = locale_lang(guild.preferred_locale) or self.bot.settings.default_lang
            await channel.send(t("setup", lang), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not post the setup message in guild %s", guild.id, exc_info=True)


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(ServerSettingsCog(bot))
