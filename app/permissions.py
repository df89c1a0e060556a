"""Who may edit the shared entries (issue 13, item 8). No database here; the moderation cog asks.

- **Manage Server** (or Administrator), or the role whose **ID** is `MODERATOR_ROLE`. A role *name* is not
  honoured any more: anyone with Manage Roles can create a role called "Moderators" (`startup_warnings` says so
  in the log, loudly, when MODERATOR_ROLE is not a number).
- Only in the servers listed in `MODERATION_GUILD_IDS`. When that list is empty and the bot is in more than one
  server, the admins of every server could edit entries that every server reads: moderation is refused
  everywhere (EN/FR message) until the list is set, and the log says so at start and when the bot joins a server.
- Checked when a command runs, and again when its form is submitted (a form stays open 30 minutes) or its
  buttons are pressed (10 minutes): a moderator who lost the role meanwhile is refused then.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from app.telemetry import member_role_ids

if TYPE_CHECKING:
    from settings import Settings

log = logging.getLogger("passerelle")


def moderation_unconfigured(settings: Settings, guild_count: int) -> bool:
    """True when nobody may moderate: no MODERATION_GUILD_IDS while the bot is in several servers."""
    return not settings.moderation_guild_ids and guild_count > 1


def is_moderator(interaction: discord.Interaction, settings: Settings) -> bool:
    """Manage Server (or Administrator), or the MODERATOR_ROLE role by ID — in a server allowed to moderate."""
    if interaction.guild is None:
        return False
    allowed = settings.moderation_guild_ids
    if allowed and interaction.guild.id not in allowed:
        return False
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    role_id = settings.moderator_role_id
    member = interaction.user
    if role_id is None or not isinstance(member, discord.Member):
        return False
    return role_id in member_role_ids(member)


def refusal(interaction: discord.Interaction, settings: Settings) -> str | None:
    """None when `interaction`'s user may moderate here and now; else the i18n key of the reason."""
    if interaction.guild is None:
        return "guild_only"
    if moderation_unconfigured(settings, len(interaction.client.guilds)):
        log.warning("refused moderation to %s in guild %s: MODERATION_GUILD_IDS is empty and the bot is in %d servers",
                    interaction.user.id, interaction.guild.id, len(interaction.client.guilds))
        return "moderation_unconfigured"
    if not is_moderator(interaction, settings):
        return "not_moderator"
    return None


def startup_warnings(settings: Settings, guild_count: int) -> list[str]:
    """What the log must say loudly when the bot is ready (or joins a server)."""
    out = []
    role = (settings.moderator_role or "").strip()
    if role and settings.moderator_role_id is None:
        out.append(f"MODERATOR_ROLE={role[:100]!r} is a role name, and role names are not honoured (anyone with "
                   "Manage Roles can create a role of that name): set MODERATOR_ROLE to the role's ID (Discord: "
                   "Server Settings > Roles > … > Copy Role ID); until then only Manage Server may moderate")
    if moderation_unconfigured(settings, guild_count):
        out.append(f"MODERATION_GUILD_IDS is empty and the bot is in {guild_count} servers: the entries are shared by "
                   "every server, so moderation is refused everywhere until MODERATION_GUILD_IDS lists the servers "
                   "whose moderators you trust (e.g. MODERATION_GUILD_IDS=123456789012345678)")
    return out


def warn_at_start(settings: Settings, guild_count: int) -> list[str]:
    warnings = startup_warnings(settings, guild_count)
    for text in warnings:
        log.warning("!!! %s", text)
    return warnings
