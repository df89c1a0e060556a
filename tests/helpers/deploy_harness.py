"""Bot processes for the deployment tests and benchmark: each a real `bot.py run` (tests/helpers/deploy_child.py)
with its own local fake Discord, all sharing one database (PostgreSQL from tests/helpers/pg_server.py)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers.fake_discord import MOD_ROLE_ID, MODERATOR, FakeDiscord, Request, modal_submit, slash

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("deploy_child.py")
WEBSITE = "regulators.nbasw.website"
FILL_IN = 0.05  # seconds between a form appearing and its submission (people take far longer)


class _ReadyWithShard:
    """The fake's websocket, adding the `shard` pair discord.py's AutoShardedBot expects in READY."""

    def __init__(self, ws: Any, shard: list[int]) -> None:
        self._ws, self._shard = ws, shard

    async def send_json(self, data: Any) -> None:
        if isinstance(data, dict) and data.get("t") == "READY":
            data["d"]["shard"] = self._shard
        await self._ws.send_json(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)


class ShardFakeDiscord(FakeDiscord):
    """FakeDiscord that echoes the IDENTIFY's shard pair in READY (as Discord does)."""

    async def _send_ready(self, ws: Any) -> None:
        shard = (self.identify or {}).get("shard")
        await super()._send_ready(_ReadyWithShard(ws, shard) if shard else ws)


@dataclass
class BotProcess:
    name: str
    fake: FakeDiscord
    proc: asyncio.subprocess.Process
    status_file: Path
    log_file: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def status(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.status_file.read_text())
        except (OSError, ValueError):
            return None

    async def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status and status.get("state") == "ready" and status.get("gateway_connected"):
                return
            if self.proc.returncode is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name} was not ready within {timeout}s:\n{self.log_tail()}")

    def log_lines(self) -> list[str]:
        try:
            return self.log_file.read_text(errors="replace").splitlines()
        except OSError:
            return []

    def json_logs(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log_lines():
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
        return out

    def log_tail(self, n: int = 40) -> str:
        return "\n".join(self.log_lines()[-n:])

    def terminate(self) -> None:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)

    async def stop(self, timeout: float = 30.0) -> int:
        self.terminate()
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError(f"{self.name} did not stop within {timeout}s after SIGTERM:\n{self.log_tail()}") from None


async def spawn(name: str, database_url: str, workdir: Path, data_dir: Path | None = None, *,
                heartbeat_interval_ms: float = 1000, contract: bool = True, **env: Any) -> BotProcess:
    """Start a fake Discord and a bot process connected to it (not waiting for READY). `contract=False`: the fake
    skips checking bodies against Discord's spec (throughput benchmarks, where that check would be the load)."""
    fake = ShardFakeDiscord(heartbeat_interval=heartbeat_interval_ms, contract=contract)
    await fake.start()
    status_file = workdir / f"{name}.status.json"
    log_file = workdir / f"{name}.log"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SHARD_", "DATABASE_URL"))}
    environ.update({
        "FAKE_DISCORD_PORT": str(fake.port), "DISCORD_TOKEN": "fake-token", "DATABASE_URL": database_url,
        "MODERATOR_ROLE": str(MOD_ROLE_ID), "GUILD_READY_TIMEOUT": "0.05", "STATUS_FILE": str(status_file),
        "HEARTBEAT_SECONDS": "0.2", "LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1",
    })
    if data_dir is not None:
        environ["PASSERELLE_DATA_DIR"] = str(data_dir)
    environ.update({k.upper(): str(v) for k, v in env.items()})
    with open(log_file, "wb") as log:
        proc = await asyncio.create_subprocess_exec(sys.executable, str(CHILD), cwd=workdir, env=environ,
                                                    stdout=log, stderr=asyncio.subprocess.STDOUT)
    return BotProcess(name, fake, proc, status_file, log_file)


@contextlib.asynccontextmanager
async def cluster(database_url: str, workdir: Path, data_dir: Path | None = None, n: int = 2, sharded: bool = True,
                  contract: bool = True, **env: Any) -> Any:
    """`n` bot processes on one database, ready; shards 0..n-1 of n when `sharded`."""
    bots: list[BotProcess] = []
    try:
        first = await spawn("bot0", database_url, workdir, data_dir, contract=contract,
                            **({"shard_count": n, "shard_ids": 0} if sharded else {}), **env)
        bots.append(first)
        await first.wait_ready()  # the first one migrates and seeds; the others then start in parallel
        for i in range(1, n):
            bots.append(await spawn(f"bot{i}", database_url, workdir, data_dir, contract=contract,
                                    **({"shard_count": n, "shard_ids": i} if sharded else {}), **env))
        await asyncio.gather(*(b.wait_ready() for b in bots[1:]))
        yield bots
    finally:
        for b in bots:
            if b.proc.returncode is None:
                b.proc.kill()
                await b.proc.wait()
            await b.fake.stop()


async def edit_website(bot: BotProcess, value: str, actor: Any = MODERATOR, place: str = "NB") -> Request:
    """A moderator's full edit through `bot`: /entry edit → form → submit. Returns the "Saved" callback."""
    try:
        modal = await bot.fake.interact(slash("edit", actor, group="entry", place=place, field=WEBSITE), timeout=10)
        assert modal.callback_type == 9, modal.json
        await asyncio.sleep(FILL_IN)  # a person reads and fills the form; the bot has meanwhile stored it
        saved = await bot.fake.interact(modal_submit(modal.data["custom_id"], {
            "value": value, "reason": "moved", "source_url": f"{value}/source"}, actor), timeout=10)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{bot.name}'s log:\n{bot.log_tail()}") from None
    assert saved.callback_type == 4 and saved.content.startswith("Saved"), saved.json
    return saved


def mentions(cb: Request, text: str) -> bool:
    return text in json.dumps(cb.json)


async def wait_visible(bot: BotProcess, value: str, timeout: float = 5.0, place: str = "NB") -> float:
    """Ask `bot` /regulator until its answer shows `value`; returns the time it first did (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            cb = await bot.fake.interact(slash("regulator", place=place), timeout=5)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{bot.name}'s log:\n{bot.log_tail()}") from None
        if mentions(cb, value):
            return cb.at
    raise AssertionError(f"{bot.name} did not show {value!r} within {timeout}s")


def posts_to(fakes: Iterator[FakeDiscord] | list[FakeDiscord], channel_id: int) -> list[Request]:
    return [r for f in fakes for r in f.requests if r.method == "POST" and r.path == f"/channels/{channel_id}/messages"]
