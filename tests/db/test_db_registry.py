"""The registry service against real SQLite files and a real PostgreSQL server (no mocks)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from db.documents import assemble, flatten
from db.registry import (
    Actor,
    Ambiguous,
    Change,
    Conflict,
    ImportFailed,
    InvalidEdit,
    NoChange,
    NotFound,
    Registry,
)
from jurisdictions.loader import dump_jurisdiction, load_directory, parse_jurisdiction
from jurisdictions.verdict import VerdictEngine

ALICE = Actor("111", "Alice")
BOB = Actor("222", "Bob")


def with_website(reg: Registry) -> tuple[str, str]:
    """A jurisdiction whose governing regulator has a website, and that fact's path."""
    for code, jur in sorted(reg.snapshot.jurisdictions.items()):
        body = jur.regulator()
        if body is not None and body.website is not None:
            return code, f"regulators.{body.id}.website"
    raise AssertionError("no regulator with a website in the data")


def with_minors(reg: Registry) -> str:
    return next(c for c, j in sorted(reg.snapshot.jurisdictions.items()) if j.minors is not None)


# ------------------------------------------------------------------------------------------------ documents


def test_flatten_assemble_round_trip_for_every_data_file(data_dir: Path) -> None:
    for code, jur in load_directory(data_dir).items():
        again = parse_jurisdiction(assemble(code, flatten(jur)), code)
        assert dump_jurisdiction(again) == dump_jurisdiction(jur)
        assert list(again.sources) == list(jur.sources)


# ------------------------------------------------------------------------------------------------ reads


async def test_seeded_from_the_data_files(registry: Registry, data_dir: Path) -> None:
    files = load_directory(data_dir)
    assert set(registry.snapshot.jurisdictions) == set(files)
    for code, jur in files.items():
        assert dump_jurisdiction(registry.snapshot.jurisdictions[code]) == dump_jurisdiction(jur)
    assert registry.data_version == 1
    # a second open neither seeds again nor changes anything
    again = await Registry.open(registry.url, seed_dir=data_dir)
    try:
        assert again.data_version == 1
    finally:
        await again.close()


async def test_get_search_and_resolve(registry: Registry) -> None:
    code, path = with_website(registry)
    entry = await registry.get(code)
    fact = entry.fact(path)
    assert fact.version == 1 and fact.value.startswith("http")
    assert fact.source is not None and fact.source.url.startswith("http")
    assert entry.version_of(path) == 1
    name = registry.snapshot.jurisdictions[code].name.en
    assert registry.search(name)[0].code == code
    assert registry.resolve(code.lower()) == code
    with pytest.raises(NotFound):
        registry.resolve("Atlantis-sur-Mer")
    with pytest.raises(NotFound) as err:
        entry.fact(path + "x")
    assert path in err.value.suggestions


async def test_ambiguous_place_is_reported(registry: Registry) -> None:
    index = registry.snapshot.index
    # a name several jurisdictions share that neither population nor context settles (resolve asks back)
    labels = (entries[0].label for key, entries in index.exact.items() if len({e.code for e in entries}) > 1)
    shared = next((lb for lb in labels if index.resolve(lb).candidates and index.resolve(lb).match is None), None)
    if shared is None:
        pytest.skip("no ambiguous place name in the current data")
    with pytest.raises(Ambiguous):
        registry.resolve(shared)


# ------------------------------------------------------------------------------------------------ edits


