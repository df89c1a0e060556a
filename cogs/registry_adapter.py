"""`cogs.store.Store` on top of `db.registry.Registry` (issue 3's service): type mapping and error mapping
only — validation, versions, history and the snapshot rebuild all live in the registry."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath
from typing import Any

import yaml

from cogs.store import (
    Change,
    Entry,
    EntryConflict,
    ImportPlan,
    InvalidEdit,
    NotFound,
    PlannedChange,
    Revision,
    StaleItem,
)
from db import registry as reg
from db.documents import flatten, path_kind, value_of
from jurisdictions.loader import DataError, dump_jurisdiction, parse_jurisdiction, to_yaml
from jurisdictions.snapshot import Snapshot

EDITABLE_FIELDS = reg.EDITABLE_FIELDS
MAX_IMPORT_FILES = 500


def _revision(r: reg.Revision) -> Revision:
    return Revision(id=r.id, at=r.at, by_id=r.by.id, by_name=r.by.name, code=r.code, path=r.path, action=r.action,
                    old_value=r.old_value, new_value=r.new_value, reason=r.reason, source_url=r.source_url)


def _conflict(exc: reg.Conflict) -> EntryConflict:
    current = Entry(exc.code, exc.path, exc.current_value, exc.current_version or 0, exc.current_state)
    return EntryConflict(current, exc.message)


class RegistryStore:
    def __init__(self, registry: reg.Registry, *, owned: bool = False) -> None:
        self.registry = registry
        self._owned = owned

    @classmethod
    async def open(cls, url: str | None = None, **options: Any) -> RegistryStore:
        return cls(await reg.Registry.open(url, **options), owned=True)

    async def aclose(self) -> None:
        if self._owned:
            await self.registry.close()

    @property
    def snapshot(self) -> Snapshot:
        return self.registry.snapshot

    # ----- reads -----------------------------------------------------------------------------------------------
    def fields(self, code: str) -> list[tuple[str, Any]]:
        """Editable entries of a jurisdiction, from the snapshot (no database round trip: autocomplete)."""
        jur = self.snapshot.get(code)
        if jur is None:
            return []
        out = []
        for path, state in flatten(jur).items():
            kind = path_kind(path)
            if kind == "fact" or (kind == "field" and path in EDITABLE_FIELDS):
                out.append((path, value_of(path, state)))
        return out

    async def entry(self, code: str, path: str) -> Entry:
        try:
            found = await self.registry.get(code)
        except reg.NotFound as exc:
            raise NotFound(exc.message) from None
        kind = path_kind(path) if path else "field"
        if kind == "field" and path in EDITABLE_FIELDS:
            value = {"name": dict(found.name), "aliases": list(found.aliases), "kind": found.kind,
                     "parent": found.parent}[path]
            return Entry(found.code, path, value, found.version, value)
        if kind == "fact" and path in found.facts:
            info = found.facts[path]
            return Entry(found.code, path, info.value, info.version)
        raise NotFound(f"{found.code} has no editable entry {path!r}")

    async def history(self, code: str, limit: int = 30) -> list[Revision]:
        revisions = await self.registry.history(code, limit=limit)
        return [_revision(r) for r in reversed(revisions)]  # newest first

    async def revision(self, revision_id: int) -> Revision | None:
        try:
            return _revision(await self.registry.revision(revision_id))
        except reg.NotFound:
            return None

    async def stale(self, days: int) -> list[StaleItem]:
        return [StaleItem(s.code, f"{s.key}: {s.title}", s.last_verified) for s in await self.registry.stale(days)]

    def sources(self, code: str) -> list[tuple[str, str]]:
        jur = self.snapshot.get(code)
        return [(key, src.title) for key, src in jur.sources.items()] if jur else []

    # ----- writes ----------------------------------------------------------------------------------------------
    async def update(self, code: str, path: str, value: Any, *, reason: str, source_url: str, by_id: str, by_name: str,
                     expected_version: int) -> Revision:
        try:
            result = await self.registry.update(code, path, value, reason=reason, by=reg.Actor(by_id, by_name),
                                                expected_version=expected_version,
                                                source_url=(source_url or None) if path_kind(path) == "fact" else None)
        except reg.Conflict as exc:
            raise _conflict(exc) from None
        except reg.RegistryError as exc:
            raise InvalidEdit(exc.message) from None
        return _revision(result.revision)

    async def revert(self, revision_id: int, *, by_id: str, by_name: str) -> Revision:
        try:
            result = await self.registry.revert(revision_id, by=reg.Actor(by_id, by_name))
        except reg.Conflict as exc:
            raise _conflict(exc) from None
        except reg.NotFound as exc:
            raise NotFound(exc.message) from None
        except reg.RegistryError as exc:
            raise InvalidEdit(exc.message) from None
        return _revision(result.revision)

    async def mark_verified(self, code: str, *, by_id: str, by_name: str, source: str | None = None) -> list[Revision]:
        """Mark one source (key or URL) — or every source of the jurisdiction — as verified today."""
        jur = self.snapshot.get(code)
        if jur is None:
            raise NotFound(f"there is no jurisdiction {code!r}")
        keys = [source] if source else list(jur.sources)
        out: list[Revision] = []
        for key in keys:
            try:
                result = await self.registry.mark_verified(code, by=reg.Actor(by_id, by_name), source=key)
            except reg.NoChange:
                continue
            except reg.NotFound as exc:
                raise NotFound(exc.message) from None
            except reg.RegistryError as exc:
                raise InvalidEdit(exc.message) from None
            out += [_revision(r) for r in result.revisions]
        return out

    async def watch(self, channel_id: int, code: str, *, by_id: str) -> None:
        await self.registry.watch(channel_id, code, by=reg.Actor(by_id, by_id))

    async def unwatch(self, channel_id: int, code: str) -> None:
        await self.registry.unwatch(channel_id, code)

    async def watchers(self, code: str) -> list[int]:
        return sorted(self.registry.watchers(code))

    def subscribe(self, callback: Callable[[Change], Awaitable[None] | None]) -> Callable[[], None]:
        """`callback(change)` after every committed change (including ones picked up from other processes)."""

        def relay(change: reg.Change) -> Awaitable[None] | None:
            revisions = [_revision(r) for r in change.revisions]
            watchers = {code: sorted(ids) for code, ids in change.watchers.items()}
            for r in revisions:  # a revision's own code may be missing when several codes changed at once
                watchers.setdefault(r.code, sorted(self.registry.watchers(r.code)))
            return callback(Change(revisions, watchers))

        return self.registry.subscribe(relay)

    # ----- import / export -------------------------------------------------------------------------------------
    async def import_preview(self, filename: str, content: bytes) -> ImportPlan:
        docs = _parse_upload(filename, content)
        try:
            report = await self.registry.import_documents(docs, dry_run=True)
        except reg.RegistryError as exc:
            raise InvalidEdit(exc.message) from None
        changes = [PlannedChange(c.code, c.path, c.kind) for c in report.changes]
        return ImportPlan(changes=changes, token=(docs, filename, self.registry.data_version))

    async def import_apply(self, plan: ImportPlan, *, by_id: str, by_name: str) -> int:
        docs, filename, seen_version = plan.token
        if self.registry.data_version != seen_version:
            await self.registry.refresh()
        if self.registry.data_version != seen_version:
            raise InvalidEdit("the entries changed since the preview; run the import again to see the new differences")
        try:
            report = await self.registry.import_documents(docs, by=reg.Actor(by_id, by_name), reason=f"import of {filename}")
        except reg.RegistryError as exc:
            raise InvalidEdit(exc.message) from None
        return len(report.changes)

    async def export(self) -> dict[str, str]:
        """One data file per jurisdiction, in the loader's format (the same files as `db export`).

        Rendered from the current snapshot in a worker thread (YAML dumping takes long enough to stall
        the event loop); the snapshot is immutable, so this is safe while edits go on."""
        await self.registry.refresh()
        snap, version = self.registry.snapshot, self.registry.data_version
        stamp = dt.date.today().isoformat()

        def render() -> dict[str, str]:
            header = f"# Exported from the Passerelle database on {stamp} (data version {version}).\n"
            return {f"{code}.yaml": header + to_yaml(dump_jurisdiction(jur)) for code, jur in sorted(snap.jurisdictions.items())}

        return await asyncio.to_thread(render)


def _parse_upload(filename: str, content: bytes) -> list[Any]:
    """Jurisdictions from one YAML file or a zip of them; every problem listed, nothing partial."""
    files: list[tuple[str, bytes]] = []
    name = PurePosixPath(filename).name
    if name.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith((".yaml", ".yml"))]
                if len(members) > MAX_IMPORT_FILES:
                    raise InvalidEdit(f"too many files in the archive (max {MAX_IMPORT_FILES})")
                files = [(PurePosixPath(m.filename).name, archive.read(m)) for m in members if m.file_size < 2_000_000]
        except zipfile.BadZipFile:
            raise InvalidEdit(f"{name}: not a valid zip archive") from None
        if not files:
            raise InvalidEdit(f"{name}: no .yaml files inside")
    elif name.lower().endswith((".yaml", ".yml")):
        files = [(name, content)]
    else:
        raise InvalidEdit(f"{name}: send a .yaml data file or a .zip of them")
    errors: list[str] = []
    docs = []
    for fname, raw in files:
        try:
            data = yaml.safe_load(raw.decode("utf-8"))
            jur = parse_jurisdiction(data, fname)
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            errors.append(f"{fname}: not valid UTF-8 YAML ({type(exc).__name__})")
            continue
        except DataError as exc:
            errors.append(str(exc))
            continue
        if len(files) > 1 and PurePosixPath(fname).stem != jur.code:
            errors.append(f"{fname}: code {jur.code!r} does not match the file name")
            continue
        docs.append(jur)
    if errors:
        raise InvalidEdit("\n".join(errors[:20]) + (f"\n… +{len(errors) - 20}" if len(errors) > 20 else ""))
    return docs

