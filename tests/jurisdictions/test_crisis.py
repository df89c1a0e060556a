"""Emergency and crisis contacts: inheritance from the country, a local line replacing the national one, a place
with no confirmed line, child protection first for a minor, the loader refusing unconfirmed numbers, and the same
card through `bot.py crisis`, the `crisis` JSON key of `check` and the terminal answer.

The lines here are test values on test sources (this file never asserts real numbers: the data files do, each
with its official source)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from jurisdictions.crisis import crisis_card
from jurisdictions.render import verdict_json, verdict_text
from jurisdictions.schema import Jurisdiction
from jurisdictions.snapshot import Snapshot, load_snapshot
from jurisdictions.verdict import VerdictEngine
from tests.helpers.engine_data import GOV, crisis_documents, crisis_snapshot, line, with_crisis

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return crisis_snapshot()


def ids(card: Any) -> list[str]:
    return [e.line.id for e in card.lines]


def test_a_province_inherits_the_national_lines(snapshot: Snapshot) -> None:
    card = crisis_card(snapshot, snapshot.jurisdictions["CA-ON"], "adult")
    assert ids(card) == ["ca-emergency", "ca-crisis"]  # an adult gets no youth line
    assert {e.origin.code for e in card.lines} == {"CA"}
    assert card.missing == []


def test_a_local_line_replaces_the_national_one_with_the_same_id(snapshot: Snapshot) -> None:
    card = crisis_card(snapshot, snapshot.jurisdictions["CA-QC"], "unknown")
    assert ids(card) == ["ca-emergency", "ca-crisis", "ca-youth", "qc-protection"]
    crisis = next(e for e in card.lines if e.line.id == "ca-crisis")
    assert crisis.line.call == "4 TEST" and crisis.origin.code == "CA-QC"


def test_a_minor_client_gets_child_protection_first(snapshot: Snapshot) -> None:
    card = crisis_card(snapshot, snapshot.jurisdictions["CA-QC"], "minor")
    assert ids(card)[0] == "qc-protection"
    assert ids(card) == ["qc-protection", "ca-emergency", "ca-youth", "ca-crisis"]
    ontario = crisis_card(snapshot, snapshot.jurisdictions["CA-ON"], "minor")
    assert "child_protection" in ontario.missing  # no intake confirmed there: the card says to check locally


def test_no_confirmed_line_says_check_locally(snapshot: Snapshot) -> None:
    card = crisis_card(snapshot, snapshot.jurisdictions["FR"], "adult")
    assert card.lines == [] and card.missing == ["emergency", "crisis"]
    assert [n.en for n in card.notes] == ["No confirmed crisis line in this test."]
    engine = VerdictEngine(snapshot)
    text = verdict_text(engine.check("CA-QC", "FR", 30), "en")
    assert "check local services with an official source" in text
    assert "No confirmed crisis line in this test." in text


def test_the_verdict_carries_the_card_and_its_sources(snapshot: Snapshot) -> None:
    engine = VerdictEngine(snapshot)
    v = engine.check("CA-ON", "CA-QC", 15)
    data = verdict_json(v, "fr")
    assert data["crisis"]["client"] == "minor"
    assert data["crisis"]["lines"][0]["service"] == "child_protection"
    assert data["crisis"]["lines"][0]["url"] == "https://example.gov/dpj"
    assert data["crisis"]["lines"][0]["from"] == "CA-QC"
    assert any(s["url"] == GOV["url"] for s in data["sources"])  # the lines' source is among the answer's sources
    text = verdict_text(v, "en")
    assert text.index("Child protection: Test qc-protection") < text.index("Emergency: Test ca-emergency")


def test_by_subdivision_still_gives_the_national_lines(snapshot: Snapshot) -> None:
    v = VerdictEngine(snapshot).check("CA-ON", "CA", None)
    assert v.code == "not_understood"
    assert v.crisis is not None and ids(v.crisis)[:2] == ["ca-emergency", "ca-crisis"]


@pytest.mark.parametrize("change", ["unverified", "secondary", "unclassified", "unreachable", "duplicate"])
def test_the_loader_refuses_a_number_without_an_official_source(change: str) -> None:
    real = load_snapshot().jurisdictions["CA"]
    entry = line("ca-crisis", "crisis", "2 TEST")
    lines = [entry]
    sources = None
    if change == "unverified":
        entry["unverified"] = True
    elif change == "secondary":
        entry["source"] = "blog"
        sources = {"blog": {**GOV, "url": "https://blog.example/lines", "kind": "secondary"}}
    elif change == "unclassified":
        entry["source"] = "page"
        sources = {"page": {k: v for k, v in GOV.items() if k != "kind"}}
    elif change == "unreachable":
        del entry["value"]["call"]
    else:
        lines = [entry, line("ca-crisis", "crisis", "5 TEST")]
    with pytest.raises(ValidationError):
        Jurisdiction.model_validate(with_crisis(real, lines, sources=sources))


def test_a_service_page_may_back_its_own_line() -> None:
    real = load_snapshot().jurisdictions["CA"]
    entry = line("ca-crisis", "crisis", "2 TEST", source="svc")
    doc = with_crisis(real, [entry], sources={"svc": {**GOV, "url": "https://line.example/", "kind": "service"}})
    assert Jurisdiction.model_validate(doc).crisis is not None


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled files with the test lines written over CA, CA-QC and FR (JSON is YAML)."""
    target = tmp_path_factory.mktemp("data")
    for path in (ROOT / "jurisdictions" / "data").glob("*.yaml"):
        shutil.copy(path, target / path.name)
    for code, doc in crisis_documents().items():
        (target / f"{code}.yaml").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PASSERELLE_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], capture_output=True, text=True, env=env,
                          cwd=data_dir, timeout=120)


