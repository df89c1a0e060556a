"""The app-command tree and its one error handler: a short private message for the user (EN/FR), the
traceback in the log, and a word for the interaction's log line ("refused", "unavailable" …)."""

from __future__ import annotations

import errno
import logging

import discord
from discord import app_commands

from app.i18n import interaction_lang, t

log = logging.getLogger("passerelle")
NO_MENTIONS = discord.AllowedMentions.none()


class NotModerator(app_commands.CheckFailure):
    """The user has neither the moderator role nor Manage Server."""


class Unavailable(app_commands.CheckFailure):
    """A feature is not available right now; the message (already localised) is shown to the user."""


class PasserelleTree(app_commands.CommandTree):
    """Central error handling: a short ephemeral message for the user, the traceback in the log."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        lang = interaction_lang(interaction)
        command = interaction.command.qualified_name if interaction.command else "?"
        note = getattr(self.client, "note_outcome", None)
        if note is not None:
            note(interaction.id, outcome_of(error))
        message = self._message(error, command, interaction, lang)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not tell the user about an error in /%s", command, exc_info=True)

    @staticmethod
    def _message(error: app_commands.AppCommandError, command: str, interaction: discord.Interaction, lang: str) -> str:
        """What the user is told (and what the log says) for `error`."""
        if isinstance(error, NotModerator):
            log.info("refused /%s to non-moderator %s", command, interaction.user.id)
            return t("not_moderator", lang)
        if isinstance(error, Unavailable):
            return str(error)
        if isinstance(error, app_commands.NoPrivateMessage):
            log.info("refused /%s in DMs to %s", command, interaction.user.id)
            return t("guild_only", lang)
        if isinstance(error, app_commands.CommandOnCooldown):
            return t("cooldown", lang, s=max(1, round(error.retry_after)))
        if isinstance(error, app_commands.CheckFailure):
            log.info("check failed for /%s by %s: %s", command, interaction.user.id, error)
            return t("not_moderator", lang)
        if isinstance(error, app_commands.TransformerError):
            return t("invalid", lang, msg=str(error)[:300])
        if database_unavailable(error):
            log.warning("database unavailable during /%s (interaction %s): %s", command, interaction.id,
                        describe_error(getattr(error, "original", error)))
            return t("db_unavailable", lang)
        original = getattr(error, "original", error)
        log.error("error in /%s (interaction %s)", command, interaction.id, exc_info=original)
        return t("error", lang)


_DOWN_ERRNOS = {errno.ENOENT, errno.ECONNREFUSED, errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE, errno.ETIMEDOUT,
                errno.EHOSTUNREACH, errno.ENETUNREACH}


def database_unavailable(error: BaseException) -> bool:
    """The database cannot be reached right now (server stopped or restarting, connection lost, locked for too
    long): the user is told it is temporary, not that something broke. Looks through the wrapped causes."""
    seen: set[int] = set()
    exc: BaseException | None = error
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ConnectionError | TimeoutError) or (isinstance(exc, OSError) and exc.errno in _DOWN_ERRNOS):
            return True
        module = type(exc).__module__
        if module.startswith("sqlalchemy"):
            from sqlalchemy import exc as sa

            if isinstance(exc, sa.OperationalError | sa.InterfaceError | sa.DisconnectionError | sa.TimeoutError) or \
                    getattr(exc, "connection_invalidated", False):
                return True
        if module.startswith("asyncpg"):
            import asyncpg

            if isinstance(exc, asyncpg.PostgresConnectionError | asyncpg.CannotConnectNowError | asyncpg.InterfaceError
                          | asyncpg.AdminShutdownError):
                return True
        exc = getattr(exc, "original", None) or exc.__cause__ or exc.__context__
    return False


def describe_error(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:200]}"


def outcome_of(error: Exception) -> str:
    """A short word for the interaction log line."""
    if isinstance(error, NotModerator | app_commands.NoPrivateMessage | app_commands.CheckFailure) and not isinstance(
            error, Unavailable):
        return "refused"
    if isinstance(error, Unavailable) or database_unavailable(error):
        return "unavailable"
    if isinstance(error, app_commands.CommandOnCooldown):
        return "cooldown"
    if isinstance(error, app_commands.TransformerError):
        return "invalid"
    return "error"
