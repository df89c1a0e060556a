"""End-to-end: moderation through the real discord.py client, the local fake Discord, and the real
registry service on a SQLite file in a temp directory."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml

from app.bot import Passerelle
from db import registry as reg
from db.registry import Registry
from jurisdictions.loader import dump_jurisdiction
from tests.helpers.bot import bot_settings
from tests.helpers.fake_discord import (
    APP_ID,
    MANAGER,
    MEMBER,
    MOD_ROLE_ID,
    MODERATOR,
    WATCH_CHANNEL_ID,
    Actor,
    FakeDiscord,
    attachment_option,
    autocomplete,
    button,
    channel_option,
    modal_submit,
    running,
    slash,
)

WEBSITE = "regulators.nbasw.website"
OLD_SITE = "https://www.nbasw-atsnb.ca"
FRENCH_MOD = Actor(user_id=421_000_000_000_000_001, name="modératrice", roles=[MOD_ROLE_ID], locale="fr")
OTHER_MOD = Actor(user_id=422_000_000_000_000_001, name="other-mod", roles=[MOD_ROLE_ID])


settings = bot_settings  # other test modules import it from here



@pytest.fixture
async def env(store):
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, bot):
        yield fake, bot, store


async def followup(fake: FakeDiscord, payload: dict, start: int, timeout: float = 5.0) -> object:
    """The follow-up message a deferred command sends (POST /webhooks/{app}/{token})."""
    path = f"/webhooks/{APP_ID}/{payload['token']}"
    return await fake.wait_for(lambda r: r.method == "POST" and r.path == path, start=start, timeout=timeout)


async def deferred(fake: FakeDiscord, payload: dict, timeout: float = 5.0):
    """A deferred command's answer; Discord lets a deferred interaction answer for 15 minutes, so slow work (an
    export renders every file) may take longer than the default wait on a loaded machine."""
    start = fake.mark()
    cb = await fake.interact(payload)
    assert cb.callback_type == 5 and cb.json["data"]["flags"] == 64  # ephemeral "thinking…"
    return await followup(fake, payload, start, timeout)


async def open_edit(fake: FakeDiscord, actor: Actor = MODERATOR, place: str = "NB", field: str = WEBSITE):
    modal = await fake.interact(slash("edit", actor, group="entry", place=place, field=field))
    assert modal.callback_type == 9, modal.json
    return modal


def inputs(modal) -> dict[str, dict]:
    return {c["custom_id"]: c for c in modal.text_inputs()}


# ----- who may moderate -----------------------------------------------------------------------------------------
async def test_non_moderator_is_refused_and_nothing_changes(env):
    fake, _, store = env
    for payload in (slash("edit", MEMBER, group="entry", place="NB", field=WEBSITE),
                    slash("history", MEMBER, group="entry", place="NB"),
                    slash("revert", MEMBER, group="entry", revision=1),
                    slash("export", MEMBER, group="entry")):
        cb = await fake.interact(payload)
        assert cb.callback_type == 4 and cb.ephemeral
        assert cb.content == "Only moderators can do this."
        assert cb.data["allowed_mentions"] == {"parse": []}
    ac = await fake.interact(autocomplete("edit", "field", MEMBER, group="entry", place="NB", field="web"))
    assert ac.json["data"]["choices"] == []  # the check guards autocomplete too
    assert await store.history("CA-NB") == []
    assert (await store.entry("CA-NB", WEBSITE)).value == OLD_SITE


async def test_manage_server_or_role_id_is_enough(store):
    async with running(lambda: Passerelle(settings(moderator_role=str(MOD_ROLE_ID)), registry=store)) as (fake, _):
        for actor in (MANAGER, MODERATOR):
            reply = await deferred(fake, slash("history", actor, group="entry", place="NB"))
            assert "No edits recorded" in reply.content


async def test_commands_are_registered_with_default_permissions(env):
    _, bot, _ = env
    group = bot.tree.get_command("entry")
    assert group is not None and group.default_permissions is not None and group.default_permissions.manage_guild
    assert group.guild_only
    assert {c.name for c in group.commands} == {"edit", "history", "revert", "verify", "stale", "watch", "unwatch",
                                                 "import", "export", "reports"}  # reports: cogs.reports (issue 15)


# ----- edit with a modal --------------------------------------------------------------------------------------------
async def test_field_autocomplete_lists_editable_paths(env):
    fake, _, _ = env
    cb = await fake.interact(autocomplete("edit", "field", MODERATOR, group="entry", place="NB", field="website"))
    values = [c["value"] for c in cb.json["data"]["choices"]]
    assert WEBSITE in values and all(len(c["name"]) <= 100 for c in cb.json["data"]["choices"])


async def test_edit_modal_prefilled_then_saved(env):
    fake, _bot, store = env
    modal = await open_edit(fake)
    form = modal.data
    assert form["title"].startswith("Edit CA-NB") and len(form["title"]) <= 45
    fields = inputs(modal)
    assert fields["value"]["value"] == OLD_SITE  # pre-filled with the current value
    assert {"reason", "source_url"} <= set(fields)

    new_site = "https://www.nbasw-atsnb.ca/en/"
    saved = await fake.interact(modal_submit(form["custom_id"], {
        "value": new_site, "reason": "new address", "source_url": "https://www.nbasw-atsnb.ca/contact"}, MODERATOR))
    assert saved.callback_type == 4 and saved.ephemeral
    assert saved.content.startswith("Saved: New Brunswick (CA-NB) · regulators.nbasw.website")
    assert (await store.entry("CA-NB", WEBSITE)).value == new_site
    # the next answer uses the rebuilt snapshot: the website button points at the new address
    card = await fake.interact(slash("regulator", MEMBER, place="NB"))
    assert new_site in [b.get("url") for b in card.buttons()]
    history = await store.history("CA-NB")
    assert history[-1].by.id == str(MODERATOR.user_id) and history[-1].reason == "new address"


async def test_text_fact_modal_has_both_languages_and_validates(env):
    fake, _, store = env
    modal = await open_edit(fake, field="rule.summary")
    fields = inputs(modal)
    assert {"value_en", "value_fr"} <= set(fields)
    bad = await fake.interact(modal_submit(modal.data["custom_id"], {
        "value_en": "Only English", "value_fr": "", "reason": "r", "source_url": "https://example.org"}, MODERATOR))
    assert bad.ephemeral and bad.content.startswith("Not saved") and "French" in bad.content

    url_modal = await open_edit(fake)
    bad_url = await fake.interact(modal_submit(url_modal.data["custom_id"], {
        "value": "javascript:alert(1)", "reason": "r", "source_url": "https://example.org"}, MODERATOR))
    assert bad_url.content.startswith("Not saved") and "http" in bad_url.content
    assert (await store.entry("CA-NB", WEBSITE)).value == OLD_SITE


async def test_conflicting_edit_shows_current_value_and_retry(env):
    fake, _, store = env
    first = await open_edit(fake, MODERATOR)
    second = await open_edit(fake, OTHER_MOD)  # both forms show version 1
    ok = await fake.interact(modal_submit(first.data["custom_id"], {
        "value": "https://first.example.org", "reason": "first", "source_url": "https://first.example.org/src"}, MODERATOR))
    assert ok.content.startswith("Saved")

    conflict = await fake.interact(modal_submit(second.data["custom_id"], {
        "value": "https://second.example.org", "reason": "second", "source_url": "https://second.example.org/src"},
        OTHER_MOD))
    assert conflict.callback_type == 4 and conflict.ephemeral
    assert "changed" in conflict.content and "https://first.example.org" in conflict.content  # the current value
    assert "https://second.example.org" in conflict.content  # and what they typed, so nothing is lost
    (retry,) = conflict.buttons()
    assert retry["label"] == "Edit again"
    assert (await store.entry("CA-NB", WEBSITE)).value == "https://first.example.org"  # not overwritten

    reopened = await fake.interact(button(retry["custom_id"], conflict.message_id, OTHER_MOD))
    assert reopened.callback_type == 9
    assert inputs(reopened)["value"]["value"] == "https://first.example.org"
    assert inputs(reopened)["reason"]["value"] == "second"
    done = await fake.interact(modal_submit(reopened.data["custom_id"], {
        "value": "https://second.example.org", "reason": "second", "source_url": "https://second.example.org/src"},
        OTHER_MOD))
    assert done.content.startswith("Saved")
    assert (await store.entry("CA-NB", WEBSITE)).value == "https://second.example.org"


# ----- history, revert, verify, stale ----------------------------------------------------------------------------------
async def edit_website(store: Registry, value: str) -> int:
    current = await store.entry("CA-NB", WEBSITE)
    rev = await store.update("CA-NB", WEBSITE, value, reason="test edit", source_url="https://example.org/src",
                             by=reg.Actor("cli:test", "tester"), expected_version=current.version)
    return rev.revision.id


async def test_history_lists_revisions(env):
    fake, _, store = env
    rev = await edit_website(store, "https://history.example.org")
    reply = await deferred(fake, slash("history", MODERATOR, group="entry", place="Moncton"))
    (embed,) = reply.embeds
    assert embed["title"] == "History of New Brunswick (CA-NB)"
    assert f"#{rev}" in embed["description"] and WEBSITE in embed["description"]
    assert reply.json["flags"] == 64 and reply.json["allowed_mentions"] == {"parse": []}


async def test_revert_asks_to_confirm_then_restores(env):
    fake, _, store = env
    rev = await edit_website(store, "https://bad.example.org")
    ask = await fake.interact(slash("revert", MODERATOR, group="entry", revision=rev))
    assert ask.ephemeral and f"Revert revision {rev}?" in ask.content and OLD_SITE in ask.content
    confirm, _cancel = ask.buttons()
    assert (await store.entry("CA-NB", WEBSITE)).value == "https://bad.example.org"  # nothing yet

    refused = await fake.interact(button(confirm["custom_id"], ask.message_id, OTHER_MOD))
    assert refused.ephemeral and "belong" in refused.content

    done = await fake.interact(button(confirm["custom_id"], ask.message_id, MODERATOR))
    assert done.callback_type == 7 and done.content.startswith(f"Reverted revision {rev}")
    assert done.data["components"] == []
    assert (await store.entry("CA-NB", WEBSITE)).value == OLD_SITE
    assert (await store.history("CA-NB"))[-1].action == "revert"

    missing = await fake.interact(slash("revert", MODERATOR, group="entry", revision=99999))
    assert "There is no revision 99999" in missing.content


async def test_revert_cancel_changes_nothing(env):
    fake, _, store = env
    rev = await edit_website(store, "https://keep.example.org")
    ask = await fake.interact(slash("revert", MODERATOR, group="entry", revision=rev))
    _, cancel = ask.buttons()
    done = await fake.interact(button(cancel["custom_id"], ask.message_id, MODERATOR))
    assert done.callback_type == 7 and done.content.startswith("Cancelled")
    assert (await store.entry("CA-NB", WEBSITE)).value == "https://keep.example.org"


async def test_verify_and_stale(env):
    fake, bot, _store = env
    import datetime as dt

    today = dt.date.today()  # sources already read today are not counted again
    n_sources = sum(1 for s in bot.snapshot.jurisdictions["CA-NB"].sources.values() if s.last_verified != today)
    stale = await deferred(fake, slash("stale", MODERATOR, group="entry", days=0))
    assert "CA-NB" in stale.embeds[0]["description"]

    reply = await deferred(fake, slash("verify", MODERATOR, group="entry", place="NB"))
    assert reply.content == f"New Brunswick (CA-NB): {n_sources} sources marked verified today."
    after = await deferred(fake, slash("stale", MODERATOR, group="entry", days=0))
    assert "`CA-NB`" not in (after.embeds[0]["description"] if after.embeds else after.content)

    ac = await fake.interact(autocomplete("verify", "source", MODERATOR, group="entry", place="NB", source="nbasw"))
    assert ac.json["data"]["choices"] and all("nbasw" in c["value"] for c in ac.json["data"]["choices"])


# ----- watch alerts ---------------------------------------------------------------------------------------------------------
async def test_watch_posts_before_after_notices(env):
    fake, _, store = env
    value, resolved = channel_option(WATCH_CHANNEL_ID)
    ok = await fake.interact(slash("watch", MODERATOR, group="entry", resolved=resolved, place="NB", channel=value))
    assert ok.ephemeral and ok.content.startswith("Edits to New Brunswick (CA-NB) will be posted in")
    assert sorted(store.watchers("CA-NB")) == [WATCH_CHANNEL_ID]

    start = fake.mark()
    modal = await open_edit(fake)
    await fake.interact(modal_submit(modal.data["custom_id"], {
        "value": "https://watched.example.org", "reason": "moved", "source_url": "https://watched.example.org/src"},
        MODERATOR))
    notice = await fake.wait_for(lambda r: r.path == f"/channels/{WATCH_CHANNEL_ID}/messages"
                                 and WEBSITE in r.text(), start=start)
    (embed,) = notice.embeds
    assert "edited by mod" in embed["title"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert OLD_SITE in fields["Before"] and "https://watched.example.org" in fields["After"]
    assert fields["Reason"] == "moved"
    assert notice.json["allowed_mentions"] == {"parse": []}

    # an edit made outside Discord (the registry API, as the CLI does) is announced too
    start = fake.mark()
    await edit_website(store, "https://cli.example.org")
    await fake.wait_for(lambda r: r.path == f"/channels/{WATCH_CHANNEL_ID}/messages" and "cli.example.org" in r.text(),
                        start=start)

    bye = await fake.interact(slash("unwatch", MODERATOR, group="entry", resolved=resolved, place="NB", channel=value))
    assert "no longer" in bye.content and sorted(store.watchers("CA-NB")) == []


# ----- import / export ---------------------------------------------------------------------------------------------------
def nb_document(bot: Passerelle, phone: str) -> bytes:
    doc = dump_jurisdiction(bot.snapshot.jurisdictions["CA-NB"])
    doc["regulators"][0]["phone"]["value"] = phone
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


async def test_import_dry_run_then_confirm(env):
    fake, bot, store = env
    attachment = fake.add_attachment("CA-NB.yaml", nb_document(bot, "506-000-0000"))
    value, resolved = attachment_option(attachment)
    preview = await deferred(fake, slash("import", MODERATOR, group="entry", resolved=resolved, file=value))
    (embed,) = preview.embeds
    assert embed["title"].startswith("Import preview (1 changes)")
    assert "regulators.nbasw.phone" in embed["description"]
    assert (await store.entry("CA-NB", "regulators.nbasw.phone")).value != "506-000-0000"  # dry run only
    confirm, _ = preview.buttons()
    done = await fake.interact(button(confirm["custom_id"], preview.message_id, MODERATOR))
    assert done.callback_type == 7 and done.content == "Imported 1 changes."
    assert (await store.entry("CA-NB", "regulators.nbasw.phone")).value == "506-000-0000"


async def test_import_refuses_a_bad_file_whole(env):
    fake, _, store = env
    bad = fake.add_attachment("CA-NB.yaml", b"code: CA-NB\nkind: province\nname: {en: X}\n")
    value, resolved = attachment_option(bad)
    reply = await deferred(fake, slash("import", MODERATOR, group="entry", resolved=resolved, file=value))
    assert reply.content.startswith("Import refused, nothing changed")
    assert await store.history("CA-NB") == []


async def test_export_sends_a_zip_of_data_files(env):
    fake, bot, _ = env
    reply = await deferred(fake, slash("export", MODERATOR, group="entry"), timeout=60.0)
    assert reply.json["flags"] == 64
    (name, content), = reply.files.items()
    assert name == "passerelle-export.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert len(names) == len(bot.snapshot.jurisdictions) and "CA-NB.yaml" in names
        assert yaml.safe_load(archive.read("CA-NB.yaml"))["code"] == "CA-NB"
        assert archive.read("CA-NB.yaml").startswith(b"# New Brunswick")  # the data file itself, comments kept


# ----- French ----------------------------------------------------------------------------------------------------------------
async def test_french_moderator(env):
    fake, _, _ = env
    modal = await open_edit(fake, FRENCH_MOD)
    assert modal.data["title"].startswith("Modifier CA-NB")
    labels = {c["custom_id"]: c.get("label") for c in modal.text_inputs()}
    assert labels["reason"] == "Motif" and labels["source_url"] == "URL de la source"
    refused = await fake.interact(slash("history", Actor(user_id=423_000_000_000_000_001, locale="fr"), group="entry", place="NB"))
    assert refused.content == "Seuls les modérateurs peuvent faire cela."
    saved = await fake.interact(modal_submit(modal.data["custom_id"], {
        "value": "https://fr.example.org", "reason": "motif", "source_url": "https://fr.example.org/src"}, FRENCH_MOD))
    assert saved.content.startswith("Enregistré : Nouveau-Brunswick (CA-NB)")


async def test_registry_errors_are_typed(store):
    with pytest.raises(reg.NotFound):
        await store.get("ZZ-ZZ")
