"""Answers remembered per snapshot: the data only changes when the registry swaps in a new snapshot (an edit here or
in another process), so what was derived from the old one is dropped then, all at once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class SnapshotMemo(Generic[V]):
    """At most `size` values derived from one snapshot, least recently used dropped first; emptied when asked about
    another snapshot. `hits` and `misses` are counted for the benchmarks."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._snapshot: object = None
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, snapshot: object, key: Hashable) -> V | None:
        if snapshot is not self._snapshot:
            self._items.clear()
            self._snapshot = snapshot
        hit = self._items.get(key)
        if hit is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return hit

    def put(self, snapshot: object, key: Hashable, value: V) -> V:
        if snapshot is self._snapshot and self.size > 0:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
