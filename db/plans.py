"""Edit plans: what one change would write, built by pure functions from one in-memory `State`.

Each builder (`plan_update`, `plan_delete`, `plan_revert`, `plan_verify`, `plan_import`) reads only the state
it is given and either returns a `Plan` or raises (NotFound, Conflict, NoChange, InvalidEdit, ImportFailed). It
never touches the database or the mirror, so the registry can plan again from a newer state after a catch-up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from db.documents import DocumentError, EntryPath, FieldChange, Flat, diff, flatten, short, value_of
from db.mirror import State, version_in
from db.results import Actor, Conflict, ImportFailed, ImportReport, InvalidEdit, NoChange, NotFound, Revision, near
from db.values import check_reason
from jurisdictions.loader import DataError, check_collection
from jurisdictions.schema import Jurisdiction

EDITABLE_FIELDS = frozenset({"name", "aliases", "kind", "parent"})
KEEP = ...  # `note=KEEP`: leave the fact's note as it is


@dataclass
class Planned:
    """One entry to write: its state before (`old`) and after (`new`; None = removed). `at` is None for the
    creation of a whole jurisdiction (`path` "*")."""

    code: str
    at: EntryPath | None
    old: Any
    new: Any
    action: str
    reverts_id: int | None = None
    record: bool = True

    @property
    def path(self) -> str:
        return self.at.path if self.at is not None else "*"


@dataclass
class Plan:
    changes: list[Planned]
    reason: str
    by: Actor
    source_url: str | None = None
    created: list[str] = field(default_factory=list)
    new_flats: dict[str, Flat] = field(default_factory=dict)  # whole new documents (imports)
    result_path: str | None = None  # the entry the caller asked about (default: the last change's)


# ----------------------------------------------------------------------------------------------- checks


def entry_path(path: str) -> EntryPath:
    """The parsed path of an edit; a malformed one is an InvalidEdit."""
    try:
        return EntryPath.parse(path)
    except DocumentError as exc:
        raise InvalidEdit(str(exc)) from exc


def need_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidEdit("give a reason for the change (it is kept in the history)")
    try:
        return check_reason(reason)
    except ValueError as exc:
        raise InvalidEdit(str(exc)) from None


def known(state: State, code: str) -> str:
    c = code.strip().upper()
    if c not in state.flat:
        raise NotFound(f"there is no jurisdiction {code!r}", suggestions=near(c, state.flat))
    return c


def precheck(state: State, code: str, at: EntryPath, expected: int | None) -> None:
    """Refuse early, without touching the database, an edit already known to be stale (versions only grow)."""
    jcode = known(state, code)
    current = state.flat[jcode].get(at.path)
    known_version = version_in(state, jcode, at) if current is not None or at.is_field else None
    if known_version is not None and (expected is None or known_version > expected):
        raise Conflict(jcode, at.path, expected, known_version, current)


def check_version(state: State, code: str, at: EntryPath, expected: int | None, current: Any) -> None:
    actual = version_in(state, code, at) if current is not None or at.is_field else None
    if expected != actual:
        raise Conflict(code, at.path, expected, actual, current)


def maybe_behind(exc: Conflict) -> bool:
    """Versions only grow: an edit based on a version newer than ours was made against data we lack."""
    return exc.expected_version is not None and (exc.current_version is None
                                                  or exc.expected_version > exc.current_version)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "source"


def source_for(state: State, code: str, url: str, title: str | None, day: str | None = None,
               kind: str | None = None) -> tuple[str, Planned | None]:
    """The key of this jurisdiction's source with that URL, or a new source (planned, of `kind` when given)."""
    flat = state.flat[code]
    for path, s in flat.items():
        if path.startswith("sources.") and EntryPath.parse(path).kind == "source" and s.get("url") == url:
            return path.split(".", 1)[1], None
    host = urlparse(url).netloc.lower().removeprefix("www.") or url
    base = _slug(host)[:100]
    key, n = base, 1
    while f"sources.{key}" in flat:
        n += 1
        key = f"{base}-{n}"
    new = {"url": url, "title": title or url, "last_verified": day or dt.date.today().isoformat()}
    if kind is not None:
        new["kind"] = kind
    return key, Planned(code, EntryPath.parse(f"sources.{key}"), None, new, "edit")


