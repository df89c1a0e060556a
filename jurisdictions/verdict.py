"""The verdict engine: may a worker registered in W serve a client located in C?

The client's physical location governs. The client's jurisdiction's `rule.status` decides the verdict;
an unverified status is never presented as an answer (the verdict becomes `unknown`, and says what the
data suggests). Every text the engine produces is bilingual; renderers pick the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from jurisdictions.crisis import ClientAge, CrisisCard, client_age, client_in, crisis_card
from jurisdictions.namesakes import not_covered_reason, outside_name
from jurisdictions.parser import Modality, ParsedQuestion, parse_question, resolve_pair
from jurisdictions.resolver import Match, Resolution
from jurisdictions.routes import Circumstances, RouteCheck, RouteDecision, condition_parts, decide_routes
from jurisdictions.situation import ClientSituation
from jurisdictions.snapshot import Snapshot
from jurisdictions.texts import text

if TYPE_CHECKING:  # the data's models, or their compiled records (jurisdictions.records): read the same way
    from jurisdictions.schema import Fact, Jurisdiction, PracticeStatus, Regulator, RouteModality, Source, Text

VerdictCode = Literal["allowed", "conditional", "registration_required", "not_permitted", "depends", "unknown",
                      "not_understood"]
ROUTE_MODALITIES: tuple[RouteModality, ...] = ("video", "phone", "text", "in_person")

STATUS_TO_VERDICT: dict[PracticeStatus, VerdictCode] = {
    "registration_required": "registration_required",
    "temporary_permit": "conditional",
    "notification": "conditional",
    "compact_privilege": "conditional",
    "exempt": "conditional",
    "no_regulation": "allowed",
    "by_subdivision": "not_understood",
    "unknown": "unknown",
}
REMOTE_ONLY_CHECKS = {"informed-consent", "secure-platform"}


@dataclass(frozen=True, slots=True)
class L10n:
    """An engine-made bilingual text: the same reading interface as the data's `Text`, without validation cost."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


if TYPE_CHECKING:  # annotations only: no schema import at run time
    Localized = Text | L10n


def tx(en: str, fr: str) -> L10n:
    return L10n(en, fr)


@dataclass(frozen=True)
class Party:
    jurisdiction: Jurisdiction
    matched: str
    score: float


@dataclass
class SourceList:
    """Sources in first-use order, without duplicates; collects unverified facts on the way."""

    items: list[Source] = field(default_factory=list)
    unverified: list[L10n] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def use(self, jur: Jurisdiction, fact: Fact[Any] | None, label: tuple[str, str] | None = None) -> Fact[Any] | None:
        """Cite `fact`'s source; remember it as unverified under `label` (EN, FR), qualified by the place."""
        if fact is None:
            return None
        if fact.source is not None:
            self.add(jur.sources[fact.source])
        if fact.unverified and label is not None:
            item = L10n(f"{label[0]} ({jur.name.en})", f"{label[1]} ({jur.name.fr})")
            if item not in self.unverified:
                self.unverified.append(item)
        return fact

    def add(self, source: Source) -> None:
        if source.url not in self._seen:
            self._seen.add(source.url)
            self.items.append(source)


@dataclass
class MinorsSection:
    jurisdiction: Jurisdiction
    age_of_majority: int | None
    consent: Localized | None
    consent_age: int | None
    reporting: Localized | None
    child_protection_under: int | None
    notes: list[Localized]
    age_note: Localized | None
    sources: list[Source]


@dataclass(frozen=True)
class RouteView:
    """A route as an answer shows it: the conditions in words; `when` = only those the question left open."""

    id: str
    name: Localized
    outcome: str
    conditions: list[Localized]
    when: list[Localized]
    steps: Localized | None
    limits: Localized | None
    source: Source | None
    unverified: bool


@dataclass
class PracticeVerdict:
    code: VerdictCode
    reason: Localized
    worker: Party | None = None
    client: Party | None = None
    client_age: int | None = None
    minor: bool = False
    modality: Modality | None = None
    route: Localized | None = None
    regulator: Regulator | None = None  # the client's jurisdiction's governing body
    regulator_jurisdiction: Jurisdiction | None = None
    worker_regulator: Regulator | None = None  # named too when the two are in different countries
    minors: MinorsSection | None = None
    checklist: list[Localized] = field(default_factory=list)
    notes: list[Localized] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    unverified: list[Localized] = field(default_factory=list)
    suggestions: list[Localized] = field(default_factory=list)
    disclaimer: Localized | None = None
    stay: ClientSituation = field(default_factory=ClientSituation)
    channel: RouteModality | None = None  # how the worker will see the client, as routes need it
    routes: RouteDecision | None = None  # the client's jurisdiction's routes, judged for this worker
    default_outcome: VerdictCode | None = None  # what applies when no route does (the jurisdiction's status)
    route_applied: RouteView | None = None
    cases: list[RouteView] = field(default_factory=list)  # "if <what was not said>: outcome", in order
    other_routes: list[RouteView] = field(default_factory=list)
    depends_on: tuple[str, ...] = ()
    crisis: CrisisCard | None = None  # emergency and crisis contacts where the client is


