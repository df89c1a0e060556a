"""Autocomplete's indexes give the answers a plain scan would, and what people type finds the place."""

from __future__ import annotations

import pytest

from jurisdictions import gazetteer
from jurisdictions.textnorm import compact_key
from tests.engine_data import real_snapshot


def naive_prefix_keys(prefix: str) -> list[str]:
    """What the sorted-key bisect must equal: every key that starts with `prefix`, shortest first."""
    return [k for k in real_snapshot().index.keys if k.startswith(prefix)]


@pytest.mark.parametrize("text", ["n", "nouv", "qu", "on", "s", "sask", "mon", "zz", "9", "nouveaubrunswick", "ca"])
def test_prefix_index_finds_the_same_keys_in_the_same_order_as_a_scan(text: str) -> None:
    index = real_snapshot().index
    index.complete("warm")
    assert index._completer is not None
    key = compact_key(text)
    assert index._completer.prefixed_keys(key) == naive_prefix_keys(key)


def naive_towns(prefix: str, limit: int) -> list[tuple[str, str]]:
    """Every covered place whose key starts with `prefix`, most populous first (ties by key), each once."""
    g = gazetteer.shared()
    found = []
    for key, ids in g.keys.items():
        if key.startswith(prefix):
            for ident in (ids,) if isinstance(ids, int) else ids:
                place = g.place(ident)
                if place.covered:
                    found.append((-place.population, key, ident))
    found.sort()
    out: dict[int, str] = {}
    for _, key, ident in found:
        out.setdefault(ident, key)
    return [(key, g.place(ident).name) for ident, key in list(out.items())[:limit]]


@pytest.mark.parametrize("prefix", ["sai", "saint", "san", "mar", "por", "sault", "ken", "zzq"])
def test_town_prefixes_are_ranked_by_population_even_when_crowded(prefix: str) -> None:
    g = gazetteer.shared()
    for limit in (25, 50):
        for _ in range(2):  # the second call is served from the memo of crowded prefixes
            assert [(k, p.name) for k, p in g.prefixed(prefix, limit=limit)] == naive_towns(prefix, limit)


def test_a_crowded_prefix_brings_the_largest_towns_each_once() -> None:
    found = gazetteer.shared().prefixed("saint", limit=5)  # 1,200 keys start so; a bounded scan saw only "Saint C…"
    assert found[0][1].name == "Saint Paul" and found[0][1].code == "US-MN"
    assert len({(p.name, p.code) for _, p in found}) == len(found)


@pytest.mark.parametrize(("typed", "code"), [
    ("Gatinau", "CA-QC"), ("londn", "GB-ENG"), ("Sherbrok", "CA-QC"), ("torono", "CA-ON"), ("Monc", "CA-NB"),
    ("Nouveau", "CA-NB"), ("Kenor", "CA-ON"), ("Saskatoo", "CA-SK"), ("Calgray", "CA-AB"),
])
def test_typed_starts_and_typos_offer_the_place(typed: str, code: str) -> None:
    codes = [m.code for m in real_snapshot().index.complete(typed)]
    assert code in codes[:10], codes


def test_memoised_answers_are_copies_and_stay_the_same() -> None:
    index = real_snapshot().index
    first = index.complete("Mont")
    first.clear()
    again = index.complete("Mont")
    assert again and again == index.complete("mont")  # same compact key, same answer
    assert len(index.complete("Mont", limit=3)) == 3


def test_memoised_choices_keep_blank_punctuation_and_language_apart() -> None:
    from app.places import place_choices

    snap = real_snapshot()
    assert len(place_choices(snap, "", "en")) == 25  # nothing typed: the first jurisdictions by name
    assert place_choices(snap, "!!", "en") == []  # typed, but nothing a key can hold
    assert len(place_choices(snap, " ", "en")) == 25
    english = [c.name for c in place_choices(snap, "nouv", "en")]
    french = [c.name for c in place_choices(snap, "nouv", "fr")]
    assert any("New Brunswick" in n for n in english) and any("Nouveau-Brunswick" in n for n in french)
    again = place_choices(snap, "nouv", "en")
    again.clear()
    assert [c.name for c in place_choices(snap, "Nouv", "en")] == english
