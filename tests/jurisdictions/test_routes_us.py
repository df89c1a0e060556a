"""US routes against the research notes (docs/research/us-group-*.md, the data files' statute and board
sources): pair × situation × duration × modality → verdict and route applied."""

from __future__ import annotations

import pytest

from tests.helpers.engine_data import RouteTable, check_route_case, real_engine, real_snapshot

R, C, A, N, D, U = "registration_required", "conditional", "allowed", "not_permitted", "depends", "unknown"
REMOTE = ("video", "phone", "text")
NOTES_A, NOTES_B, NOTES_C, NOTES_D = (f"docs/research/us-group-{g}.md" for g in "ABCD")
TABLE = RouteTable()
rows = TABLE.rows


# Florida: s. 491.014(4)(d) 15 days per calendar year for non-residents licensed in a US state/territory or a foreign
# country or province; s. 456.47 telehealth registration for licensees of another state; otherwise a licence.
for w in ("US-NY", "US-GA", "CA-ON", "GB-ENG"):
    rows(w, "US-FL", A, "fl-15-days", f"{NOTES_A} FL s.491.014(4)(d)", (1, 10, 15), ((), ("visiting",)), (None, "video", "in_person"))
for w in ("US-NY", "US-GA", "US-TX"):
    rows(w, "US-FL", C, "fl-telehealth-registration", f"{NOTES_A} FL s.456.47", (21, 60, 200), ((), ("visiting",)), REMOTE)
    rows(w, "US-FL", R, "default", f"{NOTES_A} FL in person beyond 15 days: licence", (21, 90), ((), ("visiting",)), ("in_person",))
    rows(w, "US-FL", D, "default", f"{NOTES_A} FL: depends on the days and modality", (None,), ((), ("visiting",)))
for w in ("CA-ON", "GB-ENG"):  # the telehealth registration is for US licences only
    rows(w, "US-FL", R, "default", f"{NOTES_A} FL s.456.47 is for US licensees", (21,), ((),), ("video", "in_person"))
# Idaho: Virtual Care Access Act s.54-5713, existing client temporarily in Idaho, US licensees, remote — read only on a
# copy of the code (lawserver.com), like the licensing rules: unknown, never a confident yes (docs/research/data4-us3.md)
for w in ("US-WA", "US-OR"):
    rows(w, "US-ID", U, "id-virtual-care-visiting", f"{NOTES_A} ID s.54-5713 (copy)", (None, 30), (("visiting", "existing"), ("studying", "existing")), REMOTE)
    rows(w, "US-ID", U, "id-endorsement", f"{NOTES_A} ID new client: licence (copy)", (None,), (("new",),), REMOTE)
# Delaware, Arizona, Colorado: telehealth registrations for US licensees
for w in ("US-PA", "US-NJ"):
    rows(w, "US-DE", C, "de-interstate-telehealth", f"{NOTES_A} DE 27 DE Reg. 776", (None, 100), modalities=REMOTE)
    rows(w, "US-DE", R, "default", f"{NOTES_A} DE in person", modalities=("in_person",))
# Arizona: A.R.S. 36-3606 and rule R4-6-1106 were read only on copies (lawserver, a training site); the endorsement
# route now rests on the board's own page (azbbhe.us/node/819, docs/research/data5-us-routes-1.md): a licence is needed
for w in ("US-CA", "US-NV"):
    rows(w, "US-AZ", U, "az-telehealth-registry", f"{NOTES_A} AZ A.R.S. 36-3606 (copy)", modalities=REMOTE)
    rows(w, "US-AZ", R, "az-endorsement", "docs/research/data5-us-routes-1.md AZ in person: endorsement (board page)", modalities=("in_person",))
for w in ("CA-BC", "FR"):
    rows(w, "US-AZ", U, "default", f"{NOTES_A} AZ registry is for US licensees; default read on a copy", modalities=("video",))
# Ohio: conditional permission for one existing client, up to 6 months (OAC 4757-1-09)
for w in ("US-PA", "US-MI"):
    rows(w, "US-OH", C, "oh-conditional-moving", f"{NOTES_C} OH OAC 4757-1-09", (30, 180), (("moving", "existing"),))
    rows(w, "US-OH", R, "default", f"{NOTES_C} OH beyond 6 months", (200,), (("moving", "existing"),))
    rows(w, "US-OH", R, "default", f"{NOTES_C} OH new client", (30,), (("moving", "new"),))
    rows(w, "US-OH", C, "oh-conditional-temporary", f"{NOTES_C} OH OAC 4757-1-09, client there for a while",
         (30, 90), (("visiting", "existing"), ("studying", "existing")), (None, "video"))
# South Carolina: behavioral-telehealth registration s.40-63-35 (remote only)
for w in ("US-NC", "US-GA"):
    rows(w, "US-SC", C, "sc-behavioral-telehealth", f"{NOTES_D} SC s.40-63-35", modalities=REMOTE)
    rows(w, "US-SC", R, "default", f"{NOTES_D} SC in person: licence", modalities=("in_person",))
