"""What the bot derives from one snapshot, made once: the data only changes when the registry swaps in a new snapshot
(an edit here or in another process), so what was derived from the old one is dropped then (`SnapshotMemo`), or, in
the small bounded tables (`kept`), when a full table is emptied."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

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


def kept(table: dict[Any, V], key: Any, limit: int, make: Callable[[], V]) -> V:
    """`make()`, made once per `key` and kept in `table`; a full table (`limit` entries) is emptied: what these tables
    hold comes from one snapshot, and a new snapshot's objects are new keys."""
    hit = table.get(key)
    if hit is None:
        if len(table) >= limit:
            table.clear()
        hit = table[key] = make()
    return hit


def kept_for(table: dict[Any, tuple[object, V]], owner: object, key: tuple[Any, ...], limit: int,
              make: Callable[[], V]) -> V:
    """`kept` for what is made of one object of the snapshot, keyed by its id(): a hit counts only for that very
    object (an id can be reused once its object is gone)."""
    full_key = (id(owner), *key)
    pair = kept(table, full_key, limit, lambda: (owner, make()))
    if pair[0] is not owner:
        pair = table[full_key] = (owner, make())
    return pair[1]
