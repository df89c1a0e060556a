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
"""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.exc import StaleDataError

from db import migrate
from db.documents import (
    DocumentError,
    FieldChange,
    Flat,
    assemble,
    diff,
    flat_maps_from_rows,
    flatten,
    path_kind,
    short,
    value_of,
)
from db.engine import make_engine, make_sqlite_writer_engine, sessionmaker, write_session
from db.models import FactRow, JurisdictionRow, RegulatorRow, RevisionRow, SourceRow, StateRow, WatchRow, utcnow
from db.settings import database_url, is_sqlite, seed_directory
from db.values import check_reason, clean_name, settle
from jurisdictions.loader import (
    DataError,
    check_collection,
    load_directory,
    load_guidance,
    parse_jurisdiction,
)
from jurisdictions.resolver import index_inputs
from jurisdictions.schema import Guidance, Jurisdiction, iter_facts
from jurisdictions.snapshot import Snapshot

log = logging.getLogger(__name__)

ROW = "@row"  # key of the jurisdiction row's version in the per-code version maps
INDEX_PATHS = frozenset({"name", "aliases", "places"})  # entries the place index is built from
EDITABLE_FIELDS = frozenset({"name", "aliases", "kind", "parent"})


# ----------------------------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Actor:
    """Who made a change: a stable id (a Discord user id, `cli:<user>`) and a display name."""

    id: str
    name: str

    @classmethod
    def cli(cls) -> Actor:
        try:
            user = getpass.getuser()
        except Exception:  # pragma: no cover - no login name in some containers
            user = "unknown"
        return cls(f"cli:{user}", user)


SYSTEM = Actor("system", "Passerelle")


# ----------------------------------------------------------------------------------------------- errors


class RegistryError(Exception):
    """Base of every error the registry raises on purpose; `message` is fit to show a moderator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(RegistryError):
    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)


class Ambiguous(NotFound):
    """A place name matches several jurisdictions: ask which one."""


class InvalidEdit(RegistryError):
    """The change would make the document invalid (or is malformed). Nothing was written."""

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = tuple(errors) or (message,)


class NoChange(InvalidEdit):
    """The entry already has that value."""


class Conflict(RegistryError):
    """The entry changed since the version the edit was based on. Nothing was written."""

    def __init__(
        self, code: str, path: str, expected_version: int | None, current_version: int | None, current_state: Any,
        message: str | None = None,
    ) -> None:
        self.code = code
        self.path = path
        self.expected_version = expected_version
        self.current_version = current_version
        self.current_state = current_state
        self.current_value = value_of(path, current_state)
        if message is None:
            now = "absent" if current_state is None else short(self.current_value)
            message = (
                f"{code} {path} was changed by someone else (you edited version {expected_version}, "
                f"it is now version {current_version}). Current value: {now}"
            )
        super().__init__(message)


class ImportFailed(RegistryError):
    """An import was refused as a whole; `errors` lists every reason. Nothing was written."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("import refused, nothing was changed:\n" + "\n".join(f"  {e}" for e in self.errors))


# ----------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SourceInfo:
    key: str
    url: str
    title: str
    last_verified: dt.date | None
    version: int


@dataclass(frozen=True)
class FactInfo:
    """One editable entry as a form shows it: a fact, or one of the jurisdiction's own editable fields (`name`,
    `aliases`, `kind`, `parent`: then without source, and `version` is the jurisdiction row's)."""

    code: str
    path: str
    value: Any
    source_key: str | None
    source: SourceInfo | None
    unverified: bool
    note: Mapping[str, str] | None
    version: int


@dataclass(frozen=True)
class Entry:
    """One jurisdiction as stored, with a version for every editable entry."""

    code: str
    kind: str
    parent: str | None
    name: Mapping[str, str]
    aliases: tuple[str, ...]
    version: int  # of the jurisdiction's own fields (kind, parent, name, aliases)
    regulators: tuple[tuple[str, str], ...]  # (id, role) in order
    facts: Mapping[str, FactInfo]
    sources: Mapping[str, SourceInfo]
    jurisdiction: Jurisdiction

    def fact(self, path: str) -> FactInfo:
        try:
            return self.facts[path]
        except KeyError:
            raise NotFound(f"{self.code} has no fact {path!r}", suggestions=_near(path, self.facts)) from None

    def version_of(self, path: str) -> int | None:
        kind = path_kind(path)
        if kind == "field":
            return self.version
        if kind == "fact":
            info = self.facts.get(path)
            return info.version if info else None
        if kind == "source":
            src = self.sources.get(path.split(".", 1)[1])
            return src.version if src else None
        return None


@dataclass(frozen=True)
class Revision:
    id: int
    at: dt.datetime
    by: Actor
    code: str
    path: str
    action: str
    old_value: Any
    new_value: Any
    reason: str
    source_url: str | None
    reverts_id: int | None
    data_version: int
    old_state: Any = field(repr=False, default=None)
    new_state: Any = field(repr=False, default=None)

    def describe(self) -> str:
        when = self.at.strftime("%Y-%m-%d %H:%M UTC")
        what = f"{short(self.old_value, 60)} → {short(self.new_value, 60)}"
        extra = f" (revert of #{self.reverts_id})" if self.reverts_id else ""
        src = f" [{self.source_url}]" if self.source_url else ""
        return f"#{self.id} {when} {self.by.name}: {self.action} {self.code} {self.path}: {what}{extra} — {self.reason}{src}"


@dataclass(frozen=True)
class EditResult:
    code: str
    path: str
    version: int | None  # the entry's version after the change (None when it was removed)
    revisions: tuple[Revision, ...]
    data_version: int

    @property
    def revision(self) -> Revision:
        """The revision of the entry that was asked for (the last one written)."""
        return self.revisions[-1]


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: Mapping[str, str]
    matched: str
    score: float
    kind: str


@dataclass(frozen=True)
class StaleSource:
    code: str
    key: str
    url: str
    title: str
    last_verified: dt.date | None
    age_days: int | None
    used_by: tuple[str, ...]


