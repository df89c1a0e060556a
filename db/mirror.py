"""The registry's in-memory mirror of the database: one owner of the state, replaced whole in one assignment.

`Mirror` holds the current `State` (flat maps, versions, parsed jurisdictions, the Snapshot answers come from,
the watches) and the subscribers. Every change of the state goes through it: `swap` (a catch-up, a commit of
ours — never an older data version over a newer one) and `set_watchers`. `catch_up` builds the state at a data
version from the database (read in one transaction); `after_commit` builds the state after a commit of ours from
the state the plan was made from. Neither assigns anything: the owner swaps their result in.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.documents import EntryPath, Flat, JurRow, RegRow, SrcRow, assemble, flat_maps_from_rows
from db.documents import FactRow as FactStateRow
from db.models import FactRow, JurisdictionRow, RegulatorRow, RevisionRow, SourceRow, WatchRow
from db.results import Change, Revision, Subscriber, revision_of_row
from jurisdictions.loader import check_collection, parse_jurisdiction
from jurisdictions.resolver import index_inputs
from jurisdictions.schema import Guidance, Jurisdiction
from jurisdictions.snapshot import Snapshot

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from db.plans import Plan

log = logging.getLogger(__name__)

ROW = "@row"  # key of the jurisdiction row's version in the per-code version maps
INDEX_PATHS = frozenset({"name", "aliases", "places"})  # entries the place index is built from
CATCH_UP_MAX = 1000  # more revisions than this since our state: read everything again

Versions = Mapping[str, Mapping[str, int]]
ReadRows = Callable[[AsyncSession, "set[str] | None"], "Awaitable[tuple[dict[str, Flat], dict[str, dict[str, int]]]]"]


@dataclass(frozen=True)
class State:
    """Everything the registry knows in memory, as of one data version. Never mutated: a change builds a new
    state and the Mirror replaces its own in one assignment, so a reader (or a plan) never sees half of one."""

    dv: int = -1
    flat: Mapping[str, Flat] = field(default_factory=dict)
    versions: Versions = field(default_factory=dict)
    jurs: Mapping[str, Jurisdiction] = field(default_factory=dict)
    snapshot: Snapshot | None = None
    watches: Mapping[str, frozenset[int]] = field(default_factory=dict)


def version_in(state: State, code: str, at: EntryPath) -> int | None:
    """The version of an entry in `state` (a jurisdiction's own fields share the row's version)."""
    versions = state.versions.get(code, {})
    return versions.get(ROW) if at.kind == "field" else versions.get(at.path)


class Mirror:
    """The one owner of the in-memory state and of the subscriber list."""

    def __init__(self) -> None:
        self._state = State()
        self._subscribers: list[Subscriber] = []

    @property
    def state(self) -> State:
        return self._state

    def swap(self, new: State) -> bool:
        """Install `new` unless the current state is already as new (a catch-up that read the database before a
        later commit was published must not put the older data back). True when installed."""
        if self._state.snapshot is not None and new.dv < self._state.dv:
            return False
        self._state = new
        return True

    def set_watchers(self, code: str, channels: frozenset[int]) -> None:
        """The channels watching `code` changed (same data version: watches are not versioned data)."""
        s = self._state
        self._state = State(s.dv, s.flat, s.versions, s.jurs, s.snapshot, {**s.watches, code: channels})

    def watchers(self, code: str) -> frozenset[int]:
        """Channels watching `code` or one of its parents."""
        state = self._state
        out: set[int] = set()
        seen: set[str] = set()
        current: str | None = code
        while current and current not in seen:
            seen.add(current)
            out |= state.watches.get(current, set())
            current = state.flat.get(current, {}).get("parent")
        return frozenset(out)

    def publish(self, base: State, plan: Plan, new_jurs: Mapping[str, Jurisdiction],
                versions: Mapping[str, Mapping[str, int | None]], dv: int, guidance: Guidance) -> None:
        """Install the state after our commit `dv` (see after_commit). If a catch-up already installed a state
        that includes the commit, there is nothing to do."""
        if self._state.dv >= dv:
            return
        self.swap(after_commit(base, plan, new_jurs, versions, dv, guidance, self._state.watches))

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    async def notify(self, dv: int, revisions: tuple[Revision, ...], codes: tuple[str, ...]) -> None:
        """Call every subscriber with the Change; a failing one is logged, never raised into the edit."""
        if not self._subscribers:
            return
        snapshot = self._state.snapshot
        assert snapshot is not None
        change = Change(dv, revisions, codes, snapshot, {c: self.watchers(c) for c in codes})
        for callback in list(self._subscribers):
            try:
                result = callback(change)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("a registry subscriber failed")


# ----------------------------------------------------------------------------------------------- catch-up


async def read_rows(s: AsyncSession, codes: set[str] | None) -> tuple[dict[str, Flat], dict[str, dict[str, int]]]:
    """The flat maps and versions of `codes` (None: every jurisdiction), read in `s`."""
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
    flats = flat_maps_from_rows(cast(Iterable[JurRow], (row[:6] for row in jrows)),
                                cast(Iterable[RegRow], (row[:4] for row in rrows)),
                                cast(Iterable[SrcRow], (row[:7] for row in srows)),
                                cast(Iterable[FactStateRow], (row[:6] for row in frows)))
    versions: dict[str, dict[str, int]] = {row[0]: {ROW: row[6]} for row in jrows}
    for row in rrows:
        versions[row[0]][f"regulators.{row[1]}"] = row[4]
    for row in srows:
        versions[row[0]][f"sources.{row[1]}"] = row[7]
    for row in frows:
        versions[row[0]][row[1]] = row[6]
    return flats, versions


async def catch_up(s: AsyncSession, base: State, dv: int, guidance: Guidance,
                   read: ReadRows = read_rows) -> tuple[State, tuple[Revision, ...]]:
    """The state at data version `dv`, built from `base` and what the database holds (read in `s`, one
    transaction): only the jurisdictions changed since `base` are read again, unless there are many."""
    revisions: tuple[Revision, ...] = ()
    codes: set[str] | None = None
    if base.snapshot is not None and base.dv >= 0:
        rows = (await s.execute(
            select(RevisionRow).where(RevisionRow.data_version > base.dv).order_by(RevisionRow.id).limit(CATCH_UP_MAX)
        )).scalars().all()
        revisions = tuple(revision_of_row(r) for r in rows)
        codes = {r.code for r in revisions} if revisions and len(rows) < CATCH_UP_MAX else None
    read_flats, read_versions = await read(s, codes)
    jurs = {code: parse_jurisdiction(assemble(code, flat), code) for code, flat in read_flats.items()}
    flats: Mapping[str, Flat] = read_flats
    versions: Versions = read_versions
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
        snapshot = Snapshot.build(jurs, guidance, version=dv)
    new = State(dv, flats, versions, jurs, snapshot, {c: frozenset(v) for c, v in watches.items()})
    return new, revisions


# ----------------------------------------------------------------------------------------------- after a commit


def after_commit(base: State, plan: Plan, new_jurs: Mapping[str, Jurisdiction],
                 versions: Mapping[str, Mapping[str, int | None]], dv: int, guidance: Guidance,
                 watches: Mapping[str, frozenset[int]]) -> State:
    """The state after our commit `dv`, built from `base` (the state the plan was made from), the validated
    documents and the versions the write left."""
    index_dirty = bool(plan.created) or any(ch.path in INDEX_PATHS for ch in plan.changes)
    flats = _flats_after(base, plan, new_jurs)
    jurs = {**base.jurs, **new_jurs}
    old = base.snapshot
    if index_dirty or old is None:
        snapshot = Snapshot.build(jurs, guidance, version=dv)
    else:
        snapshot = Snapshot(jurisdictions=jurs, guidance=old.guidance, index=old.index, version=dv)
    return State(dv, flats, _versions_after(base, plan, flats, versions), jurs, snapshot, watches)


def _flats_after(base: State, plan: Plan, new_jurs: Mapping[str, Jurisdiction]) -> dict[str, Flat]:
    flats = dict(base.flat)
    for code in new_jurs:
        if code in plan.new_flats:
            flats[code] = dict(plan.new_flats[code])
            continue
        flat = dict(flats[code])
        for ch in plan.changes:
            if ch.code != code:
                continue
            if ch.new is None:
                flat.pop(ch.path, None)
            else:
                flat[ch.path] = ch.new
        flats[code] = flat
    return flats


def _versions_after(base: State, plan: Plan, flats: Mapping[str, Flat],
                    versions: Mapping[str, Mapping[str, int | None]]) -> dict[str, Mapping[str, int]]:
    all_versions: dict[str, Mapping[str, int]] = dict(base.versions)
    for code, vmap in versions.items():
        if "@all" in vmap:  # a created jurisdiction: every entry starts at version 1
            all_versions[code] = {ROW: 1} | {p: 1 for p in flats[code] if EntryPath.parse(p).kind != "field"}
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
            if EntryPath.parse(p).kind != "field" and p not in current:
                current[p] = 1
        all_versions[code] = current
    return all_versions
