"""The crisis card as text lines (terminal and Discord list the same lines) and as the JSON key `crisis`."""

from __future__ import annotations

from typing import Any

from jurisdictions.crisis import CrisisCard, how_to_reach, missing_text, service_name
from jurisdictions.texts import text


def crisis_title(card: CrisisCard, lang: str) -> str:
    return f"{text('crisis.title', lang)} ({card.jurisdiction.name.get(lang)})"


def crisis_lines(card: CrisisCard, lang: str, link: str = "({url})") -> list[str]:
    """One line per contact: "Crisis line: 9-8-8 Suicide Crisis Helpline — call 9-8-8 · text 9-8-8 · 24/7 (url)".
    `link` formats the URL (Discord: "<{url}>", a bare link with no masked label)."""
    lines = []
    for entry in card.lines:
        line = entry.line
        reach = how_to_reach(line, lang)
        said = f"{service_name(line.service, lang)}: {line.name.get(lang)}"
        if reach:
            said += f" — {reach}"
        if line.url:
            said += " " + link.format(url=line.url)
        lines.append(said)
    gap = missing_text(card, lang)
    if gap:
        lines.append(gap)
    lines += [note.get(lang) for note in card.notes]
    return lines


def crisis_json(card: CrisisCard | None, lang: str) -> dict[str, Any] | None:
    """The `crisis` key of the JSON answers (`check`, `ask`, `crisis`)."""
    if card is None:
        return None
    from jurisdictions.render import source_json  # render imports this module for the verdict's JSON

    return {
        "jurisdiction": card.jurisdiction.code,
        "client": card.client,
        "lines": [{"id": e.line.id, "service": e.line.service, "name": e.line.name.get(lang), "call": e.line.call,
                   "text": e.line.text, "url": e.line.url, "how": e.line.how.get(lang) if e.line.how else None,
                   "from": e.origin.code, "source": source_json(e.source)} for e in card.lines],
        "missing": list(card.missing),
        "check_locally": missing_text(card, lang),
        "notes": [n.get(lang) for n in card.notes],
        "sources": [source_json(s) for s in card.sources],
    }


def crisis_text(card: CrisisCard, lang: str) -> str:
    """The card on its own (`bot.py crisis PLACE`)."""
    lines = [crisis_title(card, lang), ""]
    if card.client == "minor":
        lines.append(text("crisis.minor_first", lang))
    lines += [f"  - {line}" for line in crisis_lines(card, lang)]
    if card.sources:
        from jurisdictions.render import sources_lines

        lines += ["", f"{text('label.sources', lang)}:", *sources_lines(card.sources, lang)]
    return "\n".join(lines)
