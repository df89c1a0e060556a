"""The running bot's page fingerprints in the database: shared by processes, one notice per change."""

from __future__ import annotations

import asyncio
from typing import Any

from db.page_state import PageState


async def test_fingerprints_are_shared_and_a_change_is_claimed_once(registry: Any) -> None:
    one, two = PageState(registry.engine), PageState(registry.engine)
    await one.save({"https://a.example.org/": {"fingerprint": "f1", "since": "2026-12-01"}}, ["https://a.example.org/"])
    assert await two.load() == {"https://a.example.org/": {"fingerprint": "f1", "since": "2026-12-01"}}
    state = await two.load()
    state["https://a.example.org/"] = {"fingerprint": "f2", "since": "2026-12-03"}  # the page changed
    await two.save(state, ["https://a.example.org/", "https://not-read.example.org/"])
    claims = await asyncio.gather(*(PageState(registry.engine).claim_notice("https://a.example.org/", "f2") for _ in range(3)))
    assert sorted(claims) == [False, False, True]
    assert await one.claim_notice("https://a.example.org/", "f1") is False  # not the page's current text
    assert (await one.load())["https://a.example.org/"]["since"] == "2026-12-03"
