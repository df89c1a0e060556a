"""The in-memory, read-only view every answer is computed from.

Built from the data files, or (with the database) from the stored entries; replaced whole after an
edit, so a question never waits on I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jurisdictions.loader import DATA_DIR, GUIDANCE_FILE, check_collection, load_directory, load_guidance
from jurisdictions.resolver import JurisdictionIndex

if TYPE_CHECKING:  # the validated models, or their compiled records (jurisdictions.records)
    from jurisdictions.schema import Guidance, Jurisdiction


@dataclass(frozen=True)
class Snapshot:
    jurisdictions: Mapping[str, Jurisdiction]
    guidance: Guidance
    index: JurisdictionIndex
    version: int = 0

    @classmethod
    def build(
        cls,
        jurisdictions: Iterable[Jurisdiction] | Mapping[str, Jurisdiction],
        guidance: Guidance | None = None,
        version: int = 0,
        extra_aliases: Iterable[tuple[str, str]] = (),
    ) -> Snapshot:
        items = jurisdictions.values() if isinstance(jurisdictions, Mapping) else jurisdictions
        by_code = check_collection(items)
        return cls(
            jurisdictions=by_code,
            guidance=guidance or load_guidance(),
            index=JurisdictionIndex.build(by_code, extra_aliases),
            version=version,
        )

    def get(self, code: str) -> Jurisdiction | None:
        return self.jurisdictions.get(code)

    def children(self, code: str) -> list[Jurisdiction]:
        return sorted((j for j in self.jurisdictions.values() if j.parent == code), key=lambda j: j.code)

    def country_of(self, jur: Jurisdiction) -> str:
        return jur.code.split("-", 1)[0]


class SnapshotUnavailable(Exception):
    """The source the entry point chose cannot give a snapshot (a configured database that cannot be read: the
    message is one line, nothing secret); answering from somewhere else would hide it."""


def load_snapshot(directory: Path | None = None) -> Snapshot:
    """The data files (`directory`, default the bundled ones) as validated models (what the bot, the database
    and `regulator` use)."""
    return Snapshot.build(load_directory(directory or DATA_DIR))


def compiled_snapshot(directory: Path | None = None) -> Snapshot:
    """The data files as compiled records: the same answers as `load_snapshot`, without importing pydantic
    when the files have not changed since they were last validated (`ask`, `check`)."""
    from jurisdictions.records import load_compiled

    jurs, guidance = load_compiled(directory or DATA_DIR, GUIDANCE_FILE)
    return Snapshot.build(jurs, guidance)  # type: ignore[arg-type]
