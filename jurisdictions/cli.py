"""The offline command line: ask, check, regulator, console. Same engine and answers as the bot.

Kept free of Discord and SQLAlchemy imports so that one question starts and answers quickly. Where answers are
read from is the entry point's choice (`main(argv, snapshot_loader=…)`: bot.py hands it `app.snapshots`, the
database or the files); without one, the bundled data files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from jurisdictions.lang import guess_lang
from jurisdictions.loader import DataError
from jurisdictions.render import regulator_card_json, regulator_card_text, verdict_json, verdict_text
from jurisdictions.resolver import Match
from jurisdictions.situation import stay_from
from jurisdictions.snapshot import Snapshot, SnapshotUnavailable, load_snapshot
from jurisdictions.textnorm import safe_echo
from jurisdictions.verdict import VerdictEngine

SnapshotLoader = Callable[[], Snapshot]

MESSAGES = {
    "no_match": {"en": "No jurisdiction matches {q!s}.", "fr": "Aucun territoire ne correspond à {q!s}."},
    "ambiguous": {"en": "{q!s} could be: {c}. Be more specific.", "fr": "{q!s} peut désigner : {c}. Précisez."},
    "did_you_mean": {"en": "Did you mean: {c}?", "fr": "Vouliez-vous dire : {c}?"},
}
CONSOLE_HELP = {
    "en": """Type a question, e.g. "registered in NB, client (15) in Gatineau by video".
  /check FROM | TO [| AGE]   verdict for two places (separate with |)
  /regulator PLACE           the regulator card of a place
  /crisis PLACE [| AGE]      emergency and crisis contacts where the client is
  /lang en|fr                answer language
  /help                      this help
  /quit                      leave (or Ctrl-D)""",
    "fr": """Tapez une question, p. ex. « inscrite au N.-B., cliente de 15 ans à Gatineau, par vidéo ».
  /check DE | VERS [| ÂGE]   verdict pour deux endroits (séparés par |)
  /regulator ENDROIT         la fiche de l'organisme d'un endroit
  /crisis ENDROIT [| ÂGE]    contacts d'urgence et de crise là où se trouve le client
  /lang en|fr                langue des réponses
  /help                      cette aide
  /quit                      quitter (ou Ctrl-D)""",
}


def age_arg(value: str) -> int:
    try:
        age = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"age must be a whole number, not {value!r}") from None
    if not 0 <= age <= 120:
        raise argparse.ArgumentTypeError(f"age must be between 0 and 120, not {age}")
    return age


SITUATION_CHOICES = ("visiting", "moving", "studying", "new", "existing")
MODALITY_CHOICES = ("video", "phone", "text", "in_person")


def days_arg(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"days must be a whole number, not {value!r}") from None
    if not 1 <= days <= 3660:
        raise argparse.ArgumentTypeError(f"days must be between 1 and 3660, not {days}")
    return days


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="Passerelle: may a social worker serve a client located elsewhere? Sourced answers, EN/FR.",
        epilog="Also: `bot.py` alone runs the Discord bot (or this console without DISCORD_TOKEN); "
               "`bot.py run`, `bot.py sync [--guild ID | --global]`, `bot.py db --help` for the database.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser, json_flag: bool = True) -> None:
        p.add_argument("--lang", choices=("en", "fr"), default=None,
                       help="answer language (default: the question's language for ask, else en)")
        if json_flag:
            p.add_argument("--json", action="store_true", help="print one JSON object instead of text")

    ask = sub.add_parser("ask", help="answer a free-text question (English or French)")
    ask.add_argument("question", help='e.g. "registered in NB, client moved to Montreal"')
    common(ask)
    check = sub.add_parser("check", help="verdict for a worker's and a client's jurisdiction")
    check.add_argument("--from", dest="worker", required=True, metavar="WORKER", help="where you are registered")
    check.add_argument("--to", dest="client", required=True, metavar="CLIENT", help="where the client is located")
    check.add_argument("--age", type=age_arg, default=None, help="the client's age (0-120)")
    check.add_argument("--days", type=days_arg, default=None, metavar="N",
                       help="how many days the client is there (or you practise there) in the year (1-3660)")
    check.add_argument("--situation", action="append", choices=SITUATION_CHOICES, default=None,
                       help="the client's situation (repeatable: e.g. --situation visiting --situation existing)")
    check.add_argument("--modality", choices=MODALITY_CHOICES, default=None, help="how you will see the client")
    common(check)
    reg = sub.add_parser("regulator", help="the regulator card of a place: contacts, rule, minors, sources")
    reg.add_argument("place", help="code, name, abbreviation or city")
    common(reg)
    crisis = sub.add_parser("crisis", help="emergency and crisis contacts where the client is (child protection first "
                                           "for a minor)")
    crisis.add_argument("place", help="code, name, abbreviation or city")
    crisis.add_argument("--age", type=age_arg, default=None, help="the client's age (0-120)")
    common(crisis)
    console = sub.add_parser("console", help="interactive prompt over the same engine")
    common(console, json_flag=False)
    data = sub.add_parser("data", help="data maintenance: check-links, validate")
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    links = data_sub.add_parser("check-links", help="check every source and regulator URL (HEAD, then GET)")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    links.add_argument("--concurrency", type=int, default=8, help="requests at once (default 8)")
    links.add_argument("--deadline", type=float, default=300.0, help="seconds for the whole run (default 300)")
    links.add_argument("--json", action="store_true", help="print one JSON object")
    watch = data_sub.add_parser("watch-sources", help="re-read every cited page; report those whose text changed "
                                                      "since last seen, with the facts that cite them")
    watch.add_argument("--state", default=None, metavar="PATH",
                       help="the fingerprints file (default: page-fingerprints.json in the cache directory)")
    watch.add_argument("--timeout", type=float, default=15.0, help="seconds per page (default 15)")
    watch.add_argument("--concurrency", type=int, default=8, help="pages at once (default 8)")
    watch.add_argument("--deadline", type=float, default=600.0, help="seconds for the whole run (default 600)")
    watch.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the notices")
    watch.add_argument("--json", action="store_true", help="print one JSON object")
    validate = data_sub.add_parser("validate", help="validate the data files and count unverified facts")
    validate.add_argument("--report", action="store_true",
                          help="per region: facts, unverified, sources by kind, minors coverage (last line JSON)")
    return parser


def emit(payload: dict[str, Any] | str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(str(payload).rstrip() + "\n")


def place_problem(engine: VerdictEngine, place: str, lang: str,
                  as_json: bool) -> tuple[Match | None, dict[str, Any] | str]:
    """The match for `place`, or the message (or JSON error) that says why there is none."""
    snap = engine.snapshot
    res = snap.index.resolve(place)
    q = safe_echo(place)
    if res.match is None and res.not_covered is not None:  # "Luxembourg": named, not covered, never mapped
        from jurisdictions.namesakes import not_covered_reason

        message = not_covered_reason(res.not_covered)[1 if lang == "fr" else 0]
        return None, ({"error": message, "suggestions": [], "not_covered": res.not_covered.matched} if as_json else message)
    if res.match is None:
        options = res.candidates or res.suggestions
        names = [f"{m.matched} ({snap.jurisdictions[m.code].name.get(lang)})" for m in options]
        key = "ambiguous" if res.candidates else "no_match"
        message = MESSAGES[key][lang].format(q=q, c=", ".join(names))
        if res.suggestions:
            message += " " + MESSAGES["did_you_mean"][lang].format(c=", ".join(names))
        payload: dict[str, Any] = {"error": message, "suggestions": names}
        return None, (payload if as_json else message)
    return res.match, ""


def regulator_answer(engine: VerdictEngine, place: str, lang: str, as_json: bool) -> tuple[dict[str, Any] | str, int]:
    snap = engine.snapshot
    match, problem = place_problem(engine, place, lang, as_json)
    if match is None:
        return problem, 1
    jur = snap.jurisdictions[match.code]
    disclaimer = snap.guidance.disclaimer
    if as_json:
        card = regulator_card_json(jur, lang, disclaimer)
        card["matched"] = {"matched": match.matched, "score": match.score}
        return card, 0
    return regulator_card_text(jur, lang, disclaimer), 0


def crisis_answer(engine: VerdictEngine, place: str, age: int | None, lang: str,
                  as_json: bool) -> tuple[dict[str, Any] | str, int]:
    """`bot.py crisis PLACE`: the same contacts an answer gives for a client there."""
    from jurisdictions.crisis import client_in
    from jurisdictions.render_crisis import crisis_json, crisis_text

    match, problem = place_problem(engine, place, lang, as_json)
    if match is None:
        return problem, 1
    jur = engine.snapshot.jurisdictions[match.code]
    card = engine.crisis(jur, client_in(jur, age))
    if as_json:
        payload = crisis_json(card, lang) or {}
        return payload | {"disclaimer": engine.snapshot.guidance.disclaimer.get(lang)}, 0
    return crisis_text(card, lang) + "\n\n" + engine.snapshot.guidance.disclaimer.get(lang), 0


def places_and_age(rest: str, places: int, usage: str) -> tuple[list[str], int | None] | str:
    """A console command's `A | B [| AGE]` arguments: `places` places then an optional age, or the message to print."""
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) not in (places, places + 1) or not all(parts):
        return usage
    try:
        age = age_arg(parts[places]) if len(parts) > places else None
    except argparse.ArgumentTypeError as exc:
        return str(exc)
    return parts[:places], age


