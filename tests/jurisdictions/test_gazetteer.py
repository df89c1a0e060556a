"""The GeoNames gazetteer: derived once, cached, loaded fast; namesakes and coverage are kept apart."""

from __future__ import annotations

import marshal
import subprocess
import sys
import time
from pathlib import Path

from jurisdictions import gazetteer

ROOT = Path(__file__).resolve().parents[2]


def test_every_covered_country_maps_to_our_codes() -> None:
    g = gazetteer.shared()
    expect = {"toronto": "CA-ON", "kenora": "CA-ON", "lubbock": "US-TX", "cardiff": "GB-WLS", "belfast": "GB-NIR",
              "hobart": "AU-TAS", "darwin": "AU-NT", "galway": "IE", "dunedin": "NZ", "lyon": "FR", "namur": "BE",
              "lausanne": "CH", "iqaluit": "CA-NU", "canberra": "AU-ACT", "anchorage": "US-AK"}
    for key, code in expect.items():
        assert code in {p.code for p in g.lookup(key) if p.covered}, key


def test_outside_places_are_kept_with_their_country_and_marked_uncovered() -> None:
    g = gazetteer.shared()
    cancun = g.lookup("cancun")
    assert cancun and not cancun[0].covered and cancun[0].country == "MX" and cancun[0].population > 100_000
    assert {p.code for p in g.lookup("portugal")} == {"PT"}
    assert gazetteer.country_name("MX", "fr") == "Mexique" and gazetteer.country_name("MX") == "Mexico"


def test_abbreviated_saints_and_forts_are_found() -> None:
    g = gazetteer.shared()
    assert g.find_key("sthyacinthe") == "sainthyacinthe"
    assert "CA-QC" in {p.code for p in g.lookup("sthyacinthe")}


def test_prefix_search_is_by_population_and_only_covered() -> None:
    found = gazetteer.shared().prefixed("sault")
    assert found and found[0][1].name == "Sault Ste. Marie" and found[0][1].code == "CA-ON"
    assert all(p.covered for _, p in found)


def test_the_cache_is_written_once_then_loaded_quickly(tmp_path: Path) -> None:
    path = tmp_path / "gaz.marshal"
    payload = gazetteer.load_payload(path)  # derives (slow) and writes
    assert path.exists() and payload["format"] == gazetteer.FORMAT
    t0 = time.perf_counter()
    again = gazetteer.load_payload(path)
    assert time.perf_counter() - t0 < 1.0 and again["keys"] == payload["keys"]
    path.write_bytes(marshal.dumps({"format": -1}))  # stale: derived again, not trusted
    assert gazetteer.load_payload(path)["format"] == gazetteer.FORMAT


def test_the_build_command_writes_the_cache(tmp_path: Path) -> None:
    out = tmp_path / "built.marshal"
    proc = subprocess.run([sys.executable, "-m", "jurisdictions.gazetteer", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and out.exists() and "keys" in proc.stdout
