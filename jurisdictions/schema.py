"""Typed models of a jurisdiction data file.

Every statement a user may read is a `Fact`: a value plus the key of the source it comes from (the
file's `sources` map gives URL, title and the date it was last verified). A fact nobody could verify
says `unverified: true`, and the answers say so; a fact with neither a source nor that flag is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from jurisdictions.safety import safe_email, safe_phone, safe_text, safe_url

T = TypeVar("T")

CODE_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"


def check_https_url(value: str) -> str:
    """A URL entered or changed through the registry (edits, imports, the edit form): https only, parsed."""
    return safe_url(value)


def check_http_url(value: str) -> str:
    """A URL in a stored document: parsed (see jurisdictions.safety); http is still accepted there because the
    bundled files hold older pages on http (the registry refuses http for any URL it adds or changes)."""
    return safe_url(value, schemes=("https", "http"))


# Every stored string is one of these (control, bidi and invisible characters refused; lengths capped per field).
Url = Annotated[str, AfterValidator(check_http_url)]
Label = Annotated[str, AfterValidator(partial(safe_text, max_len=64))]  # acronyms
Name = Annotated[str, AfterValidator(partial(safe_text, max_len=256))]  # names, aliases, places, titles (embed title: 256)
Line = Annotated[str, AfterValidator(partial(safe_text, max_len=512))]  # source titles, statutes, addresses
Prose = Annotated[str, AfterValidator(partial(safe_text, max_len=2000, multiline=True))]
"""Summaries, notes, consent, steps: the only text that may hold newlines."""
Email = Annotated[str, AfterValidator(safe_email)]
Phone = Annotated[str, AfterValidator(safe_phone)]
SourceKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,119}$")]
NonEmpty = Name


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a data file must not silently drop a fact."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A statement in both languages users see."""

    en: Prose
    fr: Prose

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class NameText(Text):
    """A name in both languages: one line, at most 256 characters."""

    en: Name
    fr: Name


class LineText(Text):
    """A one-line statement (a statute's title): at most 512 characters."""

    en: Line
    fr: Line


class LabelText(Text):
    """An acronym: one line, at most 64 characters."""

    en: Label
    fr: Label


SourceKind = Literal["statute", "regulation", "regulator", "government", "court", "service", "association", "secondary"]
"""What a source is. Decisive facts need a statute, regulation, regulator, government or court page; `service` is a
crisis or help line's own official page (e.g. 988lifeline.org), which may back that line's number and nothing else."""
PRIMARY_KINDS = frozenset({"statute", "regulation", "regulator", "government", "court"})
CRISIS_SOURCE_KINDS = PRIMARY_KINDS | {"service"}


SECONDARY_KINDS = frozenset({"association", "secondary"})
NOT_SOURCES = frozenset({"factually.co"})
"""Sites that are never sources: automated fact checks and AI-generated pages."""
COPY_HOSTS = frozenset({
    "justia.com", "casetext.com", "findlaw.com", "lawserver.com", "onecle.com", "public.law", "self-law.org", "uslegal.com",
    "getpocketlaw.com", "helplinelaw.com", "legalfix.com", "womenslaw.org", "law.cornell.edu", "casemine.com", "laws.com",
    "njlaw.rutgers.edu", "instalawyer.io", "legiplex.com", "legiscan.com", "lawinsider.com", "courtgpt.com", "pluralpolicy.com",
    "theusufruct.com", "docslib.org", "lawrina.com", "policyrisk.com", "telementalhealthtraining.com", "lawdelta.org",
    "alexisfairbanks.com", "droit-bilingue.ch", "opennwt.ca",
    "d1tvxue8o4w0fl.cloudfront.net",  # Casetext's pages under a CDN name
})
"""Sites that reproduce laws, rules and bills (legal-reference sites, bill trackers, document dumps): a page there can
point to the text, but it is not the legislature's or the official publisher's, so its `kind` is `secondary`."""
DECISIVE = re.compile(r"^(rule\.status|rule\.routes\.\d+|minors\.(age_of_majority|consent_age|child_protection_under))$")


