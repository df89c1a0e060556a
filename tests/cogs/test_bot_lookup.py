"""End-to-end: the real discord.py client against the local fake Discord — lookups for everyone."""

from __future__ import annotations

import logging
import re
import time
from functools import lru_cache

import pytest

from app.bot import Passerelle
from app.embeds import TOTAL_MAX
from jurisdictions.render import VERDICT_TITLES
from jurisdictions.schema import Fact, Text
from jurisdictions.snapshot import Snapshot, load_snapshot
from settings import Settings
from tests.helpers.bot import bot_settings
from tests.helpers.fake_discord import (
    APP_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    FRENCH,
    GUILD_ID,
    MEMBER,
    Actor,
    FakeDiscord,
    autocomplete,
    button,
    message_event,
    running,
    slash,
    start_client,
    stop_client,
)

NO_MENTIONS = {"parse": []}
OTHER = Actor(user_id=411_000_000_000_000_001, name="other")
DM_USER = Actor(user_id=412_000_000_000_000_001, name="dm-user", guild_id=None, channel_id=310_000_000_000_000_001)


@lru_cache(maxsize=1)
def real_snapshot() -> Snapshot:
    return load_snapshot()


def settings(**overrides: object) -> Settings:
    return bot_settings(**({"question_rate": 2, "question_per_seconds": 60.0} | overrides))


@pytest.fixture
async def env():
    async with running(lambda: Passerelle(settings(), snapshot=real_snapshot())) as pair:
        yield pair


def check_embed_limits(embed: dict) -> None:
    assert len(embed.get("title", "")) <= 256
    assert len(embed.get("description", "")) <= 4096
    assert len(embed.get("fields", [])) <= 25
    for f in embed.get("fields", []):
        assert 0 < len(f["name"]) <= 256 and 0 < len(f["value"]) <= 1024
    total = len(embed.get("title", "")) + len(embed.get("description", "")) + len((embed.get("footer") or {}).get("text", ""))
    total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    assert total <= TOTAL_MAX


# ----- start-up ------------------------------------------------------------------------------------------------
async def test_start_identifies_and_does_not_sync_commands(env):
    fake, bot = env
    assert bot.user is not None and bot.user.id == BOT_USER_ID
    assert bot.application_id == APP_ID
    intents = fake.identify["intents"]
    assert intents & 1  # guilds
    assert not intents & (1 << 15)  # no privileged message-content intent by default
    paths = [r.path for r in fake.requests]
    assert "/users/@me" in paths and "/oauth2/applications/@me" in paths
    assert not any(r.method == "PUT" for r in fake.requests)  # sync is explicit, never on start
    assert bot.get_guild(GUILD_ID) is not None


