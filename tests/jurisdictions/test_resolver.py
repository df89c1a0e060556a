"""The resolver on what people type: codes, names EN/FR, abbreviations, places, typos, ambiguity."""

from __future__ import annotations

import pytest

from jurisdictions.parser import parse_question
from tests.helpers.engine_data import real_snapshot


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


@pytest.mark.parametrize("text", ["", "   ", "??", "xyzzy", "Atlantis-sur-Mer", "q"])
def test_nonsense_matches_nothing(text: str) -> None:
    res = resolve(text)
    assert res.match is None and not res.candidates


def test_far_typo_gives_suggestions_not_a_guess() -> None:
    res = resolve("Saskatoonville")
    assert res.match is None
    assert any(m.code == "CA-SK" for m in res.suggestions)


@pytest.mark.parametrize(("text", "codes"), [
    ("Portland", ["US-OR", "US-ME"]), ("Vancouver", ["CA-BC", "US-WA"]), ("Cornwall", ["CA-ON", "CA-PE"]),
    ("Sault Ste. Marie", ["CA-ON", "US-MI"]),
])
def test_namesakes_without_a_clear_lead_list_the_candidates_biggest_first(text: str, codes: list[str]) -> None:
    res = resolve(text)
    assert res.match is None and res.ambiguous
    assert [m.code for m in res.candidates[: len(codes)]] == codes


@pytest.mark.parametrize(("text", "code"), [
    ("London", "GB-ENG"), ("Paris", "FR"), ("Sherbrooke", "CA-QC"), ("Sydney", "AU-NSW"), ("Perth", "AU-WA"),
    ("Halifax", "CA-NS"), ("Whitehorse", "CA-YT"),
])
def test_a_clear_population_lead_settles_a_namesake(text: str, code: str) -> None:
    res = resolve(text)
    assert res.match is not None and res.match.code == code


@pytest.mark.parametrize(("text", "context", "code"), [
    ("Vancouver", "CA-ON", "CA-BC"), ("Brandon", "CA-MB", "CA-MB"), ("Sydney", "NZ", "AU-NSW"),
    ("Derry", "GB-WLS", "GB-NIR"), ("London", "CA-QC", "CA-ON"), ("Portland", "US-ME", "US-ME"),
    ("Sault Ste. Marie", "CA-QC", "CA-ON"), ("Cornwall", "CA-QC", "CA-ON"),
])
def test_the_workers_jurisdiction_or_country_settles_a_namesake(text: str, context: str, code: str) -> None:
    res = real_snapshot().index.resolve(text, context=context)
    assert res.match is not None and res.match.code == code


@pytest.mark.parametrize(("text", "context", "code"), [
    ("Paris", "CA-ON", "FR"), ("Toronto", "AU-NSW", "CA-ON"), ("Montreal", "FR", "CA-QC"), ("Geneva", "US-CA", "CH"),
])
def test_context_never_picks_a_village_over_a_world_city(text: str, context: str, code: str) -> None:
    res = real_snapshot().index.resolve(text, context=context)
    assert res.match is not None and res.match.code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Vancouver (British Columbia)", "CA-BC"), ("Portland, Oregon", "US-OR"), ("Perth WA", "AU-WA"),
    ("London (England)", "GB-ENG"), ("Cornwall, Ontario", "CA-ON"), ("Durham, England", "GB-ENG"),
    ("Paris, Texas", "US-TX"), ("Sault Ste. Marie, ON", "CA-ON"), ("Stratford, Ontario", "CA-ON"),
])
def test_qualified_forms_resolve(text: str, code: str) -> None:
    res = resolve(text)
    assert res.match is not None and res.match.code == code


@pytest.mark.parametrize(("text", "country"), [
    ("Cancun", "MX"), ("Luxembourg", "LU"), ("Portugal", "PT"), ("Mexico", "MX"), ("Mexique", "MX"), ("Lisbon", "PT"),
])
def test_places_outside_coverage_are_recognised_not_mapped(text: str, country: str) -> None:
    res = resolve(text)
    assert res.match is None and res.not_covered is not None and res.not_covered.code == country


@pytest.mark.parametrize(("text", "code"), [
    ("Kenora", "CA-ON"), ("Timmins", "CA-ON"), ("Peterborough, Ontario", "CA-ON"), ("Rimouski", "CA-QC"),
    ("Rouyn-Noranda", "CA-QC"), ("Val-d'Or", "CA-QC"), ("Saint-Hyacinthe", "CA-QC"), ("Gaspé", "CA-QC"),
    ("Sept-Îles", "CA-QC"), ("Bend", "US-OR"), ("Lubbock", "US-TX"), ("Fort Frances", "CA-ON"), ("Joliette", "CA-QC"),
])
def test_gazetteer_towns_resolve_exactly(text: str, code: str) -> None:
    res = resolve(text)
    assert res.match is not None and res.match.code == code and res.match.score == 100.0


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
