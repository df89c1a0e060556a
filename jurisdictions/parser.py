"""Free text (English or French) -> worker's jurisdiction, client's jurisdiction, age and modality.

Mentions are found by scanning word n-grams against the resolver's exact index (longest first), then
each mention is given a side from the cue words around it ("registered in", "inscrite en" -> worker;
"client in", "habite à", "moved to" -> client; "A -> B" -> worker then client). When the sides cannot
be told apart, the parse says so and the answer asks, rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from jurisdictions.ages import find_age
from jurisdictions.namesakes import qualify, redecide
from jurisdictions.resolver import JURISDICTION_KINDS, JurisdictionIndex, Match, Resolution
from jurisdictions.situation import ClientSituation, read_situation
from jurisdictions.textnorm import clean_input, compact_key, fold
from jurisdictions.worker_cues import AFTER_REGISTRATION, REGISTRATION_CUES, is_credential

if TYPE_CHECKING:
    from jurisdictions.schema import RouteModality

Side = Literal["worker", "client"]
Modality = Literal["video", "phone", "in_person", "moving", "text"]

MAX_NGRAM = 14  # regulators' full names: "Ordre des travailleurs sociaux et des thérapeutes … du Québec"
MAX_AGE = 120
MAX_TOWN_WORDS = 5  # "Saint-Jean-sur-Richelieu" is one token; "Sault Ste. Marie", "Rouyn Noranda" a few

_TOKEN = re.compile(r"[^\W_]+(?:[.'’\-]+[^\W_]+)*\.?|->|→|=>|>")

# Cue phrases, folded and compacted word by word. Matching looks at up to 6 words before a mention.
_WORKER_BEFORE = {
    "registered", "registred", "regsitered", "registerd", "licensed", "licenced", "license", "licence", "member", "practise", "practice",
    "practising", "practicing", "based", "work", "working", "im", "iam", "from", "inscrit", "inscrite",
    "inscrits", "inscrites", "membre", "travaille", "exerce", "pratique", "autorise", "autorisee", "mon",
    "ma", "je", "suis", "registration", "certified", "accredited", "employed", "ordre",
}
_CLIENT_BEFORE = {
    "client", "clients", "cliente", "clientes", "patient", "patients", "someone", "somebody", "person",
    "family", "youth", "lives", "live", "living", "located", "moved", "moving", "moves", "relocated",
    "now", "habite", "habitent", "vit", "reside", "resides", "residing", "demenage", "demenagee",
    "demenager", "maintenant", "installe", "installee", "to", "vers", "visiting", "staying", "studying",
    "personne", "famille", "usager", "usagere", "beneficiaire", "jeune", "enfant", "ado", "adolescent",
    "adolescente", "teen", "child", "kid", "minor", "mineur", "mineure", "who", "qui", "partie", "parti",
    "est", "is", "etudie", "sejourne", "currently", "actuellement",
    "vacationing", "vacation", "vacances", "holiday", "holidays", "travelling", "traveling", "trip", "voyage",
    "visite", "stays", "temporarily", "temporairement", "studies", "study", "etudiant", "etudiante",
    "partner", "son", "daughter", "fils", "fille", "mother", "father", "mere", "pere", "parent", "parents",
}
_WORKER_AFTER = {"social", "worker", "workers", "sw", "rsw", "ts", "tsi", "travailleur", "travailleuse",
                 "licence", "license", "registration", "inscription", "permit", "permis", "member", "membre",
                 "registered", "registrant", "licensed", "lcsw", "licsw", "lmsw", "msw", "inscrit", "inscrite"}
_CLIENT_AFTER = {"client", "clients", "cliente", "clientes", "patient", "patients", "resident", "residents",
                 "family", "famille"}
_ARROWS = {"->", "→", "=>", ">", "to", "vers", "into"}
# Words that look like short aliases (ON, IN, ME, CA, PA …) but are ordinary words when written in lower case.
_COMMON_WORDS = {
    "in", "on", "or", "me", "la", "de", "ma", "oh", "hi", "ok", "id", "il", "do", "is", "it", "an", "as", "at",
    "be", "by", "go", "he", "if", "my", "no", "of", "so", "to", "up", "us", "we", "ca", "ce", "du", "en", "et",
    "je", "le", "ne", "ni", "nu", "ou", "sa", "se", "si", "ta", "te", "tu", "un", "va", "vu", "mo", "pa", "al",
    "ont", "les", "des", "est", "son", "pas", "une", "the", "are", "can", "qui", "que", "sur", "par", "mon",
    "ton", "nos", "vos", "ses", "ces", "aux", "one", "may", "see", "via", "per", "and", "for", "new", "am",
    "mi", "au", "ie", "act", "man", "ind", "ill", "miss", "mass", "wash", "ore", "con", "bon", "col", "ai",
}

_SPAN_STOP = (_COMMON_WORDS | _WORKER_BEFORE | _CLIENT_BEFORE | _WORKER_AFTER | _CLIENT_AFTER | _ARROWS | {
    "video", "phone", "zoom", "online", "telehealth", "counselling", "counseling", "session", "sessions", "see", "serve",
    "year", "years", "old", "ans", "age", "aged", "client", "can", "could", "may", "allowed", "sw", "social",
    "call", "calls", "text", "email", "with", "avec", "dans", "chez", "par", "pour", "hello", "bonjour", "please",
}) - {"new"}
# State codes that are also words even in capitals: they count only after a preposition ("client in OK").
_WORDY_CODES = {"ok", "hi", "oh", "me", "or", "id", "in", "so", "us", "ma", "la", "pa", "de", "al", "mo", "ms", "ne"}
# Before a town name: a town written in lower case counts only after one of these ("client in bend").
_PLACE_PREPS = {"in", "at", "near", "around", "to", "from", "a", "au", "aux", "en", "dans", "de", "pres", "vers",
                "into", "outside", "pour", "of", "moved", "moving", "lives", "living", "visiting", "habite"}
# Words that may stand between a credential and the place it is held in.
_CRED_LINK = {"social", "sociale", "sociaux", "sociales", "worker", "clinical", "clinique", "in", "en", "au", "aux", "a", "from", "de", "du", "des", "of", "at", "based", "the", "la", "le", "dans",
              "registered", "licensed", "licenced", "inscrit", "inscrite", "working", "practising", "practicing"}
# Words that are towns somewhere but are nearly always just words in a question.
_TOWN_STOP = _SPAN_STOP | {
    "summer", "winter", "spring", "fall", "autumn", "ete", "hiver", "printemps", "automne", "home", "school",
    "college", "university", "office", "hospital", "person", "worker", "keep", "seeing", "still", "also", "only",
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas",
    "easter", "english", "french", "francais", "anglais", "registered", "licensed", "hope", "normal", "why",
    "what", "when", "where", "how", "which", "thanks", "merci", "hi", "hey", "salut", "help", "question",
    "client", "clients", "cliente", "therapy", "therapie", "work", "travail", "social", "sociale", "board",
    "ordre", "state", "province", "country", "pays", "city", "ville", "town", "county", "bonjour",
    "her", "his", "him", "she", "they", "them", "our", "your", "their", "this", "that", "there", "here",
    "dear", "good", "best", "well", "bien", "tres", "avoir", "etre", "faire", "voir", "next", "last", "new",
}
_MINOR_WORDS = {
    "minor", "minors", "teen", "teens", "teenager", "teenaged", "child", "children", "kid", "kids", "youth",
    "adolescent", "adolescents", "adolescente", "mineur", "mineure", "mineurs", "enfant", "enfants", "jeune",
    "ado", "ados", "boy", "girl", "garcon", "fille", "juvenile",
}
_MODALITY_WORDS: list[tuple[Modality, tuple[str, ...]]] = [
    ("moving", ("moved", "moving", "relocat", "demenag", "s'installe", "installe")),
    ("video", ("video", "zoom", "teams", "telehealth", "telepractice", "telepratique", "telesante", "online",
               "en ligne", "virtual", "virtuel", "visio", "distance", "remote", "webcam", "facetime", "skype")),
    ("phone", ("phone", "telephone", "call", "appel", "telephonique")),
    ("text", ("text", "chat", "email", "courriel", "texto", "sms")),
    ("in_person", ("in person", "in-person", "face to face", "face-to-face", "en personne", "home visit",
                   "visite a domicile", "sur place")),
]


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int
    text: str
    resolution: Resolution
    side: Side | None = None


@dataclass
class ParsedQuestion:
    text: str
    worker: Resolution | None = None
    client: Resolution | None = None
    client_age: int | None = None
    minor: bool = False
    modality: Modality | None = None
    problem: str | None = None  # why the sides are unknown: "no_place", "one_place", "sides_unclear", "ambiguous"
    mentions: list[Mention] = field(default_factory=list)
    stay: ClientSituation = field(default_factory=ClientSituation)  # the client's situation and length of stay
    channel: RouteModality | None = None  # video / phone / text / in person, even when the client is moving


_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’](?=[^\W\d_])", re.IGNORECASE)


def _tokens(text: str) -> list[tuple[str, str]]:
    """(original, compact key) per token; French elisions dropped ("l'Ontario" -> "Ontario"); arrows kept."""
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        inside_name = bool(out) and out[-1][0][:1].isupper() and raw[:1].islower() and raw[2:3].isupper()
        tok = raw if inside_name else _ELISION.sub("", raw)  # "Val d'Or" keeps its d'; "l'Ontario" drops the l'
        key = tok if tok in _ARROWS else compact_key(tok)
        if key:
            out.append((tok, key))
    return out


def _short_alias_allowed(original: str, key: str, strict: bool) -> bool:
    """Two- and three-letter keys count only when written like an abbreviation (NB, N.-B., Qc)."""
    if len(key) > 3 and key not in _COMMON_WORDS:
        return True
    if any(c in original for c in ".-") or (original[:1].isupper() and original[1:2].isupper()):
        return True
    if original[:1].isupper() and len(key) >= 2 and key not in _COMMON_WORDS:
        return True
    return not strict and key not in _COMMON_WORDS


def _town_allowed(tokens: list[tuple[str, str]], i: int, n: int) -> bool:
    """A span that only the gazetteer knows counts as a place when it reads like one: not made of common
    words, and capitalised (not as the first word) or right after a preposition ("in bend", "à joliette")."""
    keys = [k for _, k in tokens[i : i + n]]
    if all(k in _TOWN_STOP or len(k) <= 2 for k in keys) or len("".join(keys)) < 4:
        return False
    after_prep = i > 0 and tokens[i - 1][1] in _PLACE_PREPS
    if n == 1 and keys[0] in _TOWN_STOP:
        return False
    if after_prep:
        return True
    original = tokens[i][0]
    if n == 1 and i > 0 and tokens[i - 1][0][:1].isupper() and tokens[i - 1][1] not in _TOWN_STOP:
        return False  # "Novia Scotia": part of a longer name we don't know (left to typo matching)
    return n > 1 or (i > 0 and original[:1].isupper() and not original.isupper())


def find_mentions(index: JurisdictionIndex, tokens: list[tuple[str, str]], strict: bool = True) -> list[Mention]:
    """Longest exact n-gram matches, left to right; n-gram keys are built incrementally."""
    exact = index.exact
    gazetteer = index.gazetteer
    towns = gazetteer.keys if gazetteer is not None else {}
    max_len = max(index.max_key_len, 40 if towns else 0)
    keys = [k for _, k in tokens]
    mentions: list[Mention] = []
    i = 0
    lengths = [len(k) for k in keys]
    count = len(tokens)
    while i < count:
        grams: list[str] = []
        acc = ""
        size = 0
        for j in range(i, min(i + MAX_NGRAM, count)):
            size += lengths[j]
            if size > max_len:
                break
            acc += keys[j]
            grams.append(acc)
            if j - i + 1 >= MAX_TOWN_WORDS and not index.starts_a_key(acc):
                break  # past town length only regulators' long names go on: stop when none starts so
        found = 0
        for n in range(len(grams), 0, -1):
            gram = grams[n - 1]
            if gram in exact:
                if n == 1 and gram in _WORDY_CODES and not (i > 0 and tokens[i - 1][1] in _PLACE_PREPS):
                    continue  # "Video OK?", "HI all": a word, unless "client in OK"
                if n > 1 or _short_alias_allowed(tokens[i][0], grams[0], strict):
                    found = n
                    break
            elif n <= MAX_TOWN_WORDS and (gram in towns or (gram[:1] in "smf" and gazetteer is not None and gram in gazetteer)) \
                    and _town_allowed(tokens, i, n):
                found = n
                break
        if not found:
            i += 1
            continue
        text = " ".join(t for t, _ in tokens[i : i + found])
        mentions.append(Mention(i, i + found, text, index.resolve(text)))
        i += found
    return mentions


def _fuzzy_mentions(index: JurisdictionIndex, tokens: list[tuple[str, str]], taken: set[int]) -> list[Mention]:
    """Typo rescue for free text: spans of one to three content words (no cue or common word inside),
    5+ letters long, accepted only above the resolver's cut-off."""
    mentions: list[Mention] = []
    content = [i not in taken and len(k) > 1 and k.isalpha() and k not in _SPAN_STOP for i, (_, k) in enumerate(tokens)]
    i = 0
    while i < len(tokens):
        best: Mention | None = None
        for n in (3, 2, 1):
            if i + n > len(tokens) or not all(content[i : i + n]):
                continue
            key = "".join(k for _, k in tokens[i : i + n])
            if len(key) < 5:
                continue
            res = index.resolve(key, suggest=False)
            if not res.pool and (res.match is not None or res.ambiguous):  # exact towns went through _town_allowed
                best = Mention(i, i + n, " ".join(t for t, _ in tokens[i : i + n]), res)
                break
        if best is None:
            i += 1
        else:
            mentions.append(best)
            i = best.end
    return mentions