@dataclass(frozen=True)
class ImportReport:
    changes: tuple[FieldChange, ...]
    created: tuple[str, ...]
    unchanged: tuple[str, ...]
    applied: bool
    data_version: int | None

    def render(self) -> str:
        lines: list[str] = []
        for code in self.created:
            lines.append(f"+ {code}: new jurisdiction")
        for ch in self.changes:
            if ch.code in self.created:
                continue
            if ch.kind == "added":
                lines.append(f"+ {ch.code} {ch.path}: {short(value_of(ch.path, ch.new))}")
            elif ch.kind == "removed":
                lines.append(f"- {ch.code} {ch.path}: {short(value_of(ch.path, ch.old))}")
            else:
                lines.append(f"~ {ch.code} {ch.path}: {_describe_change(ch)}")
        n_fields = sum(1 for c in self.changes if c.code not in self.created)
        verb = "applied" if self.applied else "would apply (dry run)"
        if not self.created and not n_fields:
            lines.append("no changes: the database already matches")
        else:
            lines.append(f"{verb}: {len(self.created)} new jurisdiction(s), {n_fields} changed field(s), "
                         f"{len(self.unchanged)} unchanged jurisdiction(s)")
        return "\n".join(lines)


@dataclass(frozen=True)
class Change:
    """Sent to subscribers after every committed change (also for changes made by another process)."""

    data_version: int
    revisions: tuple[Revision, ...]
    codes: tuple[str, ...]
    snapshot: Snapshot
    watchers: Mapping[str, frozenset[int]]  # code -> channel ids watching it (or one of its parents)


Subscriber = Callable[[Change], Awaitable[None] | None]
_Written = tuple[int, tuple[Revision, ...], dict[str, dict[str, int | None]]]  # data version, revisions, versions


# ----------------------------------------------------------------------------------------------- internals


@dataclass(frozen=True)
class _State:
    """Everything the registry knows in memory, as of one data version. Never mutated: a change builds a new
    state and replaces `Registry._state` in one assignment, so a reader (or a plan) never sees half of one."""

    dv: int = -1
    flat: Mapping[str, Flat] = field(default_factory=dict)
    versions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    jurs: Mapping[str, Jurisdiction] = field(default_factory=dict)
    snapshot: Snapshot | None = None
    watches: Mapping[str, frozenset[int]] = field(default_factory=dict)


@dataclass
class _Planned:
    code: str
    path: str
    old: Any
    new: Any
    action: str
    reverts_id: int | None = None
    record: bool = True


@dataclass
class _Plan:
    changes: list[_Planned]
    reason: str
    by: Actor
    source_url: str | None = None
    created: list[str] = field(default_factory=list)
    new_flats: dict[str, Flat] = field(default_factory=dict)  # whole new documents (imports)
    result_path: str | None = None  # the entry the caller asked about (default: the last change's)


def _describe_change(ch: FieldChange) -> str:
    return f"{short(value_of(ch.path, ch.old), 70)} → {short(value_of(ch.path, ch.new), 70)}"


def _near(path: str, choices: Iterable[str]) -> tuple[str, ...]:
    import difflib

    return tuple(difflib.get_close_matches(path, list(choices), n=3, cutoff=0.6))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _revision(row: RevisionRow) -> Revision:
    return Revision(
        id=row.id, at=_aware(row.at), by=Actor(row.by_id, row.by_name), code=row.jurisdiction_code, path=row.path,
        action=row.action, old_value=row.old_value, new_value=row.new_value, reason=row.reason,
        source_url=row.source_url, reverts_id=row.reverts_id, data_version=row.data_version,
        old_state=row.old_state, new_state=row.new_state,
    )


