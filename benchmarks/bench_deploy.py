"""Benchmark the multi-process deployment (issue 7). Everything is local: a throw-away PostgreSQL
(tests/helpers/pg_server.py), real `bot.py run` processes on local fake Discords, a local HTTP server for links.

1. propagation — an edit through process A (/entry edit → form → Saved) until process B's /regulator answer
   shows it: p50/p99/max over `--edits` edits (target p99 ≤ 1 s; B's fallback check is set to 30 s, so this is
   LISTEN/NOTIFY);
2. throughput — `--interactions` lookups (/canserve, /regulator) with `--concurrency` in flight, spread over
   both processes on the one database, plus the same with 5% edits mixed in (one moderator editing at a time,
   alternately through either process; every edit reaches the other process's snapshot);
3. link check — every source and regulator URL of the data, rewritten to a local server answering 200,
   redirects, 404s and a few slow pages (`check_links`, default concurrency and timeout).
The last line printed is one JSON object.

    .venv/bin/python benchmarks/bench_deploy.py [--edits 40] [--interactions 2000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from aiohttp import web  # noqa: E402

from tests.helpers.data_files import consistent_data_files  # noqa: E402
from tests.helpers.deploy_harness import cluster, edit_website, wait_visible  # noqa: E402
from tests.helpers.fake_discord import FRENCH, MEMBER, slash  # noqa: E402
from tests.helpers.pg_server import PgServer  # noqa: E402

PLACES = ["NB", "Gatineau", "Ontario", "London", "Texas", "Moncton", "Québec", "BC", "Dublin", "Paris", "Calgary"]


FAILURES: list[tuple[object, str]] = []


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def lookup(rng: random.Random) -> dict:
    actor = FRENCH if rng.random() < 0.3 else MEMBER
    if rng.random() < 0.7:
        return slash("canserve", actor, **{"from": rng.choice(PLACES), "to": rng.choice(PLACES)})
    return slash("regulator", actor, place=rng.choice(PLACES))


async def propagation(a, b, edits: int) -> list[float]:  # type: ignore[no-untyped-def]
    delays = []
    for i in range(edits):
        src, dst = (a, b) if i % 2 == 0 else (b, a)
        value = f"https://bench-{i}.example.org"
        saved = await edit_website(src, value)
        delays.append(await wait_visible(dst, value, timeout=5) - saved.at)
    return delays


async def throughput(bots, n: int, concurrency: int, rng: random.Random, edit_share: float = 0.0) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    sem = asyncio.Semaphore(concurrency)
    one_editor = asyncio.Lock()  # edits of one field at once would be conflicts (optimistic locking), by design
    failures = 0
    conflicts = 0
    counter = 0

    async def one(i: int) -> None:
        nonlocal failures, conflicts, counter
        bot = bots[i % len(bots)]
        async with sem:
            try:
                if rng.random() < edit_share:
                    async with one_editor:
                        counter += 1
                        await edit_website(bot, f"https://load-{counter}-{i}.example.org")
                else:
                    await bot.fake.interact(lookup(rng), timeout=3)
            except AssertionError as exc:
                if "no callback" in str(exc):
                    failures += 1  # dropped: no answer within Discord's 3 s
                    if len(FAILURES) < 3:  # what went wrong, with the process's log tail, for stderr
                        text = str(exc)
                        FAILURES.append((bot, text[:200] + " …\n" + text[-2500:]))
                else:
                    conflicts += 1  # the form was opened before the other process's last edit arrived: refused, by design

    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    return n / (time.perf_counter() - start), failures, conflicts


async def link_check(concurrency: int = 8) -> dict:
    from jurisdictions.linkcheck import check_links, collect_links
    from jurisdictions.snapshot import load_snapshot

    async def page(request: web.Request) -> web.StreamResponse:
        kind = request.match_info["kind"]
        if kind == "moved":
            raise web.HTTPMovedPermanently(f"/ok/{request.match_info['rest']}")
        if kind == "missing":
            raise web.HTTPNotFound()
        if kind == "slow":
            await asyncio.sleep(0.5)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/{kind}/{rest:.*}", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        links = collect_links(load_snapshot().jurisdictions.values())
        local: dict[str, list[str]] = {}
        for url, uses in links.items():
            h = int(hashlib.sha1(url.encode()).hexdigest(), 16) % 100
            kind = "missing" if h < 5 else "moved" if h < 15 else "slow" if h < 18 else "ok"
            local[f"http://127.0.0.1:{port}/{kind}/{hashlib.sha1(url.encode()).hexdigest()[:12]}"] = uses
        report = await check_links(local, concurrency=concurrency)
    finally:
        await runner.cleanup()
    return {"links": len(local), "link_check_s": round(report.seconds, 3), "link_outcomes": report.counts()}


async def run(edits: int, n: int, concurrency: int, seed: int) -> dict:
    rng = random.Random(seed)
    pg = PgServer.start()
    work = Path(tempfile.mkdtemp(prefix="passerelle-bench-deploy-"))
    data = work / "data"
    data.mkdir()
    for path in consistent_data_files(ROOT / "jurisdictions" / "data"):
        shutil.copy(path, data / path.name)
    try:
        url = await pg.create_database("bench_deploy")
        level = os.environ.get("BENCH_DEPLOY_LOG_LEVEL", "WARNING")  # INFO: one line per interaction (diagnosis)
        async with cluster(url, work, data, n=2, sharded=True, contract=False, data_poll_seconds=30,
                           log_level=level) as bots:
            a, b = bots
            for _ in range(30):  # warm-up
                await a.fake.interact(lookup(rng))
                await b.fake.interact(lookup(rng))
            delays = await propagation(a, b, edits)
            ips, failed, _ = await throughput(bots, n, concurrency, rng)
            one_ips, one_failed, _ = await throughput(bots[:1], n, concurrency, rng)  # baseline: one process
            mixed_ips, mixed_failed, mixed_conflicts = await throughput(bots, max(200, n // 4), concurrency, rng,
                                                                        edit_share=0.05)
            await asyncio.sleep(1)
            for i, (bot, message) in enumerate(FAILURES):  # the failed interaction's own log lines, once it ended
                ident = message.split("interaction ", 1)[-1].split()[0]
                later = [line for line in bot.log_lines() if ident in line]  # type: ignore[attr-defined]
                FAILURES[i] = (bot, message + "\nits log lines by now:\n" + "\n".join(later[-5:]))
        links = await link_check()
        sequential = await link_check(concurrency=1)  # baseline: one request at a time
    finally:
        pg.stop()
        if os.environ.get("BENCH_DEPLOY_KEEP"):  # the processes' logs, for a diagnosis
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "benchmark": "deploy",
        "processes": 2,
        "database": "postgresql",
        "edits": edits,
        "propagation_p50_ms": round(percentile(delays, 0.5) * 1000, 1),
        "propagation_p99_ms": round(percentile(delays, 0.99) * 1000, 1),
        "propagation_max_ms": round(max(delays) * 1000, 1),
        "interactions": n,
        "concurrency": concurrency,
        "interactions_per_s": round(ips, 1),
        "failed": failed,
        "mixed_5pct_edits_interactions_per_s": round(mixed_ips, 1),
        "mixed_failed": mixed_failed,
        "mixed_edit_conflicts": mixed_conflicts,
        **links,
        "baseline": {"one_process_interactions_per_s": round(one_ips, 1), "one_process_failed": one_failed,
                     "link_check_sequential_s": sequential["link_check_s"], "propagation_without_notify_s": 30},
        "targets": {"propagation_p99_ms": "<=1000", "failed": "0"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--interactions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    result = asyncio.run(run(args.edits, args.interactions, args.concurrency, args.seed))
    result["pass"] = result["propagation_p99_ms"] <= 1000 and result["failed"] == 0 and result["mixed_failed"] == 0
    base = result["baseline"]
    print(f"{'':44}{'measured':>12}{'baseline':>12}")
    print(f"{'edit propagation p99 ms (LISTEN/NOTIFY)':44}{result['propagation_p99_ms']:>12}"
          f"{'<= ' + str(base['propagation_without_notify_s'] * 1000):>12}   (baseline: the fallback poll alone)")
    print(f"{'lookups/s, 2 processes (vs 1)':44}{result['interactions_per_s']:>12}{base['one_process_interactions_per_s']:>12}")
    print(f"{'link check s, ' + str(result['links']) + ' URLs (vs one at a time)':44}{result['link_check_s']:>12}"
          f"{base['link_check_sequential_s']:>12}")
    print(f"{'with 5% edits (serialised editor) /s':44}{result['mixed_5pct_edits_interactions_per_s']:>12}")
    for _, failure in FAILURES:
        print(f"failed interaction:\n{failure}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
