"""The registry service: every read and write of regulator data goes through here. No Discord in it.

    registry = await Registry.open()                  # migrate, seed on first start, load the snapshot
    entry = await registry.get("CA-NB")               # facts with their sources and versions
    fact = entry.fact("regulators.nbasw.website")
    await registry.update("CA-NB", "regulators.nbasw.website", "https://…", reason="moved",
                          by=Actor("123", "Alice"), expected_version=fact.version, source_url="https://…")
    registry.snapshot                                 # the in-memory Snapshot answers are computed from
    registry.subscribe(callback)                      # called with a Change after each committed change

Guarantees:
- **No lost update.** Every entry (a fact, a source, a regulator, the jurisdiction's own fields) has a
  version; an edit names the version it was based on, and an edit against an older version raises
  `Conflict` carrying the current value and version. Writes are serialized (an in-process lock, then
  `BEGIN IMMEDIATE` on SQLite / a row lock on PostgreSQL), and the ORM update itself is guarded by
  `version_id_col`. A change is planned from the in-memory state of one data version; if the database has
  moved on (another process committed), the transaction rolls back, catches up and plans again.
- **Fast writes.** On SQLite the whole write transaction runs on a synchronous engine in one dedicated thread
  (one await per edit, not one hop to aiosqlite's thread per statement and cursor call); on PostgreSQL the same
  transaction code runs through the async session (`run_sync`). Reads stay on the async engine.
- **Validation on every edit.** The whole jurisdiction document is re-assembled with the change and
  validated with the pydantic schema (http(s) URLs, ages in range, required fields, sources that exist);
  an invalid result is refused with `InvalidEdit` and nothing is written.
- **History.** Every change writes a `revisions` row (who, when, where, old → new, why, source URL) in the
  same transaction. `revert` restores the exact previous state and is itself recorded.
- **Reads never wait on the database.** After each commit the in-memory Snapshot is patched and replaced
  whole; changes committed by another process are picked up by `refresh()` (and before every write).

`Registry` is the facade; each job is its own module: `db.results` (the types and errors below, re-exported
here), `db.mirror` (the in-memory state, its one owner, catch-up), `db.reads`, `db.plans` (edit plans, pure
functions of one state), `db.writer` (validation and the write transaction), `db.watches`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from db import migrate, reads
from db import watches as watch_rows
from db.documents import Flat, flatten
from db.engine import make_engine, make_sqlite_writer_engine, sessionmaker, write_session
from db.mirror import INDEX_PATHS, ROW, Mirror, State, catch_up, read_rows, version_in
from db.models import RevisionRow, StateRow, utcnow
from db.plans import (
    EDITABLE_FIELDS,
    KEEP,
    Plan,
    check_editable,
    duplicate_codes,
    entry_path,
    maybe_behind,
    need_reason,
    plan_delete,
    plan_import,
    plan_revert,
    plan_update,
    plan_verify,
    precheck,
    refused,
)
from db.results import (
    SYSTEM,
    Actor,
    Ambiguous,
    Change,
    Conflict,
    EditResult,
    Entry,
    FactInfo,
    ImportFailed,
    ImportReport,
    InvalidEdit,
    NoChange,
    NotFound,
    RegistryError,
    Revision,
    SearchHit,
    SourceInfo,
    StaleSource,
    Subscriber,
    revision_of_row,
)
from db.settings import database_url, is_sqlite, seed_directory
from db.values import settle
from db.writer import NOT_INITIALISED, insert_rows, lock_state, run_write, validate
from jurisdictions.loader import DataError, load_directory, load_guidance
from jurisdictions.schema import Guidance, Jurisdiction
from jurisdictions.snapshot import Snapshot

__all__ = [
    "EDITABLE_FIELDS", "INDEX_PATHS", "ROW", "SYSTEM", "Actor", "Ambiguous", "Change", "Conflict", "EditResult",
    "Entry", "FactInfo", "ImportFailed", "ImportReport", "InvalidEdit", "NoChange", "NotFound", "Registry",
    "RegistryError", "Revision", "SearchHit", "SourceInfo", "StaleSource", "Subscriber",
]

PlanFn = Callable[[State], Plan]


class Registry:
    def __init__(self, engine: AsyncEngine, url: str, guidance: Guidance) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine)
        self._guidance = guidance
        self._write_lock = asyncio.Lock()
        self._mirror = Mirror()  # the one owner of the in-memory state
        self._refreshing: asyncio.Future[bool] | None = None
        self.is_sqlite = is_sqlite(url)
        # SQLite: write transactions run whole on a synchronous engine in one dedicated thread (db.writer)
        self._sync_engine = make_sqlite_writer_engine(url) if self.is_sqlite else None
        self._writer = (ThreadPoolExecutor(max_workers=1, thread_name_prefix="passerelle-sqlite-writer")
                        if self.is_sqlite else None)

    # -------------------------------------------------------------------------------------- lifecycle

    @classmethod
    async def open(
        cls, url: str | None = None, *, seed_dir: Path | None = None, migrate_on_start: bool = True,
        seed: bool = True, guidance: Guidance | None = None,
    ) -> Registry:
        """Connect, apply migrations, seed an empty database from the data files, load the snapshot."""
        url = database_url(url)
        engine = make_engine(url)
        registry: Registry | None = None
        try:
            if migrate_on_start:
                await migrate.upgrade(engine)
            registry = cls(engine, url, guidance or load_guidance())
            if seed:
                await registry.seed_if_empty(seed_dir)
            await registry.refresh(notify=False)
        except BaseException:
            await (registry.close() if registry is not None else engine.dispose())
            raise
        return registry

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True)
        if self._sync_engine is not None:
            self._sync_engine.dispose()
        await self.engine.dispose()

    async def __aenter__(self) -> Registry:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def _state(self) -> State:
        """The current state (read it once per synchronous stretch; it is replaced whole, never mutated)."""
        return self._mirror.state

    @property
    def _flat(self) -> Mapping[str, Flat]:
        return self._mirror.state.flat

    @property
    def _dv(self) -> int:
        return self._mirror.state.dv

    @property
    def snapshot(self) -> Snapshot:
        """The current in-memory view (replaced whole after each change; never mutated)."""
        snapshot = self._mirror.state.snapshot
        if snapshot is None:
            raise RuntimeError("the registry is not loaded: use `await Registry.open()`")
        return snapshot

    @property
    def data_version(self) -> int:
        return self._dv

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(change)` after every committed change; returns a function that unsubscribes.

        Callbacks run in order after the commit; keep them quick (start a task for network I/O).
        Exceptions are logged, never raised into the edit.
        """
        return self._mirror.subscribe(callback)

    # -------------------------------------------------------------------------------------- seeding

    async def seed_if_empty(self, directory: Path | None = None) -> bool:
        """Fill an empty database from the data files (all or nothing). Returns True when it seeded."""
        from db.models import JurisdictionRow

        directory = Path(directory) if directory else seed_directory()
        async with self._write_lock, write_session(self._sessions) as s:
            state = await lock_state(s, self.is_sqlite)
            if state.seeded_at is not None:
                return False
            if (await s.execute(select(func.count()).select_from(JurisdictionRow))).scalar_one():
                return False
            try:
                jurs = load_directory(directory)
            except DataError as exc:
                raise ImportFailed([str(exc)]) from exc
            await s.run_sync(insert_rows, [flatten(j) | {"@code": j.code} for j in jurs.values()])
            state.seeded_at = utcnow()
            state.seed_source = str(directory)
            state.data_version += 1
            await s.commit()
        return True

    # -------------------------------------------------------------------------------------- catching up

    async def refresh(self, notify: bool = True) -> bool:
        """Pick up changes committed by another process. Cheap when nothing changed. True when reloaded.

        Single-flight: callers arriving while a refresh runs share its result instead of each querying.
        """
        task = self._refreshing
        if task is None or task.done():
            task = self._refreshing = asyncio.ensure_future(self._refresh(notify))
        return await asyncio.shield(task)

    async def _refresh(self, notify: bool) -> bool:
        base = self._state
        async with self._sessions() as s:
            if not self.is_sqlite:  # one consistent view of every table (SQLite: BEGIN already gives one)
                await s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            dv = (await s.execute(select(StateRow.data_version).where(StateRow.id == 1))).scalar_one_or_none()
            if dv is None:
                raise RegistryError(NOT_INITIALISED)
            if dv <= base.dv and base.snapshot is not None:
                return False
            new, revisions = await catch_up(s, base, dv, self._guidance, self._read_rows)
        if not self._mirror.swap(new):
            return False  # a commit of ours published meanwhile is at least as new as what we read
        if notify and revisions:
            await self._mirror.notify(dv, revisions, tuple(sorted({r.code for r in revisions})))
        return True

    async def _read_rows(self, s: AsyncSession,
                         codes: set[str] | None) -> tuple[dict[str, Flat], dict[str, dict[str, int]]]:
        """The catch-up's reads (a method so a test can slow one down)."""
        return await read_rows(s, codes)

    # -------------------------------------------------------------------------------------- reads

    def resolve(self, place: str) -> str:
        """A jurisdiction code from a code, name, abbreviation or city. Raises NotFound / Ambiguous."""
        return reads.resolve(self.snapshot, place)

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Jurisdictions matching a query: the resolver's answer first, then autocomplete matches."""
        return reads.search(self.snapshot, query, limit)

    async def get(self, code_or_place: str) -> Entry:
        await self.refresh()
        code = self.resolve(code_or_place)
        return self._entry(code)

    async def entry(self, code_or_place: str, path: str) -> FactInfo:
        """One editable entry (a fact or an editable field) with its current value and version."""
        return reads.editable_entry(await self.get(code_or_place), path)

    def fields(self, code: str) -> list[tuple[str, Any]]:
        """(path, value) of a jurisdiction's editable entries, from the snapshot (no database round trip)."""
        return reads.fields(self.snapshot, code)

    def _entry(self, code: str) -> Entry:
        return reads.entry_of(self._state, code)

    async def history(self, code_or_place: str, path: str | None = None, limit: int | None = None) -> list[Revision]:
        """Revisions of a jurisdiction (optionally one entry), oldest first (the last `limit` ones)."""
        code = self.resolve(code_or_place) if self._state.snapshot else code_or_place
        stmt = select(RevisionRow).where(RevisionRow.jurisdiction_code == code)
        if path is not None:
            stmt = stmt.where(RevisionRow.path == path)
        stmt = stmt.order_by(RevisionRow.id.desc())
        if limit:
            stmt = stmt.limit(limit)
        async with self._sessions() as s:
            rows = (await s.execute(stmt)).scalars().all()
        return [revision_of_row(r) for r in reversed(rows)]

    async def revision(self, revision_id: int) -> Revision:
        async with self._sessions() as s:
            row = await s.get(RevisionRow, revision_id)
        if row is None:
            raise NotFound(f"there is no revision #{revision_id}")
        return revision_of_row(row)

    async def stale(self, older_than_days: int, today: dt.date | None = None) -> list[StaleSource]:
        """Sources not verified for more than `older_than_days` days (never-verified first), with their facts."""
        await self.refresh()
        return reads.stale(self._state, older_than_days, today or dt.date.today())

    # -------------------------------------------------------------------------------------- edits

    async def update(
        self, code: str, path: str, value: Any, *, reason: str, by: Actor, expected_version: int | None,
        source_url: str | None = None, source_title: str | None = None, unverified: bool | None = None,
        note: Any = KEEP, source_kind: str | None = None,
    ) -> EditResult:
        """Set one entry (a fact's value, or `name` / `aliases` / `kind` / `parent`).

        `expected_version` is the version the editor saw (`None` = the fact does not exist yet and is created).
        `source_url` points the fact at that source (an existing one of this jurisdiction with the same URL, else a
        new one titled `source_title` of kind `source_kind`, verified today); a sourced edit is no longer `unverified`
        unless you say so.
        `note` (a `{"en","fr"}` dict, or None to drop it) replaces the fact's note; left out, the note is kept.
        """
        reason = need_reason(reason)
        at = entry_path(path)
        check_editable(at)
        return await self._commit(
            lambda state: plan_update(state, code, at, value, reason=reason, by=by, expected_version=expected_version,
                                      source_url=source_url, source_title=source_title, unverified=unverified,
                                      note=note, source_kind=source_kind),
            precheck=lambda state: precheck(state, code, at, expected_version))

    async def delete(self, code: str, path: str, *, reason: str, by: Actor, expected_version: int) -> EditResult:
        """Remove an optional fact (or the last item of a notes list)."""
        reason = need_reason(reason)
        at = entry_path(path)
        if not at.is_fact:
            raise InvalidEdit(f"{path}: only facts can be removed this way")
        return await self._commit(
            lambda state: plan_delete(state, code, at, reason=reason, by=by, expected_version=expected_version),
            precheck=lambda state: precheck(state, code, at, expected_version))

    async def revert(self, revision_id: int, *, by: Actor, reason: str | None = None) -> EditResult:
        """Put back the state an entry had before `revision_id`; refused if the entry changed since then."""
        target = await self.revision(revision_id)
        if target.action == "create":
            raise InvalidEdit(f"revision #{revision_id} created {target.code}; a creation cannot be reverted")
        return await self._commit(lambda state: plan_revert(state, target, by=by, reason=reason))

    async def mark_verified(
        self, code: str, *, by: Actor, source: str, path: str | None = None, title: str | None = None,
        reason: str | None = None, expected_version: int | None = None, today: dt.date | None = None,
    ) -> EditResult:
        """Record that `source` (a source key of the jurisdiction, or a URL) was checked today.

        With `path`, the fact is also attached to that source and loses its `unverified` flag (`expected_version`,
        if given, guards against verifying a value that changed meanwhile). A new URL becomes a new source.
        """
        day = (today or dt.date.today()).isoformat()
        return await self._commit(lambda state: plan_verify(
            state, code, by=by, source=source, day=day, path=path, title=title, reason=reason,
            expected_version=expected_version))

    # -------------------------------------------------------------------------------------- import / export

    async def import_path(
        self, path: Path | str, *, dry_run: bool = False, by: Actor = SYSTEM, reason: str | None = None
    ) -> ImportReport:
        """Import data files (a directory of `*.yaml`, or one file): validate all, diff, apply all or nothing.
        Every file is read within the import budgets (`db.import_budget`), in a worker thread."""
        from db.import_budget import read_paths

        path = Path(path)
        try:
            jurs, errors = await asyncio.to_thread(read_paths, path)
        except DataError as exc:  # the directory itself, or a budget: nothing more was read
            raise ImportFailed([str(exc)]) from None
        if errors:
            raise ImportFailed(errors)
        return await self.import_documents(jurs, dry_run=dry_run, by=by, reason=reason or f"import from {path}")

    async def import_documents(
        self, jurisdictions: Iterable[Jurisdiction], *, dry_run: bool = False, by: Actor = SYSTEM,
        reason: str = "import",
    ) -> ImportReport:
        items = list(jurisdictions)
        dupes = duplicate_codes(items)
        if dupes:
            raise ImportFailed([f"{c}: the import has this jurisdiction more than once" for c in dupes])
        report_box: list[ImportReport] = []

        def plan(state: State) -> Plan:
            planned, report = plan_import(state, items, reason=reason, by=by)
            report_box.append(report)
            return planned

        if dry_run:
            await self.refresh()
            plan(self._state)
            return report_box[-1]
        result = await self._commit(plan, allow_empty=True)
        rep = report_box[-1]
        return ImportReport(rep.changes, rep.created, rep.unchanged, result is not None,
                            result.data_version if result else self._dv)

    async def export(self, directory: Path | str) -> list[Path]:
        """Write into `directory` the data files whose content differs from the database (the loader's format;
        existing files edited in place, their comments and layout kept — db/export_files.py). Returns those paths."""
        from db.export_files import export_files, export_header

        await self.refresh()
        return await asyncio.to_thread(export_files, Path(directory), self.snapshot.jurisdictions,
                                       export_header(self._dv))

    async def export_documents(self) -> dict[str, str]:
        """`{"<code>.yaml": text}` for every jurisdiction, in the loader's format, in code order: the bundled data
        file itself where it holds the same entry, edited in place where it differs (comments and layout kept).

        Built from the current snapshot in a worker thread (it reads and compares files); the snapshot is immutable,
        so this is safe while edits go on."""
        from db.export_files import export_header, export_texts

        await self.refresh()
        base = seed_directory()
        return await asyncio.to_thread(export_texts, self.snapshot.jurisdictions, base if base.is_dir() else None,
                                       export_header(self._dv))

    # -------------------------------------------------------------------------------------- watches

    async def watch(self, channel_id: int, code_or_place: str, by: Actor | None = None) -> bool:
        """Post alerts about a jurisdiction (and its subdivisions) to a channel. False if already watched."""
        code = self.resolve(code_or_place)
        async with self._write_lock:
            if not await watch_rows.add(self._sessions, channel_id, code, by.id if by else None):
                return False
        self._mirror.set_watchers(code, self._state.watches.get(code, frozenset()) | {channel_id})
        return True

    async def unwatch(self, channel_id: int, code_or_place: str) -> bool:
        code = self.resolve(code_or_place)
        async with self._write_lock:
            removed = await watch_rows.remove(self._sessions, channel_id, code)
        self._mirror.set_watchers(code, self._state.watches.get(code, frozenset()) - {channel_id})
        return removed

    async def watches(self, channel_id: int | None = None) -> list[tuple[int, str]]:
        return await watch_rows.listed(self._sessions, channel_id)

    def watchers(self, code: str) -> frozenset[int]:
        """Channels watching `code` or one of its parents."""
        return self._mirror.watchers(code)

    # -------------------------------------------------------------------------------------- the write path

    async def _commit(self, plan_fn: PlanFn, allow_empty: bool = False,
                      precheck: Callable[[State], None] | None = None) -> EditResult:
        """Plan, validate and write one change. Under the in-process write lock the plan is made from the
        in-memory state of data version `base`; the transaction then takes the database's write lock, bumps the
        data version and, if another process committed since `base`, rolls back, catches up (notifying those
        changes) and plans again from the new state — so a plan is never written over state it did not see."""
        if precheck is not None:
            precheck(self._state)
        async with self._write_lock:
            caught_up = False
            while True:
                state = self._state
                if precheck is not None:
                    precheck(state)  # again: an edit committed while we waited for the lock may have made this stale
                try:
                    plan = plan_fn(state)
                except Conflict as exc:
                    if caught_up or not maybe_behind(exc):
                        raise
                    caught_up = True  # the edit is based on a version we have not seen: another process's
                    await self.refresh()  # commit. Catch up once, then judge it again.
                    continue
                ready = self._ready(plan, state, allow_empty)
                if ready is None:
                    return None  # type: ignore[return-value]
                outcome = await run_write(plan, state, sessions=self._sessions, executor=self._writer,
                                          sync_engine=self._sync_engine)
                if outcome is not None:
                    break
                await self.refresh()  # another process committed since `base`: pick it up, then plan again
            dv, revisions, new_versions = outcome
            self._mirror.publish(state, plan, ready, new_versions, dv, self._guidance)
        await self._mirror.notify(dv, revisions, tuple(sorted(ready)))
        code = plan.changes[-1].code
        path = plan.result_path or plan.changes[-1].path
        version = version_in(self._state, code, entry_path(path)) if path != "*" else None
        return EditResult(code, path, version, revisions, dv)

    @staticmethod
    def _ready(plan: Plan, state: State, allow_empty: bool) -> dict[str, Jurisdiction] | None:
        """The validated documents of a plan whose changes are settled to their stored form; None when there is
        nothing to write and that is allowed (else NoChange); InvalidEdit when the result does not validate."""
        if not plan.changes:
            if allow_empty:
                return None
            raise NoChange("nothing to change")
        new_jurs = validate(plan, state)
        first = plan.changes[-1]
        errors = settle(plan.changes, new_jurs)  # store the validated values, not the raw
        if errors:
            raise refused(plan, errors)
        if not plan.changes:
            if allow_empty:
                return None
            raise NoChange(f"{first.code} {first.path} already has that value")
        return new_jurs

