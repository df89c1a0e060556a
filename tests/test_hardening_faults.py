"""Faults: a real process killed with SIGKILL in the middle of imports and edits (60 kills on SQLite).

Two lanes run side by side, each on its own database file, each killing a fresh worker process over and
over at a random moment after it started working:

- edit lane: the worker (this file run as a script) edits facts in a loop, each edit pointing the fact at a
  new source (one transaction: source row + fact row + revision row + data version);
- import lane: the worker imports, in a loop, documents for 20 jurisdictions that set one fact in each to the
  same new marker (one transaction); every 5th kill hits the real command line, `bot.py db import DIR`.

After every kill: the database opens (the registry loads it), `PRAGMA integrity_check` is ok and
`PRAGMA foreign_key_check` is empty, and each transaction is all-old or all-new: the 20 import facts carry
a single marker; every edited fact equals the new value of its last revision and its version counts its
revisions; the data version is the last revision's.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
KILLS_PER_LANE = 30
CLI_EVERY = 5
IMPORT_CODES = 20
EDIT_TARGETS = 6
MARKERS = ("import ", "cli import ")


def text_fact_paths(reg: Any, code: str) -> list[str]:
    return [p for p, f in reg._entry(code).facts.items() if isinstance(f.value, dict) and set(f.value) == {"en", "fr"}]


def edit_targets(reg: Any) -> list[tuple[str, str]]:
    out = []
    for code in sorted(reg.snapshot.jurisdictions):
        paths = text_fact_paths(reg, code)
        if paths:
            out.append((code, paths[0]))
        if len(out) == EDIT_TARGETS:
            return out
    raise AssertionError("not enough bilingual facts")


def import_targets(reg: Any) -> list[tuple[str, str]]:
    """One bilingual fact in each of 20 jurisdictions (from the end of the list: disjoint from the edit targets)."""
    out = []
    for code in sorted(reg.snapshot.jurisdictions, reverse=True):
        paths = text_fact_paths(reg, code)
        if paths:
            out.append((code, paths[-1]))
        if len(out) == IMPORT_CODES:
            return out
    raise AssertionError("not enough bilingual facts")


def marked_documents(reg: Any, targets: list[tuple[str, str]], marker: str) -> list[Any]:
    """The current documents of the target jurisdictions with one fact each set to `marker`."""
    from jurisdictions.loader import dump_jurisdiction, parse_jurisdiction

    docs = []
    for code, path in targets:
        doc = dump_jurisdiction(reg.snapshot.jurisdictions[code])
        set_fact(doc, path, {"en": marker, "fr": marker})
        docs.append(parse_jurisdiction(doc, f"{code}.yaml"))
    return docs


def set_fact(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = doc
    if parts[0] == "regulators":
        node = next(r for r in doc["regulators"] if r["id"] == parts[1])
        parts = parts[2:]
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    slot = node[int(last)] if last.isdigit() else node[last]
    slot["value"] = value


# ----- the worker (this file run as a script) -------------------------------------------------------------------------
async def worker(mode: str, url: str) -> None:
    from db.registry import Actor, Conflict, Registry

    reg = await Registry.open(url, seed=False)
    by = Actor(f"worker:{os.getpid()}", "worker")
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        token = f"{os.getpid()}-{i}"
        if mode == "edit":
            code, path = edit_targets(reg)[i % EDIT_TARGETS]
            fact = reg._entry(code).facts[path]
            try:
                await reg.update(code, path, {"en": f"edit {token}", "fr": f"modif {token}"}, reason=f"edit {token}", by=by,
                                 expected_version=fact.version, source_url=f"https://example.org/src/{token}")
            except Conflict:
                await reg.refresh()
        else:
            await reg.import_documents(marked_documents(reg, import_targets(reg), f"import {token}"), by=by,
                                       reason=f"import {token}")
        print(f"committed {i}", flush=True)


# ----- the checks ------------------------------------------------------------------------------------------------------
def check_sqlite(path: Path, imports: list[tuple[str, str]], edits: list[tuple[str, str]]) -> dict[str, Any]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        values = {(c, p): json.loads(v) if isinstance(v, str) else v
                  for c, p, v in con.execute("SELECT jurisdiction_code, path, value FROM facts")}
        markers = {values[t]["en"] if values[t]["en"].startswith(MARKERS) else "(as seeded)" for t in imports}
        assert len(markers) == 1, f"an import was applied in part: {sorted(markers)[:5]}"
        for code, path in edits:
            revs = con.execute("SELECT new_value FROM revisions WHERE jurisdiction_code = ? AND path = ? ORDER BY id",
                               (code, path)).fetchall()
            version = con.execute("SELECT version_id FROM facts WHERE jurisdiction_code = ? AND path = ?",
                                  (code, path)).fetchone()[0]
            seeded = con.execute("SELECT count(*) FROM revisions WHERE jurisdiction_code = ? AND path = ? AND action = 'import'",
                                 (code, path)).fetchone()[0]
            if revs:
                last = json.loads(revs[-1][0]) if isinstance(revs[-1][0], str) else revs[-1][0]
                assert last == values[(code, path)], f"{code} {path}: the fact and its last revision disagree"
            assert version - 1 == len(revs) - seeded, f"{code} {path}: version {version} but {len(revs)} revisions"
        dv = con.execute("SELECT data_version FROM db_state WHERE id = 1").fetchone()[0]
        last_dv = con.execute("SELECT max(data_version) FROM revisions").fetchone()[0]
        assert last_dv is None or dv == last_dv, f"data version {dv} but the last revision has {last_dv}"
        revisions = con.execute("SELECT count(*) FROM revisions").fetchone()[0]
        return {"marker": next(iter(markers)), "data_version": dv, "revisions": revisions}
    finally:
        con.close()


async def opens(url: str) -> int:
    from db.registry import Registry

    reg = await Registry.open(url, seed=False)
    try:
        return len(reg.snapshot.jurisdictions)
    finally:
        await reg.close()


async def kill_once(cmd: list[str], rng: random.Random, *, wait_ready: bool, window: tuple[float, float]) -> str:
    """Start `cmd`, wait until it works (or a random moment), SIGKILL it; returns the last line it printed."""
    proc = await asyncio.create_subprocess_exec(*cmd, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    last = ""
    try:
        if wait_ready:
            line = await asyncio.wait_for(proc.stdout.readline(), 60)
            assert line.startswith(b"ready"), (line, await proc.stderr.read() if proc.stderr else b"")
        deadline = time.monotonic() + rng.uniform(*window)
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = await asyncio.wait_for(proc.stdout.readline(), left)
            except TimeoutError:
                break
            if not line:
                break
            last = line.decode().strip()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGKILL)
        await proc.wait()
    return last


async def edit_lane(url: str, path: Path, imports: list[tuple[str, str]], edits: list[tuple[str, str]], rng: random.Random,
                    stats: dict[str, int]) -> None:
    script = str(Path(__file__).resolve())
    for _ in range(KILLS_PER_LANE):
        await kill_once([sys.executable, script, "edit", url], rng, wait_ready=True, window=(0.0, 0.5))
        stats["kills"] += 1
        check_sqlite(path, imports, edits)
        assert await opens(url) > 0
        stats["checks"] += 1


async def import_lane(url: str, path: Path, imports: list[tuple[str, str]], edits: list[tuple[str, str]],
                      rng: random.Random, stats: dict[str, int], workdir: Path) -> None:
    from db.registry import Registry
    from jurisdictions.loader import dump_jurisdiction

    script = str(Path(__file__).resolve())
    for n in range(KILLS_PER_LANE):
        if n % CLI_EVERY == CLI_EVERY - 1:  # the real command line: `bot.py db import DIR`
            reg = await Registry.open(url, seed=False)
            try:
                docs = marked_documents(reg, imports, f"cli import {n}")
            finally:
                await reg.close()
            folder = workdir / f"cli-{n}"
            folder.mkdir()
            for jur in docs:
                (folder / f"{jur.code}.yaml").write_text(yaml.safe_dump(dump_jurisdiction(jur), allow_unicode=True,
                                                                        sort_keys=False), encoding="utf-8")
            await kill_once([sys.executable, str(ROOT / "bot.py"), "db", "--database-url", url, "import", str(folder)], rng,
                            wait_ready=False, window=(0.6, 2.2))
            stats["cli_kills"] += 1
        else:
            await kill_once([sys.executable, script, "import", url], rng, wait_ready=True, window=(0.0, 0.6))
        stats["kills"] += 1
        before = check_sqlite(path, imports, edits)
        stats["checks"] += 1
        assert await opens(url) > 0
        stats["markers"] += before["marker"] != stats.get("_last_marker")  # type: ignore[operator]
        stats["_last_marker"] = before["marker"]  # type: ignore[assignment]


@pytest.mark.slow
async def test_sigkill_during_imports_and_edits_never_corrupts(tmp_path: Path, data_dir: Path) -> None:
    from db.registry import Registry

    rng = random.Random(int(os.environ.get("PASSERELLE_HARDENING_SEED", "20261128")))
    lanes = {}
    for lane in ("edit", "import"):
        path = tmp_path / f"{lane}.db"
        url = f"sqlite+aiosqlite:///{path}"
        reg = await Registry.open(url, seed_dir=data_dir)
        try:
            lanes[lane] = (url, path, import_targets(reg), edit_targets(reg))
        finally:
            await reg.close()
    stats = {"kills": 0, "cli_kills": 0, "checks": 0, "markers": 0}
    started = time.monotonic()
    await asyncio.gather(edit_lane(*lanes["edit"], rng, stats),
                         import_lane(*lanes["import"], random.Random(rng.random()), stats, tmp_path))
    elapsed = time.monotonic() - started
    final_edit = check_sqlite(lanes["edit"][1], lanes["edit"][2], lanes["edit"][3])
    final_import = check_sqlite(lanes["import"][1], lanes["import"][2], lanes["import"][3])
    record_figures("sigkill", kills=stats["kills"], cli_kills=stats["cli_kills"], integrity_ok=stats["checks"],
                   edits_committed=final_edit["revisions"], import_states_seen=stats["markers"],
                   import_data_version=final_import["data_version"], seconds=round(elapsed, 1))
    assert stats["kills"] >= 50 and stats["checks"] == stats["kills"]
    assert final_edit["revisions"] > 0, "the edit worker never committed: the kills did not land mid-work"
    assert stats["markers"] >= 3, "the import worker never committed: the kills did not land mid-work"


def record_figures(name: str, **figures: Any) -> None:
    out = os.environ.get("PASSERELLE_RELIABILITY_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **figures}) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    asyncio.run(worker(sys.argv[1], sys.argv[2]))
