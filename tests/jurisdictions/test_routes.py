"""The route model against the research: pair × situation × duration × modality → verdict and route.

Each row cites the research line that justifies it (files under ../shared/research/ and the sources in the
data files). `route` is the id of the route applied, or "default" when no route covers the worker.
"""

from __future__ import annotations

import itertools

import pytest

from jurisdictions.routes import covers
from jurisdictions.schema import ANYWHERE
from jurisdictions.situation import stay_from
from tests.helpers.engine_data import RouteTable, check_route_case, real_engine, real_snapshot

R, C, A, N, D, U = "registration_required", "conditional", "allowed", "not_permitted", "depends", "unknown"
REMOTE = ("video", "phone", "text")

# (worker, client, days, situations, modality, verdict, route applied, research line)
UK = "international-uk-ie-nz-au-fr-be-ch.md"
CAN = "canada.md / canada-ab-mb-sk-qc-pe.md"
TABLE = RouteTable()
rows = TABLE.rows


ANY_STAY = (None, 3, 21, 200)
SITUATIONS = ((), ("visiting",), ("moving",), ("studying",), ("existing",))
ALL_MODES = (None, "video", "in_person")

# --- United Kingdom ---------------------------------------------------------------------------------------
# Scotland: any UK register suffices, no time limit (gov.scot SSSC consultation s.2; UK §1.2)
for w in ("GB-ENG", "GB-WLS", "GB-NIR"):
    rows(w, "GB-SCT", A, "sct-any-uk-register", f"{UK} §1.2 any UK register", ANY_STAY, ((), ("visiting",)), ALL_MODES)
# England: other-UK registrants on a temporary basis, Reg. 28(3) (SWE temporary practice policy; UK §1.1)
for w in ("GB-SCT", "GB-WLS", "GB-NIR"):
    rows(w, "GB-ENG", A, "eng-other-uk-temporary", f"{UK} §1.1 Reg. 28(3)", (None, 10), ((), ("moving",)), ALL_MODES)
# Northern Ireland: temporary if ≤ 3 days in a row (NISCC temporary or occasional practice page; UK §1.4)
for w in ("GB-ENG", "GB-SCT", "GB-WLS"):
    rows(w, "GB-NIR", A, "nir-other-uk-temporary", f"{UK} §1.4 NISCC ≤3 consecutive days", (1, 3), modalities=ALL_MODES)
    rows(w, "GB-NIR", R, "default", f"{UK} §1.4 NISCC: >3 days in a row is not temporary", (4, 30, 120))
    rows(w, "GB-NIR", D, "default", f"{UK} §1.4 NISCC: depends on the length", (None,), ((), ("visiting",)))
# Wales: whether another UK register counts is not confirmed → unknown, never a confident answer (UK §1.3)
for w in ("GB-ENG", "GB-SCT", "GB-NIR"):
    rows(w, "GB-WLS", U, "wls-other-uk-register", f"{UK} §1.3 'relevant register' undefined", (None, 5))
# Outside the UK: no visiting route (SWE overseas applicant guidance; NISCC; SSSC)
for w in ("US-NY", "CA-ON", "IE", "AU-NSW", "FR"):
    for c in ("GB-ENG", "GB-SCT", "GB-NIR"):
        rows(w, c, R, "default", f"{UK} §1 no route for non-UK registrants", (None, 5), modalities=("video",))

# --- Canada ------------------------------------------------------------------------------------------------
CANADIANS = ("CA-NB", "CA-AB", "CA-QC", "CA-BC")
# Ontario: electronic-practice class for other-Canada registrants living outside Ontario, remote only (CAN ON row)
for w in CANADIANS:
    rows(w, "CA-ON", C, "on-electronic-practice", f"{CAN} ON electronic class", (None, 30), SITUATIONS[:3], REMOTE)
    rows(w, "CA-ON", R, "default", f"{CAN} ON: in person needs regular registration", (None,), ((),), ("in_person",))
    rows(w, "CA-ON", D, "default", f"{CAN} ON: by video class, in person registration", (None,), ((),), (None,))
for w in ("US-NY", "US-OH", "GB-ENG", "FR"):  # not open to workers outside Canada (ocswssw.org/electronic-practice)
    rows(w, "CA-ON", R, "default", f"{CAN} ON class not for US/non-Canadian licensees", (None, 10), ((), ("moving",)), ALL_MODES)
# Newfoundland and Labrador: workers living outside Canada may not serve NL clients (nlcsw.ca/information_for_clients)
for w in ("US-OH", "US-NY", "GB-SCT", "AU-VIC"):
    rows(w, "CA-NL", N, "nl-outside-canada", f"{CAN} NL: residing outside Canada not permitted", (None, 5), ((), ("visiting",)), ALL_MODES)
for w in CANADIANS:
    rows(w, "CA-NL", C, "nl-electronic-approval", f"{CAN} NL electronic-practice approval", (None,), ((),), REMOTE)
    rows(w, "CA-NL", R, "default", f"{CAN} NL: in person needs NLCSW registration", (None,), ((),), ("in_person",))
# Nova Scotia: telepractice registration needs a Canadian registration (nscsw.org/applicants/telepractice)
for w in CANADIANS:
    rows(w, "CA-NS", C, "ns-telepractice", f"{CAN} NS telepractice", (None, 60), modalities=REMOTE)
    rows(w, "CA-NS", R, "default", f"{CAN} NS in person", modalities=("in_person",))