# Montana: 21 days a calendar year after registering (MCA 37-1-144(5))
for w in ("US-ID", "US-WY"):
    rows(w, "US-MT", C, "mt-21-days-registration", f"{NOTES_C} MT MCA 37-1-144(5)", (5, 21))
    rows(w, "US-MT", R, "default", f"{NOTES_C} MT beyond 21 days", (22, 60))
# North Carolina: 5 days a year for nonresident clinical social workers, read only on a copy → unknown inside 5 days
for w in ("US-SC", "US-VA"):
    rows(w, "US-NC", U, "nc-5-days", f"{NOTES_C} NC G.S. 90B-8(b) (unverified copy)", (2, 5))
    rows(w, "US-NC", R, "default", f"{NOTES_C} NC beyond 5 days", (6, 30))

# Wyoming: 30 days a calendar year for non-residents licensed by another state (board home page); not for Canadians
for w in ("US-CO", "US-MT"):
    rows(w, "US-WY", A, "wy-30-days", f"{NOTES_D} WY 30 days", (1, 30), modalities=(None, "video", "in_person"))
    rows(w, "US-WY", R, "default", f"{NOTES_D} WY beyond 30 days", (31, 120))
for w in ("CA-ON", "CA-AB"):
    rows(w, "US-WY", R, "default", f"{NOTES_D} WY exemption is for licensees of another state", (None, 10))
# Utah: 45-day transitional therapy after an existing client moves (H.B. 166; conditions via CCHP → unknown)
rows("US-ID", "US-UT", U, "ut-transition-45-days", f"{NOTES_D} UT 58-60-107 (unverified)", (10, 45), (("moving", "existing"),), ("video",))
rows("US-ID", "US-UT", R, "default", f"{NOTES_D} UT beyond 45 days", (60,), (("moving", "existing"),), ("video",))
# Vermont: telehealth registration (26 V.S.A. ch. 56), remote only
rows("US-NH", "US-VT", C, "vt-telehealth-registration", f"{NOTES_D} VT 26 V.S.A. ch. 56", modalities=REMOTE)
rows("US-NH", "US-VT", R, "default", f"{NOTES_D} VT in person", modalities=("in_person",))
# Washington: RCW 18.134.050 follow-up with an established client temporarily in Washington
rows("US-OR", "US-WA", A, "wa-telehealth-continuity", f"{NOTES_D} WA RCW 18.134.050", (None, 60), (("visiting", "existing"), ("studying", "existing")), REMOTE)
rows("US-OR", "US-WA", R, "default", f"{NOTES_D} WA new client", (None,), (("visiting", "new"),), REMOTE)

# Minnesota: temporary licence for those licensed in another jurisdiction (148E.060, board page)
for w in ("US-WI", "CA-MB", "GB-ENG"):
    rows(w, "US-MN", C, "mn-temporary-licence", f"{NOTES_B} MN 148E.060", (None, 30), modalities=(None, "video"))
# West Virginia: interstate telehealth registration (s.30-1-26), read only in a reprint: unknown, never a confident yes
rows("US-OH", "US-WV", U, "wv-interstate-telehealth-registration", f"{NOTES_D} WV 30-1-26 (unverified)", modalities=REMOTE)
rows("US-OH", "US-WV", U, "default", f"{NOTES_D} WV default status read only in a reprint: unknown", modalities=("in_person",))


@pytest.mark.parametrize(("worker", "client", "days", "situations", "modality", "verdict", "route", "why"),
                         TABLE.cases, ids=TABLE.ids())
def test_us_route_table(worker: str, client: str, days: int | None, situations: tuple[str, ...], modality: str | None,
                        verdict: str, route: str, why: str) -> None:
    check_route_case(worker, client, days, situations, modality, verdict, route, why)


def test_the_issue_examples() -> None:
    """The first paragraph of the practice-routes issue, as a practitioner would ask."""
    e = real_engine()
    v = e.answer("licensed in NY, client on vacation in Florida for 3 weeks")
    assert (v.stay.situation, v.stay.duration_days) == ("visiting", 21)
    assert v.code == D and [c.id for c in v.cases] == ["fl-telehealth-registration"]  # 21 > 15: only the modality is open
    assert v.route_applied is not None and v.route_applied.id == "default"
    assert e.check("CA-ON", "US-WY").code == R  # Wyoming's 30 days are for licensees of another state
    assert e.check("US-NY", "CA-ON").code == R and e.check("US-OH", "CA-NL").code == N
    assert e.check("US-NY", "CA-NS", modality="video").code == R


def test_us_routes_all_have_a_case() -> None:
    used = {c[6] for c in TABLE.cases}
    for code in ("US-FL", "US-DE", "US-OH", "US-SC", "US-MT", "US-WY", "US-UT", "US-VT", "US-WA", "US-MN", "US-WV"):
        for r in real_snapshot().jurisdictions[code].rule.routes:
            assert r.value.id in used, f"{code} {r.value.id}"