def run_console(engine: VerdictEngine, lang: str | None, read: Callable[[str], str] = input) -> int:
    """`lang` None: each question is answered in its own language (commands in the last one used)."""
    fixed = lang
    lang = lang or "en"
    print(CONSOLE_HELP[lang])
    while True:
        try:
            line = read("passerelle> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line:
            continue
        if line in ("/quit", "/exit", "/q"):
            return 0
        if line == "/help":
            print(CONSOLE_HELP[lang])
        elif line.startswith("/lang"):
            choice = line.split(maxsplit=1)[1].strip() if " " in line else ""
            if choice in ("en", "fr"):
                lang = fixed = choice
                print("Language: English" if lang == "en" else "Langue : français")
            else:
                print("Usage: /lang en|fr")
        elif line.startswith("/regulator"):
            place = line[len("/regulator"):].strip()
            if not place:
                print("Usage: /regulator PLACE")
                continue
            out, _ = regulator_answer(engine, place, lang, as_json=False)
            print(out)
        elif line.startswith("/crisis"):
            args = places_and_age(line[len("/crisis"):], 1, "Usage: /crisis PLACE [| AGE]")
            if isinstance(args, str):
                print(args)
                continue
            (place,), age = args
            print(crisis_answer(engine, place, age, lang, as_json=False)[0])
        elif line.startswith("/check"):
            args = places_and_age(line[len("/check"):], 2, "Usage: /check FROM | TO [| AGE]")
            if isinstance(args, str):
                print(args)
                continue
            (worker, client), age = args
            print(verdict_text(engine.check(worker, client, age), lang))
        elif line.startswith("/"):
            print(CONSOLE_HELP[lang])
        else:
            lang = fixed or guess_lang(line)
            print(verdict_text(engine.answer(line), lang))
        print()


def run_data_command(args: argparse.Namespace, engine: VerdictEngine) -> int:
    if args.data_command == "validate":
        from jurisdictions.validate import main as validate_main

        return validate_main(["--report"] if args.report else [])
    import asyncio

    if args.data_command == "watch-sources":
        return run_watch_sources(args, engine)
    from jurisdictions.linkcheck import check_links, collect_links

    links = collect_links(engine.snapshot.jurisdictions.values())
    if not args.json:
        print(f"Checking {len(links)} links (timeout {args.timeout:g} s, {args.concurrency} at once)…", flush=True)
    report = asyncio.run(check_links(links, args.timeout, max(1, args.concurrency), args.deadline))
    if args.json:
        emit({"seconds": round(report.seconds, 2), "counts": report.counts(),
              "problems": [{"url": r.url, "outcome": r.outcome, "status": r.status, "final_url": r.final_url,
                            "detail": r.detail, "used_by": list(r.used_by)} for r in report.problems()]}, True)
    else:
        for r in report.problems():
            print(f"{r.outcome.upper():8} {r.url}\n         {r.detail}; used by {', '.join(r.used_by[:3])}")
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(report.counts().items()))
        print(f"{len(report.results)} links in {report.seconds:.1f} s — {counts}")
    return 0 if not report.problems() else 1


