"""Verdict embeds keep what matters when an answer is too long for Discord: the reason, the route, the
regulator, the minors section, the checklist and the sources; background notes go first."""

from __future__ import annotations

import pytest

from app.embeds import verdict_embed
from tests.engine_data import real_engine

EXAMPLE = "I'm registered in New Brunswick, may I see a 15-year-old client who now lives in Gatineau by video?"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_long_answer_keeps_checklist_and_sources_and_stays_within_limits(lang: str) -> None:
    embed = verdict_embed(real_engine().answer(EXAMPLE), lang)
    data = embed.to_dict()
    names = [f["name"] for f in data["fields"]]
    checklist = "Telepractice checklist" if lang == "en" else "Liste de vérification (pratique à distance)"
    assert checklist in names and "Sources" in names
    assert any(n.startswith(("Minor client", "Client mineur")) for n in names)
    assert len(embed) <= 6000 and len(data["fields"]) <= 25
    assert all(len(f["value"]) <= 1024 and len(f["name"]) <= 256 for f in data["fields"])
    assert data["footer"]["text"].startswith(("Not legal advice", "Ceci n'est pas un avis juridique"))
