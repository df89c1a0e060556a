"""MODERATION_GUILD_IDS: only the listed servers' moderators may edit the shared entries."""

from __future__ import annotations

from test_bot_moderation import WEBSITE, settings

from app.bot import Passerelle
from tests.helpers.fake_discord import GUILD_ID, MANAGER, MODERATOR, running, slash


async def test_moderators_of_a_server_not_listed_are_refused(store):
    before = await store.entry("CA-NB", WEBSITE)
    async with running(lambda: Passerelle(settings(moderation_guild_ids=[GUILD_ID + 1]), registry=store)) as (fake, _):
        for actor in (MODERATOR, MANAGER):
            reply = await fake.interact(slash("edit", actor, group="entry", place="NB", field=WEBSITE))
            assert reply.callback_type == 4 and reply.ephemeral, reply.json
            assert "moderator" in reply.content.lower()
    after = await store.entry("CA-NB", WEBSITE)
    assert (after.value, after.version) == (before.value, before.version)


async def test_moderators_of_a_listed_server_may_edit(store):
    async with running(lambda: Passerelle(settings(moderation_guild_ids=[GUILD_ID]), registry=store)) as (fake, _):
        modal = await fake.interact(slash("edit", MODERATOR, group="entry", place="NB", field=WEBSITE))
        assert modal.callback_type == 9


def test_the_setting_reads_a_comma_separated_list() -> None:
    from settings import Settings

    assert Settings(_env_file=None, moderation_guild_ids="1, 2,3").moderation_guild_ids == [1, 2, 3]
    assert Settings(_env_file=None, moderation_guild_ids="").moderation_guild_ids == []