def governing_body(jur: Jurisdiction) -> Regulator | None:
    """The regulator, else the public authority that applies, else None (associations never govern)."""
    return jur.regulator() or next((r for r in jur.regulators if r.role == "authority"), None)


def _name(jur: Jurisdiction) -> Localized:
    return jur.name


def _say(key: str, **fields: Localized | int) -> L10n:
    """The catalogue's text `key` in both languages; a bilingual field (a place's name) fills each in its own."""
    if not fields:
        return L10n(text(key, "en"), text(key, "fr"))
    return L10n(text(key, "en", **{k: v if isinstance(v, int) else v.en for k, v in fields.items()}),
                text(key, "fr", **{k: v if isinstance(v, int) else v.fr for k, v in fields.items()}))


def _join(*parts: Localized | None) -> Localized:
    present = [p for p in parts if p is not None]
    return tx(" ".join(p.en for p in present), " ".join(p.fr for p in present))


def _ask_first(c: Jurisdiction) -> L10n:
    """What to do when the data cannot answer: ask the body that governs the client's location."""
    body = governing_body(c)
    who = body.name.value if body is not None else _name(c)
    return _say("engine.ask_first", who=who)


def _label(key: str, **fields: Localized) -> tuple[str, str]:
    """What an unverified fact is called in the answer's "Not verified" line (EN, FR)."""
    said = _say(key, **fields)
    return (said.en, said.fr)


_REGULATOR_LABELS = (("name", _label("fact.name")), ("acronym", _label("fact.acronym")), ("website", _label("fact.website")),
                     ("register_url", _label("fact.register_url")), ("email", _label("fact.email")),
                     ("phone", _label("fact.phone")))


