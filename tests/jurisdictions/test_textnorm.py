"""Normalisation: folding, keys, and what may be echoed into chat."""

from __future__ import annotations

import unicodedata

from jurisdictions.textnorm import _CONTROL, clean_input, compact_key, fold, safe_echo


def test_control_class_covers_every_control_format_surrogate_and_private_character() -> None:
    wanted = [c for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs", "Co")]
    assert all(_CONTROL.match(chr(c)) for c in wanted)
    assert not _CONTROL.match("é") and not _CONTROL.match("a") and not _CONTROL.match(" ")


def test_fold_and_keys() -> None:
    assert fold("Québec") == "quebec"
    assert fold("Île-du-Prince-Édouard") == "ile-du-prince-edouard"
    assert compact_key("N.-B.") == compact_key("NB") == "nb"
    assert compact_key("Saint\u200bJohn") == "saintjohn"
    assert compact_key("Straße") == "strasse"


def test_clean_input_drops_controls_and_bidi_and_caps_length() -> None:
    assert clean_input("a\x00b\u202ec\u200bd\x1b[31m") == "a bcd [31m"
    assert len(clean_input("x" * 50_000)) == 2000


def test_safe_echo_cannot_ping_or_break_markdown() -> None:
    out = safe_echo("@everyone <@123> `code` " + "y" * 200)
    assert "@everyone" not in out and "<@" not in out and "`" not in out
    assert len(out) <= 80 and out.endswith("…")
