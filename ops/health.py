"""`python bot.py health`: exit 0 when this Passerelle is healthy, 1 otherwise (container health checks).

Checks: the database answers; its migrations are at the head revision; the data is loaded (seeded, with
jurisdictions); and, when a bot runs here (its status file exists and does not say "stopped"), the bot has
written the file recently and its last gateway heartbeat acknowledgement is recent.

The running bot writes the status file (`STATUS_FILE`, default `passerelle-status.json` in the temporary
directory) every `HEARTBEAT_SECONDS` through `Heartbeat`; the file is replaced atomically. Each process on one
machine needs its own file. No Discord import here: the health check is a short, separate process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from settings import Settings


# ----- the running bot's side -------------------------------------------------------------------------------------
def write_status(path: Path, status: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status), encoding="utf-8")
    os.replace(tmp, path)


def read_status(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"state": "unreadable"}


class Heartbeat:
    """Writes `status()` (a dict from the bot) to `path` every `interval` seconds, and a last one on stop."""

    def __init__(self, path: Path, status: Callable[[], dict[str, Any]], interval: float = 10.0) -> None:
        self.path = path
        self.status = status
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    def write(self, **override: Any) -> None:
        try:
            write_status(self.path, {"pid": os.getpid(), "updated_at": time.time(), **self.status(), **override})
        except OSError as exc:  # a full or read-only disk must not stop the bot
            import logging

            logging.getLogger(__name__).warning("could not write the status file %s: %s", self.path, exc)

    async def _run(self) -> None:
        while True:
            self.write()
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="passerelle-heartbeat")

    async def stop(self, state: str = "stopped") -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.write(state=state)


# ----- the check --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


async def check_database(url: str, timeout: float = 5.0) -> list[Check]:
    from sqlalchemy import func, select

    from db import migrate
    from db.engine import make_engine
    from db.failures import describe
    from db.models import JurisdictionRow, StateRow

    engine = make_engine(url)
    checks: list[Check] = []
    try:
        try:
            async with asyncio.timeout(timeout):
                async with engine.connect() as conn:
                    await conn.exec_driver_sql("SELECT 1")
        except Exception as exc:
            return [Check("database", False, describe(exc, url))]
        checks.append(Check("database", True, "reachable"))
        async with asyncio.timeout(timeout):
            current = await migrate.current_revision(engine)
        head = migrate.head_revision()
        checks.append(Check("migrations", current == head, f"at {current or 'none'}" + ("" if current == head else f", head is {head}")))
        if current is None:
            checks.append(Check("data", False, "no schema: run `python bot.py db upgrade`"))
            return checks
        try:
            async with asyncio.timeout(timeout), engine.connect() as conn:
                state = (await conn.execute(select(StateRow.data_version, StateRow.seeded_at).where(StateRow.id == 1))).first()
                count = (await conn.execute(select(func.count()).select_from(JurisdictionRow))).scalar_one()
        except Exception as exc:
            checks.append(Check("data", False, f"unreadable: {describe(exc, url)}"))
            return checks
        loaded = state is not None and count > 0
        detail = f"{count} jurisdictions, data version {state[0] if state else '?'}" if loaded else "not seeded yet"
        if loaded:  # every entry through the schema, as the bot and `check` load them (invalid content, bad UTF-8 …)
            from db.reader import DatabaseUnreadable, read_snapshot

            try:
                await asyncio.wait_for(asyncio.to_thread(read_snapshot, url), timeout * 4)
            except DatabaseUnreadable as exc:
                loaded, detail = False, f"the entries do not load ({exc.detail}); restore a backup (`bot.py db restore`)"
            except TimeoutError:
                loaded, detail = False, "the entries took too long to load"
        checks.append(Check("data", loaded, detail))
        return checks
    finally:
        await engine.dispose()


def check_bot(status: dict[str, Any] | None, max_age: float, now: float | None = None, pid_alive: bool | None = None) -> Check:
    """The running bot's status file: absent or "stopped" = no bot here (fine); else it must be fresh."""
    now = time.time() if now is None else now
    if status is None:
        return Check("bot", True, "not running here (no status file)")
    state = status.get("state", "?")
    if state == "stopped":
        return Check("bot", True, "stopped cleanly")
    if state == "unreadable":
        return Check("bot", False, "the status file is unreadable")
    if pid_alive is False:
        return Check("bot", False, f"process {status.get('pid')} is gone (state was {state})")
    age = now - float(status.get("updated_at") or 0)
    if age > max_age:
        return Check("bot", False, f"status not written for {age:.0f} s (state {state})")
    if state in ("starting", "draining"):
        return Check("bot", True, state)
    beat = status.get("gateway_heartbeat_at")
    if beat is None:
        return Check("bot", False, f"no gateway heartbeat yet (state {state})")
    beat_age = now - float(beat)
    if not math.isfinite(beat_age) or beat_age > max_age:
        return Check("bot", False, f"last gateway heartbeat {beat_age:.0f} s ago (max {max_age:g} s)")
    return Check("bot", True, f"{state}, gateway heartbeat {beat_age:.0f} s ago, {status.get('guilds', '?')} guilds")


def _alive(pid: Any) -> bool | None:
    try:
        os.kill(int(pid), 0)
    except (TypeError, ValueError):
        return None
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def run_checks(settings: Settings, status_file: Path | None = None, max_age: float | None = None) -> list[Check]:
    from db.settings import database_url

    checks = await check_database(database_url(settings.database_url))
    status = read_status(status_file or settings.status_path)
    checks.append(check_bot(status, max_age or settings.health_max_age,
                            pid_alive=_alive(status.get("pid")) if status and "pid" in status else None))
    return checks


def main(argv: list[str], settings: Settings) -> int:
    parser = argparse.ArgumentParser(prog="bot.py health", description="Exit 0 when healthy, 1 otherwise.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--status-file", type=Path, help="the bot's status file (default STATUS_FILE)")
    parser.add_argument("--max-age", type=float, help="seconds (default HEALTH_MAX_AGE)")
    args = parser.parse_args(argv)
    from db.failures import describe
    from db.redact import scrub

    try:
        checks = asyncio.run(run_checks(settings, args.status_file, args.max_age))
    except Exception as exc:  # never a traceback in a health check
        checks = [Check("health", False, describe(exc, settings.database_url))]
    checks = [Check(c.name, c.ok, scrub(c.detail, settings.database_url)) for c in checks]
    ok = all(c.ok for c in checks)
    if args.json:
        print(json.dumps({"ok": ok, "checks": [c.__dict__ for c in checks]}))
    else:
        for c in checks:
            print(f"{'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    failed = next((c for c in checks if not c.ok), None)
    if failed is not None:
        print(f"error: {failed.name}: {failed.detail}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":  # pragma: no cover
    from settings import Settings as _Settings

    raise SystemExit(main(sys.argv[1:], _Settings()))