def _revision_from(revision_id: int, v: Mapping[str, Any]) -> Revision:
    """The Revision of a row just inserted from `v` (the values of RevisionRow's columns)."""
    return Revision(
        id=revision_id, at=_aware(v["at"]), by=Actor(v["by_id"], v["by_name"]), code=v["jurisdiction_code"],
        path=v["path"], action=v["action"], old_value=v["old_value"], new_value=v["new_value"], reason=v["reason"],
        source_url=v["source_url"], reverts_id=v["reverts_id"], data_version=v["data_version"],
        old_state=v["old_state"], new_state=v["new_state"],
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "source"


# ----------------------------------------------------------------------------------------------- registry


class Registry:
    def __init__(self, engine: AsyncEngine, url: str, guidance: Guidance) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine)
        self._guidance = guidance
        self._write_lock = asyncio.Lock()
        self._state = _State()  # replaced whole, only by _swap (see _State)
        self._subscribers: list[Subscriber] = []
        self._refreshing: asyncio.Future[bool] | None = None
        self.is_sqlite = is_sqlite(url)
        # SQLite: write transactions run whole on a synchronous engine in one dedicated thread (see _run_write)
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

    # The state's parts, read-only. Read them within one synchronous stretch (no await in between), or take
    # `state = self._state` once and read from it.
    @property
    def _dv(self) -> int:
        return self._state.dv

    @property
    def _flat(self) -> Mapping[str, Flat]:
        return self._state.flat

    @property
    def _versions(self) -> Mapping[str, Mapping[str, int]]:
        return self._state.versions

    @property
    def _jurs(self) -> Mapping[str, Jurisdiction]:
        return self._state.jurs

    @property
    def _snapshot(self) -> Snapshot | None:
        return self._state.snapshot

    @property
    def _watches(self) -> Mapping[str, frozenset[int]]:
        return self._state.watches

    def _swap(self, new: _State) -> bool:
        """Install `new` unless the current state is already as new (a catch-up that read the database before a
        later commit was published must not put the older data back). True when installed."""
        if self._state.snapshot is not None and new.dv < self._state.dv:
            return False
        self._state = new
        return True

    @property
    def snapshot(self) -> Snapshot:
        """The current in-memory view (replaced whole after each change; never mutated)."""
        if self._snapshot is None:
            raise RuntimeError("the registry is not loaded: use `await Registry.open()`")
        return self._snapshot

    @property
    def data_version(self) -> int:
        return self._dv

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(change)` after every committed change; returns a function that unsubscribes.

        Callbacks run in order after the commit; keep them quick (start a task for network I/O).
        Exceptions are logged, never raised into the edit.
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    # -------------------------------------------------------------------------------------- seeding

    async def seed_if_empty(self, directory: Path | None = None) -> bool:
        """Fill an empty database from the data files (all or nothing). Returns True when it seeded."""
        directory = Path(directory) if directory else seed_directory()
        async with self._write_lock, write_session(self._sessions) as s:
            state = await self._lock_state(s)
            if state.seeded_at is not None:
                return False
            if (await s.execute(select(func.count()).select_from(JurisdictionRow))).scalar_one():
                return False
            try:
                jurs = load_directory(directory)
            except DataError as exc:
                raise ImportFailed([str(exc)]) from exc
            await s.run_sync(_insert_rows, [flatten(j) | {"@code": j.code} for j in jurs.values()])
            state.seeded_at = utcnow()
            state.seed_source = str(directory)
            state.data_version += 1
            await s.commit()
        return True

    # -------------------------------------------------------------------------------------- loading

    async def _lock_state(self, s: AsyncSession) -> StateRow:
        """First statement of every write: serializes writers (the SQLite write lock is already held)."""
        stmt = select(StateRow).where(StateRow.id == 1)
        if not self.is_sqlite:
            stmt = stmt.with_for_update()
        state = (await s.execute(stmt)).scalar_one_or_none()
        if state is None:
            raise RegistryError("the database is not initialised: run `python bot.py db upgrade`")
        return state

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
                raise RegistryError("the database is not initialised: run `python bot.py db upgrade`")
            if dv <= base.dv and base.snapshot is not None:
                return False
            new, revisions = await self._catch_up(s, base, dv)
        if not self._swap(new):
            return False  # a commit of ours published meanwhile is at least as new as what we read
        if notify and revisions:
            await self._notify(dv, revisions, tuple(sorted({r.code for r in revisions})))
        return True

    async def _catch_up(self, s: AsyncSession, base: _State, dv: int) -> tuple[_State, tuple[Revision, ...]]:
        """The state at data version `dv`, built from `base` and what the database holds (read in `s`, one
        transaction): only the jurisdictions changed since `base` are read again, unless there are many.
        Nothing is assigned here; the caller swaps the result in (see _swap)."""
        revisions: tuple[Revision, ...] = ()
        codes: set[str] | None = None
        if base.snapshot is not None and base.dv >= 0:
            rows = (await s.execute(
                select(RevisionRow).where(RevisionRow.data_version > base.dv).order_by(RevisionRow.id).limit(1000)
            )).scalars().all()
            revisions = tuple(_revision(r) for r in rows)
            codes = {r.code for r in revisions} if revisions and len(rows) < 1000 else None
        read_flats, read_versions = await self._read_rows(s, codes)
        jurs = {code: parse_jurisdiction(assemble(code, flat), code) for code, flat in read_flats.items()}
        flats: Mapping[str, Flat] = read_flats
        versions: Mapping[str, Mapping[str, int]] = read_versions
        if codes is not None:
            flats = {**base.flat, **read_flats}
            versions = {**base.versions, **read_versions}
            jurs = {**base.jurs, **jurs}
        watch_rows = (await s.execute(select(WatchRow.jurisdiction_code, WatchRow.channel_id))).all()
        watches: dict[str, set[int]] = {}
        for code, channel in watch_rows:
            watches.setdefault(code, set()).add(channel)
        old = base.snapshot
        if codes is not None and old is not None and set(jurs) == set(old.jurisdictions) and all(
                index_inputs(jurs[c]) == index_inputs(old.jurisdictions[c]) for c in read_flats):
            # an edit that leaves names, aliases, places and regulators alone: the place index is still right,
            # and rebuilding it (and its typo and autocomplete tables) cost each process ~50 ms per edit
            snapshot = Snapshot(jurisdictions=check_collection(jurs.values()), guidance=old.guidance, index=old.index,
                                version=dv)
        else:
            snapshot = Snapshot.build(jurs, self._guidance, version=dv)
        new = _State(dv, flats, versions, jurs, snapshot, {c: frozenset(v) for c, v in watches.items()})
        return new, revisions

    async def _read_rows(self, s: AsyncSession, codes: set[str] | None) -> tuple[dict[str, Flat], dict[str, dict[str, int]]]:
        j, r, src, f = (JurisdictionRow.__table__, RegulatorRow.__table__, SourceRow.__table__, FactRow.__table__)

        def only(stmt: Any, col: Any) -> Any:
            return stmt.where(col.in_(sorted(codes))) if codes is not None else stmt

        jrows = (await s.execute(only(select(j.c.code, j.c.kind, j.c.parent, j.c.name_en, j.c.name_fr, j.c.aliases,
                                             j.c.version_id).order_by(j.c.code), j.c.code))).all()
        rrows = (await s.execute(only(select(r.c.jurisdiction_code, r.c.reg_id, r.c.role, r.c.position, r.c.version_id)
                                      .order_by(r.c.jurisdiction_code, r.c.position), r.c.jurisdiction_code))).all()
        srows = (await s.execute(only(select(src.c.jurisdiction_code, src.c.key, src.c.url, src.c.title,
                                             src.c.last_verified, src.c.kind, src.c.content_date, src.c.version_id)
                                      .order_by(src.c.jurisdiction_code, src.c.position), src.c.jurisdiction_code))).all()
        frows = (await s.execute(only(select(f.c.jurisdiction_code, f.c.path, f.c.value, f.c.source_key, f.c.unverified,
                                             f.c.note, f.c.version_id), f.c.jurisdiction_code))).all()
        flats = flat_maps_from_rows((row[:6] for row in jrows), (row[:4] for row in rrows), (row[:7] for row in srows),
                                    (row[:6] for row in frows))
        versions: dict[str, dict[str, int]] = {row[0]: {ROW: row[6]} for row in jrows}
        for row in rrows:
            versions[row[0]][f"regulators.{row[1]}"] = row[4]
        for row in srows:
            versions[row[0]][f"sources.{row[1]}"] = row[7]
        for row in frows:
            versions[row[0]][row[1]] = row[6]
        return flats, versions

    # -------------------------------------------------------------------------------------- reads

    def resolve(self, place: str) -> str:
        """A jurisdiction code from a code, name, abbreviation or city. Raises NotFound / Ambiguous."""
        snap = self.snapshot
        text = place.strip()
        if text.upper() in snap.jurisdictions:
            return text.upper()
        res = snap.index.resolve(text)
        if res.match is not None:
            return res.match.code
        if res.candidates:
            names = [f"{m.code} ({m.matched})" for m in res.candidates]
            raise Ambiguous(f"{place!r} could be: {', '.join(names)}", suggestions=[m.code for m in res.candidates])
        raise NotFound(f"no jurisdiction matches {place!r}", suggestions=[m.code for m in res.suggestions])

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Jurisdictions matching a query: the resolver's answer first, then autocomplete matches."""
        snap = self.snapshot
        hits: dict[str, SearchHit] = {}

        def add(code: str, matched: str, score: float, kind: str) -> None:
            if code not in hits and code in snap.jurisdictions:
                name = snap.jurisdictions[code].name
                hits[code] = SearchHit(code, {"en": name.en, "fr": name.fr}, matched, score, kind)

        if query.strip().upper() in snap.jurisdictions:
            add(query.strip().upper(), query.strip().upper(), 100.0, "code")
        res = snap.index.resolve(query)
        for m in ((res.match,) if res.match else ()) + res.candidates + res.suggestions:
            add(m.code, m.matched, m.score, m.kind)
        for m in snap.index.complete(query, limit=limit * 2):
            add(m.code, m.matched, m.score, m.kind)
        return list(hits.values())[:limit]

    async def get(self, code_or_place: str) -> Entry:
        await self.refresh()
        code = self.resolve(code_or_place)
        return self._entry(code)

    async def entry(self, code_or_place: str, path: str) -> FactInfo:
        """One editable entry (a fact or an editable field) with its current value and version."""
        found = await self.get(code_or_place)
        if path in EDITABLE_FIELDS:
            value = {"name": dict(found.name), "aliases": list(found.aliases), "kind": found.kind,
                     "parent": found.parent}[path]
            return FactInfo(found.code, path, value, None, None, False, None, found.version)
        if path in found.facts:
            return found.facts[path]
        raise NotFound(f"{found.code} has no editable entry {path!r}", suggestions=_near(path, found.facts))

    def fields(self, code: str) -> list[tuple[str, Any]]:
        """(path, value) of a jurisdiction's editable entries, from the snapshot (no database round trip)."""
        jur = self.snapshot.get(code)
        if jur is None:
            return []
        out = []
        for path, state in flatten(jur).items():
            kind = path_kind(path)
            if kind == "fact" or (kind == "field" and path in EDITABLE_FIELDS):
                out.append((path, value_of(path, state)))
        return out

    def _entry(self, code: str) -> Entry:
        flat, versions = self._flat[code], self._versions[code]
        sources: dict[str, SourceInfo] = {}
        for path, state in flat.items():
            if path.startswith("sources.") and path_kind(path) == "source":
                key = path.split(".", 1)[1]
                lv = state.get("last_verified")
                sources[key] = SourceInfo(key, state["url"], state["title"], dt.date.fromisoformat(lv) if lv else None,
                                          versions.get(path, 0))
        facts: dict[str, FactInfo] = {}
        regulators: list[tuple[str, str]] = []
        for path, state in flat.items():
            kind = path_kind(path)
            if kind == "fact":
                key = state.get("source")
                facts[path] = FactInfo(code, path, state.get("value"), key, sources.get(key) if key else None,
                                       bool(state.get("unverified")), state.get("note"), versions.get(path, 0))
            elif kind == "regulator":
                regulators.append((path.split(".", 1)[1], state["role"]))
        return Entry(code=code, kind=flat["kind"], parent=flat.get("parent"), name=dict(flat["name"]),
                     aliases=tuple(flat.get("aliases") or ()), version=versions[ROW], regulators=tuple(regulators),
                     facts=facts, sources=sources, jurisdiction=self._jurs[code])

    async def history(self, code_or_place: str, path: str | None = None, limit: int | None = None) -> list[Revision]:
        """Revisions of a jurisdiction (optionally one entry), oldest first (the last `limit` ones)."""
        code = self.resolve(code_or_place) if self._snapshot else code_or_place
        stmt = select(RevisionRow).where(RevisionRow.jurisdiction_code == code)
        if path is not None:
            stmt = stmt.where(RevisionRow.path == path)
        stmt = stmt.order_by(RevisionRow.id.desc())
        if limit:
            stmt = stmt.limit(limit)
        async with self._sessions() as s:
            rows = (await s.execute(stmt)).scalars().all()
        return [_revision(r) for r in reversed(rows)]

    async def revision(self, revision_id: int) -> Revision:
        async with self._sessions() as s:
            row = await s.get(RevisionRow, revision_id)
        if row is None:
            raise NotFound(f"there is no revision #{revision_id}")
        return _revision(row)

    async def stale(self, older_than_days: int, today: dt.date | None = None) -> list[StaleSource]:
        """Sources not verified for more than `older_than_days` days (never-verified first), with their facts."""
        await self.refresh()
        today = today or dt.date.today()
        out: list[StaleSource] = []
        for code in sorted(self._flat):
            entry = self._entry(code)
            for key, src in entry.sources.items():
                age = (today - src.last_verified).days if src.last_verified else None
                if age is None or age > older_than_days:
                    used = tuple(p for p, f in entry.facts.items() if f.source_key == key)
                    out.append(StaleSource(code, key, src.url, src.title, src.last_verified, age, used))
        out.sort(key=lambda s: (-(s.age_days if s.age_days is not None else 10**9), s.code, s.key))
        return out

    # -------------------------------------------------------------------------------------- edits

    async def update(
        self, code: str, path: str, value: Any, *, reason: str, by: Actor, expected_version: int | None,
        source_url: str | None = None, source_title: str | None = None, unverified: bool | None = None,
        note: Any = ..., source_kind: str | None = None,
    ) -> EditResult:
        """Set one entry (a fact's value, or `name` / `aliases` / `kind` / `parent`).

        `expected_version` is the version the editor saw (`None` = the fact does not exist yet and is created).
        `source_url` points the fact at that source (an existing one of this jurisdiction with the same URL, else a
        new one titled `source_title` of kind `source_kind`, verified today); a sourced edit is no longer `unverified`
        unless you say so.
        `note` (a `{"en","fr"}` dict, or None to drop it) replaces the fact's note; left out, the note is kept.
        """
        reason = _need_reason(reason)
        kind = _kind_of(path)
        if kind in ("source", "regulator"):
            raise InvalidEdit(f"{path}: sources are changed with mark_verified or an import; regulators with an import")
        if kind == "field" and path not in EDITABLE_FIELDS:
            raise InvalidEdit(f"{path}: not editable")

        def plan() -> _Plan:
            jcode = self._known(code)
            current = self._flat[jcode].get(path)
            self._check_version(jcode, path, expected_version, current)
            changes: list[_Planned] = []
            if kind == "field":
                new: Any = value
            else:
                new = dict(current or {})
                new["value"] = value
                if source_url is not None:
                    key, src_change = self._source_for(jcode, source_url, source_title, kind=source_kind)
                    if src_change is not None:
                        changes.append(src_change)
                    new["source"] = key
                    new.pop("unverified", None)
                if unverified is True:
                    new["unverified"] = True
                elif unverified is False:
                    new.pop("unverified", None)
                if note is not ...:
                    if note is None:
                        new.pop("note", None)
                    else:
                        new["note"] = note
            if new == current:
                raise NoChange(f"{jcode} {path} already has that value")
            changes.append(_Planned(jcode, path, current, new, "edit"))
            return _Plan(changes, reason, by, source_url)

        return await self._commit(plan, precheck=lambda: self._precheck(code, path, expected_version))

    async def delete(self, code: str, path: str, *, reason: str, by: Actor, expected_version: int) -> EditResult:
        """Remove an optional fact (or the last item of a notes list)."""
        reason = _need_reason(reason)
        if _kind_of(path) != "fact":
            raise InvalidEdit(f"{path}: only facts can be removed this way")

        def plan() -> _Plan:
            jcode = self._known(code)
            current = self._flat[jcode].get(path)
            if current is None:
                raise NotFound(f"{jcode} has no fact {path!r}", suggestions=_near(path, self._flat[jcode]))
            self._check_version(jcode, path, expected_version, current)
            return _Plan([_Planned(jcode, path, current, None, "delete")], reason, by)

        return await self._commit(plan, precheck=lambda: self._precheck(code, path, expected_version))

    async def revert(self, revision_id: int, *, by: Actor, reason: str | None = None) -> EditResult:
        """Put back the state an entry had before `revision_id`; refused if the entry changed since then."""
        target = await self.revision(revision_id)
        if target.action == "create":
            raise InvalidEdit(f"revision #{revision_id} created {target.code}; a creation cannot be reverted")

        def plan() -> _Plan:
            jcode = self._known(target.code)
            current = self._flat[jcode].get(target.path)
            if current != target.new_state:
                raise Conflict(
                    jcode, target.path, None, self._version(jcode, target.path), current,
                    message=(f"{jcode} {target.path} changed after revision #{revision_id}; revert the later revisions "
                             f"first. Current value: {short(value_of(target.path, current))}"),
                )
            if target.old_state == current:
                raise NoChange(f"{jcode} {target.path} already has the value from before revision #{revision_id}")
            why = reason or f"revert of revision #{revision_id}" + (f" ({target.reason})" if target.reason else "")
            return _Plan([_Planned(jcode, target.path, current, target.old_state, "revert", reverts_id=revision_id)],
                         why, by, target.source_url)

        return await self._commit(plan)

    async def mark_verified(
        self, code: str, *, by: Actor, source: str, path: str | None = None, title: str | None = None,
        reason: str | None = None, expected_version: int | None = None, today: dt.date | None = None,
    ) -> EditResult:
        """Record that `source` (a source key of the jurisdiction, or a URL) was checked today.

        With `path`, the fact is also attached to that source and loses its `unverified` flag (`expected_version`,
        if given, guards against verifying a value that changed meanwhile). A new URL becomes a new source.
        """
        day = (today or dt.date.today()).isoformat()

        def plan() -> _Plan:
            jcode = self._known(code)
            flat = self._flat[jcode]
            if f"sources.{source}" in flat:
                key, src_change = source, None
            elif "://" in source:
                key, src_change = self._source_for(jcode, source, title, day=day)
            else:
                raise NotFound(f"{jcode} has no source {source!r}",
                               suggestions=[p.split(".", 1)[1] for p in flat if p.startswith("sources.")][:10])
            changes: list[_Planned] = []
            if src_change is not None:
                changes.append(src_change)
            else:
                old = flat[f"sources.{key}"]
                changes.append(_Planned(jcode, f"sources.{key}", old, {**old, "last_verified": day}, "verify"))
            url = (src_change.new if src_change else flat[f"sources.{key}"])["url"]
            if path is not None:
                current = flat.get(path)
                if current is None or path_kind(path) != "fact":
                    raise NotFound(f"{jcode} has no fact {path!r}", suggestions=_near(path, flat))
                if expected_version is not None:
                    self._check_version(jcode, path, expected_version, current)
                new = {k: v for k, v in current.items() if k != "unverified"} | {"source": key}
                if new != current:
                    changes.append(_Planned(jcode, path, current, new, "verify"))
            return _Plan(changes, reason or f"verified against {url}", by, url, result_path=path or f"sources.{key}")

        return await self._commit(plan)

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
        codes = [j.code for j in items]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ImportFailed([f"{c}: the import has this jurisdiction more than once" for c in dupes])
        report_box: list[ImportReport] = []

        def plan() -> _Plan:
            merged = dict(self._jurs)
            merged.update({j.code: j for j in items})
            try:
                check_collection(merged.values())
            except DataError as exc:
                raise ImportFailed([str(exc)]) from exc
            changes: list[_Planned] = []
            created: list[str] = []
            unchanged: list[str] = []
            report_changes: list[FieldChange] = []
            new_flats: dict[str, Flat] = {}
            for jur in sorted(items, key=lambda j: j.code):
                new_flat = flatten(jur)
                old_flat = self._flat.get(jur.code)
                if old_flat is None:
                    created.append(jur.code)
                    new_flats[jur.code] = new_flat
                    report_changes += diff(jur.code, {}, new_flat)
                    changes.append(_Planned(jur.code, "*", None, {"code": jur.code, "name": new_flat["name"]}, "create"))
                    continue
                field_changes = diff(jur.code, old_flat, new_flat)
                if not field_changes and list(old_flat) == list(new_flat):
                    unchanged.append(jur.code)
                    continue
                new_flats[jur.code] = new_flat
                report_changes += field_changes
                changes += [_Planned(c.code, c.path, c.old, c.new, "import") for c in field_changes]
            report_box.append(ImportReport(tuple(report_changes), tuple(created), tuple(unchanged), False, None))
            return _Plan(changes, reason, by, created=created, new_flats=new_flats)

        if dry_run:
            await self.refresh()
            plan()
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
        async with self._write_lock, write_session(self._sessions) as s:
            if await s.get(WatchRow, (channel_id, code)) is not None:
                return False
            s.add(WatchRow(channel_id=channel_id, jurisdiction_code=code, created_by=by.id if by else None))
            try:
                await s.commit()
            except IntegrityError:  # pragma: no cover - another process added it meanwhile
                return False
        self._set_watchers(code, self._watches.get(code, frozenset()) | {channel_id})
        return True

    async def unwatch(self, channel_id: int, code_or_place: str) -> bool:
        code = self.resolve(code_or_place)
        async with self._write_lock, write_session(self._sessions) as s:
            res = await s.execute(delete(WatchRow).where(WatchRow.channel_id == channel_id,
                                                         WatchRow.jurisdiction_code == code))
            await s.commit()
        self._set_watchers(code, self._watches.get(code, frozenset()) - {channel_id})
        return bool(res.rowcount)  # type: ignore[attr-defined]

    def _set_watchers(self, code: str, channels: frozenset[int]) -> None:
        state = self._state
        watches = {**state.watches, code: channels}
        self._state = _State(state.dv, state.flat, state.versions, state.jurs, state.snapshot, watches)

    async def watches(self, channel_id: int | None = None) -> list[tuple[int, str]]:
        stmt = select(WatchRow.channel_id, WatchRow.jurisdiction_code).order_by(WatchRow.channel_id,
                                                                                WatchRow.jurisdiction_code)
        if channel_id is not None:
            stmt = stmt.where(WatchRow.channel_id == channel_id)
        async with self._sessions() as s:
            return [(int(a), b) for a, b in (await s.execute(stmt)).all()]

    def watchers(self, code: str) -> frozenset[int]:
        """Channels watching `code` or one of its parents."""
        out: set[int] = set()
        seen: set[str] = set()
        current: str | None = code
        while current and current not in seen:
            seen.add(current)
            out |= self._watches.get(current, set())
            current = self._flat.get(current, {}).get("parent")
        return frozenset(out)

    # -------------------------------------------------------------------------------------- the write path

    def _known(self, code: str) -> str:
        c = code.strip().upper()
        if c not in self._flat:
            raise NotFound(f"there is no jurisdiction {code!r}", suggestions=_near(c, self._flat))
        return c

    def _version(self, code: str, path: str) -> int | None:
        return _version_in(self._state, code, path)

    def _precheck(self, code: str, path: str, expected: int | None) -> None:
        """Refuse early, without touching the database, an edit already known to be stale (versions only grow)."""
        jcode = self._known(code)
        current = self._flat[jcode].get(path)
        known = self._version(jcode, path) if current is not None or path_kind(path) == "field" else None
        if known is not None and (expected is None or known > expected):
            raise Conflict(jcode, path, expected, known, current)

    def _check_version(self, code: str, path: str, expected: int | None, current: Any) -> None:
        actual = self._version(code, path) if current is not None or path_kind(path) == "field" else None
        if expected != actual:
            raise Conflict(code, path, expected, actual, current)

    def _source_for(self, code: str, url: str, title: str | None, day: str | None = None,
                    kind: str | None = None) -> tuple[str, _Planned | None]:
        """The key of this jurisdiction's source with that URL, or a new source (planned, of `kind` when given)."""
        flat = self._flat[code]
        for path, state in flat.items():
            if path.startswith("sources.") and path_kind(path) == "source" and state.get("url") == url:
                return path.split(".", 1)[1], None
        host = urlparse(url).netloc.lower().removeprefix("www.") or url
        base = _slug(host)[:100]
        key, n = base, 1
        while f"sources.{key}" in flat:
            n += 1
            key = f"{base}-{n}"
        state = {"url": url, "title": title or url, "last_verified": day or dt.date.today().isoformat()}
        if kind is not None:
            state["kind"] = kind
        return key, _Planned(code, f"sources.{key}", None, state, "edit")

    def _bump(self, s: Session) -> int:
        """First statement of every change: takes the write lock on PostgreSQL (the row lock is held to
        commit; on SQLite `BEGIN IMMEDIATE` already holds it) and returns the new data version."""
        t = StateRow.__table__
        stmt = update(t).where(t.c.id == 1).values(data_version=t.c.data_version + 1).returning(t.c.data_version)
        dv = s.connection().execute(stmt).scalar_one_or_none()  # Core: no ORM bookkeeping for this one row
        if dv is None:
            raise RegistryError("the database is not initialised: run `python bot.py db upgrade`")
        return int(dv)

    async def _commit(
        self, plan_fn: Callable[[], _Plan], allow_empty: bool = False, precheck: Callable[[], None] | None = None
    ) -> EditResult:
        """Plan, validate and write one change. Under the in-process write lock the plan is made from the
        in-memory state of data version `base`; the transaction then takes the database's write lock, bumps the
        data version and, if another process committed since `base`, rolls back, catches up (notifying those
        changes) and plans again from the new state — so a plan is never written over state it did not see."""
        if precheck is not None:
            precheck()
        async with self._write_lock:
            caught_up = False
            while True:
                if precheck is not None:
                    precheck()  # again: an edit committed while we waited for the lock may have made this one stale
                state = self._state
                try:
                    plan = plan_fn()
                except Conflict as exc:
                    if caught_up or not _maybe_behind(exc):
                        raise
                    caught_up = True  # the edit is based on a version we have not seen: another process's
                    await self.refresh()  # commit. Catch up once, then judge it again.
                    continue
                if not plan.changes:
                    if allow_empty:
                        return None  # type: ignore[return-value]
                    raise NoChange("nothing to change")
                new_jurs = self._validate(plan)
                first = plan.changes[-1]
                errors = settle(plan.changes, new_jurs)  # store the validated values, not the raw
                if errors:
                    where = ", ".join(sorted({f"{c.code} {c.path}" for c in plan.changes if c.path != "*"}))[:300]
                    raise InvalidEdit(f"the change to {where} was refused, nothing was written:\n"
                                      + "\n".join(f"  {e}" for e in errors), errors)
                if not plan.changes:
                    if allow_empty:
                        return None  # type: ignore[return-value]
                    raise NoChange(f"{first.code} {first.path} already has that value")
                outcome = await self._run_write(plan, state)
                if outcome is not None:
                    break
                await self.refresh()  # another process committed since `base`: pick it up, then plan again
            dv, revisions, new_versions = outcome
            self._publish(plan, new_jurs, new_versions, dv, state)
        await self._notify(dv, revisions, tuple(sorted(new_jurs)))
        code = plan.changes[-1].code
        path = plan.result_path or plan.changes[-1].path
        return EditResult(code, path, self._version(code, path) if path != "*" else None, revisions, dv)

    async def _run_write(self, plan: _Plan, state: _State) -> _Written | None:
        """Run the write transaction: on SQLite whole in the writer thread (one await), on PostgreSQL through
        the async session. None when the in-memory `state` the plan was made from is behind the database."""
        if self._writer is not None:
            return await asyncio.get_running_loop().run_in_executor(self._writer, self._write_sync, plan, state)
        async with write_session(self._sessions) as s:
            outcome = await s.run_sync(self._transaction, plan, state)
            if outcome is None:
                await s.rollback()
            else:
                await s.commit()
            return outcome

    def _write_sync(self, plan: _Plan, state: _State) -> _Written | None:
        """SQLite, in the writer thread: BEGIN IMMEDIATE … COMMIT on the synchronous engine."""
        assert self._sync_engine is not None
        with Session(self._sync_engine, expire_on_commit=False) as s:
            s.connection(execution_options={"sqlite_immediate": True})
            outcome = self._transaction(s, plan, state)
            if outcome is None:
                s.rollback()
            else:
                s.commit()
            return outcome

    def _transaction(self, s: Session, plan: _Plan, state: _State) -> _Written | None:
        """The statements of one change (the caller commits): bump the data version under the write lock,
        write the entries with the ORM (`version_id_col` guards every UPDATE/DELETE), append the revisions."""
        dv = self._bump(s)
        if dv - 1 != state.dv:
            return None
        try:
            touched = self._write(s, plan, state)
            s.flush()
        except StaleDataError as exc:  # pragma: no cover - the write lock prevents it; kept as a guard
            ch = plan.changes[-1]
            raise Conflict(ch.code, ch.path, state.versions.get(ch.code, {}).get(ch.path), None, ch.old) from exc
        rows = [self._revision_values(plan, ch, dv) for ch in plan.changes if ch.record]
        revisions: tuple[Revision, ...] = ()
        if rows:  # one INSERT … RETURNING id for all of them, in order
            t = RevisionRow.__table__
            ids = s.connection().execute(insert(t).returning(t.c.id, sort_by_parameter_order=True), rows).scalars().all()
            revisions = tuple(_revision_from(i, row) for i, row in zip(ids, rows, strict=True))
        return dv, revisions, self._collect_versions(plan, touched, state)

    def _validate(self, plan: _Plan) -> dict[str, Jurisdiction]:
        by_code: dict[str, Flat] = dict(plan.new_flats)
        for ch in plan.changes:
            if ch.code in plan.new_flats:
                continue
            flat = by_code.setdefault(ch.code, dict(self._flat[ch.code]))
            if ch.new is None:
                flat.pop(ch.path, None)
            else:
                flat[ch.path] = ch.new
        out: dict[str, Jurisdiction] = {}
        errors: list[str] = []
        for code, flat in by_code.items():
            try:
                jur = parse_jurisdiction(assemble(code, flat), code)
            except (DataError, ValueError) as exc:
                errors += str(exc).splitlines()
                continue
            added = [ch.path for ch in plan.changes if ch.code == code and ch.old is None and ch.new is not None
                     and ch.path != "*" and path_kind(ch.path) == "fact"]
            if added:  # a new path must be one the schema knows (existing paths are known to be)
                fact_paths = {p for p, _ in iter_facts(jur)}
                errors += [f"{code}: {p}: not a fact path of the schema" for p in added if p not in fact_paths]
            out[code] = jur
        structural = bool(plan.new_flats) or any(ch.path == "parent" for ch in plan.changes)
        if not errors and structural:  # parents must exist: only a new document or a new parent can break that
            try:
                check_collection((dict(self._jurs) | out).values())
            except DataError as exc:
                errors.append(str(exc))
        if errors:
            where = ", ".join(sorted({f"{c.code} {c.path}" for c in plan.changes if c.path != "*"}))[:300]
            raise InvalidEdit(f"the change to {where} was refused, nothing was written:\n"
                              + "\n".join(f"  {e}" for e in errors), errors)
        return out

    def _write(self, s: Session, plan: _Plan, state: _State) -> dict[tuple[str, str], Any]:
        """Apply the planned changes with the ORM; returns the objects written, by (code, entry key)."""
        created = set(plan.new_flats) - set(state.flat)
        if created:
            _insert_rows(s, [plan.new_flats[c] | {"@code": c} for c in sorted(created)])
        changes = [ch for ch in plan.changes if ch.code not in created and ch.path != "*"]
        rank = {"field": 0, "regulator": 1, "source": 2, "fact": 3}
        upserts = sorted((ch for ch in changes if ch.new is not None), key=lambda ch: rank[path_kind(ch.path)])
        removals = sorted((ch for ch in changes if ch.new is None), key=lambda ch: -rank[path_kind(ch.path)])
        touched: dict[tuple[str, str], Any] = {}
        stage = None
        for ch in upserts + removals:
            kind = path_kind(ch.path)
            if stage is not None and kind != stage:
                s.flush()  # sources exist before facts point at them; facts go before their sources
            stage = kind
            key = ROW if kind == "field" else ch.path
            touched[(ch.code, key)] = self._write_entry(s, ch, touched.get((ch.code, key)), state)
        for code, flat in plan.new_flats.items():  # keep the file's order of sources after an import
            if code in created:
                continue
            keys = [p.split(".", 1)[1] for p in flat if p.startswith("sources.") and path_kind(p) == "source"]
            old = [p.split(".", 1)[1] for p in state.flat[code] if p.startswith("sources.") and path_kind(p) == "source"]
            if keys != old:
                s.flush()
                t = SourceRow.__table__
                s.execute(update(t).where(t.c.jurisdiction_code == bindparam("c"), t.c.key == bindparam("k"))
                                .values(position=bindparam("p")),
                                [{"c": code, "k": k, "p": i} for i, k in enumerate(keys)])
        return touched

    def _attach(self, s: Session, model: type[Any], version: int, **pk: Any) -> Any:
        """A persistent object for a row whose version we know, without a SELECT: its UPDATE/DELETE is
        `… WHERE <pk> AND version_id = :version`, so a row changed behind our back raises StaleDataError."""
        obj = model(**pk, version_id=version)
        make_transient_to_detached(obj)
        s.add(obj)
        return obj

    def _write_entry(self, s: Session, ch: _Planned, obj: Any, state: _State) -> Any:
        kind = path_kind(ch.path)
        code, new = ch.code, ch.new
        version = _version_in(state, code, ch.path)
        if kind == "field":
            row = obj or self._attach(s, JurisdictionRow, version or 1, code=code)
            if ch.path == "name":
                row.name_en, row.name_fr = new["en"], new["fr"]
            elif ch.path == "aliases":
                row.aliases = list(new or [])
            elif ch.path == "parent":
                row.parent = new
            else:
                row.kind = new
            return row
        key = ch.path.split(".", 1)[1] if kind in ("regulator", "source") else ch.path
        if kind == "regulator":
            model, pk, cols = RegulatorRow, {"jurisdiction_code": code, "reg_id": key}, (
                {"role": new["role"], "position": new["position"]} if new else {})
        elif kind == "source":
            model, pk = SourceRow, {"jurisdiction_code": code, "key": key}
            cols = _source_cols(new) if new else {}
            if new is not None and version is None:
                cols["position"] = sum(1 for p in state.flat[code] if p.startswith("sources."))
        else:
            model, pk, cols = FactRow, {"jurisdiction_code": code, "path": ch.path}, _fact_cols(new) if new else {}
        if version is None:  # a new entry
            if new is None:
                return None
            row = model(**pk, **cols)
            s.add(row)
            return row
        row = obj or self._attach(s, model, version, **pk)
        if new is None:
            s.delete(row)
            return None
        for k, v in cols.items():
            setattr(row, k, v)
        return row

    def _collect_versions(self, plan: _Plan, touched: dict[tuple[str, str], Any],
                          state: _State) -> dict[str, dict[str, int | None]]:
        """Versions of the written entries after the flush (None = removed)."""
        out: dict[str, dict[str, int | None]] = {}
        for code in plan.new_flats:
            if code not in state.flat:
                out[code] = {"@all": None}
        for (code, key), obj in touched.items():
            out.setdefault(code, {})[key] = obj.version_id if obj is not None else None
        return out

    def _revision_values(self, plan: _Plan, ch: _Planned, dv: int) -> dict[str, Any]:
        return dict(
            at=utcnow(), by_id=clean_name(plan.by.id)[:64], by_name=clean_name(plan.by.name), jurisdiction_code=ch.code,
            path=ch.path, action=ch.action, old_value=value_of(ch.path, ch.old) if ch.path != "*" else None,
            new_value=value_of(ch.path, ch.new) if ch.path != "*" else ch.new, old_state=ch.old, new_state=ch.new,
            reason=plan.reason, source_url=plan.source_url or _url_of(ch), reverts_id=ch.reverts_id, data_version=dv,
        )

    def _publish(self, plan: _Plan, new_jurs: dict[str, Jurisdiction], versions: dict[str, dict[str, int | None]],
                 dv: int, base: _State) -> None:
        """Install the state after our commit `dv`, built from `base` (the state the plan was made from). If a
        catch-up already installed a state that includes the commit, there is nothing to do."""
        if self._state.dv >= dv:
            return
        index_dirty = bool(plan.created) or any(ch.path in INDEX_PATHS for ch in plan.changes)
        flats = dict(base.flat)
        for code in new_jurs:
            if code in plan.new_flats:
                flats[code] = dict(plan.new_flats[code])
            else:
                flat = dict(flats[code])
                for ch in plan.changes:
                    if ch.code != code:
                        continue
                    if ch.new is None:
                        flat.pop(ch.path, None)
                    else:
                        flat[ch.path] = ch.new
                flats[code] = flat
        all_versions = dict(base.versions)
        for code, vmap in versions.items():
            if "@all" in vmap:  # a created jurisdiction: every entry starts at version 1
                all_versions[code] = {ROW: 1} | {p: 1 for p in flats[code] if path_kind(p) != "field"}
                continue
            current = dict(all_versions.get(code, {}))
            for key, version in vmap.items():
                if version is None:
                    current.pop(key, None)
                else:
                    current[key] = version
            all_versions[code] = current
        for code in plan.new_flats:  # imports: entries added without a version yet start at 1
            current = dict(all_versions.get(code, {ROW: 1}))
            for p in flats[code]:
                if path_kind(p) != "field" and p not in current:
                    current[p] = 1
            all_versions[code] = current
        jurs = {**base.jurs, **new_jurs}
        old = base.snapshot
        if index_dirty or old is None:
            snapshot = Snapshot.build(jurs, self._guidance, version=dv)
        else:
            snapshot = Snapshot(jurisdictions=jurs, guidance=old.guidance, index=old.index, version=dv)
        self._swap(_State(dv, flats, all_versions, jurs, snapshot, self._state.watches))

    async def _notify(self, dv: int, revisions: tuple[Revision, ...], codes: tuple[str, ...]) -> None:
        if not self._subscribers:
            return
        change = Change(dv, revisions, codes, self.snapshot, {c: self.watchers(c) for c in codes})
        for callback in list(self._subscribers):
            try:
                result = callback(change)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("a registry subscriber failed")


# ----------------------------------------------------------------------------------------------- helpers


def _maybe_behind(exc: Conflict) -> bool:
    """Versions only grow: an edit based on a version newer than ours was made against data we lack."""
    return exc.expected_version is not None and (exc.current_version is None
                                                  or exc.expected_version > exc.current_version)


def _version_in(state: _State, code: str, path: str) -> int | None:
    """The version of an entry in `state` (a jurisdiction's own fields share the row's version)."""
    versions = state.versions.get(code, {})
    return versions.get(ROW) if path_kind(path) == "field" else versions.get(path)


def _need_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidEdit("give a reason for the change (it is kept in the history)")
    try:
        return check_reason(reason)
    except ValueError as exc:
        raise InvalidEdit(str(exc)) from None


def _url_of(ch: _Planned) -> str | None:
    if path_kind(ch.path) == "source" and isinstance(ch.new, dict):
        return ch.new.get("url")
    return None


def _fact_cols(state: Mapping[str, Any]) -> dict[str, Any]:
    return {"value": state.get("value"), "source_key": state.get("source"), "unverified": bool(state.get("unverified")),
            "note": state.get("note")}


def _source_cols(state: Mapping[str, Any]) -> dict[str, Any]:
    lv, cd = state.get("last_verified"), state.get("content_date")
    return {"url": state["url"], "title": state["title"], "last_verified": dt.date.fromisoformat(lv) if lv else None,
            "kind": state.get("kind"), "content_date": dt.date.fromisoformat(cd) if cd else None}


def _kind_of(path: str) -> str:
    try:
        return path_kind(path)
    except DocumentError as exc:
        raise InvalidEdit(str(exc)) from exc


def _insert_rows(s: Session, flats: list[Flat]) -> None:
    """Bulk insert of new jurisdictions (seeding and imports); flats carry their code under '@code'."""
    now = utcnow()
    jur_rows, reg_rows, src_rows, fact_rows = [], [], [], []
    for flat in flats:
        code = flat["@code"]
        name = flat["name"]
        jur_rows.append({"code": code, "kind": flat["kind"], "parent": flat.get("parent"), "name_en": name["en"],
                         "name_fr": name["fr"], "aliases": flat.get("aliases") or [], "version_id": 1,
                         "updated_at": now})
        n_src = 0
        for path, state in flat.items():
            if path == "@code" or state is None:
                continue
            kind = path_kind(path)
            if kind == "regulator":
                reg_rows.append({"jurisdiction_code": code, "reg_id": path.split(".", 1)[1], "role": state["role"],
                                 "position": state["position"], "version_id": 1})
            elif kind == "source":
                src_rows.append({"jurisdiction_code": code, "key": path.split(".", 1)[1], **_source_cols(state),
                                 "position": n_src, "version_id": 1})
                n_src += 1
            elif kind == "fact":
                fact_rows.append({"jurisdiction_code": code, "path": path, **_fact_cols(state), "version_id": 1,
                                  "updated_at": now})
    for table, rows in ((JurisdictionRow, jur_rows), (RegulatorRow, reg_rows), (SourceRow, src_rows),
                        (FactRow, fact_rows)):
        if rows:
            s.execute(insert(table.__table__), rows)
