"""Read and validate the data files; a bad file stops loading with its name and the failing field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from jurisdictions.schema import Guidance, Jurisdiction

DATA_DIR = Path(__file__).resolve().parent / "data"
GUIDANCE_FILE = Path(__file__).resolve().parent / "guidance.yaml"

try:  # the C loader is ~10x faster; fall back when libyaml is absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class DataError(ValueError):
    """A data file is unreadable or invalid. The message names the file and the field."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DataError(f"{path.name}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise DataError(f"{path.name}: cannot read: {exc.strerror}") from exc


def format_validation_error(name: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(file)"
        lines.append(f"{name}: {loc}: {err['msg']}")
    return "\n".join(lines)


def parse_jurisdiction(raw: Any, name: str) -> Jurisdiction:
    """Validate one decoded document (from a file, an import or the database)."""
    try:
        return Jurisdiction.model_validate(raw)
    except ValidationError as exc:
        raise DataError(format_validation_error(name, exc)) from exc


def load_file(path: Path) -> Jurisdiction:
    jur = parse_jurisdiction(_read_yaml(path), path.name)
    if path.stem != jur.code:
        raise DataError(f"{path.name}: code: {jur.code!r} does not match the file name")
    return jur


def load_directory(directory: Path = DATA_DIR) -> dict[str, Jurisdiction]:
    """All `*.yaml` files of a directory, keyed by code; duplicate codes and dangling parents are errors."""
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise DataError(f"{directory}: no jurisdiction files (*.yaml) found")
    return check_collection(load_file(p) for p in paths)


def check_collection(items: Iterable[Jurisdiction]) -> dict[str, Jurisdiction]:
    by_code: dict[str, Jurisdiction] = {}
    for jur in items:
        if jur.code in by_code:
            raise DataError(f"{jur.code}: duplicate jurisdiction code")
        by_code[jur.code] = jur
    for jur in by_code.values():
        if jur.parent is not None and jur.parent not in by_code:
            raise DataError(f"{jur.code}.yaml: parent: {jur.parent!r} is not a known jurisdiction")
    return by_code


def load_guidance(path: Path = GUIDANCE_FILE) -> Guidance:
    try:
        return Guidance.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise DataError(format_validation_error(path.name, exc)) from exc


def dump_jurisdiction(jur: Jurisdiction) -> dict[str, Any]:
    """The plain-data form written back to YAML (export) — the same shape the loader reads."""
    return jur.model_dump(mode="json", exclude_defaults=True)


def to_yaml(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=110)