def is_decisive(path: str) -> bool:
    """A route, a status or an age: what a verdict or a minors answer turns on."""
    return DECISIVE.match(path) is not None


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split("@")[-1].split(":")[0].lower()


class Source(Strict):
    url: Url
    title: Line
    last_verified: date
    """When we read the page."""
    kind: SourceKind | None = None
    content_date: date | None = None
    """The date the page gives its own content ("last updated …", the law's version), when it states one."""


class Fact(Strict, Generic[T]):
    """One sourced statement. `source` is a key of the file's `sources` map."""

    value: T
    source: SourceKey | None = None
    unverified: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _needs_source_or_flag(self) -> Fact[T]:
        if self.source is None and not self.unverified:
            raise ValueError("fact has no source: add `source: <key>` or mark it `unverified: true`")
        return self


Role = Literal["regulator", "association", "council", "accreditor", "national_body", "authority"]
"""regulator: licenses/registers; authority: a public body that applies where no regulator exists."""

PracticeStatus = Literal[
    "registration_required",  # must register with this jurisdiction's regulator before serving a client here
    "temporary_permit",  # a temporary / limited registration or telehealth permit is available
    "notification",  # notify the regulator; no full registration
    "compact_privilege",  # an operational interstate compact privilege covers it
    "exempt",  # an exemption covers a worker registered elsewhere
    "no_regulation",  # social work is not regulated here
    "by_subdivision",  # regulated by province/state: ask where exactly
    "unknown",
]

Kind = Literal["province", "territory", "state", "district", "country", "nation", "region", "canton"]


