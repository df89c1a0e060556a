"""Autocomplete over the index: prefix hits from sorted keys (bisect), towns by population, close names last.

Autocomplete runs on every keystroke, on the bot's event loop, so each step is bounded whatever the data's
size: the data's keys are found by bisecting a sorted list (not by testing every key), GeoNames towns by
`Gazetteer.prefixed` (memoised top lists for crowded prefixes), and a typo pass runs only when prefixes found
little, over the keys sharing the first letter, with a plain ratio against each key's head (the typed text
is the start of a name, so WRatio's partial and token passes buy nothing here). Answers are memoised per
key in a small LRU: people type the same first letters. (The bot memoises its rendered choices too, so this
one is kept small: 2,048 lists of up to 50 matches were ~1.5 MB of the bot's memory.)
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from jurisdictions.textnorm import compact_key, fold

if TYPE_CHECKING:
    from jurisdictions.resolver import JurisdictionIndex, Match

CACHE_SIZE = 128  # behind the bot's own memo of choices (app.places) it saved no measurable time
CLOSE_SCORE = 70.0  # ratio against the key's head; one typo in five letters scores ~73
MAX_HEAD = 40  # longer typed text is compared with whole keys
FEW = 5  # close names are looked for only when prefixes found fewer than this
_AFTER_Z = "{"  # sorts after every character a compact key holds ([0-9a-z])
_fold = lru_cache(maxsize=4096)(fold)  # town names repeat from keystroke to keystroke; accents cost to fold


class Completer:
    """Prefix, town and close-name completion for one index (built with it, dropped with it)."""

    def __init__(self, index: JurisdictionIndex) -> None:
        self.index = index
        self.sorted_keys = sorted(index.exact)
        self._rank = {k: i for i, k in enumerate(index.keys)}  # shortest first, as the index lists them
        self._heads: dict[tuple[str, int], list[str]] = {}
        self._matches: dict[str, tuple[tuple[tuple[str, str], Match], ...]] = {}  # at most one per data key
        self._cache: OrderedDict[tuple[str, int], tuple[Match, ...]] = OrderedDict()

    def complete(self, text: str, limit: int = 25) -> list[Match]:
        key = compact_key(text)
        if not key:
            return []
        ident = (key, limit)
        hit = self._cache.get(ident)
        if hit is None:
            hit = self._cache[ident] = tuple(self._complete(key, limit))
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(ident)
        return list(hit)

    def prefixed_keys(self, key: str) -> list[str]:
        """The data's keys starting with `key`, shortest first (the exact key leads)."""
        keys = self.sorted_keys
        lo = bisect_left(keys, key)
        hi = bisect_left(keys, key + _AFTER_Z, lo)
        found = keys[lo:hi]
        found.sort(key=self._rank.__getitem__)
        return found

    def _complete(self, key: str, limit: int) -> list[Match]:
        from jurisdictions.resolver import Match

        index = self.index
        codes = index.codes
        out: list[Match] = []
        seen: set[tuple[str, str]] = set()

        def push(ident: tuple[str, str], match: Match) -> bool:
            if ident not in seen:
                seen.add(ident)
                out.append(match)
            return len(out) >= limit

        for k in self.prefixed_keys(key):
            for ident, match in self._key_matches(k):
                if push(ident, match):
                    return out
        g = index.gazetteer
        if g is not None and len(key) >= 3:
            for name, code, population in g.prefixed_rows(key, limit=limit):
                if code in codes and push((code, _fold(name)), Match(code, name, 100.0, "place", population)):
                    return out
        if len(key) >= 3 and len(out) < FEW:  # "londn", "gatineu": close names only when prefixes found little
            fuzzy = index._fuzzy_index()
            near = index._by_first.get(key[0], [])  # a typo rarely changes the first letter; spares most keys
            heads = self._head_list(key[0], min(len(key) + 1, MAX_HEAD), near)
            for _, score, at in process.extract(key, heads, scorer=fuzz.ratio, limit=limit, score_cutoff=CLOSE_SCORE):
                for entry in fuzzy[near[at]]:
                    if entry.code in codes and push((entry.code, _fold(entry.label)), Match(
                            entry.code, entry.label, round(float(score), 1), entry.kind)):
                        return out
        return out

    def _key_matches(self, key: str) -> tuple[tuple[tuple[str, str], Match], ...]:
        """A data key's prefix matches, built once: (code, folded label) to skip duplicates, and the match."""
        found = self._matches.get(key)
        if found is None:
            from jurisdictions.resolver import Match

            codes = self.index.codes
            found = self._matches[key] = tuple(((e.code, fold(e.label)), Match(e.code, e.label, 100.0, e.kind))
                                               for e in self.index.exact[key] if e.code in codes)
        return found

    def _head_list(self, first: str, size: int, near: list[str]) -> list[str]:
        """The first `size` letters of each key of a first-letter bucket (memoised: a few dozen lists)."""
        heads = self._heads.get((first, size))
        if heads is None:
            heads = self._heads[(first, size)] = [k[:size] for k in near]
        return heads
