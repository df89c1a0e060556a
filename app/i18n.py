"""English/French for the Discord side: command names through an `app_commands.Translator`, and the
short runtime messages through `t(key, lang)`. The words are in the one catalogue, `jurisdictions/texts.py`;
answers themselves are bilingual in the engine."""

from __future__ import annotations

import discord
from discord import app_commands

from app.embeds import Markup, md
from jurisdictions.texts import TEXTS, text

# Command, group and option names/descriptions: English (what Discord dispatches on) -> French, from the catalogue.
COMMAND_FR: dict[str, str] = {key[len("command."):]: entry["fr"] for key, entry in TEXTS.items() if key.startswith("command.")}


class PasserelleTranslator(app_commands.Translator):
    """French localisations of command and option names and descriptions; `None` = keep English."""

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        if locale is not discord.Locale.french:
            return None
        key = string.extras.get("key", string.message)
        return COMMAND_FR.get(key)


def lang_of(locale: discord.Locale | str | None) -> str:
    """French for any `fr` locale, English otherwise."""
    value = locale.value if isinstance(locale, discord.Locale) else (locale or "")
    return "fr" if value.lower().startswith("fr") else "en"


def interaction_lang(interaction: discord.Interaction) -> str:
    return lang_of(interaction.locale)


def t(key: str, lang: str, **values: object) -> Markup:
    """Our message `msg.<key>` of the catalogue in `lang`, with every value escaped for Discord (`md`) unless it is
    Markup already."""
    return Markup(text(f"msg.{key}", lang, **{k: md(v) for k, v in values.items()}))
