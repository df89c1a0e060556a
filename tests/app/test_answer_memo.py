"""What the bot remembers between answers (issue 17) changes nothing that is sent: a remembered /canserve answer, and
the buttons built once per regulator and fact, are the payload a fresh build gives; the memo is emptied when the
snapshot changes; a field text is split as `chunks` splits it."""

from __future__ import annotations

import random

import discord
from test_bot_lookup import env  # noqa: F401  (fixture: the bot on the real snapshot, through the fake Discord)

from app.embeds import FrozenView, _chunks, chunks, regulator_buttons, verdict_embed, verdict_view, with_report
from app.memo import SnapshotMemo
from jurisdictions.verdict import governing_body
from tests.helpers.engine_data import real_engine
from tests.helpers.fake_discord import FRENCH, slash


def test_memo_is_bounded_and_emptied_for_another_snapshot() -> None:
    memo: SnapshotMemo[int] = SnapshotMemo(2)
    first, second = object(), object()
    for key in ("a", "b", "c"):
        memo.put(first, key, 1) if memo.get(first, key) is None else None
    assert len(memo) == 2 and memo.get(first, "a") is None and memo.get(first, "c") == 1  # least recently used went
    assert memo.get(second, "c") is None and len(memo) == 0  # a new snapshot: nothing derived from the old one
    memo.put(first, "x", 1)  # a value of the old snapshot is not kept under the new one
    assert memo.get(second, "x") is None


def test_chunks_of_a_field_text_are_chunks() -> None:
    rng = random.Random(17)
    for _ in range(5000):
        text = "".join(rng.choice("ab \n\\é") for _ in range(rng.randint(1, 60))) * rng.randint(1, 40)
        if text.strip():
            assert list(_chunks(text)) == chunks(text)
            assert all(type(piece) is str for piece in _chunks(text))


async def test_frozen_view_sends_what_a_fresh_view_sends() -> None:
    engine = real_engine()
    for code in ("CA-QC", "CA-NB", "US-NY", "GB-WLS"):
        jur = engine.snapshot.jurisdictions[code]
        for lang in ("en", "fr"):
            fresh = with_report(regulator_buttons(governing_body(jur), lang), "r", code, None, lang)
            assert fresh is not None
            frozen = FrozenView(fresh)
            assert frozen.to_components() == fresh.to_components()
            assert frozen.is_finished()  # never stored, no timeout task, even under a private answer
    verdict = engine.check("NB", "Gatineau", 15)
    assert verdict_view(verdict, "en") is verdict_view(verdict, "en")  # built once


async def test_remembered_canserve_answer_is_the_fresh_one(env) -> None:  # noqa: F811
    fake, bot = env
    cog = bot.get_cog("Lookup")
    asks = [("NB", "Gatineau", 15, None), ("CA-NB", "CA-QC", 15, None), ("Moncton", "Québec", 15, FRENCH),
            ("NB", "Gatineau", 30, None), ("NB", "Gatineau", 15, FRENCH)]
    for _ in range(2):  # the second round is answered from memory
        for worker, client, age, actor in asks:
            args = {"actor": actor} if actor is not None else {}
            cb = await fake.interact(slash("canserve", **args, **{"from": worker, "to": client, "age": age}))
            lang = "fr" if actor is FRENCH else "en"
            verdict = bot.engine.check(worker, client, age)
            view = verdict_view(verdict, lang)
            assert cb.embeds == [verdict_embed(verdict, lang).to_dict()]
            assert cb.data["components"] == (view.to_components() if isinstance(view, discord.ui.View) else [])
    # "NB"/"CA-NB"/"Moncton" → New Brunswick, "Gatineau"/"CA-QC"/"Québec" → Quebec: one answer per age and language
    assert cog._answers.hits == 7 and cog._answers.misses == 3, (cog._answers.hits, cog._answers.misses)
