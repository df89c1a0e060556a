"""The resolver on what people type: codes, names EN/FR, abbreviations, places, typos, ambiguity."""

from __future__ import annotations

import pytest

from jurisdictions.parser import parse_question
from tests.engine_data import real_snapshot


def resolve(text: str):
    return real_snapshot().index.resolve(text)


@pytest.mark.parametrize(("text", "code"), [
    ("NB", "CA-NB"), ("N.B.", "CA-NB"), ("N.-B.", "CA-NB"), ("n.b.", "CA-NB"), ("New Brunswick", "CA-NB"),
    ("nouveau-brunswick", "CA-NB"), ("NOUVEAU BRUNSWICK", "CA-NB"), ("CA-NB", "CA-NB"), ("ca nb", "CA-NB"),
    ("Québec", "CA-QC"), ("quebec", "CA-QC"), ("QC", "CA-QC"), ("Qc", "CA-QC"), ("Qué.", "CA-QC"),
    ("Ontario", "CA-ON"), ("Ont.", "CA-ON"), ("PEI", "CA-PE"), ("Î.-P.-É.", "CA-PE"), ("Île-du-Prince-Édouard", "CA-PE"),
    ("Colombie-Britannique", "CA-BC"), ("C.-B.", "CA-BC"), ("Terre-Neuve-et-Labrador", "CA-NL"),
    ("T.N.-O.", "CA-NT"), ("NWT", "CA-NT"), ("Nunavut", "CA-NU"), ("Yukon", "CA-YT"), ("N.-É.", "CA-NS"),
    ("Nouvelle-Écosse", "CA-NS"), ("Nebraska", "US-NE"), ("NE", "US-NE"),
    ("OTSTCFQ", "CA-QC"), ("NBASW", "CA-NB"), ("OCSWSSW", "CA-ON"),  # regulators' acronyms
])
def test_exact_names_codes_and_abbreviations(text: str, code: str) -> None:
    res = resolve(text)
    assert res.match is not None and res.match.code == code and res.match.score == 100.0


@pytest.mark.parametrize(("text", "code"), [
    ("Gatineau", "CA-QC"), ("Montreal", "CA-QC"), ("Montréal", "CA-QC"), ("trois-rivieres", "CA-QC"),
    ("Moncton", "CA-NB"), ("Edmundston", "CA-NB"), ("Iqaluit", "CA-NU"), ("Yellowknife", "CA-NT"),
    ("Whitehorse", "CA-YT"), ("Charlottetown", "CA-PE"), ("St. John's", "CA-NL"), ("Saskatoon", "CA-SK"),
    ("Calgary", "CA-AB"), ("Winnipeg", "CA-MB"), ("Halifax", "CA-NS"), ("Toronto", "CA-ON"),
])
def test_places_resolve_to_their_jurisdiction(text: str, code: str) -> None:
    res = resolve(text)
    assert res.match is not None and res.match.code == code and res.match.kind == "place"
    assert res.match.matched == text


@pytest.mark.parametrize(("text", "code"), [
    ("New Brunswik", "CA-NB"), ("Onatrio", "CA-ON"), ("Saskatchewn", "CA-SK"), ("Nova Scota", "CA-NS"),
    ("Britsh Columbia", "CA-BC"), ("Manitobah", "CA-MB"), ("Albreta", "CA-AB"), ("Quebeck", "CA-QC"),
    ("Gatineu", "CA-QC"), ("Nunavutt", "CA-NU"),
])
def test_typos_are_tolerated_above_the_cut_off(text: str, code: str) -> None:
    res = resolve(text)
    assert res.match is not None and res.match.code == code
    assert 84 <= res.match.score < 100


@pytest.mark.parametrize("text", ["", "   ", "??", "xyzzy", "Atlantis", "q"])
def test_nonsense_matches_nothing(text: str) -> None:
    res = resolve(text)
    assert res.match is None and not res.candidates


def test_far_typo_gives_suggestions_not_a_guess() -> None:
    res = resolve("Saskatoonville")
    assert res.match is None
    assert any(m.code == "CA-SK" for m in res.suggestions)


@pytest.mark.parametrize(("text", "codes"), [
    ("Sherbrooke", {"CA-QC", "CA-NS"}), ("London", {"CA-ON", "GB-ENG"}), ("Paris", {"FR", "US-TX"}),
    ("Portland", {"US-ME", "US-OR"}), ("Vancouver", {"CA-BC", "US-WA"}),
])
def test_ambiguous_places_list_the_candidates(text: str, codes: set[str]) -> None:
    res = resolve(text)
    assert res.match is None and res.ambiguous
    assert {m.code for m in res.candidates} == codes


@pytest.mark.parametrize(("question", "client"), [
    ("registered in Ontario, client in Paris, Texas", "US-TX"),
    ("registered in Ontario, client in Paris (France)", "FR"),
    ("registered in Quebec, client in London, Ontario", "CA-ON"),
    ("registered in Quebec, client in London, England", "GB-ENG"),
    ("registered in Quebec, client in Portland, Maine", "US-ME"),
    ("registered in Ontario, client in Sherbrooke QC", "CA-QC"),
    ("registered in Alberta, client in Vancouver BC", "CA-BC"),
])
def test_a_qualifier_settles_an_ambiguous_place(question: str, client: str) -> None:
    parsed = parse_question(question, real_snapshot().index)
    assert parsed.client is not None and parsed.client.match is not None and parsed.client.match.code == client


def test_autocomplete_offers_at_most_25_choices_with_prefix_matches_first() -> None:
    choices = real_snapshot().index.complete("Nouv")
    assert 0 < len(choices) <= 25
    assert {c.code for c in choices[:3]} & {"CA-NB", "CA-NS"}
    assert real_snapshot().index.complete("") == []
    assert len(real_snapshot().index.complete("a")) <= 25