async def test_update_records_history_and_patches_the_snapshot(registry: Registry) -> None:
    code, path = with_website(registry)
    seen: list[Change] = []
    registry.subscribe(seen.append)
    await registry.watch(42, code, by=ALICE)
    before = registry.snapshot
    result = await registry.update(code, path, "https://example.org/new", reason="moved", by=ALICE,
                                   expected_version=1, source_url="https://example.org/announcement",
                                   source_title="Announcement")
    assert result.version == 2
    assert [r.path for r in result.revisions] == [f"sources.{result.revisions[0].path.split('.', 1)[1]}", path]
    rev = result.revision
    assert (rev.by, rev.old_value, rev.new_value, rev.reason) == (ALICE, before.get(code).regulator().website.value,
                                                                  "https://example.org/new", "moved")
    assert rev.source_url == "https://example.org/announcement"
    # the snapshot was replaced, not mutated, and the engine answers from the new one
    assert before.get(code).regulator().website.value != "https://example.org/new"
    assert registry.snapshot.get(code).regulator().website.value == "https://example.org/new"
    assert registry.snapshot.version == result.data_version
    assert VerdictEngine(registry.snapshot).check(code, code).regulator.website.value == "https://example.org/new"
    entry = await registry.get(code)
    assert entry.fact(path).source.title == "Announcement"  # type: ignore[union-attr]
    assert entry.fact(path).unverified is False
    # subscribers hear about it, with the watching channels
    assert len(seen) == 1 and seen[0].codes == (code,) and 42 in seen[0].watchers[code]
    assert [r.id for r in seen[0].revisions] == [r.id for r in result.revisions]


async def test_conflict_carries_the_current_value(registry: Registry) -> None:
    code, path = with_website(registry)
    await registry.update(code, path, "https://example.org/a", reason="first", by=ALICE, expected_version=1)
    with pytest.raises(Conflict) as err:
        await registry.update(code, path, "https://example.org/b", reason="second", by=BOB, expected_version=1)
    assert err.value.current_value == "https://example.org/a"
    assert (err.value.expected_version, err.value.current_version) == (1, 2)
    assert "https://example.org/a" in err.value.message
    assert registry.snapshot.get(code).regulator().website.value == "https://example.org/a"
    assert len(await registry.history(code, path)) == 1


@pytest.mark.parametrize(
    ("path_of", "value", "message"),
    [
        (lambda r: with_website(r)[1], "javascript:alert(1)", "URL must start with https://"),
        (lambda r: with_website(r)[1], "ftp://example.org", "URL must start with https://"),
        (lambda r: "minors.age_of_majority", 40, "less than or equal to 21"),
        (lambda r: "minors.age_of_majority", "eighteen", "integer"),
        (lambda r: "rule.status", "maybe", "Input should be"),
        (lambda r: "rule.summary", {"en": "only English"}, "fr"),
    ],
)
async def test_invalid_edits_are_refused_with_a_clear_message(registry: Registry, path_of: Any, value: Any,
                                                              message: str) -> None:
    path = path_of(registry)
    code = with_website(registry)[0] if path.startswith("regulators.") else with_minors(registry)
    version = registry._entry(code).version_of(path)
    dv = registry.data_version
    with pytest.raises(InvalidEdit) as err:
        await registry.update(code, path, value, reason="test", by=ALICE, expected_version=version)
    assert message in err.value.message and code in err.value.message
    assert registry.data_version == dv and await registry.history(code) == []


async def test_other_refusals(registry: Registry) -> None:
    code, path = with_website(registry)
    with pytest.raises(InvalidEdit, match="reason"):
        await registry.update(code, path, "https://example.org", reason=" ", by=ALICE, expected_version=1)
    with pytest.raises(InvalidEdit, match=r"rule\.colour: Extra inputs are not permitted"):
        await registry.update(code, "rule.colour", "blue", reason="r", by=ALICE, expected_version=None,
                              unverified=True)
    optional = next(p for p in ("rule.route", "rule.temporary_permit", "rule.labour_mobility", "rule.electronic_practice")
                    if getattr(registry.snapshot.get(code).rule, p.split(".")[1]) is None) if any(
        getattr(registry.snapshot.get(code).rule, f) is None
        for f in ("route", "temporary_permit", "labour_mobility", "electronic_practice")) else None
    if optional is not None:
        with pytest.raises(InvalidEdit, match="no source"):  # a new fact needs a source or the unverified flag
            await registry.update(code, optional, {"en": "a", "fr": "b"}, reason="r", by=ALICE, expected_version=None)
    with pytest.raises(InvalidEdit, match="Field required"):  # a required fact cannot be removed
        await registry.delete(code, "rule.summary", reason="r", by=ALICE, expected_version=1)
    with pytest.raises(NoChange):
        current = registry.snapshot.get(code).regulator().website.value
        await registry.update(code, path, current, reason="r", by=ALICE, expected_version=1)
    with pytest.raises(NotFound):
        await registry.update("ZZ", path, "https://example.org", reason="r", by=ALICE, expected_version=1)
    with pytest.raises(InvalidEdit, match="sources"):
        await registry.update(code, "sources.x", {}, reason="r", by=ALICE, expected_version=1)


