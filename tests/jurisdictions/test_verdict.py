"""Verdicts follow the data: all 13 x 13 Canadian pairs, minors, unverified rules, and bad input."""

from __future__ import annotations

import itertools
import json

import pytest

from jurisdictions.render import verdict_json, verdict_text
from jurisdictions.verdict import STATUS_TO_VERDICT, governing_body
from tests.helpers.engine_data import CANADA, real_engine, real_snapshot


def expected_verdict(worker: str, client: str) -> str:
    jur = real_snapshot().jurisdictions[client]
    if worker == client:
        return "allowed"
    if jur.rule.status.unverified or jur.rule.summary.unverified:
        return "unknown"
    return STATUS_TO_VERDICT[jur.rule.status.value]


def test_all_thirteen_provinces_and_territories_are_loaded() -> None:
    assert set(CANADA) <= set(real_snapshot().jurisdictions)


@pytest.mark.parametrize(("worker", "client"), list(itertools.product(CANADA, CANADA)))
def test_canadian_pair_verdict_is_consistent_with_data(worker: str, client: str) -> None:
    v = real_engine().check(worker, client, age=15)
    jur = real_snapshot().jurisdictions[client]
    if jur.rule.routes and worker != client:  # the route model decides: see tests/jurisdictions/test_routes.py for the cases
        assert v.code in {"depends", expected_verdict(worker, client)} | {
            "unknown" if r.unverified else r.value.outcome for r in jur.rule.routes}
        assert (v.code == "depends") == bool(v.cases and {c.outcome for c in v.cases} != {v.route_applied.outcome})
    else:
        assert v.code == expected_verdict(worker, client)
    assert v.worker is not None and v.worker.jurisdiction.code == worker
    assert v.client is not None and v.client.jurisdiction.code == client
    assert v.regulator == governing_body(jur)
    assert v.sources, "every answer cites its sources"
    assert v.disclaimer is not None and "legal advice" in v.disclaimer.en
    assert v.checklist
    majority = jur.minors.age_of_majority.value if jur.minors else 18
    assert (v.minors is not None) == (majority > 15)
    if v.code in ("registration_required", "conditional", "depends"):
        assert v.route is not None
    for lang in ("en", "fr"):
        text = verdict_text(v, lang)
        assert text.strip().endswith(v.disclaimer.get(lang))


def test_unverified_rule_is_never_presented_as_an_answer() -> None:
    snap = real_snapshot()
    unverified = [c for c in CANADA if snap.jurisdictions[c].rule.status.unverified]
    for code in unverified:
        v = real_engine().check("CA-NB" if code != "CA-NB" else "CA-ON", code)
        assert v.code == "unknown"
        assert "not verified" in v.reason.en


def test_worked_example_new_brunswick_to_gatineau() -> None:
    v = real_engine().answer("I'm registered in New Brunswick, may I see a 15-year-old client who now lives in Gatineau by video?")
    assert v.worker.jurisdiction.code == "CA-NB" and v.client.jurisdiction.code == "CA-QC"
    assert v.client.matched == "Gatineau"
    assert v.code in ("registration_required", "conditional", "unknown")
    data = verdict_json(v, "en")
    assert data["client_age"] == 15 and data["minors"] is not None
    assert data["minors"]["age_of_majority"] == real_snapshot().jurisdictions["CA-QC"].minors.age_of_majority.value
    assert data["regulator"]["website"].startswith("https://")
    assert any("informed consent" in item.lower() for item in data["checklist"])


def test_french_answer_is_in_french() -> None:
    v = real_engine().answer("je suis TS inscrite en Ontario, ma cliente de 15 ans habite à Gatineau")
    text = verdict_text(v, "fr")
    assert "avis juridique" in text and "Client mineur" in text


def test_country_level_client_asks_where_exactly() -> None:
    v = real_engine().check("Ontario", "Canada")
    assert v.code == "not_understood"
    names = {s.en for s in v.suggestions}
    assert {"Quebec", "Alberta"} <= names


def test_ambiguous_place_is_asked_back() -> None:
    v = real_engine().answer("registered in Ontario, client in Portland")
    assert v.code == "not_understood"
    joined = " ".join(s.en for s in v.suggestions)
    assert "Portland (Oregon)" in joined and "Portland (Maine)" in joined


def test_adult_client_gets_no_minors_section() -> None:
    assert real_engine().check("NB", "QC", age=40).minors is None


HOSTILE = [
    "",
    "   ",
    "x" * 10_000,
    "\x00\x01\x02\x1b[31m registered \x7f",
    "🙂🙃🔥 " * 50,
    "'; DROP TABLE regulators; --",
    "<script>alert(1)</script>",
    "{{7*7}} ${jndi:ldap://x}",
    "@everyone @here <@123456> <@&987> please answer",
    "```\nregistered in\n```",
    "\u202eOntario\u202c \u200bQuebec\u200b",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_bad_input_gives_a_clear_answer_and_never_pings(text: str) -> None:
    v = real_engine().answer(text)
    assert v.code in ("not_understood", "allowed", "conditional", "registration_required", "not_permitted", "depends", "unknown")
    for lang in ("en", "fr"):
        rendered = verdict_text(v, lang) + json.dumps(verdict_json(v, lang), ensure_ascii=False)
        assert "@everyone" not in rendered and "@here" not in rendered and "<@" not in rendered
    if not text.strip() or text.startswith(("x", "'", "<", "{", "@", "`", "🙂", "\x00")):
        assert v.code == "not_understood"
        assert v.reason.en
