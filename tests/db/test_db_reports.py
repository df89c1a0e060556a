"""Reports on answers, in the registry's database (SQLite and PostgreSQL): filed, refused, listed, decided once."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from db.reports import ReportRefused, ReportStore


async def test_a_report_is_stored_with_its_answer_and_listed_until_decided(registry: Any) -> None:
    reports = ReportStore(registry.engine)
    filed = await reports.file(reporter_id="u1", reporter_name="Amélie", code="CA-NB", path="minors.child_protection_under",
                               answer="canserve NB → QC, age 15", problem="  The age is 19 since 2024  ",
                               source_url="https://laws.gnb.ca/en/document/cs/2022-c.35", proposed_value="19", guild_id=42)
    assert filed.status == "open" and filed.problem == "The age is 19 since 2024" and filed.guild_id == 42
    assert [r.id for r in await reports.list()] == [filed.id]
    assert await reports.list(guild_id=7) == []
    decided = await reports.decide(filed.id, "accepted", by_id="m1", by_name="Mod", note=None, revision_id=None)
    assert decided.status == "accepted" and decided.resolved_by == "Mod" and decided.resolved_at is not None
    assert await reports.list() == [] and [r.id for r in await reports.list(("accepted",))] == [filed.id]
    assert (await reports.get(filed.id)).as_json()["status"] == "accepted"


@pytest.mark.parametrize(("fields", "says"), [
    ({"problem": "   "}, "say what is wrong"),
    ({"problem": "wrong\u202eevil"}, "text-direction control"),
    ({"problem": "wrong\u200bword"}, "invisible or non-printing"),
    ({"problem": "x" * 1001}, "maximum here is 1,000"),
    ({"source_url": "http://example.org/page"}, "must start with https://"),
    ({"source_url": "javascript:alert(1)"}, "must start with https://"),
    ({"proposed_value": "19\x07"}, "control character"),
])
async def test_invalid_reports_are_refused_and_not_stored(store: Any, fields: dict[str, str], says: str) -> None:
    reports = ReportStore(store.engine)
    args = {"reporter_id": "u1", "reporter_name": "A", "code": "CA-NB", "answer": "regulator NB", "problem": "wrong"}
    with pytest.raises(ReportRefused, match=says) as caught:
        await reports.file(**(args | fields))
    assert caught.value.code == "invalid"
    assert await reports.list() == []


async def test_a_report_on_a_deleted_entry_is_refused(store: Any) -> None:
    entry = await store.entry("CA-NB", "rule.temporary_permit")
    from db.registry import Actor

    await store.delete("CA-NB", "rule.temporary_permit", reason="gone", by=Actor("m", "Mod"), expected_version=entry.version)
    reports = ReportStore(store.engine)
    with pytest.raises(ReportRefused, match="no longer exists") as caught:
        await reports.file(reporter_id="u1", reporter_name="A", code="CA-NB", path="rule.temporary_permit",
                           answer="canserve", problem="wrong")
    assert caught.value.code == "gone"
    with pytest.raises(ReportRefused, match="no longer in the registry"):
        await reports.file(reporter_id="u1", reporter_name="A", code="XX-ZZ", answer="canserve", problem="wrong")


async def test_reports_are_rate_limited_per_reporter(store: Any) -> None:
    reports = ReportStore(store.engine, per_user=2, window=dt.timedelta(hours=1))
    args = {"reporter_name": "A", "code": "CA-QC", "answer": "regulator QC", "problem": "wrong"}
    await reports.file(reporter_id="u1", **args)
    await reports.file(reporter_id="u1", **args)
    with pytest.raises(ReportRefused, match="2 reports in the last 60 minutes") as caught:
        await reports.file(reporter_id="u1", **args)
    assert caught.value.code == "rate"
    await reports.file(reporter_id="u2", **args)  # another reporter is not limited by u1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    await reports.file(reporter_id="u1", now=later, **args)  # the window has passed
    assert len(await reports.list()) == 4


async def test_only_one_decision_wins(registry: Any) -> None:
    reports = ReportStore(registry.engine)
    filed = await reports.file(reporter_id="u1", reporter_name="A", code="CA-QC", answer="regulator QC", problem="wrong")
    with pytest.raises(ReportRefused, match="say why"):
        await reports.decide(filed.id, "dismissed", by_id="m1", by_name="Mod")
    asked = await reports.decide(filed.id, "needs_source", by_id="m1", by_name="Mod")
    assert asked.is_open  # still in the queue, waiting for a source

    async def decide(who: str) -> str:
        try:
            await reports.decide(filed.id, "dismissed", by_id=who, by_name=who, note="no source given",
                                 expected_version=asked.version)
            return "won"
        except ReportRefused as exc:
            assert exc.code == "decided"
            return "refused"

    outcomes = await asyncio.gather(decide("m2"), decide("m3"))
    assert sorted(outcomes) == ["refused", "won"]
    with pytest.raises(ReportRefused, match="already handled"):
        await reports.decide(filed.id, "accepted", by_id="m4", by_name="m4")
    with pytest.raises(ReportRefused, match="no report #999"):
        await reports.get(999)


async def test_db_reports_lists_them_in_the_terminal(store: Any) -> None:
    import json
    import subprocess
    import sys

    reports = ReportStore(store.engine)
    first = await reports.file(reporter_id="u1", reporter_name="Zoé\u200b", code="CA-QC", answer="regulator QC",
                               problem="Phone changed\n**not bold** @everyone", proposed_value="514-000-0000")
    second = await reports.file(reporter_id="u2", reporter_name="B", code="CA-NB", answer="canserve", problem="x")
    await reports.decide(second.id, "dismissed", by_id="m", by_name="Mod", note="duplicate")
    env = {"DATABASE_URL": store.url, "PATH": "/usr/bin:/bin"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "bot.py", "db", "reports", *args], capture_output=True, text=True, env=env)

    listed = cli("--json")
    assert listed.returncode == 0, listed.stderr
    assert [r["id"] for r in json.loads(listed.stdout)] == [first.id]
    text = cli()
    assert f"#{first.id} [open]" in text.stdout and "Zoé\\u200b on CA-QC" in text.stdout and "1 open report(s)" in text.stdout
    assert "\n    Phone changed\n    **not bold** @everyone\n    proposed: 514-000-0000\n" in text.stdout
    everything = json.loads(cli("--all", "--json").stdout)
    assert [(r["id"], r["status"], r["resolution_note"]) for r in everything] == [
        (first.id, "open", None), (second.id, "dismissed", "duplicate")]
    bad = cli("--status", "closed")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