def _merge_qualifiers(mentions: list[Mention], index: JurisdictionIndex) -> list[Mention]:
    """'Cornwall, Ontario' / 'Paris (Texas)' / 'Perth WA': a town followed by a jurisdiction it lies in
    keeps only the namesakes there (an explicit qualifier always wins)."""
    merged: list[Mention] = []
    skip = False
    for pos, m in enumerate(mentions):
        if skip:
            skip = False
            continue
        nxt = mentions[pos + 1] if pos + 1 < len(mentions) else None
        towns = [c for c in m.resolution.pool if c.kind not in JURISDICTION_KINDS]
        if towns and nxt is not None and nxt.start - m.end <= 1:
            qualifiers = index.qualifier_codes(compact_key(nxt.text))
            kept = qualify(towns, qualifiers) if qualifiers else ()
            if kept:
                res = index.resolve(f"{m.text}, {nxt.text}")
                if res.found:
                    merged.append(Mention(m.start, nxt.end, f"{m.text}, {nxt.text}", res))
                    skip = True
                    continue
        merged.append(m)
    return merged


_FIRST_PERSON = {"i", "we", "im", "ive", "je", "nous"}
_RESIDES = {"live", "living", "lives", "moved", "moving", "relocated", "reside", "residing", "vit", "habite",
            "demenage", "demenagee", "installe", "installee"}
