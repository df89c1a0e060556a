"""`python bot.py db …`: the database from the terminal (same registry, same rules as the Discord commands).

    db upgrade                     apply migrations; seed an empty database from the data files
    db status                      where the database is, its migration and data version
    db import PATH [--dry-run]     field-by-field diff of data files against the database; apply all or nothing
    db export DIR                  write the data files (the loader's format) from the database
    db show PLACE                  every entry of a jurisdiction with its version and source
    db set PLACE PATH VALUE --version N --reason TEXT [--source URL]
    db verify PLACE SOURCE [--path PATH]
    db history PLACE [--path PATH] [--limit N]
    db revert ID [--reason TEXT]
    db stale [--days N]
    db downgrade [REVISION]        undo migrations (default: all of them)
    db reports [--all | --status S] [--json]  practitioners' reports on answers (open ones by default)
    db backup PATH                 copy the database to PATH (SQLite online backup; pg_dump for PostgreSQL)
    db restore PATH                replace the database's content with a backup (all or nothing)

The database is DATABASE_URL (environment or .env), default sqlite+aiosqlite:///passerelle.db.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from db.redact import where


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot.py db", description="The regulator database: history, undo, import/export.")
    parser.add_argument("--database-url", default=None, help="overrides DATABASE_URL")
    parser.add_argument("--by", default=None, metavar="NAME", help="name recorded in the history (default: your login)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    up = sub.add_parser("upgrade", help="apply migrations and seed an empty database")
    up.add_argument("--no-seed", action="store_true", help="only apply migrations")
    down = sub.add_parser("downgrade", help="undo migrations")
    down.add_argument("revision", nargs="?", default="base")
    sub.add_parser("status", help="database location, migration and data version")
    imp = sub.add_parser("import", help="import data files (a directory or one .yaml file)")
    imp.add_argument("path", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="show the differences, change nothing")
    imp.add_argument("--reason", default=None)
    exp = sub.add_parser("export", help="write one data file per jurisdiction into DIR")
    exp.add_argument("directory", type=Path)
    show = sub.add_parser("show", help="entries of a jurisdiction with versions")
    show.add_argument("place")
    show.add_argument("--json", action="store_true")
    st = sub.add_parser("set", help="edit one entry")
    st.add_argument("place")
    st.add_argument("path", help="e.g. regulators.nbasw.website, rule.status, minors.age_of_majority, name")
    st.add_argument("value", help="JSON (e.g. 19, '{\"en\": \"…\", \"fr\": \"…\"}') or plain text")
    st.add_argument("--version", type=int, default=None, help="the version you are editing (see `db show`); "
                    "omit only to create a new fact")
    st.add_argument("--reason", required=True)
    st.add_argument("--source", default=None, metavar="URL", help="the source of the new value")
    st.add_argument("--source-title", default=None)
    st.add_argument("--source-kind", default=None, choices=("statute", "regulation", "regulator", "government", "court",
                                                            "service", "association", "secondary"),
                    help="what a new source is (decisive facts and crisis lines need a primary kind)")
    ver = sub.add_parser("verify", help="mark a source (key or URL) as checked today")
    ver.add_argument("place")
    ver.add_argument("source")
    ver.add_argument("--path", default=None, help="also attach this fact to the source and clear `unverified`")
    hist = sub.add_parser("history", help="changes of a jurisdiction, oldest first")
    hist.add_argument("place")
    hist.add_argument("--path", default=None)
    hist.add_argument("--limit", type=int, default=None)
    hist.add_argument("--json", action="store_true")
    rev = sub.add_parser("revert", help="undo one revision (recorded as a new revision)")
    rev.add_argument("revision_id", type=int, metavar="ID")
    rev.add_argument("--reason", default=None)
    stale = sub.add_parser("stale", help="sources not verified for a while")
    stale.add_argument("--days", type=int, default=365)
    stale.add_argument("--json", action="store_true")
    rep = sub.add_parser("reports", help="practitioners' reports on answers, oldest first (open ones by default)")
    rep.add_argument("--status", action="append", choices=("open", "needs_source", "accepted", "dismissed"),
                     help="only these statuses (repeatable; default: open and needs_source)")
    rep.add_argument("--all", action="store_true", help="every report, decided ones included")
    rep.add_argument("--limit", type=int, default=50)
    rep.add_argument("--json", action="store_true")
    bak = sub.add_parser("backup", help="copy the database to a file (safe while the bot runs)")
    bak.add_argument("path", type=Path)
    res = sub.add_parser("restore", help="replace the database's content with a backup file")
    res.add_argument("path", type=Path)
    return parser


MAX_INT = 2**31 - 1  # every number a command takes (versions, ids, days, limits) fits a database integer


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `db` command: 0 when done; 1 with one line on stderr (password redacted) when it cannot be done."""
    args = build_parser().parse_args(argv)
    from db.failures import describe
    from db.redact import scrub
    from db.registry import RegistryError

    url = args.database_url
    try:
        _check_numbers(args)
        url = _url_for_errors(args.database_url)
        return asyncio.run(run(args))
    except RegistryError as exc:
        print(scrub(f"error: {exc.message}", url), file=sys.stderr)
        suggestions = getattr(exc, "suggestions", ())
        if suggestions:
            print(f"did you mean: {', '.join(suggestions)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `db history … | head`
        return 0
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # unreachable server, full disk, refused value …: one line, exit 1
        print(f"error: {describe(exc, url)}", file=sys.stderr)
        return 1


def _url_for_errors(explicit: str | None) -> str | None:
    """The database URL errors are redacted against (the raw one: malformed URLs must be masked too)."""
    from db.settings import configured_database_url

    return explicit or configured_database_url()


def _check_numbers(args: argparse.Namespace) -> None:
    for name in ("version", "limit", "days", "revision_id"):
        value = getattr(args, name, None)
        if isinstance(value, int) and not 0 <= value <= MAX_INT:
            label = "ID" if name == "revision_id" else f"--{name}"
            raise ValueError(f"{label}: {str(value)[:20]} is out of range (0 to {MAX_INT:,})")


async def run(args: argparse.Namespace) -> int:
    from db import migrate
    from db.engine import make_engine
    from db.registry import Actor
    from db.settings import database_url

    url = database_url(args.database_url)
    by = Actor(f"cli:{args.by}", args.by) if args.by else Actor.cli()
    if args.command in ("backup", "restore"):
        from db import backup

        action = backup.backup if args.command == "backup" else backup.restore
        info = await asyncio.to_thread(action, args.path, url)
        version = f", data version {info.data_version}" if info.data_version is not None else ""
        done = "backed up to" if args.command == "backup" else "restored from"
        print(f"{where(url)}: {done} {info.path} ({info.size:,} bytes{version})")
        return 0
    if args.command == "downgrade":
        engine = make_engine(url)
        try:
            await migrate.downgrade(engine, args.revision)
            print(f"downgraded to {await migrate.current_revision(engine) or 'base (empty)'}")
        finally:
            await engine.dispose()
        return 0
    if args.command == "upgrade":
        registry = await _open(url, seed=False)
        try:
            seeded = False if args.no_seed else await registry.seed_if_empty()
            await registry.refresh(notify=False)
            print(f"{where(url)}: schema at {await migrate.current_revision(registry.engine)}, "
                  f"{len(registry.snapshot.jurisdictions)} jurisdiction(s), data version {registry.data_version}"
                  + (" (seeded from the data files)" if seeded else ""))
        finally:
            await registry.close()
        return 0

    await _require_database(url)
    registry = await _open(url)
    try:
        return await _command(registry, args, by)
    finally:
        await registry.close()


async def _require_database(url: str) -> None:
    """Only `db upgrade` creates a database: a mistyped path or an empty server database is an error, not a new,
    freshly seeded database that then answers instead of the real one."""
    from db import migrate
    from db.engine import make_engine
    from db.registry import RegistryError
    from db.settings import sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise RegistryError(f"no database at {path}: check the path, or create it with `python bot.py db upgrade`")
    engine = make_engine(url)
    try:
        if await migrate.current_revision(engine) is None:
            raise RegistryError(f"{where(url)} holds no Passerelle data yet: run `python bot.py db upgrade` first")
    finally:
        await engine.dispose()


async def _open(url: str, seed: bool = True) -> Any:
    """The registry; a database whose entries do not load (changed by SQL, invalid UTF-8 …) says so in one line."""
    from db.registry import Registry
    from jurisdictions.loader import DataError

    try:
        return await Registry.open(url, seed=seed)
    except (DataError, UnicodeDecodeError) as exc:
        raise ValueError(f"the database {where(url)} holds entries that do not load ({' '.join(str(exc).split())[:300]}); "
                         "restore a backup (`bot.py db restore`)") from None
    except Exception as exc:
        if "Could not decode" in str(exc):  # SQLAlchemy's wrapper of the sqlite3 decoding error
            raise ValueError(f"the database {where(url)} holds text that is not valid UTF-8 "
                             f"({' '.join(str(getattr(exc, 'orig', exc)).split())[:200]}); restore a backup "
                             "(`bot.py db restore`)") from None
        raise


async def _command(registry: Any, args: argparse.Namespace, by: Any) -> int:
    from db import migrate
    from db.documents import short

    cmd = args.command
    if cmd == "status":
        print(f"database: {where(registry.url)}")
        print(f"schema: {await migrate.current_revision(registry.engine)} (head {migrate.head_revision()})")
        print(f"data version: {registry.data_version}; {len(registry.snapshot.jurisdictions)} jurisdiction(s)")
        return 0
    if cmd == "import":
        report = await registry.import_path(args.path, dry_run=args.dry_run, by=by, reason=args.reason)
        print(report.render())
        return 0
    if cmd == "export":
        written = await registry.export(args.directory)
        print(f"wrote {len(written)} changed file(s) to {args.directory} (data version {registry.data_version}); "
              "unchanged files left as they are")
        return 0
    if cmd == "show":
        entry = await registry.get(args.place)
        if args.json:
            payload = {"code": entry.code, "version": entry.version, "facts": {
                p: {"value": f.value, "version": f.version, "source": f.source.url if f.source else None,
                    "unverified": f.unverified} for p, f in entry.facts.items()}}
            print(json.dumps(payload, ensure_ascii=False, indent=1))
            return 0
        print(f"{entry.code} {entry.name['en']} / {entry.name['fr']} (fields version {entry.version})")
        for path, fact in entry.facts.items():
            mark = " [unverified]" if fact.unverified else ""
            src = f" <{fact.source.url}>" if fact.source else ""
            print(f"  v{fact.version:<3} {path}: {short(fact.value, 90)}{mark}{src}")
        return 0
    if cmd == "set":
        from db.values import parse_value  # the same reading of a typed value as the Discord edit form's

        code = registry.resolve(args.place)
        result = await registry.update(code, args.path, parse_value(args.value), reason=args.reason, by=by,
                                       expected_version=args.version, source_url=args.source,
                                       source_title=args.source_title, source_kind=args.source_kind)
        for rev in result.revisions:
            print(rev.describe())
        print(f"{code} {args.path} is now version {result.version}")
        return 0
    if cmd == "verify":
        code = registry.resolve(args.place)
        result = await registry.mark_verified(code, by=by, source=args.source, path=args.path)
        for rev in result.revisions:
            print(rev.describe())
        return 0
    if cmd == "history":
        revisions = await registry.history(args.place, path=args.path, limit=args.limit)
        if args.json:
            print(json.dumps([_revision_json(r) for r in revisions], ensure_ascii=False))
            return 0
        if not revisions:
            print(f"no changes recorded for {registry.resolve(args.place)}")
        for rev in revisions:
            print(rev.describe())
        return 0
    if cmd == "revert":
        result = await registry.revert(args.revision_id, by=by, reason=args.reason)
        print(result.revision.describe())
        return 0
    if cmd == "stale":
        items = await registry.stale(args.days)
        if args.json:
            print(json.dumps([{"code": s.code, "key": s.key, "url": s.url, "title": s.title,
                               "last_verified": s.last_verified.isoformat() if s.last_verified else None,
                               "age_days": s.age_days, "used_by": list(s.used_by)} for s in items], ensure_ascii=False))
            return 0
        for s in items:
            age = f"{s.age_days} days" if s.age_days is not None else "never verified"
            print(f"{s.code} {s.key}: {age} — {s.title} <{s.url}> ({len(s.used_by)} fact(s))")
        print(f"{len(items)} source(s) not verified in the last {args.days} days")
        return 0
    if cmd == "reports":
        return await _reports(registry, args)
    raise AssertionError(cmd)  # pragma: no cover


async def _reports(registry: Any, args: argparse.Namespace) -> int:
    from db.models import REPORT_STATUSES
    from db.reports import OPEN, ReportStore

    statuses = REPORT_STATUSES if args.all else tuple(args.status or OPEN)
    items = await ReportStore(registry.engine).list(statuses, limit=args.limit)
    if args.json:
        print(json.dumps([r.as_json() for r in items], ensure_ascii=False))
        return 0
    from jurisdictions.safety import visible

    for r in items:  # reporters' text is shown with its invisible characters made visible, never interpreted
        where_ = f"{r.code} {r.path}" if r.path else r.code
        extra = "".join(f"\n    {label}: {visible(v)}" for label, v in (("source", r.source_url),
                                                                       ("proposed", r.proposed_value)) if v)
        done = f" by {visible(r.resolved_by)}" if r.resolved_by else ""
        print(f"#{r.id} [{r.status}{done}] {r.created_at:%Y-%m-%d %H:%M} {visible(r.reporter_name)} on {where_} "
              f"({visible(r.answer)})\n    " + "\n    ".join(visible(r.problem).split("\n")) + extra)
    label = "report(s)" if args.all or args.status else "open report(s)"
    print(f"{len(items)} {label}")
    return 0



def _revision_json(rev: Any) -> dict[str, Any]:
    return {"id": rev.id, "at": rev.at.isoformat(), "by": {"id": rev.by.id, "name": rev.by.name}, "code": rev.code,
            "path": rev.path, "action": rev.action, "old_value": rev.old_value, "new_value": rev.new_value,
            "reason": rev.reason, "source_url": rev.source_url, "reverts_id": rev.reverts_id,
            "data_version": rev.data_version}

