"""Who may edit the shared entries (issue 13, item 8; app/permissions.py), through the real discord.py client and
the local fake Discord:

- MODERATOR_ROLE is a role ID: a role *name* no longer lets anyone in (anyone with Manage Roles could create a
  "Moderators" role), and the log says so at start;
- MODERATION_GUILD_IDS empty while the bot is in two servers: a loud warning at start, and every moderation
  command refused (EN/FR), even to Manage Server;
- the edit form (open 30 minutes) and the confirm buttons (10 minutes) check the moderator again: a moderator whose
  role was removed meanwhile is refused, and nothing changes.
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

import pytest
import yaml
from test_bot_moderation import WEBSITE, settings
from test_hardening_bot import answer, other_guild, record_figures, state_of

from app.bot import Passerelle
from db.registry import Actor as Who
from jurisdictions.loader import dump_jurisdiction
from tests.helpers.fake_discord import (
    GUILD_ID,
    MANAGER,
    MOD_ROLE_ID,
    MOD_ROLE_NAME,
    MODERATOR,
    Actor,
    attachment_option,
    button,
    guild_payload,
    modal_submit,
    running,
    slash,
)

FIGURES = {"tried": 0, "refused": 0, "harmed": 0}
DEMOTED = Actor(user_id=MODERATOR.user_id, name=MODERATOR.name, roles=[])  # the same person, role taken away
OFF = {"en": "Moderation is switched off", "fr": "La modération est désactivée"}
NOT_MOD = {"en": "Only moderators can do this.", "fr": "Seuls les modérateurs peuvent faire cela."}


@pytest.fixture(scope="module", autouse=True)
def _record() -> Any:
    yield
    record_figures("moderators", **FIGURES)


def refused(reply: Any, words: str) -> None:
    FIGURES["tried"] += 1
    assert reply.ephemeral and words in reply.content, reply.json
    FIGURES["refused"] += 1


async def test_a_role_name_is_not_a_moderator_role(store: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    before = await state_of(store)
    async with running(lambda: Passerelle(settings(moderator_role=MOD_ROLE_NAME), registry=store)) as (fake, _):
        refused(await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field=WEBSITE)), NOT_MOD["en"])
        modal = await fake.interact(slash("edit", MANAGER, group="entry", place="NB", field=WEBSITE))
        assert modal.callback_type == 9  # Manage Server still moderates
    assert any("is a role name" in r.getMessage() and "role's ID" in r.getMessage() for r in caplog.records)
    async with running(lambda: Passerelle(settings(moderator_role=str(MOD_ROLE_ID)), registry=store)) as (fake, _):
        modal = await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field=WEBSITE))
        assert modal.callback_type == 9  # by ID
    assert await state_of(store) == before


async def test_no_moderation_guilds_and_two_servers_refuses_everything(store: Any,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    before = await state_of(store)
    async with running(lambda: Passerelle(settings(), registry=store), guilds=[guild_payload(), other_guild()]) as (fake, _):
        for actor in (MODERATOR, MANAGER, Actor(user_id=MANAGER.user_id, permissions=MANAGER.permissions, locale="fr")):
            lang = "fr" if actor.locale == "fr" else "en"
            for payload in (slash("edit", actor, group="entry", place="NB", field=WEBSITE),
                            slash("history", actor, group="entry", place="NB"),
                            slash("revert", actor, group="entry", revision=1),
                            slash("export", actor, group="entry")):
                refused(await fake.interact(payload), OFF[lang])
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("MODERATION_GUILD_IDS is empty and the bot is in 2 servers" in w for w in warnings), warnings
    assert await state_of(store) == before
    # one server: moderation works without the list; two servers and the list: its servers' moderators only
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _):
        assert (await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field=WEBSITE))).callback_type == 9
    async with running(lambda: Passerelle(settings(moderation_guild_ids=[GUILD_ID]), registry=store),
                       guilds=[guild_payload(), other_guild()]) as (fake, _):
        assert (await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field=WEBSITE))).callback_type == 9


async def test_edit_form_rechecks_the_moderator_on_submit(store: Any) -> None:
    before = await store.entry("CA-NB", WEBSITE)
    values = {"value": "https://evil.example.org", "reason": "after demotion", "source_url": "https://example.org/s"}
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _):
        for who, lang in ((DEMOTED, "en"), (Actor(user_id=MODERATOR.user_id, roles=[], locale="fr"), "fr")):
            modal = await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field=WEBSITE))
            assert modal.callback_type == 9
            refused(await fake.interact(modal_submit(modal.data["custom_id"], values, who)), NOT_MOD[lang])
        after = await store.entry("CA-NB", WEBSITE)
        assert (after.value, after.version) == (before.value, before.version)
        modal = await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field=WEBSITE))
        saved = await fake.interact(modal_submit(modal.data["custom_id"], dict(values, value="https://ok.example.org"),
                                                 MODERATOR))
        assert saved.content.startswith("Saved"), saved.content  # still a moderator: saved
    assert (await store.entry("CA-NB", WEBSITE)).value == "https://ok.example.org"


async def test_confirm_buttons_recheck_the_moderator(store: Any) -> None:
    entry = await store.entry("CA-NB", WEBSITE)
    result = await store.update("CA-NB", WEBSITE, "https://edited.example.org", reason="to revert", by=Who("t", "t"),
                                expected_version=entry.version)
    rev = result.revision.id
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, bot):
        ask = await fake.interact(slash("revert", MODERATOR, group="entry", revision=rev))
        confirm, _cancel = ask.buttons()
        refused(await fake.interact(button(confirm["custom_id"], ask.message_id, DEMOTED)), NOT_MOD["en"])
        assert (await store.entry("CA-NB", WEBSITE)).value == "https://edited.example.org"  # not reverted
        # an import preview confirmed after the role was removed
        doc = dump_jurisdiction(bot.snapshot.jurisdictions["CA-NB"])
        doc["regulators"][0]["website"]["value"] = "https://imported.example.org"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("CA-NB.yaml", yaml.safe_dump(doc, allow_unicode=True))
        value, resolved = attachment_option(fake.add_attachment("data.zip", buffer.getvalue()))
        preview = await answer(fake, slash("import", MODERATOR, group="entry", resolved=resolved, file=value), timeout=20)
        confirm, _cancel = preview.buttons()
        refused(await fake.interact(button(confirm["custom_id"], preview.message_id, DEMOTED)), NOT_MOD["en"])
        assert (await store.entry("CA-NB", WEBSITE)).value == "https://edited.example.org"  # not imported
        done = await fake.interact(button(confirm["custom_id"], preview.message_id, MODERATOR))
        assert done.content.startswith("Imported"), done.content
