"""End-to-end: members' reports (issue 15) through the real discord.py client, the local fake Discord and the real
registry on a SQLite file: report from an answer, the review post, accept into an edit whose history names the
reporter, dismiss, needs source, the reporter told by DM, and the refusals."""

from __future__ import annotations

from typing import Any

import pytest

from app.bot import Passerelle
from db import registry as reg
from settings import Settings
from tests.helpers.bot import bot_settings
from tests.helpers.fake_discord import (
    BOT_USER_ID,
    MEMBER,
    MOD_ROLE_ID,
    MODERATOR,
    WATCH_CHANNEL_ID,
    Actor,
    FakeDiscord,
    Request,
    _base,
    button,
    modal_submit,
    running,
    slash,
    user_payload,
)

REVIEW = WATCH_CHANNEL_ID
WEBSITE = "regulators.nbasw.website"
OTHER_MOD = Actor(user_id=422_000_000_000_000_001, name="other-mod", roles=[MOD_ROLE_ID])
REPORTER = Actor(user_id=460_000_000_000_000_001, name="Dana Reporter")


def settings(**overrides: object) -> Settings:
    return bot_settings(**({"review_channel_id": REVIEW, "reports_per_hour": 3} | overrides))



@pytest.fixture
async def env(store):
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, bot):
        yield fake, bot, store


