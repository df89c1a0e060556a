"""Database speed: edits per second (SQLite WAL and PostgreSQL), answer latency with the database-backed
snapshot against the file-backed engine, time from an empty database to seeded and ready, and the wall time
of one `python bot.py check … --json` answered from the database.

Targets (issue 3): ≥ 300 edits/s on SQLite (printed beside the per-statement aiosqlite write path as baseline); answer p99 within 10 % of the file-backed engine; empty → ready
≤ 1 s; the CLI check ≤ 0.6 s. PostgreSQL figures are reported when a throw-away server can be started
(tests/helpers/pg_server.py); otherwise they are null with the reason. Last line: one JSON object.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from db.registry import Actor, Conflict, Registry  # noqa: E402
from jurisdictions.loader import DATA_DIR, load_directory  # noqa: E402
from jurisdictions.snapshot import Snapshot  # noqa: E402
from jurisdictions.verdict import VerdictEngine  # noqa: E402

SEQUENTIAL_EDITS = 600
CONCURRENT_EDITS = 200
ANSWERS = 3000
SEED = 20261128
MOD = Actor("bench", "Benchmark")


def consistent_copy(target: Path) -> Path:
    from tests.helpers.data_files import consistent_data_files

    target.mkdir(parents=True, exist_ok=True)
    for path in consistent_data_files(DATA_DIR):
        shutil.copy(path, target / path.name)
    return target


def text_facts(reg: Registry, n: int) -> list[tuple[str, str]]:
    out = []
    for code in sorted(reg.snapshot.jurisdictions):
        for path, fact in reg._entry(code).facts.items():
            if isinstance(fact.value, dict) and set(fact.value) == {"en", "fr"}:
                out.append((code, path))
    return out[:n]


async def edit_rate(url: str, data: Path, *, per_statement: bool = False) -> dict[str, Any]:
    """`per_statement`: the baseline — SQLite writes through the async session, one await (one hop to aiosqlite's
    thread) per statement and cursor call, as PostgreSQL does, instead of one hop per edit to the writer thread."""
    registry = await Registry.open(url, seed_dir=data)
    if per_statement:
        registry._writer = None
    try:
        targets = text_facts(registry, CONCURRENT_EDITS)
        code, path = targets[0]
        version = registry._entry(code).facts[path].version
        start = time.perf_counter()
        for i in range(SEQUENTIAL_EDITS):
            res = await registry.update(code, path, {"en": f"seq {i}", "fr": f"séq {i}"}, reason="bench", by=MOD,
                                        expected_version=version)
            version = res.version
        sequential = SEQUENTIAL_EDITS / (time.perf_counter() - start)
        versions = {t: registry._entry(*t[:1]).facts[t[1]].version for t in targets}
        start = time.perf_counter()
        await asyncio.gather(*(registry.update(c, p, {"en": f"c {i}", "fr": f"c {i}"}, reason="bench", by=MOD,
                                               expected_version=versions[(c, p)]) for i, (c, p) in enumerate(targets)))
        concurrent = len(targets) / (time.perf_counter() - start)
        # contended: 50 writers appending to the same entry, retrying on conflict
        code, path = targets[1]
        conflicts = 0

        async def racer(i: int) -> None:
            nonlocal conflicts
            while True:
                entry = (await registry.get(code)).fact(path)
                try:
                    await registry.update(code, path, {"en": f"race {i}", "fr": f"course {i}"}, reason="race",
                                          by=MOD, expected_version=entry.version)
                    return
                except Conflict:
                    conflicts += 1

        start = time.perf_counter()
        await asyncio.gather(*(racer(i) for i in range(50)))
        contended = time.perf_counter() - start
        return {"sequential_edits_per_s": round(sequential), "concurrent_edits_per_s": round(concurrent),
                "contended_50_writers_s": round(contended, 2), "contended_conflicts_reported": conflicts}
    finally:
        await registry.close()


async def seed_time(url_for: Any, data: Path, runs: int = 3) -> dict[str, Any]:
    times = []
    for i in range(runs):
        url = await url_for(i)
        start = time.perf_counter()
        registry = await Registry.open(url, seed_dir=data)
        times.append(time.perf_counter() - start)
        n = len(registry.snapshot.jurisdictions)
        await registry.close()
    return {"empty_to_ready_s_median": round(statistics.median(times), 3), "empty_to_ready_s_max": round(max(times), 3),
            "jurisdictions": n}


def questions(snapshot: Snapshot) -> list[tuple[str, str, int | None]]:
    rng = random.Random(SEED)
    codes = sorted(snapshot.jurisdictions)
    names = [snapshot.jurisdictions[c].name.en for c in codes]
    out = []
    for _ in range(ANSWERS):
        a, b = rng.choice(codes + names), rng.choice(codes + names)
        out.append((a, b, rng.choice([None, 15, 30])))
    return out


def latencies(engine: VerdictEngine, qs: list[tuple[str, str, int | None]]) -> list[float]:
    from jurisdictions.render import verdict_json

    out = []
    for worker, client, age in qs:
        start = time.perf_counter()
        verdict_json(engine.check(worker, client, age))
        out.append(time.perf_counter() - start)
    return out


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


async def answer_latency(url: str, data: Path) -> dict[str, Any]:
    registry = await Registry.open(url, seed_dir=data)
    try:
        for code, path in text_facts(registry, 20):  # a patched snapshot, as after moderators' edits
            await registry.update(code, path, {"en": "edited", "fr": "modifié"}, reason="bench", by=MOD,
                                  expected_version=registry._entry(code).facts[path].version)
        db_engine = VerdictEngine(registry.snapshot)
    finally:
        await registry.close()
    file_engine = VerdictEngine(Snapshot.build(load_directory(data)))
    qs = questions(file_engine.snapshot)
    latencies(file_engine, qs[:300])  # warm up both (rapidfuzz caches, memoised keys)
    latencies(db_engine, qs[:300])
    gc.disable()
    try:
        file_lat: list[float] = []
        db_lat: list[float] = []
        for i in range(0, len(qs), 100):  # interleave, so machine noise hits both alike
            chunk = qs[i:i + 100]
            file_lat += latencies(file_engine, chunk)
            db_lat += latencies(db_engine, chunk)
    finally:
        gc.enable()
    return {"file_p50_ms": round(p(file_lat, 0.5), 3), "file_p99_ms": round(p(file_lat, 0.99), 3),
            "db_p50_ms": round(p(db_lat, 0.5), 3), "db_p99_ms": round(p(db_lat, 0.99), 3),
            "p99_ratio_db_over_file": round(p(db_lat, 0.99) / p(file_lat, 0.99), 3), "answers": len(qs)}


def cli_check_time(url: str, work: Path, data: Path, runs: int = 7) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("PASSERELLE_DATA_DIR", "DISCORD_TOKEN")}
    snap = Snapshot.build(load_directory(data))
    code = next(c for c, j in sorted(snap.jurisdictions.items()) if j.regulator() is not None)
    other = next(c for c in sorted(snap.jurisdictions) if c.split("-")[0] != code.split("-")[0])

    def timed(extra: dict[str, str]) -> list[float]:
        out = []
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, str(ROOT / "bot.py"), "check", "--from", other, "--to", code, "--json"],
                                  cwd=work, env=env | extra, capture_output=True, text=True, timeout=60)
            out.append(time.perf_counter() - start)
            assert proc.returncode == 0, proc.stderr
        return out

    db_times = timed({"DATABASE_URL": url})
    file_times = timed({"PASSERELLE_DATA_DIR": str(data)} | {"DATABASE_URL": ""})
    return {"cli_check_db_s_median": round(statistics.median(db_times), 3), "cli_check_db_s_max": round(max(db_times), 3),
            "cli_check_files_s_median": round(statistics.median(file_times), 3)}


async def main() -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="passerelle-bench-"))
    result: dict[str, Any] = {}
    try:
        data = consistent_copy(work / "data")

        async def sqlite_url(i: int) -> str:
            return f"sqlite+aiosqlite:///{work / f'seed{i}.db'}"

        result["sqlite_seed"] = await seed_time(sqlite_url, data)
        print("sqlite seed", result["sqlite_seed"], flush=True)
        result["sqlite_edits"] = await edit_rate(f"sqlite+aiosqlite:///{work / 'edits.db'}", data)
        result["sqlite_edits_baseline"] = await edit_rate(f"sqlite+aiosqlite:///{work / 'edits-baseline.db'}", data,
                                                          per_statement=True)
        print("sqlite edits", result["sqlite_edits"], flush=True)
        print("  baseline (per-statement aiosqlite writes)", result["sqlite_edits_baseline"], flush=True)
        result["answers"] = await answer_latency(f"sqlite+aiosqlite:///{work / 'answers.db'}", data)
        print("answers", result["answers"], flush=True)
        result["cli"] = await asyncio.to_thread(cli_check_time, f"sqlite+aiosqlite:///{work / 'answers.db'}", work, data)
        print("cli", result["cli"], flush=True)
        try:
            from tests.helpers.pg_server import PgServer, PgUnavailable

            server = PgServer.start()
        except PgUnavailable as exc:
            result["postgres"] = {"skipped": str(exc).splitlines()[0]}
        else:
            try:
                result["postgres_seed"] = await seed_time(lambda i: server.create_database(f"seed{i}"), data)
                result["postgres_edits"] = await edit_rate(await server.create_database("edits"), data)
                print("postgres", result["postgres_seed"], result["postgres_edits"], flush=True)
            finally:
                server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {
        "sqlite_edits_per_s": result["sqlite_edits"]["sequential_edits_per_s"],
        "sqlite_edits_target_300_met": result["sqlite_edits"]["sequential_edits_per_s"] >= 300,
        "sqlite_edits_per_s_baseline_per_statement": result["sqlite_edits_baseline"]["sequential_edits_per_s"],
        "postgres_edits_per_s": result.get("postgres_edits", {}).get("sequential_edits_per_s"),
        "answer_p99_ratio": result["answers"]["p99_ratio_db_over_file"],
        "answer_p99_within_10pct": result["answers"]["p99_ratio_db_over_file"] <= 1.10,
        "empty_to_ready_s": result["sqlite_seed"]["empty_to_ready_s_max"],
        "empty_to_ready_within_1s": result["sqlite_seed"]["empty_to_ready_s_max"] <= 1.0,
        "cli_check_db_s": result["cli"]["cli_check_db_s_median"],
    }
    return summary | {"details": result}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main()), ensure_ascii=False))