# ----------------------------------------------------------------------------------------------- builders


def check_editable(at: EntryPath) -> None:
    """Only facts and the jurisdiction's own editable fields are set one at a time."""
    if at.kind in ("source", "regulator"):
        raise InvalidEdit(f"{at.path}: sources are changed with mark_verified or an import; regulators with an import")
    if at.kind == "field" and at.path not in EDITABLE_FIELDS:
        raise InvalidEdit(f"{at.path}: not editable")


def plan_update(
    state: State, code: str, at: EntryPath, value: Any, *, reason: str, by: Actor, expected_version: int | None,
    source_url: str | None = None, source_title: str | None = None, unverified: bool | None = None,
    note: Any = KEEP, source_kind: str | None = None,
) -> Plan:
    """Set one entry (see Registry.update); `at` was checked with check_editable."""
    jcode = known(state, code)
    current = state.flat[jcode].get(at.path)
    check_version(state, jcode, at, expected_version, current)
    changes: list[Planned] = []
    new: Any
    if at.is_field:
        new = value
    else:
        new = dict(current or {})
        new["value"] = value
        if source_url is not None:
            key, src_change = source_for(state, jcode, source_url, source_title, kind=source_kind)
            if src_change is not None:
                changes.append(src_change)
            new["source"] = key
            new.pop("unverified", None)
        _set_flags(new, unverified, note)
    if new == current:
        raise NoChange(f"{jcode} {at.path} already has that value")
    changes.append(Planned(jcode, at, current, new, "edit"))
    return Plan(changes, reason, by, source_url)


def _set_flags(new: dict[str, Any], unverified: bool | None, note: Any) -> None:
    if unverified is True:
        new["unverified"] = True
    elif unverified is False:
        new.pop("unverified", None)
    if note is not KEEP:
        if note is None:
            new.pop("note", None)
        else:
            new["note"] = note


def plan_delete(state: State, code: str, at: EntryPath, *, reason: str, by: Actor, expected_version: int) -> Plan:
    jcode = known(state, code)
    current = state.flat[jcode].get(at.path)
    if current is None:
        raise NotFound(f"{jcode} has no fact {at.path!r}", suggestions=near(at.path, state.flat[jcode]))
    check_version(state, jcode, at, expected_version, current)
    return Plan([Planned(jcode, at, current, None, "delete")], reason, by)


def plan_revert(state: State, target: Revision, *, by: Actor, reason: str | None) -> Plan:
    """Put back the state an entry had before `target`; a Conflict if the entry changed since then."""
    jcode = known(state, target.code)
    at = EntryPath.parse(target.path)
    current = state.flat[jcode].get(at.path)
    if current != target.new_state:
        raise Conflict(
            jcode, at.path, None, version_in(state, jcode, at), current,
            message=(f"{jcode} {at.path} changed after revision #{target.id}; revert the later revisions "
                     f"first. Current value: {short(value_of(at.path, current))}"),
        )
    if target.old_state == current:
        raise NoChange(f"{jcode} {at.path} already has the value from before revision #{target.id}")
    why = reason or f"revert of revision #{target.id}" + (f" ({target.reason})" if target.reason else "")
    return Plan([Planned(jcode, at, current, target.old_state, "revert", reverts_id=target.id)],
                why, by, target.source_url)


