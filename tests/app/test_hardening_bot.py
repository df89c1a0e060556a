"""The bot under attack, through the real discord.py client and the local fake Discord:

- permissions: every moderator command (and its autocomplete) tried by a non-moderator, by a moderator of
  another server, and in DMs — refused 100%, nothing changed, every attempt logged;
- imports: malformed YAML/JSON, wrong types, unknown fields, a 50 MB attachment, duplicate codes, a
  `javascript:` URL, path tricks in names, a YAML alias bomb — each refused with a clear message, nothing changed;
- the gateway connection dropped (with and without a close frame) and the session invalidated mid-session:
  the bot reconnects (RESUME, or IDENTIFY again) and answers again, including what was sent while it was away;
- PostgreSQL stopped while the bot runs: lookups keep answering from memory, moderator edits get a clear
  "temporarily unavailable" message (EN/FR) and change nothing; the bot recovers when the server returns.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.bot import Passerelle
from db.registry import Registry
from jurisdictions.loader import dump_jurisdiction
from tests.helpers.bot import bot_settings, zipped
from tests.helpers.fake_discord import (
    APP_ID,
    BASIC_PERMISSIONS,
    GUILD_ID,
    MANAGE_GUILD,
    MOD_ROLE_ID,
    MODERATOR,
    Actor,
    FakeDiscord,
    attachment_option,
    autocomplete,
    channel_option,
    guild_payload,
    message_event,
    modal_submit,
    running,
    slash,
)

OTHER_GUILD_ID = 200_000_000_000_000_002
OTHER_MOD_ROLE_ID = 500_000_000_000_000_002
REFUSED = {"Only moderators can do this.", "Seuls les modérateurs peuvent faire cela.",
           "This command works in a server only.", "Cette commande ne fonctionne que dans un serveur."}
UNAVAILABLE = {"en": "temporarily unavailable", "fr": "temporairement indisponible"}
NOT_MOD = Actor(user_id=460_000_000_000_000_001, name="member")
# a moderator (Manage Server and the "Moderators" role) of another server, here as a plain member with that
# server's role id in their roles
FOREIGN_MOD = Actor(user_id=461_000_000_000_000_001, name="mod-elsewhere", roles=[OTHER_MOD_ROLE_ID])
DM_USER = Actor(user_id=462_000_000_000_000_001, name="dm", guild_id=None, channel_id=310_000_000_000_000_777)
FR_MOD = Actor(user_id=463_000_000_000_000_001, name="modé", roles=[MOD_ROLE_ID], locale="fr")


settings = bot_settings  # other test modules import it from here


def record_figures(name: str, **figures: Any) -> None:
    out = os.environ.get("PASSERELLE_RELIABILITY_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **figures}) + "\n")


def other_guild() -> dict[str, Any]:
    guild = guild_payload(OTHER_GUILD_ID)
    guild["roles"][1] = dict(guild["roles"][1], id=str(OTHER_MOD_ROLE_ID), permissions=str(BASIC_PERMISSIONS | MANAGE_GUILD))
    for channel in guild["channels"]:
        channel["id"] = str(int(channel["id"]) + 10)
    return guild


async def state_of(reg: Registry) -> tuple[int, str]:
    """What must not change: the data version in the database and every document."""
    fresh = await Registry.open(reg.url, seed=False)
    try:
        docs = {c: dump_jurisdiction(j) for c, j in sorted(fresh.snapshot.jurisdictions.items())}
        return fresh.data_version, json.dumps(docs, sort_keys=True, default=str)
    finally:
        await fresh.close()


async def answer(fake: FakeDiscord, payload: dict[str, Any], timeout: float = 5.0) -> Any:
    """The bot's answer: the callback, or the follow-up of a deferred one."""
    start = fake.mark()
    cb = await fake.interact(payload, timeout)
    if cb.callback_type == 5:
        path = f"/webhooks/{APP_ID}/{payload['token']}"
        return await fake.wait_for(lambda r: r.method == "POST" and r.path == path, start=start)
    return cb


