"""Which of the client's jurisdiction's practice routes applies to this worker, in these circumstances.

Routes are tried in the data's order; the first whose conditions all hold decides. A route whose condition
the worker does not meet (registered or living elsewhere) is never offered. A route that hinges on
something the question did not say (how long the stay is, video or in person, new or existing client)
becomes a *case* of the answer — "up to 15 days a year: allowed" — and the search goes on below it, so the
answer gives the outcome for each case instead of guessing. Free of Discord and of the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from jurisdictions.records import ANYWHERE
from jurisdictions.texts import text

if TYPE_CHECKING:
    from jurisdictions.schema import Fact, Jurisdiction, Relationship, Route, RouteModality, RouteWhen, Situation, Text

Dimension = Literal["duration", "modality", "situation", "relationship"]
OutcomeCode = Literal["allowed", "conditional", "registration_required", "not_permitted", "unknown"]
REMOTE: frozenset[RouteModality] = frozenset({"video", "phone", "text"})
# A country code in a condition, as catalogue keys: the rest of the country (registered in), the country (lives in)
GROUP_NAMES: dict[str, str] = {"CA": "route.group.CA", "US": "route.group.US", "GB": "route.group.GB", "AU": "route.group.AU"}
COUNTRY_NAMES: dict[str, str] = {"CA": "route.country.CA", "US": "route.country.US", "GB": "route.country.GB",
                                 "AU": "route.country.AU"}


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What is known about the worker and the client's stay; None = the question did not say."""

    worker: Jurisdiction
    lives_in: Jurisdiction | None = None  # None: assumed to live where registered
    modality: RouteModality | None = None
    situations: tuple[Situation, ...] = ()
    relationship: Relationship | None = None
    duration_days: int | None = None

    @property
    def residence(self) -> Jurisdiction:
        return self.lives_in or self.worker


@dataclass(frozen=True, slots=True)
class RouteCheck:
    fact: Fact[Route]
    worker_ok: bool
    failed: tuple[Dimension, ...]
    unknown: tuple[Dimension, ...]

    @property
    def route(self) -> Route:
        return self.fact.value

    @property
    def applies(self) -> bool:
        return self.worker_ok and not self.failed and not self.unknown

    @property
    def outcome(self) -> OutcomeCode:
        return "unknown" if self.fact.unverified else self.route.outcome


@dataclass
class RouteDecision:
    applied: RouteCheck | None  # None: no route applies; the jurisdiction's default status decides
    cases: list[RouteCheck] = field(default_factory=list)  # earlier routes that hinge on what was not said
    others: list[RouteCheck] = field(default_factory=list)  # the worker qualifies, the circumstances do not
    depends_on: tuple[Dimension, ...] = ()
    assumed_residence: bool = False  # a route's condition on where the worker lives was taken from the registration


def covers(entry: str, jur: Jurisdiction) -> bool:
    """Does a condition's place (`*`, a country code, a jurisdiction code) cover this jurisdiction?"""
    if entry == ANYWHERE or entry == jur.code:
        return True
    return jur.parent == entry or ("-" not in entry and jur.code.split("-", 1)[0] == entry)


def _any(entries: list[str] | None, jur: Jurisdiction) -> bool:
    return any(covers(e, jur) for e in entries or ())


def check_route(fact: Fact[Route], where: Circumstances) -> RouteCheck:
    w = fact.value.when
    worker_ok = _any(w.registered_in, where.worker) and not _any(w.not_registered_in, where.worker)
    if w.lives_in is not None:
        worker_ok = worker_ok and _any(w.lives_in, where.residence)
    if w.lives_outside is not None:
        worker_ok = worker_ok and not _any(w.lives_outside, where.residence)
    failed: list[Dimension] = []
    unknown: list[Dimension] = []

    def judge(dim: Dimension, known: bool, holds: bool) -> None:
        (failed if known and not holds else unknown if not known else []).append(dim)

    if w.modality is not None:
        judge("modality", where.modality is not None, where.modality in w.modality)
    if w.situation is not None:
        judge("situation", bool(where.situations), any(s in w.situation for s in where.situations))
    if w.relationship is not None:
        judge("relationship", where.relationship is not None, where.relationship == w.relationship)
    if w.max_days is not None:
        judge("duration", where.duration_days is not None, (where.duration_days or 0) <= w.max_days)
    return RouteCheck(fact, worker_ok, tuple(failed), tuple(unknown))


