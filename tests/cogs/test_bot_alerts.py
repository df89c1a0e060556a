"""End-to-end: where the bot's notices go and in which language (issue 15), through the real discord.py client,
the local fake Discord and the real registry on a SQLite file: each server's alert channel receives every edit,
an import arrives as one summary, watch alerts follow the server's `/settings` language, a reporter hears back in
the language they reported in, and notices reach servers that set a channel even when this process is not
connected to them."""

from __future__ import annotations

import asyncio

import pytest
from test_bot_reports import dm_to, file_report, press, report_button, review_buttons, review_post
from test_bot_server_settings import GENERAL2, GUILD2, REVIEW2, second_guild, set_settings

from app.bot import Passerelle
from app.guild_prefs import GuildPrefs
from db.registry import Actor as Editor
from db.registry import Registry
from jurisdictions.loader import dump_jurisdiction, parse_jurisdiction
from settings import Settings
from tests.helpers.bot import bot_settings
from tests.helpers.fake_discord import (
    BASIC_PERMISSIONS,
    GUILD_ID,
    MANAGE_GUILD,
    MANAGER,
    MODERATOR,
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

ALERTS1 = WATCH_CHANNEL_ID
WEBSITE = "regulators.nbasw.website"
MANAGER2 = Actor(user_id=431_000_000_000_000_001, name="manager2", permissions=BASIC_PERMISSIONS | MANAGE_GUILD,
                 guild_id=GUILD2, channel_id=GENERAL2)


def settings(**overrides: object) -> Settings:
    return bot_settings(**({"moderation_guild_ids": [GUILD_ID, GUILD2], "review_channel_id": WATCH_CHANNEL_ID}
                           | overrides))



@pytest.fixture
async def two(store):
    async with running(lambda: Passerelle(settings(), registry=store), guilds=[guild_payload(), second_guild()]) \
            as (fake, bot):
        yield fake, bot, store


async def edit_website(store: Registry, value: str) -> int:
    """One edit made outside Discord, as `bot.py db set` makes it (no new source: one revision)."""
    current = await store.entry("CA-NB", WEBSITE)
    result = await store.update("CA-NB", WEBSITE, value, reason="moved", by=Editor("cli:test", "tester"),
                                expected_version=current.version)
    return result.revision.id


def posts_in(fake: FakeDiscord, channel: int, start: int) -> list[Request]:
    return [r for r in fake.since(start) if r.method == "POST" and r.path == f"/channels/{channel}/messages"]


async def test_each_servers_alert_channel_gets_every_edit_in_its_language(two):
    fake, _, store = two
    value, resolved = channel_option(ALERTS1, GUILD_ID)
    await set_settings(fake, MANAGER, resolved=resolved, language="fr", alert_channel=value)
    value2, resolved2 = channel_option(REVIEW2, GUILD2)
    await set_settings(fake, MANAGER2, resolved=resolved2, alert_channel=value2)

    start = fake.mark()
    rev = await edit_website(store, "https://alerts.example.org")
    french = await fake.wait_for(lambda r: r.path == f"/channels/{ALERTS1}/messages", start=start)
    english = await fake.wait_for(lambda r: r.path == f"/channels/{REVIEW2}/messages", start=start)
    assert french.embeds[0]["title"] == f"Nouveau-Brunswick (CA-NB) · {WEBSITE} modifié par tester (révision {rev})"
    assert english.embeds[0]["title"] == f"New Brunswick (CA-NB) · {WEBSITE} was edited by tester (revision {rev})"
    assert "https://alerts.example.org" in english.text() and english.json["allowed_mentions"] == {"parse": []}
    assert len(posts_in(fake, ALERTS1, start)) == 1 and len(posts_in(fake, REVIEW2, start)) == 1

    # clearing the alert channel stops them
    await set_settings(fake, MANAGER2, clear="alert_channel_id")
    start = fake.mark()
    await edit_website(store, "https://alerts2.example.org")
    await fake.wait_for(lambda r: r.path == f"/channels/{ALERTS1}/messages", start=start)
    assert posts_in(fake, REVIEW2, start) == []


async def test_an_import_reaches_the_alert_channel_as_one_summary(two):
    fake, bot, store = two
    value, resolved = channel_option(ALERTS1, GUILD_ID)
    await set_settings(fake, MANAGER, resolved=resolved, alert_channel=value)
    doc = dump_jurisdiction(bot.snapshot.jurisdictions["CA-NB"])
    facts = [v for v in doc["regulators"][0].values() if isinstance(v, dict) and "value" in v]
    facts += [doc["rule"]["status"], doc["rule"]["summary"]]
    assert len(facts) > 5
    for i, fact in enumerate(facts):
        fact["note"] = {"en": f"checked {i}", "fr": f"vérifié {i}"}

    start = fake.mark()
    result = await store.import_documents([parse_jurisdiction(doc, "CA-NB.yaml")], reason="yearly review")
    assert result.applied and len(result.changes) > 5
    post = await fake.wait_for(lambda r: r.path == f"/channels/{ALERTS1}/messages", start=start)
    assert post.embeds[0]["title"].startswith(f"{len(result.changes)} edits committed together")
    assert "CA-NB · " in post.embeds[0]["description"]
    assert {f["name"]: f["value"] for f in post.embeds[0]["fields"]}["Reason"] == "yearly review"
    await asyncio.sleep(0.3)  # anything else would have been posted by now
    assert len(posts_in(fake, ALERTS1, start)) == 1


async def test_watch_alerts_follow_the_servers_language(two):
    fake, _, store = two
    await set_settings(fake, MANAGER, language="fr")  # the fake server's Discord locale is en-US
    value, resolved = channel_option(WATCH_CHANNEL_ID)
    watching = await fake.interact(slash("watch", MODERATOR, group="entry", resolved=resolved, place="NB", channel=value))
    assert watching.content.startswith("Edits to New Brunswick")  # the moderator's own Discord is in English
    start = fake.mark()
    rev = await edit_website(store, "https://watched-fr.example.org")
    notice = await fake.wait_for(lambda r: r.path == f"/channels/{WATCH_CHANNEL_ID}/messages", start=start)
    assert notice.embeds[0]["title"] == f"Nouveau-Brunswick (CA-NB) · {WEBSITE} modifié par tester (révision {rev})"
    assert [f["name"] for f in notice.embeds[0]["fields"]][:2] == ["Avant", "Après"]


async def test_the_reporter_hears_back_in_the_language_they_reported_in(two):
    fake, _, _ = two
    francophone = Actor(user_id=460_000_000_000_000_009, name="Élise", locale="fr")  # server language: English
    card = await fake.interact(slash("minors", francophone, place="NB"))
    start = fake.mark()
    await file_report(fake, report_button(card)["custom_id"], card.message_id,
                      {"problem": "L'âge a changé", "source_url": "", "value": ""}, actor=francophone)
    post = await review_post(fake, start)
    assert post.embeds[0]["title"] == "Report #1 · New Brunswick (CA-NB)"  # moderators read the server's language
    form = await fake.interact(press_dismiss(fake, post))
    start = fake.mark()
    await fake.interact(modal_submit(form.data["custom_id"], {"reason": "Déjà à jour"}, MODERATOR))
    dm = await dm_to(fake, francophone, start, "signalement")
    assert dm.content == ("Votre signalement n° 1 sur Nouveau-Brunswick (CA-NB) n'a pas été retenu. "
                          "Motif des modérateurs : Déjà à jour")


def press_dismiss(fake: FakeDiscord, post: Request) -> dict[str, object]:
    return press(fake, review_buttons(post)["dismiss"]["custom_id"], post.message_id, MODERATOR)


# ----- the channels a notice goes to (plain functions, the real database) ---------------------------------------------
class Guild:
    def __init__(self, guild_id: int, locale: str = "en-US") -> None:
        self.id, self.preferred_locale = guild_id, locale


async def test_notice_channels_cover_servers_this_process_is_not_connected_to(store):
    prefs = GuildPrefs(store.engine, settings(default_lang="en", review_channel_id=WATCH_CHANNEL_ID))
    elsewhere = 200_000_000_000_000_077  # a server another shard serves
    await prefs.update(elsewhere, by="test", review_channel_id=REVIEW2, lang="fr")
    await prefs.update(GUILD2, by="test", lang="fr")  # relies on REVIEW_CHANNEL_ID
    found = await prefs.notice_channels("review_channel_id", [Guild(GUILD_ID, "de"), Guild(GUILD2)])
    assert found == {REVIEW2: "fr", WATCH_CHANNEL_ID: "en"}  # the first server relying on the default: GUILD_ID
    assert await prefs.notice_channels("alert_channel_id", [Guild(GUILD_ID)]) == {}
    assert await prefs.notice_lang(GUILD2, "en-US") == "fr"  # its /settings wins over its Discord locale
    assert await prefs.notice_lang(GUILD_ID, "fr") == "fr" and await prefs.notice_lang(GUILD_ID, "de") == "en"