# ----- permissions ----------------------------------------------------------------------------------------------------
def moderator_payloads(fake: FakeDiscord, bot: Passerelle, who: Actor) -> list[dict[str, Any]]:
    """Every /entry subcommand with plausible options, and every autocomplete it has."""
    group = next(c for c in bot.tree.get_commands() if c.name == "entry")
    value, resolved = channel_option()
    attachment = fake.add_attachment("CA-NB.yaml", yaml.safe_dump(dump_jurisdiction(bot.snapshot.jurisdictions["CA-NB"])).encode())
    file_value, file_resolved = attachment_option(attachment)
    samples: dict[str, Any] = {"place": "NB", "field": "regulators.nbasw.website", "revision": 1, "source": "nbasw",
                               "days": 1, "channel": value, "file": file_value, "links": False}
    out = []
    for command in group.commands:  # type: ignore[attr-defined]
        params = {p.display_name if hasattr(p, "display_name") else p.name: p for p in command.parameters}
        opts = {name: samples[name] for name, p in params.items() if p.required or name in ("source",)}
        extra = {**(resolved if "channel" in opts else {}), **(file_resolved if "file" in opts else {})}
        out.append(slash(command.name, who, group="entry", resolved=extra or None, **opts))
        for name, p in params.items():
            if p.autocomplete:
                out.append(autocomplete(command.name, name, who, group="entry", **{**opts, name: samples.get(name, "")}))
    return out


async def test_moderator_commands_refused_to_everyone_else(store: Registry, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    before = await state_of(store)
    commands = completions = 0
    async with running(lambda: Passerelle(settings(moderation_guild_ids=[GUILD_ID]), registry=store),
                       guilds=[guild_payload(), other_guild()]) as (fake, bot):
        for who in (NOT_MOD, FOREIGN_MOD, DM_USER, Actor(user_id=464_000_000_000_000_001, locale="fr"),
                    Actor(user_id=465_000_000_000_000_001, guild_id=None, locale="fr", channel_id=310_000_000_000_000_778)):
            for payload in moderator_payloads(fake, bot, who):
                reply = await fake.interact(payload)
                if payload["type"] == 4:  # autocomplete: entry internals (fields, sources) are not shown
                    focused = next(o for o in payload["data"]["options"][0]["options"] if o.get("focused"))
                    if focused["name"] != "place":  # place names are public (the lookups list them too)
                        assert reply.json["data"]["choices"] == [], reply.json
                    completions += 1
                    continue
                assert reply.callback_type == 4 and reply.ephemeral, (payload["data"], reply.json)
                assert reply.content in REFUSED, reply.content
                assert reply.data["allowed_mentions"] == {"parse": []}
                commands += 1
    logged = [r for r in caplog.records if r.name == "passerelle" and ("refused" in r.getMessage() or "check failed" in r.getMessage())]
    assert len(logged) >= commands, (len(logged), commands)
    assert await state_of(store) == before
    record_figures("permissions", attempts=commands, refused=commands, autocomplete_probes=completions, logged=len(logged),
                   changed=0)


# ----- imports ----------------------------------------------------------------------------------------------------------
def nb_doc(bot: Passerelle) -> dict[str, Any]:
    return dump_jurisdiction(bot.snapshot.jurisdictions["CA-NB"])




def hostile_imports(bot: Passerelle) -> list[tuple[str, str, bytes, str]]:
    """(case, filename, content, a word the refusal must contain)."""
    doc = nb_doc(bot)
    dump = lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False).encode()  # noqa: E731
    wrong_type = json.loads(json.dumps(doc, default=str))
    wrong_type["minors"]["age_of_majority"]["value"] = "eighteen"
    unknown = json.loads(json.dumps(doc, default=str))
    unknown["backdoor"] = {"value": "x"}
    js = json.loads(json.dumps(doc, default=str))
    js["regulators"][0]["website"]["value"] = "javascript:alert(document.cookie)"
    js_source = json.loads(json.dumps(doc, default=str))
    next(iter(js_source["sources"].values()))["url"] = "javascript:alert(1)"
    traversal = json.loads(json.dumps(doc, default=str))
    traversal["code"] = "../../etc/passwd"
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},"
                                                    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
                                                    for i in range(8))
    return [
        ("malformed YAML", "CA-NB.yaml", b"code: CA-NB\nname: {en: [unclosed\n  - : :\n\t", "YAML"),
        ("malformed JSON", "CA-NB.yaml", b'{"code": "CA-NB", "name": {"en": "x",', "YAML"),
        ("a JSON file", "CA-NB.json", json.dumps(doc, default=str).encode(), ".yaml"),
        ("not UTF-8", "CA-NB.yaml", b"\xff\xfe\x00c\x00o", "UTF-8"),
        ("a list, not a document", "CA-NB.yaml", b"- 1\n- 2\n", "CA-NB"),
        ("wrong type", "CA-NB.yaml", dump(wrong_type), "age_of_majority"),
        ("unknown field", "CA-NB.yaml", dump(unknown), "backdoor"),
        ("javascript: website", "CA-NB.yaml", dump(js), "http"),
        ("javascript: source", "CA-NB.yaml", dump(js_source), "http"),
        ("path in the code", "CA-NB.yaml", dump(traversal), "code"),
        ("duplicate codes", "both.zip", zipped({"CA-NB.yaml": dump(doc), "dir/CA-NB.yaml": dump(doc)}), "CA-NB"),
        ("name and code differ", "x.zip", zipped({"CA-NB.yaml": dump(doc), "../../CA-NS.yaml": dump(doc)}), "CA-NB"),
        ("path tricks in the archive", "evil.zip", zipped({"../../../../tmp/evil.yaml": b"code: x\n"}), "evil.yaml"),
        ("not a zip", "data.zip", b"PK\x03\x04 this is not a zip", "zip"),
        ("empty zip", "data.zip", zipped({"readme.txt": b"hi"}), ".yaml"),
        ("alias bomb", "CA-NB.yaml", bomb.encode(), "CA-NB"),
        ("empty file", "CA-NB.yaml", b"", "CA-NB"),
    ]