for w in ("US-NY", "US-ME", "GB-ENG"):
    rows(w, "CA-NS", R, "default", f"{CAN} NS telepractice needs a Canadian registration", (None,), ((),), ALL_MODES)
# Manitoba: ESWP-only for Canadian registrants (remote), temporary ≤ 90 days a year for anyone registered elsewhere
for w in CANADIANS:
    rows(w, "CA-MB", C, "mb-electronic-only", f"{CAN} MB ESWP-only", (None, 200), modalities=REMOTE)
for w in ("US-ND", "US-MN", "GB-ENG"):
    rows(w, "CA-MB", C, "mb-temporary", f"{CAN} MB temporary ≤90 days/registration year", (10, 90), modalities=ALL_MODES)
    rows(w, "CA-MB", R, "default", f"{CAN} MB beyond 90 days: registration", (91, 200), modalities=("video",))
    rows(w, "CA-MB", D, "default", f"{CAN} MB: depends on the length", (None,), modalities=("video",))
# British Columbia: temporary registration only for client transitions (or emergencies), CA or US registrants
for w in ("CA-AB", "US-WA", "US-CA"):
    rows(w, "CA-BC", C, "bc-temporary-transition", f"{CAN} BC temporary: client transitions", (None, 30), (("moving",),), ALL_MODES)
    rows(w, "CA-BC", R, "default", f"{CAN} BC temporary is not for visits or studies", (None, 30), (("visiting",), ("studying",)))
    rows(w, "CA-BC", D, "default", f"{CAN} BC: depends on whether the client moved", (None,), ((),))
for w in ("GB-ENG", "FR"):
    rows(w, "CA-BC", R, "default", f"{CAN} BC temporary only for CA/US registrants", (None,), ((), ("moving",)))
# New Brunswick: Temporary Authorized Membership for workers in good standing with another regulator
for w in ("CA-QC", "US-ME", "FR", "GB-WLS"):
    rows(w, "CA-NB", C, "nb-temporary-authorized-membership", f"{CAN} NB TAM", (None, 14), ((), ("moving",)), ALL_MODES)
# Quebec: special authorization s.42.4 for anyone legally authorized outside Québec
for w in ("CA-NB", "CA-ON", "US-VT", "FR", "BE"):
    rows(w, "CA-QC", C, "qc-special-authorization", f"{CAN} QC s.42.4", (None, 30), ((), ("studying",)), ("video", "in_person"))
# The client's own jurisdiction: always allowed, whatever the routes say
for c in ("CA-ON", "CA-NL", "GB-NIR", "CA-BC"):
    rows(c, c, A, "none", "same jurisdiction: your registration covers it", (None, 200), ((), ("moving",)))


@pytest.mark.parametrize(("worker", "client", "days", "situations", "modality", "verdict", "route", "why"),
                         TABLE.cases, ids=TABLE.ids())
def test_route_table(worker: str, client: str, days: int | None, situations: tuple[str, ...], modality: str | None,
                     verdict: str, route: str, why: str) -> None:
    check_route_case(worker, client, days, situations, modality, verdict, route, why)


def test_the_table_is_big_enough_and_covers_every_route() -> None:
    assert len(TABLE.cases) >= 150
    used = {c[6] for c in TABLE.cases}
    for jur in real_snapshot().jurisdictions.values():
        if jur.code.startswith(("CA-", "GB-")):
            for r in jur.rule.routes:
                assert r.value.id in used, f"{jur.code} route {r.value.id} has no case"


def _worker_ok(route_fact: object, worker_code: str) -> bool:
    snap = real_snapshot()
    w = snap.jurisdictions[worker_code]
    when = route_fact.value.when  # type: ignore[attr-defined]
    ok = any(covers(e, w) for e in when.registered_in) and not any(covers(e, w) for e in when.not_registered_in)
    if when.lives_in is not None:
        ok = ok and any(covers(e, w) for e in when.lives_in)
    if when.lives_outside is not None:
        ok = ok and not any(covers(e, w) for e in when.lives_outside)
    return ok


def test_every_pair_answers_and_never_offers_a_route_the_worker_cannot_use() -> None:
    """All 85 × 85 pairs, with and without details: an answer, and every route shown is one the worker meets."""
    snap = real_snapshot()
    engine = real_engine()
    codes = sorted(snap.jurisdictions)
    stays = [stay_from((), None), stay_from(("visiting",), 10), stay_from(("moving", "existing"), 200)]
    for (w, c), stay in itertools.product(itertools.product(codes, codes), stays):
        v = engine.check(w, c, None, None, stay)
        assert v.code and v.reason.en and v.reason.fr
        client = v.client.jurisdiction.code if v.client else c
        by_id = {r.value.id: r for r in snap.jurisdictions[client].rule.routes}
        shown = [*v.cases, *v.other_routes, *([v.route_applied] if v.route_applied else [])]
        for view in shown:
            if view.id != "default":
                worker = v.worker.jurisdiction.code if v.worker else w  # "CA" as typed may be California
                assert view.id in by_id and _worker_ok(by_id[view.id], worker), f"{worker}>{c} offers {view.id}"
        if v.code == D:
            assert v.cases


def test_everyone_means_anywhere() -> None:
    assert covers(ANYWHERE, real_snapshot().jurisdictions["FR"])
    assert covers("CA", real_snapshot().jurisdictions["CA-NB"]) and not covers("CA", real_snapshot().jurisdictions["US-ME"])
