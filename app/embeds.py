"""Discord embeds and link buttons for verdicts, regulator cards and minors notes.

Built from the engine's bilingual objects the same way `jurisdictions.render` builds text, and always
within Discord's embed limits: long values are split over several fields, then the least important
fields are trimmed with "…" (never an error from Discord).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import discord

from app.memo import kept, kept_for
from jurisdictions.render import (
    LABELS,
    ROLE_NAMES,
    VERDICT_TITLES,
    minors_lines,
    regulator_lines,
    route_lines,
    source_dates,
)
from jurisdictions.render import fact_value as _v
from jurisdictions.render import unverified_mark as _mark
from jurisdictions.render_crisis import crisis_lines, crisis_title
from jurisdictions.safety import safe_url, visible
from jurisdictions.schema import Jurisdiction, Regulator, Source, Text, iter_facts
from jurisdictions.texts import text
from jurisdictions.verdict import PracticeVerdict, governing_body

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
FIELDS_MAX = 25
TOTAL_MAX = 6000
BUTTON_LABEL_MAX = 80
LINE_MAX = 600  # one contact line of a regulator (a stored value longer than today's caps cannot crowd out the rest)
ELLIPSIS = "…"

VERDICT_COLOURS = {
    "allowed": discord.Colour(0x2E7D32),
    "conditional": discord.Colour(0xF9A825),
    "registration_required": discord.Colour(0xC62828),
    "not_permitted": discord.Colour(0x8E0000),
    "depends": discord.Colour(0xEF6C00),
    "unknown": discord.Colour(0x757575),
    "not_understood": discord.Colour(0x546E7A),
}
CARD_COLOUR = discord.Colour(0x1565C0)
MINORS_COLOUR = discord.Colour(0x6A1B9A)
STATUS_NAMES: dict[str, Text] = {
    "registration_required": Text.model_construct(en="registration required", fr="inscription requise"),
    "temporary_permit": Text.model_construct(en="temporary permit available", fr="permis temporaire possible"),
    "notification": Text.model_construct(en="notify the regulator", fr="avis à l'organisme"),
    "compact_privilege": Text.model_construct(en="compact privilege", fr="privilège d'un pacte"),
    "exempt": Text.model_construct(en="exemption", fr="exemption"),
    "no_regulation": Text.model_construct(en="not regulated", fr="non réglementé"),
    "by_subdivision": Text.model_construct(en="by province/state", fr="selon la province ou l'État"),
    "unknown": Text.model_construct(en="unknown", fr="inconnu"),
}


# ----- the Discord boundary: data is escaped once, here ------------------------------------------------------
class Markup(str):
    """Text ready for Discord: data already escaped with `md`, plus our own formatting (`**`, `<url>`, code
    blocks). Anything else handed to an embed or a message is data and gets escaped."""


# A web address inside prose: kept clickable as `<url>` (shows the address itself, never a disguised label).
_PROSE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
_LEFT = re.compile(r"(\\*)([\[\]<])")


def _escape(text: str) -> str:
    out = discord.utils.escape_markdown(text, ignore_links=False)
    # `[`, `]` (masked links) and `<` (mentions, channels, timestamps) — unless escape_markdown already did
    out = _LEFT.sub(lambda m: m.group(1) + ("" if len(m.group(1)) % 2 else "\\") + m.group(2), out)
    return discord.utils.escape_mentions(out)


_MD: dict[str, Markup] = {}  # the same data values are escaped in every answer (~80 per /canserve embed)


def md(text: Any) -> Markup:
    """A data value (or any text not written for Discord) made inert: invisible characters shown, Markdown and
    mentions escaped, masked links impossible, web addresses as `<url>`. Markup passes through unchanged."""
    if isinstance(text, Markup):
        return text
    if (hit := _MD.get(key := str(text))) is not None:
        return hit
    if len(_MD) >= 4096:
        _MD.clear()
    _MD[key] = _md(key)
    return _MD[key]


def _md(text: str) -> Markup:
    text = visible(text)
    out: list[str] = []
    pos = 0
    for m in _PROSE_URL.finditer(text):
        url = m.group(0).rstrip(".,;:!?'")
        out.append(_escape(text[pos:m.start()]))
        out.append(f"<{url}>")
        pos = m.start() + len(url)
    out.append(_escape(text[pos:]))
    return Markup("".join(out))


def mjoin(sep: str, parts: Iterable[Any]) -> Markup:
    """`sep.join(parts)` with every part escaped (unless Markup); `sep` is ours."""
    return Markup(sep.join(md(p) for p in parts))


_LINKS: dict[str, Markup] = {}  # each source URL is parsed once, not in every answer citing it (~18 per embed)


def link(url: str | None) -> Markup | None:
    """A stored URL as `<url>` when it parses as a web address (else shown as text, not clickable)."""
    if not url:
        return None
    if (hit := _LINKS.get(url)) is not None:
        return hit
    try:
        safe_url(url, schemes=("https", "http"))
        out = Markup(f"<{url}>")
    except ValueError:
        out = md(url)
    if len(_LINKS) >= 4096:
        _LINKS.clear()
    _LINKS[url] = out
    return out


def plain(text: str, limit: int) -> str:
    """Text where Discord renders no Markdown (button labels, footers, autocomplete choices): invisible
    characters shown, length capped."""
    return clip(visible(text), limit)


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending with "…" when cut (Markup stays Markup)."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)].rstrip() + ELLIPSIS if limit > 0 else ""
    return Markup(cut) if isinstance(text, Markup) else cut


def _cut_at(line: str, cut: int) -> int:
    """Never between a backslash and the character it escapes."""
    while cut > 1 and line[cut - 1] == "\\":
        cut -= 1
    return cut


def chunks(text: str, limit: int = FIELD_VALUE_MAX) -> list[str]:
    """Split on line boundaries into pieces of at most `limit` characters (long lines are cut hard)."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            cut = line.rfind(" ", 0, limit)
            cut = _cut_at(line, cut if cut > limit // 2 else limit)
            out.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        out.append(current)
    return [c for c in out if c.strip()] or [ELLIPSIS]


_CHUNKS: dict[str, tuple[str]] = {}  # a field's text that fits in one field -> that text, one shared plain `str`


def _chunks(value: str) -> tuple[str, ...]:
    """`chunks(value)`; a text that fits in one field is its own one piece, kept once: the regulator, crisis,
    checklist and minors fields of answers about the same place are the same texts, so remembered answers
    (cogs.lookup) hold one copy of them, not one each. As plain `str`: discord.py's `add_field` copies a str
    subclass (Markup) into every embed. Longer texts (the sources of one answer) are split each time."""
    if len(value) > FIELD_VALUE_MAX or value.startswith("\n"):  # (`chunks` drops leading blank lines)
        return tuple(chunks(value))
    return kept(_CHUNKS, value, 1024, lambda: (str(value),))


_NAMES: dict[str, str] = {}


def _name(name: str) -> str:
    """A field name as one shared plain `str` (see `_chunks`)."""
    return kept(_NAMES, name, 4096, lambda: str(name))


@dataclass
class _Field:
    name: str
    value: str
    priority: int  # higher = kept longer
    inline: bool = False


@dataclass
class EmbedBuilder:
    """Collects fields, then fits them into one embed (25 fields, 1,024 per value, 6,000 in all)."""

    title: str
    description: str = ""
    colour: discord.Colour | None = None
    footer: str = ""
    url: str | None = None
    fields: list[_Field] = field(default_factory=list)
    truncated: bool = False

    def add(self, name: str, value: str | None, priority: int = 5, inline: bool = False) -> None:
        """A field; `name` and `value` are escaped unless they are Markup."""
        if value is None or not value.strip():
            return
        name = _name(clip(md(name), FIELD_NAME_MAX - 4))
        for i, piece in enumerate(_chunks(md(value))):
            self.fields.append(_Field(name if i == 0 else f"{name} ({i + 1})", piece, priority, inline))

    def _total(self, fields: list[_Field], title: str, description: str, footer: str) -> int:
        return len(title) + len(description) + len(footer) + sum(len(f.name) + len(f.value) for f in fields)

    def build(self) -> discord.Embed:
        title = clip(md(self.title), TITLE_MAX)
        footer = plain(self.footer, FOOTER_MAX)  # footers render no Markdown
        full = md(self.description)
        description = clip(full, DESCRIPTION_MAX)
        fields = list(self.fields)
        if description != full:
            self.truncated = True

        def drop_one() -> bool:
            """Shrink the lowest-priority, last field: clip it if that is enough, else remove it."""
            if not fields:
                return False
            low = min(f.priority for f in fields)
            idx = max(i for i, f in enumerate(fields) if f.priority == low)
            excess = self._total(fields, title, description, footer) - TOTAL_MAX
            victim = fields[idx]
            self.truncated = True
            if 0 < excess < len(victim.value) - 40:
                victim.value = clip(victim.value, len(victim.value) - excess)
                return True
            fields.pop(idx)
            # mark the previous piece of the same section as continued
            for f in reversed(fields[:idx]):
                if f.priority == low:
                    if not f.value.endswith(ELLIPSIS):
                        f.value = clip(f.value + " " + ELLIPSIS, FIELD_VALUE_MAX)
                    break
            return True

        while len(fields) > FIELDS_MAX and drop_one():
            pass
        while self._total(fields, title, description, footer) > TOTAL_MAX and drop_one():
            pass
        overflow = self._total(fields, title, description, footer) - TOTAL_MAX
        if overflow > 0:  # the description alone is too long
            description = clip(description, len(description) - overflow)
        embed = discord.Embed(title=title, description=description or None, colour=self.colour, url=self.url)
        for f in fields:
            embed.add_field(name=f.name, value=f.value, inline=f.inline)
        if footer:
            embed.set_footer(text=footer)
        return embed


# ----- shared pieces ---------------------------------------------------------------------------------
_BLOCKS: dict[tuple[int, str], tuple[object, Markup]] = {}  # (id of a regulator or source, lang) -> its text


def _remembered(obj: object, lang: str, build: Callable[[], str]) -> Markup:
    """What `build` makes of `obj` (a regulator or source of the snapshot: immutable) in `lang`, made once."""
    return kept_for(_BLOCKS, obj, (lang,), 4096, lambda: Markup(build()))


def regulator_block(body: Regulator, lang: str) -> Markup:
    def build() -> str:
        lines = [md(clip(line.strip(), LINE_MAX)) for line in regulator_lines(body, lang, indent="")]
        return "\n".join([f"**{lines[0]}**", *lines[1:]])

    return _remembered(body, lang, build)


def sources_block(sources: list[Source], lang: str) -> Markup:
    """Numbered sources: the title as text, the address as `<url>` (never a masked link with a stored label)."""
    return Markup("\n".join(
        f"{i}. " + _remembered(s, lang, lambda s=s: f"{md(clip(s.title, 150))} — {link(s.url)} — {md(source_dates(s, lang))}")  # type: ignore[misc]
        for i, s in enumerate(sources, 1)
    ))


def bullets(items: list[str]) -> Markup:
    return Markup("\n".join(f"• {md(item)}" for item in items))


def link_button(view: discord.ui.View | None, label: str, url: str | None) -> discord.ui.View | None:
    """`view` (made when needed) with a link button to `url` labelled in our words; a stored URL that predates the
    URL rules gets no button rather than a bad one."""
    try:
        safe_url(url or "", schemes=("https", "http"))
    except ValueError:
        return view
    view = view or discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(style=discord.ButtonStyle.link, label=plain(label, BUTTON_LABEL_MAX), url=url))
    return view