async def test_hostile_imports_refused_whole(store: Registry) -> None:
    before = await state_of(store)
    refused = 0
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, bot):
        cases = hostile_imports(bot)
        for case, filename, content, word in cases:
            value, resolved = attachment_option(fake.add_attachment(filename, content))
            reply = await answer(fake, slash("import", MODERATOR, group="entry", resolved=resolved, file=value))
            text = reply.text()
            assert text.startswith("Import refused, nothing changed"), (case, text[:300])
            assert word.lower() in text.lower(), (case, word, text[:400])
            assert "Traceback" not in text and not reply.buttons(), case
            refused += 1
        # 50 MB: refused from its announced size, before anything is downloaded
        big = fake.add_attachment("CA-NB.yaml", b"#" * (50 * 1024 * 1024))
        value, resolved = attachment_option(big)
        start = fake.mark()
        reply = await answer(fake, slash("import", MODERATOR, group="entry", resolved=resolved, file=value))
        assert "too large" in reply.content and reply.ephemeral
        refused += 1
        # the export's file names are data-version-independent codes only (no path can come from the data)
        export = await answer(fake, slash("export", MODERATOR, group="entry"))
        (content,) = export.files.values()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert all(re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?\.yaml", n) for n in archive.namelist())
        assert not [r for r in fake.since(start) if r.path.startswith("/attachments/")]
    assert await state_of(store) == before
    record_figures("imports", hostile_files=len(cases) + 1, refused=refused, changed=0)


# ----- the gateway connection -------------------------------------------------------------------------------------------
async def test_gateway_drop_resume_and_reidentify() -> None:
    async with running(lambda: Passerelle(settings())) as (fake, _bot):
        question = {"from": "NB", "to": "Gatineau", "age": 15}
        assert (await fake.interact(slash("canserve", **question))).embeds
        identifies = fake.identifies
        for abrupt in (False, True, False):
            await fake.drop(abrupt=abrupt)
            payload = slash("canserve", **question)  # sent while the bot is away: replayed on RESUME
            await fake.dispatch("INTERACTION_CREATE", payload)
            await fake.wait_connected(15)
            path = f"/interactions/{payload['id']}/{payload['token']}/callback"
            reply = await fake.wait_for(lambda r, path=path: r.path == path, timeout=15)
            assert reply.json["data"]["embeds"], reply.json
            assert (await fake.interact(slash("canserve", **question))).embeds
        assert fake.resumes == 3 and fake.identifies == identifies
        await fake.invalidate_session()  # not resumable: the bot must IDENTIFY again
        await fake.wait_connected(15)
        assert fake.identifies == identifies + 1
        assert (await fake.interact(slash("regulator", place="Quebec"))).embeds
        start = fake.mark()
        await fake.dispatch("MESSAGE_CREATE", message_event("registered in NB, client in Gatineau"))
        await fake.wait_for(lambda r: r.path.startswith("/channels/"), start=start)
    record_figures("gateway", drops=3, resumes=3, reidentify=1, answered_after=True)


# ----- PostgreSQL stopped while the bot runs --------------------------------------------------------------------------------
@pytest.mark.postgres
async def test_postgres_stopped_then_back(data_dir: Path) -> None:
    from tests.helpers.pg_server import start_for_test

    server = start_for_test()
    options = (f"-c listen_addresses='' -c unix_socket_directories='{server.socket_dir}' -p {server.port} "
               "-c fsync=off -c max_connections=200")

    def pg_ctl(*args: str) -> None:
        server._run([str(server.bindir / "pg_ctl"), "-D", str(server.datadir), *args], timeout=60)

    try:
        url = await server.create_database("hardening")
        reg = await Registry.open(url, seed_dir=data_dir)
        try:
            async with running(lambda: Passerelle(settings(), registry=reg)) as (fake, _bot):
                forms = {}
                for who in (MODERATOR, FR_MOD):
                    forms[who.locale] = await fake.interact(slash("edit", who, group="entry", place="NB",
                                                                  field="regulators.nbasw.phone"))
                    assert forms[who.locale].callback_type == 9
                pg_ctl("-m", "fast", "-w", "stop")
                # lookups keep answering from the in-memory snapshot
                assert (await fake.interact(slash("canserve", **{"from": "NB", "to": "Gatineau"}))).embeds
                unavailable = 0
                for who, lang in ((MODERATOR, "en"), (FR_MOD, "fr")):
                    form = forms[who.locale]
                    submitted = modal_submit(form.data["custom_id"], {form.text_inputs()[0]["custom_id"]: "506-999-0000",
                                                                      "reason": "outage", "source_url": "https://x.example/s"}, who)
                    for payload in (submitted, slash("history", who, group="entry", place="NB"),
                                    slash("edit", who, group="entry", place="NB", field="regulators.nbasw.phone")):
                        reply = await answer(fake, payload, 15)
                        assert UNAVAILABLE[lang] in reply.content, (lang, reply.text()[:300])
                        assert reply.ephemeral and "Traceback" not in reply.text()
                        unavailable += 1
                pg_ctl("-l", str(server.root / "server.log"), "-o", options, "-w", "start")
                # back: the same moderator edits again (the pool reconnects)
                form = await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field="regulators.nbasw.phone"))
                assert form.callback_type == 9, form.json
                saved = await answer(fake, modal_submit(form.data["custom_id"], {
                    form.text_inputs()[0]["custom_id"]: "506-111-2222", "reason": "after the outage",
                    "source_url": "https://x.example/s"}, MODERATOR))
                assert saved.content.startswith("Saved"), saved.text()[:300]
                history = await reg.history("CA-NB")
                assert history and {r.reason for r in history} == {"after the outage"}  # nothing from the outage was written
        finally:
            await reg.close()
    finally:
        server.stop()
    record_figures("postgres_outage", unavailable_messages=unavailable, recovered=True)


