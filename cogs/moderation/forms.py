"""A stored value as the text of an edit form, and the typed text back as a value of the same shape (Discord
modals carry text only); `show` puts a value in a message as a code block nothing can escape."""

from __future__ import annotations

import json
from typing import Any

from app.embeds import Markup, clip
from jurisdictions.safety import visible


def is_text(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"en", "fr"} and all(isinstance(v, str) for v in value.values())


def value_to_inputs(value: Any) -> list[tuple[str, str, str]]:
    """(custom_id, label, text) for the value inputs of an edit form."""
    if is_text(value):
        return [("value_en", "English", value["en"]), ("value_fr", "Français", value["fr"])]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [("value", "Value (one item per line)", "\n".join(value))]
    if isinstance(value, str):
        return [("value", "Value", value)]
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return [("value", "Value", json.dumps(value))]
    return [("value", "Value (JSON)", json.dumps(value, ensure_ascii=False, indent=1))]


def inputs_to_value(old: Any, typed: dict[str, str]) -> Any:
    """The new value, of the same shape as the old one; ValueError with a readable message otherwise."""
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
            raise ValueError(f"{clip(text, 40)!r} is not a whole number") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None


def show(value: Any, limit: int = 900) -> Markup:
    """A value as a code block for a message (no mentions or markdown can escape it; invisible characters shown)."""
    if is_text(value):
        text = f"EN: {value['en']}\nFR: {value['fr']}"
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    text = visible(text).replace("```", "'''")
    return Markup(f"```\n{clip(text, limit)}\n```")
