"""app/telemetry.py is the one module that reads discord.py's private attributes; this exercises each of them
against the real client and the local fake Discord, so a discord.py upgrade that renames one fails here:
`_connection.parsers` (the interaction tracker), `shard._parent.ws` and `ws._keep_alive._last_ack` (the
gateway heartbeat in the status file), `member._roles` (a role the guild cache does not hold)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import discord
import pytest
from deploy_harness import ShardFakeDiscord
from fake_discord import GUILD_ID, MEMBER, MOD_ROLE_ID, member_payload, slash, start_client, stop_client

from app.bot import Passerelle, ShardedPasserelle
from app.telemetry import gateway_sockets, last_ack, member_role_ids
from settings import Settings
from tests.engine_data import real_snapshot


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, guild_ready_timeout=0.05, **values)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running(bot: Passerelle) -> AsyncIterator[ShardFakeDiscord]:
    """The fake Discord (READY carries the shard pair, as Discord sends it to a sharded client), `bot` READY."""
    async with ShardFakeDiscord(heartbeat_interval=50) as fake:
        task = await start_client(bot, fake)
        try:
            yield fake
        finally:
            await stop_client(bot, task)
        assert not fake.refused, fake.refused[:3]


async def _until(predicate, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("sharded", [False, True], ids=["bot", "auto-sharded"])
async def test_telemetry_reads_the_real_clients_internals(sharded: bool) -> None:
    options = {"shard_count": 1, "shard_ids": [0]} if sharded else {}
    bot_type = ShardedPasserelle if sharded else Passerelle
    bot = bot_type(settings(**options), snapshot=real_snapshot())
    async with running(bot) as fake:
        assert isinstance(bot, bot_type)
        # the gateway socket(s), through shard._parent.ws for the sharded client
        sockets = gateway_sockets(bot)
        assert len(sockets) == 1 and sockets[0] is not None and sockets[0].open
        # the heartbeat acknowledgement (ws._keep_alive._last_ack), as wall-clock time
        await _until(lambda: last_ack(sockets[0]) is not None)
        assert abs(last_ack(sockets[0]) - time.time()) < 5  # type: ignore[operator]
        status = bot.status()
        assert status["state"] == "ready" and status["gateway_connected"] and status["gateway_heartbeat_at"]
        # the interaction tracker in _connection.parsers: counted, followed to its end
        seen = bot.interactions_seen
        cb = await fake.interact(slash("canserve", MEMBER, **{"from": "NB", "to": "Gatineau"}))
        assert cb.callback_type == 4
        await _until(lambda: bot.in_flight == 0)
        assert bot.interactions_seen == seen + 1 and bot.status()["interactions"] == seen + 1
        # member._roles: a role id Discord sent that the guild cache does not hold still counts
        guild = bot.get_guild(GUILD_ID)
        assert guild is not None
        unknown_role = 777_000_000_000_000_001
        member = discord.Member(data=member_payload(123, roles=[MOD_ROLE_ID, unknown_role]),  # type: ignore[arg-type]
                                guild=guild, state=guild._state)
        assert {r.id for r in member.roles} == {GUILD_ID, MOD_ROLE_ID}  # what discord.py resolves from its cache
        assert member_role_ids(member) >= {MOD_ROLE_ID, unknown_role}
    assert last_ack(None) is None
