"""A stored value as the text of an edit form, and the typed text back as a value of the same shape (Discord
modals carry text only); `show` puts a value in a message as a code block nothing can escape."""

from __future__ import annotations

import json
from typing import Any

from app.embeds import Markup, clip
from db.values import is_text  # one value reader for the form and `db set`
from jurisdictions.safety import visible


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
