"""End-to-end: /settings (issue 15) through the real discord.py client and the local fake Discord, with the real
registry on a SQLite file: who may change it, what it shows, and two servers with different settings getting
different answer languages, review channels, private answers and moderator roles; the setup message."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from test_bot_reports import press, report_button

from app.bot import Passerelle
from settings import Settings
from tests.helpers.bot import bot_settings
from tests.helpers.fake_discord import (
    BASIC_PERMISSIONS,
    GUILD_ID,
    MANAGE_GUILD,
    MANAGER,
    MEMBER,
    MOD_ROLE_ID,
    WATCH_CHANNEL_ID,
    Actor,
    FakeDiscord,
    Request,
    channel_option,
    guild_payload,
    modal_submit,
    running,
    slash,
)

GUILD2 = 200_000_000_000_000_002
GENERAL2 = 310_000_000_000_000_001
REVIEW2 = 310_000_000_000_000_002
HELPERS_ROLE = 510_000_000_000_000_001
NEW_GUILD = 200_000_000_000_000_003
SYSTEM3 = 320_000_000_000_000_001
ABROAD = "de"  # a user whose Discord is neither in English nor in French: the server's language applies


def second_guild(guild_id: int = GUILD2, general: int = GENERAL2, other: int = REVIEW2) -> dict[str, Any]:
    payload = copy.deepcopy(guild_payload(guild_id))
    payload["name"] = f"Server {guild_id % 1000}"
    payload["channels"][0]["id"], payload["channels"][1]["id"] = str(general), str(other)
    for channel in payload["channels"]:
        channel["guild_id"] = str(guild_id)
    payload["roles"].append({"id": str(HELPERS_ROLE), "name": "Helpers", "permissions": str(BASIC_PERMISSIONS),
                             "position": 2, "color": 0, "hoist": False, "managed": False, "mentionable": False,
                             "flags": 0})
    return payload


def settings(**overrides: object) -> Settings:
    return bot_settings(**({"moderation_guild_ids": [GUILD_ID, GUILD2]} | overrides))



@pytest.fixture
async def two(store):
    guilds = [guild_payload(), second_guild()]
    async with running(lambda: Passerelle(settings(), registry=store), guilds=guilds) as (fake, bot):
        yield fake, bot, store


def role_option(role_id: int, guild_id: int) -> tuple[tuple[int, str], dict[str, Any]]:
    role = {"id": str(role_id), "name": "Helpers", "permissions": str(BASIC_PERMISSIONS), "position": 2, "color": 0,
            "hoist": False, "managed": False, "mentionable": False, "flags": 0}
    return (8, str(role_id)), {"roles": {str(role_id): role}}


async def set_settings(fake: FakeDiscord, actor: Actor, resolved: dict[str, Any] | None = None, **options: Any) -> Request:
    cb = await fake.interact(slash("settings", actor, resolved=resolved, **options))
    assert cb.callback_type == 4 and cb.ephemeral, cb.json
    return cb


def fields(reply: Request) -> dict[str, str]:
    return {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}


# ----- who, and what it shows --------------------------------------------------------------------------------------------
async def test_only_manage_server_may_use_settings(two):
    fake, bot, _ = two
    command = bot.tree.get_command("settings")
    assert command is not None and command.default_permissions.manage_guild and command.guild_only
    refused = await fake.interact(slash("settings", MEMBER, language="fr"))
    assert refused.ephemeral and refused.content == "Only members with Manage Server can change this server's settings."
    mod_only = await fake.interact(slash("settings", Actor(user_id=420_000_000_000_000_009, roles=[MOD_ROLE_ID])))
    assert mod_only.content.startswith("Only members with Manage Server")  # moderating entries is not managing the server
    french = await fake.interact(slash("settings", Actor(user_id=441_000_000_000_000_001, locale="fr")))
    assert french.content == "Seuls les membres ayant « Gérer le serveur » peuvent modifier les réglages du serveur."
    shown = await set_settings(fake, MANAGER)
    assert fields(shown)["Answer language"] == "English (default)"  # nothing changed by the refusals


async def test_first_settings_shows_the_setup_message_once(two):
    fake, _, _ = two
    first = await set_settings(fake, MANAGER)
    assert first.content.startswith("Hello! I am Passerelle")  # the fake's server has no system channel
    assert first.embeds[0]["title"] == "Settings of Practitioners"
    assert fields(first)["Review channel"] == "not set (default)"
    second = await set_settings(fake, MANAGER)
    assert not second.content


# ----- two servers ----------------------------------------------------------------------------------------------------------
async def test_two_servers_get_their_own_language_and_review_channel(two):
    fake, _, _ = two
    manager2 = Actor(user_id=431_000_000_000_000_001, name="manager2", permissions=BASIC_PERMISSIONS | MANAGE_GUILD,
                     guild_id=GUILD2, channel_id=GENERAL2)
    value, resolved = channel_option(WATCH_CHANNEL_ID, GUILD_ID)
    one = await set_settings(fake, MANAGER, resolved=resolved, language="fr", review_channel=value)
    assert one.content.startswith("Hello!") and fields(one)["Answer language"] == "Français"
    assert fields(one)["Review channel"] == f"<#{WATCH_CHANNEL_ID}>"
    value2, resolved2 = channel_option(REVIEW2, GUILD2)
    two_ = await set_settings(fake, manager2, resolved=resolved2, language="en", review_channel=value2)
    assert fields(two_)["Review channel"] == f"<#{REVIEW2}>"

    reader1 = Actor(user_id=470_000_000_000_000_001, name="Ana", locale=ABROAD)
    reader2 = Actor(user_id=470_000_000_000_000_002, name="Ben", locale=ABROAD, guild_id=GUILD2, channel_id=GENERAL2)
    card1 = await fake.interact(slash("regulator", reader1, place="NB"))
    card2 = await fake.interact(slash("regulator", reader2, place="NB"))
    assert card1.embeds[0]["title"] == "Nouveau-Brunswick (CA-NB)" and report_button(card1)["label"] == "Signaler un problème"
    assert card2.embeds[0]["title"] == "New Brunswick (CA-NB)" and report_button(card2)["label"] == "Report a problem"
    # the user's own language still wins over the server's
    english = await fake.interact(slash("regulator", MEMBER, place="NB"))
    assert english.embeds[0]["title"] == "New Brunswick (CA-NB)"

    posts = []
    for reader, card, channel in ((reader1, card1, WATCH_CHANNEL_ID), (reader2, card2, REVIEW2)):
        modal = await fake.interact(press(fake, report_button(card)["custom_id"], card.message_id, reader))
        start = fake.mark()
        await fake.interact(modal_submit(modal.data["custom_id"], {"problem": "wrong", "source_url": "", "value": ""},
                                         reader))
        posts.append(await fake.wait_for(lambda r, c=channel: r.method == "POST" and r.path == f"/channels/{c}/messages",
                                         start=start))
    assert posts[0].embeds[0]["title"] == "Signalement n° 1 · Nouveau-Brunswick (CA-NB)"
    assert posts[1].embeds[0]["title"] == "Report #2 · New Brunswick (CA-NB)"
    assert [b["label"] for b in posts[0].buttons()] == ["Accepter", "Écarter", "Source requise"]


async def test_private_by_default_and_the_server_moderator_role(two):
    fake, _, _ = two
    manager2 = Actor(user_id=431_000_000_000_000_001, permissions=BASIC_PERMISSIONS | MANAGE_GUILD, guild_id=GUILD2,
                     channel_id=GENERAL2)
    role, resolved = role_option(HELPERS_ROLE, GUILD2)
    review, resolved_channel = channel_option(REVIEW2, GUILD2)
    resolved.update(resolved_channel)
    shown = await set_settings(fake, manager2, resolved=resolved, private=True, moderator_role=role, review_channel=review)
    assert fields(shown)["Members' answers private"] == "yes" and fields(shown)["Moderator role"] == f"<@&{HELPERS_ROLE}>"

    member2 = Actor(user_id=471_000_000_000_000_001, guild_id=GUILD2, channel_id=GENERAL2)
    assert (await fake.interact(slash("canserve", member2, **{"from": "ON", "to": "NB"}))).ephemeral
    assert not (await fake.interact(slash("canserve", member2, private=False, **{"from": "ON", "to": "NB"}))).ephemeral
    assert (await fake.interact(slash("minors", member2, place="NB"))).ephemeral
    assert not (await fake.interact(slash("canserve", MEMBER, **{"from": "ON", "to": "NB"}))).ephemeral  # other server

    # the server's moderator role may decide reports there (and use /entry), and only there
    card = await fake.interact(slash("regulator", member2, place="NB"))
    modal = await fake.interact(press(fake, report_button(card)["custom_id"], card.message_id, member2))
    start = fake.mark()
    await fake.interact(modal_submit(modal.data["custom_id"], {"problem": "x", "source_url": "", "value": ""}, member2))
    post = await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{REVIEW2}/messages", start=start)
    helper = Actor(user_id=472_000_000_000_000_001, name="helper", roles=[HELPERS_ROLE], guild_id=GUILD2,
                   channel_id=GENERAL2)
    accept = next(b for b in post.buttons() if b["custom_id"].endswith(":accept"))
    picked = await fake.interact(press(fake, accept["custom_id"], post.message_id, helper))
    assert "names no field" in picked.content
    history = await fake.interact(slash("history", helper, group="entry", place="NB"))
    assert history.callback_type == 5  # allowed: deferred, then the history
    elsewhere = await fake.interact(slash("history", Actor(user_id=472_000_000_000_000_001, roles=[HELPERS_ROLE]),
                                          group="entry", place="NB"))
    assert elsewhere.content == "Only moderators can do this."


async def test_clear_goes_back_to_the_default(two):
    fake, _, _ = two
    await set_settings(fake, MANAGER, language="fr")
    cleared = await set_settings(fake, MANAGER, clear="lang")
    assert fields(cleared)["Answer language"] == "English (default)"
    card = await fake.interact(slash("regulator", Actor(user_id=470_000_000_000_000_003, locale=ABROAD), place="NB"))
    assert card.embeds[0]["title"] == "New Brunswick (CA-NB)"


# ----- a new server ---------------------------------------------------------------------------------------------------------
async def test_joining_a_server_posts_the_setup_message_once(two):
    fake, bot, _ = two
    guild = second_guild(NEW_GUILD, SYSTEM3, SYSTEM3 + 1)
    guild["system_channel_id"] = str(SYSTEM3)
    guild["preferred_locale"] = "fr"
    del guild["unavailable"]  # a server just joined (not one coming back after an outage)
    start = fake.mark()
    await fake.dispatch("GUILD_CREATE", guild)
    post = await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{SYSTEM3}/messages", start=start)
    assert post.content.startswith("Bonjour! Je suis Passerelle") and post.json["allowed_mentions"] == {"parse": []}
    cog = bot.get_cog("ServerSettings")
    await cog.on_guild_join(bot.get_guild(NEW_GUILD))  # joined again (or another process saw it): no second message
    assert [r for r in fake.since(start) if r.path == f"/channels/{SYSTEM3}/messages"] == [post]
    manager3 = Actor(user_id=432_000_000_000_000_001, permissions=BASIC_PERMISSIONS | MANAGE_GUILD, guild_id=NEW_GUILD,
                     channel_id=SYSTEM3)
    assert not (await set_settings(fake, manager3)).content  # already welcomed


# ----- the rules, and a database that cannot answer -------------------------------------------------------------------------
def test_language_rules():
    from app.guild_prefs import locale_lang, pick_lang

    assert [locale_lang(x) for x in ("fr", "fr-CA", "en-US", "en-GB", "de", None)] == ["fr", "fr", "en", "en", None, None]
    assert pick_lang(explicit="en", question="fr", server="fr", default="fr") == "en"
    assert pick_lang(question="fr", server="en") == "fr"
    assert pick_lang(server="fr", default="en") == "fr"
    assert pick_lang(default="fr") == "fr"


async def test_settings_unreadable_means_the_defaults_at_once(tmp_path):
    """A lookup never fails, nor waits again and again, because the server's settings cannot be read."""
    import time

    from sqlalchemy.ext.asyncio import create_async_engine

    from app.guild_prefs import GuildPrefs

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'no.db'}")  # its folder does not exist
    try:
        guild_prefs = GuildPrefs(engine, settings(default_lang="fr", private_answers=True, review_channel_id=REVIEW2))
        found = await guild_prefs.of(GUILD_ID)
        assert (found.lang, found.private_answers, found.review_channel_id) == ("fr", True, REVIEW2)
        started = time.perf_counter()
        assert (await guild_prefs.of(GUILD2)).lang == "fr"  # not asked again for a while
        assert time.perf_counter() - started < 0.05
    finally:
        await engine.dispose()
