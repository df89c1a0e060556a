"""One settings object owns every environment variable: `settings.env` (the fast paths, no pydantic) reads each
light variable exactly as `Settings` (pydantic-settings) does, `.env` included; nothing else reads the
environment."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import settings
from settings import LIGHT, Settings, env, env_flag

ROOT = Path(__file__).resolve().parent.parent


def both(field: str) -> tuple[str | None, object]:
    """(the light reading, the Settings reading) of `field` in the current directory and environment."""
    return env(field), getattr(Settings(), field)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in LIGHT:
        monkeypatch.delenv(name.upper(), raising=False)
    return tmp_path


def test_every_light_variable_is_a_setting() -> None:
    assert set(Settings.model_fields) >= LIGHT


def test_environment_then_dotenv_as_pydantic_settings_reads_them(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert both("database_url") == (None, settings.DEFAULT_URL)
    assert both("passerelle_data_dir") == (None, None)
    (workdir / ".env").write_text(
        "# a comment\n"
        "export DATABASE_URL='sqlite:///from-dotenv.db'\n"
        'PASSERELLE_DATA_DIR="/data/from dotenv"  # trailing comment\n'
        "passerelle_gazetteer=/g/lower-case.marshal\n"
        "PASSERELLE_NO_COMPILED=yes\n"
        "PG_BINDIR=\n", encoding="utf-8")
    light, model = both("database_url")
    assert light == "sqlite:///from-dotenv.db" and model == settings.normalize_url(light)
    assert both("passerelle_data_dir") == ("/data/from dotenv", Path("/data/from dotenv"))
    assert both("passerelle_gazetteer") == ("/g/lower-case.marshal", Path("/g/lower-case.marshal"))
    assert env_flag("passerelle_no_compiled") and Settings().passerelle_no_compiled
    assert both("pg_bindir") == (None, None)  # blank is unset
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@h/db")  # the environment wins over .env
    monkeypatch.setenv("PASSERELLE_DATA_DIR", "")  # set blank in the environment: unset, .env not consulted
    monkeypatch.setenv("PASSERELLE_NO_COMPILED", "0")
    assert both("database_url") == ("postgresql://u:p@h/db", "postgresql+asyncpg://u:p@h/db")
    assert both("passerelle_data_dir") == (None, None)
    assert not env_flag("passerelle_no_compiled") and not Settings().passerelle_no_compiled


def test_a_variable_that_is_not_declared_is_refused() -> None:
    with pytest.raises(KeyError):
        env("discord_token")  # not light: only the pydantic settings read it


def test_importing_the_settings_package_imports_neither_pydantic_nor_dotenv(tmp_path: Path) -> None:
    code = ("import sys, settings; settings.env('database_url'); import db.settings; db.settings.database_url(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_settings', 'dotenv')))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# Reads of the environment outside settings/: a child process's environment, and the platform's cache directory.
ALLOWED = {("db/backup.py", "environ"), ("jurisdictions/cachefile.py", "environ")}


def test_nothing_else_reads_the_environment() -> None:
    files = [ROOT / "bot.py", *[p for d in ("app", "cogs", "db", "jurisdictions", "ops") for p in (ROOT / d).rglob("*.py")]]
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and \
                    isinstance(node.value, ast.Name) and node.value.id == "os":
                found.add((str(path.relative_to(ROOT)), node.attr))
    assert found <= ALLOWED, sorted(found - ALLOWED)
