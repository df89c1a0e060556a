"""db.values: how a typed value is read, for the terminal (`db set`) and the Discord edit form alike."""

from __future__ import annotations

import pytest

from db.documents import DocumentError, EntryPath
from db.values import MAX_DEPTH, inputs_to_value, is_text, parse_value, read_json, value_to_inputs


def test_parse_value_reads_json_else_plain_text() -> None:
    assert parse_value("19") == 19
    assert parse_value('{"en": "a", "fr": "b"}') == {"en": "a", "fr": "b"}
    assert parse_value("restricted") == "restricted"
    assert parse_value("[1, 2") == "[1, 2"  # not JSON: the text itself


@pytest.mark.parametrize("text", ["[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "9" * 5000])
def test_values_no_entry_can_hold_are_refused_the_same_way_by_both(text: str) -> None:
    with pytest.raises(ValueError) as terminal:
        parse_value(text)
    with pytest.raises(ValueError) as form:
        inputs_to_value({"a": 1}, {"value": text})  # a JSON-shaped entry: the form reads JSON too
    assert str(form.value) == str(terminal.value)


def test_read_json_keeps_the_decode_error_for_text() -> None:
    import json

    with pytest.raises(json.JSONDecodeError):
        read_json("plain")
    assert read_json("[[1]]") == [[1]]


def test_form_inputs_round_trip_by_shape() -> None:
    for value in ({"en": "x", "fr": "y"}, ["a", "b"], "text", True, 18, None, {"k": [1, 2]}):
        inputs = value_to_inputs(value)
        typed = {custom_id: text for custom_id, _label, text in inputs}
        assert inputs_to_value(value, typed) == value
    assert is_text({"en": "x", "fr": "y"}) and not is_text({"en": "x"})


@pytest.mark.parametrize(("old", "typed", "message"), [
    ({"en": "x", "fr": "y"}, {"value_en": "only"}, "both the English and the French"),
    ("text", {"value": "  "}, "cannot be empty"),
    (True, {"value": "yes"}, "true or false"),
    (18, {"value": "eighteen"}, "not a whole number"),
    ({"k": 1}, {"value": "{oops"}, "not valid JSON"),
])
def test_form_refusals_say_why(old: object, typed: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        inputs_to_value(old, typed)


def test_entry_path_is_parsed_once_and_names_its_kind() -> None:
    assert EntryPath.parse("name").kind == "field"
    src = EntryPath.parse("sources.nasw")
    assert (src.kind, src.key) == ("source", "nasw")
    assert EntryPath.parse("regulators.nbasw").key == "nbasw"
    fact = EntryPath.parse("regulators.nbasw.website")
    assert fact.is_fact and fact.key == fact.path == str(fact)
    assert EntryPath.parse("rule.status") is EntryPath.parse("rule.status")  # cached
    for bad in ("sources.a.b", "a..b", "code"):
        with pytest.raises(DocumentError):
            EntryPath.parse(bad)
