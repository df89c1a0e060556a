"""Deciding between places that share a name (Portland, London, Cornwall, Sydney, Victoria).

Order, from the issue the practitioners raised: an explicit qualifier always wins ("Cornwall, Ontario",
applied by the caller through `qualify`); then the other side's jurisdiction, then its country; then a
clear population lead; otherwise ask, listing the candidates. Context never picks a hamlet over a
world city (an Ontario worker's "Paris" is asked, not sent to Paris, Ontario).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from jurisdictions.resolver import JURISDICTION_KINDS, Match, Resolution
from jurisdictions.textnorm import fold
from jurisdictions.texts import text

_PUNCT = re.compile(r"[^\w\s]")
WORLD_LEAD = 10  # a town this many times bigger than every namesake is the one meant
COUNTRY_LEAD = 5  # the same among the namesakes of the worker's own country
DWARF = 50  # context gives way when another namesake is this many times bigger …
DWARF_MIN = 100_000  # … and at least this big
HOME_BIG = 50_000  # a namesake in the worker's country this big is the one meant, even beside a bigger one abroad
SMALL_TOWN = 20_000  # only towns smaller than this can be dwarfed
MAX_CANDIDATES = 6


def country(code: str) -> str:
    return code.split("-", 1)[0]


def qualify(pool: Iterable[Match], qualifiers: set[str]) -> tuple[Match, ...]:
    """The pool's places inside the qualifier's jurisdictions or countries ("Perth WA": AU-WA, not US-WA)."""
    return tuple(m for m in pool if m.code in qualifiers or country(m.code) in qualifiers)


def _single(query: str, m: Match, pool: tuple[Match, ...]) -> Resolution:
    """One place; an exact hit reports the spelling the person used."""
    m = Match(m.code, query, m.score, m.kind, m.population, m.listed)
    if m.kind == "outside":
        return Resolution(query=query, not_covered=m, pool=pool)
    return Resolution(query=query, match=m, pool=pool)


def _ask(query: str, options: Iterable[Match], pool: tuple[Match, ...]) -> Resolution:
    ranked = sorted(options, key=lambda m: (-m.population, m.code))[:MAX_CANDIDATES]
    if len(ranked) == 1:
        return _single(query, ranked[0], pool)
    return Resolution(query=query, candidates=tuple(ranked), pool=pool)


def _lead(ranked: list[Match], factor: int) -> Match | None:
    if not ranked:
        return None
    if len(ranked) == 1:
        return ranked[0]
    top, second = ranked[0], ranked[1]
    return top if top.population >= factor * max(second.population, 1) and top.population >= 1_000 else None


def _dwarfed(chosen: Match, towns: list[Match]) -> bool:
    """A small town beside a far bigger namesake (Paris, Ontario; Toronto, NSW): context gives way."""
    if chosen.population >= SMALL_TOWN:
        return False
    floor = max(chosen.population, 1_000)
    return any(t is not chosen and t.population >= DWARF_MIN and t.population >= DWARF * floor for t in towns)


@lru_cache(maxsize=8192)
def _spelling(text: str) -> str:
    """Words as typed, punctuation aside: tells "Whitehorse" from "White Horse", not "St Johns" from "St. John's"."""
    return " ".join(_PUNCT.sub("", fold(text).replace("-", " ")).split())


def decide(query: str, pool: tuple[Match, ...], context: str | None = None) -> Resolution:
    """One place, a question back (candidates), or a place outside coverage."""
    names = [m for m in pool if m.kind in JURISDICTION_KINDS]
    towns = [m for m in pool if m.kind not in JURISDICTION_KINDS]
    if names:
        if len(names) > 1:  # 'N.-É.' (Nova Scotia) and 'NE' (Nebraska) share a key: the exact spelling decides
            spelled = [m for m in names if fold(m.matched) == fold(query)]
            names = spelled if len(spelled) == 1 else names
        if len(names) > 1 and context:
            near = [m for m in names if m.code == context] or [m for m in names if country(m.code) == country(context)]
            names = near if len(near) == 1 else names
        if len(names) == 1:
            name = Match(names[0].code, query, 100.0, names[0].kind)
            rival = next((t for t in towns if context and t.code == context and t.code != name.code
                          and t.population >= 10_000 and names[0].kind != "code"
                          and _spelling(t.matched) == _spelling(query)), None)  # a code is never a town's name
            if rival is not None:  # "LCSW in California, client in Ontario": the province, or Ontario, CA?
                return Resolution(query=query, candidates=(name, rival), pool=pool)
            return Resolution(query=query, match=name, pool=pool)
        return Resolution(query=query, candidates=tuple(names), pool=pool)
    typed = _spelling(query)
    spelled = [t for t in towns if _spelling(t.matched) == typed]
    if spelled and len(spelled) < len(towns):
        towns = spelled  # "Whitehorse", not White Horse (NJ): the words as typed
    ranked = sorted(towns, key=lambda m: -m.population)
    if len(ranked) == 1:
        return _single(query, ranked[0], pool)
    top = ranked[0]
    if all(t.kind == "outside" for t in ranked):  # Barcelona (Spain or Venezuela): not covered either way
        return _single(query, top, pool)
    listed = [t for t in ranked if t.listed]
    if not context:
        if len(listed) == 1 and listed[0] is top:  # Halifax: the one the data lists, and the biggest
            return _single(query, top, pool)
        leader = _lead(ranked, WORLD_LEAD)
        return _single(query, leader, pool) if leader is not None else _ask(query, ranked, pool)
    own = next((t for t in ranked if t.code == context), None)
    if own is not None and not _dwarfed(own, ranked):  # Brandon for a Manitoba worker
        return _single(query, own, pool)
    home = [t for t in ranked if t.kind != "outside" and country(t.code) == country(context)]
    if (top.listed and top not in home and not any(h.listed for h in home)
            and _lead(ranked, WORLD_LEAD if len(listed) > 1 else COUNTRY_LEAD) is top):
        return _single(query, top, pool)  # Geneva for a US worker, Paris for an Ontario one: the well-known one
    if home:  # Vancouver for an Ontario worker, Derry for a Welsh one
        flagged = [h for h in home if h.listed]
        if len(flagged) == 1 and flagged[0] is home[0]:  # Trenton for a Delaware worker: the listed, biggest one
            chosen: Match | None = home[0]
        else:  # the data lists both Portlands: only a very clear lead settles it
            chosen = _lead(home, WORLD_LEAD if len(flagged) > 1 else COUNTRY_LEAD)
        abroad = max((t.population for t in ranked if t not in home), default=0)
        if chosen is not None and not _dwarfed(chosen, ranked) and (
                chosen.population >= HOME_BIG or 2 * chosen.population >= abroad):
            return _single(query, chosen, pool)  # not a village at home over a bigger town abroad (Summerside)
        if chosen is None and not any(_dwarfed(h, ranked) for h in home):
            return _ask(query, home, pool)
    chosen = _lead(ranked, WORLD_LEAD)
    return _single(query, chosen, pool) if chosen is not None else _ask(query, ranked, pool)


def redecide(res: Resolution, context: str | None) -> Resolution:
    """The same mention, settled again once the other side's jurisdiction is known."""
    if not res.pool or context is None:
        return res
    return decide(res.query, res.pool, context)


def outside_name(m: Match, lang: str) -> str:
    """"Cancún (Mexico)", or just "Portugal" for a country."""
    from jurisdictions.gazetteer import country_name

    land = country_name(m.code, lang)
    return m.matched if fold(land) == fold(m.matched) or fold(m.matched) in ("mexico", "mexique") else f"{m.matched} ({land})"


def not_covered_reason(m: Match) -> tuple[str, str]:
    """The answer for a place we recognise but do not cover (EN, FR): name it, never map it elsewhere."""
    return (text("engine.not_covered", "en", place=outside_name(m, "en"), coverage=text("engine.coverage", "en")),
            text("engine.not_covered", "fr", place=outside_name(m, "fr"), coverage=text("engine.coverage", "fr")))