# ----- 10 moderators, 100 concurrent edits through the bot ----------------------------------------------------------------
async def test_ten_moderators_hundred_concurrent_edits(store: Registry) -> None:
    """10 rounds: 10 moderators open the same form, then all submit at once. Exactly one edit per round is
    saved; each of the 9 others is told, in their own ephemeral reply, that someone else changed the entry."""
    import asyncio

    mods = [Actor(user_id=470_000_000_000_000_000 + i, name=f"mod{i}", roles=[MOD_ROLE_ID], locale="fr" if i % 3 == 0 else "en-US")
            for i in range(10)]
    field = "regulators.nbasw.phone"
    saved = conflicts = 0
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _bot):
        for round_ in range(10):
            forms = await asyncio.gather(*(fake.interact(slash("edit", m, group="entry", place="NB", field=field)) for m in mods))
            payloads = [modal_submit(f.data["custom_id"], {f.text_inputs()[0]["custom_id"]: f"506-{round_:03d}-{i:04d}",
                                                           "reason": f"r{round_} m{i}", "source_url": "https://x.example/s"}, m)
                        for i, (f, m) in enumerate(zip(forms, mods, strict=True))]
            replies = await asyncio.gather(*(answer(fake, p, 30) for p in payloads))
            winners = [i for i, r in enumerate(replies) if r.content.startswith(("Saved", "Enregistré"))]
            losers = [i for i, r in enumerate(replies) if r.content.startswith(("Someone else changed", "Quelqu'un d'autre"))]
            assert len(winners) == 1 and len(losers) == 9, [r.content[:80] for r in replies]
            assert all(replies[i].ephemeral and payloads[i]["token"] in replies[i].path for i in losers)
            current = (await store.get("CA-NB")).facts[field].value
            assert current == f"506-{round_:03d}-{winners[0]:04d}"  # the winner's value, nobody else's
            saved += 1
            conflicts += len(losers)
    history = await store.history("CA-NB", field)
    assert len(history) == 10  # 0 lost updates: one revision per saved edit, chained
    assert all(b.old_value == a.new_value for a, b in itertools.pairwise(history))
    record_figures("ten_moderators", edits=100, saved=saved, conflicts_reported=conflicts, lost_updates=0, database_locked=0)
