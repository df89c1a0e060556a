"""`ask` and `check` answer from compiled records (jurisdictions/records.py) exactly as from the validated
models: same fields, same JSON byte for byte, a cache that follows every edit, and no pydantic import."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from jurisdictions import gazetteer, records, schema
from jurisdictions.loader import DATA_DIR, GUIDANCE_FILE
from jurisdictions.render import verdict_json, verdict_text
from jurisdictions.snapshot import Snapshot, compiled_snapshot
from jurisdictions.verdict import VerdictEngine
from tests.helpers.corpus_understand import corpus
from tests.helpers.engine_data import real_engine

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(records.CLASSES))
def test_each_record_has_the_fields_of_its_model(name: str) -> None:
    assert set(records.CLASSES[name].__slots__) == set(getattr(schema, name).model_fields)


def test_every_model_of_the_schema_has_a_record() -> None:
    models = {n for n, v in vars(schema).items() if isinstance(v, type) and issubclass(v, schema.Strict)
              and v is not schema.Strict}
    assert models == set(records.CLASSES)
    assert records.ANYWHERE == schema.ANYWHERE


@lru_cache(maxsize=1)
def compiled_engine() -> VerdictEngine:
    return VerdictEngine(compiled_snapshot())


def same(a: object, b: object) -> bool:
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


PLACES = ["NB", "Gatineau", "ON", "Kenora", "FL", "NY", "Texas", "GB-ENG", "Cardiff", "IE", "NZ", "FR", "CH",
          "AU-NSW", "Perth WA", "Portland", "Cancun", "US", "CA", "Iqaluit", "NL", "Montreal", "Paris", "zzzz"]


@pytest.mark.parametrize("worker", PLACES)
def test_check_answers_are_identical_for_every_pair_age_and_circumstance(worker: str) -> None:
    from jurisdictions.situation import stay_from

    for client, age, modality, days, situation in itertools.product(
            PLACES, (None, 15), (None, "in_person"), (None, 60), (None, "visiting")):
        if (modality, days, situation) != (None, None, None) and client not in ("FL", "NY", "Gatineau"):
            continue
        stay = stay_from([situation] if situation else None, days)
        old = real_engine().check(worker, client, age, modality, stay)  # type: ignore[arg-type]
        new = compiled_engine().check(worker, client, age, modality, stay)  # type: ignore[arg-type]
        for lang in ("en", "fr"):
            assert same(verdict_json(old, lang), verdict_json(new, lang)), (worker, client, age, modality, days, lang)
            assert verdict_text(old, lang) == verdict_text(new, lang)


def test_free_text_answers_are_identical_over_the_corpus() -> None:
    for item in corpus():
        old, new = real_engine().answer(item.question), compiled_engine().answer(item.question)
        assert same(verdict_json(old, "en"), verdict_json(new, "en")), item.question
        assert same(verdict_json(old, "fr"), verdict_json(new, "fr")), item.question


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL")}
    base["PASSERELLE_DATA_DIR"] = str(DATA_DIR)
    base["PASSERELLE_GAZETTEER"] = str(gazetteer.cache_path())  # derived already; a fresh cache dir would redo it
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**base, **env})


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


@pytest.mark.parametrize("args", [
    ["check", "--from", "MB", "--to", "Kenora", "--age", "15", "--json"],
    ["check", "--from", "NY", "--to", "FL", "--days", "21", "--modality", "video", "--json"],
    ["check", "--from", "N.-B.", "--to", "Gatineau", "--lang", "fr", "--json"],
    ["check", "--from", "Ontario", "--to", "Cancun", "--json"],
    ["ask", "TS au Québec, client à Joliette, elle a quinze ans", "--json"],
])
def test_the_command_line_prints_the_same_bytes_with_and_without_the_cache(args: list[str], cli_cache: Path) -> None:
    cache = str(cli_cache)
    first = run_cli("bot.py", *args, XDG_CACHE_HOME=cache)  # the first case validates and writes the cache
    cached = run_cli("bot.py", *args, XDG_CACHE_HOME=cache)  # from the compiled cache
    models = run_cli("bot.py", *args, XDG_CACHE_HOME=cache, PASSERELLE_NO_COMPILED="1")  # the validated models
    assert first.returncode == cached.returncode == models.returncode == 0, models.stderr
    assert list((cli_cache / "passerelle").glob("compiled-*.pickle"))
    assert first.stdout == cached.stdout == models.stdout


def test_a_cached_check_imports_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    script = ("import sys; sys.argv = ['bot.py', 'check', '--from', 'NB', '--to', 'Gatineau', '--json']; import bot\n"
              "import contextlib, io\n"
              "with contextlib.redirect_stdout(io.StringIO()): bot.main(sys.argv[1:])\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'sqlalchemy', 'alembic', 'discord'}))")
    cache = str(tmp_path / "cache")
    assert run_cli("-c", script, XDG_CACHE_HOME=cache).stdout.strip() == "['pydantic', 'yaml']"  # first run validates
    assert run_cli("-c", script, XDG_CACHE_HOME=cache).stdout.strip() == "[]"


def copy_data(tmp_path: Path, names: tuple[str, ...] = ("CA.yaml", "CA-NB.yaml", "CA-QC.yaml")) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in names:
        shutil.copy(DATA_DIR / name, data / name)
    return data


def touch_later(path: Path) -> None:
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))


def test_the_compiled_cache_follows_edits_and_new_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = copy_data(tmp_path)
    first = compiled_snapshot(data)
    assert sorted(first.jurisdictions) == ["CA", "CA-NB", "CA-QC"]
    assert compiled_snapshot(data).jurisdictions == first.jurisdictions  # from the cache, equal
    path = data / "CA-NB.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: New Brunswick", "en: New Brunswick (edited)", 1),
                    encoding="utf-8")
    touch_later(path)
    assert compiled_snapshot(data).jurisdictions["CA-NB"].name.en == "New Brunswick (edited)"
    shutil.copy(DATA_DIR / "CA-ON.yaml", data / "CA-ON.yaml")
    assert "CA-ON" in compiled_snapshot(data).jurisdictions
    (data / "CA-ON.yaml").unlink()
    assert "CA-ON" not in compiled_snapshot(data).jurisdictions


def test_an_invalid_file_is_refused_as_the_loader_refuses_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jurisdictions.loader import DataError

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = copy_data(tmp_path)
    compiled_snapshot(data)
    path = data / "CA-NB.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: province", "kind: planet", 1), encoding="utf-8")
    touch_later(path)
    with pytest.raises(DataError, match=r"CA-NB\.yaml: kind"):
        compiled_snapshot(data)


def test_a_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = copy_data(tmp_path)
    compiled_snapshot(data)
    cache = records.cache_file(data)
    cache.write_bytes(b"not a pickle")
    assert sorted(compiled_snapshot(data).jurisdictions) == ["CA", "CA-NB", "CA-QC"]
    assert cache.read_bytes() != b"not a pickle"


def test_a_records_snapshot_builds_the_same_index() -> None:
    models: Snapshot = real_engine().snapshot
    compiled = compiled_engine().snapshot
    assert compiled.index.exact == models.index.exact and compiled.index.regulator_keys == models.index.regulator_keys
    assert records.load_compiled(DATA_DIR, GUIDANCE_FILE)[1].disclaimer.get("fr") == models.guidance.disclaimer.fr