_BETWEEN_RESIDES = {"to", "in", "now", "currently", "vers", "maintenant", "actuellement", "a", "au", "en", "dans"}


def _worker_lives_there(window: list[str], pos: int) -> bool:
    """"I live in", "I've moved to", "je vis à": the cue at `pos` tells where the asker lives, not the client."""
    for j in range(pos, -1, -1):
        if window[j] in _RESIDES:
            return j > 0 and window[j - 1] in _FIRST_PERSON
        if window[j] not in _BETWEEN_RESIDES:
            return False
    return False


def _side_from_context(tokens: list[tuple[str, str]], mention: Mention, prev_end: int,
                       regulators: frozenset[str] = frozenset()) -> Side | None:
    if compact_key(mention.text) in regulators:  # "registered with SASW", "Social Care Wales registrant"
        return "worker"
    span = tokens[max(prev_end, mention.start - 6) : mention.start]
    window = [k for _, k in span]
    for pos in range(len(span) - 1, -1, -1):  # nearest cue wins
        original, key = span[pos]
        linked = all(k in _CRED_LINK for k in window[pos + 1 :])
        if linked and (is_credential(original, key) or (key in ("ts", "sw", "rsw", "tsi") and pos + 1 < len(window))):
            return "worker"  # "RSW in B.C.", "ts au quebec", "LCSW based in Texas" (not "RSW with a … client")
        if key in _CLIENT_BEFORE and key not in ("from",):
            if _worker_lives_there(window, pos):
                return "worker"  # "I live in Nevada now": where the worker is, like "I'm in Toronto"
            if key in ("is", "est", "to", "vers") and any(k in _WORKER_BEFORE - {"ma", "mon", "je"} for k in window):
                # "registered to practise in"; "je suis inscrite en" — the worker cue is the stronger one
                return "worker"
            return "client"
        if key in _WORKER_BEFORE:
            if key in ("ma", "mon") and any(k in _CLIENT_BEFORE for k in window):
                continue
            if key == "from" and any(k in _CLIENT_BEFORE for k in window):
                return None  # "client from X": where the client came from, not where they are
            return "worker"
    after = [k for _, k in tokens[mention.end : mention.end + 2]]
    if after and (after[0] in _WORKER_AFTER or is_credential(tokens[mention.end][0], after[0])):
        return "worker"
    if after and (after[0] in _CLIENT_AFTER or (len(after) > 1 and after[1] in _CLIENT_AFTER and after[0] in _WORKER_AFTER - {"social"})):
        return "client"
    return None


