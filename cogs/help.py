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
from jurisdictions.texts import text

if TYPE_CHECKING:
    from app.bot import Passerelle

NO_MENTIONS = discord.AllowedMentions.none()
QUESTION_MAX = 1000  # longer messages are not questions; the parser reads the start only
HELP_COMMANDS = ("help.command.canserve", "help.command.regulator", "help.command.minors", "help.command.crisis",
                 "help.command.jurisdictions", "help.command.ask_menu", "help.command.mention")
HELP_EXAMPLES = ("help.example.1", "help.example.2", "help.example.3")

def help_embed(lang: str) -> discord.Embed:
    lang = "fr" if lang == "fr" else "en"
    builder = EmbedBuilder(title=text("help.title", lang), description=text("help.intro", lang), colour=CARD_COLOUR)
    builder.add(text("help.commands", lang), "\n".join(text(key, lang) for key in HELP_COMMANDS), priority=9)
    builder.add(text("help.verdicts", lang), "\n".join(f"**{v.get(lang)}**" for v in VERDICT_TITLES.values()), priority=8)
    builder.add(text("help.examples", lang), "\n".join(f"• {text(key, lang)}" for key in HELP_EXAMPLES), priority=7)
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
