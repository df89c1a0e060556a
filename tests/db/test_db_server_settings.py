"""Per-server settings over the environment's defaults (SQLite and PostgreSQL); the setup message is claimed once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from db.server_settings import ServerSettings, ServerSettingsStore


async def test_two_servers_keep_their_own_settings_over_the_defaults(registry: Any) -> None:
    defaults = ServerSettings(lang="en", review_channel_id=None, private_answers=False)
    first, second = ServerSettingsStore(registry.engine), ServerSettingsStore(registry.engine)
    await first.update(1, by="u1", lang="fr", review_channel_id=111)
    await first.update(2, by="u2", review_channel_id=222, private_answers=True)
    one, two = (await second.get(1)).over(defaults), (await second.get(2)).over(defaults)  # another process reads them
    assert (one.lang, one.review_channel_id, one.private_answers) == ("fr", 111, False)
    assert (two.lang, two.review_channel_id, two.private_answers) == ("en", 222, True)
    assert (await second.get(3)).over(defaults) == defaults  # a server that set nothing gets the environment's
    await first.update(1, by="u1", lang=None)  # cleared: the default again
    second.forget(1)
    assert (await second.get(1)).over(defaults).lang == "en"


async def test_bad_settings_are_refused(store: Any) -> None:
    settings = ServerSettingsStore(store.engine)
    with pytest.raises(ValueError, match="en or fr"):
        await settings.update(1, by="u", lang="de")
    with pytest.raises(ValueError, match="unknown setting"):
        await settings.update(1, by="u", colour="red")
    assert await settings.get(1) == ServerSettings()


async def test_the_setup_message_is_claimed_once_across_processes(registry: Any) -> None:
    stores = [ServerSettingsStore(registry.engine) for _ in range(4)]
    claims = await asyncio.gather(*(s.claim_setup(9) for s in stores))
    assert sorted(claims) == [False, False, False, True]
    assert await stores[0].claim_setup(9) is False
    await stores[0].update(9, by="u", lang="fr")
    assert await stores[1].claim_setup(9) is False and (await stores[1].get(9)).lang == "fr"


async def test_a_change_made_by_another_process_shows_once_the_copy_is_old(store: Any) -> None:
    writer, reader = ServerSettingsStore(store.engine), ServerSettingsStore(store.engine, max_age=3600)
    assert (await reader.get(5)).lang is None
    await writer.update(5, by="u", lang="fr")
    assert (await reader.get(5)).lang is None  # its copy is fresh: no database read per answer
    reader.max_age = 0.0
    assert (await reader.get(5)).lang == "fr"
