"""Several bot processes, one PostgreSQL database (issue 7): real `bot.py run` processes (sharded 0/2 and 1/2),
each on its own local fake Discord. An edit through one is answered by the other within a second (LISTEN/NOTIFY);
a watch alert is posted once; SIGTERM during a burst loses no acknowledged interaction; health reflects it all."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.deploy_harness import ROOT, cluster, edit_website, mentions, posts_to, spawn, wait_visible
from tests.helpers.fake_discord import APP_ID, MODERATOR, WATCH_CHANNEL_ID, channel_option, slash

ALERTS = 300_000_000_000_000_077  # the alert channel both processes have as ALERT_CHANNEL_ID

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
async def pg_url(pg) -> str:  # type: ignore[no-untyped-def]
    return await pg.create_database()


async def test_edit_in_one_process_is_answered_by_the_other_within_a_second(pg_url, tmp_path, data_dir) -> None:
    # the fallback check is slow on purpose: only LISTEN/NOTIFY can make this fast
    async with cluster(pg_url, tmp_path, data_dir, data_poll_seconds=30) as (a, b):
        assert a.status()["shard_ids"] == [0] and b.status()["shard_ids"] == [1]
        assert a.status()["shard_count"] == 2 and a.status()["listening"] and b.status()["listening"]
        before = await b.fake.interact(slash("regulator", place="NB"))
        assert not mentions(before, "https://moved.example.org")
        delays = []
        for i in range(3):
            value = f"https://moved{i}.example.org"
            saved = await edit_website(a, value)
            seen = await wait_visible(b, value, timeout=3)
            delays.append(seen - saved.at)
        assert max(delays) <= 1.0, delays
        # and the other way round
        saved = await edit_website(b, "https://back.example.org")
        assert await wait_visible(a, "https://back.example.org", timeout=3) - saved.at <= 1.0


async def test_watch_alert_is_posted_exactly_once(pg_url, tmp_path, data_dir) -> None:
    async with cluster(pg_url, tmp_path, data_dir, data_poll_seconds=0.5) as (a, b):
        value, resolved = channel_option()
        ok = await a.fake.interact(slash("watch", MODERATOR, group="entry", resolved=resolved, place="NB", channel=value))
        assert "watch" in ok.content.lower() or ok.callback_type == 4
        fakes = [a.fake, b.fake]
        await edit_website(b, "https://watched-once.example.org")  # b did not add the watch
        await edit_website(a, "https://watched-twice.example.org")  # a did
        deadline = time.monotonic() + 5
        while len(posts_to(fakes, WATCH_CHANNEL_ID)) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.5)  # several fallback checks: nobody posts a second time
        posts = posts_to(fakes, WATCH_CHANNEL_ID)
        texts = [json.dumps(p.json) for p in posts]
        # an edit with a new source URL is two revisions (the source, then the fact): one notice each, once
        revisions = [int(m) for t in texts for m in re.findall(r"\(revision (\d+)\)", t)]
        assert len(revisions) == len(posts) == 4 and len(set(revisions)) == 4, texts
        after = [f["value"] for p in posts for e in p.json["embeds"] for f in e["fields"] if f["name"] == "After"]
        assert after.count("```\nhttps://watched-once.example.org\n```") == 1, after
        assert after.count("```\nhttps://watched-twice.example.org\n```") == 1, after


async def test_the_alert_channel_gets_each_edit_once_across_processes(pg_url, tmp_path, data_dir) -> None:
    """ALERT_CHANNEL_ID on both processes, a watch added through one: every revision reaches the alert channel once
    and the watching channel once, whichever process committed it and whichever knew the watch first."""
    async with cluster(pg_url, tmp_path, data_dir, data_poll_seconds=0.5, alert_channel_id=ALERTS) as (a, b):
        value, resolved = channel_option()
        await a.fake.interact(slash("watch", MODERATOR, group="entry", resolved=resolved, place="NB", channel=value))
        fakes = [a.fake, b.fake]
        await edit_website(b, "https://alerted-once.example.org")
        await edit_website(a, "https://alerted-twice.example.org")
        deadline = time.monotonic() + 5
        while len(posts_to(fakes, ALERTS)) < 4 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.5)  # several fallback checks: nobody posts a second time
        for channel in (ALERTS, WATCH_CHANNEL_ID):
            texts = [json.dumps(p.json) for p in posts_to(fakes, channel)]
            revisions = [int(m) for t in texts for m in re.findall(r"\(revision (\d+)\)", t)]
            assert sorted(revisions) == [1, 2, 3, 4], (channel, texts)


async def test_sigterm_during_a_burst_loses_no_acknowledged_interaction(pg_url, tmp_path, data_dir) -> None:
    async with cluster(pg_url, tmp_path, data_dir, n=1, sharded=False) as (bot,):
        fake = bot.fake
        payloads = []
        for i in range(120):  # deferred commands that read the database, and instant ones
            if i % 3 == 2:
                payloads.append(slash("regulator", place="NB"))
            else:
                payloads.append(slash("stale" if i % 2 else "history", MODERATOR, group="entry",
                                      **({"days": 30} if i % 2 else {"place": "NB"})))

        async def burst() -> None:
            for p in payloads:
                await fake.dispatch("INTERACTION_CREATE", p)
                await asyncio.sleep(0.002)

        sender = asyncio.create_task(burst())
        while sum(1 for r in fake.requests if r.path.endswith("/callback")) < 20:
            await asyncio.sleep(0.005)
        bot.terminate()
        await sender
        code = await asyncio.wait_for(bot.proc.wait(), 30)
        assert code == 0, bot.log_tail()
        callbacks = {r.path.split("/")[2]: r for r in fake.requests if r.path.endswith("/callback")}
        followups = {r.path.split("/")[3] for r in fake.requests if r.method == "POST" and r.path.startswith(f"/webhooks/{APP_ID}/")}
        deferred = [p for p in payloads if p["id"] in callbacks and callbacks[p["id"]].callback_type == 5]
        lost = [p["id"] for p in deferred if p["token"] not in followups]
        assert deferred and not lost, f"{len(lost)} acknowledged interactions got no answer"
        assert 20 <= len(callbacks) <= len(payloads)
        logs = bot.json_logs()
        answered = [e for e in logs if e.get("event") == "interaction" and e.get("outcome") != "dropped"]
        assert len(answered) == len(callbacks)  # one line per interaction, with ids and latency, no content
        assert all({"command", "ms", "interaction_id", "user_id", "guild_id"} <= set(e) for e in answered)
        assert not any("NB" in json.dumps(e) for e in answered)  # option values are not logged
        assert any(e.get("msg") == "shut down cleanly" for e in logs)
        assert bot.status()["state"] == "stopped"


async def test_health_follows_the_running_bot(pg_url, tmp_path, data_dir) -> None:
    env = {"DATABASE_URL": pg_url, "PATH": "/usr/bin:/bin"}

    def health(status_file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "bot.py"), "health", "--json", "--status-file", str(status_file),
                               *extra], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)

    before = health(tmp_path / "none.json")
    assert before.returncode == 1 and "migrations" in before.stdout  # an empty database: not migrated
    bot = await spawn("solo", pg_url, tmp_path, data_dir, heartbeat_interval_ms=500)
    try:
        await bot.wait_ready()
        running = health(bot.status_file, "--max-age", "5")
        report = json.loads(running.stdout)
        assert running.returncode == 0, running.stdout
        assert {c["name"] for c in report["checks"]} == {"database", "migrations", "data", "bot"}
        assert await bot.stop() == 0
        assert health(bot.status_file).returncode == 0  # stopped cleanly: the database alone decides
        status = json.loads(bot.status_file.read_text())
        status.update(state="ready", updated_at=time.time() - 600)
        bot.status_file.write_text(json.dumps(status))
        stale = health(bot.status_file, "--max-age", "5")
        assert stale.returncode == 1 and "bot" in stale.stdout
    finally:
        if bot.proc.returncode is None:
            bot.proc.kill()
        await bot.fake.stop()
