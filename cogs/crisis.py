"""/crisis: the emergency and crisis contacts for a client's location, on their own (the same card every
/canserve answer carries). Child protection comes first for a minor client."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from app.embeds import EmbedBuilder, Markup, bullets, link_button, md, sources_block
from app.i18n import interaction_lang, t
from app.places import AGE_MAX, AGE_MIN, place_choices, resolve_place
from jurisdictions.crisis import CrisisCard, client_in, service_name
from jurisdictions.render_crisis import MINOR_FIRST, crisis_lines, crisis_title

if TYPE_CHECKING:
    from app.bot import Passerelle

NO_MENTIONS = discord.AllowedMentions.none()
CRISIS_COLOUR = discord.Colour(0xB71C1C)
LINK_BUTTONS_MAX = 5


def crisis_embed(card: CrisisCard, lang: str, disclaimer: str = "") -> discord.Embed:
    lines = crisis_lines(card, lang, link="{url}")  # md() makes each address a bare <url>
    head = md(MINOR_FIRST["fr" if lang == "fr" else "en"]) + "\n\n" if card.client == "minor" else ""
    builder = EmbedBuilder(title=crisis_title(card, lang), description=Markup(head + bullets(lines)),
                           colour=CRISIS_COLOUR, footer=disclaimer)
    if card.sources:
        builder.add("Sources", sources_block(card.sources, lang), priority=6)
    return builder.build()


def crisis_buttons(card: CrisisCard, lang: str) -> discord.ui.View | None:
    """Link buttons to the lines' official pages; the label is our own words (the service), never data text."""
    view: discord.ui.View | None = None
    for entry in [e for e in card.lines if e.line.url][:LINK_BUTTONS_MAX]:
        view = link_button(view, f"{service_name(entry.line.service, lang)} · {entry.origin.code}", entry.line.url)
    return view


class Crisis(commands.Cog):
    def __init__(self, bot: Passerelle) -> None:
        self.bot = bot

    async def place_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return place_choices(self.bot.snapshot, current, interaction_lang(interaction))

    @app_commands.command(name="crisis", description="Emergency and crisis contacts where the client is")
    @app_commands.describe(place="Where the client is located now (province, state, country, city)",
                           age="The client's age (a minor gets child protection first)",
                           private="Only you see the answer")
    @app_commands.autocomplete(place=place_autocomplete)
    async def crisis(self, interaction: discord.Interaction, place: str,
                     age: app_commands.Range[int, AGE_MIN, AGE_MAX] | None = None, private: bool = False) -> None:
        lang = interaction_lang(interaction)
        if age is not None and not AGE_MIN <= age <= AGE_MAX:  # Discord checks the range in its client only
            await interaction.response.send_message(t("age_range", lang), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        snap = self.bot.snapshot
        jur, problem = resolve_place(snap, place, lang)
        if jur is None:
            await interaction.response.send_message(problem or "", ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        card = self.bot.engine.crisis(jur, client_in(jur, age))
        embed = crisis_embed(card, lang, snap.guidance.disclaimer.get(lang))
        kwargs = {"view": view} if (view := crisis_buttons(card, lang)) is not None else {}
        await interaction.response.send_message(embed=embed, ephemeral=private, allowed_mentions=NO_MENTIONS, **kwargs)


async def setup(bot: Passerelle) -> None:
    await bot.add_cog(Crisis(bot))
