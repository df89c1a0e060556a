"""The command line through a real subprocess: the JSON contract, exit codes, both languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERDICT_KEYS = {"verdict", "worker", "client", "client_age", "reason", "route", "regulator", "minors", "checklist",
                "sources", "suggestions", "disclaimer"}


def run(*args: str, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL")}
    env["PASSERELLE_DATA_DIR"] = str(ROOT / "jurisdictions" / "data")  # the bundled files, never a stray passerelle.db
    return subprocess.run([sys.executable, "bot.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env=env, input=input_text)


def test_check_json_contract() -> None:
    proc = run("check", "--from", "N.-B.", "--to", "Gatineau", "--age", "15", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= VERDICT_KEYS
    assert data["verdict"] in ("allowed", "conditional", "registration_required", "not_permitted", "depends", "unknown")
    assert data["worker"] == {"code": "CA-NB", "name": "New Brunswick", "matched": "N.-B.", "score": 100.0}
    assert data["client"]["code"] == "CA-QC" and data["client"]["matched"] == "Gatineau"
    assert data["client_age"] == 15
    assert set(data["regulator"]) >= {"name", "acronym", "website", "register_url", "email", "phone"}
    assert set(data["minors"]) >= {"age_of_majority", "consent", "reporting", "notes", "sources"}
    assert all({"url", "title", "last_verified"} <= set(s) <= {"url", "title", "last_verified", "kind", "content_date"}
               for s in data["sources"])
    assert data["disclaimer"]


def test_ask_json_in_french() -> None:
    proc = run("ask", "je suis TS inscrite en Ontario, ma cliente de 15 ans habite à Gatineau", "--lang", "fr", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["worker"]["code"] == "CA-ON" and data["client"]["name"] == "Québec"
    assert "avis juridique" in data["disclaimer"]


def test_not_understood_is_an_answer_with_exit_zero() -> None:
    proc = run("ask", "", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["verdict"] == "not_understood" and data["worker"] is None and data["client"] is None


@pytest.mark.parametrize("args", [["check", "--from", "NB", "--to", "QC", "--age", "500"],
                                  ["check", "--from", "NB", "--to", "QC", "--age", "abc"],
                                  ["check", "--from", "NB"], ["ask"], ["ask", "x", "--lang", "de"], ["nonsense"]])
def test_usage_errors_exit_two(args: list[str]) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_text_answer_ends_with_the_disclaimer() -> None:
    proc = run("check", "--from", "Ontario", "--to", "Quebec")
    assert proc.returncode == 0
    assert proc.stdout.strip().endswith("Not legal advice; confirm with the regulator before you practise.")


def test_regulator_json_contract() -> None:
    proc = run("regulator", "Moncton", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"jurisdiction", "regulators", "rule", "minors", "sources"} <= set(data)
    assert data["jurisdiction"]["code"] == "CA-NB"
    assert data["regulators"][0]["website"].startswith("https://")


def test_regulator_unknown_place_suggests_and_fails_cleanly() -> None:
    proc = run("regulator", "Atlantis-sur-Mer", "--json")
    assert proc.returncode == 1
    assert "error" in json.loads(proc.stdout)


def test_console_answers_and_quits_on_eof() -> None:
    proc = run("console", input_text="registered in NB, client in Gatineau\n/regulator Iqaluit\n/lang fr\n/check ON | QC | 15\n")
    assert proc.returncode == 0, proc.stderr
    assert "Nunavut" in proc.stdout and "avis juridique" in proc.stdout


def test_no_command_without_token_starts_the_console() -> None:
    proc = run(input_text="")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].startswith("DISCORD_TOKEN is not set")


def test_check_and_regulator_name_a_place_outside_coverage() -> None:
    import contextlib
    import io

    from jurisdictions.cli import main
    from tests.helpers.engine_data import real_snapshot

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", "--from", "ON", "--to", "Luxembourg", "--json"], snapshot_loader=real_snapshot) == 0
    payload = json.loads(out.getvalue())
    assert payload["verdict"] == "not_understood" and payload["client"] is None
    assert "Luxembourg" in payload["reason"] and "not covered yet" in payload["reason"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["regulator", "Cancun", "--lang", "fr"], snapshot_loader=real_snapshot) == 1
    assert "Cancun (Mexique) n'est pas encore couvert" in out.getvalue()


def test_ask_answers_in_the_questions_language_unless_told(capsys: pytest.CaptureFixture[str]) -> None:
    from jurisdictions.cli import main
    from tests.helpers.engine_data import real_snapshot

    assert main(["ask", "je suis inscrite en Ontario, ma cliente de quinze ans habite à Gatineau", "--json"],
                snapshot_loader=real_snapshot) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["client_age"] == 15 and "Le client se trouve" in payload["reason"]
    assert main(["ask", "je suis inscrite en Ontario, client à Gatineau", "--lang", "en", "--json"],
                snapshot_loader=real_snapshot) == 0
    assert "The client is located" in json.loads(capsys.readouterr().out)["reason"]


def test_console_answers_each_question_in_its_language_until_lang_is_set() -> None:
    proc = run("console", input_text="inscrite au Québec, client à Moncton\nregistered in Quebec, client in Moncton\n"
                                     "/lang en\ninscrite au Québec, client à Moncton\n/crisis Moncton | 15\n")
    assert proc.returncode == 0, proc.stderr
    heads = [line for line in proc.stdout.splitlines() if line.startswith(("Vous (inscrit", "You (registered"))]
    assert [h.split(" ")[0] for h in heads] == ["Vous", "You", "You"]
    assert "Emergency and crisis contacts (New Brunswick)" in proc.stdout
