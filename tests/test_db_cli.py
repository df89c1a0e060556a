"""`python bot.py db …` and the answering CLI through real subprocesses, on a real SQLite file and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.registry import Actor, Registry

ROOT = Path(__file__).resolve().parent.parent


def run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL", "PASSERELLE_DATA_DIR")}
    full.update(env)
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=full)


def website_target(reg: Registry) -> tuple[str, str, str]:
    """(client code, fact path, another code to be registered in)."""
    for code, jur in sorted(reg.snapshot.jurisdictions.items()):
        body = jur.regulator()
        if body is not None and body.website is not None:
            other = next(c for c in sorted(reg.snapshot.jurisdictions) if c.split("-")[0] != code.split("-")[0])
            return code, f"regulators.{body.id}.website", other
    raise AssertionError("no regulator with a website")


def test_db_upgrade_set_history_revert(tmp_path: Path, data_dir: Path) -> None:
    env = {"PASSERELLE_DATA_DIR": str(data_dir)}  # the default database: ./passerelle.db in the working directory
    up = run(tmp_path, env, "db", "upgrade")
    assert up.returncode == 0, up.stderr
    assert "seeded" in up.stdout and (tmp_path / "passerelle.db").exists()
    again = run(tmp_path, env, "db", "upgrade")
    assert again.returncode == 0 and "seeded" not in again.stdout
    show = run(tmp_path, env, "db", "show", "IE" if (data_dir / "IE.yaml").exists() else data_dir.glob("*.yaml")
               .__next__().stem, "--json")
    assert show.returncode == 0, show.stderr
    facts = json.loads(show.stdout)["facts"]
    code = json.loads(show.stdout)["code"]
    path = next(p for p, f in facts.items() if p.endswith((".phone", ".address")))  # a value that can be "+1 555 0100"
    edit = run(tmp_path, env, "db", "--by", "Tester", "set", code, path, "+1 555 0100", "--version", "1",
               "--reason", "from the terminal", "--source", "https://example.org/cli")
    assert edit.returncode == 0, edit.stderr
    stale = run(tmp_path, env, "db", "set", code, path, "Other", "--version", "1", "--reason", "stale")
    assert stale.returncode == 1 and "changed by someone else" in stale.stderr and "+1 555 0100" in stale.stderr
    bad = run(tmp_path, env, "db", "set", code, "minors.age_of_majority", "99", "--version", "1", "--reason", "x")
    assert bad.returncode == 1 and "refused" in bad.stderr
    hist = run(tmp_path, env, "db", "history", code, "--json")
    assert hist.returncode == 0, hist.stderr
    revisions = json.loads(hist.stdout)
    fact_rev = next(r for r in revisions if r["path"] == path)
    assert fact_rev["new_value"] == "+1 555 0100" and fact_rev["by"]["name"] == "Tester"
    assert fact_rev["reason"] == "from the terminal" and fact_rev["source_url"] == "https://example.org/cli"
    original = fact_rev["old_value"]
    text = run(tmp_path, env, "db", "history", code)
    assert f"#{fact_rev['id']}" in text.stdout and "+1 555 0100" in text.stdout
    rev = run(tmp_path, env, "db", "revert", str(fact_rev["id"]))
    assert rev.returncode == 0, rev.stderr
    assert f"revert of #{fact_rev['id']}" in rev.stdout
    revisions = json.loads(run(tmp_path, env, "db", "history", code, "--path", path, "--json").stdout)
    assert [r["action"] for r in revisions] == ["edit", "revert"]
    assert revisions[-1]["new_value"] == original and revisions[-1]["reverts_id"] == fact_rev["id"]
    missing = run(tmp_path, env, "db", "revert", "9999")
    assert missing.returncode == 1 and "no revision #9999" in missing.stderr
    out = tmp_path / "export"
    assert run(tmp_path, env, "db", "export", str(out)).returncode == 0
    dry = run(tmp_path, env, "db", "import", str(out), "--dry-run")
    assert dry.returncode == 0 and "no changes" in dry.stdout
    assert run(tmp_path, env, "db", "stale", "--days", "0").returncode == 0


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_registry_edit_shows_in_the_next_cli_answer(backend: str, tmp_path: Path, data_dir: Path,
                                                          request: pytest.FixtureRequest) -> None:
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    else:
        url = await request.getfixturevalue("pg").create_database()
    registry = await Registry.open(url, seed_dir=data_dir)
    try:
        code, path, other = website_target(registry)
        env = {"DATABASE_URL": url}

        def check() -> dict:  # type: ignore[type-arg]
            proc = run(tmp_path, env, "check", "--from", other, "--to", code, "--json")
            assert proc.returncode == 0, proc.stderr
            return json.loads(proc.stdout)  # type: ignore[no-any-return]

        before = check()
        assert before["client"]["code"] == code
        assert before["regulator"]["website"] == registry.snapshot.get(code).regulator().website.value
        await registry.update(code, path, "https://example.org/edited-in-the-bot", reason="test", by=Actor("1", "Mod"),
                              expected_version=1)
        after = check()
        assert after["regulator"]["website"] == "https://example.org/edited-in-the-bot"
        card = run(tmp_path, env, "regulator", code, "--json")
        assert "https://example.org/edited-in-the-bot" in card.stdout
    finally:
        await registry.close()


def test_the_answering_path_does_not_import_sqlalchemy(tmp_path: Path, data_dir: Path) -> None:
    env = {"PASSERELLE_DATA_DIR": str(data_dir)}
    assert run(tmp_path, env, "db", "upgrade").returncode == 0
    code = "import sys, app.snapshots as s; s.default_snapshot(); print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'aiosqlite', 'alembic'))))"
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PASSERELLE_DATA_DIR")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env=full | {"PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_without_a_database_the_cli_answers_from_the_files(tmp_path: Path, data_dir: Path) -> None:
    proc = run(tmp_path, {"PASSERELLE_DATA_DIR": str(data_dir)}, "regulator", data_dir.glob("*.yaml").__next__().stem,
               "--json")
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "passerelle.db").exists()


def test_a_crisis_line_is_edited_like_any_fact_and_needs_an_official_source(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"}
    assert run(tmp_path, env, "db", "upgrade").returncode == 0
    lines = {p: f for p, f in json.loads(run(tmp_path, env, "db", "show", "CA", "--json").stdout)["facts"].items()
             if p.startswith("crisis.lines.")}
    new_path = f"crisis.lines.{len(lines)}"
    line = json.dumps({"id": "ca-test-line", "service": "crisis", "name": {"en": "Test line", "fr": "Ligne test"},
                       "call": "1 800 555 0100"})
    unsourced = run(tmp_path, env, "db", "set", "CA", new_path, line, "--reason", "r",
                    "--source", "https://example.org/line", "--source-title", "A page")
    assert unsourced.returncode == 1 and "official source" in unsourced.stderr  # a source of unknown kind: refused
    added = run(tmp_path, env, "db", "set", "CA", new_path, line, "--reason", "new line", "--source",
                "https://example.gc.ca/line", "--source-title", "Government page", "--source-kind", "government")
    assert added.returncode == 0, added.stderr
    card = json.loads(run(tmp_path, env, "crisis", "Toronto", "--json").stdout)
    assert any(x["id"] == "ca-test-line" and x["from"] == "CA" for x in card["lines"])  # Ontario inherits it
    reverted = run(tmp_path, env, "db", "history", "CA", "--json")
    assert any(r["path"] == new_path for r in json.loads(reverted.stdout))


def test_db_commands_never_create_a_database(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'typo.db'}"}
    for args in (("db", "status"), ("db", "show", "NB"), ("db", "import", str(tmp_path))):
        proc = run(tmp_path, env, *args)
        assert proc.returncode == 1 and "no database at" in proc.stderr and "db upgrade" in proc.stderr, proc.stderr
    assert not (tmp_path / "typo.db").exists()
    assert run(tmp_path, env, "db", "upgrade").returncode == 0 and (tmp_path / "typo.db").exists()
    assert run(tmp_path, env, "db", "status").returncode == 0
