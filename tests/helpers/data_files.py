"""The bundled data files a test database is seeded from (no pytest here: the benchmarks use it too)."""

from __future__ import annotations

from pathlib import Path


def consistent_data_files(source: Path) -> list[Path]:
    """The data files that validate on their own and whose parents are present (transitively)."""
    from jurisdictions.loader import DataError, load_file

    loaded = {}
    for path in sorted(source.glob("*.yaml")):
        try:
            jur = load_file(path)
        except DataError:
            continue
        loaded[jur.code] = (path, jur)
    changed = True
    while changed:
        changed = False
        for code, (_, jur) in list(loaded.items()):
            if jur.parent is not None and jur.parent not in loaded:
                del loaded[code]
                changed = True
    return [path for path, _ in loaded.values()]
