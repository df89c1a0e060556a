"""Async engine and sessions for SQLite (aiosqlite) and PostgreSQL (asyncpg).

SQLite: WAL journal, foreign keys on, a busy timeout, `synchronous=NORMAL`; SQLAlchemy (not the driver)
emits BEGIN, and write sessions use `BEGIN IMMEDIATE` so a read-then-write transaction never fails with
"database is locked" when another writer committed in between (it waits for the lock instead).
PostgreSQL: write sessions lock the rows they read (`SELECT … FOR UPDATE`, see db.registry).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from db.settings import asyncpg_connect_args, database_url, is_sqlite, sqlite_path

BUSY_TIMEOUT_S = 30


def make_engine(url: str | None = None, **kwargs: Any) -> AsyncEngine:
    url = database_url(url)
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is None:
            raise ValueError("an in-memory SQLite database cannot be shared: give a file path")
        if path.parent and not path.parent.exists():
            raise ValueError(f"the directory of the database does not exist: {path.parent}")
        # Sessions always end with COMMIT or ROLLBACK, so the pool's extra rollback on check-in is only a wasted
        # round trip through the driver thread (each one costs ~0.2 ms here).
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S}, **kwargs)
        _configure_sqlite(engine.sync_engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    base, connect_args = asyncpg_connect_args(url)  # ?sslmode= / ?connect_timeout= as asyncpg's own arguments
    kwargs["connect_args"] = {**connect_args, **kwargs.get("connect_args", {})}
    return create_async_engine(base, **kwargs)


def make_sqlite_writer_engine(url: str) -> Engine:
    """A synchronous (pysqlite) engine on the same SQLite file, with the same pragmas and `BEGIN IMMEDIATE`
    hook: the registry runs each whole write transaction on it in one worker thread, so an edit costs one hop
    between threads instead of one per statement and per cursor call through aiosqlite."""
    path = sqlite_path(url)
    if path is None:
        raise ValueError("an in-memory SQLite database cannot be shared: give a file path")
    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_S},
                           pool_reset_on_return=None, pool_size=1, max_overflow=0)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (see the "begin" hook)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def write_session(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose transaction takes the write lock at BEGIN on SQLite (no effect on PostgreSQL).

    The caller commits; leaving the block without commit rolls back.
    """
    async with factory() as session:
        await session.connection(execution_options={"sqlite_immediate": True})
        yield session
