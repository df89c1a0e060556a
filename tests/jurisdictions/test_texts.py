"""The EN/FR catalogue (jurisdictions/texts.py): every key in both languages, the same placeholders in each, and
no key the code never asks for (found by reading the source, as a reviewer would grep for it)."""

from __future__ import annotations

import ast
import re
import string
import typing
from pathlib import Path

import pytest

from jurisdictions.schema import CrisisService, DaysPer, Role, RouteModality, Situation
from jurisdictions.texts import TEXTS, text
from jurisdictions.verdict import VerdictCode

ROOT = Path(__file__).resolve().parents[2]
# Keys built from a code (`text(f"role.{body.role}", lang)`): the codes are the type's values, no more, no fewer.
FAMILIES: dict[str, object] = {
    "verdict.": VerdictCode, "role.": Role, "crisis.service.": CrisisService, "route.modality.": RouteModality,
    "route.situation.": Situation, "route.days.": DaysPer,
}
# Messages are asked for by their name without the `msg.` prefix (`t("no_match", lang)`), the import budget's by
# their reason code (`t(f"budget_{exc.key}", …)`).
MSG_FAMILIES = ("budget_",)


def fields(template: str) -> set[tuple[str, str | None]]:
    return {(name, conversion) for _, name, _, conversion in string.Formatter().parse(template) if name is not None}


def source_files() -> list[Path]:
    skip = {"tests", "benchmarks", "migrations", "node_modules"}
    return [p for p in ROOT.rglob("*.py")
            if not any(part.startswith(".") or part in skip for part in p.relative_to(ROOT).parts)
            and p != ROOT / "jurisdictions" / "texts.py"]


@pytest.fixture(scope="module")
def source() -> tuple[set[str], str]:
    """Every string constant and parameter name (a slash command's options) of the program's modules, and their text."""
    constants: set[str] = set()
    texts = []
    for path in source_files():
        code = path.read_text(encoding="utf-8")
        texts.append(code)
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.arg):
                constants.add(node.arg)
    return constants, "\n".join(texts)


def test_every_key_has_both_languages() -> None:
    for key, entry in TEXTS.items():
        assert set(entry) == {"en", "fr"}, key
        assert isinstance(entry["en"], str) and entry["en"].strip(), f"{key}: no English"
        assert isinstance(entry["fr"], str) and entry["fr"].strip(), f"{key}: no French"


def test_placeholders_match_between_languages() -> None:
    for key, entry in TEXTS.items():
        assert fields(entry["en"]) == fields(entry["fr"]), key
        values = {name: "x" for name, _ in fields(entry["en"])}
        for lang in ("en", "fr"):
            text(key, lang, **values)  # formats: no stray brace, no positional field


def test_lookup_picks_french_only_for_fr() -> None:
    assert text("verdict.allowed", "fr") == "Permis"
    assert text("verdict.allowed", "en") == text("verdict.allowed", "de") == "Allowed"
    assert text("engine.ask_first", "en", who="the OTSTCFQ") == "Ask the OTSTCFQ before serving the client."
    assert text("cli.no_match", "fr") == "Aucun territoire ne correspond à {q!s}."  # no fields: left as written


def test_command_keys_are_their_english() -> None:
    for key, entry in TEXTS.items():
        if key.startswith("command."):
            assert entry["en"] == key.removeprefix("command."), key


def test_families_cover_their_codes_exactly(source: tuple[set[str], str]) -> None:
    _, code = source
    for prefix, kind in FAMILIES.items():
        have = {key.removeprefix(prefix) for key in TEXTS if key.startswith(prefix) and "." not in key.removeprefix(prefix)}
        assert have == set(typing.get_args(kind)), prefix
        assert re.search(r"""f["']""" + re.escape(prefix) + r"\{", code), f"nothing builds {prefix}… keys"


def test_no_key_is_unused(source: tuple[set[str], str]) -> None:
    constants, code = source
    unused = []
    for key in TEXTS:
        name = key.split(".", 1)[1]
        if key in constants or any(key.startswith(prefix) for prefix in FAMILIES):
            continue
        if key.startswith("msg.") and (name in constants or any(
                name.startswith(p) and name.removeprefix(p) in constants for p in MSG_FAMILIES)):
            continue
        if key.startswith("label.") and re.search(rf"""LABELS\[["']{re.escape(name)}["']\]""", code):
            continue  # the Discord side reads the bilingual view jurisdictions.render.LABELS
        if key.startswith("command.") and name in constants:
            continue  # a command, option or choice declared with this English text
        unused.append(key)
    assert unused == [], unused
