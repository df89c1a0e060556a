"""Reliability figures (issue 6): runs the hardening tests (tests/test_hardening_*.py) and prints what they
proved — hostile cases sent through the real discord.py client, crashes, pings, embed-limit violations,
processes killed with SIGKILL and databases that survived, refusals, reconnections, backups restored.

    python benchmarks/report_reliability.py [--seed N]

Each test appends its figures to a file named by PASSERELLE_RELIABILITY_OUT; this script collects them. The
last line is one JSON object (the figures by test, the pytest outcome and the wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=None, help="seed of the hostile-input generator and the kill times")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.jsonl"
        env = {**os.environ, "PASSERELLE_RELIABILITY_OUT": str(out)}
        if args.seed is not None:
            env["PASSERELLE_HARDENING_SEED"] = str(args.seed)
        started = time.perf_counter()
        tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_hardening_*.py"))
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        figures: dict[str, dict] = {}
        if out.exists():
            for line in out.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                figures.setdefault(row.pop("test"), {}).update(row)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "(no pytest output)"
    h = figures.get("hostile_input", {})
    k = figures.get("sigkill", {})
    p = figures.get("permissions", {})
    i = figures.get("imports", {})
    g = figures.get("gateway", {})
    o = figures.get("postgres_outage", {})
    m = figures.get("ten_moderators", {})
    print(f"hostile input through discord.py + fake gateway: {h.get('cases', 0):,} cases, {h.get('messages_checked', 0):,} "
          f"replies checked: {h.get('crashes', '?')} crashes, {h.get('tracebacks_shown', '?')} tracebacks shown, "
          f"{h.get('pings', '?')} pings, {h.get('embed_limit_violations', '?')} embed-limit violations, "
          f"{h.get('out_of_range_ages_refused', '?')} out-of-range ages refused")
    print(f"SIGKILL: {k.get('kills', 0)} kills ({k.get('cli_kills', 0)} of `bot.py db import`), {k.get('integrity_ok', 0)} "
          f"integrity checks ok, all-or-nothing every time; {k.get('edits_committed', 0):,} edits and "
          f"{k.get('import_states_seen', 0)} import states committed between kills ({k.get('seconds', '?')} s)")
    print(f"permissions: {p.get('attempts', 0)} moderator commands by non-moderators / other servers' moderators / DMs: "
          f"{p.get('refused', 0)} refused, {p.get('logged', 0)} logged, {p.get('autocomplete_probes', 0)} autocomplete "
          f"probes showed nothing, {p.get('changed', '?')} changes")
    print(f"imports: {i.get('hostile_files', 0)} hostile files, {i.get('refused', 0)} refused whole, {i.get('changed', '?')} changes")
    print(f"gateway: {g.get('drops', 0)} drops, {g.get('resumes', 0)} RESUMEs, {g.get('reidentify', 0)} re-IDENTIFY, "
          f"answering after each: {g.get('answered_after', False)}")
    print(f"PostgreSQL stopped: {o.get('unavailable_messages', 0)} 'temporarily unavailable' replies (EN/FR), "
          f"recovered: {o.get('recovered', False)}" if o else "PostgreSQL stopped: skipped (no PostgreSQL binaries)")
    print(f"10 moderators: {m.get('edits', 0)} concurrent edits, {m.get('saved', 0)} saved, {m.get('conflicts_reported', 0)} "
          f"conflicts reported to the loser, {m.get('lost_updates', '?')} lost updates")
    for line in [*stored_values_lines(figures), *safety_lines(figures)]:
        print(line)
    print(f"pytest: {summary} ({elapsed:.0f} s)")
    print(json.dumps({"figures": figures, "pytest": summary, "returncode": proc.returncode, "seconds": round(elapsed, 1)},
                     ensure_ascii=False))
    return proc.returncode


def stored_values_lines(figures: dict[str, dict]) -> list[str]:
    """Issue 13, the stored values (tests/db/test_hardening_values.py): what an edit may store, and how stored
    values are shown in the terminal, in JSON and in Discord. Tried / refused (or shown harmlessly) / harmed."""
    v, d = figures.get("stored_values", {}), figures.get("stored_values_discord", {})
    harmed_edits = v.get("harmed", 0) + d.get("harmed", 0) if v and d else "?"
    out = [f"stored values: {v.get('tried', 0)} hostile edits through the registry (escape sequences, NUL, bidi, zero-width, "
           f"Markdown links in URLs/emails/phones, userinfo, http, javascript:, 1 MB values, 10,000 aliases) and "
           f"{d.get('tried', 0)} through the Discord edit form: {v.get('refused', 0) + d.get('refused', 0)} refused, "
           f"harmed: {harmed_edits}"]
    shown = [("values_terminal", "terminal answers"), ("values_history", "db history outputs"),
             ("values_encoding", "non-UTF-8 argument/input runs"), ("values_discord_output", "Discord replies")]
    parts = [f"{figures[k]['tried']} {label}" for k, label in shown if k in figures]
    harmed = sum(figures[k].get("harmed", 0) for k, _ in shown if k in figures)
    out.append(f"stored values shown: {', '.join(parts) or 'none run'} with pre-rule hostile values: control and bidi "
               f"characters shown escaped, JSON valid UTF-8, no masked link or mention rendered; harmed: {harmed}")
    return out


# ----- issue 13: hostile imports, backups, failures and moderators (tests/test_hardening_{imports,restore,errors,moderators}.py)
SAFETY_SECTIONS = (
    ("import_budgets", "imports over a budget (1 MB YAML alias bomb, 1 MB zip of ~1 GB, lying zip headers, oversized "
                       "members, 501 members, deep nesting, duplicate keys; /entry import EN/FR and `db import`)"),
    ("restore", "hostile backups restored (age 99 and `javascript:` set by SQL, invalid UTF-8 bit flips, NUL, bad JSON, "
                "other schema revisions and columns, never seeded, truncated; SQLite files and pg_dump archives)"),
    ("errors", "failing `db`/`check`/`health` runs (PostgreSQL unreachable, ?sslmode=/?connect_timeout=, 60,000-deep "
               "JSON, huge numbers, full disk, values PostgreSQL refuses, the malformed URL with a password)"),
    ("moderators", "moderation by a role name, with MODERATION_GUILD_IDS empty in two servers, forms and buttons "
                   "used after the role was removed (EN/FR)"),
)


def safety_lines(figures: dict[str, dict]) -> list[str]:
    """One line per issue-13 attack: tried / refused / harmed (harmed: accepted, changed something, a traceback or
    the password shown)."""
    out = []
    for key, what in SAFETY_SECTIONS:
        f = figures.get(key)
        if not f:
            out.append(f"{key}: not run ({what})")
            continue
        extra = ""
        if key == "errors":
            extra = f"; {f.get('tracebacks', '?')} tracebacks, {f.get('secrets_shown', '?')} passwords shown"
        out.append(f"{key}: {f.get('tried', 0)} tried / {f.get('refused', 0)} refused / harmed: {f.get('harmed', '?')}"
                   f"{extra} — {what}")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
