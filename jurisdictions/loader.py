"""Read and validate the data files; a bad file stops loading with its name and the failing field.

PyYAML, pydantic and the schema are imported when a file is actually read or validated: `ask` and `check`
usually answer from the compiled records (`jurisdictions.records`) and need none of them.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jurisdictions.cachefile import cache_dir, write_atomic

if TYPE_CHECKING:
    from pydantic import ValidationError

    from jurisdictions.schema import Guidance, Jurisdiction

DATA_DIR = Path(__file__).resolve().parent / "data"
GUIDANCE_FILE = Path(__file__).resolve().parent / "guidance.yaml"



def _yaml_loader() -> Any:
    """libyaml's parser with duplicate keys refused (`jurisdictions.yaml_strict`), imported on the first read."""
    from jurisdictions.yaml_strict import StrictLoader

    return StrictLoader


class DataError(ValueError):
    """A data file is unreadable or invalid. The message names the file and the field."""


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_yaml_loader())
    except yaml.YAMLError as exc:
        raise DataError(f"{path.name}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise DataError(f"{path.name}: cannot read: {exc.strerror}") from exc


def format_validation_error(name: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(file)"
        lines.append(f"{name}: {loc}: {err['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


def parse_jurisdiction(raw: Any, name: str) -> Jurisdiction:
    """Validate one decoded document (from a file, an import or the database)."""
    from pydantic import ValidationError

    from jurisdictions.schema import Jurisdiction

    try:
        return Jurisdiction.model_validate(raw)
    except ValidationError as exc:
        raise DataError(format_validation_error(name, exc)) from exc


def load_file(path: Path, raw: Any = None) -> Jurisdiction:
    """One data file (`raw`: its already decoded content, e.g. from the cache)."""
    jur = parse_jurisdiction(_read_yaml(path) if raw is None else raw, path.name)
    if path.stem != jur.code:
        raise DataError(f"{path.name}: code: {jur.code!r} does not match the file name")
    return jur


def load_directory(directory: Path = DATA_DIR) -> dict[str, Jurisdiction]:
    """All `*.yaml` files of a directory, keyed by code; duplicate codes and dangling parents are errors."""
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise DataError(f"{directory}: no jurisdiction files (*.yaml) found")
    raws = _decoded(directory, paths)
    return check_collection(load_file(p, raws[p.name]) for p in paths)


def _cache_file(directory: Path) -> Path:
    import hashlib

    tag = hashlib.sha1(str(directory.resolve()).encode()).hexdigest()[:12]
    return cache_dir() / f"data-{tag}.marshal"


def _decoded(directory: Path, paths: list[Path]) -> dict[str, Any]:
    """The decoded YAML of each file, from a cache keyed by size and mtime: parsing the YAML is most of a CLI
    answer's time (0.3 s), reading the cache a few ms. Validation still runs on every load."""
    cache = _cache_file(directory)
    try:
        stored = marshal.loads(cache.read_bytes())
        if not isinstance(stored, dict):
            stored = {}
    except (OSError, ValueError, EOFError, TypeError):
        stored = {}
    out: dict[str, Any] = {}
    fresh: dict[str, Any] = {}
    for p in paths:
        st = p.stat()
        stamp = (st.st_size, st.st_mtime_ns)
        hit = stored.get(p.name)
        if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == stamp:
            out[p.name] = hit[1]
        else:
            out[p.name] = _plain(_read_yaml(p))
        fresh[p.name] = (stamp, out[p.name])
    if fresh != stored:
        write_atomic(cache, marshal.dumps(fresh))
    return out


def _plain(value: Any) -> Any:
    """YAML dates as ISO text (marshal stores only plain types; the schema reads either)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


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
    from pydantic import ValidationError

    from jurisdictions.schema import Guidance

    try:
        return Guidance.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise DataError(format_validation_error(path.name, exc)) from exc


def dump_jurisdiction(jur: Jurisdiction) -> dict[str, Any]:
    """The plain-data form written back to YAML (export) — the same shape the loader reads."""
    return jur.model_dump(mode="json", exclude_defaults=True)


def to_yaml(data: Mapping[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=110)
