"""Text normalisation shared by the resolver and the parser, and making echoed text safe for chat."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
# Zero-width and bidi control characters people paste (or attackers add) around words.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def fold(text: str) -> str:
    """Lower-case, accent-free, invisible-free form: 'Québec' -> 'quebec'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_INVISIBLE).casefold())
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compact_key(text: str) -> str:
    """The index key: folded, with every space and punctuation removed ('N.-B.' -> 'nb')."""
    return _NON_ALNUM.sub("", fold(text))


def clean_input(text: str, limit: int = 2000) -> str:
    """Drop control and invisible characters, collapse spaces, cap the length of what we parse."""
    text = text[: limit * 2]
    if not (text.isascii() and text.isprintable()):
        text = text.translate(_INVISIBLE)
        text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    return _SPACES.sub(" ", text).strip()[:limit]


def safe_echo(text: str, limit: int = 80) -> str:
    """User text quoted back in an answer: no mentions, no markdown tricks, bounded length."""
    text = clean_input(text, limit)
    text = text.replace("@", "@\u200b").replace("`", "'").replace("<", "‹").replace(">", "›")
    return text if len(text) <= limit else text[: limit - 1] + "…"
