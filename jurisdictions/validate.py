"""`python -m jurisdictions.validate [FILE ...]`: check data files and print a fact/coverage summary."""

from __future__ import annotations

import sys
from pathlib import Path

from jurisdictions.loader import DATA_DIR, DataError, check_collection, load_file, load_guidance
from jurisdictions.schema import iter_facts


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(DATA_DIR.glob("*.yaml"))
    errors = 0
    loaded = []
    for path in paths:
        try:
            jur = load_file(path)
        except DataError as exc:
            errors += 1
            print(exc, file=sys.stderr)
            continue
        loaded.append(jur)
        facts = list(iter_facts(jur))
        unverified = sum(1 for _, f in facts if f.unverified)
        print(f"{jur.code:8} {len(facts):3} facts, {unverified:2} unverified  {path.name}")
    if not argv:
        try:
            check_collection(loaded)
            load_guidance()
        except DataError as exc:
            errors += 1
            print(exc, file=sys.stderr)
    print(f"{len(loaded)} valid, {errors} with errors")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