def press(fake: FakeDiscord, custom_id: str, message_id: str, actor: Actor = MEMBER) -> dict[str, Any]:
    """A button press on a message the bot sent, carrying the message's components as Discord does (persistent
    buttons, `DynamicItem`, are found in them)."""
    payload = button(custom_id, message_id, actor)
    known = fake.messages.get(message_id)
    components = known["components"] if known else [
        {"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    payload["message"]["components"] = components
    payload["message"]["embeds"] = known["embeds"] if known else []
    return payload


def select(custom_id: str, values: list[str], message_id: str, actor: Actor) -> dict[str, Any]:
    message = {"id": message_id, "channel_id": str(actor.channel_id), "author": user_payload(BOT_USER_ID, "passerelle", True),
               "content": "", "timestamp": "2026-11-28T00:00:00+00:00", "edited_timestamp": None, "tts": False,
               "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
               "components": [], "pinned": False, "type": 0, "flags": 64}
    return _base(3, actor, {"custom_id": custom_id, "component_type": 3, "values": values}, message=message)


def report_button(answer: Request) -> dict[str, Any]:
    (found,) = [b for b in answer.buttons() if b.get("custom_id", "").startswith("rp:")]
    return found


async def file_report(fake: FakeDiscord, custom_id: str, message_id: str, values: dict[str, str],
                      actor: Actor = REPORTER) -> Request:
    modal = await fake.interact(press(fake, custom_id, message_id, actor))
    assert modal.callback_type == 9, modal.json
    assert {c["custom_id"] for c in modal.text_inputs()} == {"problem", "source_url", "value"}
    return await fake.interact(modal_submit(modal.data["custom_id"], values, actor))


async def review_post(fake: FakeDiscord, start: int) -> Request:
    return await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{REVIEW}/messages", start=start)


async def dm_to(fake: FakeDiscord, actor: Actor, start: int, needle: str) -> Request:
    """The private message to `actor` containing `needle` (discord.py opens the DM channel once, then reuses it)."""
    def is_dm(r: Request) -> bool:
        channel = fake.dm_channels.get(str(actor.user_id))
        return channel is not None and r.method == "POST" and r.path == f"/channels/{channel}/messages" and needle in r.content

    return await fake.wait_for(is_dm, start=start)


def review_buttons(post: Request) -> dict[str, dict[str, Any]]:
    return {b["custom_id"].rsplit(":", 1)[1]: b for b in post.buttons()}


# ----- the whole loop -------------------------------------------------------------------------------------------------
async def test_member_reports_moderator_accepts_history_names_reporter(env):
    fake, _bot, store = env
    card = await fake.interact(slash("regulator", REPORTER, place="NB"))
    rp = report_button(card)
    assert rp["label"] == "Report a problem" and rp["custom_id"] == "rp:r:CA-NB"
    start = fake.mark()
    filed = await file_report(fake, rp["custom_id"], card.message_id, {
        "problem": "The website moved to /en/", "source_url": "https://www.nbasw-atsnb.ca/en/contact",
        "value": "https://www.nbasw-atsnb.ca/en/"})
    assert filed.ephemeral and filed.content.startswith("Thank you: report #1 was sent to the moderators")

    post = await review_post(fake, start)
    assert post.json["allowed_mentions"] == {"parse": []}
    (embed,) = post.embeds
    assert embed["title"] == "Report #1 · New Brunswick (CA-NB)"
    assert embed["description"] == "The website moved to /en/"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Reported by"] == "Dana Reporter" and fields["Status"] == "open"
    assert "https://www.nbasw-atsnb.ca/en/" in fields["Proposed value"]
    buttons = review_buttons(post)
    assert [b["label"] for b in buttons.values()] == ["Accept", "Dismiss", "Needs source"]

    # no fact in a regulator card's report: the moderator picks the field, then the edit form opens pre-filled
    pick = await fake.interact(press(fake, buttons["accept"]["custom_id"], post.message_id, MODERATOR))
    assert pick.ephemeral and "names no field" in pick.content
    (menu,) = [c for row in pick.data["components"] for c in row["components"]]
    assert menu["options"][0]["label"] == "Accept without an edit"
    assert WEBSITE in [o["value"] for o in menu["options"]]
    modal = await fake.interact(select(menu["custom_id"], [WEBSITE], pick.message_id, MODERATOR))
    assert modal.callback_type == 9
    inputs = {c["custom_id"]: c for c in modal.text_inputs()}
    assert inputs["value"]["value"] == "https://www.nbasw-atsnb.ca/en/"
    assert inputs["source_url"]["value"] == "https://www.nbasw-atsnb.ca/en/contact"
    assert inputs["reason"]["value"].startswith("Report #1 by Dana Reporter: The website moved")

    start = fake.mark()
    saved = await fake.interact(modal_submit(modal.data["custom_id"], {
        "value": inputs["value"]["value"], "reason": "moved", "source_url": inputs["source_url"]["value"]}, MODERATOR))
    assert saved.content.startswith("Saved: New Brunswick (CA-NB) · regulators.nbasw.website")
    assert (await store.entry("CA-NB", WEBSITE)).value == "https://www.nbasw-atsnb.ca/en/"
    last = (await store.history("CA-NB"))[-1]
    assert last.reason == "Report #1 by Dana Reporter: moved" and last.by.id == str(MODERATOR.user_id)

    edited = await fake.wait_for(lambda r: r.method == "PATCH" and r.path == f"/channels/{REVIEW}/messages/{post.message_id}",
                                 start=start)
    status = {f["name"]: f["value"] for f in edited.embeds[0]["fields"]}["Status"]
    assert status == f"accepted by mod (revision {last.id})" and edited.json["components"] == []
    dm = await dm_to(fake, REPORTER, start, "report #1")
    assert dm.content == (f"Your report #1 on New Brunswick (CA-NB) was accepted: {WEBSITE} was corrected "
                          f"(revision {last.id}). Thank you!")
    assert dm.json["allowed_mentions"] == {"parse": []}

    from db.reports import ReportStore

    report = await ReportStore(store.engine).get(1)
    assert report.status == "accepted" and report.revision_id == last.id and report.reporter_name == "Dana Reporter"


async def test_verdict_report_names_the_deciding_fact_and_prefills_it(env):
    fake, _, store = env
    answer = await fake.interact(slash("canserve", REPORTER, **{"from": "ON", "to": "NB"}))
    rp = report_button(answer)
    code, path = rp["custom_id"].split(":")[2:4]
    assert code == "CA-NB" and path.startswith("rule.")
    start = fake.mark()
    await file_report(fake, rp["custom_id"], answer.message_id, {"problem": "Outdated", "source_url": "",
                                                                  "value": ""})
    post = await review_post(fake, start)
    assert {f["name"]: f["value"] for f in post.embeds[0]["fields"]}["Fact"] == f"`{path}`"
    modal = await fake.interact(press(fake, review_buttons(post)["accept"]["custom_id"], post.message_id, MODERATOR))
    assert modal.callback_type == 9 and "CA-NB" in modal.data["title"]
    assert {c["custom_id"]: c for c in modal.text_inputs()}["reason"]["value"].startswith("Report #1 by Dana Reporter")
    from db.reports import ReportStore

    stored = await ReportStore(store.engine).get(1)
    assert (stored.code, stored.path, stored.reporter_id) == ("CA-NB", path, str(REPORTER.user_id))
    assert stored.answer.startswith("/canserve CA-NB — ")  # and the answer's title


async def test_dismiss_with_reason_and_needs_source_tell_the_reporter(env):
    fake, _, _ = env
    card = await fake.interact(slash("minors", REPORTER, place="NB"))
    rp = report_button(card)
    assert rp["custom_id"] == "rp:m:CA-NB"
    start = fake.mark()
    await file_report(fake, rp["custom_id"], card.message_id, {"problem": "Age is wrong", "source_url": "", "value": "19"})
    post = await review_post(fake, start)
    buttons = review_buttons(post)

    start = fake.mark()
    asked = await fake.interact(press(fake, buttons["source"]["custom_id"], post.message_id, MODERATOR))
    assert asked.callback_type == 7  # the review post itself is updated
    assert {f["name"]: f["value"] for f in asked.embeds[0]["fields"]}["Status"] == "source requested by mod"
    await dm_to(fake, REPORTER, start, "needs a source")
    again = await fake.interact(press(fake, buttons["source"]["custom_id"], post.message_id, OTHER_MOD))
    assert again.ephemeral and again.content.startswith("Already handled")

    form = await fake.interact(press(fake, buttons["dismiss"]["custom_id"], post.message_id, MODERATOR))
    assert form.callback_type == 9 and form.data["title"] == "Dismiss report #1"
    start = fake.mark()
    done = await fake.interact(modal_submit(form.data["custom_id"], {"reason": "The statute says 19 already"}, MODERATOR))
    assert done.callback_type == 7 and done.data["components"] == []
    assert "dismissed by mod: The statute says 19 already" in done.text()
    dm = await dm_to(fake, REPORTER, start, "not taken up")
    assert dm.content.endswith("The moderators' reason: The statute says 19 already")

    late = await fake.interact(press(fake, buttons["accept"]["custom_id"], post.message_id, OTHER_MOD))
    assert late.ephemeral and late.content.startswith("Already handled: dismissed by mod")


async def test_accept_without_an_edit(env):
    fake, _, store = env
    card = await fake.interact(slash("minors", REPORTER, place="NB"))
    start = fake.mark()
    await file_report(fake, report_button(card)["custom_id"], card.message_id,
                      {"problem": "The reporting line moved", "source_url": "", "value": ""})
    post = await review_post(fake, start)
    pick = await fake.interact(press(fake, review_buttons(post)["accept"]["custom_id"], post.message_id, MODERATOR))
    (menu,) = [c for row in pick.data["components"] for c in row["components"]]
    assert menu["options"][1]["value"].startswith("minors.")  # a minors report: the minors fields first
    start = fake.mark()
    done = await fake.interact(select(menu["custom_id"], [menu["options"][0]["value"]], pick.message_id, MODERATOR))
    assert done.callback_type == 7 and done.content == "accepted by mod"
    edited = await fake.wait_for(lambda r: r.method == "PATCH" and r.path == f"/channels/{REVIEW}/messages/{post.message_id}",
                                 start=start)
    assert {f["name"]: f["value"] for f in edited.embeds[0]["fields"]}["Status"] == "accepted by mod"
    await dm_to(fake, REPORTER, start, "was accepted by the moderators")
    assert await store.history("CA-NB") == []  # nothing was edited


# ----- refusals ----------------------------------------------------------------------------------------------------------
async def test_non_moderator_cannot_decide(env):
    fake, _, store = env
    card = await fake.interact(slash("regulator", REPORTER, place="NB"))
    start = fake.mark()
    await file_report(fake, report_button(card)["custom_id"], card.message_id, {"problem": "x", "source_url": "", "value": ""})
    post = await review_post(fake, start)
    for action, b in review_buttons(post).items():
        refused = await fake.interact(press(fake, b["custom_id"], post.message_id, MEMBER))
        assert refused.callback_type == 4 and refused.ephemeral, action
        assert refused.content == "Only moderators can do this."
    from db.reports import ReportStore

    assert (await ReportStore(store.engine).get(1)).status == "open"
    listed = await fake.interact(slash("reports", MEMBER, group="entry"))
    assert listed.content == "Only moderators can do this."
    shown = await fake.interact(slash("reports", MODERATOR, group="entry"))
    assert shown.ephemeral and shown.embeds[0]["title"] == "Open reports (1)"
    assert "#1" in shown.embeds[0]["description"] and "Dana Reporter" in shown.embeds[0]["description"]


async def test_report_on_a_deleted_entry_is_refused(env):
    fake, _, store = env
    path = "minors.reporting"
    fact = await store.entry("CA-NB", path)
    await store.delete("CA-NB", path, reason="obsolete", by=reg.Actor("cli:test", "tester"), expected_version=fact.version)
    # a button on an answer sent before the deletion (the custom_id is all the bot needs, even after a restart)
    refused = await file_report(fake, f"rp:v:CA-NB:{path}", "900000000000000999",
                                {"problem": "wrong", "source_url": "", "value": ""})
    assert refused.ephemeral and refused.content.startswith("Report not sent: CA-NB minors.reporting")
    assert "no longer exists" in refused.content


async def test_spam_is_rate_limited_and_markup_is_inert(env):
    fake, _, _ = env
    card = await fake.interact(slash("regulator", REPORTER, place="NB"))
    custom_id = report_button(card)["custom_id"]
    start = fake.mark()
    first = await file_report(fake, custom_id, card.message_id, {
        "problem": "@everyone **look** <@123456789012345678> [x](https://evil.example)", "source_url": "", "value": ""})
    assert first.content.startswith("Thank you")
    post = await review_post(fake, start)
    description = post.embeds[0]["description"]
    assert "**look**" not in description and "\\*\\*look\\*\\*" in description
    assert "@\u200beveryone" in description and "](https" not in description.replace("\\](", "")
    assert post.json["allowed_mentions"] == {"parse": []}
    for _ in range(2):
        ok = await file_report(fake, custom_id, card.message_id, {"problem": "again", "source_url": "", "value": ""})
        assert ok.content.startswith("Thank you")
    spam = await file_report(fake, custom_id, card.message_id, {"problem": "again", "source_url": "", "value": ""})
    assert spam.ephemeral and spam.content.startswith("Report not sent: you have sent 3 reports")


async def test_bad_source_url_is_refused(env):
    fake, _, _ = env
    refused = await file_report(fake, "rp:r:CA-NB", "900000000000000998",
                                {"problem": "wrong", "source_url": "javascript:alert(1)", "value": ""})
    assert refused.content.startswith("Report not sent: source")


async def test_review_buttons_work_after_a_restart(store):
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _):
        card = await fake.interact(slash("regulator", REPORTER, place="NB"))
        start = fake.mark()
        await file_report(fake, report_button(card)["custom_id"], card.message_id,
                          {"problem": "x", "source_url": "", "value": ""})
        post = await review_post(fake, start)
        buttons = review_buttons(post)
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _):  # a new process
        start = fake.mark()
        asked = await fake.interact(press(fake, buttons["source"]["custom_id"], post.message_id, MODERATOR))
        assert asked.callback_type == 7
        await dm_to(fake, REPORTER, start, "needs a source")


