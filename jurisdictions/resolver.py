"""Turn what a person types into a jurisdiction: exact index first, then rapidfuzz with a cut-off.

Keys are `compact_key`s of names, aliases, codes and places. One key may lead to several jurisdictions
(London, Portland, Paris, Sherbrooke): then the result is ambiguous and lists the candidates, so the
bot asks instead of guessing. Fuzzy matches below `accept_score` become suggestions only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from jurisdictions.schema import Jurisdiction
from jurisdictions.textnorm import compact_key, fold

KeyKind = Literal["code", "name", "alias", "place"]
_KIND_RANK = {"code": 0, "name": 1, "alias": 2, "place": 3}


@dataclass(frozen=True, slots=True)
class KeyEntry:
    code: str
    label: str  # the spelling from the data, e.g. "N.-B." or "Gatineau"
    kind: KeyKind


@dataclass(frozen=True, slots=True)
class Match:
    code: str
    matched: str  # the data spelling that matched
    score: float
    kind: KeyKind


@dataclass(frozen=True, slots=True)
class Resolution:
    """Outcome of resolving one piece of text."""

    query: str
    match: Match | None = None
    candidates: tuple[Match, ...] = ()  # several jurisdictions fit equally: ask which
    suggestions: tuple[Match, ...] = ()  # close but below the cut-off: "did you mean"

    @property
    def ambiguous(self) -> bool:
        return self.match is None and len(self.candidates) > 1


@dataclass
class JurisdictionIndex:
    """Exact and fuzzy lookup over every key of every jurisdiction."""

    exact: dict[str, list[KeyEntry]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    max_key_len: int = 0
    _by_first: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_last: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _fuzzy_cache: dict[tuple[str, float], Resolution] = field(default_factory=dict, repr=False)
    accept_score: float = 84.0
    suggest_score: float = 70.0

    @classmethod
    def build(cls, jurisdictions: Mapping[str, Jurisdiction], extra: Iterable[tuple[str, str]] = ()) -> JurisdictionIndex:
        index = cls()
        for jur in jurisdictions.values():
            index.add(jur.code, jur.code, "code")
            if "-" in jur.code:
                index.add(jur.code, jur.code.replace("-", " "), "code")
            index.add(jur.code, jur.name.en, "name")
            index.add(jur.code, jur.name.fr, "name")
            for alias in jur.aliases:
                index.add(jur.code, alias, "alias")
            if jur.places is not None:
                for place in jur.places.value:
                    index.add(jur.code, place, "place")
            for body in jur.regulators:  # "membre de l'OTSTCFQ", "registered with NSCSW"
                if body.role == "regulator" and body.acronym is not None:
                    for acronym in {body.acronym.value.en, body.acronym.value.fr}:
                        if len(compact_key(acronym)) >= 4:
                            index.add(jur.code, acronym, "alias")
        for code, alias in extra:
            index.add(code, alias, "alias")
        index.keys = sorted(index.exact, key=len)
        index.max_key_len = max((len(k) for k in index.keys), default=0)
        for k in index.keys:
            index._by_first.setdefault(k[0], []).append(k)
            index._by_last.setdefault(k[-1], []).append(k)
        return index

    def add(self, code: str, label: str, kind: KeyKind) -> None:
        key = compact_key(label)
        if not key:
            return
        entries = self.exact.setdefault(key, [])
        for i, entry in enumerate(entries):
            if entry.code == code:
                if _KIND_RANK[kind] < _KIND_RANK[entry.kind]:
                    entries[i] = KeyEntry(code, label, kind)
                return
        entries.append(KeyEntry(code, label, kind))

    def lookup(self, key: str) -> list[KeyEntry]:
        return self.exact.get(key, [])

    def resolve(self, text: str, suggest: bool = True) -> Resolution:
        """Exact hit, else fuzzy. `suggest=False` (free-text scanning) only looks for accepted matches,
        which lets rapidfuzz skip most keys at once."""
        key = compact_key(text)
        if not key:
            return Resolution(query=text)
        entries = self.exact.get(key)
        if entries:
            typed = " ".join(text.split())  # an exact hit: report the spelling the person used
            if len(entries) > 1:  # 'N.-É.' (Nova Scotia) and 'NE' (Nebraska) share a key: the exact spelling decides
                spelled = [e for e in entries if fold(e.label) == fold(typed)]
                if len(spelled) == 1:
                    entries = spelled
            matches = tuple(Match(e.code, typed if len(entries) == 1 else e.label, 100.0, e.kind) for e in entries)
            if len(matches) == 1:
                return Resolution(query=text, match=matches[0])
            return Resolution(query=text, candidates=matches)
        return self._fuzzy(text, key, self.suggest_score if suggest else self.accept_score)

    def _fuzzy(self, text: str, key: str, cutoff: float) -> Resolution:
        if len(key) < 4:  # two or three letters are too short to guess a typo from
            return Resolution(query=text)
        cached = self._fuzzy_cache.get((key, cutoff))
        if cached is not None:
            return Resolution(query=text, match=cached.match, candidates=cached.candidates, suggestions=cached.suggestions)
        # Candidates share the first or the last letter with the query: one or two typos almost never
        # change both, and it spares scoring ~90% of the keys.
        first = self._by_first.get(key[0], [])
        last = self._by_last.get(key[-1], [])
        hits = process.extract(key, first, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff)
        hits += process.extract(key, last, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff)
        best_by_code: dict[str, Match] = {}
        for hit_key, score, _ in hits:
            for entry in self.exact[hit_key]:
                known = best_by_code.get(entry.code)
                if known is None or score > known.score:
                    best_by_code[entry.code] = Match(entry.code, entry.label, round(float(score), 1), entry.kind)
        ranked = sorted(best_by_code.values(), key=lambda m: (-m.score, _KIND_RANK[m.kind]))
        result = self._decide(text, ranked)
        if len(self._fuzzy_cache) >= 4096:  # bounded: people repeat words, attackers don't get memory
            self._fuzzy_cache.clear()
        self._fuzzy_cache[(key, cutoff)] = result
        return result

    def _decide(self, text: str, ranked: list[Match]) -> Resolution:
        if not ranked:
            return Resolution(query=text)
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if top.score >= self.accept_score and top.score - runner_up >= 4.0:
            return Resolution(query=text, match=top)
        if top.score >= self.accept_score:
            close = tuple(m for m in ranked if top.score - m.score < 4.0)
            return Resolution(query=text, candidates=close)
        return Resolution(query=text, suggestions=tuple(ranked[:3]))

    def complete(self, text: str, limit: int = 25) -> list[Match]:
        """Autocomplete: prefix matches first, then fuzzy ones; one entry per jurisdiction+label."""
        key = compact_key(text)
        out: list[Match] = []
        seen: set[tuple[str, str]] = set()

        def push(entry: KeyEntry, score: float) -> None:
            ident = (entry.code, entry.label)
            if ident not in seen:
                seen.add(ident)
                out.append(Match(entry.code, entry.label, score, entry.kind))

        if key:
            for k in self.keys:
                if k.startswith(key):
                    for entry in self.exact[k]:
                        push(entry, 100.0)
                    if len(out) >= limit:
                        return out[:limit]
            if len(key) >= 3:
                for hit_key, score, _ in process.extract(key, self.keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=60):
                    for entry in self.exact[hit_key]:
                        push(entry, round(float(score), 1))
        return out[:limit]
