"""A jurisdiction document as a flat map of editable entries, and back. Standard library + `jurisdictions` only.

Every editable piece of a jurisdiction has a dotted path and a JSON-able *state* (None = absent):

- `kind`, `parent`, `name`, `aliases` — the jurisdiction's own fields (one row of `jurisdictions`);
- `regulators.<id>` — `{"role": …, "position": n}` (one row of `regulators`);
- `sources.<key>` — `{"url": …, "title": …, "last_verified": "YYYY-MM-DD"}`, plus `kind` and `content_date` when
  known (one row of `sources`);
- every fact path of `jurisdictions.schema.iter_facts` (`regulators.nbasw.website`, `rule.notes.0`,
  `minors.age_of_majority`, …) — `{"value": …, "source": key, "unverified": true, "note": {...}}` with the
  defaults left out, exactly as in the data files (one row of `facts`).

`flatten` turns a validated Jurisdiction into that map; `assemble` turns a map back into the plain document
that `parse_jurisdiction` validates. The database stores the map; the registry validates the whole assembled
document on every edit; the offline reader assembles the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from jurisdictions.schema import Jurisdiction, iter_facts

FIELD_PATHS = ("kind", "parent", "name", "aliases")
PathKind = Literal["field", "regulator", "source", "fact"]

Flat = dict[str, Any]


class DocumentError(ValueError):
    """A flat map does not make a document (unknown regulator, a gap in a list, a malformed path)."""


def path_kind(path: str) -> PathKind:
    if path in FIELD_PATHS:
        return "field"
    parts = path.split(".")
    if any(not p for p in parts):
        raise DocumentError(f"{path!r}: not a valid path")
    if parts[0] == "sources":
        if len(parts) != 2:
            raise DocumentError(f"{path!r}: a source is addressed as sources.<key>")
        return "source"
    if parts[0] == "regulators" and len(parts) == 2:
        return "regulator"
    if parts[0] in ("code", "sources"):
        raise DocumentError(f"{path!r}: not an editable path")
    return "fact"


@dataclass(frozen=True, slots=True)
class EntryPath:
    """An entry's path, parsed once where it comes in (a command, a form, a plan) and passed down, so the
    registry, the plans and the writer never re-derive what kind of entry a string names."""

    path: str
    kind: PathKind

    @classmethod
    def parse(cls, path: str) -> EntryPath:
        """Raises DocumentError for a path that names no entry."""
        return _parse_entry_path(path)

    @property
    def key(self) -> str:
        """A source's key or a regulator's id (`sources.<key>`, `regulators.<id>`); else the path itself."""
        return self.path.split(".", 1)[1] if self.kind in ("source", "regulator") else self.path

    @property
    def is_fact(self) -> bool:
        return self.kind == "fact"

    @property
    def is_field(self) -> bool:
        return self.kind == "field"

    def __str__(self) -> str:
        return self.path


@functools.lru_cache(maxsize=8192)
def _parse_entry_path(path: str) -> EntryPath:
    return EntryPath(path, path_kind(path))


def fact_state(fact: Any) -> dict[str, Any]:
    state: dict[str, Any] = fact.model_dump(mode="json", exclude_defaults=True)
    return state


def flatten(jur: Jurisdiction) -> Flat:
    flat: Flat = {"kind": jur.kind}
    if jur.parent is not None:
        flat["parent"] = jur.parent
    flat["name"] = jur.name.model_dump(mode="json")
    if jur.aliases:
        flat["aliases"] = list(jur.aliases)
    for i, reg in enumerate(jur.regulators):
        flat[f"regulators.{reg.id}"] = {"role": reg.role, "position": i}
    for key, src in jur.sources.items():
        flat[f"sources.{key}"] = src.model_dump(mode="json", exclude_none=True)
    for path, fact in iter_facts(jur):
        flat[path] = fact_state(fact)
    return flat


def assemble(code: str, flat: Mapping[str, Any]) -> dict[str, Any]:
    """The plain document (as in a data file) described by a flat map. Raises DocumentError."""
    doc: dict[str, Any] = {"code": code}
    for field in FIELD_PATHS:
        if flat.get(field) is not None:
            doc[field] = flat[field]
    regs: list[tuple[int, str, dict[str, Any]]] = []
    sources: dict[str, Any] = {}
    facts: list[tuple[str, Any]] = []
    for path, state in flat.items():
        if state is None or path in FIELD_PATHS:
            continue
        kind = path_kind(path)
        if kind == "regulator":
            reg_id = path.split(".", 1)[1]
            regs.append((int(state.get("position", 0)), reg_id, {"id": reg_id, "role": state.get("role")}))
        elif kind == "source":
            sources[path.split(".", 1)[1]] = dict(state)
        else:
            facts.append((path, state))
    regs.sort(key=lambda r: (r[0], r[1]))
    by_id = {reg_id: body for _, reg_id, body in regs}
    if regs:
        doc["regulators"] = [body for _, _, body in regs]
    doc["sources"] = sources
    lists: dict[tuple[int, str], tuple[dict[str, Any], str, dict[int, Any]]] = {}
    for path, state in facts:
        parts = path.split(".")
        target: dict[str, Any] = doc
        if parts[0] == "regulators":
            reg = by_id.get(parts[1])
            if reg is None:
                raise DocumentError(f"{path}: there is no regulator {parts[1]!r} (add regulators through an import)")
            target, parts = reg, parts[2:]
        if parts[-1].isdigit():
            if len(parts) < 2:
                raise DocumentError(f"{path!r}: not a valid path")
            container = _descend(target, parts[:-2], path)
            name = parts[-2]
            slot = lists.setdefault((id(container), name), (container, name, {}))
            slot[2][int(parts[-1])] = state
        else:
            container = _descend(target, parts[:-1], path)
            container[parts[-1]] = state
    for container, name, items in lists.values():
        indices = sorted(items)
        if indices != list(range(len(indices))):
            missing = next(i for i in range(len(indices) + 1) if i not in items)
            raise DocumentError(f"{name}: item {missing} is missing (list items are numbered from 0 without gaps)")
        container[name] = [items[i] for i in indices]
    return doc


def _descend(target: dict[str, Any], parts: list[str], path: str) -> dict[str, Any]:
    for part in parts:
        nxt = target.setdefault(part, {})
        if not isinstance(nxt, dict):
            raise DocumentError(f"{path!r}: {part!r} is a fact, not a section")
        target = nxt
    return target


@dataclass(frozen=True)
class FieldChange:
    """One entry that differs between two versions of a jurisdiction."""

    code: str
    path: str
    old: Any  # state, None = absent
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


def diff(code: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    changes = [FieldChange(code, p, old.get(p), s) for p, s in new.items() if old.get(p) != s]
    changes += [FieldChange(code, p, s, None) for p, s in old.items() if p not in new and s is not None]
    return changes


def value_of(path: str, state: Any) -> Any:
    """What a person reads as the 'value' of an entry: the fact's value, else the state itself."""
    if state is None:
        return None
    if path_kind(path) == "fact":
        return state.get("value")
    return state