async def test_create_and_delete_an_optional_fact(registry: Registry) -> None:
    code, path = with_website(registry)
    reg_path = path.rsplit(".", 1)[0]
    target = f"{reg_path}.register_url"
    if registry._entry(code).facts.get(target):
        await registry.delete(code, target, reason="reset", by=ALICE, expected_version=1)
    created = await registry.update(code, target, "https://example.org/register", reason="new", by=ALICE,
                                    expected_version=None, source_url="https://example.org/register")
    assert created.version == 1
    assert registry.snapshot.get(code).regulator().register_url.value == "https://example.org/register"
    with pytest.raises(Conflict):  # creating it again is a conflict, not an overwrite
        await registry.update(code, target, "https://example.org/other", reason="again", by=BOB, expected_version=None)
    removed = await registry.delete(code, target, reason="gone", by=ALICE, expected_version=1)
    assert removed.version is None and registry.snapshot.get(code).regulator().register_url is None


# ------------------------------------------------------------------------------------------------ revert


async def test_revert_restores_the_exact_previous_state_and_is_recorded(registry: Registry) -> None:
    code, path = with_website(registry)
    original = registry._entry(code).facts[path]
    original_state = registry._flat[code][path]
    edit = await registry.update(code, path, "https://example.org/x", reason="typo?", by=ALICE, expected_version=1,
                                 source_url="https://example.org/src", note={"en": "n", "fr": "n"})
    reverted = await registry.revert(edit.revision.id, by=BOB)
    assert registry._flat[code][path] == original_state  # value, source key, flags and note: all back
    entry = await registry.get(code)
    assert entry.fact(path).value == original.value and entry.fact(path).source_key == original.source_key
    assert entry.fact(path).note == original.note
    rev = reverted.revision
    assert (rev.action, rev.reverts_id, rev.by) == ("revert", edit.revision.id, BOB)
    assert (rev.old_value, rev.new_value) == ("https://example.org/x", original.value)
    history = await registry.history(code, path)
    assert [r.action for r in history] == ["edit", "revert"]
    # reverting again is refused (nothing to undo); reverting the revert re-applies the edit
    with pytest.raises(Conflict):
        await registry.revert(edit.revision.id, by=BOB)
    await registry.revert(rev.id, by=ALICE)
    assert registry.snapshot.get(code).regulator().website.value == "https://example.org/x"
    with pytest.raises(NotFound):
        await registry.revert(999_999, by=ALICE)


async def test_revert_refuses_when_the_entry_changed_since(registry: Registry) -> None:
    code, path = with_website(registry)
    first = await registry.update(code, path, "https://example.org/1", reason="1", by=ALICE, expected_version=1)
    await registry.update(code, path, "https://example.org/2", reason="2", by=BOB, expected_version=2)
    with pytest.raises(Conflict) as err:
        await registry.revert(first.revision.id, by=ALICE)
    assert err.value.current_value == "https://example.org/2"
    assert registry.snapshot.get(code).regulator().website.value == "https://example.org/2"


# ------------------------------------------------------------------------------------------------ verify, stale, watch


