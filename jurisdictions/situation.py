"""What the client is doing in the place and for how long, read from a question (English or French).

Routes depend on it: Florida allows 15 days a year without a licence, Utah 45 days after a client moves,
Idaho serves existing clients who are there for a while. So "on vacation in Florida for 3 weeks" must give
the parse a situation (`visiting`), a length (21 days) and, when said, whether the client is new or existing.
Numbers written as words are read with text2num ("three weeks", "deux mois").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from jurisdictions.schema import Relationship, Situation

DAYS_PER_UNIT = {"day": 1, "week": 7, "month": 30, "year": 365}
_UNIT_WORDS = {
    "day": r"days?|jours?|journees?",
    "week": r"weeks?|wks?|semaines?",
    "month": r"months?|mos?|mois",
    "year": r"years?|yrs?|ans?|annees?",
}
_UNITS = "|".join(_UNIT_WORDS.values())
# "for 3 weeks", "3-week", "pendant 2 mois", "10 jours", "a month", "un mois": a number (or a/an/un/une) and a unit
_LENGTH = re.compile(
    rf"(?<![\w.])(\d{{1,3}}(?:[.,]5)?|an?|one|une?|half\s+an?|a\s+half)\s*-?\s*({_UNITS})\b(?!\s*-?\s*old)(?!\s+ago)"
)
_FOR_THE = re.compile(
    r"\b(?:for|over|during|pendant|durant|tout)\s+(?:the|a|le|la|l'|un|une|cet|cette|ce)?\s*"
    r"(summer|winter|month|week|semester|term|school\s+year|academic\s+year|year|weekend|holidays?|"
    r"ete|hiver|mois|semaine|session|semestre|annee\s+scolaire|annee|fin\s+de\s+semaine|week-end)\b"
)
_SEASON_DAYS = {
    "summer": 92, "ete": 92, "winter": 90, "hiver": 90, "month": 30, "mois": 30, "week": 7, "semaine": 7,
    "semester": 120, "term": 120, "session": 120, "semestre": 120, "school year": 300, "academic year": 300,
    "annee scolaire": 300, "year": 365, "annee": 365, "weekend": 3, "fin de semaine": 3, "week-end": 3,
    "holiday": 14, "holidays": 14,
}

_SITUATION_CUES: list[tuple[Situation, re.Pattern[str]]] = [
    ("moving", re.compile(
        r"\b(?:moved|moving|moves|relocat\w*|is\s+relocating|new\s+home|settled|demenag\w*|s'?install\w*|"
        r"install\w+\s+(?:a|en|au|aux)|parti\w*\s+vivre|emmenag\w*)\b")),
    ("studying", re.compile(
        r"\b(?:at\s+(?:college|university|uni|school)|studying|studies|student|college|university|"
        r"etudi\w*|etudes|cegep|universite)\b")),
    ("visiting", re.compile(
        r"\b(?:vacation\w*|vacances|holiday\w*|visiting|visit|trip|travel\w*|voyage\w*|sejour\w*|"
        r"staying|temporar\w*|snowbird|work\s+trip|business\s+trip|en\s+visite|visite|conge|"
        r"cottage|chalet|(?:for|over)\s+the\s+summer|pour\s+l'?ete|away)\b")),
]
_NEW = re.compile(r"\b(?:new\s+(?:client|referral|patient|intake)|referral|intake|nouve(?:au|lle)\s+(?:client\w*|"
                  r"patient\w*|demande|reference)|first\s+session|premiere\s+seance|never\s+(?:met|seen))\b")
_EXISTING = re.compile(r"\b(?:existing|current|ongoing|long[-\s]?(?:term|time|standing)|"
                       r"continu\w*|continuity|keep\s+seeing|still\s+see|already\s+(?:see|seeing|work)|"
                       r"been\s+seeing|for\s+years|de\s+longue\s+date|actuel\w*|habituel\w*|"
                       r"continuer|deja\s+suivi\w*|que\s+je\s+suis)\b")


@dataclass(frozen=True)
class ClientSituation:
    situation: Situation | None = None
    situations: tuple[Situation, ...] = ()
    relationship: Relationship | None = None
    duration_days: int | None = None


def read_duration(folded: str) -> int | None:
    """The length of the stay in days ("for 3 weeks" -> 21), or None when the question does not say.
    The longest length mentioned wins; years count only after "for"/"pendant"… (else "15 years" is an age)."""
    from text_to_num import alpha2digit  # imported on first use: `check` never needs it (CLI start-up)

    text = alpha2digit(alpha2digit(folded, "en", threshold=0), "fr", threshold=0)
    best: int | None = None
    for m in _LENGTH.finditer(text):
        raw, unit = m.group(1), _unit_of(m.group(2))
        if unit is None or (unit == "year" and not _FOR_BEFORE.search(text, 0, m.start())):
            continue
        if raw in ("a", "an", "one", "un", "une"):
            amount = 1.0
        elif "half" in raw:
            amount = 0.5 if raw.startswith("half") else 1.5
        else:
            amount = float(raw.replace(",", "."))
        days = round(amount * DAYS_PER_UNIT[unit])
        if 0 < days <= 3660:
            best = days if best is None else max(best, days)
    if best is None:
        season = _FOR_THE.search(text)
        if season:
            best = _SEASON_DAYS.get(re.sub(r"\s+", " ", season.group(1)))
    return best


_FOR_BEFORE = re.compile(r"\b(?:for|over|during|about|around|pendant|durant|depuis|environ|plus\s+de|moins\s+de)\s+$")


def _unit_of(word: str) -> str | None:
    for unit, pattern in _UNIT_WORDS.items():
        if re.fullmatch(pattern, word):
            return unit
    return None


def read_situation(folded: str) -> ClientSituation:
    """The client's situation cues found in a folded question; the first listed wins as the main one."""
    found = tuple(s for s, pattern in _SITUATION_CUES if pattern.search(folded))
    relationship: Relationship | None = None
    if _NEW.search(folded):
        relationship = "new"
    elif _EXISTING.search(folded):
        relationship = "existing"
    return ClientSituation(found[0] if found else None, found, relationship, read_duration(folded))


def stay_from(situations: Sequence[str] | None, days: int | None) -> ClientSituation:
    """Options as a form gives them (CLI --situation/--days, /canserve) as the parsed question would hold
    them: "new" and "existing" are the relationship, the others the client's situation."""
    chosen = list(dict.fromkeys(situations or ()))
    where = tuple(cast("Situation", s) for s in chosen if s in ("visiting", "moving", "studying"))
    rel: Relationship | None = "new" if "new" in chosen else "existing" if "existing" in chosen else None
    return ClientSituation(where[0] if where else None, where, rel, days)
