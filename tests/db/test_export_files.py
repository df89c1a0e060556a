"""`db export` over existing data files edits them in place: for every bundled file and three kinds of edit (a
summary, a new alias, a route's outcome) only the changed lines differ, comments are kept, and the file reads back
as the edited entry."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from db.export_files import _reads_as, splice
from jurisdictions.loader import DATA_DIR, dump_jurisdiction, load_file, parse_jurisdiction

FILES = sorted(DATA_DIR.glob("*.yaml"))


def edits(base: dict) -> list[dict]:
    out = []
    d = copy.deepcopy(base)
    d["rule"]["summary"]["value"]["en"] = "Changed summary text."
    out.append(d)
    d = copy.deepcopy(base)
    d["aliases"] = [*base.get("aliases", []), "ON", "Zed"]  # "ON" must stay a string (YAML 1.1 reads ON as true)
    out.append(d)
    if base["rule"].get("routes"):
        d = copy.deepcopy(base)
        d["rule"]["routes"][0]["value"]["outcome"] = "not_permitted"
        out.append(d)
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_an_edit_rewrites_only_its_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    base = dump_jurisdiction(load_file(path))
    for doc in edits(base):
        new = parse_jurisdiction(doc, path.name)
        out = splice(text, YAML(typ="rt").load(text), dump_jurisdiction(new))
        assert out is not None and _reads_as(out, new)
        changed = set(out.splitlines()) ^ set(text.splitlines())
        assert 0 < len(changed) <= 20, sorted(changed)
        assert [line for line in out.splitlines() if line.startswith("#")] == \
               [line for line in text.splitlines() if line.startswith("#")]
