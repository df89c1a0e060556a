"""Which language a question is written in, so the answer comes back in it (CLI `ask`, Discord mentions)."""

from __future__ import annotations

import re
from functools import lru_cache

from jurisdictions.textnorm import fold

_FR_WORDS = {
    "je", "suis", "inscrit", "inscrite", "cliente", "client", "ans", "habite", "vit", "est", "au", "aux", "une", "un",
    "mon", "ma", "peux", "puis", "servir", "quebec", "travailleuse", "travailleur", "sociale", "social", "demenage",
    "par", "en", "des", "pour", "avec", "qui", "que", "et", "mineur", "mineure", "vers", "à", "dans", "distance",
    "a", "le", "la", "les", "du", "de", "ou", "mais", "est-ce", "peut", "elle", "il", "sur", "chez", "ordre",
    "assistante", "assistant", "ts", "membre", "aupres", "suivre", "voir", "faire", "seance", "seances",
}
_EN_WORDS = {
    "i", "am", "registered", "client", "in", "the", "to", "can", "may", "serve", "my", "moved", "lives", "year",
    "years", "old", "by", "video", "phone", "with", "who", "and", "is", "a", "an", "for", "from", "worker",
    "licensed", "she", "he", "her", "his", "see", "keep", "seeing", "im", "i'm", "what", "about", "do", "at",
}


@lru_cache(maxsize=1)
def _word() -> re.Pattern[str]:
    """Compiled on first use: the Unicode classes cost ~5 ms, and `check` never guesses a language."""
    return re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def guess_lang(text: str) -> str:
    """French when the question reads French (more French cue words and accents than English words)."""
    words = [fold(w) for w in _word().findall(text)]
    fr = sum(1 for w in words if w in _FR_WORDS and w not in ("client", "a", "en"))
    en = sum(1 for w in words if w in _EN_WORDS and w not in ("client", "a"))
    fr += sum(1 for c in text.lower() if c in "éèêàçùâîôû")
    return "fr" if fr > en else "en"