def _registration(tokens: list[tuple[str, str]], mention: Mention, prev_end: int, regulators: frozenset[str]) -> bool:
    """Does the worker's mention say where they are registered (not merely where they are)?"""
    if compact_key(mention.text) in regulators:
        return True
    window = tokens[max(prev_end, mention.start - 6) : mention.start]
    if any(k in REGISTRATION_CUES or is_credential(t, k) for t, k in window):
        return True
    after = [k for _, k in tokens[mention.end : mention.end + 2]]
    return bool(after) and after[0] in AFTER_REGISTRATION


_MODALITY_RES = [(m, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")")) for m, words in _MODALITY_WORDS]


def _modality(folded: str) -> Modality | None:
    for modality, pattern in _MODALITY_RES:
        if pattern.search(folded):
            return modality
    return None


def _channel(folded: str) -> RouteModality | None:
    """The modality without "moving" (which `modality` reports first, for the answer's moving note)."""
    for modality, pattern in _MODALITY_RES:
        if modality != "moving" and pattern.search(folded):
            return modality
    return None


def parse_question(text: str, index: JurisdictionIndex) -> ParsedQuestion:
    text = clean_input(text)
    folded = fold(text)
    tokens = _tokens(text)
    words = {k for _, k in tokens}
    parsed = ParsedQuestion(
        text=text,
        client_age=find_age(text),
        minor=bool(words & _MINOR_WORDS),
        modality=_modality(folded),
        stay=_stay(folded),
        channel=_channel(folded),
    )
    mentions = find_mentions(index, tokens, strict=True)
    if len(mentions) < 2 and any(len(k) <= 3 and k in index.exact and k not in _COMMON_WORDS and not t.isupper() for t, k in tokens):
        relaxed = find_mentions(index, tokens, strict=False)
        if len(relaxed) > len(mentions):
            mentions = relaxed
    if len(mentions) < 2:
        taken = {i for m in mentions for i in range(m.start, m.end)}
        extra = _fuzzy_mentions(index, tokens, taken)
        mentions = sorted(mentions + extra, key=lambda m: m.start)
    mentions = _merge_qualifiers(mentions, index)

    sided: list[Mention] = []
    registered: set[int] = set()
    prev_end = 0
    regulators = index.regulator_keys
    for m in mentions:
        side = _side_from_context(tokens, m, prev_end, regulators)
        if side == "worker" and _registration(tokens, m, prev_end, regulators):
            registered.add(m.start)
        sided.append(Mention(m.start, m.end, m.text, m.resolution, side))
        prev_end = m.end
    parsed.mentions = sided
    _assign_sides(parsed, sided, tokens, registered)
    _settle_namesakes(parsed)
    return parsed