async def test_mark_verified_and_stale(registry: Registry) -> None:
    code = with_minors(registry)
    jur = registry.snapshot.get(code)
    key = next(iter(jur.sources))
    far = dt.date(2100, 1, 1)
    stale_before = await registry.stale(30, today=far)
    assert any(s.code == code and s.key == key for s in stale_before)
    result = await registry.mark_verified(code, by=ALICE, source=key, today=far)
    assert result.revision.action == "verify" and result.revision.new_value["last_verified"] == "2100-01-01"
    assert registry.snapshot.get(code).sources[key].last_verified == far
    assert not any(s.code == code and s.key == key for s in await registry.stale(30, today=far))
    # verifying a fact against a new URL: the source is added and the unverified flag cleared
    unverified = next(((c, p) for c, j in sorted(registry.snapshot.jurisdictions.items())
                       for p, f in registry._entry(c).facts.items() if f.unverified), None)
    if unverified is not None:
        ucode, upath = unverified
        res = await registry.mark_verified(ucode, by=ALICE, source="https://example.org/proof", path=upath,
                                           title="Proof")
        fact = (await registry.get(ucode)).fact(upath)
        assert not fact.unverified and fact.source is not None and fact.source.url == "https://example.org/proof"
        assert res.path == upath
    with pytest.raises(NotFound):
        await registry.mark_verified(code, by=ALICE, source="no-such-key")


async def test_watches(registry: Registry) -> None:
    child = next(c for c, j in sorted(registry.snapshot.jurisdictions.items()) if j.parent is not None)
    parent = registry.snapshot.get(child).parent
    assert await registry.watch(1, parent) is True
    assert await registry.watch(1, parent) is False
    assert await registry.watch(2, child) is True
    assert registry.watchers(child) == {1, 2} and registry.watchers(parent) == {1}
    assert await registry.watches(1) == [(1, parent)]
    assert await registry.unwatch(1, parent) is True
    assert await registry.unwatch(1, parent) is False
    assert registry.watchers(child) == {2}
    other = await Registry.open(registry.url, seed=False)  # watches are stored, not only in memory
    try:
        assert other.watchers(child) == {2}
    finally:
        await other.close()


# ------------------------------------------------------------------------------------------------ import / export


async def test_export_import_round_trip_has_no_diff(registry: Registry, tmp_path: Path) -> None:
    code, path = with_website(registry)
    await registry.update(code, path, "https://example.org/exported", reason="r", by=ALICE, expected_version=1,
                          source_url="https://example.org/exp")
    written = await registry.export(tmp_path / "out")
    assert len(written) == len(registry.snapshot.jurisdictions)
    exported = load_directory(tmp_path / "out")
    assert exported[code].regulator().website.value == "https://example.org/exported"
    report = await registry.import_path(tmp_path / "out", dry_run=True)
    assert report.changes == () and report.created == ()
    report = await registry.import_path(tmp_path / "out")
    assert report.changes == () and not report.applied
    # and a second export is byte-identical apart from nothing
    again = await registry.export(tmp_path / "again")
    assert [p.read_text() for p in again] == [p.read_text() for p in written]


async def test_export_over_the_data_files_changes_only_what_was_edited(registry: Registry, tmp_path: Path,
                                                                      data_dir: Path) -> None:
    import shutil

    target = tmp_path / "files"
    shutil.copytree(data_dir, target)
    assert await registry.export(target) == []  # nothing edited: no file rewritten
    code, path = with_website(registry)
    before = (target / f"{code}.yaml").read_text(encoding="utf-8")
    await registry.update(code, path, "https://example.org/exported", reason="r", by=ALICE, expected_version=1,
                          source_url="https://example.org/exp")
    written = await registry.export(target)
    assert written == [target / f"{code}.yaml"]
    after = written[0].read_text(encoding="utf-8")
    assert after.splitlines()[0] == before.splitlines()[0]  # the file's header comment is kept
    changed = set(after.splitlines()) ^ set(before.splitlines())
    assert any("https://example.org/exported" in line for line in changed)
    assert len(changed) <= 12, changed  # the website, its new source entry — not the whole file
    assert load_directory(target)[code].regulator().website.value == "https://example.org/exported"
    assert await registry.export(target) == []


