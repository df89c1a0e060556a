"""Places as Discord users type them: one jurisdiction or the message that says why not (ambiguous, unknown,
not covered, did you mean), and the autocomplete choices. Shared by every cog that takes a place; the
resolving itself is the domain's (`jurisdictions.resolver`)."""

from __future__ import annotations

from discord import app_commands

from app.embeds import md, plain
from app.i18n import t
from app.memo import SnapshotMemo, kept
from jurisdictions.namesakes import not_covered_reason
from jurisdictions.resolver import Resolution
from jurisdictions.schema import Jurisdiction
from jurisdictions.snapshot import Snapshot
from jurisdictions.textnorm import compact_key, safe_echo

CHOICES_MAX = 25
AGE_MIN, AGE_MAX = 0, 120  # the client ages a command accepts (Discord enforces the range in its client only)


def resolve_place(snapshot: Snapshot, text: str, lang: str, res: Resolution | None = None) -> tuple[Jurisdiction | None, str | None]:
    """A jurisdiction for `text`, or the message that explains why not (ambiguous / unknown / not covered /
    did you mean). `res`: the text already resolved with the other side as context."""
    res = res if res is not None else snapshot.index.resolve(text)
    if res.match is not None:
        return snapshot.jurisdictions[res.match.code], None
    if res.not_covered is not None:
        return None, md(not_covered_reason(res.not_covered)[1 if lang == "fr" else 0])
    q = safe_echo(text)
    options = res.candidates or res.suggestions
    names = ", ".join(f"{m.matched} ({snapshot.jurisdictions[m.code].name.get(lang)}, {m.code})" for m in options)
    if res.candidates:
        return None, t("ambiguous", lang, q=q, c=names)
    message = t("no_match", lang, q=q)
    if res.suggestions:
        message += " " + t("did_you_mean", lang, c=names)
    return None, message


CHOICES_CACHE = 512  # 21-22% hits on varied prefixes (1,024: 26-29%, for ~0.5 MB more)


_CHOICE_OBJECTS: dict[tuple[str, str], app_commands.Choice[str]] = {}
CHOICE_OBJECTS_MAX = 2048  # about what 512 lists share; 8,192 kept ~1 MB of choices no list offered
_CHOICES: SnapshotMemo[tuple[app_commands.Choice[str], ...]] = SnapshotMemo(CHOICES_CACHE)  # (typed key, lang)


def _choice(label: str, code: str) -> app_commands.Choice[str]:
    """One Choice per label and code, shared by every memoised list offering it ("g", "ga", "gat"… all offer
    Gatineau): each is ~200 bytes with its dict, and the lists held 25,000 of them. discord.py only reads them."""
    # a full table is emptied: the lists keep theirs, new ones start sharing again
    return kept(_CHOICE_OBJECTS, (label, code), CHOICE_OBJECTS_MAX,
                lambda: app_commands.Choice(name=plain(label, 100), value=code))


def place_choices(snapshot: Snapshot, current: str, lang: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: one choice per jurisdiction, value = its code (so the command resolves it exactly).
    Memoised per snapshot, typed key and language: every keystroke of every user asks, and they repeat."""
    if len(current) > 100:  # no place is named so long; not worth a cache slot
        return _place_choices(snapshot, current, lang)
    key = (compact_key(current) or ("" if not current.strip() else "-"), lang)
    hit = _CHOICES.get(snapshot, key)
    if hit is None:
        hit = _CHOICES.put(snapshot, key, tuple(_place_choices(snapshot, current, lang)))
    return list(hit)


def _place_choices(snapshot: Snapshot, current: str, lang: str) -> list[app_commands.Choice[str]]:
    out: list[app_commands.Choice[str]] = []
    if not current.strip():
        for jur in sorted(snapshot.jurisdictions.values(), key=lambda j: j.name.get(lang))[:CHOICES_MAX]:
            out.append(_choice(f"{jur.name.get(lang)} ({jur.code})", jur.code))
        return out
    seen: set[str] = set()
    for match in snapshot.index.complete(current, limit=CHOICES_MAX * 2):
        if match.code in seen:
            continue
        seen.add(match.code)
        jur = snapshot.jurisdictions[match.code]
        name = jur.name.get(lang)
        label = f"{name} ({jur.code})"
        if compact_key(match.matched) not in (compact_key(name), compact_key(jur.code)):
            label = f"{match.matched} → {label}"
        out.append(_choice(label, jur.code))
        if len(out) >= CHOICES_MAX:
            break
    return out


def place_name(snapshot: Snapshot, code: str, lang: str) -> str:
    """"Quebec (CA-QC)" for messages about an entry; the bare code when the snapshot no longer has it."""
    jur = snapshot.get(code)
    return f"{jur.name.get(lang)} ({code})" if jur else code
