"""The moderation cog's view of the registry service (`db.registry`): small typed records and errors,
and the adapter that maps them onto the registry. Kept separate so the cog never touches SQL and the
registry never imports Discord."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from jurisdictions.snapshot import Snapshot
    from settings import Settings


class StoreError(Exception):
    """Base of the errors the cog shows to moderators."""


class NotFound(StoreError):
    pass


class InvalidEdit(StoreError):
    """The edit or import does not validate (bad URL, age out of range, missing field …)."""


@dataclass(frozen=True)
class Entry:
    code: str
    path: str
    value: Any  # what a person reads (a fact's value, or the whole state for other entries)
    version: int
    state: Any = None


class EntryConflict(StoreError):
    """The entry changed since the moderator saw it; carries the current value and version."""

    def __init__(self, current: Entry, message: str = "") -> None:
        super().__init__(message or f"{current.code} {current.path} is now at version {current.version}")
        self.current = current


@dataclass(frozen=True)
class Revision:
    id: int
    at: dt.datetime
    by_id: str
    by_name: str
    code: str
    path: str
    action: str
    old_value: Any
    new_value: Any
    reason: str
    source_url: str | None


@dataclass(frozen=True)
class StaleItem:
    code: str
    title: str
    last_verified: dt.date | None


@dataclass(frozen=True)
class PlannedChange:
    """One field an import would change."""

    code: str
    path: str
    kind: str  # added | changed | removed


@dataclass(frozen=True)
class ImportPlan:
    changes: list[PlannedChange]
    token: Any  # what import_apply needs (the parsed documents and the data version they were diffed against)


@dataclass(frozen=True)
class Change:
    """A committed change, as the registry announces it: the revisions and who watches each code."""

    revisions: list[Revision]
    watchers: dict[str, list[int]]


class Store(Protocol):
    @property
    def snapshot(self) -> Snapshot: ...
    def fields(self, code: str) -> list[tuple[str, Any]]: ...
    async def entry(self, code: str, path: str) -> Entry: ...
    async def update(self, code: str, path: str, value: Any, *, reason: str, source_url: str, by_id: str, by_name: str,
                     expected_version: int) -> Revision: ...
    async def history(self, code: str, limit: int = 30) -> list[Revision]: ...
    async def revision(self, revision_id: int) -> Revision | None: ...
    async def revert(self, revision_id: int, *, by_id: str, by_name: str) -> Revision: ...
    async def mark_verified(self, code: str, *, by_id: str, by_name: str, source: str | None = None) -> list[Revision]: ...
    def sources(self, code: str) -> list[tuple[str, str]]: ...
    async def stale(self, days: int) -> list[StaleItem]: ...
    async def watch(self, channel_id: int, code: str, *, by_id: str) -> None: ...
    async def unwatch(self, channel_id: int, code: str) -> None: ...
    async def watchers(self, code: str) -> list[int]: ...
    def subscribe(self, callback: Callable[[Change], Awaitable[None] | None]) -> Callable[[], None]: ...
    async def import_preview(self, filename: str, content: bytes) -> ImportPlan: ...
    async def import_apply(self, plan: ImportPlan, *, by_id: str, by_name: str) -> int: ...
    async def export(self) -> dict[str, str]: ...
    async def aclose(self) -> None: ...


async def open_registry(settings: Settings) -> Store | None:
    """The registry of `db/` wrapped for the cog (migrated and seeded on first start)."""
    from cogs.registry_adapter import RegistryStore

    return await RegistryStore.open(settings.database_url)
