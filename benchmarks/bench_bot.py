"""Benchmark the bot through the local fake Discord with the real discord.py client (one process).

The bot is built as in production (`bot.create_bot`) on a SQLite database that `bot.py db upgrade` has
migrated and seeded first, as compose.yaml starts it; a last run starts it on an empty database it migrates
and seeds itself (READY and peak RSS printed apart). Phases on a mixed workload (45% /canserve, 35%
autocomplete, 10% /regulator, 5% /minors, 5% /jurisdictions; 30% French users):
1. throughput — `--concurrency` interactions in flight at all times: interactions per second;
2. latency — an open-loop arrival at `--rate` per second: dispatch -> interaction callback p50/p99/max,
   measured from just before the gateway frame is sent to the moment the fake receives the callback.
The bot runs in its own process (this one is the fake Discord and the load generator).
3. bot CPU per interaction — the bot process's own CPU time (every thread's, from /proc) divided by the
   interactions answered: for the mixed throughput phase, then for autocomplete alone, /canserve alone, and
   /canserve again after 3,000 `/jurisdictions` views are left open (each keeps a 300-s view task alive).
   The bare-bot ratio moves with the machine; this figure is what the bot itself spends.
Dropped = no callback within 3 s (Discord's deadline). Start -> READY = `client.start()` to `on_ready` in the
bot process (login, database open/migrate/seed, cogs, gateway, GUILD_CREATE wait); process_start_to_ready
adds interpreter start and imports. Peak RSS = the bot process's VmHWM (harness_peak_rss_mb = this process); the
bot process imports what `bot.py run` does, not the fake Discord's modules (they added 4 MB of jsonschema).
Autocomplete values are drawn from the names, aliases and places of the data and from GeoNames towns (one to
eight letters, a typo in one in ten), so a cache is not flattered by a dozen repeated prefixes.
The last line printed is one JSON object.

    .venv/bin/python benchmarks/bench_bot.py [--interactions 3000] [--concurrency 16] [--rate 250] [--views 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot import create_bot  # noqa: E402
from settings import Settings  # noqa: E402

if "--child" not in sys.argv:  # the bot process imports what production imports: not the fake Discord (jsonschema …)
    from tests.helpers.fake_discord import FRENCH, MEMBER, FakeDiscord, autocomplete, slash

DEADLINE = 3.0  # Discord invalidates an interaction token after 3 s without a response
PLACES = ["NB", "Gatineau", "Ontario", "London", "Texas", "Moncton", "Québec", "BC", "Nova Scotia", "Dublin",
          "Paris", "New York", "Calgary", "Wales", "Auckland", "Sherbrooke", "Toronto", "zzzz",
          # gazetteer towns, namesakes, qualified forms and places outside coverage (issue 12)
          "Kenora", "Rimouski", "Bend", "Lubbock", "Cornwall, Ontario", "Perth WA", "Portland", "Cancun", "Val-d'Or"]


def typed_names(seed: int) -> list[str]:
    """What people type into a place option: names, aliases and places from the data, and GeoNames towns."""
    from jurisdictions import gazetteer
    from jurisdictions.snapshot import load_snapshot

    names: list[str] = []
    for jur in load_snapshot().jurisdictions.values():
        names += [jur.name.en, jur.name.fr, *jur.aliases, *(jur.places.value if jur.places else [])]
    towns = gazetteer.shared().names
    rng = random.Random(seed)
    names += rng.sample(towns, min(len(towns), 3000))
    return names


def partial(rng: random.Random, names: list[str]) -> str:
    """One to eight letters of a name, with a typo (a dropped letter) one time in ten."""
    name = rng.choice(names)
    text = name[: rng.randint(1, min(8, len(name)))]
    if len(text) > 4 and rng.random() < 0.1:
        cut = rng.randrange(1, len(text) - 1)
        text = text[:cut] + text[cut + 1 :]
    return text


NAMES: list[str] = []


def workload(rng: random.Random) -> dict:
    roll = rng.random()
    actor = FRENCH if rng.random() < 0.3 else MEMBER
    if roll < 0.45:
        return canserve(rng, actor)
    if roll < 0.80:
        return autocomplete("canserve", "to", actor, **{"from": "NB", "to": partial(rng, NAMES)})
    if roll < 0.90:
        return slash("regulator", actor, place=rng.choice(PLACES))
    if roll < 0.95:
        return slash("minors", actor, place=rng.choice(PLACES))
    return slash("jurisdictions", actor)


def canserve(rng: random.Random, actor: object = None) -> dict:
    return slash("canserve", actor or MEMBER, **{"from": rng.choice(PLACES), "to": rng.choice(PLACES),
                                       "age": rng.choice([None, 12, 15, 30])})


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def bare_bot() -> object:
    """The baseline: a bare discord.py bot with the same command and option names answering a fixed
    reply (no engine, no database, no embeds) — what the framework alone costs through the same fake."""
    import discord
    from discord import app_commands
    from discord.ext import commands

    bot = commands.Bot(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                       guild_ready_timeout=0.5, allowed_mentions=discord.AllowedMentions.none())

    async def choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=current or "-", value="x")]

    async def reply(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    @bot.tree.command(name="canserve", description="baseline")
    @app_commands.rename(from_="from")
    @app_commands.autocomplete(from_=choices, to=choices)
    async def canserve(interaction: discord.Interaction, from_: str, to: str, age: int | None = None) -> None:
        await reply(interaction)

    @bot.tree.command(name="regulator", description="baseline")
    async def regulator(interaction: discord.Interaction, place: str) -> None:
        await reply(interaction)

    @bot.tree.command(name="minors", description="baseline")
    async def minors(interaction: discord.Interaction, place: str) -> None:
        await reply(interaction)

    @bot.tree.command(name="jurisdictions", description="baseline")
    async def jurisdictions(interaction: discord.Interaction) -> None:
        await reply(interaction)

    return bot


async def run_child(port: int, database_url: str) -> None:
    """The bot process: production code (`bot.create_bot`), pointed at the fake Discord of the parent;
    with DATABASE_URL `baseline`, the bare discord.py bot instead."""
    import discord
    import yarl

    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    if database_url == "baseline":
        bot = bare_bot()
    else:
        bot = create_bot(Settings(_env_file=None, log_level="WARNING", database_url=database_url))
    started = time.perf_counter()

    @bot.event
    async def on_ready() -> None:
        print(json.dumps({"ready_after_s": round(time.perf_counter() - started, 3)}), flush=True)

    async with bot:
        await bot.start("bench-token")


def prepare_database(url: str) -> None:
    """`bot.py db upgrade` (migrate and seed) in its own process first, as compose.yaml starts the bot."""
    import os
    import subprocess

    env = {**os.environ, "DATABASE_URL": url}
    env.pop("PASSERELLE_DATA_DIR", None)
    subprocess.run([sys.executable, str(ROOT / "bot.py"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)


async def fresh_start() -> dict:
    """Start -> READY and peak RSS when the bot itself has to migrate and seed an empty database."""
    with tempfile.TemporaryDirectory(prefix="passerelle-bench-") as tmp:
        async with FakeDiscord(record=False, contract=False) as fake:
            child = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--child", str(fake.port), f"sqlite+aiosqlite:///{tmp}/fresh.db",
                stdout=asyncio.subprocess.PIPE)
            try:
                assert child.stdout is not None
                line = await asyncio.wait_for(child.stdout.readline(), 60)
                await fake.interact(slash("canserve", MEMBER, **{"from": "NB", "to": "Gatineau"}))
                return {"start_to_ready_s": json.loads(line)["ready_after_s"], "peak_rss_mb": round(peak_rss_mb(child.pid), 1)}
            finally:
                child.terminate()
                await child.wait()


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of the process so far (ns precision, from /proc/PID/task/*/schedstat)."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # a thread that just ended
    return total / 1e9


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):  # peak resident set size
                return int(line.split()[1]) / 1024
    return float("nan")


async def run(n: int, concurrency: int, seed: int, rate: float, latency_n: int, baseline: bool = False,
              views: int = 3000, cpu_n: int = 1500) -> dict:
    rng = random.Random(seed)
    tmp = tempfile.TemporaryDirectory(prefix="passerelle-bench-")
    url = f"sqlite+aiosqlite:///{tmp.name}/bench.db"
    if not baseline:
        prepare_database(url)
    async with FakeDiscord(record=False, contract=False) as fake:
        spawned = time.perf_counter()
        # the bot runs in its own process, as in production; this process is only the fake Discord + the load
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--child", str(fake.port), "baseline" if baseline else url,
            stdout=asyncio.subprocess.PIPE)
        try:
            assert child.stdout is not None
            line = await asyncio.wait_for(child.stdout.readline(), 60)
            process_to_ready = time.perf_counter() - spawned
            start_to_ready = json.loads(line)["ready_after_s"]
            # warm-up (first-call costs: imports in discord.py, caches)
            for _ in range(50):
                await fake.interact(workload(rng))
            latencies: list[float] = []
            dropped = 0
            errors = 0

            async def one(payload: dict, record: bool) -> None:
                nonlocal dropped, errors
                t0 = time.perf_counter()
                try:
                    cb = await fake.interact(payload, timeout=DEADLINE)
                except AssertionError:
                    dropped += 1
                    return
                if record:
                    latencies.append(cb.at - t0)
                if cb.callback_type == 4 and "went wrong" in (cb.data.get("content") or ""):
                    errors += 1

            # 1. throughput: `concurrency` interactions in flight at all times (closed loop)
            sem = asyncio.Semaphore(concurrency)

            async def bounded(payload: dict) -> None:
                async with sem:
                    await one(payload, record=False)

            payloads = [workload(rng) for _ in range(n)]
            cpu0 = cpu_seconds(child.pid)
            t_start = time.perf_counter()
            await asyncio.gather(*(bounded(p) for p in payloads))
            elapsed = time.perf_counter() - t_start
            mixed_cpu_ms = (cpu_seconds(child.pid) - cpu0) * 1000 / n

            # 2. latency: an open-loop arrival of `rate` interactions per second (what users would send)
            tasks = []
            t_open = time.perf_counter()
            for i in range(latency_n):
                delay = t_open + i / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(one(workload(rng), record=True)))
            await asyncio.gather(*tasks)
            peak_before_views = peak_rss_mb(child.pid)

            # 3. the bot's own CPU per interaction, one kind at a time (closed loop, `concurrency` in flight)
            async def cpu_ms(make: object, count: int) -> float:
                batch = [make() for _ in range(count)]  # type: ignore[operator]
                c0 = cpu_seconds(child.pid)
                await asyncio.gather(*(bounded(p) for p in batch))
                return (cpu_seconds(child.pid) - c0) * 1000 / count

            cpu_rng = random.Random(seed + 1)
            per_kind = {
                "autocomplete": await cpu_ms(lambda: autocomplete(
                    "canserve", "to", MEMBER, **{"from": "NB", "to": partial(cpu_rng, NAMES)}), cpu_n),
                "canserve": await cpu_ms(lambda: canserve(cpu_rng), cpu_n),
            }
            before_views = rss_mb(child.pid)
            await asyncio.gather(*(bounded(slash("jurisdictions", MEMBER)) for _ in range(views)))
            per_kind["canserve_after_views"] = await cpu_ms(lambda: canserve(cpu_rng), cpu_n)
            views_rss_growth = rss_mb(child.pid) - before_views
            rss_mb_peak = peak_rss_mb(child.pid)
        finally:
            if child.returncode is None:
                child.terminate()
            await child.wait()
            tmp.cleanup()
    return {
        "benchmark": "bot",
        "interactions": n,
        "concurrency": concurrency,
        "interactions_per_s": round(n / elapsed, 1),
        "latency_offered_rate_per_s": rate,
        "latency_samples": len(latencies),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2) if latencies else None,
        "dropped": dropped,
        "errors": errors,
        "start_to_ready_s": start_to_ready,
        "process_start_to_ready_s": round(process_to_ready, 3),
        "peak_rss_mb": round(peak_before_views, 1),
        "peak_rss_mb_after_views": round(rss_mb_peak, 1),
        "views_rss_growth_mb": round(views_rss_growth, 1),
        "open_views": views,
        "bot_cpu_ms_per_interaction": round(mixed_cpu_ms, 3),
        "bot_cpu_ms_autocomplete": round(per_kind["autocomplete"], 3),
        "bot_cpu_ms_canserve": round(per_kind["canserve"], 3),
        "bot_cpu_ms_canserve_after_views": round(per_kind["canserve_after_views"], 3),
        "harness_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {"interactions_per_s": ">=200", "p99_ms": "<=50", "dropped": "0", "start_to_ready_s": "<=2",
                    "peak_rss_mb": "<=120 (issue 12), <=100 (issue 17)", "bot_cpu_ms_autocomplete": "<=0.5",
                    "bot_cpu_ms_canserve": "<=0.4", "bot_cpu_ms_canserve_after_views": "<=0.4"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16, help="interactions in flight at once (throughput phase)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rate", type=float, default=250.0, help="offered interactions/s for the latency phase")
    parser.add_argument("--latency-interactions", type=int, default=1500)
    parser.add_argument("--views", type=int, default=3000, help="/jurisdictions views left open before the last phase")
    parser.add_argument("--cpu-interactions", type=int, default=1500, help="interactions per CPU phase")
    parser.add_argument("--child", nargs=2, metavar=("PORT", "DATABASE_URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.child:
        asyncio.run(run_child(int(args.child[0]), args.child[1]))
        return
    NAMES[:] = typed_names(args.seed)
    common = (args.interactions, args.concurrency, args.seed, args.rate, args.latency_interactions)
    base = asyncio.run(run(*common, baseline=True, views=args.views, cpu_n=args.cpu_interactions))
    result = asyncio.run(run(*common, views=args.views, cpu_n=args.cpu_interactions))
    fresh = asyncio.run(fresh_start())
    result["fresh_database"] = fresh
    ok = (result["interactions_per_s"] >= 200 and result["p99_ms"] <= 50 and result["dropped"] == 0
          and result["start_to_ready_s"] <= 2 and result["peak_rss_mb"] <= 120)
    result["pass"] = ok
    rows = [("interactions/s (closed loop)", "interactions_per_s", ">= 200"), ("p50 ms (open loop)", "p50_ms", ""),
            ("p99 ms (open loop)", "p99_ms", "<= 50"), ("dropped", "dropped", "0"),
            ("start -> READY s", "start_to_ready_s", "<= 2"), ("peak RSS MB", "peak_rss_mb", "<= 120 (<= 100)"),
            ("bot CPU ms / interaction", "bot_cpu_ms_per_interaction", ""),
            ("bot CPU ms / autocomplete", "bot_cpu_ms_autocomplete", "<= 0.5"),
            ("bot CPU ms / canserve", "bot_cpu_ms_canserve", "<= 0.4"),
            (f"  … after {args.views:,} open views", "bot_cpu_ms_canserve_after_views", "<= 0.4"),
            ("RSS growth MB, open views", "views_rss_growth_mb", ""),
            ("peak RSS MB after views", "peak_rss_mb_after_views", "")]
    print(f"{'':30}{'Passerelle':>12}{'bare discord.py':>17}   target")
    for label, key, target in rows:
        print(f"{label:30}{result[key]:>12}{base[key]:>17}   {target}")
    ratio = result["interactions_per_s"] / base["interactions_per_s"]
    print(f"throughput ratio to the bare bot: {ratio:.2f} (moves with the machine); the bot's own CPU per interaction: "
          f"{result['bot_cpu_ms_per_interaction']:.3f} ms against the bare bot's {base['bot_cpu_ms_per_interaction']:.3f} ms")
    print(f"on an empty database the bot migrates and seeds it itself: READY {fresh['start_to_ready_s']} s, "
          f"peak RSS {fresh['peak_rss_mb']} MB (compose runs `bot.py db upgrade` first, as the figures above)")
    print(f"workload: {args.interactions} interactions, {args.concurrency} in flight; latency at {args.rate:g}/s offered; "
          f"CPU phases of {args.cpu_interactions} each; baseline = the same commands answering a fixed reply")
    result["bare_ratio"] = round(ratio, 3)
    result["baseline"] = {k: base[k] for _, k, _ in rows}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
