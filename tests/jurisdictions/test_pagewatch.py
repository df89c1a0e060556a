"""Watched sources: a local web server whose pages change; a change of text (not of markup, scripts or menus) is
reported once with the facts that cite the page; `bot.py data watch-sources` does the same from the data files."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from jurisdictions.pagewatch import Citation, citations, fingerprint, main_text, notice, watch_pages
from jurisdictions.snapshot import load_snapshot
from tests.helpers.web import PAGE, Site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site().start()
    yield server
    server.stop()


def test_main_text_ignores_markup_scripts_and_menus() -> None:
    a = main_text(PAGE.format(stamp=1, cls="x", text="Register before the first session."))
    b = main_text(PAGE.format(stamp=2, cls="y", text="Register  before the first\nsession."))
    assert a == b == "Electronic practice Register before the first session."
    assert fingerprint(a) != fingerprint(main_text(PAGE.format(stamp=1, cls="x", text="No registration needed.")))


def test_a_changed_page_is_reported_once_with_the_facts_that_cite_it(site: Site) -> None:
    site.pages = {"/ep": PAGE.format(stamp=1, cls="a", text="Apply before serving clients."),
                  "/fees": PAGE.format(stamp=1, cls="a", text="Fees: $100.")}
    cited = {site.url("/ep"): Citation(site.url("/ep"), "College — Electronic practice", dt.date(2026, 11, 28),
                                       ("CA-ON rule.electronic_practice", "CA-ON rule.routes.0", "CA-ON rule.status")),
             site.url("/fees"): Citation(site.url("/fees"), "College — Fees", dt.date(2026, 11, 28), ("CA-ON rule.route",)),
             site.url("/gone"): Citation(site.url("/gone"), "Old page", dt.date(2026, 11, 28), ())}
    state: dict[str, dict[str, str]] = {}
    first = asyncio.run(watch_pages(cited, state, today=dt.date(2026, 12, 1)))
    assert first.counts() == {"new": 2, "unreachable": 1}
    site.pages["/ep"] = PAGE.format(stamp=2, cls="b", text="Apply before serving clients.")  # markup only
    assert asyncio.run(watch_pages(cited, state, today=dt.date(2026, 12, 2))).changed() == []
    site.pages["/ep"] = PAGE.format(stamp=3, cls="b", text="Registration is no longer required.")
    third = asyncio.run(watch_pages(cited, state, today=dt.date(2026, 12, 3)))
    (changed,) = third.changed()
    assert changed.citation.url == site.url("/ep") and state[site.url("/ep")]["since"] == "2026-12-03"
    assert notice(changed) == ("College — Electronic practice changed since 2026-11-28: 3 facts cite it "
                               "(CA-ON rule.electronic_practice, CA-ON rule.routes.0, CA-ON rule.status)")
    assert notice(changed, "fr").startswith("College — Electronic practice a changé depuis le 2026-11-28 : 3 fait(s)")
    assert asyncio.run(watch_pages(cited, state, today=dt.date(2026, 12, 4))).changed() == []  # reported once


def test_citations_name_every_fact_resting_on_a_page() -> None:
    cited = citations(load_snapshot().jurisdictions.values())
    nb = next(c for url, c in cited.items() if "temporary-membership" in url)
    assert "CA-NB rule.status" in nb.facts and all(f.startswith("CA-NB ") for f in nb.facts)


def test_watch_sources_command(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`bot.py data watch-sources` over CA and CA-NB with every cited page served by the local site (the data's own
    URL rules refuse a local address in a data file, so the entries are copied with local URLs in memory)."""
    from jurisdictions.cli import main
    from jurisdictions.snapshot import Snapshot

    real = load_snapshot().jurisdictions
    jurs = {}
    for code in ("CA", "CA-NB"):
        sources = {}
        for i, (key, source) in enumerate(real[code].sources.items()):
            sources[key] = source.model_copy(update={"url": site.url(f"/{code}/{i}")})
            site.pages[f"/{code}/{i}"] = PAGE.format(stamp=0, cls="a", text=f"Page {code} {i}.")
        jurs[code] = real[code].model_copy(update={"sources": sources})
    snapshot = Snapshot.build(jurs)
    state = tmp_path / "state.json"
    args = ["data", "watch-sources", "--state", str(state), "--json"]

    assert main(args, snapshot_loader=lambda: snapshot) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"new": len(site.pages)}
    site.pages["/CA-NB/0"] = PAGE.format(stamp=1, cls="a", text="Something else entirely.")
    assert main(args, snapshot_loader=lambda: snapshot) == 1  # a page changed: exit 1
    (changed,) = json.loads(capsys.readouterr().out)["changed"]
    assert changed["url"] == site.url("/CA-NB/0") and changed["facts"]
    assert main(args, snapshot_loader=lambda: snapshot) == 0  # reported once
