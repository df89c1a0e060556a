"""The question parser on varied English and French questions, over the real data."""

from __future__ import annotations

import pytest

from jurisdictions.parser import parse_question
from tests.helpers.engine_data import real_snapshot

# (question, worker, client, age, modality)
QUESTIONS: list[tuple[str, str | None, str | None, int | None, str | None]] = [
    ("I'm registered in New Brunswick — may I see a 15-year-old client who now lives in Quebec, by video?", "CA-NB", "CA-QC", 15, "video"),
    ("I'm registered in New Brunswick, may I see a 15-year-old client who now lives in Gatineau by video?", "CA-NB", "CA-QC", 15, "video"),
    ("registered in NB, client moved to Montreal", "CA-NB", "CA-QC", None, "moving"),
    ("je suis TS inscrite en Ontario, ma cliente de 15 ans habite à Gatineau", "CA-ON", "CA-QC", 15, None),
    ("licenced in nova scotia can i do telehealth with someone in PEI", "CA-NS", "CA-PE", None, "video"),
    ("ON -> QC", "CA-ON", "CA-QC", None, None),
    ("QC -> ON", "CA-QC", "CA-ON", None, None),
    ("NB → NS", "CA-NB", "CA-NS", None, None),
    ("AB => BC", "CA-AB", "CA-BC", None, None),
    ("registered in Alberta, client in Burnaby", "CA-AB", "CA-BC", None, None),
    ("I am licensed in British Columbia and my client lives in Calgary", "CA-BC", "CA-AB", None, None),
    ("Licensed in Saskatchewan; client relocated to Winnipeg. Phone sessions OK?", "CA-SK", "CA-MB", None, "moving"),
    ("I practise in Manitoba. Can I call a client in Regina?", "CA-MB", "CA-SK", None, "phone"),
    ("I work in Ontario, can I see a client in Halifax over Zoom?", "CA-ON", "CA-NS", None, "video"),
    ("Registered social worker in Nova Scotia, client is 16 and lives in Moncton", "CA-NS", "CA-NB", 16, None),
    ("I'm an RSW in Newfoundland, my client moved to Toronto", "CA-NL", "CA-ON", None, "moving"),
    ("registered in NL, client in St. John's", "CA-NL", "CA-NL", None, None),
    ("Registered in Quebec, client in Montreal, 12 years old", "CA-QC", "CA-QC", 12, None),
    ("I'm registered in PEI; can I do video counselling with a teen in Halifax?", "CA-PE", "CA-NS", None, "video"),
    ("licensed in Yukon, client in Yellowknife", "CA-YT", "CA-NT", None, None),
    ("registered in the Northwest Territories, client in Iqaluit", "CA-NT", "CA-NU", None, None),
    ("Member of the Alberta college, client living in Whitehorse", "CA-AB", "CA-YT", None, None),
    ("registered in Ontario. client age 17 in Ottawa", "CA-ON", "CA-ON", 17, None),
    ("Ontario social worker with a client in Gatineau", "CA-ON", "CA-QC", None, None),
    ("Can a Quebec social worker see a client in Ottawa by phone?", "CA-QC", "CA-ON", None, "phone"),
    ("An Alberta RSW with a Saskatchewan client", "CA-AB", "CA-SK", None, None),
    ("licenced in N.S., client in N.B.", "CA-NS", "CA-NB", None, None),
    ("registered in N.-B., client à Québec", "CA-NB", "CA-QC", None, None),
    ("registered in nb, client in qc", "CA-NB", "CA-QC", None, None),
    ("registred in Manitoba, client in Steinbach", "CA-MB", "CA-MB", None, None),
    ("registered in Saskatchewan, 14 yo client in Saskatoon", "CA-SK", "CA-SK", 14, None),
    ("I'm in Edmonton and registered in Alberta; the client is in Kelowna, online", "CA-AB", "CA-BC", None, "video"),
    ("registered in New Brunswik, client in Novia Scotia", "CA-NB", "CA-NS", None, None),
    ("registered in Onatrio, client in Quebec", "CA-ON", "CA-QC", None, None),
    ("My client (age 15) moved from Ontario to Quebec; I am registered in Ontario", "CA-ON", "CA-QC", 15, "moving"),
    ("client in Charlottetown, I'm registered in New Brunswick", "CA-NB", "CA-PE", None, None),
    ("A 10-year-old child in Winnipeg; I'm licensed in Ontario. Video?", "CA-ON", "CA-MB", 10, "video"),
    ("Registered in Nova Scotia. Home visit with a client in Truro.", "CA-NS", "CA-NS", None, "in_person"),
    ("I hold a licence in British Columbia, can I text a client in Victoria BC?", "CA-BC", "CA-BC", None, "text"),
    # French
    ("Je suis inscrite au Nouveau-Brunswick, puis-je voir par vidéo une cliente de 15 ans qui habite maintenant au Québec?", "CA-NB", "CA-QC", 15, "video"),
    ("inscrit en Ontario, client à Gatineau", "CA-ON", "CA-QC", None, None),
    ("Je travaille en Alberta, mon client a déménagé à Kelowna", "CA-AB", "CA-BC", None, "moving"),
    ("TS inscrite au Québec, ma cliente vit à Ottawa, par téléphone", "CA-QC", "CA-ON", None, "phone"),
    ("membre de l'ordre au Québec, client en Nouvelle-Écosse", "CA-QC", "CA-NS", None, None),
    ("je suis travailleuse sociale en Ontario; un adolescent de 14 ans à Montréal", "CA-ON", "CA-QC", 14, None),
    ("inscrite en Saskatchewan, jeune client au Manitoba", "CA-SK", "CA-MB", None, None),
    ("Je pratique au Manitoba, ma cliente habite à Regina, en ligne", "CA-MB", "CA-SK", None, "video"),
    ("inscrit à l'Île-du-Prince-Édouard, client à Moncton", "CA-PE", "CA-NB", None, None),
    ("je suis inscrite en Colombie-Britannique et ma cliente est à Edmonton", "CA-BC", "CA-AB", None, None),
    ("travailleur social inscrit à Terre-Neuve, client à Halifax, 16 ans", "CA-NL", "CA-NS", 16, None),
    ("je suis TS au N.-B., ma cliente âgée de 13 ans vit au Qc", "CA-NB", "CA-QC", 13, None),
    ("inscrite aux Territoires du Nord-Ouest, client au Nunavut", "CA-NT", "CA-NU", None, None),
    ("inscrit au Yukon, client à Whitehorse", "CA-YT", "CA-YT", None, None),
    ("inscrite en Ontario, une famille de Gatineau, en personne", "CA-ON", "CA-QC", None, "in_person"),
    ("Ontario -> Québec, enfant de 9 ans, visio", "CA-ON", "CA-QC", 9, "video"),
    ("inscrite au Québec; client déménagé à Toronto", "CA-QC", "CA-ON", None, "moving"),
    ("je suis inscrit en Nouvelle-Écosse et j'ai un client à Charlottetown", "CA-NS", "CA-PE", None, None),
    ("ma licence est de l'Alberta, ma cliente réside en Saskatchewan", "CA-AB", "CA-SK", None, None),
    ("inscrite au Québec, client mineur à Ottawa", "CA-QC", "CA-ON", None, None),
    ("je suis inscrite au Manitoba; la cliente, 17 ans, habite Winnipeg", "CA-MB", "CA-MB", 17, None),
    ("NB vers QC", "CA-NB", "CA-QC", None, None),
    ("de l'Ontario vers le Québec", "CA-ON", "CA-QC", None, None),
    ("membre de l'OTSTCFQ, cliente à Ottawa", "CA-QC", "CA-ON", None, None),
    ("registered with the NSCSW, client in Moncton", "CA-NS", "CA-NB", None, None),
    ("inscrite à l'Île-du-Prince-Édouard, cliente d'Ottawa", "CA-PE", "CA-ON", None, None),
]