def regulator_buttons(body: Regulator | None, lang: str, view: discord.ui.View | None = None) -> discord.ui.View | None:
    """Link buttons to the regulator's website and public register (None when there are none)."""
    if body is None:
        return view
    acronym = _v(body.acronym, lang) or ""
    for key, url in (("website", _v(body.website, lang)), ("register", _v(body.register_url, lang))):
        view = link_button(view, LABELS[key].get(lang) + (f" · {acronym}" if acronym else ""), url)  # acronym as text
    return view


# ----- verdict -----------------------------------------------------------------------------------------
def verdict_embed(v: PracticeVerdict, lang: str = "en") -> discord.Embed:
    g = lambda text: text.get(lang)  # noqa: E731
    parts = []
    if v.worker is not None:
        parts.append(f"{md(g(LABELS['worker']))}: **{md(v.worker.jurisdiction.name.get(lang))}**")
    if v.client is not None:
        parts.append(f"{md(g(LABELS['client']))}: **{md(v.client.jurisdiction.name.get(lang))}**")
    if v.client_age is not None:
        parts.append(f"{text('label.age', lang)} {v.client_age}")
    head = " · ".join(parts)
    builder = EmbedBuilder(
        title=g(VERDICT_TITLES[v.code]),
        description=Markup((head + "\n\n" if head else "") + md(g(v.reason))),
        colour=VERDICT_COLOURS.get(v.code),
        footer=g(v.disclaimer) if v.disclaimer else "",
    )
    cases, others = route_lines(v, lang)
    if cases:
        builder.add(g(LABELS["cases"]), bullets(cases), priority=9)
    if v.route is not None:
        builder.add(g(LABELS["route"]), g(v.route), priority=9)
    if others:
        builder.add(g(LABELS["other_routes"]), bullets(others), priority=4)
    if v.suggestions:
        builder.add(g(LABELS["suggestions"]), ", ".join(g(s) for s in v.suggestions) + " ?", priority=9)
    if v.regulator is not None:
        builder.add(g(LABELS["regulator"]), regulator_block(v.regulator, lang), priority=8)
    if v.worker_regulator is not None:
        builder.add(g(LABELS["worker_regulator"]), regulator_block(v.worker_regulator, lang), priority=6)
    if v.notes:
        builder.add(g(LABELS["notes"]), bullets([g(n) for n in v.notes]), priority=3)
    if v.minors is not None:
        builder.add(f"{g(LABELS['minors'])} ({v.minors.jurisdiction.name.get(lang)})", bullets(minors_lines(v.minors, lang)), priority=7)
    if v.crisis is not None:
        builder.add(crisis_title(v.crisis, lang), bullets(crisis_lines(v.crisis, lang, link="{url}")), priority=8)
    if v.checklist:
        builder.add(g(LABELS["checklist"]), mjoin("\n", (f"☐ {g(c)}" for c in v.checklist)), priority=5)
    if v.unverified:
        builder.add(g(LABELS["unverified"]), "; ".join(g(u) for u in v.unverified), priority=6)
    if v.sources:
        builder.add(g(LABELS["sources"]), sources_block(v.sources, lang), priority=4)
    return builder.build()