def test_crisis_command_json_and_text(data_dir: Path) -> None:
    out = run(data_dir, "crisis", "Gatineau", "--age", "15", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["jurisdiction"] == "CA-QC" and data["client"] == "minor"
    assert [x["id"] for x in data["lines"]] == ["qc-protection", "ca-emergency", "ca-youth", "ca-crisis"]
    assert data["disclaimer"]
    text = run(data_dir, "crisis", "Toronto", "--lang", "fr")
    assert text.returncode == 0 and "Contacts d'urgence et de crise (Ontario)" in text.stdout
    assert "appelez 1 TEST" in text.stdout


def test_crisis_command_refuses_unknown_and_uncovered_places(data_dir: Path) -> None:
    out = run(data_dir, "crisis", "Qwxzy", "--json")
    assert out.returncode == 1 and "error" in json.loads(out.stdout)
    out = run(data_dir, "crisis", "Lisbon")
    assert out.returncode == 1 and "not covered" in out.stdout
    bad = run(data_dir, "crisis", "Toronto", "--age", "200")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_check_json_has_the_crisis_key(data_dir: Path) -> None:
    out = run(data_dir, "check", "--from", "NB", "--to", "Toronto", "--json")
    data = json.loads(out.stdout)
    assert data["verdict"]  # the contract's keys are all still there
    assert [x["id"] for x in data["crisis"]["lines"]] == ["ca-emergency", "ca-crisis", "ca-youth"]


def test_regulator_card_json_carries_crisis_facts(data_dir: Path) -> None:
    out = run(data_dir, "regulator", "Canada", "--json")
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout)["facts"]
    assert facts["crisis.lines.0"]["value"]["id"] == "ca-emergency"
    assert facts["crisis.lines.0"]["source"]["kind"] == "government"


def test_every_jurisdiction_has_a_sourced_emergency_number_and_a_crisis_line_or_a_reason() -> None:
    """The bundled data: each of the 85 places answers with an official emergency number, and a crisis line or a
    note saying what could not be confirmed (the answer then says to check locally)."""
    snap = load_snapshot()
    engine = VerdictEngine(snap)
    without_line = []
    for code, jur in snap.jurisdictions.items():
        card = engine.crisis(jur, "adult")
        services = {e.line.service for e in card.lines}
        assert "emergency" in services, code
        assert all(e.source.kind in ("government", "service", "statute", "regulation", "regulator", "court")
                   for e in card.lines), code
        if "crisis" not in services:
            without_line.append(code)
            assert card.notes and "crisis" in card.missing, code  # says why, and the answer says to check locally
    assert len(without_line) <= 10, without_line