async def test_import_dry_run_shows_a_field_diff_and_applies_all(registry: Registry, tmp_path: Path,
                                                                  data_dir: Path) -> None:
    code, path = with_website(registry)
    target = tmp_path / "in"
    target.mkdir()
    doc = yaml.safe_load((data_dir / f"{code}.yaml").read_text())
    reg_id = path.split(".")[1]
    body = next(r for r in doc["regulators"] if r["id"] == reg_id)
    body["website"]["value"] = "https://example.org/imported"
    doc["aliases"] = [*doc.get("aliases", []), "Imported Alias"]
    (target / f"{code}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    dv = registry.data_version
    report = await registry.import_path(target, dry_run=True)
    assert {(c.code, c.path, c.kind) for c in report.changes} == {(code, path, "changed"), (code, "aliases", "changed")}
    assert "https://example.org/imported" in report.render()
    assert registry.data_version == dv and registry.snapshot.get(code).regulator().website.value != \
        "https://example.org/imported"
    report = await registry.import_path(target, by=ALICE)
    assert report.applied
    assert registry.snapshot.get(code).regulator().website.value == "https://example.org/imported"
    assert registry.resolve("Imported Alias") == code  # the place index was rebuilt
    hist = await registry.history(code)
    assert {(r.path, r.action) for r in hist} == {(path, "import"), ("aliases", "import")}
    entry = await registry.get(code)
    assert entry.fact(path).version == 2


async def test_import_is_all_or_nothing(registry: Registry, tmp_path: Path, data_dir: Path) -> None:
    codes = sorted(registry.snapshot.jurisdictions)[:3]
    target = tmp_path / "in"
    target.mkdir()
    for code in codes:
        shutil.copy(data_dir / f"{code}.yaml", target)
    good = yaml.safe_load((target / f"{codes[0]}.yaml").read_text())
    good["name"]["en"] = "Renamed By Import"
    (target / f"{codes[0]}.yaml").write_text(yaml.safe_dump(good, allow_unicode=True))
    bad = yaml.safe_load((target / f"{codes[1]}.yaml").read_text())
    first_source = next(iter(bad["sources"]))
    bad["sources"][first_source]["url"] = "javascript:alert(1)"
    (target / f"{codes[1]}.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True))
    dv = registry.data_version
    before = {c: dump_jurisdiction(registry.snapshot.get(c)) for c in codes}
    with pytest.raises(ImportFailed) as err:
        await registry.import_path(target)
    assert f"{codes[1]}.yaml" in err.value.message and "URL must start with https://" in err.value.message
    assert registry.data_version == dv
    fresh = await Registry.open(registry.url, seed=False)
    try:
        assert {c: dump_jurisdiction(fresh.snapshot.get(c)) for c in codes} == before
        assert await fresh.history(codes[0]) == []
    finally:
        await fresh.close()
    # a file whose parent does not exist anywhere is refused too, as a whole
    orphan = yaml.safe_load((data_dir / f"{codes[2]}.yaml").read_text())
    orphan["code"], orphan["parent"] = "ZZ-QQ", "ZZ"
    (target / f"{codes[1]}.yaml").unlink()
    (target / "ZZ-QQ.yaml").write_text(yaml.safe_dump(orphan, allow_unicode=True))
    with pytest.raises(ImportFailed, match="ZZ"):
        await registry.import_path(target)
    assert registry.data_version == dv and "ZZ-QQ" not in registry.snapshot.jurisdictions


async def test_import_creates_a_new_jurisdiction(registry: Registry, tmp_path: Path, data_dir: Path) -> None:
    code = sorted(registry.snapshot.jurisdictions)[0]
    doc = yaml.safe_load((data_dir / f"{code}.yaml").read_text())
    doc["code"] = "ZZ"
    doc.pop("parent", None)
    doc["kind"] = "country"
    doc["name"] = {"en": "Zedland", "fr": "Zédie"}
    doc["aliases"] = ["Zedlandia"]
    doc.pop("places", None)
    (tmp_path / "ZZ.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    report = await registry.import_path(tmp_path / "ZZ.yaml", by=ALICE)
    assert report.created == ("ZZ",) and report.applied
    assert registry.resolve("Zedlandia") == "ZZ"
    entry = await registry.get("ZZ")
    assert all(f.version == 1 for f in entry.facts.values())
    some_path = next(iter(entry.facts))
    hist = await registry.history("ZZ")
    assert [r.action for r in hist] == ["create"]
    with pytest.raises(InvalidEdit):
        await registry.revert(hist[0].id, by=ALICE)
    # the new jurisdiction is editable like any other
    fact = entry.fact(some_path)
    if fact.source_key is not None or fact.unverified:
        value = fact.value
        new = {"en": "x", "fr": "y"} if isinstance(value, dict) else value
        if new != value:
            await registry.update("ZZ", some_path, new, reason="r", by=ALICE, expected_version=1)


# ------------------------------------------------------------------------------------------------ several processes


async def test_changes_from_another_process_are_picked_up(registry: Registry, data_dir: Path) -> None:
    code, path = with_website(registry)
    other = await Registry.open(registry.url, seed_dir=data_dir)
    heard: list[Change] = []
    registry.subscribe(heard.append)
    try:
        await other.update(code, path, "https://example.org/elsewhere", reason="other process", by=BOB,
                           expected_version=1)
        # our memory is stale: an edit based on the old version is still refused (the database decides)
        with pytest.raises(Conflict) as err:
            await registry.update(code, path, "https://example.org/here", reason="stale", by=ALICE, expected_version=1)
        assert err.value.current_value == "https://example.org/elsewhere"
        assert registry.snapshot.get(code).regulator().website.value == "https://example.org/elsewhere"
        assert any(r.by == BOB for ch in heard for r in ch.revisions)
        # and a later edit in `other` is seen after refresh()
        await other.update(code, path, "https://example.org/again", reason="again", by=BOB, expected_version=2)
        assert await registry.refresh() is True
        assert registry.snapshot.get(code).regulator().website.value == "https://example.org/again"
        assert await registry.refresh() is False
    finally:
        await other.close()


async def test_a_route_is_edited_refused_and_undone_like_any_fact(registry: Registry) -> None:
    """Moderators edit routes as facts: optimistic locking, validation of the whole document, history, revert."""
    code, path = "GB-NIR", "rule.routes.0"
    entry = (await registry.get(code)).fact(path)
    longer = {**entry.value, "when": {**entry.value["when"], "max_days": 5}}
    result = await registry.update(code, path, longer, reason="NISCC: five days", by=Actor("m", "m"),
                                   expected_version=entry.version)
    assert registry.snapshot.jurisdictions[code].rule.routes[0].value.when.max_days == 5
    with pytest.raises(InvalidEdit, match="outcome"):
        await registry.update(code, path, {**longer, "outcome": "maybe"}, reason="bad", by=Actor("m", "m"),
                              expected_version=result.version)
    with pytest.raises(Conflict):
        await registry.update(code, path, longer, reason="stale", by=Actor("m", "m"), expected_version=entry.version)
    history = await registry.history(code, path)
    assert history[-1].new_value["when"]["max_days"] == 5
    await registry.revert(history[-1].id, by=Actor("m", "m"), reason="undo")
    assert registry.snapshot.jurisdictions[code].rule.routes[0].value.when.max_days == 3
