"""Reads of the registry, answered from one in-memory `State` / `Snapshot` (no database round trip).

Pure functions: the registry passes the state it holds; a test can pass any state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.documents import EntryPath, flatten, value_of
from db.mirror import ROW, State
from db.plans import EDITABLE_FIELDS
from db.results import Ambiguous, Entry, FactInfo, NotFound, SearchHit, SourceInfo, StaleSource, near
from jurisdictions.snapshot import Snapshot


def resolve(snap: Snapshot, place: str) -> str:
    """A jurisdiction code from a code, name, abbreviation or city. Raises NotFound / Ambiguous."""
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


def search(snap: Snapshot, query: str, limit: int = 10) -> list[SearchHit]:
    """Jurisdictions matching a query: the resolver's answer first, then autocomplete matches."""
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


def entry_of(state: State, code: str) -> Entry:
    """One jurisdiction as stored, with the version of every entry."""
    flat, versions = state.flat[code], state.versions[code]
    parsed = [(EntryPath.parse(path), entry) for path, entry in flat.items()]
    sources: dict[str, SourceInfo] = {}
    for at, s in parsed:
        if at.kind == "source":
            lv = s.get("last_verified")
            sources[at.key] = SourceInfo(at.key, s["url"], s["title"], dt.date.fromisoformat(lv) if lv else None,
                                         versions.get(at.path, 0))
    facts: dict[str, FactInfo] = {}
    regulators: list[tuple[str, str]] = []
    for at, s in parsed:
        if at.kind == "fact":
            key = s.get("source")
            facts[at.path] = FactInfo(code, at.path, s.get("value"), key, sources.get(key) if key else None,
                                      bool(s.get("unverified")), s.get("note"), versions.get(at.path, 0))
        elif at.kind == "regulator":
            regulators.append((at.key, s["role"]))
    return Entry(code=code, kind=flat["kind"], parent=flat.get("parent"), name=dict(flat["name"]),
                 aliases=tuple(flat.get("aliases") or ()), version=versions[ROW], regulators=tuple(regulators),
                 facts=facts, sources=sources, jurisdiction=state.jurs[code])


def editable_entry(found: Entry, path: str) -> FactInfo:
    """One editable entry (a fact or an editable field) of `found` with its current value and version."""
    if path in EDITABLE_FIELDS:
        value = {"name": dict(found.name), "aliases": list(found.aliases), "kind": found.kind,
                 "parent": found.parent}[path]
        return FactInfo(found.code, path, value, None, None, False, None, found.version)
    if path in found.facts:
        return found.facts[path]
    raise NotFound(f"{found.code} has no editable entry {path!r}", suggestions=near(path, found.facts))


def fields(snap: Snapshot, code: str) -> list[tuple[str, Any]]:
    """(path, value) of a jurisdiction's editable entries."""
    jur = snap.get(code)
    if jur is None:
        return []
    out = []
    for path, s in flatten(jur).items():
        at = EntryPath.parse(path)
        if at.is_fact or (at.is_field and path in EDITABLE_FIELDS):
            out.append((path, value_of(path, s)))
    return out


def stale(state: State, older_than_days: int, today: dt.date) -> list[StaleSource]:
    """Sources not verified for more than `older_than_days` days (never-verified first), with their facts."""
    out: list[StaleSource] = []
    for code in sorted(state.flat):
        entry = entry_of(state, code)
        for key, src in entry.sources.items():
            age = (today - src.last_verified).days if src.last_verified else None
            if age is None or age > older_than_days:
                used = tuple(p for p, f in entry.facts.items() if f.source_key == key)
                out.append(StaleSource(code, key, src.url, src.title, src.last_verified, age, used))
    out.sort(key=lambda s: (-(s.age_days if s.age_days is not None else 10**9), s.code, s.key))
    return out
