"""`python -m jurisdictions.validate [--report] [FILE ...]`: check data files and print a fact/coverage summary.

`--report` adds, per region, facts, unverified facts and sources by kind, and how many jurisdictions have a
sourced age of majority and minors' consent rule; its last line is one JSON object (for CI and the README).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jurisdictions.loader import DATA_DIR, DataError, check_collection, load_file, load_guidance
from jurisdictions.schema import Jurisdiction, is_decisive, iter_facts

REGIONS = {"CA": "Canada", "US": "United States", "GB": "United Kingdom", "AU": "Australia"}
KINDS = ("statute", "regulation", "regulator", "government", "court", "service", "association", "secondary", "unclassified")


def region_of(jur: Jurisdiction) -> str:
    return REGIONS.get(jur.code.split("-", 1)[0], "Other countries")


def minors_apply(jur: Jurisdiction) -> bool:
    """A country file whose rule is set per province, state or nation (CA, US, GB, AU) has no minors rule of its
    own: its ages are its subdivisions'. Every other file must give them, so it counts in the minors denominator."""
    return jur.minors is not None or jur.rule.status.value != "by_subdivision"


def report(jurs: Iterable[Jurisdiction]) -> dict[str, Any]:
    """Figures per region and in total: facts, unverified, decisive facts, sources by kind, minors coverage."""
    regions: dict[str, dict[str, Any]] = {}
    for jur in jurs:
        r = regions.setdefault(region_of(jur), {"jurisdictions": 0, "facts": 0, "unverified": 0, "decisive": 0,
                                                "decisive_unverified": 0, "sources": Counter(),
                                                "minors_applicable": 0, "majority_sourced": 0, "consent_sourced": 0,
                                                "crisis": 0})
        r["jurisdictions"] += 1
        for path, fact in iter_facts(jur):
            r["facts"] += 1
            r["unverified"] += fact.unverified
            if is_decisive(path):
                r["decisive"] += 1
                r["decisive_unverified"] += fact.unverified
        used = {f.source for _, f in iter_facts(jur) if f.source is not None}
        r["sources"].update(jur.sources[k].kind or "unclassified" for k in used)
        m = jur.minors
        r["minors_applicable"] += minors_apply(jur)
        r["majority_sourced"] += bool(m is not None and not m.age_of_majority.unverified)
        r["consent_sourced"] += bool(m is not None and not m.consent.unverified
                                     and (m.consent_age is None or not m.consent_age.unverified))
        r["crisis"] += bool(jur.crisis is not None and (jur.crisis.lines or jur.crisis.note is not None))
    total: dict[str, Any] = {"jurisdictions": 0, "facts": 0, "unverified": 0, "decisive": 0, "decisive_unverified": 0,
                             "sources": Counter(), "minors_applicable": 0, "majority_sourced": 0, "consent_sourced": 0,
                             "crisis": 0}
    for r in regions.values():
        for key, value in r.items():
            total[key] = total[key] + value
    out = {name: _finish(r) for name, r in sorted(regions.items())}
    out["total"] = _finish(total)
    return out


def _finish(r: dict[str, Any]) -> dict[str, Any]:
    sources = {k: r["sources"].get(k, 0) for k in KINDS}
    n = sum(sources.values()) or 1
    return {**{k: v for k, v in r.items() if k != "sources"}, "sources": sources,
            "secondary_share": round((sources["association"] + sources["secondary"]) / n, 3)}


def print_report(figures: dict[str, Any]) -> None:
    short = {"statute": "stat", "regulation": "regl", "regulator": "regr", "government": "govt", "court": "court",
             "service": "svc", "association": "assoc", "secondary": "2nd", "unclassified": "uncl"}
    head = f"{'region':16} {'jur':>4} {'facts':>6} {'unver':>6} {'decis':>6} {'d-unv':>6} " + " ".join(
        f"{short[k]:>6}" for k in KINDS) + f" {'2nd %':>6} {'minors':>6} {'major':>6} {'consnt':>6} {'crisis':>6}"
    print(head)
    for name, r in figures.items():
        print(f"{name:16} {r['jurisdictions']:4} {r['facts']:6} {r['unverified']:6} {r['decisive']:6} "
              f"{r['decisive_unverified']:6} " + " ".join(f"{r['sources'][k]:6}" for k in KINDS)
              + f" {r['secondary_share']:6.0%} {r['minors_applicable']:6} {r['majority_sourced']:6} {r['consent_sourced']:6} {r['crisis']:6}")
    print("minors: files with their own minors rule (country files whose rule is per subdivision have none); "
          "major, consnt: of those, how many have a sourced age of majority and consent rule")
    print(json.dumps(figures, ensure_ascii=False))


def main(argv: list[str]) -> int:
    want_report = "--report" in argv
    argv = [a for a in argv if a != "--report"]
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
    if want_report:
        print()
        print_report(report(loaded))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
