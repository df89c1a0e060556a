"""The client's age in the ways people write it: "15-year-old", "client (15)", "she's 13", "13 y/o",
"my client, 15,", "sixteen-year-old", "quinze ans", "âgée de 15 ans".

Number words are turned into digits by `text2num` (English and French) before the patterns run; a
duration ("registered for 10 years", "depuis 3 ans") is not an age.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

MAX_AGE = 120
_YOUNG = r"(1?\d|2[0-5])"  # bare numbers count only where a young person's age is plausible
_NOT_UNIT = r"(?!\s*(?:%|km|h\b|days?|jours?|months?|mois|weeks?|semaines?|sessions?|times|fois|minutes?|hours?|heures?|\$|dollars?))"
_PATTERNS = [
    re.compile(r"\b(\d{1,3})\s*(?:-|\s)?\s*(?:years?|yrs?|y\.?\s?o\.?|y/o|yo|yr\.?\s?old)\b(?:\s*-?\s*old)?", re.I),
    re.compile(r"\b(\d{1,3})\s*(?:-|\s)?\s*ans\b", re.I),
    re.compile(r"\b(?:aged?|agee?|âgée?|age\s+de|age\s+of|ages?)\s*:?\s*(\d{1,3})\b", re.I),
    re.compile(r"\b(?:client|cliente|patient|patiente|he|she|they|il|elle|who|qui|son|daughter|kid|child|teen)\s+"
               r"(?:is|est|a|turned|aged|turns|just\s+turned|vient\s+d'avoir)\s+" + _YOUNG + r"\b" + _NOT_UNIT, re.I),
    re.compile(r"\b(?:she|he|they)\s*['’]?\s*(?:s|re)\s+" + _YOUNG + r"\b" + _NOT_UNIT, re.I),
    re.compile(r"\(\s*(?:age\s*|âge\s*)?" + _YOUNG + r"\s*(?:y/?o|yo|ans)?\s*\)", re.I),
    re.compile(r"\b(?:client|cliente|patient|patiente|son|daughter|kid|child|teen|fils|fille|boy|girl|youth)\s*,\s*"
               + _YOUNG + r"\s*(?:,|\.|;|\)|$)", re.I),
]
_DURATION_BEFORE = re.compile(r"(?:\bfor|\bsince|\bdepuis|\bpendant|\bpast|\blast|\bover|\bin|\bdans|\bplus\s+de|\bafter|\baprès)\s*$", re.I)
_ANY_DIGIT = re.compile(r"\d")
_HYPHENED_WORDS = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|deux|trois|quatre|cinq|"
    r"sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante)\b",
    re.I)


@lru_cache(maxsize=1)
def _alpha2digit() -> Callable[[str, str], str] | None:
    """text2num, imported when a question first spells a number (`check` never does; ~5 ms of a CLI start)."""
    try:
        from text_to_num import alpha2digit
    except ImportError:  # the patterns still read digits
        return None
    return alpha2digit  # type: ignore[no-any-return]


def _digits(text: str) -> str:
    """Number words as digits, English then French ("sixteen-year-old" -> "16 year old", "quinze ans" -> "15 ans")."""
    if not _NUMBER_WORD.search(text) or (alpha2digit := _alpha2digit()) is None:
        return text
    spaced = _HYPHENED_WORDS.sub(" ", text)
    return str(alpha2digit(alpha2digit(spaced, "en"), "fr"))


def find_age(text: str) -> int | None:
    """The first age the text states, or None."""
    text = _digits(text)
    if not _ANY_DIGIT.search(text):  # most questions state no age: skip the patterns
        return None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if _DURATION_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            age = int(m.group(1))
            if 0 <= age <= MAX_AGE:
                return age
    return None
