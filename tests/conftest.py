"""Shared fixtures. Other test modules may append fixtures here.

Database fixtures (used by tests/db/):
- `data_dir`: a private copy of the valid, self-consistent data files (files still being written by someone else,
  or whose parent is missing, are left out), so the tests never depend on a half-written file;
- `pg`: a throw-away PostgreSQL cluster for the session (tests/helpers/pg_server.py); skipped with the reason when it
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
if str(ROOT) not in sys.path:  # `tests.helpers…` and the project's packages, from any working directory
    sys.path.insert(0, str(ROOT))
# pytest imports each test module by its file name (rootdir-less "prepend" mode); a test module that reuses another's
# fixtures (`from test_bot_moderation import env`) must get that same module, wherever the two live in the tree
for _sub in ("app", "cogs", "db", "jurisdictions"):
    if str(TESTS / _sub) not in sys.path:
        sys.path.append(str(TESTS / _sub))

from tests.helpers.data_files import consistent_data_files  # noqa: E402


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
    from tests.helpers.pg_server import start_for_test

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
