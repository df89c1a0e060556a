"""Turn what a person types into a jurisdiction: exact keys (data and GeoNames towns) first, fuzzy last.

Keys are `compact_key`s of names, aliases, codes, regulators and places. A key usually leads to several
places (London, Portland, Cornwall): `namesakes.decide` settles them with the question's context and the
towns' populations, or asks, listing the candidates. Typos are matched (`_fuzzy`) only against
jurisdiction names, aliases and large towns, within a budget of edits scaled to the word's length, and
never when an exact key exists. A place recognised outside coverage (Cancun, Portugal) comes back as
`not_covered`, never as a covered jurisdiction.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from jurisdictions import gazetteer as gaz
from jurisdictions.textnorm import clean_input, compact_key

if TYPE_CHECKING:
    from jurisdictions.autocomplete import Completer
    from jurisdictions.schema import Jurisdiction

KeyKind = Literal["code", "name", "alias", "place", "outside"]
_KIND_RANK = {"code": 0, "name": 1, "alias": 2, "place": 3, "outside": 4}
JURISDICTION_KINDS = frozenset({"code", "name", "alias"})


@dataclass(frozen=True, slots=True)
class KeyEntry:
    code: str
    label: str  # the spelling from the data, e.g. "N.-B." or "Gatineau"
    kind: KeyKind


@dataclass(frozen=True, slots=True)
class Match:
    code: str  # a jurisdiction code; for kind "outside", the ISO country of a place we do not cover
    matched: str  # the data spelling that matched (or the place's name)
    score: float
    kind: KeyKind
    population: int = 0  # GeoNames population when the match is a town (0: unknown)
    listed: bool = False  # a place the data files list for its jurisdiction (hand-picked, well known)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Outcome of resolving one piece of text."""

    query: str
    match: Match | None = None
    candidates: tuple[Match, ...] = ()  # several places fit equally: ask which
    suggestions: tuple[Match, ...] = ()  # close but below the cut-off: "did you mean"
    not_covered: Match | None = None  # a recognised place outside coverage (kind "outside")
    pool: tuple[Match, ...] = ()  # every place the exact key names, to decide again with more context

    @property
    def ambiguous(self) -> bool:
        return self.match is None and len(self.candidates) > 1

    @property
    def found(self) -> bool:
        """Something was recognised: a match, a question back, or a place we do not cover."""
        return self.match is not None or self.ambiguous or self.not_covered is not None


def edit_budget(key: str) -> int:
    """Typos tolerated for a key of this length: none under 5 letters, then one per ~5 letters, at most 3."""
    n = len(key)
    return 0 if n < 5 else 1 if n < 9 else 2 if n < 14 else 3


# Short forms that only qualify a town ("Perth WA", "Darwin NT"): as plain words they name other places.
QUALIFIER_ALIASES: dict[str, tuple[str, ...]] = {
    "wa": ("AU-WA",), "nt": ("AU-NT",), "sa": ("AU-SA",), "tas": ("AU-TAS",), "vic": ("AU-VIC",),
    "qld": ("AU-QLD",), "nsw": ("AU-NSW",), "act": ("AU-ACT",), "uk": ("GB",), "usa": ("US",), "us": ("US",),
    "nz": ("NZ",), "aus": ("AU",), "can": ("CA",), "ni": ("GB-NIR",), "ire": ("IE",),
}
_QUALIFIER_SPLIT = re.compile(r"[\s,;()/\[\]]+")


def index_inputs(jur: Jurisdiction) -> tuple[object, ...]:
    """Everything `JurisdictionIndex.build` reads from a jurisdiction: equal inputs give the same index."""
    regulators = tuple((r.role, r.name.value.en, r.name.value.fr, r.acronym.value.en if r.acronym else None,
                        r.acronym.value.fr if r.acronym else None) for r in jur.regulators)
    places = tuple(jur.places.value) if jur.places is not None else None
    return (jur.code, jur.name.en, jur.name.fr, tuple(jur.aliases), places, regulators)


