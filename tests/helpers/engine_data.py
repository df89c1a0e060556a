"""Shared, cached access to the real bundled data for the engine tests (no fixtures file to collide on)."""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

from jurisdictions.schema import Jurisdiction
from jurisdictions.snapshot import Snapshot, load_snapshot
from jurisdictions.verdict import VerdictEngine

CANADA = ["CA-AB", "CA-BC", "CA-MB", "CA-NB", "CA-NL", "CA-NS", "CA-NT", "CA-NU", "CA-ON", "CA-PE", "CA-QC", "CA-SK", "CA-YT"]


@lru_cache(maxsize=1)
def real_snapshot() -> Snapshot:
    return load_snapshot()


@lru_cache(maxsize=1)
def real_engine() -> VerdictEngine:
    return VerdictEngine(real_snapshot())


# ----- route tables (tests/jurisdictions/test_routes.py, tests/jurisdictions/test_routes_us.py) ------------------------------------------

RouteCase = tuple[str, str, "int | None", tuple[str, ...], "str | None", str, str, str]
"""(worker, client, days, situations, modality, verdict, route applied or "default"/"none", research line)"""


class RouteTable:
    """Cases built as products of days × situations × modalities, checked by one function."""

    def __init__(self) -> None:
        self.cases: list[RouteCase] = []

    def rows(self, worker: str, client: str, verdict: str, route: str, why: str,
             days: tuple[int | None, ...] = (None,), situations: tuple[tuple[str, ...], ...] = ((),),
             modalities: tuple[str | None, ...] = (None,)) -> None:
        for d, s, m in itertools.product(days, situations, modalities):
            self.cases.append((worker, client, d, s, m, verdict, route, why))

    def ids(self) -> list[str]:
        return [f"{w}>{c}|{d}|{'+'.join(s) or '-'}|{m}" for w, c, d, s, m, *_ in self.cases]


def check_route_case(worker: str, client: str, days: int | None, situations: tuple[str, ...], modality: str | None,
                     verdict: str, route: str, why: str) -> None:
    from jurisdictions.situation import stay_from

    v = real_engine().check(worker, client, None, modality, stay_from(situations, days))  # type: ignore[arg-type]
    assert v.code == verdict, f"{why}: {v.reason.en}"
    if route == "none":
        assert v.route_applied is None
        return
    assert v.route_applied is not None and v.route_applied.id == route, why
    if route != "default":
        assert v.route_applied.source is not None, "a route cites its source"
    if verdict == "depends":
        assert v.cases and v.depends_on, "a 'depends' answer lists its cases"


# ----- crisis lines (tests/jurisdictions/test_crisis.py, tests/cogs/test_bot_crisis.py) -----------------------------------------------
GOV = {"url": "https://example.gov/lines", "title": "Test government page", "last_verified": "2026-12-03",
       "kind": "government"}


def line(id_: str, service: str, call: str | None = None, url: str | None = None, source: str = "test-gov") -> dict[str, Any]:
    value: dict[str, Any] = {"id": id_, "service": service, "name": {"en": f"Test {id_}", "fr": f"Test {id_} (fr)"}}
    if call:
        value["call"] = call
    if url:
        value["url"] = url
    return {"value": value, "source": source}


def with_crisis(jur: Jurisdiction, lines: list[dict[str, Any]], note: str | None = None,
                sources: dict[str, Any] | None = None) -> dict[str, Any]:
    doc = jur.model_dump(mode="json", exclude_none=True)
    doc["sources"] = {**doc["sources"], "test-gov": GOV, **(sources or {})}
    crisis: dict[str, Any] = {"lines": lines}
    if note:
        crisis["note"] = {"value": {"en": note, "fr": note + " (fr)"}, "source": "test-gov"}
    doc["crisis"] = crisis
    return doc


def crisis_documents() -> dict[str, dict[str, Any]]:
    """Canada with national lines; Quebec with its own child-protection page and a line replacing the national
    crisis line; Ontario inheriting only; France with no confirmed line and a note."""
    real = real_snapshot().jurisdictions
    return {
        "CA": with_crisis(real["CA"], [line("ca-emergency", "emergency", "1 TEST"), line("ca-crisis", "crisis", "2 TEST"),
                                       line("ca-youth", "youth", "3 TEST")]),
        "CA-QC": with_crisis(real["CA-QC"], [line("qc-protection", "child_protection", url="https://example.gov/dpj"),
                                             line("ca-crisis", "crisis", "4 TEST")]),
        "FR": with_crisis(real["FR"], [], note="No confirmed crisis line in this test."),
    }



def crisis_snapshot() -> Snapshot:
    """The real data with the test lines of `crisis_documents` in CA, CA-QC and FR."""
    jurs = dict(real_snapshot().jurisdictions)
    for code, doc in crisis_documents().items():
        jurs[code] = Jurisdiction.model_validate(doc)
    return Snapshot.build(jurs)
