"""The memoised /canserve answers (cogs/lookup.verdict_reply) are the answers a fresh render gives."""

from __future__ import annotations

import gc

from cogs.embeds import verdict_embed, verdict_view
from cogs.lookup import _ANSWERS, Lookup, place_choices, verdict_reply
from jurisdictions.parser import resolve_pair
from jurisdictions.snapshot import Snapshot
from jurisdictions.verdict import VerdictEngine
from tests.engine_data import real_snapshot


def fresh(snap: Snapshot, worker: str, client: str, age: int | None, lang: str) -> tuple[dict, list | None]:
    verdict = VerdictEngine(snap).check(worker, client, age)
    view = verdict_view(verdict, lang)
    return verdict_embed(verdict, lang).to_dict(), view.to_components() if view is not None else None


async def test_memoised_answers_equal_fresh_ones() -> None:
    snap = real_snapshot()
    engine = VerdictEngine(snap)
    _ANSWERS.clear()
    for worker, client, age, lang in [("NB", "QC", None, "en"), ("NB", "Québec", None, "en"), ("ON", "Gatineau", 15, "fr"),
                                      ("ON", "Gatineau", 15, "fr"), ("ON", "Gatineau", 30, "fr"), ("MB", "Kenora", 12, "en")]:
        for _ in range(2):  # the second is served from the memo
            res = resolve_pair(snap.index, worker, client)
            _, embed, view = verdict_reply(snap, engine, worker, client, res, age, None, None, None, lang)
            assert (embed.to_dict(), view.to_components() if view is not None else None) == fresh(snap, worker, client, age, lang)
    # one entry per resolved pair and options: "QC" and "Québec" are two spellings, Gatineau 15 and 30 two ages
    assert len(_ANSWERS) == 5


async def test_an_edit_gives_a_new_snapshot_and_new_answers() -> None:
    snap = real_snapshot()
    other = Snapshot.build(dict(snap.jurisdictions), snap.guidance, version=snap.version + 1)
    res = resolve_pair(snap.index, "NB", "QC")
    first = verdict_reply(snap, VerdictEngine(snap), "NB", "QC", res, None, None, None, None, "en")
    again = verdict_reply(other, VerdictEngine(other), "NB", "QC", resolve_pair(other.index, "NB", "QC"), None, None,
                          None, None, "en")
    assert again[1] is not first[1] and again[1].to_dict() == first[1].to_dict()


def test_choices_are_shared_between_prefixes_and_read_as_built() -> None:
    from cogs import lookup

    snap = real_snapshot()
    gat, gati = place_choices(snap, "gat", "en"), place_choices(snap, "gati", "en")
    assert ("Gatineau → Quebec (CA-QC)", "CA-QC") in [(c.name, c.value) for c in gat]
    shared = {(c.name, c.value): c for c in gat}
    assert any(shared.get((c.name, c.value)) is c for c in gati)  # one object for Gatineau in both lists
    lookup._CHOICE_OBJECTS.clear()
    rebuilt = lookup._place_choices(snap, "gat", "en")
    assert [c.to_dict() for c in rebuilt] == [c.to_dict() for c in gat]


async def test_start_up_objects_are_frozen_once_at_ready() -> None:
    class Bot:
        settings = type("S", (), {"question_rate": 5, "question_per_seconds": 10.0})()

    Lookup._frozen = False
    cog = Lookup(Bot())  # type: ignore[arg-type]
    try:
        await cog.on_ready()
        assert gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
        await cog.on_ready()  # a reconnect's READY freezes nothing more
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
