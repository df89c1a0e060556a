"""Emergency and crisis contacts for the place where the client is.

A worker serving a client elsewhere must know how to get that client help *there*. A subdivision shows its own
lines and its parent's (a line whose `id` it reuses replaces the parent's). For a minor client the child-protection
intake comes first; for an adult, youth lines and child protection are left out. A service no official page
confirmed is named as missing, so the answer says to check locally instead of showing a number from memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from jurisdictions.texts import text

if TYPE_CHECKING:  # answers may come from the models or their compiled records (jurisdictions.records)
    from jurisdictions.schema import CrisisLine, CrisisService, Jurisdiction, Source, Text
    from jurisdictions.snapshot import Snapshot

ClientAge = Literal["minor", "adult", "unknown"]

ORDER: dict[ClientAge, tuple[CrisisService, ...]] = {
    "minor": ("child_protection", "emergency", "youth", "crisis"),
    "adult": ("emergency", "crisis"),
    "unknown": ("emergency", "crisis", "youth", "child_protection"),
}
ESSENTIAL: tuple[CrisisService, ...] = ("emergency", "crisis")
"""Services every answer needs; when no confirmed line exists, the card says to check locally."""


@dataclass(frozen=True, slots=True)
class CrisisEntry:
    line: CrisisLine
    source: Source
    origin: Jurisdiction
    """The file the line comes from: the client's place or a parent (e.g. Canada's 9-8-8 for Ontario)."""


@dataclass
class CrisisCard:
    jurisdiction: Jurisdiction
    client: ClientAge
    lines: list[CrisisEntry]
    missing: list[CrisisService]
    """Services the client needs for which we hold no confirmed line here."""
    notes: list[Text] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def client_age(minor: bool, age: int | None) -> ClientAge:
    if minor:
        return "minor"
    return "adult" if age is not None else "unknown"


def client_in(jur: Jurisdiction, age: int | None, minor_hint: bool = False) -> ClientAge:
    """Who the client is, for a card asked about a place directly: a minor under that place's age of majority
    (18 where we hold none), else an adult when the age is known."""
    majority = jur.minors.age_of_majority.value if jur.minors is not None else 18
    return client_age(minor_hint or (age is not None and age < majority), age)


def _chain(snapshot: Snapshot, jur: Jurisdiction) -> list[Jurisdiction]:
    """The place, then its parents up to the country (a cycle or a missing parent ends the walk)."""
    chain, seen = [jur], {jur.code}
    while chain[-1].parent and chain[-1].parent not in seen:
        parent = snapshot.get(chain[-1].parent)
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent.code)
    return chain


def crisis_card(snapshot: Snapshot, jur: Jurisdiction, who: ClientAge = "unknown") -> CrisisCard:
    """The contacts for a client located in `jur`, ordered for who the client is."""
    entries: list[CrisisEntry] = []
    notes: list[Text] = []
    taken: set[str] = set()
    for place in _chain(snapshot, jur):
        if place.crisis is None:
            continue
        for fact in place.crisis.lines:
            line = fact.value
            if line.id in taken or fact.source is None:
                continue
            taken.add(line.id)
            entries.append(CrisisEntry(line, place.sources[fact.source], place))
        if place.crisis.note is not None:
            notes.append(place.crisis.note.value)
    wanted = ORDER[who]
    rank = {service: i for i, service in enumerate(wanted)}
    chosen = sorted((e for e in entries if e.line.service in rank), key=lambda e: rank[e.line.service])
    have = {e.line.service for e in chosen}
    needed = (*ESSENTIAL, "child_protection") if who == "minor" else ESSENTIAL
    missing = [s for s in wanted if s in needed and s not in have]
    sources: list[Source] = []
    for entry in chosen:
        if entry.source not in sources:
            sources.append(entry.source)
    return CrisisCard(jur, who, chosen, missing, notes, sources)


def service_name(service: CrisisService, lang: str) -> str:
    return text(f"crisis.service.{service}", lang)


def how_to_reach(line: CrisisLine, lang: str) -> str:
    """'call 9-8-8 · text 9-8-8 · 24/7' — the ways to reach a line, in the reader's language (no URL: shown apart)."""
    parts = []
    if line.call:
        parts.append(text("crisis.call", lang, number=line.call))
    if line.text:
        parts.append(text("crisis.text", lang, number=line.text))
    if line.how is not None:
        parts.append(line.how.get(lang))
    return " · ".join(parts)


def missing_text(card: CrisisCard, lang: str) -> str | None:
    """What to tell the reader when a needed service has no confirmed line here."""
    if not card.missing:
        return None
    names = ", ".join(service_name(s, lang).lower() for s in card.missing)
    return text("crisis.missing", lang, names=names, place=card.jurisdiction.name.get(lang))