def decisive_fact(v: PracticeVerdict) -> tuple[str | None, str | None]:
    """(jurisdiction code, fact path) a report on this verdict is about: the route that decided it, else the
    jurisdiction's status; (None, None) when the answer names no jurisdiction."""
    jur = v.regulator_jurisdiction or (v.client.jurisdiction if v.client is not None else None)
    if jur is None:
        return None, None
    if v.route_applied is not None:
        for i, route in enumerate(jur.rule.routes or []):
            if route.value.id == v.route_applied.id:
                return jur.code, f"rule.routes.{i}"
    return jur.code, "rule.status"


def with_report(view: discord.ui.View | None, kind: str, code: str | None, path: str | None,
                lang: str) -> discord.ui.View | None:
    """`view` (made when needed) with the "Report a problem" button (issue 15; app.report_views)."""
    if code is None:
        return view
    from app.report_views import ReportButton  # app.report_views imports app.i18n, which imports this module

    view = view or discord.ui.View(timeout=None)
    view.add_item(ReportButton(kind, code, path, lang))
    return view


class FrozenView(discord.ui.View):
    """The buttons under an answer, built once and sent under every answer that shows them: the component payload
    is computed once, and discord.py never stores the view or starts a timeout task for it (`is_finished`). Its
    only interactive item is the report button, a `DynamicItem` the bot registers at start (`register_items`),
    so a press is dispatched by its custom_id whatever message carries it; the other buttons are links."""

    def __init__(self, view: discord.ui.View) -> None:
        super().__init__(timeout=None)  # no items of its own: the payload is all discord.py reads (~1 KB, not 3)
        self._components = view.to_components()

    def to_components(self) -> list[dict[str, Any]]:
        return self._components

    def is_finished(self) -> bool:
        return True