@dataclass
class JurisdictionIndex:
    """Exact lookup over the data's keys and the gazetteer; fuzzy lookup over the safe subset."""

    exact: dict[str, list[KeyEntry]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    max_key_len: int = 0
    codes: frozenset[str] = frozenset()
    regulator_keys: frozenset[str] = frozenset()  # keys that name a regulator: the worker's registration
    use_gazetteer: bool = True
    _fuzzy_keys: dict[str, list[KeyEntry]] | None = field(default=None, repr=False)
    _sorted_keys: list[str] | None = field(default=None, repr=False)
    _by_first: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_last: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _fuzzy_cache: dict[tuple[str, bool], Resolution] = field(default_factory=dict, repr=False)
    _completer: Completer | None = field(default=None, repr=False)
    accept_score: float = 84.0
    suggest_score: float = 70.0

    @classmethod
    def build(cls, jurisdictions: Mapping[str, Jurisdiction], extra: Iterable[tuple[str, str]] = (),
              use_gazetteer: bool = True) -> JurisdictionIndex:
        from jurisdictions.worker_cues import regulator_labels

        index = cls(use_gazetteer=use_gazetteer)
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
        regulators: set[str] = set()
        for code, label in regulator_labels(jurisdictions.values()):  # "Social Work England", "SASW", "OTSTCFQ"
            key = compact_key(label)
            if key and (len(key) >= 4 or key not in index.exact):
                index.add(code, label, "alias")
                regulators.add(key)
        for code, alias in extra:
            index.add(code, alias, "alias")
        index.codes = frozenset(jurisdictions)
        index.regulator_keys = frozenset(regulators)
        index.keys = sorted(index.exact, key=len)
        index.max_key_len = max((len(k) for k in index.keys), default=0)
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

    @property
    def gazetteer(self) -> gaz.Gazetteer | None:
        return gaz.shared() if self.use_gazetteer else None

    def has_key(self, key: str) -> bool:
        """Is `key` an exact key (data or gazetteer)? The parser's n-gram scan asks this."""
        if key in self.exact:
            return True
        g = self.gazetteer
        return g is not None and key in g

    def in_data(self, key: str) -> bool:
        return key in self.exact

    def starts_a_key(self, prefix: str) -> bool:
        """Does some data key start with `prefix`? (Long n-grams stop early when none does.)"""
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self.exact)
        at = bisect_left(self._sorted_keys, prefix)
        return at < len(self._sorted_keys) and self._sorted_keys[at].startswith(prefix)

    # ----- exact ---------------------------------------------------------------------------------
    def pool(self, key: str, typed: str) -> tuple[Match, ...]:
        """Every place an exact key names: the data's entries, then GeoNames towns (one per jurisdiction)."""
        by: dict[tuple[str, str], Match] = {}
        for e in self.exact.get(key, ()):
            by[(e.kind if e.kind == "place" else "jur", e.code)] = Match(e.code, e.label, 100.0, e.kind,
                                                                            listed=e.kind == "place")
        g = self.gazetteer if len(key) >= 3 else None  # "NB", "QC": no town has so short a key; not loaded for them
        if g is not None:
            in_data = key in self.exact
            for place in g.lookup(key):
                if in_data and compact_key(place.name) != key:
                    continue  # an alternate name (GeoNames lists "Ontario" for Caen) never rivals the data's keys
                covered = place.covered and place.code in self.codes
                slot = ("place", place.code) if covered else ("outside", place.country)
                known = by.get(slot)
                if known is not None and known.population >= place.population:
                    continue
                label = known.matched if known is not None else place.name
                by[slot] = Match(place.code if covered else place.country, label, 100.0,
                                 "place" if covered else "outside", place.population,
                                 listed=known is not None and known.listed)
        return tuple(by.values())

    def resolve(self, text: str, suggest: bool = True, context: str | None = None) -> Resolution:
        """Exact hit (settled by `context`, the other side's jurisdiction), a qualified form ("Perth WA",
        "London (England)"), else fuzzy. `suggest=False` (free-text scanning) skips "did you mean"."""
        from jurisdictions.namesakes import decide

        key = compact_key(text)
        if not key:
            return Resolution(query=text)
        typed = clean_input(text)  # what `matched` echoes: without the invisible characters the key ignored
        pool = self.pool(key, typed)
        if pool:
            return decide(typed, pool, context)
        qualified = self._qualified(typed, context)
        if qualified is not None:
            return qualified
        return self._fuzzy(text, key, suggest)

    def qualifier_codes(self, key: str) -> set[str]:
        """The jurisdictions (or countries outside coverage) a qualifier names: "Ontario", "WA", "England"."""
        codes = {e.code for e in self.exact.get(key, ()) if e.kind in JURISDICTION_KINDS}
        codes |= {c for c in QUALIFIER_ALIASES.get(key, ()) if c in self.codes}
        g = self.gazetteer
        if not codes and g is not None:
            codes = {p.country for p in g.lookup(key) if not p.covered and p.country == p.code}
        return codes

    def _qualified(self, typed: str, context: str | None) -> Resolution | None:
        from jurisdictions.namesakes import decide, qualify

        words = [w for w in _QUALIFIER_SPLIT.split(typed) if w]
        for cut in range(len(words) - 1, 0, -1):
            qual = self.qualifier_codes(compact_key(" ".join(words[cut:])))
            if not qual:
                continue
            head = " ".join(words[:cut])
            pool = self.pool(compact_key(head), head)
            kept = qualify(pool, qual)
            if kept:
                return decide(head, kept, context)
        return None

    # ----- fuzzy ---------------------------------------------------------------------------------
    def _fuzzy_index(self) -> dict[str, list[KeyEntry]]:
        """Jurisdiction names, aliases, and large towns (data places included when GeoNames says they are)."""
        if self._fuzzy_keys is not None:
            return self._fuzzy_keys
        keys: dict[str, list[KeyEntry]] = {}
        large: dict[str, list[gaz.Place]] = {}
        g = self.gazetteer
        if g is not None:
            large = g.large_town_keys()
        for key, entries in self.exact.items():
            kept = [e for e in entries if e.kind in JURISDICTION_KINDS or key in large]
            if kept and len(key) >= 4:
                keys[key] = kept
        for key, places in large.items():
            entries = keys.setdefault(key, [])
            for p in places:
                if p.code in self.codes and all(e.code != p.code for e in entries):
                    entries.append(KeyEntry(p.code, p.name, "place"))
            if not entries:
                del keys[key]
        by_first: dict[str, list[str]] = {}
        by_last: dict[str, list[str]] = {}
        for k in keys:
            by_first.setdefault(k[0], []).append(k)
            by_last.setdefault(k[-1], []).append(k)
        self._by_first, self._by_last = by_first, by_last
        self._fuzzy_keys = keys
        return keys

    def _fuzzy(self, text: str, key: str, suggest: bool) -> Resolution:
        if len(key) < 4:  # two or three letters are too short to guess a typo from
            return Resolution(query=text)
        cached = self._fuzzy_cache.get((key, suggest))
        if cached is not None:
            return Resolution(query=text, match=cached.match, candidates=cached.candidates, suggestions=cached.suggestions)
        from rapidfuzz import fuzz, process  # only typos need it (~15 ms of a CLI start)
        from rapidfuzz.distance import OSA

        keys = self._fuzzy_index()
        # Candidates share the first or the last letter with the query: one or two typos almost never
        # change both, and it spares scoring most keys.
        pool = list(dict.fromkeys(self._by_first.get(key[0], []) + self._by_last.get(key[-1], [])))
        budget = edit_budget(key)
        best: dict[str, tuple[int, Match]] = {}
        if budget:
            for hit, dist, _ in process.extract(key, pool, scorer=OSA.distance, limit=12, score_cutoff=budget):
                if dist > edit_budget(hit):
                    continue
                score = round(float(fuzz.ratio(key, hit)), 1)
                for e in keys[hit]:
                    known = best.get(e.code)
                    if known is None or (dist, -score) < (known[0], -known[1].score):
                        best[e.code] = (int(dist), Match(e.code, e.label, score, e.kind))
        result = Resolution(query=text)
        if best:
            least = min(d for d, _ in best.values())
            top = sorted((m for d, m in best.values() if d == least), key=lambda m: (-m.score, _KIND_RANK[m.kind]))
            named = [m for m in top if m.kind in JURISDICTION_KINDS]
            if len(named) == 1 and len(top) > 1:  # "Onatrio": the province, not Ontario, California
                top = named
            if len(top) == 1 or top[0].score - top[1].score >= 4.0:
                result = Resolution(query=text, match=top[0])
            else:
                result = Resolution(query=text, candidates=tuple(top[:6]))
        elif suggest:
            hits = process.extract(key, pool, scorer=fuzz.ratio, limit=8, score_cutoff=self.suggest_score)
            seen: dict[str, Match] = {}
            for hit, score, _ in hits:
                for e in keys[hit]:
                    seen.setdefault(e.code, Match(e.code, e.label, round(float(score), 1), e.kind))
            result = Resolution(query=text, suggestions=tuple(list(seen.values())[:3]))
        if len(self._fuzzy_cache) >= 4096:  # bounded: people repeat words, attackers don't get memory
            self._fuzzy_cache.clear()
        self._fuzzy_cache[(key, suggest)] = result
        return result

    # ----- autocomplete --------------------------------------------------------------------------
    def complete(self, text: str, limit: int = 25) -> list[Match]:
        """Autocomplete: the data's prefix matches, then towns by population, then close names
        (`jurisdictions.autocomplete`: bounded work per keystroke, memoised)."""
        if self._completer is None:
            from jurisdictions.autocomplete import Completer

            self._completer = Completer(self)
        return self._completer.complete(text, limit)
