"""End-to-end: /crisis and the crisis section of /canserve through the real discord.py client and the fake Discord."""

from __future__ import annotations

import pytest
from engine_data import crisis_snapshot
from fake_discord import FRENCH, running, slash
from test_bot_lookup import check_embed_limits, settings

from app.bot import Passerelle


@pytest.fixture
async def env():
    async with running(lambda: Passerelle(settings(), snapshot=crisis_snapshot())) as pair:
        yield pair


async def test_crisis_card_for_a_minor_leads_with_child_protection(env):
    fake, _ = env
    cb = await fake.interact(slash("crisis", place="Gatineau", age=15))
    (embed,) = cb.embeds
    check_embed_limits(embed)
    assert embed["title"] == "Emergency and crisis contacts (Quebec)"
    bullets = [b for b in embed["description"].split("\n") if b.startswith("•")]
    assert bullets[0].startswith("• Child protection: Test qc-protection") and "<https://example.gov/dpj>" in bullets[0]
    assert "](" not in embed["description"]  # no masked links made of data
    (link,) = cb.buttons()
    assert link["url"] == "https://example.gov/dpj" and link["label"] == "Child protection · CA-QC"


async def test_crisis_in_french_and_refusals(env):
    fake, _ = env
    cb = await fake.interact(slash("crisis", actor=FRENCH, place="Toronto"))
    assert cb.embeds[0]["title"] == "Contacts d'urgence et de crise (Ontario)"
    assert "appelez 1 TEST" in cb.embeds[0]["description"]
    unknown = await fake.interact(slash("crisis", place="Qwxzy"))
    assert unknown.ephemeral and "No jurisdiction matches" in unknown.content
    too_old = await fake.interact(slash("crisis", place="Toronto", age=500))
    assert too_old.ephemeral and "between 0 and 120" in too_old.content


async def test_canserve_answer_has_the_crisis_section(env):
    fake, _ = env
    cb = await fake.interact(slash("canserve", **{"from": "CA-NB", "to": "Gatineau", "age": 15}))
    (embed,) = cb.embeds
    check_embed_limits(embed)
    field = next(f for f in embed["fields"] if f["name"].startswith("Emergency and crisis contacts"))
    assert field["value"].startswith("• Child protection")