def register_items(client: discord.Client) -> None:
    """The report button's custom_id pattern, for `FrozenView`s (the reports cog registers it too; idempotent)."""
    from app.report_views import ReportButton

    client.add_dynamic_items(ReportButton)


_VIEWS: dict[tuple[int, str, str | None, str | None, str], tuple[object, FrozenView | None]] = {}


def answer_view(body: Regulator | None, kind: str, code: str | None, path: str | None, lang: str) -> discord.ui.View | None:
    """`with_report(regulator_buttons(body, lang), kind, code, path, lang)`, built once per regulator, answer kind,
    fact and language (a /canserve answer built a View and three Buttons each time)."""
    def build() -> FrozenView | None:
        view = with_report(regulator_buttons(body, lang), kind, code, path, lang)
        return FrozenView(view) if view is not None else None

    return kept_for(_VIEWS, body, (kind, code, path, lang), 2048, build)


def verdict_view(v: PracticeVerdict, lang: str) -> discord.ui.View | None:
    code, path = decisive_fact(v)
    return answer_view(v.regulator, "v", code, path, lang)


# ----- regulator card ------------------------------------------------------------------------------------
def _used_sources(jur: Jurisdiction, prefix: str = "") -> list[Source]:
    used = [f.source for path, f in iter_facts(jur) if f.source is not None and path.startswith(prefix)]
    return [jur.sources[key] for key in dict.fromkeys(used)]