async def test_french_reporter_and_moderator(store):
    fr_reporter = Actor(user_id=461_000_000_000_000_001, name="Camille", locale="fr")
    fr_mod = Actor(user_id=421_000_000_000_000_001, name="modératrice", roles=[MOD_ROLE_ID], locale="fr")
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _):
        card = await fake.interact(slash("regulator", fr_reporter, place="NB"))
        assert report_button(card)["label"] == "Signaler un problème"
        modal = await fake.interact(press(fake, report_button(card)["custom_id"], card.message_id, fr_reporter))
        labels = {c["custom_id"]: c.get("label") for c in modal.text_inputs()}
        assert labels["problem"] == "Ce qui ne va pas"
        start = fake.mark()
        filed = await fake.interact(modal_submit(modal.data["custom_id"], {"problem": "Erreur", "source_url": "",
                                                                           "value": ""}, fr_reporter))
        assert filed.content.startswith("Merci : le signalement n° 1")
        post = await review_post(fake, start)
        refused = await fake.interact(press(fake, review_buttons(post)["accept"]["custom_id"], post.message_id,
                                             Actor(user_id=462_000_000_000_000_001, locale="fr")))
        assert refused.content == "Seuls les modérateurs peuvent faire cela."
        listed = await fake.interact(slash("reports", fr_mod, group="entry"))
        assert listed.embeds[0]["title"] == "Signalements ouverts (1)"
