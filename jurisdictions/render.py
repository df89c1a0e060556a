"""Render verdicts and regulator cards as terminal text or as the JSON contract of the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jurisdictions.render_crisis import crisis_json, crisis_lines, crisis_title
from jurisdictions.texts import TEXTS, text
from jurisdictions.verdict import L10n, MinorsSection, Party, PracticeVerdict, RouteView, governing_body


def _both(prefix: str) -> dict[str, L10n]:
    return {key[len(prefix):]: L10n(entry["en"], entry["fr"]) for key, entry in TEXTS.items() if key.startswith(prefix)}


# The catalogue's verdict titles, labels and roles as bilingual objects, for the Discord side (app/embeds.py, cogs/help.py)
VERDICT_TITLES: dict[str, L10n] = _both("verdict.")
LABELS: dict[str, L10n] = _both("label.")
ROLE_NAMES: dict[str, L10n] = _both("role.")
UNVERIFIED_MARK = " (?)"
SOURCE_KIND_NOTE = {"secondary": "label.secondary_source", "association": "label.association_source"}

if TYPE_CHECKING:  # answers may come from the models or their compiled records (jurisdictions.records)
    from jurisdictions.schema import Fact, Jurisdiction, Regulator, Route, Source, Text


def fact_value(fact: Fact[Any] | None, lang: str) -> Any:
    """A fact's value in `lang` (a Text in the reader's language; other values as they are); None for no fact."""
    if fact is None:
        return None
    value = fact.value
    return value.get(lang) if hasattr(value, "fr") else value  # a Text (model or record)


def unverified_mark(fact: Fact[Any] | None) -> str:
    return UNVERIFIED_MARK if fact is not None and fact.unverified else ""


_SOURCE_JSON: dict[int, tuple[Source, dict[str, str]]] = {}


def source_json(source: Source) -> dict[str, str]:
    """Sources are immutable and shared by many answers: build each JSON form once."""
    hit = _SOURCE_JSON.get(id(source))
    if hit is not None and hit[0] is source:
        return dict(hit[1])
    data = {"url": source.url, "title": source.title, "last_verified": source.last_verified.isoformat()}
    if source.kind is not None:
        data["kind"] = source.kind
    if source.content_date is not None:
        data["content_date"] = source.content_date.isoformat()
    if len(_SOURCE_JSON) > 20_000:
        _SOURCE_JSON.clear()
    _SOURCE_JSON[id(source)] = (source, data)
    return dict(data)


def party_json(party: Party | None, lang: str) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"code": party.jurisdiction.code, "name": party.jurisdiction.name.get(lang),
            "matched": party.matched, "score": party.score}


def regulator_json(body: Regulator | None, lang: str) -> dict[str, Any] | None:
    if body is None:
        return None
    unverified = [name for name in ("name", "acronym", "website", "register_url", "email", "phone", "address")
                  if (f := getattr(body, name)) is not None and f.unverified]
    return {
        "name": fact_value(body.name, lang), "acronym": fact_value(body.acronym, lang), "website": fact_value(body.website, lang),
        "register_url": fact_value(body.register_url, lang), "email": fact_value(body.email, lang), "phone": fact_value(body.phone, lang),
        "address": fact_value(body.address, lang), "role": body.role, "unverified": unverified,
    }


def minors_json(section: MinorsSection | None, lang: str) -> dict[str, Any] | None:
    if section is None:
        return None
    notes = [n.get(lang) for n in section.notes]
    if section.age_note is not None:
        notes.insert(0, section.age_note.get(lang))
    return {
        "age_of_majority": section.age_of_majority,
        "consent": section.consent.get(lang) if section.consent else None,
        "reporting": section.reporting.get(lang) if section.reporting else None,
        "notes": notes,
        "sources": [source_json(s) for s in section.sources],
        "consent_age": section.consent_age,
        "child_protection_under": section.child_protection_under,
        "jurisdiction": section.jurisdiction.code,
    }


def verdict_json(v: PracticeVerdict, lang: str = "en") -> dict[str, Any]:
    """The `--json` contract of `ask` and `check` (extra keys may be added, never renamed)."""
    return {
        "verdict": v.code,
        "worker": party_json(v.worker, lang),
        "client": party_json(v.client, lang),
        "client_age": v.client_age,
        "reason": v.reason.get(lang),
        "route": v.route.get(lang) if v.route else None,
        "regulator": regulator_json(v.regulator, lang),
        "minors": minors_json(v.minors, lang),
        "checklist": [c.get(lang) for c in v.checklist],
        "sources": [source_json(s) for s in v.sources],
        "suggestions": [s.get(lang) for s in v.suggestions],
        "disclaimer": v.disclaimer.get(lang) if v.disclaimer else "",
        "minor": v.minor,
        "modality": v.modality,
        "notes": [n.get(lang) for n in v.notes],
        "unverified": [u.get(lang) for u in v.unverified],
        "worker_regulator": regulator_json(v.worker_regulator, lang),
        "situation": v.stay.situation,
        "situations": list(v.stay.situations),
        "relationship": v.stay.relationship,
        "duration_days": v.stay.duration_days,
        "channel": v.channel,
        "route_applied": route_json(v.route_applied, lang),
        "cases": [route_json(r, lang) for r in v.cases],
        "other_routes": [route_json(r, lang) for r in v.other_routes],
        "depends_on": list(v.depends_on),
        "crisis": crisis_json(v.crisis, lang),
    }


def route_json(r: RouteView | None, lang: str) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"id": r.id, "name": r.name.get(lang), "outcome": r.outcome,
            "conditions": [c.get(lang) for c in r.conditions], "if": [c.get(lang) for c in r.when],
            "steps": r.steps.get(lang) if r.steps else None, "limits": r.limits.get(lang) if r.limits else None,
            "source": source_json(r.source) if r.source else None, "unverified": r.unverified}


def route_lines(v: PracticeVerdict, lang: str) -> tuple[list[str], list[str]]:
    """(the cases, when the answer depends on what was not said; the other routes), one a line."""
    def g(t: Text | L10n) -> str:
        return t.get(lang)

    cases: list[str] = []
    if v.cases:
        joiner = text("label.and", lang)
        for r in v.cases:
            cases.append(f"{text('label.if', lang)} {joiner.join(g(c) for c in r.when)}: "
                         f"{text(f'verdict.{r.outcome}', lang)} — {g(r.name)}")
        last = v.route_applied
        if last is not None:
            cases.append(f"{text('label.otherwise', lang)}: {text(f'verdict.{last.outcome}', lang)} — {g(last.name)}")
    others = []
    for r in v.other_routes:
        cond = "; ".join(g(c) for c in r.conditions)
        others.append(f"{g(r.name)} ({text(f'verdict.{r.outcome}', lang).lower()})" + (f": {cond}" if cond else ""))
    return cases, others


def regulator_lines(body: Regulator, lang: str, indent: str = "  ") -> list[str]:
    name = fact_value(body.name, lang)
    acronym = fact_value(body.acronym, lang)
    lines = [f"{indent}{name}{f' ({acronym})' if acronym else ''}{unverified_mark(body.name)} — {text(f'role.{body.role}', lang)}"]
    for key, fact in (("label.website", body.website), ("label.register", body.register_url), ("label.email", body.email),
                      ("label.phone", body.phone), ("label.address", body.address)):
        if fact is not None:
            lines.append(f"{indent}  {text(key, lang)}: {fact.value}{unverified_mark(fact)}")
    if body.protected_titles is not None:
        lines.append(f"{indent}  {text('label.titles', lang)}: {', '.join(body.protected_titles.value)}{unverified_mark(body.protected_titles)}")
    return lines


def source_dates(s: Source, lang: str) -> str:
    """"verified 2026-11-28", or "page dated 2016, read 2026-11-28" when the page is over two years older than
    the reading (a reader takes "verified" to mean the content is current); "secondary source" when it is one."""
    read = s.last_verified.isoformat()
    if s.content_date is not None and (s.last_verified - s.content_date).days > 730:
        said = text("label.page_dated", lang, year=s.content_date.year, read=read)
    else:
        said = f"{text('label.verified', lang)} {read}"
    if s.kind in SOURCE_KIND_NOTE:
        said += ", " + text(SOURCE_KIND_NOTE[s.kind], lang)
    return said


def sources_lines(sources: list[Source], lang: str) -> list[str]:
    return [f"  [{i}] {s.title} — {s.url} ({source_dates(s, lang)})" for i, s in enumerate(sources, 1)]


def minors_lines(m: MinorsSection, lang: str) -> list[str]:
    """The minors section of an answer, one statement a line (the terminal and Discord both list these)."""
    lines = [m.age_note.get(lang)] if m.age_note is not None else []
    if m.age_of_majority is not None:
        lines.append(f"{text('label.age_of_majority', lang)}: {m.age_of_majority}")
    if m.consent is not None:
        lines.append(f"{text('label.consent', lang)}: {m.consent.get(lang)}")
    if m.reporting is not None:
        lines.append(f"{text('label.reporting', lang)}: {m.reporting.get(lang)}")
    return lines + [n.get(lang) for n in m.notes]


def joined(lines: list[str]) -> str:
    """The answer's text from its lines. A newline inside a stored value (statements may hold one) continues that
    line, indented: no stored text can start a line of its own and pass for a verdict or a heading."""
    return "\n".join(line if "\n" not in line else _continued(line) for line in lines)


def _continued(line: str) -> str:
    pad = line[: len(line) - len(line.lstrip())] + "    "
    return "\n".join([line.split("\n", 1)[0], *(pad + part.lstrip() for part in line.split("\n")[1:])])


def verdict_text(v: PracticeVerdict, lang: str = "en") -> str:
    def g(t: Text | L10n) -> str:
        return t.get(lang)

    lines = [f"{text(f'verdict.{v.code}', lang).upper()}"]
    if v.worker is not None or v.client is not None:
        parts = []
        if v.worker is not None:
            parts.append(f"{text('label.worker', lang)}: {v.worker.jurisdiction.name.get(lang)}")
        if v.client is not None:
            where = v.client.jurisdiction.name.get(lang)
            parts.append(f"{text('label.client', lang)}: {where}")
        if v.client_age is not None:
            parts.append(f"{text('label.age', lang)} {v.client_age}")
        lines.append(" · ".join(parts))
    lines.append("")
    lines.append(g(v.reason))
    cases, others = route_lines(v, lang)
    if cases:
        lines += ["", f"{text('label.cases', lang)}:"] + [f"  - {c}" for c in cases]
    if v.route is not None:
        lines += ["", f"{text('label.route', lang)}: {g(v.route)}"]
    if others:
        lines += ["", f"{text('label.other_routes', lang)}:"] + [f"  - {o}" for o in others]
    if v.suggestions:
        lines += ["", f"{text('label.suggestions', lang)}: " + ", ".join(g(s) for s in v.suggestions) + " ?"]
    if v.regulator is not None:
        lines += ["", f"{text('label.regulator', lang)}:", *regulator_lines(v.regulator, lang)]
    if v.worker_regulator is not None:
        lines += ["", f"{text('label.worker_regulator', lang)}:", *regulator_lines(v.worker_regulator, lang)]
    if v.notes:
        lines += ["", f"{text('label.notes', lang)}:"] + [f"  - {g(n)}" for n in v.notes]
    if v.minors is not None:
        lines += ["", f"{text('label.minors', lang)} ({v.minors.jurisdiction.name.get(lang)}):"]
        lines += [f"  - {line}" for line in minors_lines(v.minors, lang)]
    if v.crisis is not None:
        lines += ["", f"{crisis_title(v.crisis, lang)}:"] + [f"  - {line}" for line in crisis_lines(v.crisis, lang)]
    if v.checklist:
        lines += ["", f"{text('label.checklist', lang)}:"] + [f"  [ ] {g(c)}" for c in v.checklist]
    if v.unverified:
        lines += ["", f"{text('label.unverified', lang)}: " + "; ".join(g(u) for u in v.unverified)]
    if v.sources:
        lines += ["", f"{text('label.sources', lang)}:", *sources_lines(v.sources, lang)]
    lines += ["", g(v.disclaimer) if v.disclaimer else ""]
    return joined(lines)


# ----- regulator cards ----------------------------------------------------------------------------
def jurisdiction_json(jur: Jurisdiction, lang: str) -> dict[str, Any]:
    return {"code": jur.code, "name": jur.name.get(lang), "name_en": jur.name.en, "name_fr": jur.name.fr,
            "kind": jur.kind, "parent": jur.parent}


def _fact_json(fact: Fact[Any] | None, jur: Jurisdiction, lang: str) -> dict[str, Any] | None:
    from jurisdictions.schema import Route, Text

    if fact is None:
        return None
    if isinstance(fact.value, Text):
        value: Any = fact.value.get(lang)
    elif isinstance(fact.value, Route):
        value = card_route_json(fact.value, lang)
    elif hasattr(fact.value, "model_dump"):  # a crisis line: its JSON form, names in both languages
        value = fact.value.model_dump(mode="json", exclude_none=True)
    else:
        value = fact.value
    src = jur.sources.get(fact.source) if fact.source else None
    return {"value": value, "unverified": fact.unverified, "source": source_json(src) if src else None}


def card_route_json(route: Route, lang: str) -> dict[str, Any]:
    """A route as the data holds it (conditions as codes), in one language."""
    return {"id": route.id, "outcome": route.outcome, "name": route.name.get(lang),
            "when": route.when.model_dump(mode="json", exclude_defaults=True),
            "steps": route.steps.get(lang) if route.steps else None,
            "limits": route.limits.get(lang) if route.limits else None}


def regulator_card_json(jur: Jurisdiction, lang: str = "en", disclaimer: Text | L10n | None = None) -> dict[str, Any]:
    """The `regulator --json` contract: jurisdiction, regulators, rule, minors, sources."""
    from jurisdictions.schema import iter_facts

    rule = jur.rule
    minors = jur.minors
    used = {f.source for _, f in iter_facts(jur) if f.source is not None}
    return {
        "jurisdiction": jurisdiction_json(jur, lang),
        "regulators": [regulator_json(r, lang) for r in jur.regulators],
        "no_regulator": fact_value(jur.no_regulator, lang),
        "rule": {
            "status": rule.status.value,
            "summary": fact_value(rule.summary, lang),
            "route": fact_value(rule.route, lang),
            "temporary_permit": fact_value(rule.temporary_permit, lang),
            "electronic_practice": fact_value(rule.electronic_practice, lang),
            "labour_mobility": fact_value(rule.labour_mobility, lang),
            "notes": [fact_value(n, lang) for n in rule.notes],
            "unverified": [name for name, f in iter_facts(rule) if f.unverified],
            "routes": [card_route_json(r.value, lang) | {"unverified": r.unverified} for r in rule.routes],
        },
        "minors": None if minors is None else {
            "age_of_majority": minors.age_of_majority.value,
            "consent_age": minors.consent_age.value if minors.consent_age else None,
            "consent": fact_value(minors.consent, lang),
            "child_protection_under": minors.child_protection_under.value if minors.child_protection_under else None,
            "reporting": fact_value(minors.reporting, lang),
            "notes": [fact_value(n, lang) for n in minors.notes],
            "unverified": [name for name, f in iter_facts(minors) if f.unverified],
        },
        "sources": [source_json(s) for key, s in jur.sources.items() if key in used],
        "facts": {path: _fact_json(f, jur, lang) for path, f in iter_facts(jur)},
        "disclaimer": disclaimer.get(lang) if disclaimer else "",
    }


def regulator_card_text(jur: Jurisdiction, lang: str = "en", disclaimer: Text | L10n | None = None) -> str:
    from jurisdictions.schema import iter_facts

    def g(t: Text | L10n) -> str:
        return t.get(lang)

    lines = [f"{jur.name.get(lang)} ({jur.code})", ""]
    body = governing_body(jur)
    if body is not None:
        heading = text("label.regulator" if body.role == "regulator" else "role.authority", lang)
        lines += [f"{heading.capitalize()}:"]
        lines += regulator_lines(body, lang)
    if jur.no_regulator is not None:
        lines += ([""] if lines[-1] else []) + [f"{text('label.no_regulator', lang)}: {fact_value(jur.no_regulator, lang)}{unverified_mark(jur.no_regulator)}"]
    others = [r for r in jur.regulators if r is not body]
    if others:
        lines += ["", f"{text('label.other_bodies', lang)}:"]
        for r in others:
            lines += regulator_lines(r, lang)
    rule = jur.rule
    lines += ["", f"{text('label.rule', lang)}: {fact_value(rule.summary, lang)}{unverified_mark(rule.summary)}"]
    for key, fact in (("label.route", rule.route), ("label.permit", rule.temporary_permit),
                      ("label.electronic", rule.electronic_practice), ("label.mobility", rule.labour_mobility)):
        if fact is not None:
            lines.append(f"  - {text(key, lang)}: {fact_value(fact, lang)}{unverified_mark(fact)}")
    for route_fact in rule.routes:
        route = route_fact.value
        detail = " ".join(t.get(lang) for t in (route.limits, route.steps) if t is not None)
        lines.append(f"  - {text('label.route_applied', lang)} — {route.name.get(lang)} "
                     f"({text(f'verdict.{route.outcome}', lang).lower()}){unverified_mark(route_fact)}: {detail}")
    if jur.minors is not None:
        m = jur.minors
        lines += ["", f"{text('label.minors', lang)}:",
                  f"  - {text('label.age_of_majority', lang)}: {m.age_of_majority.value}{unverified_mark(m.age_of_majority)}",
                  f"  - {text('label.consent', lang)}: {fact_value(m.consent, lang)}{unverified_mark(m.consent)}"]
        if m.reporting is not None:
            lines.append(f"  - {text('label.reporting', lang)}: {fact_value(m.reporting, lang)}{unverified_mark(m.reporting)}")
    used = {f.source for _, f in iter_facts(jur) if f.source is not None}
    lines += ["", f"{text('label.sources', lang)}:", *sources_lines([s for k, s in jur.sources.items() if k in used], lang)]
    if any(f.unverified for _, f in iter_facts(jur)):
        lines += ["", f"(?) = {text('label.unverified', lang)}"]
    lines += ["", g(disclaimer) if disclaimer else ""]
    return joined(lines)