def regulator_embed(jur: Jurisdiction, lang: str = "en", disclaimer: Text | None = None) -> discord.Embed:
    g = lambda text: text.get(lang)  # noqa: E731
    rule = jur.rule
    builder = EmbedBuilder(
        title=f"{jur.name.get(lang)} ({jur.code})",
        description=Markup(f"**{md(g(LABELS['rule']))}** ({md(STATUS_NAMES[rule.status.value].get(lang))}"
                           f"{md(_mark(rule.status))}): {md(_v(rule.summary, lang))}{md(_mark(rule.summary))}"),
        colour=CARD_COLOUR,
        footer=g(disclaimer) if disclaimer else "",
    )
    body = governing_body(jur)
    if body is not None:
        label = LABELS["regulator"] if body.role == "regulator" else ROLE_NAMES["authority"]
        builder.add(g(label).capitalize(), regulator_block(body, lang), priority=9)
    if jur.no_regulator is not None:
        builder.add(g(LABELS["no_regulator"]), f"{_v(jur.no_regulator, lang)}{_mark(jur.no_regulator)}", priority=9)
    for key, fact in (("route", rule.route), ("permit", rule.temporary_permit), ("electronic", rule.electronic_practice),
                      ("mobility", rule.labour_mobility)):
        if fact is not None:
            builder.add(g(LABELS[key]), f"{_v(fact, lang)}{_mark(fact)}", priority=7)
    if rule.notes:
        builder.add(g(LABELS["notes"]), bullets([f"{_v(n, lang)}{_mark(n)}" for n in rule.notes]), priority=4)
    if jur.minors is not None:
        m = jur.minors
        builder.add(g(LABELS["minors"]), bullets([
            f"{g(LABELS['age_of_majority'])}: {m.age_of_majority.value}{_mark(m.age_of_majority)}",
            f"{g(LABELS['consent'])}: {_v(m.consent, lang)}{_mark(m.consent)}",
        ]), priority=5)
    others = [r for r in jur.regulators if r is not body]
    if others:
        builder.add(g(LABELS["other_bodies"]), mjoin("\n\n", (regulator_block(r, lang) for r in others)), priority=3)
    builder.add(g(LABELS["sources"]), sources_block(_used_sources(jur), lang), priority=6)
    if any(f.unverified for _, f in iter_facts(jur)):
        builder.add("(?)", g(LABELS["unverified"]), priority=8)
    return builder.build()


def minors_embed(jur: Jurisdiction, lang: str = "en", disclaimer: Text | None = None) -> discord.Embed | None:
    m = jur.minors
    if m is None:
        return None
    g = lambda text: text.get(lang)  # noqa: E731
    builder = EmbedBuilder(
        title=f"{g(LABELS['minors'])} — {jur.name.get(lang)} ({jur.code})",
        description=Markup(f"**{md(g(LABELS['consent']))}**: {md(_v(m.consent, lang))}{md(_mark(m.consent))}"),
        colour=MINORS_COLOUR,
        footer=g(disclaimer) if disclaimer else "",
    )
    builder.add(g(LABELS["age_of_majority"]), f"{m.age_of_majority.value}{_mark(m.age_of_majority)}", priority=9, inline=True)
    if m.consent_age is not None:
        value = m.consent_age.value
        shown = str(value) if value is not None else text("label.capacity", lang)
        builder.add(text("label.consent_age", lang), f"{shown}{_mark(m.consent_age)}", priority=8, inline=True)
    if m.child_protection_under is not None:
        builder.add(text("label.child_protection_under", lang),
                    f"{m.child_protection_under.value}{_mark(m.child_protection_under)}", priority=8, inline=True)
    if m.reporting is not None:
        builder.add(g(LABELS["reporting"]), f"{_v(m.reporting, lang)}{_mark(m.reporting)}", priority=7)
    if m.notes:
        builder.add(g(LABELS["notes"]), bullets([f"{_v(n, lang)}{_mark(n)}" for n in m.notes]), priority=5)
    builder.add(g(LABELS["sources"]), sources_block(_used_sources(jur, "minors"), lang), priority=6)
    return builder.build()


def embed_length(embed: discord.Embed) -> int:
    return len(embed)
