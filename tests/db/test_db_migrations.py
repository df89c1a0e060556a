"""Alembic: empty database → head → base → head again, on SQLite and PostgreSQL; the models match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from db import migrate
from db.engine import make_engine
from db.models import Base

TABLES = {"jurisdictions", "regulators", "sources", "facts", "revisions", "watches", "db_state"}


async def tables(engine) -> set[str]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


def diffs(connection) -> list:  # type: ignore[no-untyped-def]
    ctx = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(ctx, Base.metadata)


async def test_upgrade_to_head_and_down_to_base(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert await migrate.current_revision(engine) is None
        assert not (await tables(engine)) & TABLES
        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == migrate.head_revision()
        assert await tables(engine) >= TABLES
        async with engine.connect() as conn:
            assert await conn.run_sync(diffs) == []  # the migration creates exactly what the models describe
        await migrate.upgrade(engine)  # idempotent
        await migrate.downgrade(engine, "base")
        assert await migrate.current_revision(engine) is None
        assert not (await tables(engine)) & TABLES
        await migrate.upgrade(engine)
        assert await tables(engine) >= TABLES
    finally:
        await engine.dispose()


async def test_sqlite_connection_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.connect() as conn:
            values = [(await conn.exec_driver_sql(f"PRAGMA {p}")).scalar() for p in
                      ("journal_mode", "foreign_keys", "busy_timeout")]
        assert values[0] == "wal" and values[1] == 1 and values[2] >= 5000
    finally:
        await engine.dispose()


def test_head_read_from_the_version_files_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    assert migrate.head_revision() == ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


async def test_current_revision_without_alembic_agrees_with_alembic(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            theirs = await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())
        assert await migrate.current_revision(engine) == theirs == migrate.head_revision()
    finally:
        await engine.dispose()


def test_a_start_on_an_up_to_date_database_does_not_load_alembic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import asyncio, sys\n"
        "from db.registry import Registry\n"
        f"url = 'sqlite+aiosqlite:///{tmp_path / 'a.db'}'\n"
        "async def main():\n"
        "    reg = await Registry.open(url)\n"
        "    print(len(reg.snapshot.jurisdictions), any(m.split('.')[0] == 'alembic' for m in sys.modules))\n"
        "    await reg.close()\n"
        "asyncio.run(main())\n"
    )
    root = Path(__file__).resolve().parents[2]
    runs = [subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
            for _ in range(2)]  # the first creates, migrates (with Alembic) and seeds; the second only opens
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    (first_count, first_loaded), (count, loaded) = (r.stdout.split() for r in runs)
    assert first_loaded == "True" and int(count) == int(first_count) > 50 and loaded == "False"
