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


async def test_a_changed_page_is_announced_once_by_one_of_two_processes(registry: Any) -> None:
    import datetime as dt

    from db.page_state import watch_round
    from jurisdictions.pagewatch import Citation
    from tests.helpers.web import PAGE, Site

    site = Site().start()
    url = f"http://127.0.0.1:{site.port}/practice"
    site.pages["/practice"] = PAGE.format(stamp=1, cls="a", text="Register before you practise.")
    cited = {url: Citation(url, "OCSWSSW — Electronic practice", dt.date(2026, 11, 28), ("CA-ON rule.status", "CA-ON rule.routes.0"))}
    first, second = PageState(registry.engine), PageState(registry.engine)
    assert await watch_round(first, cited) == []  # first reading: recorded, nothing to announce
    site.pages["/practice"] = PAGE.format(stamp=2, cls="b", text="Register before you practise.")  # markup only
    assert await watch_round(second, cited) == []
    site.pages["/practice"] = PAGE.format(stamp=3, cls="b", text="Notify the college before you practise.")
    announced = [await watch_round(first, cited), await watch_round(second, cited)]
    assert [len(a) for a in announced] == [1, 0]  # one notice, whichever process reads the change first
    assert announced[0][0].citation.facts == ("CA-ON rule.status", "CA-ON rule.routes.0")
    assert await watch_round(first, cited) == []  # the same text again: nothing new