# ----- autocomplete ------------------------------------------------------------------------------------------
async def test_autocomplete_places_typos_and_limits(env):
    fake, _ = env
    started = time.perf_counter()
    cb = await fake.interact(autocomplete("canserve", "from", **{"from": "monc", "to": ""}))
    elapsed = time.perf_counter() - started
    assert cb.callback_type == 8
    choices = cb.json["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert choices[0]["value"] == "CA-NB" and "Moncton" in choices[0]["name"]
    assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert len({c["value"] for c in choices}) == len(choices)  # one choice per jurisdiction
    assert elapsed < 1.0  # well inside Discord's 3-second limit

    typo = await fake.interact(autocomplete("canserve", "to", **{"from": "CA-NB", "to": "Gatinau"}))
    assert "CA-QC" in [c["value"] for c in typo.json["data"]["choices"]]

    empty = await fake.interact(autocomplete("regulator", "place", place=""))
    assert len(empty.json["data"]["choices"]) == 25


async def test_autocomplete_in_french(env):
    fake, _ = env
    cb = await fake.interact(autocomplete("minors", "place", FRENCH, place="nouveau"))
    names = [c["name"] for c in cb.json["data"]["choices"]]
    assert any("Nouveau-Brunswick (CA-NB)" in n for n in names)


# ----- /canserve ---------------------------------------------------------------------------------------------
async def test_canserve_verdict_embed_and_link_buttons(env):
    fake, _ = env
    cb = await fake.interact(slash("canserve", **{"from": "CA-NB", "to": "Gatineau", "age": 15}))
    assert cb.callback_type == 4 and not cb.ephemeral
    assert cb.data["allowed_mentions"] == NO_MENTIONS
    (embed,) = cb.embeds
    check_embed_limits(embed)
    assert embed["title"] in {t.en for t in VERDICT_TITLES.values()}
    assert "color" in embed
    names = [f["name"] for f in embed["fields"]]
    assert "Client's regulator" in names and "Sources" in names
    assert any(n.startswith("Minor client") for n in names)  # age 15 < majority
    assert "Quebec" in embed["description"]
    assert re.search(r"verified \d{4}-\d\d-\d\d", cb.text())
    assert embed["footer"]["text"].startswith("Not legal advice")
    links = [b for b in cb.buttons() if "url" in b]
    assert links and all(b["style"] == 5 and b["url"].startswith("http") for b in links)
    (report,) = [b for b in cb.buttons() if "url" not in b]  # issue 15: "Report a problem", on the deciding fact
    assert report["label"] == "Report a problem" and report["custom_id"].startswith("rp:v:CA-QC:rule.")


async def test_canserve_resolves_each_place_once(env, monkeypatch):
    """The places are resolved once (as a pair, each with the other as context): the reply that explains a miss
    and the verdict both use that resolution."""
    from jurisdictions.resolver import JurisdictionIndex

    fake, _ = env
    calls: list[str] = []
    real = JurisdictionIndex.resolve

    def counting(self, text, *args, **kwargs):
        calls.append(text)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(JurisdictionIndex, "resolve", counting)
    cb = await fake.interact(slash("canserve", **{"from": "NB", "to": "Gatineau", "age": 15}))
    assert cb.callback_type == 4 and cb.embeds
    assert sorted(calls) == ["Gatineau", "NB"], calls
    calls.clear()
    cb = await fake.interact(slash("canserve", **{"from": "NB", "to": "Nowhereville"}))
    assert cb.ephemeral and sorted(calls) == ["NB", "Nowhereville"], calls


async def test_canserve_situation_days_and_modality_choose_the_route(env):
    """Ohio → Newfoundland and Labrador is barred; Alberta → Manitoba by video uses ESWP; Wales → Northern
    Ireland depends on the length of the stay, and 2 days settle it (NISCC: ≤ 3 days in a row)."""
    fake, _ = env
    barred = await fake.interact(slash("canserve", **{"from": "US-OH", "to": "CA-NL", "modality": "video"}))
    assert barred.embeds[0]["title"] == VERDICT_TITLES["not_permitted"].en
    video = await fake.interact(slash("canserve", **{"from": "CA-AB", "to": "CA-MB", "modality": "video"}))
    assert video.embeds[0]["title"] == VERDICT_TITLES["conditional"].en and "ESWP" in video.text()
    open_ = await fake.interact(slash("canserve", **{"from": "GB-WLS", "to": "GB-NIR"}))
    assert open_.embeds[0]["title"] == VERDICT_TITLES["depends"].en
    assert any(f["name"] == "Depending on what you did not say" for f in open_.embeds[0]["fields"])
    short = await fake.interact(slash("canserve", **{"from": "GB-WLS", "to": "GB-NIR", "days": 2,
                                                     "situation": "visiting"}))
    assert short.embeds[0]["title"] == VERDICT_TITLES["allowed"].en
    refused = await fake.interact(slash("canserve", **{"from": "GB-WLS", "to": "GB-NIR", "days": 5000}))
    assert refused.ephemeral and "between 1 and 3660" in refused.text()


async def test_canserve_private_is_ephemeral(env):
    fake, _ = env
    cb = await fake.interact(slash("canserve", **{"from": "NB", "to": "Ontario", "private": True}))
    assert cb.callback_type == 4 and cb.ephemeral
    assert cb.embeds


async def test_canserve_unknown_and_ambiguous_places(env):
    fake, _ = env
    cb = await fake.interact(slash("canserve", **{"from": "zzzz", "to": "Portland"}))
    assert cb.callback_type == 4 and cb.ephemeral and not cb.embeds
    assert "No jurisdiction matches" in cb.content
    assert "could be" in cb.content and "US-OR" in cb.content and "US-ME" in cb.content
    assert cb.data["allowed_mentions"] == NO_MENTIONS


async def test_canserve_echo_cannot_ping(env):
    fake, _ = env
    cb = await fake.interact(slash("canserve", **{"from": "@everyone", "to": "<@&123456789012345678>"}))
    assert cb.ephemeral and cb.data["allowed_mentions"] == NO_MENTIONS
    assert "@everyone" not in cb.content and "<@&" not in cb.content


# ----- /regulator, /minors, /jurisdictions ---------------------------------------------------------------------
async def test_regulator_card(env):
    fake, _ = env
    cb = await fake.interact(slash("regulator", place="Moncton"))
    (embed,) = cb.embeds
    check_embed_limits(embed)
    assert embed["title"] == "New Brunswick (CA-NB)"
    assert any(b["url"].startswith("https://") for b in cb.buttons())
    assert "Sources" in [f["name"] for f in embed["fields"]]
    assert cb.data["allowed_mentions"] == NO_MENTIONS


async def test_minors_notes_and_missing(env):
    fake, _ = env
    cb = await fake.interact(slash("minors", place="NB"))
    (embed,) = cb.embeds
    assert embed["title"].startswith("Minor client") and "CA-NB" in embed["title"]
    assert any(f["name"] == "Age of majority" for f in embed["fields"])
    country = await fake.interact(slash("minors", place="Canada"))
    assert country.ephemeral and "no sourced notes" in country.content


async def test_jurisdictions_paginated_with_buttons(env):
    fake, bot = env
    cb = await fake.interact(slash("jurisdictions"))
    total = len(bot.snapshot.jurisdictions)
    (embed,) = cb.embeds
    assert str(total) in embed["title"] and embed["footer"]["text"].startswith("Page 1 of")
    prev, nxt = cb.buttons()
    assert prev["disabled"] and not nxt["disabled"]
    message_id = next(reversed(fake.messages))

    page2 = await fake.interact(button(nxt["custom_id"], message_id))
    assert page2.callback_type == 7  # edit the message in place
    assert page2.embeds[0]["footer"]["text"].startswith("Page 2 of")
    assert page2.embeds[0]["description"] != embed["description"]
    assert not page2.buttons()[0]["disabled"]

    refused = await fake.interact(button(nxt["custom_id"], message_id, OTHER))
    assert refused.callback_type == 4 and refused.ephemeral and "belong" in refused.content

    back = await fake.interact(button(prev["custom_id"], message_id))
    assert back.embeds[0]["footer"]["text"].startswith("Page 1 of")


# ----- French ------------------------------------------------------------------------------------------------------
async def test_french_locale_user_gets_french(env):
    fake, _ = env
    cb = await fake.interact(slash("canserve", FRENCH, **{"from": "NB", "to": "Gatineau", "age": 15}))
    (embed,) = cb.embeds
    assert embed["title"] in {t.fr for t in VERDICT_TITLES.values()}
    names = [f["name"] for f in embed["fields"]]
    assert "Organisme du lieu du client" in names
    assert embed["footer"]["text"].startswith("Ceci n'est pas un avis juridique")
    assert "Nouveau-Brunswick" in embed["description"]
    refused = await fake.interact(slash("regulator", FRENCH, place="zzzz"))
    assert refused.content.startswith("Aucun territoire")


# ----- free text ----------------------------------------------------------------------------------------------------
async def test_mention_question_is_answered_in_the_channel(env):
    fake, _ = env
    start = fake.mark()
    await fake.dispatch("MESSAGE_CREATE", message_event("registered in NB, client (15) moved to Gatineau, by video @everyone"))
    reply = await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages", start=start)
    assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert int(reply.json["message_reference"]["channel_id"]) == CHANNEL_ID
    assert reply.json["message_reference"]["fail_if_not_exists"] is False  # a deleted question still gets its answer
    (embed,) = reply.embeds
    check_embed_limits(embed)
    assert "Quebec" in embed["description"]


async def test_french_question_answered_in_french(env):
    fake, _ = env
    start = fake.mark()
    await fake.dispatch("MESSAGE_CREATE", message_event("je suis inscrite au N.-B., ma cliente de 15 ans habite à Gatineau"))
    reply = await fake.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages", start=start)
    assert reply.embeds[0]["footer"]["text"].startswith("Ceci n'est pas")


async def test_dm_question_and_ignored_messages(env):
    fake, _ = env
    start = fake.mark()
    await fake.dispatch("MESSAGE_CREATE", message_event("hello there, nothing for the bot", MEMBER, mention_bot=False))
    await fake.dispatch("MESSAGE_CREATE", message_event("NB -> Ontario", DM_USER))
    reply = await fake.wait_for(lambda r: r.path.startswith("/channels/") and r.path.endswith("/messages"), start=start)
    assert reply.path == f"/channels/{DM_USER.channel_id}/messages"  # only the DM got an answer
    assert reply.embeds


async def test_free_text_cooldown_per_user(env):
    fake, _ = env
    start = fake.mark()
    for _ in range(4):  # rate is 2 per 60 s in these settings
        await fake.dispatch("MESSAGE_CREATE", message_event("NB -> Ontario", OTHER))
    await fake.dispatch("MESSAGE_CREATE", message_event("NB -> Ontario", MEMBER))  # another user is not limited
    await fake.wait_for(lambda r: len([x for x in fake.since(start) if x.path.endswith("/messages")]) >= 4, start=start)
    posts = [r for r in fake.since(start) if r.path.endswith("/messages")]
    assert len(posts) == 4  # 2 answers + 1 cooldown notice (once) for OTHER, 1 answer for MEMBER
    notices = [r for r in posts if "try again in" in (r.json.get("content") or "")]
    assert len(notices) == 1 and notices[0].json["allowed_mentions"]["parse"] == []


# ----- limits and errors -------------------------------------------------------------------------------------------
def oversized_snapshot() -> Snapshot:
    base = real_snapshot()
    nb = base.jurisdictions["CA-NB"]
    long_en = ("This sentence is deliberately long to overflow every Discord embed limit. " * 60).strip()
    long = Text.model_construct(en=long_en, fr=long_en)  # over today's caps: a value stored before them
    rule = nb.rule.model_copy(update={
        "summary": Fact[Text](value=long, source=nb.rule.summary.source),
        "route": Fact[Text](value=long, source=nb.rule.summary.source),
        "notes": [Fact[Text](value=long, source=nb.rule.summary.source) for _ in range(8)],
    })
    huge = nb.model_copy(update={"rule": rule, "name": Text.model_construct(en="New Brunswick " + "X" * 300,
                                                                                   fr="Nouveau-Brunswick")})
    return Snapshot.build({**base.jurisdictions, "CA-NB": huge}, base.guidance)


async def test_oversized_answer_is_trimmed_not_failed():
    async with running(lambda: Passerelle(settings(), snapshot=oversized_snapshot())) as (fake, _):
        cb = await fake.interact(slash("canserve", **{"from": "Ontario", "to": "CA-NB", "age": 12}))
        assert cb.callback_type == 4
        (embed,) = cb.embeds
        check_embed_limits(embed)
        assert "…" in cb.text()
        card = await fake.interact(slash("regulator", place="CA-NB"))
        check_embed_limits(card.embeds[0])
        assert card.embeds[0]["title"].endswith("…")


async def test_error_handler_logs_and_tells_the_user(env, caplog, monkeypatch):
    fake, _ = env

    class Broken:
        def check(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("engine exploded")

    monkeypatch.setattr(Passerelle, "engine", property(lambda self: Broken()))
    with caplog.at_level(logging.ERROR, logger="passerelle"):
        cb = await fake.interact(slash("canserve", **{"from": "NB", "to": "ON"}))
    assert cb.callback_type == 4 and cb.ephemeral
    assert "went wrong" in cb.content and "engine exploded" not in cb.content
    assert cb.data["allowed_mentions"] == NO_MENTIONS
    assert any(r.exc_info and "engine exploded" in str(r.exc_info[1]) for r in caplog.records)


# ----- translations and sync ------------------------------------------------------------------------------------
NAME_RULE = re.compile(r"^[-_'\w]{1,32}$")


async def test_sync_publishes_translated_commands_to_a_guild():
    from bot import sync_commands

    async with FakeDiscord() as fake:
        bot = Passerelle(settings(), snapshot=real_snapshot())
        synced = await sync_commands(bot, "fake-token", GUILD_ID)
    put = [r for r in fake.requests if r.method == "PUT"]
    assert [r.path for r in put] == [f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"]
    commands = {c["name"]: c for c in put[0].json}
    assert {"canserve", "regulator", "minors", "crisis", "help", "jurisdictions", "Ask Passerelle"} <= set(commands)
    assert {c.name for c in synced} == set(commands)
    assert commands["canserve"]["name_localizations"]["fr"] == "puis-je-servir"
    assert commands["Ask Passerelle"]["type"] == 3  # a message command: its name may hold capitals and spaces
    assert commands["Ask Passerelle"]["name_localizations"]["fr"] == "Demander à Passerelle"
    for cmd in (c for c in put[0].json if c.get("type", 1) == 1):
        for item in [cmd, *cmd.get("options", []), *[o for opt in cmd.get("options", []) for o in opt.get("options", [])]]:
            for name in [item["name"], *item.get("name_localizations", {}).values()]:
                assert NAME_RULE.match(name) and name == name.lower(), name
            for desc in [item.get("description", ""), *item.get("description_localizations", {}).values()]:
                assert 1 <= len(desc) <= 100, desc


async def test_bad_token_is_a_login_failure():
    import discord

    async with FakeDiscord() as fake:
        fake.auth_ok = lambda header: False
        bot = Passerelle(settings(), snapshot=real_snapshot())
        with pytest.raises(discord.LoginFailure):
            task = await start_client(bot, fake)
            await stop_client(bot, task)
        await bot.close()