def _stay(folded: str) -> ClientSituation:
    stay = read_situation(folded)
    if stay.situation is None and _modality(folded) == "moving":
        return ClientSituation("moving", ("moving",), stay.relationship, stay.duration_days)
    return stay


def _settle_namesakes(parsed: ParsedQuestion) -> None:
    """Each side's namesakes decided again with the other side's jurisdiction as context."""
    w, c = parsed.worker, parsed.client
    if w is not None and c is not None:
        if w.match is None and c.match is not None:
            w = redecide(w, c.match.code)
        if w.match is not None:
            c = redecide(c, w.match.code)
        parsed.worker, parsed.client = w, c
    if parsed.problem in ("ambiguous", "not_covered", None):
        sides = [r for r in (parsed.worker, parsed.client) if r is not None]
        if any(r.not_covered is not None for r in sides):
            parsed.problem = "not_covered"
        elif any(r.match is None for r in sides):
            parsed.problem = "ambiguous"
        elif parsed.worker is not None and parsed.client is not None:
            parsed.problem = None


def _assign_sides(parsed: ParsedQuestion, mentions: list[Mention], tokens: list[tuple[str, str]],
                  registered: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    if not mentions:
        parsed.problem = "no_place"
        return
    workers = [m for m in mentions if m.side == "worker"]
    clients = [m for m in mentions if m.side == "client"]
    unsided = [m for m in mentions if m.side is None]
    worker = workers[0] if workers else None
    client = clients[-1] if clients else None  # "moved from A to B, now in C": the last place they are in
    if worker is None and client is None and len(mentions) >= 2:
        first, second = mentions[0], mentions[1]
        between = {k for _, k in tokens[first.end : second.start]}
        if between & _ARROWS:
            worker, client = first, second
    elif worker is None and unsided:
        worker = next((m for m in unsided if m is not client), None)
    elif client is None and unsided:
        client = next((m for m in reversed(unsided) if m is not worker), None)
    if worker is not None and len(workers) > 1 and len({_code(m) for m in workers}) > 1:
        # "registered with SASW but I'm in Toronto": the registration is the worker's side
        regs = [m for m in workers if m.start in registered]
        if len({_code(m) for m in regs}) == 1:
            worker = regs[0]
        else:
            parsed.problem = "sides_unclear"
            return
    parsed.worker = worker.resolution if worker else None
    parsed.client = client.resolution if client else None
    if worker is None and client is None:
        parsed.problem = "sides_unclear" if len(mentions) >= 2 else "one_place"
    elif worker is None or client is None:
        parsed.problem = "one_place"
    if any(r is not None and r.match is None for r in (parsed.worker, parsed.client)):
        parsed.problem = "ambiguous"


def resolve_pair(index: JurisdictionIndex, worker: str, client: str) -> tuple[Resolution, Resolution]:
    """`check --from W --to C`: each side resolved with the other as context (the worker's side first)."""
    w = index.resolve(worker)
    c = index.resolve(client, context=w.match.code if w.match else None)
    if w.match is None and c.match is not None:
        w = redecide(w, c.match.code)
    return w, c


def _code(m: Mention) -> str:
    r = m.resolution
    return r.match.code if r.match else r.not_covered.code if r.not_covered else m.text


def describe_match(res: Resolution | None) -> Match | None:
    return res.match if res is not None else None
