"""The public corpus (issue 12): accuracy ≥ 97% and no answer naming a jurisdiction other than the expected one."""

from __future__ import annotations

import pytest

from jurisdictions.parser import parse_question
from tests.helpers.corpus_understand import HAND, Item, Outcome, corpus, judge
from tests.helpers.engine_data import real_engine, real_snapshot


def outcome(question: str) -> Outcome:
    engine = real_engine()
    parsed = parse_question(question, real_snapshot().index)
    v = engine.from_parsed(parsed)
    outside = next((r.not_covered for r in (parsed.client, parsed.worker) if r is not None and r.not_covered), None)
    if v.code != "not_understood":
        family = "answer"
    elif outside is not None:
        family = "not_covered"
    else:
        family = "ask" if v.suggestions else "not_understood"
    client = outside.code if family == "not_covered" and outside is not None else v.client.jurisdiction.code if v.client else None
    return Outcome(v.worker.jurisdiction.code if v.worker else None, client, v.client_age, family)


def test_the_corpus_is_big_and_bilingual() -> None:
    items = corpus()
    assert len(items) >= 400
    french = [i for i in items if any(w in i.question for w in (" à ", "inscrit", "TS ", "ans", "cliente"))]
    assert len(french) >= 110
    assert {i.family for i in items} == {"answer", "ask", "not_covered"}


def test_corpus_accuracy_and_no_wrong_place() -> None:
    items = corpus()
    results = [(item, judge(item, outcome(item.question))) for item in items]
    wrong = [item.question for item, (_, bad) in results if bad]
    misses = [item.question for item, (ok, _) in results if not ok]
    assert not wrong, wrong
    assert len(misses) / len(items) <= 0.03, misses


@pytest.mark.parametrize("item", HAND, ids=[i.question[:60] for i in HAND])
def test_each_hand_written_question(item: Item) -> None:
    got = outcome(item.question)
    right, wrong = judge(item, got)
    assert not wrong and right, got
