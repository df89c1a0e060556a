"""Shared, cached access to the real bundled data for the engine tests (no fixtures file to collide on)."""

from __future__ import annotations

from functools import lru_cache

from jurisdictions.snapshot import Snapshot, load_snapshot
from jurisdictions.verdict import VerdictEngine

CANADA = ["CA-AB", "CA-BC", "CA-MB", "CA-NB", "CA-NL", "CA-NS", "CA-NT", "CA-NU", "CA-ON", "CA-PE", "CA-QC", "CA-SK", "CA-YT"]


@lru_cache(maxsize=1)
def real_snapshot() -> Snapshot:
    return load_snapshot()


@lru_cache(maxsize=1)
def real_engine() -> VerdictEngine:
    return VerdictEngine(real_snapshot())