def plan_verify(state: State, code: str, *, by: Actor, source: str, day: str, path: str | None = None,
                title: str | None = None, reason: str | None = None, expected_version: int | None = None) -> Plan:
    """Record that `source` (a key, or a URL: a new URL becomes a new source) was checked on `day`; with `path`,
    the fact is also attached to it and loses its `unverified` flag (a path that names no fact: NotFound)."""
    jcode = known(state, code)
    flat = state.flat[jcode]
    src_change: Planned | None
    if f"sources.{source}" in flat:
        key, src_change = source, None
    elif "://" in source:
        key, src_change = source_for(state, jcode, source, title, day=day)
    else:
        raise NotFound(f"{jcode} has no source {source!r}",
                       suggestions=[p.split(".", 1)[1] for p in flat if p.startswith("sources.")][:10])
    changes: list[Planned] = []
    if src_change is not None:
        changes.append(src_change)
    else:
        old = flat[f"sources.{key}"]
        changes.append(Planned(jcode, EntryPath.parse(f"sources.{key}"), old, {**old, "last_verified": day}, "verify"))
    url = (src_change.new if src_change else flat[f"sources.{key}"])["url"]
    at = _fact_path(flat, jcode, path) if path is not None else None
    if at is not None:
        current = flat[at.path]
        if expected_version is not None:
            check_version(state, jcode, at, expected_version, current)
        new = {k: v for k, v in current.items() if k != "unverified"} | {"source": key}
        if new != current:
            changes.append(Planned(jcode, at, current, new, "verify"))
    return Plan(changes, reason or f"verified against {url}", by, url,
                result_path=at.path if at is not None else f"sources.{key}")


def _fact_path(flat: Flat, code: str, path: str) -> EntryPath:
    """The parsed path of a fact `flat` holds; NotFound (with near paths) for any other path, malformed ones too."""
    try:
        at = EntryPath.parse(path) if path in flat else None
    except DocumentError:
        at = None
    if at is None or not at.is_fact:
        raise NotFound(f"{code} has no fact {path!r}", suggestions=near(path, flat))
    return at


def duplicate_codes(items: Iterable[Jurisdiction]) -> list[str]:
    codes = [j.code for j in items]
    return sorted({c for c in codes if codes.count(c) > 1})


def plan_import(state: State, items: list[Jurisdiction], *, reason: str, by: Actor) -> tuple[Plan, ImportReport]:
    """Whole documents against the state: the plan, and the report of what it would change (not yet applied)."""
    merged: dict[str, Jurisdiction] = dict(state.jurs)
    merged.update({j.code: j for j in items})
    try:
        check_collection(merged.values())
    except DataError as exc:
        raise ImportFailed([str(exc)]) from exc
    changes: list[Planned] = []
    created: list[str] = []
    unchanged: list[str] = []
    report_changes: list[FieldChange] = []
    new_flats: dict[str, Flat] = {}
    for jur in sorted(items, key=lambda j: j.code):
        new_flat = flatten(jur)
        old_flat = state.flat.get(jur.code)
        if old_flat is None:
            created.append(jur.code)
            new_flats[jur.code] = new_flat
            report_changes += diff(jur.code, {}, new_flat)
            changes.append(Planned(jur.code, None, None, {"code": jur.code, "name": new_flat["name"]}, "create"))
            continue
        field_changes = diff(jur.code, old_flat, new_flat)
        if not field_changes and list(old_flat) == list(new_flat):
            unchanged.append(jur.code)
            continue
        new_flats[jur.code] = new_flat
        report_changes += field_changes
        changes += [Planned(c.code, EntryPath.parse(c.path), c.old, c.new, "import") for c in field_changes]
    report = ImportReport(tuple(report_changes), tuple(created), tuple(unchanged), False, None)
    return Plan(changes, reason, by, created=created, new_flats=new_flats), report


def refused(plan: Plan, errors: list[str]) -> InvalidEdit:
    """The InvalidEdit of a plan whose result does not validate."""
    where = ", ".join(sorted({f"{c.code} {c.path}" for c in plan.changes if c.path != "*"}))[:300]
    return InvalidEdit(f"the change to {where} was refused, nothing was written:\n"
                       + "\n".join(f"  {e}" for e in errors), errors)

