"""Which settings apply in a server: its `/settings` choices (db.server_settings) over the environment's defaults,
and the answer language. Kept apart from the cogs so lookups, reports, the source watch and the moderator check
all read the same thing.

Language, strongest first: the user's explicit choice (a Discord locale that is English or French), the
question's language (free text), the server's default, the environment's default (DEFAULT_LANG).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord

from db.server_settings import ServerSettings, ServerSettingsStore

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from settings import Settings

log = logging.getLogger("passerelle")
READ_TIMEOUT = 2.0  # seconds a lookup may wait for a server's settings (read once per server, then cached)
RETRY_AFTER = 30.0  # after a failed read, the defaults for this long before the database is asked again


def locale_lang(locale: discord.Locale | str | None) -> str | None:
    """"fr" or "en" when the Discord locale is French or English; None for any other language."""
    value = (locale.value if isinstance(locale, discord.Locale) else (locale or "")).lower()
    if value.startswith("fr"):
        return "fr"
    if value.startswith("en"):
        return "en"
    return None


def pick_lang(*, explicit: str | None = None, question: str | None = None, server: str | None = None,
              default: str = "en") -> str:
    """The first of these that is set."""
    for lang in (explicit, question, server):
        if lang in ("en", "fr"):
            return lang
    return default if default in ("en", "fr") else "en"


class GuildPrefs:
    """Effective settings per server; `cached` answers without the database (moderator checks, autocomplete)."""

    def __init__(self, engine: AsyncEngine | None, settings: Settings) -> None:
        self.engine = engine
        self.store = ServerSettingsStore(engine) if engine is not None else None
        self.settings = settings
        self._seen: dict[int, ServerSettings] = {}
        self._down_until = 0.0

    def defaults(self) -> ServerSettings:
        s = self.settings
        return ServerSettings(lang=s.default_lang, moderator_role_id=s.moderator_role_id,
                              review_channel_id=s.review_channel_id, alert_channel_id=s.alert_channel_id,
                              private_answers=s.private_answers)

    async def chosen(self, guild_id: int) -> ServerSettings:
        """What the server chose itself (nothing without a database)."""
        if self.store is None:
            return ServerSettings()
        found = await self.store.get(guild_id)
        self._seen[guild_id] = found
        return found

    async def of(self, guild_id: int | None) -> ServerSettings:
        """The server's choices over the defaults; the defaults alone when the database cannot say (a lookup never
        fails because of it)."""
        if guild_id is None or self.store is None:
            return self.defaults()
        if (held := self.store.fresh(guild_id)) is not None:  # every answer asks: no task, no timer while it is fresh
            self._seen[guild_id] = held
            return held.over(self.defaults())
        if guild_id not in self._seen and time.monotonic() < self._down_until:
            return self.cached(guild_id)  # the database failed a moment ago: answer now, try again later
        try:
            return (await asyncio.wait_for(self.chosen(guild_id), READ_TIMEOUT)).over(self.defaults())
        except Exception:  # the database down must not stop (or delay) an answer
            self._down_until = time.monotonic() + RETRY_AFTER
            log.warning("server settings of %s unavailable; using the defaults for %.0f s", guild_id, RETRY_AFTER,
                        exc_info=True)
            return self.cached(guild_id)

    def cached(self, guild_id: int | None) -> ServerSettings:
        seen = self._seen.get(guild_id) if guild_id is not None else None
        return seen.over(self.defaults()) if seen is not None else self.defaults()

    async def notice_lang(self, guild_id: int | None, locale: discord.Locale | str | None = None) -> str:
        """The language of a notice posted in a server (no user to follow): the server's /settings choice, else its
        Discord locale when English or French, else DEFAULT_LANG."""
        chosen = self._seen.get(guild_id) if guild_id is not None else None
        if guild_id is not None and self.store is not None:
            try:
                chosen = await asyncio.wait_for(self.chosen(guild_id), READ_TIMEOUT)
            except Exception:
                log.warning("server settings of %s unavailable for a notice", guild_id, exc_info=True)
        return self._notice_lang(chosen, locale_lang(locale))

    def _notice_lang(self, chosen: ServerSettings | None, locale: str | None) -> str:
        """The server's /settings language, else its Discord locale's (en/fr), else DEFAULT_LANG."""
        return pick_lang(explicit=chosen.lang if chosen is not None else None, server=locale,
                         default=self.settings.default_lang)

    async def notice_channels(self, field: str, connected: Iterable[discord.Guild] = ()) -> dict[int, str]:
        """channel id -> language for `field` ("review_channel_id" or "alert_channel_id"): every server in the
        database that chose such a channel (a process posts to all of them: sending needs no gateway connection, so
        a notice claimed by one process of several still reaches every server), and the environment's channel for
        the connected servers that chose none. When the database cannot say, the connected servers' cached choices."""
        locales = {g.id: locale_lang(g.preferred_locale) for g in connected}
        try:
            every = await asyncio.wait_for(self.store.every(), READ_TIMEOUT) if self.store is not None else {}
            self._seen.update(every)
        except Exception:
            log.warning("server settings unavailable; notices go to the cached channels", exc_info=True)
            every = {gid: self._seen[gid] for gid in locales if gid in self._seen}
        out: dict[int, str] = {}
        for gid, chosen in sorted(every.items()):
            channel = getattr(chosen, field)
            if channel is not None:
                out.setdefault(channel, self._notice_lang(chosen, locales.get(gid)))
        fallback = getattr(self.settings, field)
        unset = [gid for gid in sorted(locales) if getattr(every.get(gid), field, None) is None]
        if fallback is not None and unset:  # in the language of the first server here that relies on it
            out.setdefault(fallback, self._notice_lang(every.get(unset[0]), locales[unset[0]]))
        return out

    async def update(self, guild_id: int, *, by: str, **changes: Any) -> ServerSettings:
        if self.store is None:
            raise RuntimeError("no database")
        found = await self.store.update(guild_id, by=by, **changes)
        self._seen[guild_id] = found
        return found

    def moderation_settings(self, guild_id: int | None) -> Settings:
        """The environment's settings with the server's moderator role, when it chose one."""
        role = self.cached(guild_id).moderator_role_id
        if role is None or role == self.settings.moderator_role_id:
            return self.settings
        return self.settings.model_copy(update={"moderator_role": str(role)})

    async def lang(self, interaction: discord.Interaction, question: str | None = None) -> str:
        """The answer language for this interaction (see the module's docstring)."""
        explicit = locale_lang(interaction.locale)
        if explicit is not None:
            return explicit
        server = (await self.of(interaction.guild_id)).lang if interaction.guild_id is not None else None
        return pick_lang(question=question, server=server, default=self.settings.default_lang)


def prefs(client: Any) -> GuildPrefs:
    """The bot's GuildPrefs (one per registry: a new registry gets a new store)."""
    registry = getattr(client, "registry", None)
    engine = getattr(registry, "engine", None)
    current: GuildPrefs | None = getattr(client, "_guild_prefs", None)
    if current is None or current.engine is not engine:
        current = GuildPrefs(engine, client.settings)
        client._guild_prefs = current
    return current