# Questions that must not be answered by a guess.
UNCLEAR: list[tuple[str, str]] = [
    ("", "no_place"),
    ("hello", "no_place"),
    ("Ontario", "one_place"),
    ("client in Gatineau", "one_place"),
    ("registered in Ontario", "one_place"),
    ("Ontario Quebec", "sides_unclear"),
    ("registered in Ontario and registered in Quebec", "sides_unclear"),
    ("registered in Ontario, client in Portland", "ambiguous"),  # Oregon or Maine: neither in Canada, no clear lead
    ("registered in Quebec, client in Stratford", "ambiguous"),  # Stratford, Ontario or Stratford, PEI
]


@pytest.mark.parametrize(("question", "worker", "client", "age", "modality"), QUESTIONS, ids=[q[0][:50] for q in QUESTIONS])
def test_parser_reads_worker_client_age_and_modality(question: str, worker: str, client: str, age: int | None, modality: str | None) -> None:
    parsed = parse_question(question, real_snapshot().index)
    got_worker = parsed.worker.match.code if parsed.worker and parsed.worker.match else None
    got_client = parsed.client.match.code if parsed.client and parsed.client.match else None
    assert (got_worker, got_client) == (worker, client), parsed.mentions
    assert parsed.client_age == age
    if modality is not None:
        assert parsed.modality == modality


def test_there_are_at_least_sixty_questions_in_both_languages() -> None:
    assert len(QUESTIONS) >= 60
    french = [q for q, *_ in QUESTIONS if any(w in q.lower() for w in ("inscrit", "je ", "client à", "vers"))]
    assert len(french) >= 20


@pytest.mark.parametrize(("question", "problem"), UNCLEAR)
def test_parser_asks_instead_of_guessing(question: str, problem: str) -> None:
    parsed = parse_question(question, real_snapshot().index)
    assert parsed.problem == problem
    assert parsed.worker is None or parsed.client is None or problem == "ambiguous"


@pytest.mark.parametrize("word", ["minor", "teen", "child", "mineur", "adolescent", "enfant", "jeune"])
def test_minor_words_mark_a_minor_without_an_age(word: str) -> None:
    parsed = parse_question(f"registered in Ontario, {word} client in Gatineau", real_snapshot().index)
    assert parsed.minor and parsed.client_age is None


@pytest.mark.parametrize("text", ["client is 500 years old", "age 999", "1000 ans"])
def test_impossible_ages_are_ignored(text: str) -> None:
    assert parse_question(f"registered in NB, {text}, in Quebec", real_snapshot().index).client_age is None


def test_lowercase_words_are_not_taken_for_abbreviations() -> None:
    # "on", "in", "me", "ont", "ça" are words, not Ontario/Indiana/Maine/…
    parsed = parse_question("je suis inscrite en Ontario, ils ont un client on the phone in Montreal", real_snapshot().index)
    assert parsed.worker is not None and parsed.worker.match.code == "CA-ON"
    assert parsed.client is not None and parsed.client.match.code == "CA-QC"
