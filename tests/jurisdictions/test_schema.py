"""The data format rejects what would make an answer wrong or unsourced, naming the file and the field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from jurisdictions.loader import DATA_DIR, DataError, load_directory, load_file, load_guidance
from jurisdictions.schema import iter_facts

EXAMPLE = DATA_DIR / "CA-NB.yaml"


def _raw() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict, name: str = "CA-NB.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_reference_file_loads() -> None:
    jur = load_file(EXAMPLE)
    assert jur.code == "CA-NB"
    assert jur.regulator() is not None and jur.regulator().id == "nbasw"


def test_fact_without_source_is_rejected_with_file_and_field(tmp_path: Path) -> None:
    raw = _raw()
    del raw["regulators"][0]["website"]["source"]
    with pytest.raises(DataError) as err:
        load_file(_write(tmp_path, raw))
    message = str(err.value)
    assert "CA-NB.yaml" in message and "regulators.0.website" in message and "no source" in message


def test_unverified_fact_without_source_is_accepted(tmp_path: Path) -> None:
    raw = _raw()
    raw["regulators"][0]["website"] = {"value": "https://example.org", "unverified": True}
    jur = load_file(_write(tmp_path, raw))
    assert jur.regulators[0].website is not None and jur.regulators[0].website.unverified


def test_source_key_must_exist(tmp_path: Path) -> None:
    raw = _raw()
    raw["rule"]["summary"]["source"] = "nowhere"
    with pytest.raises(DataError, match="'nowhere' is not in `sources`"):
        load_file(_write(tmp_path, raw))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org", "www.example.org", "https://exa mple.org"])
def test_non_web_urls_are_rejected(tmp_path: Path, url: str) -> None:
    raw = _raw()
    raw["regulators"][0]["website"]["value"] = url
    with pytest.raises(DataError, match=r"URL must start with|URL contains|valid host"):
        load_file(_write(tmp_path, raw))


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    raw = _raw()
    raw["rule"]["statuss"] = raw["rule"]["status"]
    with pytest.raises(DataError, match=r"rule\.statuss"):
        load_file(_write(tmp_path, raw))


def test_age_out_of_range_is_rejected(tmp_path: Path) -> None:
    raw = _raw()
    raw["minors"]["age_of_majority"]["value"] = 99
    with pytest.raises(DataError, match=r"minors\.age_of_majority"):
        load_file(_write(tmp_path, raw))


def test_a_jurisdiction_needs_a_regulator_or_a_no_regulator_statement(tmp_path: Path) -> None:
    raw = _raw()
    raw["regulators"] = []
    with pytest.raises(DataError, match="no regulator listed"):
        load_file(_write(tmp_path, raw))


def test_file_name_must_match_code(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not match the file name"):
        load_file(_write(tmp_path, _raw(), "CA-QC.yaml"))


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "CA-NB.yaml"
    path.write_text("code: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"CA-NB\.yaml: not valid YAML"):
        load_file(path)


def test_dangling_parent_is_rejected(tmp_path: Path) -> None:
    _write(tmp_path, _raw())  # parent CA absent from this directory
    with pytest.raises(DataError, match="parent: 'CA' is not a known jurisdiction"):
        load_directory(tmp_path)


def test_every_bundled_fact_is_sourced_or_flagged_and_every_source_dated() -> None:
    data = load_directory()
    assert len(data) >= 14
    for jur in data.values():
        for path, fact in iter_facts(jur):
            assert fact.source is not None or fact.unverified, f"{jur.code}.{path}"
            if fact.source is not None:
                src = jur.sources[fact.source]
                assert src.url.startswith(("http://", "https://")) and src.last_verified.year >= 2020, f"{jur.code}.{path}"


def test_every_jurisdiction_has_a_regulator_or_says_there_is_none() -> None:
    for jur in load_directory().values():
        assert jur.regulators or jur.no_regulator is not None, jur.code
        if jur.regulator() is None:
            assert jur.no_regulator is not None or jur.rule.status.value in ("by_subdivision", "unknown"), jur.code


def test_guidance_loads_and_is_sourced() -> None:
    guidance = load_guidance()
    assert len(guidance.checklist) >= 5
    assert all(item.text.source in guidance.sources for item in guidance.checklist)


def test_export_form_reloads_identically(tmp_path: Path) -> None:
    from jurisdictions.loader import dump_jurisdiction, parse_jurisdiction

    jur = load_file(EXAMPLE)
    again = parse_jurisdiction(copy.deepcopy(dump_jurisdiction(jur)), "round-trip")
    assert again == jur


def test_a_decisive_fact_on_a_secondary_source_must_say_unverified() -> None:
    import copy

    from jurisdictions.loader import DATA_DIR, DataError, _read_yaml, parse_jurisdiction

    raw = _read_yaml(DATA_DIR / "GB-ENG.yaml")
    bad = copy.deepcopy(raw)
    bad["rule"]["routes"][0]["source"] = "wiki-uk-cities"  # kind: secondary
    with pytest.raises(DataError, match="decisive fact backed only by a secondary source"):
        parse_jurisdiction(bad, "GB-ENG.yaml")
    bad["rule"]["routes"][0]["unverified"] = True
    assert parse_jurisdiction(bad, "GB-ENG.yaml").rule.routes[0].unverified
    note = copy.deepcopy(raw)
    note["rule"]["notes"][0]["source"] = "wiki-uk-cities"  # not decisive: allowed, and the answer marks the source
    parse_jurisdiction(note, "GB-ENG.yaml")


def test_validate_report_counts_sources_by_kind() -> None:
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "bot.py", "data", "validate", "--report"], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()
    figures = json.loads(out[-1])
    total = figures["total"]
    assert total["jurisdictions"] == 85 and set(figures) >= {"Canada", "United States", "United Kingdom", "total"}
    assert sum(total["sources"].values()) > 0 and 0 <= total["secondary_share"] <= 1
    assert figures["United Kingdom"]["sources"]["regulator"] >= 4  # the UK files' sources are classified
    # the four country files whose rule is per subdivision (CA, US, GB, AU) have no minors rule of their own
    assert total["minors_applicable"] == 81 and figures["United States"]["minors_applicable"] == 51
    assert total["majority_sourced"] <= total["minors_applicable"] and total["consent_sourced"] <= 81


def test_automated_fact_check_sites_are_not_sources() -> None:
    import copy

    from jurisdictions.loader import DATA_DIR, DataError, _read_yaml, parse_jurisdiction

    raw = copy.deepcopy(_read_yaml(DATA_DIR / "GB-ENG.yaml"))
    raw["sources"]["wiki-uk-cities"]["url"] = "https://factually.co/fact-checks/politics/us-age-of-majority-by-state"
    with pytest.raises(DataError, match=r"factually\.co is not a source"):
        parse_jurisdiction(raw, "GB-ENG.yaml")


def test_decoded_data_cache_follows_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The decoded-YAML cache is keyed by size and mtime: an edited file is read again, never served stale."""
    import os
    import shutil

    from jurisdictions.loader import DATA_DIR, load_directory

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    for name in ("CA.yaml", "CA-NB.yaml"):
        shutil.copy(DATA_DIR / name, data / name)
    first = load_directory(data)
    assert list((tmp_path / "cache" / "passerelle").glob("data-*.marshal"))
    assert load_directory(data) == first  # from the cache, identical
    path = data / "CA-NB.yaml"
    text = path.read_text(encoding="utf-8").replace("en: New Brunswick", "en: New Brunswick (edited)", 1)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert load_directory(data)["CA-NB"].name.en == "New Brunswick (edited)"