def short(value: Any, width: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


# Rows → flat maps (shared by the registry and the stdlib reader; callers decode driver types first)

JurRow = tuple[str, str, str | None, str, str, list[str] | None]  # code, kind, parent, name_en, name_fr, aliases
RegRow = tuple[str, str, str, int]  # code, reg_id, role, position
SrcRow = tuple[str, str, str, str, Any, Any, Any]  # code, key, url, title, last_verified, kind, content_date
FactRow = tuple[str, str, Any, str | None, Any, Any]  # code, path, value, source_key, unverified, note


def iso_date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def field_states(kind: str, parent: str | None, name_en: str, name_fr: str, aliases: list[str] | None) -> Flat:
    flat: Flat = {"kind": kind}
    if parent is not None:
        flat["parent"] = parent
    flat["name"] = {"en": name_en, "fr": name_fr}
    if aliases:
        flat["aliases"] = list(aliases)
    return flat


def source_state(url: str, title: str, last_verified: Any, kind: str | None = None,
                 content_date: Any = None) -> dict[str, Any]:
    state = {"url": url, "title": title, "last_verified": iso_date(last_verified)}
    if kind is not None:
        state["kind"] = kind
    if content_date is not None:
        state["content_date"] = iso_date(content_date)
    return state


def make_fact_state(value: Any, source_key: str | None, unverified: Any, note: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"value": value}
    if source_key is not None:
        state["source"] = source_key
    if unverified:
        state["unverified"] = True
    if note is not None:
        state["note"] = note
    return state


def flat_maps_from_rows(
    jurisdictions: Iterable[JurRow], regulators: Iterable[RegRow], sources: Iterable[SrcRow], facts: Iterable[FactRow]
) -> dict[str, Flat]:
    """Rows (already ordered by position) grouped into one flat map per jurisdiction code."""
    maps: dict[str, Flat] = {}
    for code, kind, parent, name_en, name_fr, aliases in jurisdictions:
        maps[code] = field_states(kind, parent, name_en, name_fr, aliases)
    for code, reg_id, role, position in regulators:
        maps[code][f"regulators.{reg_id}"] = {"role": role, "position": position}
    for code, key, url, title, last_verified, kind, content_date in sources:
        maps[code][f"sources.{key}"] = source_state(url, title, last_verified, kind, content_date)
    for code, path, value, source_key, unverified, note in facts:
        maps[code][path] = make_fact_state(value, source_key, unverified, note)
    return maps
