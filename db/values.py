"""The stored form of an edit: what the registry writes is the *validated* value, never the raw one (issue 13).

The registry validates every change by assembling the whole document and parsing it with the schema
(`jurisdictions.schema`: types, lengths, characters, URLs). `settle` then replaces each planned state with the
state of that parsed document — `"19"` is stored as 19, `18.0` as 18, text trimmed and NFC — drops the changes
that turn out to change nothing, and refuses plain-http URLs for any link an edit or an import adds to or alters in
an existing jurisdiction (the bundled files still hold older http pages, and a whole new file is validated like
them; an edit may not bring a new one). Standard library + `db.documents` only.

It is also where an edit's value is read from what a person typed, the same way for the terminal (`bot.py db
set`: `parse_value`, JSON or plain text) and for Discord (the edit form: `value_to_inputs` / `inputs_to_value`,
text of the old value's shape); both read JSON through `read_json`, bounded in depth, and both hand the value to
the registry, which validates it as above. No Discord in here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableSequence
from typing import Any, Protocol, TypeVar

from db.documents import EntryPath, Flat, flatten
from jurisdictions.safety import safe_text, safe_url
from jurisdictions.schema import Jurisdiction

REASON_MAX = 500
NAME_MAX = 100
MAX_DEPTH = 64  # the deepest JSON value an edit accepts (a 60,000-deep one would exhaust the stack)


class Planned(Protocol):
    """A planned change (db.plans.Planned): `at` None for a whole new jurisdiction."""

    code: str
    at: EntryPath | None
    old: Any
    new: Any


P = TypeVar("P", bound=Planned)


def _urls(at: EntryPath, state: Any) -> list[str]:
    """The URLs an entry's state carries (a source's page, a regulator's website or register)."""
    if not isinstance(state, Mapping):
        return []
    if at.kind == "source":
        url = state.get("url")
    elif at.kind == "fact" and at.path.endswith((".website", ".register_url")):
        url = state.get("value")
    else:
        return []
    return [url] if isinstance(url, str) else []


def settle(changes: MutableSequence[P], documents: Mapping[str, Jurisdiction]) -> list[str]:
    """Normalise `changes` in place to the validated documents' states and drop the no-ops; the errors (one line
    each) of links that would be added or changed on http. `documents`: the parsed documents, by code."""
    flats: dict[str, Flat] = {}
    errors: list[str] = []
    keep: list[P] = []
    for ch in changes:
        at = ch.at
        if at is None:  # a new jurisdiction (an import of a whole file): validated like a bundled file
            keep.append(ch)
            continue
        if ch.new is not None and ch.code in documents:
            flat = flats.get(ch.code)
            if flat is None:
                flat = flats[ch.code] = flatten(documents[ch.code])
            ch.new = flat.get(at.path)
        if ch.new == ch.old:
            continue
        errors += _http_errors(ch.code, at.path, _urls(at, ch.old), _urls(at, ch.new))
        keep.append(ch)
    changes[:] = keep
    return errors


def _http_errors(code: str, path: str, old: list[str], new: list[str]) -> list[str]:
    out = []
    for url in new:
        if url in old:
            continue
        try:
            safe_url(url)
        except ValueError as exc:
            why = ("a new or changed link must use https:// / un lien nouveau ou modifié doit utiliser https://"
                   if url.lower().startswith("http://") else str(exc))
            out.append(f"{code}: {path}: {why}")
    return out


def check_reason(reason: str) -> str:
    """The reason of an edit, as kept in the history (shown to moderators and in watch notices)."""
    try:
        return safe_text(reason, max_len=REASON_MAX, multiline=True)
    except ValueError as exc:
        raise ValueError(f"reason / motif: {exc}") from None


def clean_name(name: str) -> str:
    """Who made a change, as kept in the history: a display name is whatever the person chose, so it is never
    refused, but control, bidi and invisible characters are dropped and the length is capped."""
    from jurisdictions.textnorm import clean_input

    return clean_input(str(name), NAME_MAX) or "?"


# ----------------------------------------------------------------------------------------------- typed values


def read_json(text: str) -> Any:
    """`text` as JSON; json.JSONDecodeError when it is not JSON, ValueError for JSON no entry can hold (nested
    deeper than MAX_DEPTH, numbers with more digits than Python converts)."""
    if _depth(text) > MAX_DEPTH:
        raise ValueError(f"the value is nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"the value cannot be read: {str(exc)[:120]}") from None


def _depth(text: str) -> int:
    """How deeply brackets nest in `text` (a cheap bound computed before json.loads recurses)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_value(text: str) -> Any:
    """The VALUE of `bot.py db set`: JSON when it parses, else the plain text; ValueError for values no entry can
    hold (see read_json)."""
    try:
        return read_json(text)
    except json.JSONDecodeError:
        return text


def is_text(value: Any) -> bool:
    """A bilingual text: `{"en": …, "fr": …}`."""
    return isinstance(value, dict) and set(value) == {"en", "fr"} and all(isinstance(v, str) for v in value.values())


def value_to_inputs(value: Any) -> list[tuple[str, str, str]]:
    """(input id, label, text) of the value inputs of an edit form."""
    if is_text(value):
        return [("value_en", "English", value["en"]), ("value_fr", "Français", value["fr"])]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [("value", "Value (one item per line)", "\n".join(value))]
    if isinstance(value, str):
        return [("value", "Value", value)]
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return [("value", "Value", json.dumps(value))]
    return [("value", "Value (JSON)", json.dumps(value, ensure_ascii=False, indent=1))]


def inputs_to_value(old: Any, typed: Mapping[str, str]) -> Any:
    """The new value typed into an edit form, of the same shape as the old one; ValueError with a readable
    message otherwise."""
    if is_text(old):
        en, fr = typed.get("value_en", "").strip(), typed.get("value_fr", "").strip()
        if not en or not fr:
            raise ValueError("both the English and the French text are required")
        return {"en": en, "fr": fr}
    text = typed.get("value", "").strip()
    if isinstance(old, list) and all(isinstance(v, str) for v in old):
        return [line.strip() for line in text.splitlines() if line.strip()]
    if isinstance(old, str):
        if not text:
            raise ValueError("the value cannot be empty")
        return text
    if isinstance(old, bool):
        if text.lower() not in ("true", "false"):
            raise ValueError("type true or false")
        return text.lower() == "true"
    if isinstance(old, int) or old is None:
        if text.lower() in ("", "null", "none"):
            return None
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{_clip(text, 40)!r} is not a whole number") from None
    try:
        return read_json(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