def run_watch_sources(args: argparse.Namespace, engine: VerdictEngine) -> int:
    """Exit 1 when a cited page changed (a moderator should re-read it), else 0."""
    import asyncio
    from pathlib import Path

    from jurisdictions import pagewatch

    cited = pagewatch.citations(engine.snapshot.jurisdictions.values())
    path = Path(args.state) if args.state else pagewatch.state_path()
    state = pagewatch.load_state(path)
    if not args.json:
        print(f"Reading {len(cited)} cited pages ({args.concurrency} at once)…", flush=True)
    report = asyncio.run(pagewatch.watch_pages(cited, state, args.timeout, args.concurrency, args.deadline))
    try:
        pagewatch.save_state(path, state)
    except OSError as exc:
        print(f"error: cannot save the fingerprints to {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.json:
        emit(pagewatch.report_json(report), True)
    else:
        for r in report.changed():
            print(f"CHANGED  {pagewatch.notice(r, args.lang)}\n         {r.citation.url}")
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(report.counts().items()))
        print(f"{len(report.results)} pages in {report.seconds:.1f} s — {counts}")
    return 1 if report.changed() else 0


def main(argv: Sequence[str] | None = None, snapshot_loader: SnapshotLoader | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        engine = VerdictEngine((snapshot_loader or load_snapshot)())
    except SnapshotUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DataError as exc:
        print(f"error: the jurisdiction data did not load:\n{exc}", file=sys.stderr)
        return 1
    if args.command == "data":
        return run_data_command(args, engine)
    if args.command == "console":
        return run_console(engine, args.lang)
    if args.lang is None:  # a French question is answered in French unless --lang says otherwise
        args.lang = guess_lang(args.question) if args.command == "ask" else "en"
    if args.command == "ask":
        verdict = engine.answer(args.question)
    elif args.command == "check":
        verdict = engine.check(args.worker, args.client, args.age, args.modality,
                               stay_from(args.situation, args.days))
    elif args.command == "regulator":
        out, status = regulator_answer(engine, args.place, args.lang, args.json)
        emit(out, args.json)
        return status
    elif args.command == "crisis":
        out, status = crisis_answer(engine, args.place, args.age, args.lang, args.json)
        emit(out, args.json)
        return status
    else:
        return run_console(engine, args.lang)
    emit(verdict_json(verdict, args.lang) if args.json else verdict_text(verdict, args.lang), args.json)
    return 0
