"""/help (the commands, the verdicts and example questions, in the user's language) and the message context menu
"Ask Passerelle" (answers the question in a colleague's message, privately)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from app.embeds import CARD_COLOUR, EmbedBuilder, verdict_embed, verdict_view
from app.i18n import interaction_lang, t
from jurisdictions.lang import guess_lang
from jurisdictions.render import VERDICT_TITLES

if TYPE_CHECKING:
    from app.bot import Passerelle

NO_MENTIONS = discord.AllowedMentions.none()
QUESTION_MAX = 1000  # longer messages are not questions; the parser reads the start only
COMMANDS = {
    "en": [("/canserve from: to: [age:] [days:] [situation:] [modality:]", "May I serve a client located elsewhere?"),
           ("/regulator place:", "the regulator of a place: contacts, public register, rule, sources"),
           ("/minors place:", "minor clients: age of majority, consent, duty to report"),
           ("/crisis place: [age:]", "emergency and crisis contacts where the client is"),
           ("/jurisdictions", "every place we cover"),
           ("Apps → Ask Passerelle", "on a colleague's message: answers the question in it, privately"),
           ("@Passerelle question", "ask in your own words (or in a DM), in English or French")],
    "fr": [("/puis-je-servir de: vers: [âge:] [jours:] [situation:] [modalité:]", "Puis-je servir un client situé ailleurs?"),
           ("/organisme lieu:", "l'organisme d'un lieu : coordonnées, registre public, règle, sources"),
           ("/mineurs lieu:", "clients mineurs : majorité, consentement, obligation de signaler"),
           ("/crise lieu: [âge:]", "contacts d'urgence et de crise là où se trouve le client"),
           ("/territoires", "tous les territoires couverts"),
           ("Applications → Demander à Passerelle", "sur le message d'un collègue : répond à sa question, en privé"),
           ("@Passerelle question", "posez votre question dans vos mots (ou en message privé), en français ou en anglais")],
}
EXAMPLES = {
    "en": ["registered in NB, client (15) moved to Gatineau, by video",
           "LCSW in New York, client on vacation in Florida for 3 weeks",
           "RSW in Ontario, client studying in Glasgow"],
    "fr": ["inscrite au N.-B., cliente de 15 ans à Gatineau, par vidéo",
           "TS au Québec, client en vacances en Floride pendant deux semaines",
           "travailleuse sociale en Ontario, client à Lyon"],
}
TEXT = {
    "en": {"title": "Passerelle — help", "intro": "Sourced answers on serving a client located elsewhere: the client's "
           "location governs.", "commands": "Commands", "verdicts": "Verdicts", "examples": "Example questions"},
    "fr": {"title": "Passerelle — aide", "intro": "Des réponses sourcées pour servir un client situé ailleurs : c'est le "
           "lieu où se trouve le client qui compte.", "commands": "Commandes", "verdicts": "Verdicts",
           "examples": "Exemples de questions"},
}


def help_embed(lang: str) -> discord.Embed:
    lang = "fr" if lang == "fr" else "en"
    text = TEXT[lang]
    builder = EmbedBuilder(title=text["title"], description=text["intro"], colour=CARD_COLOUR)
    builder.add(text["commands"], "\n".join(f"`{c}` — {what}" for c, what in COMMANDS[lang]), priority=9)
    builder.add(text["verdicts"], "\n".join(f"**{v.get(lang)}**" for v in VERDICT_TITLES.values()), priority=8)
    builder.add(text["examples"], "\n".join(f"• {q}" for q in EXAMPLES[lang]), priority=7)
    return builder.build()


class Help(commands.Cog):
    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot
        self.ask_menu = app_commands.ContextMenu(name="Ask Passerelle", callback=self.ask_message)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.ask_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)

    @app_commands.command(name="help", description="How to ask, the commands and what the verdicts mean")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=help_embed(interaction_lang(interaction)), ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)

    async def ask_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The answer to the question in someone's message, shown only to the person who asked for it."""
        text = (message.content or "").strip()[:QUESTION_MAX]
        lang = guess_lang(text) if text else interaction_lang(interaction)
        if not text:
            await interaction.response.send_message(t("no_question", interaction_lang(interaction)), ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return
        verdict = self.bot.engine.answer(text)
        kwargs = {"view": view} if (view := verdict_view(verdict, lang)) is not None else {}
        await interaction.response.send_message(embed=verdict_embed(verdict, lang), ephemeral=True,
                                                allowed_mentions=NO_MENTIONS, **kwargs)


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(Help(bot))