def decide_routes(routes: list[Fact[Route]], where: Circumstances) -> RouteDecision:
    decision = RouteDecision(applied=None)
    checks = [check_route(f, where) for f in routes]
    for pos, check in enumerate(checks):
        if not check.worker_ok:
            continue  # never offered: the worker does not meet who-may-use-it
        if check.applies:
            decision.applied = check
            decision.others += [c for c in checks[pos + 1 :] if c.worker_ok]
            break
        if check.failed:
            decision.others.append(check)
        else:
            decision.cases.append(check)
    dims: list[Dimension] = []
    for case in decision.cases:
        dims += [d for d in case.unknown if d not in dims]
    decision.depends_on = tuple(dims)
    used = [decision.applied, *decision.cases] if decision.applied else decision.cases
    decision.assumed_residence = where.lives_in is None and any(
        c.route.when.lives_in is not None or c.route.when.lives_outside is not None for c in used)
    return decision


# ----- words for conditions -----------------------------------------------------------------------

NameOf = Callable[[str], "Text | None"]


def _places(entries: list[str], name_of: NameOf, lang: str, countries: dict[str, str] = GROUP_NAMES) -> str:
    """Condition places in words: `*`, a country code as a group ("another UK nation") or, for where the
    worker lives, the country itself (`COUNTRY_NAMES`), else the jurisdiction's name."""
    out = []
    for e in entries:
        if e == ANYWHERE:
            out.append(text("route.anywhere", lang))
        elif e in countries:
            out.append(text(countries[e], lang))
        else:
            name = name_of(e)
            out.append(name.get(lang) if name is not None else e)
    return ", ".join(out)


def condition_parts(when: RouteWhen, name_of: NameOf, lang: str, only: tuple[Dimension, ...] | None = None,
                    who: bool = True) -> list[str]:
    """The route's conditions in words; `only` restricts them to those dimensions (the ones not said)."""
    parts: list[str] = []
    if who and only is None:
        if when.registered_in != [ANYWHERE]:
            parts.append(text("route.registered_in", lang, places=_places(when.registered_in, name_of, lang)))
        if when.not_registered_in:
            parts.append(text("route.not_registered_in", lang, places=_places(when.not_registered_in, name_of, lang)))
        if when.lives_in:
            parts.append(text("route.living_in", lang, places=_places(when.lives_in, name_of, lang, COUNTRY_NAMES)))
        if when.lives_outside:
            parts.append(text("route.not_living_in", lang, places=_places(when.lives_outside, name_of, lang, COUNTRY_NAMES)))

    def want(dim: Dimension) -> bool:
        return only is None or dim in only

    either = text("route.or", lang)
    if when.modality is not None and want("modality"):
        if set(when.modality) == REMOTE:
            parts.append(text("route.remotely", lang))
        elif when.modality == ["in_person"]:
            parts.append(text("route.modality.in_person", lang))
        else:
            parts.append(text("route.by", lang, ways=either.join(text(f"route.modality.{m}", lang) for m in when.modality)))
    if when.situation is not None and want("situation"):
        parts.append(either.join(text(f"route.situation.{s}", lang) for s in when.situation))
    if when.relationship is not None and want("relationship"):
        parts.append(text("route.existing_client" if when.relationship == "existing" else "route.new_client", lang))
    if when.max_days is not None and when.days_per is not None and want("duration"):
        parts.append(text(f"route.days.{when.days_per}", lang, n=when.max_days))
    return parts
