"""Autocomplete's shared choices read as freshly built ones; start-up objects are frozen once, at READY."""

from __future__ import annotations

import gc

from cogs.lookup import Lookup, place_choices
from tests.helpers.engine_data import real_snapshot


def test_choices_are_shared_between_prefixes_and_read_as_built() -> None:
    from app import places as lookup  # the shared place helpers

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
