"""Shared fixtures. Other test modules may append fixtures here.

Database fixtures (used by tests/test_db_*.py):
- `data_dir`: a private copy of the valid, self-consistent data files (files still being written by someone else,
  or whose parent is missing, are left out), so the tests never depend on a half-written file;
- `pg`: a throw-away PostgreSQL cluster for the session (tests/pg_server.py); skipped with the reason when it
  cannot start, unless PASSERELLE_REQUIRE_POSTGRES=1 (CI), where that is a failure;
- `db_url` (parametrised sqlite / postgres): an empty database; `registry`: a Registry migrated and seeded on it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))


def consistent_data_files(source: Path) -> list[Path]:
    """The data files that validate on their own and whose parents are present (transitively)."""
    from jurisdictions.loader import DataError, load_file

    loaded = {}
    for path in sorted(source.glob("*.yaml")):
        try:
            jur = load_file(path)
        except DataError:
            continue
        loaded[jur.code] = (path, jur)
    changed = True
    while changed:
        changed = False
        for code, (_, jur) in list(loaded.items()):
            if jur.parent is not None and jur.parent not in loaded:
                del loaded[code]
                changed = True
    return [path for path, _ in loaded.values()]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jurisdictions.loader import DATA_DIR

    target = tmp_path_factory.mktemp("data")
    files = consistent_data_files(DATA_DIR)
    if len(files) < 3:
        pytest.fail(f"fewer than 3 valid data files in {DATA_DIR}")
    for path in files:
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="session")
def pg() -> Iterator[object]:
    from pg_server import start_for_test

    server = start_for_test()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'passerelle.db'}"
    server = request.getfixturevalue("pg")
    return await server.create_database()


@pytest.fixture
async def store(tmp_path: Path, data_dir: Path) -> AsyncIterator[object]:
    """A registry on a SQLite file seeded from the data files (the bot tests' database)."""
    from db.registry import Registry

    reg = await Registry.open(f"sqlite+aiosqlite:///{tmp_path / 'passerelle.db'}", seed_dir=data_dir)
    try:
        yield reg
    finally:
        await reg.close()


@pytest.fixture
async def registry(db_url: str, data_dir: Path) -> AsyncIterator[object]:
    from db.registry import Registry

    reg = await Registry.open(db_url, seed_dir=data_dir)
    try:
        yield reg
    finally:
        await reg.close()
