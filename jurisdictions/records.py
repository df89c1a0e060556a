"""Validated data as plain objects, and their compiled cache: how `ask` and `check` answer without pydantic.

Importing pydantic and building the schema's models is most of a command-line answer's start-up (~0.15 s of
~0.3 s), although the data was already validated the last time the files were read. So the first load
validates with the schema (`jurisdictions.schema`), copies every model into the plain slotted class of the
same name and field names below, and pickles the result; later loads, while no data file, the guidance file
or the schema changed size or mtime, unpickle it in a few milliseconds without importing pydantic.

The classes expose what the schema's models expose to the engine and the JSON renderer (fields, `Text.get`,
`Jurisdiction.regulator`); a test keeps their fields equal to the schema's, and another compares
`check --json` from these records with the validated models, byte for byte. The bot, the database code and
`regulator` (whose card walks the models) keep the pydantic models.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jurisdictions.cachefile import cache_dir, write_atomic

ANYWHERE = "*"  # a route condition meaning anywhere (schema.ANYWHERE; a test checks they agree)
FORMAT = 2  # bump when a record class changes shape
_HERE = Path(__file__).resolve().parent
CODE_FILES = (_HERE / "schema.py", _HERE / "loader.py", Path(__file__).resolve())  # a change here re-validates


class Record:
    """Equal when of the same class with equal fields, like the schema's frozen models."""

    __slots__: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, f) == getattr(other, f) for f in self.__slots__)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(_hashable(getattr(self, f)) for f in self.__slots__)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self.__slots__)})"


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _hashable(v)) for k, v in value.items())
    return value


class Text(Record):
    __slots__ = ("en", "fr")

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en  # type: ignore[attr-defined,no-any-return]


class Source(Record):
    __slots__ = ("content_date", "kind", "last_verified", "title", "url")


class Fact(Record):
    __slots__ = ("note", "source", "unverified", "value")


class Regulator(Record):
    __slots__ = (
        "acronym",
        "address",
        "email",
        "id",
        "name",
        "notes",
        "phone",
        "protected_titles",
        "register_url",
        "role",
        "statute",
        "website",
    )


class RouteWhen(Record):
    __slots__ = (
        "days_per",
        "lives_in",
        "lives_outside",
        "max_days",
        "modality",
        "not_registered_in",
        "registered_in",
        "relationship",
        "situation",
    )


class Route(Record):
    __slots__ = ("id", "limits", "name", "outcome", "steps", "when")


class PracticeRule(Record):
    __slots__ = (
        "electronic_practice",
        "labour_mobility",
        "notes",
        "route",
        "routes",
        "status",
        "summary",
        "temporary_permit",
    )


class Minors(Record):
    __slots__ = ("age_of_majority", "child_protection_under", "consent", "consent_age", "notes", "reporting")


class CrisisLine(Record):
    __slots__ = ("call", "how", "id", "name", "service", "text", "url")


class Crisis(Record):
    __slots__ = ("lines", "note")


class Jurisdiction(Record):
    __slots__ = (
        "aliases",
        "code",
        "crisis",
        "kind",
        "minors",
        "name",
        "no_regulator",
        "parent",
        "places",
        "regulators",
        "rule",
        "sources",
    )

    def regulator(self) -> Regulator | None:
        """The body that governs practice here: the first with role `regulator`, else None."""
        return next((r for r in self.regulators if r.role == "regulator"), None)  # type: ignore[attr-defined]


class GuidanceItem(Record):
    __slots__ = ("id", "text")


class Guidance(Record):
    __slots__ = ("checklist", "disclaimer", "sources")


CLASSES: dict[str, type[Record]] = {cls.__name__: cls for cls in (
    Text, Source, Fact, Regulator, RouteWhen, Route, PracticeRule, Minors, CrisisLine, Crisis, Jurisdiction,
    GuidanceItem, Guidance)}
CLASSES.update(NameText=Text, LineText=Text, LabelText=Text)  # the schema's length-capped texts read as one Text


def from_model(value: Any) -> Any:
    """A validated model (and everything in it) as records; plain values as they are."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        name = type(value).__name__.split("[", 1)[0]  # Fact[Text] -> Fact
        record = object.__new__(CLASSES[name])
        for f in fields:
            object.__setattr__(record, f, from_model(getattr(value, f)))
        return record
    if isinstance(value, list):
        return [from_model(v) for v in value]
    if isinstance(value, dict):
        return {k: from_model(v) for k, v in value.items()}
    return value


# ----- the compiled cache --------------------------------------------------------------------------------------
def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (path.name, st.st_size, st.st_mtime_ns)


def cache_key(paths: Iterable[Path], guidance: Path) -> tuple[Any, ...]:
    """Size and mtime of every data file, the guidance file and the code that validates them."""
    return (FORMAT, tuple(_stamp(p) for p in paths), _stamp(guidance), tuple(_stamp(p) for p in CODE_FILES))


def cache_file(directory: Path) -> Path:
    tag = f"{zlib.crc32(str(directory.resolve()).encode()):08x}"  # one file per data directory (hashlib costs 3 ms)
    return cache_dir() / f"compiled-{tag}.pickle"


def load_compiled(directory: Path, guidance: Path) -> tuple[list[Jurisdiction], Guidance]:
    """The directory's jurisdictions and the guidance as records: from the compiled cache when it matches the
    files, else validated now (pydantic) and cached. A bad file raises `DataError`, as the loader does."""
    paths = sorted(directory.glob("*.yaml"))
    key = cache_key(paths, guidance)
    path = cache_file(directory)
    try:
        stored_key, jurs, guide = pickle.loads(path.read_bytes())
        if stored_key == key:
            return jurs, guide
    except Exception:  # missing, truncated or written by other code: validate again
        pass
    from jurisdictions.loader import load_directory, load_guidance

    jurs = [from_model(j) for j in load_directory(directory).values()]
    guide = from_model(load_guidance(guidance))
    write_atomic(path, pickle.dumps((key, jurs, guide), protocol=pickle.HIGHEST_PROTOCOL))
    return jurs, guide