class Regulator(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    role: Role
    name: Fact[NameText]
    acronym: Fact[LabelText] | None = None
    website: Fact[Url] | None = None
    register_url: Fact[Url] | None = None
    email: Fact[Email] | None = None
    phone: Fact[Phone] | None = None
    address: Fact[Line] | None = None
    protected_titles: Fact[Annotated[list[Name], Field(max_length=100)]] | None = None
    statute: Fact[LineText] | None = None
    notes: list[Fact[Text]] = []


Outcome = Literal["allowed", "conditional", "registration_required", "not_permitted"]
"""What a route gives: allowed as is; allowed after a light step (registration, notice, permit); full
registration here first; or not at all from where the worker is (e.g. NL for workers living outside Canada)."""
RouteModality = Literal["video", "phone", "text", "in_person"]
Situation = Literal["visiting", "moving", "studying"]
"""Why the client is in the place: there for a while (holiday, work trip, family), moved or moving there, studying."""
Relationship = Literal["existing", "new"]
DaysPer = Literal["calendar_year", "stay", "consecutive", "after_move", "year"]
ANYWHERE = "*"
_WHERE = Annotated[str, Field(pattern=r"^(\*|[A-Z]{2}(-[A-Z0-9]{1,3})?)$")]


class RouteWhen(Strict):
    """The conditions under which a route applies; an omitted condition holds for everyone. Places are
    jurisdiction codes; a country code (CA, US, GB, AU) also covers its provinces, states or nations; `*` is
    anywhere. The client's own jurisdiction never counts as "registered elsewhere" (that case is allowed)."""

    registered_in: list[_WHERE] = Field(default_factory=lambda: [ANYWHERE], min_length=1)
    not_registered_in: list[_WHERE] = []
    lives_in: list[_WHERE] | None = None
    lives_outside: list[_WHERE] | None = None
    modality: list[RouteModality] | None = Field(default=None, min_length=1)
    situation: list[Situation] | None = Field(default=None, min_length=1)
    relationship: Relationship | None = None
    max_days: Annotated[int, Field(ge=1, le=366)] | None = None
    days_per: DaysPer | None = None

    @model_validator(mode="after")
    def _days_need_period(self) -> RouteWhen:
        if (self.max_days is None) != (self.days_per is None):
            raise ValueError("max_days and days_per go together")
        return self


class Route(Strict):
    """One way for a worker registered elsewhere to serve a client here, with its conditions and steps."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]
    outcome: Outcome
    name: NameText
    when: RouteWhen = Field(default_factory=RouteWhen)
    steps: Text | None = None
    limits: Text | None = None


class PracticeRule(Strict):
    """What a worker registered elsewhere needs to serve a client located in this jurisdiction.

    `routes` are tried in order; the first whose conditions hold decides. `status` is the default, for
    workers no route covers."""

    status: Fact[PracticeStatus]
    summary: Fact[Text]
    routes: list[Fact[Route]] = []
    route: Fact[Text] | None = None
    temporary_permit: Fact[Text] | None = None
    electronic_practice: Fact[Text] | None = None
    labour_mobility: Fact[Text] | None = None
    notes: list[Fact[Text]] = []


class Minors(Strict):
    age_of_majority: Fact[Annotated[int, Field(ge=14, le=21)]]
    consent_age: Fact[Annotated[int, Field(ge=0, le=21)] | None] | None = None
    """Fixed age from which a minor consents alone to care/counselling; value null = capacity-based."""
    consent: Fact[Text]
    child_protection_under: Fact[Annotated[int, Field(ge=12, le=21)]] | None = None
    """Child-protection law (and the duty to report) covers children under this age."""
    reporting: Fact[Text] | None = None
    notes: list[Fact[Text]] = []


CrisisService = Literal["emergency", "crisis", "youth", "child_protection"]
"""emergency: police/ambulance/fire; crisis: suicide or mental-health crisis line; youth: a line for children and
young people; child_protection: where to report a child at risk (a number, or the official page listing them)."""
_DIAL = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[0-9A-Z+() .-]+$")]


class CrisisLine(Strict):
    """One way to get a client help where they are. `call` and `text` are as dialled there."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]
    service: CrisisService
    name: NameText
    call: _DIAL | None = None
    text: _DIAL | None = None
    """A number to text (SMS); what to text, if anything, goes in `how`."""
    url: Url | None = None
    how: LineText | None = None
    """Hours, who it is for, what to text: "24/7", "ages 5–29", "text HOME to 686868"."""

    @model_validator(mode="after")
    def _reachable(self) -> CrisisLine:
        if self.call is None and self.text is None and self.url is None:
            raise ValueError("a crisis line needs `call`, `text` or `url`")
        return self


class Crisis(Strict):
    """Emergency and crisis contacts for clients located here. A subdivision also shows its parent's lines, except
    those whose `id` it reuses (its own line replaces the parent's)."""

    lines: list[Fact[CrisisLine]] = []
    note: Fact[Text] | None = None
    """Why a service is missing or what to check locally (e.g. no confirmed national crisis line)."""


class Jurisdiction(Strict):
    code: Annotated[str, Field(pattern=CODE_PATTERN)]
    kind: Kind
    parent: Annotated[str, Field(pattern=CODE_PATTERN)] | None = None
    name: NameText
    aliases: Annotated[list[Name], Field(max_length=100)] = []
    places: Fact[Annotated[list[Name], Field(max_length=500)]] | None = None
    regulators: list[Regulator] = []
    no_regulator: Fact[Text] | None = None
    """Explicit statement that no regulator of social work exists here (and who applies instead)."""
    rule: PracticeRule
    minors: Minors | None = None
    crisis: Crisis | None = None
    sources: Annotated[dict[SourceKey, Source], Field(max_length=500)]

    @model_validator(mode="after")
    def _consistent(self) -> Jurisdiction:
        ids = [r.value.id for r in self.rule.routes]
        if len(ids) != len(set(ids)):
            raise ValueError("rule.routes: route ids must be unique within a file")
        for path, fact in iter_facts(self):
            if fact.source is not None and fact.source not in self.sources:
                raise ValueError(f"{path}: source {fact.source!r} is not in `sources`")
            if (fact.source is not None and not fact.unverified and is_decisive(path)
                    and self.sources[fact.source].kind in SECONDARY_KINDS):
                raise ValueError(f"{path}: a decisive fact backed only by a {self.sources[fact.source].kind} source "
                                 "must say `unverified: true` (cite the statute, regulation or regulator instead)")

        if self.crisis is not None:
            self._crisis_sourced(self.crisis)
        if not self.regulators and self.no_regulator is None:
            raise ValueError("no regulator listed: add `regulators` or an explicit `no_regulator` statement")
        check_source_hosts(self.sources)
        reg_ids = [r.id for r in self.regulators]
        if len(reg_ids) != len(set(reg_ids)):
            raise ValueError("regulator ids must be unique within a file")
        return self

    def _crisis_sourced(self, crisis: Crisis) -> None:
        """A number people will dial in an emergency comes from an official page or is left out: no unverified line."""
        ids = [line.value.id for line in crisis.lines]
        if len(ids) != len(set(ids)):
            raise ValueError("crisis.lines: line ids must be unique within a file")
        for i, line in enumerate(crisis.lines):
            kind = self.sources[line.source].kind if line.source is not None else None
            if line.unverified or kind not in CRISIS_SOURCE_KINDS:
                raise ValueError(f"crisis.lines.{i}: a crisis number needs an official source (a government page or the "
                                 "service's own page, `kind: government` or `kind: service`); leave out a number you "
                                 "cannot confirm and say so in `crisis.note`")

    def regulator(self) -> Regulator | None:
        """The body that governs practice here: the first with role `regulator`, else None."""
        return next((r for r in self.regulators if r.role == "regulator"), None)


def check_source_hosts(sources: dict[str, Source]) -> None:
    """No automated or AI-generated site as a source; a copy of the law is never a primary `kind`."""
    for key, src in sources.items():
        host = _host(src.url)
        if any(host == bad or host.endswith("." + bad) for bad in NOT_SOURCES):
            raise ValueError(f"sources.{key}: {host} is not a source (automated or AI-generated content)")
        if src.kind in PRIMARY_KINDS and any(host == c or host.endswith("." + c) for c in COPY_HOSTS):
            raise ValueError(f"sources.{key}: {host} reproduces the law, it does not publish it: its kind is `secondary` "
                             f"(cite the legislature's or the official publisher's page as `{src.kind}`)")


class GuidanceItem(Strict):
    id: str
    text: Fact[Text]


class Guidance(Strict):
    """Jurisdiction-independent telepractice duties (from the source documents)."""

    checklist: list[GuidanceItem]
    disclaimer: Text
    sources: dict[str, Source]

    @model_validator(mode="after")
    def _sources_exist(self) -> Guidance:
        for item in self.checklist:
            if item.text.source is not None and item.text.source not in self.sources:
                raise ValueError(f"checklist.{item.id}: source {item.text.source!r} is not in `sources`")
        check_source_hosts(self.sources)
        return self


def iter_facts(model: BaseModel, path: str = "") -> Iterator[tuple[str, Fact[Any]]]:
    """Every Fact inside a model with a stable dotted path (regulators are named by id, lists by index)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        yield from _walk(value, here)


def _walk(value: Any, path: str) -> Iterator[tuple[str, Fact[Any]]]:
    if isinstance(value, Fact):
        yield path, value
    elif isinstance(value, Regulator) or (isinstance(value, BaseModel) and not isinstance(value, (Text, Source))):
        yield from iter_facts(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            key = item.id if isinstance(item, (Regulator, GuidanceItem)) else str(i)
            yield from _walk(item, f"{path}.{key}")
