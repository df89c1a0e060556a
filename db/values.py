"""The stored form of an edit: what the registry writes is the *validated* value, never the raw one (issue 13).

The registry validates every change by assembling the whole document and parsing it with the schema
(`jurisdictions.schema`: types, lengths, characters, URLs). `settle` then replaces each planned state with the
state of that parsed document — `"19"` is stored as 19, `18.0` as 18, text trimmed and NFC — drops the changes
that turn out to change nothing, and refuses plain-http URLs for any link an edit or an import adds to or alters in
an existing jurisdiction (the bundled files still hold older http pages, and a whole new file is validated like
them; an edit may not bring a new one). Standard library + `db.documents` only.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableSequence
from typing import Any, Protocol

from db.documents import Flat, flatten, path_kind
from jurisdictions.safety import safe_text, safe_url
from jurisdictions.schema import Jurisdiction

REASON_MAX = 500
NAME_MAX = 100


class Planned(Protocol):
    code: str
    path: str
    old: Any
    new: Any


def _urls(path: str, state: Any) -> list[str]:
    """The URLs an entry's state carries (a source's page, a regulator's website or register)."""
    if not isinstance(state, Mapping):
        return []
    kind = path_kind(path)
    if kind == "source":
        url = state.get("url")
    elif kind == "fact" and path.endswith((".website", ".register_url")):
        url = state.get("value")
    else:
        return []
    return [url] if isinstance(url, str) else []


def settle(changes: MutableSequence[Any], documents: Mapping[str, Jurisdiction]) -> list[str]:
    """Normalise `changes` in place to the validated documents' states and drop the no-ops; the errors (one line
    each) of links that would be added or changed on http. `documents`: the parsed documents, by code."""
    flats: dict[str, Flat] = {}
    errors: list[str] = []
    keep = []
    for ch in changes:
        if ch.path == "*":  # a new jurisdiction (an import of a whole file): validated like a bundled file
            keep.append(ch)
            continue
        if ch.new is not None and ch.code in documents:
            flat = flats.get(ch.code)
            if flat is None:
                flat = flats[ch.code] = flatten(documents[ch.code])
            ch.new = flat.get(ch.path)
        if ch.new == ch.old:
            continue
        errors += _http_errors(ch.code, ch.path, _urls(ch.path, ch.old), _urls(ch.path, ch.new))
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
