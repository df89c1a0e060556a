"""What the registry hands out and raises: who acted, its errors, and the typed results of reads and edits.

Plain frozen dataclasses (no database, no Discord): a cog or the terminal shows them, a test compares them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from db.documents import EntryPath, FieldChange, short, value_of
from db.models import RevisionRow
from jurisdictions.schema import Jurisdiction
from jurisdictions.snapshot import Snapshot

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
            raise NotFound(f"{self.code} has no fact {path!r}", suggestions=near(path, self.facts)) from None

    def version_of(self, path: str | EntryPath) -> int | None:
        at = path if isinstance(path, EntryPath) else EntryPath.parse(path)
        if at.kind == "field":
            return self.version
        if at.kind == "fact":
            info = self.facts.get(at.path)
            return info.version if info else None
        if at.kind == "source":
            src = self.sources.get(at.key)
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
                lines.append(f"~ {ch.code} {ch.path}: {describe_change(ch)}")
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



def describe_change(ch: FieldChange) -> str:
    return f"{short(value_of(ch.path, ch.old), 70)} → {short(value_of(ch.path, ch.new), 70)}"


def near(path: str, choices: Iterable[str]) -> tuple[str, ...]:
    """Up to three close matches, for a NotFound's suggestions."""
    return tuple(difflib.get_close_matches(path, list(choices), n=3, cutoff=0.6))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def revision_of_row(row: RevisionRow) -> Revision:
    return Revision(
        id=row.id, at=_aware(row.at), by=Actor(row.by_id, row.by_name), code=row.jurisdiction_code, path=row.path,
        action=row.action, old_value=row.old_value, new_value=row.new_value, reason=row.reason,
        source_url=row.source_url, reverts_id=row.reverts_id, data_version=row.data_version,
        old_state=row.old_state, new_state=row.new_state,
    )


def revision_of_values(revision_id: int, v: Mapping[str, Any]) -> Revision:
    """The Revision of a row just inserted from `v` (the values of RevisionRow's columns)."""
    return Revision(
        id=revision_id, at=_aware(v["at"]), by=Actor(v["by_id"], v["by_name"]), code=v["jurisdiction_code"],
        path=v["path"], action=v["action"], old_value=v["old_value"], new_value=v["new_value"], reason=v["reason"],
        source_url=v["source_url"], reverts_id=v["reverts_id"], data_version=v["data_version"],
        old_state=v["old_state"], new_state=v["new_state"],
    )
