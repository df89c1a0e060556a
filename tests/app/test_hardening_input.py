"""Hostile input through the real discord.py client and the local fake gateway.

A seeded generator builds 1,200+ cases — slash-command options (EN/FR, guild and DM), autocomplete with
empty and absurd values, mentions and DMs of up to 10,000 characters, zero-width and right-to-left
characters, markdown and code fences, @everyone/@here/role/user mentions, URLs, SQL- and template-looking
text, ages out of range, and moderator commands and edit forms filled with the same — and sends them, many
at a time, to one running bot (with its SQLite registry). Every request the bot makes is then checked:

- 0 crashes: no ERROR log record, no generic "something went wrong" reply, every interaction answered;
- 0 tracebacks shown: no "Traceback (most recent call last)" or `File "…"` in anything a user reads;
- 0 pings: every message-bearing request has `allowed_mentions` with `parse: []` and no user/role list;
- every embed within Discord's limits (title 256, description 4,096, field name 256 / value 1,024,
  footer 2,048, author 256, 6,000 in all, ≤ 25 fields, ≤ 10 embeds), content ≤ 2,000, choices ≤ 25.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
from typing import Any

import pytest

from app.bot import Passerelle
from db.registry import Registry
from settings import Settings
from tests.helpers.bot import bot_settings
from tests.helpers.fake_discord import (
    BOT_USER_ID,
    CHANNEL_ID,
    GUILD_ID,
    MOD_ROLE_ID,
    Actor,
    FakeDiscord,
    Request,
    autocomplete,
    message_event,
    modal_submit,
    running,
    slash,
)

SEED = int(os.environ.get("PASSERELLE_HARDENING_SEED", "20261128"))
N_CASES = int(os.environ.get("PASSERELLE_HARDENING_CASES", "1200"))
BATCH = 24
TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/', "File \"<")
GENERIC_ERROR = ("Something went wrong on our side", "Un problème est survenu de notre côté")

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
RTL = ["\u202e", "\u202b", "\u200f", "\u2067", "مرحبا بالعالم", "שלום", "\u202egnp.exe", "كيبيك"]
MARKDOWN = ["**bold**", "__under__", "~~strike~~", "||spoiler||", "> quote\n> more", "# Heading", "-# small",
            "`code`", "```py\nprint('x')\n```", "```", "``` ```", "\\*escaped\\*", "[link](https://evil.example)",
            "* list\n* items", "1. one\n2. two", "~~~", "|| ||"]
MENTIONS = ["@everyone", "@here", f"<@{BOT_USER_ID}>", "<@!400000000000000001>", f"<@&{MOD_ROLE_ID}>",
            f"<@&{GUILD_ID}>", f"<#{CHANNEL_ID}>", "<@123>", "<:emoji:123456789012345678>", "</canserve:1>",
            "@\u200beveryone", "＠everyone", "@everyone@here"]
URLS = ["https://evil.example/?q=<script>alert(1)</script>", "javascript:alert(1)", "discord.gg/invite",
        "http://127.0.0.1:22/", "file:///etc/passwd", "data:text/html,<b>x</b>", "https://" + "a" * 300 + ".com",
        "<https://suppressed.example>", "ftp://x", "//evil.example"]
SQL_TEMPLATE = ["'; DROP TABLE facts; --", "1 OR 1=1", "\" UNION SELECT * FROM revisions --", "{q}", "{0}",
                "{{7*7}}", "${jndi:ldap://x/a}", "%s%s%s%n", "{__class__.__init__.__globals__}", "<%= 7*7 %>",
                "{% raw %}", "\x00", "\\x00\\n", "NULL", "None", "undefined", "NaN", "\r\n\r\n", "\t"]
PLACES = ["NB", "Gatineau", "Québec", "Quebec", "ON", "New York", "France", "Ireland", "CA-QC", "US-NY", "Toronto",
          "Nouveau-Brunswick", "BC", "California", "Wales", "NSW", "Genève", "Bruxelles"]
QUESTION_BITS = ["I'm registered in", "client in", "by video", "15 year old", "je suis inscrite au",
                 "cliente de 15 ans", "à", "may I serve", "age -3", "age 999", "aged 10000000000000000000"]
AGES = [None, None, 0, 15, 17, 120, -1, 121, 999, 2**31, 2**53 + 1, -(2**63), 10**18]
AGE_REFUSALS = {"The age must be between 0 and 120.", "L'âge doit être compris entre 0 et 120."}


def settings() -> Settings:
    return bot_settings(question_rate=100_000, question_per_seconds=1.0)


def random_unicode(rng: random.Random, n: int) -> str:
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF), (0x900, 0x97F),
              (0x2000, 0x206F), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0xFE00, 0xFE0F), (0x1F300, 0x1F6FF),
              (0x1D400, 0x1D4FF), (0xE0000, 0xE007F), (0x0, 0x1F)]
    out = []
    for _ in range(n):
        lo, hi = rng.choice(ranges)
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def hostile_text(rng: random.Random, *, max_len: int = 200) -> str:
    """A string mixing the families above; sometimes huge, sometimes empty."""
    roll = rng.random()
    if roll < 0.04:
        return ""
    if roll < 0.08:
        return " " * rng.randint(1, 5) + rng.choice(ZERO_WIDTH) * rng.randint(1, 50)
    if roll < 0.14:  # huge: up to 10,000 characters
        unit = rng.choice([*MARKDOWN, *MENTIONS, *ZERO_WIDTH, *RTL, "a", "é", "🇨🇦", "```"])
        return (unit * (10_000 // max(len(unit), 1) + 1))[:rng.choice([2_001, 4_097, 6_001, 10_000])]
    parts = []
    for _ in range(rng.randint(1, 6)):
        family = rng.choice([ZERO_WIDTH, RTL, MARKDOWN, MENTIONS, URLS, SQL_TEMPLATE, PLACES, QUESTION_BITS, None])
        parts.append(random_unicode(rng, rng.randint(1, 30)) if family is None else rng.choice(family))
    text = rng.choice([" ", "", "\n", rng.choice(ZERO_WIDTH)]).join(parts)
    return text[:max_len] if rng.random() < 0.7 else text


def place_text(rng: random.Random) -> str:
    """Mostly hostile, sometimes a real place (so the verdict path is exercised too), sometimes decorated."""
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(PLACES)
    if roll < 0.45:
        return rng.choice(ZERO_WIDTH) + rng.choice(PLACES) + rng.choice(RTL[:4]) + rng.choice(MENTIONS)
    return hostile_text(rng)


def actor(rng: random.Random, *, moderator: bool = False, dm: bool | None = None) -> Actor:
    dm = rng.random() < 0.15 if dm is None else dm
    locale = rng.choice(["en-US", "en-GB", "fr", "fr", "de", "ja", ""])
    uid = 450_000_000_000_000_000 + rng.randint(0, 10**6)
    name = clip_name(hostile_text(rng, max_len=32)) or "x"
    if dm:
        return Actor(user_id=uid, name=name, locale=locale, guild_id=None, channel_id=310_000_000_000_000_000 + rng.randint(0, 999))
    return Actor(user_id=uid, name=name, locale=locale, roles=[MOD_ROLE_ID] if moderator else [])


def clip_name(text: str) -> str:
    return text[:32]


def build_cases(rng: random.Random, n: int) -> list[tuple[str, dict[str, Any]]]:
    """(kind, payload); kind says how the bot answers: callback / deferred / message / modal."""
    cases: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        kind = i % 12
        a = actor(rng)
        if kind in (0, 1):
            opts: dict[str, Any] = {"from": place_text(rng), "to": place_text(rng)}
            age = rng.choice(AGES)
            if age is not None:
                opts["age"] = age
            if rng.random() < 0.3:
                opts["private"] = rng.random() < 0.5
            cases.append(("callback", slash("canserve", a, **opts)))
        elif kind == 2:
            cases.append(("callback", slash(rng.choice(["regulator", "minors"]), a, place=place_text(rng))))
        elif kind == 3:
            command, option = rng.choice([("canserve", "from"), ("canserve", "to"), ("regulator", "place"),
                                          ("minors", "place")])
            focused = rng.choice(["", " ", "\u200b", hostile_text(rng), hostile_text(rng, max_len=10_000), "q" * 6000])
            opts = {"from": place_text(rng), "to": focused} if option == "to" else {option: focused}
            if command == "canserve" and option == "from":
                opts["to"] = place_text(rng)
            cases.append(("callback", autocomplete(command, option, a, **opts)))
        elif kind in (4, 5, 6):
            text = hostile_text(rng, max_len=10_000) if kind != 6 else " ".join(
                [rng.choice(QUESTION_BITS), rng.choice(PLACES), rng.choice(QUESTION_BITS), rng.choice(PLACES),
                 hostile_text(rng, max_len=400)])
            if rng.random() < 0.1:
                text = (text * 50)[:10_000] or "@everyone " * 1000
            cases.append(("message", message_event(text, a)))
        elif kind == 7:
            cases.append(("callback", slash("jurisdictions", a)))
        elif kind == 8:  # moderators: lookups of entries with hostile place / field
            mod = actor(rng, moderator=True, dm=False)
            command = rng.choice(["history", "verify", "edit", "watch-ac", "field-ac", "source-ac"])
            if command == "edit":
                cases.append(("edit", slash("edit", mod, group="entry", place=place_text(rng),
                                            field=rng.choice(["regulators.nbasw.website", hostile_text(rng)]))))
            elif command.endswith("-ac"):
                option = {"watch-ac": "place", "field-ac": "field", "source-ac": "source"}[command]
                sub = {"watch-ac": "history", "field-ac": "edit", "source-ac": "verify"}[command]
                opts = {"place": place_text(rng)}
                if option != "place":
                    opts[option] = rng.choice(["", hostile_text(rng), hostile_text(rng, max_len=10_000)])
                cases.append(("callback", autocomplete(sub, option, mod, group="entry", **opts)))
            elif command == "verify":
                cases.append(("deferred-or-callback", slash("verify", mod, group="entry", place=place_text(rng),
                                                            source=hostile_text(rng))))
            else:
                cases.append(("deferred-or-callback", slash("history", mod, group="entry", place=place_text(rng))))
        elif kind == 9:  # non-moderators and DMs trying moderator commands with hostile options
            cases.append(("callback", slash(rng.choice(["history", "edit", "export", "stale"]), a, group="entry",
                                            place=place_text(rng), field=hostile_text(rng))))
        elif kind == 10:  # the edit form submitted with hostile values
            cases.append(("modal", {"actor": actor(rng, moderator=True, dm=False),
                                    "value": rng.choice([hostile_text(rng), hostile_text(rng, max_len=4000),
                                                         "https://ok.example/" + hostile_text(rng, max_len=40)]),
                                    "reason": hostile_text(rng, max_len=300) or "r",
                                    "source_url": rng.choice(["https://src.example/x", *URLS, hostile_text(rng)])}))
        else:  # free text in French / in a DM, or a button nobody owns
            cases.append(("message", message_event(hostile_text(rng, max_len=2000) + " cliente de 15 ans au Québec",
                                                   actor(rng, dm=True))))
    return cases


# ----- checks ---------------------------------------------------------------------------------------------------
def embed_problems(embed: dict[str, Any]) -> list[str]:
    out = []
    title, description = embed.get("title") or "", embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    fields = embed.get("fields") or []
    limits = [("title", title, 256), ("description", description, 4096), ("footer", footer, 2048), ("author", author, 256)]
    out += [f"{name} {len(text)} > {limit}" for name, text, limit in limits if len(text) > limit]
    if len(fields) > 25:
        out.append(f"{len(fields)} fields")
    for f in fields:
        if not f.get("name") or len(f["name"]) > 256:
            out.append(f"field name {len(f.get('name') or '')}")
        if not f.get("value") or len(f["value"]) > 1024:
            out.append(f"field value {len(f.get('value') or '')}")
    total = len(title) + len(description) + len(footer) + len(author) + sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
    if total > 6000:
        out.append(f"total {total}")
    return out


def message_body(req: Request) -> dict[str, Any] | None:
    """The message a request sends or edits (None for requests that carry no message)."""
    if req.method not in ("POST", "PATCH") or not isinstance(req.json, dict):
        return None
    if req.path.endswith("/callback"):
        return req.json.get("data") if req.callback_type in (4, 7) else None
    if req.path.startswith(("/webhooks/", "/channels/")):
        return req.json
    return None


def audit(requests: list[Request]) -> dict[str, Any]:
    """Every problem in what the bot sent, by kind."""
    problems: dict[str, list[str]] = {"pings": [], "embeds": [], "tracebacks": [], "generic_errors": [], "choices": [],
                                      "content": [], "modals": []}
    messages = 0
    for req in requests:
        if req.callback_type == 8:  # autocomplete result
            choices = (req.json.get("data") or {}).get("choices") or []
            if len(choices) > 25 or any(not 1 <= len(c["name"]) <= 100 or len(str(c["value"])) > 100 for c in choices):
                problems["choices"].append(f"{req.path}: {len(choices)} choices")
            continue
        if req.callback_type == 9:
            data = req.json.get("data") or {}
            if not 1 <= len(data.get("title") or "") <= 45 or len(data.get("components") or []) > 5:
                problems["modals"].append(json.dumps(data)[:200])
            continue
        body = message_body(req)
        if body is None:
            continue
        messages += 1
        mentions = body.get("allowed_mentions")
        if not isinstance(mentions, dict) or mentions.get("parse") != [] or mentions.get("users") or mentions.get("roles") \
                or mentions.get("replied_user"):
            problems["pings"].append(f"{req.method} {req.path}: allowed_mentions={mentions!r}")
        embeds = body.get("embeds") or []
        if len(embeds) > 10:
            problems["embeds"].append(f"{len(embeds)} embeds")
        for e in embeds:
            problems["embeds"] += embed_problems(e)
        if len(body.get("content") or "") > 2000:
            problems["content"].append(f"content {len(body['content'])}")
        text = Request(req.method, req.path, {}, {"data": body, "type": 4}).text()
        if any(marker in text for marker in TRACEBACK_MARKERS):
            problems["tracebacks"].append(text[:300])
        if any(marker in text for marker in GENERIC_ERROR):
            problems["generic_errors"].append(text[:300])
    return {"messages": messages, **problems}


class Errors(logging.Handler):
    """Collects ERROR records (unhandled exceptions in commands, listeners, views) while a test runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def record_figures(name: str, **figures: Any) -> None:
    """Append figures for benchmarks/report_reliability.py (when it runs the tests)."""
    out = os.environ.get("PASSERELLE_RELIABILITY_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **figures}) + "\n")


# ----- the run ------------------------------------------------------------------------------------------------------
async def run_case(fake: FakeDiscord, kind: str, payload: dict[str, Any]) -> Request | str:
    """Send one case and wait for the bot's answer; returns what happened."""
    if kind == "message":
        start = fake.mark()
        await fake.dispatch("MESSAGE_CREATE", payload)
        msg_id = payload["id"]
        await fake.wait_for(lambda r: r.method == "POST" and r.path.startswith("/channels/") and isinstance(r.json, dict)
                            and str((r.json.get("message_reference") or {}).get("message_id")) == msg_id, start=start, timeout=20)
        return "answered"
    if kind == "modal":  # a moderator opens the edit form, then submits it filled with hostile values
        who = payload["actor"]
        opened = await fake.interact(slash("edit", who, group="entry", place="NB", field="regulators.nbasw.phone"), timeout=20)
        assert opened.callback_type == 9, opened.json
        keys = [c["custom_id"] for c in opened.text_inputs()]
        values = {key: payload["value"] for key in keys if key.startswith("value")}
        values.update(reason=payload["reason"], source_url=payload["source_url"])
        form = modal_submit(opened.data["custom_id"], values, who)
        start = fake.mark()
        cb = await fake.interact(form, timeout=20)
        if cb.callback_type == 5:
            await fake.wait_for(lambda r: r.method == "POST" and r.path.startswith("/webhooks/")
                                and form["token"] in r.path, start=start, timeout=20)
        return "answered"
    start = fake.mark()
    cb = await fake.interact(payload, timeout=20)
    if cb.callback_type == 5:  # deferred: the answer is the follow-up
        return await fake.wait_for(lambda r: r.method == "POST" and r.path.startswith("/webhooks/")
                                   and payload["token"] in r.path, start=start, timeout=20)
    return cb


def age_of(payload: dict[str, Any]) -> int | None:
    data = payload.get("data") or {}
    if payload.get("type") != 2 or data.get("name") != "canserve":
        return None
    return next((o["value"] for o in data.get("options", []) if o["name"] == "age"), None)


@pytest.mark.slow
async def test_hostile_input_through_the_real_client(tmp_path):
    rng = random.Random(SEED)
    cases = build_cases(rng, N_CASES)
    errors = Errors()
    logging.getLogger().addHandler(errors)
    store = await Registry.open(f"sqlite+aiosqlite:///{tmp_path / 'passerelle.db'}")
    try:
        async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _bot):
            outcomes: list[Any] = []
            for i in range(0, len(cases), BATCH):
                batch = cases[i:i + BATCH]
                outcomes += await asyncio.gather(*(run_case(fake, kind, payload) for kind, payload in batch),
                                                 return_exceptions=True)
            # the bot still answers a plain question after all that
            final = await fake.interact(slash("canserve", Actor(), **{"from": "NB", "to": "Gatineau", "age": 15}))
            assert final.embeds and final.embeds[0]["title"]
            report = audit(fake.requests)
            unanswered = [repr(o)[:300] for o in outcomes if isinstance(o, BaseException)]
            out_of_range = [(p, o) for (_, p), o in zip(cases, outcomes, strict=True)
                            if (age := age_of(p)) is not None and not 0 <= age <= 120]
            wrong_age_answers = [o.text()[:200] for _, o in out_of_range
                                 if not isinstance(o, Request) or o.content not in AGE_REFUSALS or not o.ephemeral]
    finally:
        logging.getLogger().removeHandler(errors)
        await store.close()
    crashes = [f"{r.name}: {r.getMessage()[:200]}" for r in errors.records]
    record_figures("hostile_input", cases=len(cases), messages_checked=report["messages"], crashes=len(crashes) + len(unanswered),
                   tracebacks_shown=len(report["tracebacks"]), generic_errors=len(report["generic_errors"]),
                   pings=len(report["pings"]), embed_limit_violations=len(report["embeds"]) + len(report["content"]),
                   bad_choices=len(report["choices"]), out_of_range_ages_refused=len(out_of_range) - len(wrong_age_answers))
    assert len(cases) >= 1_000
    assert out_of_range and not wrong_age_answers, wrong_age_answers[:5]
    assert not unanswered, unanswered[:5]
    assert not crashes, crashes[:5]
    for key in ("pings", "embeds", "tracebacks", "generic_errors", "choices", "content", "modals"):
        assert not report[key], (key, report[key][:5])
    assert report["messages"] >= 900