@pytest.mark.parametrize("url", ["https://law.justia.com/codes/ohio/title-31/section-3109-01/",
                                 "https://www.lawserver.com/law/state/missouri/mo-laws/missouri_laws_431-056",
                                 "https://app.legiplex.com/fl/legislature/2025/2025-r/bills/h0027",
                                 "https://d1tvxue8o4w0fl.cloudfront.net/statute/delaware-code/title-13"])
def test_a_copy_of_the_law_is_not_the_law(url: str) -> None:
    """Legal-reference sites and bill trackers reproduce statutes; the loader refuses them as `statute` (a decisive
    fact resting on one then has to say `unverified`)."""
    import copy

    from jurisdictions.loader import DATA_DIR, DataError, _read_yaml, parse_jurisdiction

    raw = copy.deepcopy(_read_yaml(DATA_DIR / "GB-ENG.yaml"))
    key = next(iter(raw["sources"]))
    raw["sources"][key].update(url=url, kind="statute")
    with pytest.raises(DataError, match=r"reproduces the law, it does not publish it"):
        parse_jurisdiction(raw, "GB-ENG.yaml")
    raw["sources"][key]["kind"] = "secondary"
    try:
        parse_jurisdiction(raw, "GB-ENG.yaml")
    except DataError as exc:  # only a decisive fact that rested on it may now object, never the copy rule
        assert "reproduces the law" not in str(exc)


def test_the_guidance_sources_follow_the_same_rules() -> None:
    """The checklist's sources are shown in every answer: a Casetext copy (even under its CDN name) is no rule."""
    from jurisdictions.loader import _read_yaml
    from jurisdictions.schema import Guidance

    raw = _read_yaml(DATA_DIR.parent / "guidance.yaml")
    assert all(src.get("kind") for src in raw["sources"].values())
    key = next(k for k, src in raw["sources"].items() if "cloudfront.net" in src["url"])
    raw["sources"][key]["kind"] = "regulation"
    with pytest.raises(ValueError, match=r"reproduces the law, it does not publish it"):
        Guidance.model_validate(raw)