class VerdictEngine:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._checklists: dict[Modality | None, tuple[list[Localized], list[Source]]] = {}
        self._views: dict[tuple[int, tuple[str, ...]], tuple[Fact[Any], RouteView]] = {}
        self._crisis: dict[tuple[str, ClientAge], CrisisCard] = {}

    # ----- entry points -------------------------------------------------------------------------
    def answer(self, question: str) -> PracticeVerdict:
        parsed = parse_question(question, self.snapshot.index)
        return self.from_parsed(parsed)

    def check(self, worker: str, client: str, age: int | None = None, modality: Modality | None = None,
              stay: ClientSituation | None = None, resolved: tuple[Resolution, Resolution] | None = None) -> PracticeVerdict:
        """`resolved`: the pair `resolve_pair` already gave for these texts (the bot resolves first to explain a
        miss), so they are not resolved twice."""
        worker_res, client_res = resolved if resolved is not None else resolve_pair(self.snapshot.index, worker, client)
        parsed = ParsedQuestion(text=f"{worker} -> {client}", worker=worker_res, client=client_res,
                                client_age=age, modality=modality, stay=stay or ClientSituation(),
                                channel=modality if modality in ROUTE_MODALITIES else None)
        if (parsed.worker is not None and parsed.worker.match is None) or (parsed.client is not None and parsed.client.match is None):
            parsed.problem = "ambiguous"
        return self.from_parsed(parsed)

    def from_parsed(self, parsed: ParsedQuestion) -> PracticeVerdict:
        worker = self._party(parsed.worker)
        client = self._party(parsed.client)
        if worker is None or client is None:
            return self._not_understood(parsed, worker, client)
        return self.decide(worker, client, parsed.client_age, parsed.minor, parsed.modality, parsed.stay, parsed.channel)

    # ----- the decision -------------------------------------------------------------------------
    def decide(
        self, worker: Party, client: Party, age: int | None = None, minor_hint: bool = False,
        modality: Modality | None = None, stay: ClientSituation | None = None, channel: RouteModality | None = None,
    ) -> PracticeVerdict:
        w, c = worker.jurisdiction, client.jurisdiction
        sources = SourceList()
        if channel is None and modality in ROUTE_MODALITIES:
            channel = modality
        verdict = PracticeVerdict(code="unknown", reason=tx("", ""), worker=worker, client=client,
                                  client_age=age, modality=modality, stay=stay or ClientSituation(), channel=channel)
        verdict.disclaimer = self.snapshot.guidance.disclaimer

        if c.rule.status.value == "by_subdivision" or (w.rule.status.value == "by_subdivision" and w.code == c.parent):
            verdict.crisis = self.crisis(c, client_in(c, age, minor_hint), sources)
            return self._needs_subdivision(verdict, w if c.rule.status.value != "by_subdivision" else c, sources)

        body = governing_body(c)
        verdict.regulator, verdict.regulator_jurisdiction = body, c
        self._use_regulator(c, body, sources)
        status_fact = c.rule.status
        sources.use(c, c.rule.summary, _label("fact.practice_rule"))

        if w.code == c.code:
            verdict.code = "allowed"
            verdict.reason = _join(
                _say("engine.same_place", w=_name(w)),
                c.rule.summary.value if status_fact.value == "no_regulation" else None,
            )
            sources.use(c, status_fact)
        else:
            principle = _say("engine.client_governs", c=_name(c))
            sources.use(c, status_fact, _label("fact.practice_rule"))
            code = STATUS_TO_VERDICT[status_fact.value]
            if c.rule.routes:
                self._apply_routes(verdict, w, c, principle, sources)
            elif status_fact.unverified or c.rule.summary.unverified:
                verdict.code = "unknown"
                verdict.reason = _join(
                    principle,
                    _say("engine.data_unverified"),
                    c.rule.summary.value,
                )
            else:
                verdict.code = code
                verdict.reason = _join(principle, c.rule.summary.value)
            if c.rule.routes:
                pass  # the route (or the default) set what to do
            elif code == "unknown" or verdict.code == "unknown":
                verdict.route = _ask_first(c)
            else:
                verdict.route = self._route(w, c, sources)
            if status_fact.value == "no_regulation" and c.no_regulator is not None:
                sources.use(c, c.no_regulator)
                verdict.notes.append(c.no_regulator.value)
            if self.snapshot.country_of(w) != self.snapshot.country_of(c):
                verdict.worker_regulator = governing_body(w)
                verdict.notes.append(_say("engine.two_laws", c=_name(c), w=_name(w)))
            for note in c.rule.notes:
                if sources.use(c, note, _label("fact.note")) is not None:
                    verdict.notes.append(note.value)
            if modality == "moving" and status_fact.value == "temporary_permit":
                verdict.notes.append(_say("engine.moving_permit"))

        verdict.minors = self._minors(c, age, minor_hint, sources)
        verdict.minor = verdict.minors is not None
        verdict.checklist = self._checklist(modality, sources)
        verdict.crisis = self.crisis(c, client_age(verdict.minor, age), sources)
        verdict.sources = sources.items
        verdict.unverified = list(sources.unverified)
        return verdict

    def crisis(self, jur: Jurisdiction, who: ClientAge = "unknown", sources: SourceList | None = None) -> CrisisCard:
        """The emergency and crisis contacts for a client in `jur` (built once per place and client: immutable)."""
        card = self._crisis.get((jur.code, who))
        if card is None or card.jurisdiction is not jur:
            card = crisis_card(self.snapshot, jur, who)
            self._crisis[(jur.code, who)] = card
        if sources is not None:
            for source in card.sources:
                sources.add(source)
        return card

    # ----- routes ----------------------------------------------------------------------------------
    def _apply_routes(self, verdict: PracticeVerdict, w: Jurisdiction, c: Jurisdiction, principle: Localized,
                      sources: SourceList) -> None:
        """The verdict from the client's jurisdiction's routes: the first that applies to this worker here,
        after the cases that hinge on what the question did not say."""
        stay = verdict.stay
        where = Circumstances(worker=w, modality=verdict.channel, situations=stay.situations,
                              relationship=stay.relationship, duration_days=stay.duration_days)
        decision = decide_routes(list(c.rule.routes), where)
        verdict.routes = decision
        status = c.rule.status
        default: VerdictCode = STATUS_TO_VERDICT[status.value]
        if status.unverified:
            default = "unknown"
        verdict.default_outcome = default
        for check in (*decision.cases, *( [decision.applied] if decision.applied else [])):
            sources.use(c, check.fact, _label("fact.route_named", name=check.route.name))
        final: VerdictCode = decision.applied.outcome if decision.applied else default
        outcomes = {case.outcome for case in decision.cases} | {final}
        verdict.code = final if len(outcomes) == 1 else "depends"
        ask = _ask_first(c)
        depends = _say("engine.depends") if verdict.code == "depends" else None
        if decision.applied is not None:
            route = decision.applied.route
            verdict.reason = _join(principle, depends, _say("engine.route_applies", r=route.name), route.limits,
                                   _say("engine.route_unverified") if decision.applied.fact.unverified else None)
            verdict.route = ask if decision.applied.fact.unverified else route.steps
        else:
            sources.use(c, c.rule.route, _label("fact.route"))
            none_fits = _say("engine.otherwise_general" if decision.cases else "engine.no_route_fits")
            general = c.rule.summary.value if status.value == "no_regulation" else self._default_text(status.value, c)
            verdict.reason = _join(principle, depends, none_fits, general)
            verdict.route = self._route(w, c, sources) if default != "unknown" else ask
        verdict.depends_on = decision.depends_on
        verdict.cases = [self._view(c, case) for case in decision.cases]
        verdict.other_routes = [self._view(c, other) for other in decision.others]
        if decision.applied is not None:
            verdict.route_applied = self._view(c, decision.applied)
        else:
            verdict.route_applied = RouteView(
                "default", _say("engine.general_rule"), default, [], [], verdict.route, None,
                c.sources.get(status.source) if status.source else None, status.unverified)
        if decision.assumed_residence:
            verdict.notes.append(_say("engine.assumed_residence", w=_name(w)))

    def _view(self, c: Jurisdiction, check: RouteCheck) -> RouteView:
        """Built once per route and open question (the snapshot is immutable, so are its routes)."""
        key = (id(check.fact), check.unknown)
        hit = self._views.get(key)
        if hit is not None and hit[0] is check.fact:
            return hit[1]
        view = self._build_view(c, check)
        self._views[key] = (check.fact, view)
        return view

    def _build_view(self, c: Jurisdiction, check: RouteCheck) -> RouteView:
        route = check.route

        def words(only: tuple[str, ...] | None) -> list[Localized]:
            en = condition_parts(route.when, self._name_of, "en", only)  # type: ignore[arg-type]
            fr = condition_parts(route.when, self._name_of, "fr", only)  # type: ignore[arg-type]
            return [tx(a, b) for a, b in zip(en, fr, strict=True)]

        source = c.sources.get(check.fact.source) if check.fact.source else None
        return RouteView(route.id, route.name, check.outcome, words(None), words(check.unknown) if check.unknown else [],
                         route.steps, route.limits, source, check.fact.unverified)

    def _name_of(self, code: str) -> Text | None:
        jur = self.snapshot.get(code)
        return jur.name if jur is not None else None

    def _default_text(self, status: PracticeStatus, c: Jurisdiction) -> Localized:
        if status == "registration_required":
            return _say("engine.register_first", c=_name(c))
        return c.rule.summary.value

    # ----- pieces ----------------------------------------------------------------------------------
    def _route(self, w: Jurisdiction, c: Jurisdiction, sources: SourceList) -> Localized | None:
        route = sources.use(c, c.rule.route, _label("fact.route"))
        parts: list[Localized | None] = [route.value if route else None]
        same_country = self.snapshot.country_of(w) == self.snapshot.country_of(c)
        if same_country and c.rule.status.value in ("registration_required", "temporary_permit") and w.code != c.code:
            mobility_jur, mobility = c, c.rule.labour_mobility
            parent = self.snapshot.get(c.parent) if c.parent else None
            if mobility is None and parent is not None:
                mobility_jur, mobility = parent, parent.rule.labour_mobility
            if mobility is not None:
                if w.regulator() is not None:
                    sources.use(mobility_jur, mobility, _label("fact.labour_mobility"))
                    parts.append(mobility.value)
                else:
                    parts.append(_say("engine.mobility_unregistered", w=_name(w)))
        present = [p for p in parts if p is not None]
        return _join(*present) if present else None

    def _use_regulator(self, jur: Jurisdiction, body: Regulator | None, sources: SourceList) -> None:
        if body is None:
            if jur.no_regulator is not None:
                sources.use(jur, jur.no_regulator, _label("fact.no_regulator"))
            return
        for attr, label in _REGULATOR_LABELS:
            sources.use(jur, getattr(body, attr), label)

    def _minors(self, c: Jurisdiction, age: int | None, hint: bool, sources: SourceList) -> MinorsSection | None:
        data = c.minors
        majority = data.age_of_majority.value if data is not None else None
        is_minor = age < (majority if majority is not None else 18) if age is not None else hint
        if not is_minor:
            return None
        section_sources = SourceList()
        if data is None:
            return MinorsSection(c, None, None, None, None, None, [_say("engine.no_minors_data")], None, [])
        facts: tuple[tuple[Fact[Any] | None, str], ...] = (
            (data.age_of_majority, "fact.age_of_majority"),
            (data.consent, "fact.consent"),
            (data.consent_age, "fact.consent_age"),
            (data.child_protection_under, "fact.child_protection_under"),
            (data.reporting, "fact.reporting"),
            *((n, "fact.minors_note") for n in data.notes),
        )
        for fact, key in facts:
            if fact is not None:
                label = _label(key)
                section_sources.use(c, fact, label)
                sources.use(c, fact, label)
        consent_age = data.consent_age.value if data.consent_age is not None else None
        age_note = None
        if consent_age == 0:  # the law sets no minimum age (e.g. Vermont, 18 V.S.A. s. 8350)
            age_note = _say("engine.consent_any_age")
        elif age is not None and consent_age is not None:
            key = "engine.consent_reached" if age >= consent_age else "engine.consent_under"
            age_note = _say(key, age=age, consent_age=consent_age)
        elif data.consent_age is not None and consent_age is None:
            age_note = _say("engine.mature_minor")
        return MinorsSection(
            jurisdiction=c,
            age_of_majority=majority,
            consent=data.consent.value,
            consent_age=consent_age,
            reporting=data.reporting.value if data.reporting else None,
            child_protection_under=data.child_protection_under.value if data.child_protection_under else None,
            notes=[n.value for n in data.notes],
            age_note=age_note,
            sources=section_sources.items,
        )

    def _checklist(self, modality: Modality | None, sources: SourceList) -> list[Localized]:
        """The telepractice checklist for a modality (computed once per modality: the guidance is immutable)."""
        cached = self._checklists.get(modality)
        if cached is None:
            guidance = self.snapshot.guidance
            chosen = [i for i in guidance.checklist if not (modality == "in_person" and i.id in REMOTE_ONLY_CHECKS)]
            cached = ([i.text.value for i in chosen],
                      [guidance.sources[i.text.source] for i in chosen if i.text.source is not None])
            self._checklists[modality] = cached
        for source in cached[1]:
            sources.add(source)
        return list(cached[0])

    def _party(self, res: Resolution | None) -> Party | None:
        if res is None or res.match is None:
            return None
        jur = self.snapshot.get(res.match.code)
        return Party(jur, res.match.matched, res.match.score) if jur is not None else None

    def _needs_subdivision(self, verdict: PracticeVerdict, country: Jurisdiction, sources: SourceList) -> PracticeVerdict:
        verdict.code = "not_understood"
        sources.use(country, country.rule.summary)
        verdict.reason = _join(country.rule.summary.value, _say("engine.say_where"))
        names: list[Localized] = [child.name for child in self.snapshot.children(country.code)]
        verdict.suggestions = names[:25]
        verdict.sources = sources.items
        return verdict

    def _not_understood(self, parsed: ParsedQuestion, worker: Party | None, client: Party | None) -> PracticeVerdict:
        suggestions: list[Localized] = []
        for res in (parsed.worker, parsed.client):
            if res is None or res.match is not None:
                continue
            for m in res.candidates or res.suggestions:
                suggestions.append(self._describe(m))
        outside = next((r.not_covered for r in (parsed.client, parsed.worker) if r is not None and r.not_covered), None)
        if outside is not None:  # "client vacationing in Cancun": named, never mapped onto a covered place
            reason = tx(*not_covered_reason(outside))
        elif suggestions:
            reason = _say("engine.which_place", places=L10n("; ".join(s.en for s in suggestions), "; ".join(s.fr for s in suggestions)))
        elif worker is None and client is None and parsed.problem == "sides_unclear":
            reason = _say("engine.sides_unclear")
        elif worker is None and client is not None:
            reason = _say("engine.where_registered")
        elif client is None and worker is not None:
            reason = _say("engine.where_client")
        else:
            reason = _say("engine.two_places")
        return PracticeVerdict(
            code="not_understood", reason=reason, worker=worker, client=client, client_age=parsed.client_age,
            minor=parsed.minor, modality=parsed.modality, suggestions=suggestions,
            disclaimer=self.snapshot.guidance.disclaimer, stay=parsed.stay, channel=parsed.channel,
        )

    def _describe(self, m: Match) -> Localized:
        jur = self.snapshot.get(m.code)
        if m.kind == "outside":
            return _say("engine.not_covered_yet", place=L10n(outside_name(m, "en"), outside_name(m, "fr")))
        if jur is None:
            return tx(m.matched, m.matched)
        if m.kind == "place":
            return tx(f"{m.matched} ({jur.name.en})", f"{m.matched} ({jur.name.fr})")
        return jur.name
