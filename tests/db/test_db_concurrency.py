"""100 concurrent edits, on SQLite (WAL) and PostgreSQL: 0 lost updates, 0 "database is locked", every
conflict reported, history complete and in order — within one registry and across two (two processes' worth
of engines and connection pools on the same database)."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

from db.registry import Actor, Conflict, Registry, Revision

N = 100


def list_fact(reg: Registry) -> tuple[str, str]:
    """A fact whose value is a list of strings (places, protected titles): appends make lost updates visible."""
    for code in sorted(reg.snapshot.jurisdictions):
        for path, fact in reg._entry(code).facts.items():
            if isinstance(fact.value, list) and all(isinstance(v, str) for v in fact.value):
                return code, path
    raise AssertionError("no list-valued fact in the data")


def text_facts(reg: Registry, n: int) -> list[tuple[str, str]]:
    out = []
    for code in sorted(reg.snapshot.jurisdictions):
        for path, fact in reg._entry(code).facts.items():
            if isinstance(fact.value, dict) and set(fact.value) == {"en", "fr"}:
                out.append((code, path))
                if len(out) == n:
                    return out
    raise AssertionError(f"fewer than {n} bilingual facts in the data")


def assert_chain(history: list[Revision]) -> None:
    """Each revision starts from the value the previous one left: nothing was overwritten unseen."""
    assert [r.id for r in history] == sorted(r.id for r in history)
    assert [r.data_version for r in history] == sorted(r.data_version for r in history)
    for prev, nxt in itertools.pairwise(history):
        assert nxt.old_value == prev.new_value


async def append_with_retry(reg: Registry, code: str, path: str, token: str, stats: dict[str, int]) -> None:
    entry = (await reg.get(code)).fact(path)
    while True:
        try:
            await reg.update(code, path, [*entry.value, token], reason=f"add {token}", by=Actor(token, token),
                             expected_version=entry.version)
            return
        except Conflict as exc:
            stats["conflicts"] += 1
            assert exc.current_version is not None and exc.current_version > entry.version
            entry = (await reg.get(code)).fact(path)


async def test_same_entry_one_wins_every_other_is_told(registry: Registry) -> None:
    code, path = list_fact(registry)
    start = registry._entry(code).facts[path]

    async def edit(i: int) -> Any:
        return await registry.update(code, path, [*start.value, f"edit-{i}"], reason=str(i), by=Actor(str(i), "x"),
                                     expected_version=start.version)

    results = await asyncio.gather(*(edit(i) for i in range(N)), return_exceptions=True)
    wins = [r for r in results if not isinstance(r, BaseException)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(wins) == 1 and len(conflicts) == N - 1, [r for r in results if isinstance(r, BaseException)
                                                        and not isinstance(r, Conflict)][:3]
    winner_value = wins[0].revision.new_value
    assert all(c.current_value == winner_value and c.current_version == start.version + 1 for c in conflicts)
    assert registry._entry(code).facts[path].value == winner_value
    assert len(await registry.history(code, path)) == 1


async def test_same_entry_with_retries_loses_nothing(registry: Registry) -> None:
    code, path = list_fact(registry)
    start = registry._entry(code).facts[path]
    stats = {"conflicts": 0}
    await asyncio.gather(*(append_with_retry(registry, code, path, f"t{i}", stats) for i in range(N)))
    final = (await registry.get(code)).fact(path)
    assert final.value[: len(start.value)] == start.value
    assert sorted(final.value[len(start.value):]) == sorted(f"t{i}" for i in range(N))  # 0 lost updates
    assert final.version == start.version + N
    assert stats["conflicts"] > 0  # they really raced, and every race was reported
    history = await registry.history(code, path)
    assert len(history) == N
    assert_chain(history)
    assert history[-1].new_value == final.value


async def test_different_entries_all_succeed(registry: Registry) -> None:
    targets = text_facts(registry, N)
    versions = {t: registry._entry(t[0]).facts[t[1]].version for t in targets}

    async def edit(i: int, code: str, path: str) -> Any:
        return await registry.update(code, path, {"en": f"edited {i}", "fr": f"modifié {i}"}, reason=str(i),
                                     by=Actor(str(i), "x"), expected_version=versions[(code, path)])

    results = await asyncio.gather(*(edit(i, c, p) for i, (c, p) in enumerate(targets)))
    assert len({r.data_version for r in results}) == N
    for i, (code, path) in enumerate(targets):
        assert registry._entry(code).facts[path].value == {"en": f"edited {i}", "fr": f"modifié {i}"}
    fresh = await Registry.open(registry.url, seed=False)  # what the database holds, not only our memory
    try:
        for i, (code, path) in enumerate(targets):
            assert fresh._entry(code).facts[path].value["en"] == f"edited {i}"
    finally:
        await fresh.close()


async def test_two_registries_on_one_database(registry: Registry, data_dir: Path) -> None:
    """Two engines (as two bot/CLI processes would have) race on the same entry and on different ones."""
    other = await Registry.open(registry.url, seed_dir=data_dir)
    try:
        code, path = list_fact(registry)
        start = registry._entry(code).facts[path]
        stats = {"conflicts": 0}
        half = N // 2
        singles = text_facts(registry, 20)
        tasks = [append_with_retry(registry if i % 2 else other, code, path, f"p{i}", stats) for i in range(half)]

        async def single(i: int, c: str, p: str) -> None:
            reg = registry if i % 2 else other
            while True:
                entry = (await reg.get(c)).fact(p)
                try:
                    await reg.update(c, p, {"en": f"s{i}", "fr": f"s{i}"}, reason="s", by=Actor("s", "s"),
                                     expected_version=entry.version)
                    return
                except Conflict:
                    stats["conflicts"] += 1

        tasks += [single(i, c, p) for i, (c, p) in enumerate(singles)]
        await asyncio.gather(*tasks)  # any "database is locked" (OperationalError) would fail here
        await registry.refresh()
        await other.refresh()
        final = registry._entry(code).facts[path]
        assert sorted(final.value[len(start.value):]) == sorted(f"p{i}" for i in range(half))
        assert other._entry(code).facts[path] == final
        history = await registry.history(code, path)
        assert len(history) == half
        assert_chain(history)
        for i, (c, p) in enumerate(singles):
            assert registry._entry(c).facts[p].value == {"en": f"s{i}", "fr": f"s{i}"}
        assert registry.data_version == other.data_version
    finally:
        await other.close()


async def test_a_slow_catch_up_never_puts_older_data_back(registry: Registry, data_dir: Path) -> None:
    """The interleaving behind the lost-update race, forced: a catch-up reads the database, then (before it is
    installed) a later commit of ours is published. Installing what the catch-up read would put the older
    state back, and the next edit would be refused against versions that no longer exist."""
    other = await Registry.open(registry.url, seed_dir=data_dir)
    try:
        code, path = list_fact(registry)
        start = registry._entry(code).facts[path]
        r1 = await other.update(code, path, [*start.value, "from-other"], reason="o", by=Actor("o", "o"),
                                expected_version=start.version)
        paused, release = asyncio.Event(), asyncio.Event()
        original = registry._read_rows
        calls = 0

        async def slow_first_read(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            out = await original(*args)
            if calls == 1:  # only the catch-up under test waits; the commit's own catch-up runs freely
                paused.set()
                await release.wait()
            return out

        registry._read_rows = slow_first_read  # type: ignore[method-assign]
        slow = asyncio.create_task(registry._refresh(notify=False))
        await paused.wait()  # it has read the database as of r1
        entry = (await other.get(code)).fact(path)
        assert entry.version == r1.version
        r2 = await registry.update(code, path, [*entry.value, "ours"], reason="m", by=Actor("m", "m"),
                                   expected_version=entry.version)
        assert registry.data_version == r2.data_version
        release.set()
        assert await slow is False  # what it read is older than what is installed: not swapped in
        assert registry.data_version == r2.data_version
        now = registry._entry(code).facts[path]
        assert now.value == [*start.value, "from-other", "ours"] and now.version == r2.version
        r3 = await registry.update(code, path, [*now.value, "next"], reason="n", by=Actor("n", "n"),
                                   expected_version=now.version)
        assert r3.version == r2.version + 1
    finally:
        await other.close()


async def test_catch_up_reads_one_consistent_view(registry: Registry, data_dir: Path) -> None:
    """Another process commits a new source and a fact citing it *between* the catch-up's reads of the sources
    and of the facts. Read at READ COMMITTED, the facts would cite a source the catch-up never saw and the
    refresh would fail (issue 17); in one REPEATABLE READ transaction (SQLite: one read transaction) it sees the
    state before the commit, and the next refresh the state after."""
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    other = await Registry.open(registry.url, seed_dir=data_dir)
    try:
        code, path = text_facts(registry, 1)[0]
        before = registry._entry(code).facts[path]
        warm = await other.update(code, path, {"en": "warm-up", "fr": "échauffement"}, reason="w", by=Actor("w", "w"),
                                  expected_version=before.version)  # so our catch-up has something to read
        calls = 0
        injected: list[Any] = []

        class Interleaved(AsyncSession):
            async def execute(self, *args: Any, **kwargs: Any) -> Any:
                nonlocal calls
                calls += 1
                if calls == 6 and not injected:  # dv, revisions, jurisdictions, regulators, sources | facts
                    injected.append(await other.update(
                        code, path, {"en": "new", "fr": "nouveau"}, reason="x", by=Actor("x", "x"),
                        expected_version=warm.version, source_url="https://example.org/interleaved",
                        source_title="Interleaved source"))
                return await super().execute(*args, **kwargs)

        registry._sessions = async_sessionmaker(registry.engine, class_=Interleaved, expire_on_commit=False)
        assert await registry.refresh(notify=False) is True  # must not fail on a half-read state
        assert injected, "the other process committed in the middle of the catch-up"
        assert registry.data_version == warm.data_version
        assert registry._entry(code).facts[path].value["en"] == "warm-up"
        assert await registry.refresh(notify=False) is True
        assert registry.data_version == injected[0].data_version
        assert registry._entry(code).facts[path].value["en"] == "new"
    finally:
        await other.close()
