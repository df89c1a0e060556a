"""End-to-end: /help and the "Ask Passerelle" message command through the real discord.py client and the fake."""

from __future__ import annotations

import pytest
from fake_discord import FRENCH, message_command, running, slash
from test_bot_lookup import check_embed_limits, real_snapshot, settings

from app.bot import Passerelle


@pytest.fixture
async def env():
    async with running(lambda: Passerelle(settings(), snapshot=real_snapshot())) as pair:
        yield pair


async def test_help_in_english_and_french(env):
    fake, _ = env
    cb = await fake.interact(slash("help"))
    (embed,) = cb.embeds
    check_embed_limits(embed)
    assert cb.ephemeral and embed["title"] == "Passerelle — help"
    names = [f["name"] for f in embed["fields"]]
    assert names == ["Commands", "Verdicts", "Example questions"]
    assert "/crisis place:" in embed["fields"][0]["value"] and "Registration required first" in embed["fields"][1]["value"]
    fr = await fake.interact(slash("help", actor=FRENCH))
    assert fr.embeds[0]["title"] == "Passerelle — aide" and "/puis-je-servir" in fr.embeds[0]["fields"][0]["value"]


async def test_ask_from_a_colleagues_message_answers_privately_in_its_language(env):
    fake, _ = env
    cb = await fake.interact(message_command("Ask Passerelle", "inscrite au N.-B., cliente de 15 ans à Gatineau, par vidéo"))
    (embed,) = cb.embeds
    check_embed_limits(embed)
    assert cb.ephemeral
    assert "Québec" in embed["description"] and "Nouveau-Brunswick" in embed["description"]
    empty = await fake.interact(message_command("Ask Passerelle", ""))
    assert empty.ephemeral and "no text" in empty.content
