"""The local fake Discord refuses what real Discord refuses: each malformed request below gets HTTP 400 with
Discord's "Invalid Form Body" answer, and well-formed ones still pass (the bot's own traffic is checked in every
bot test: `fake_discord.running` fails a test whose bot sent a request the fake refused)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.helpers.fake_discord import APP_ID, FakeDiscord

CALLBACK = "/interactions/1/tok/callback"
COMMANDS = f"/applications/{APP_ID}/commands"
WEBHOOK = f"/webhooks/{APP_ID}/tok"


def reply(**data: Any) -> dict[str, Any]:
    return {"type": 4, "data": {"content": "ok", **data}}


def embed(**fields: Any) -> dict[str, Any]:
    return reply(embeds=[{"title": "t", **fields}])


def row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(buttons)}


def btn(**kw: Any) -> dict[str, Any]:
    return {"type": 2, "style": 1, "custom_id": "b", "label": "B", **kw}


def link(**kw: Any) -> dict[str, Any]:
    return {"type": 2, "style": 5, "url": "https://example.org", "label": "L", **kw}


def modal(**kw: Any) -> dict[str, Any]:
    data = {"custom_id": "m", "title": "Edit",
            "components": [row({"type": 4, "custom_id": "v", "label": "Value", "style": 1})]}
    data.update(kw)
    return {"type": 9, "data": data}


def text_input(**kw: Any) -> dict[str, Any]:
    return modal(components=[row({"type": 4, "custom_id": "v", "label": "Value", "style": 1, **kw})])


def command(**kw: Any) -> list[dict[str, Any]]:
    return [{"name": "canserve", "description": "d", "type": 1, **kw}]


def option(**kw: Any) -> dict[str, Any]:
    return {"type": 3, "name": "place", "description": "d", **kw}


FIELD = {"name": "n", "value": "v"}
MALFORMED: dict[str, tuple[str, str, Any]] = {
    "embed title over 256": ("POST", CALLBACK, embed(title="x" * 257)),
    "embed description over 4096": ("POST", CALLBACK, embed(description="x" * 4097)),
    "26 embed fields": ("POST", CALLBACK, embed(fields=[FIELD] * 26)),
    "field value over 1024": ("POST", CALLBACK, embed(fields=[{"name": "n", "value": "x" * 1025}])),
    "field name over 256": ("POST", CALLBACK, embed(fields=[{"name": "x" * 257, "value": "v"}])),
    "field without value": ("POST", CALLBACK, embed(fields=[{"name": "n"}])),
    "embeds over 6000 in all": ("POST", CALLBACK, reply(embeds=[{"description": "x" * 4000}, {"description": "y" * 2500}])),
    "11 embeds": ("POST", CALLBACK, reply(embeds=[{"title": "t"}] * 11)),
    "footer over 2048": ("POST", CALLBACK, embed(footer={"text": "x" * 2049})),
    "author name over 256": ("POST", CALLBACK, embed(author={"name": "x" * 257})),
    "colour over 0xFFFFFF": ("POST", CALLBACK, embed(color=0x1000000)),
    "colour as text": ("POST", CALLBACK, embed(color="red")),
    "field inline as text": ("POST", CALLBACK, embed(fields=[{**FIELD, "inline": "yes"}])),
    "content over 2000": ("POST", CALLBACK, reply(content="x" * 2001)),
    "content as a number": ("POST", CALLBACK, {"type": 4, "data": {"content": 12}}),
    "unknown callback type": ("POST", CALLBACK, {"type": 99, "data": {"content": "x"}}),
    "autocomplete with 26 choices": ("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "a", "value": "b"}] * 26}}),
    "choice name over 100": ("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "x" * 101, "value": "b"}]}}),
    "allowed_mentions parse 'all'": ("POST", CALLBACK, reply(allowed_mentions={"parse": ["all"]})),
    "link button without url": ("POST", CALLBACK, reply(components=[row({"type": 2, "style": 5, "label": "L"})])),
    "link button with custom_id": ("POST", CALLBACK, reply(components=[row(link(custom_id="x"))])),
    "button without custom_id": ("POST", CALLBACK, reply(components=[row({"type": 2, "style": 1, "label": "B"})])),
    "button without label": ("POST", CALLBACK, reply(components=[row({"type": 2, "style": 1, "custom_id": "b"})])),
    "button label over 80": ("POST", CALLBACK, reply(components=[row(btn(label="x" * 81))])),
    "button url over 512": ("POST", CALLBACK, reply(components=[row(link(url="https://e.org/" + "x" * 520))])),
    "custom_id over 100": ("POST", CALLBACK, reply(components=[row(btn(custom_id="x" * 101))])),
    "unknown button style": ("POST", CALLBACK, reply(components=[row(btn(style=9))])),
    "6 buttons in a row": ("POST", CALLBACK, reply(components=[row(*[btn(custom_id=f"b{i}") for i in range(6)])])),
    "6 action rows": ("POST", CALLBACK, reply(components=[row(btn(custom_id=f"b{i}")) for i in range(6)])),
    "unknown component type": ("POST", CALLBACK, reply(components=[{"type": 99}])),
    "modal title over 45": ("POST", CALLBACK, modal(title="x" * 46)),
    "modal without title": ("POST", CALLBACK, {"type": 9, "data": {"custom_id": "m", "components": []}}),
    "modal with a button": ("POST", CALLBACK, modal(components=[row(btn())])),
    "text input label over 45": ("POST", CALLBACK, text_input(label="x" * 46)),
    "text input max_length over 4000": ("POST", CALLBACK, text_input(max_length=4001)),
    "text input unknown style": ("POST", CALLBACK, text_input(style=3)),
    "command name with capitals": ("PUT", COMMANDS, command(name="CanServe")),
    "command name over 32": ("PUT", COMMANDS, command(name="x" * 33)),
    "command name with a space": ("PUT", COMMANDS, command(name="can serve")),
    "command description over 100": ("PUT", COMMANDS, command(description="x" * 101)),
    "option with 26 choices": ("PUT", COMMANDS, command(options=[option(choices=[{"name": f"c{i}", "value": f"{i}"} for i in range(26)])])),
    "unknown option type": ("PUT", COMMANDS, command(options=[option(type=99)])),
    "localised name for an unknown locale": ("PUT", COMMANDS, command(name_localizations={"xx-YY": "nom"})),
    "follow-up content over 2000": ("POST", WEBHOOK, {"content": "x" * 2001}),
}
WELL_FORMED: dict[str, tuple[str, str, Any]] = {
    "a reply with an embed and a link button": ("POST", CALLBACK, embed(description="d", fields=[FIELD],
                                                                         components=[row(link())])),
    "integer snowflakes in allowed mentions": ("POST", CALLBACK, reply(allowed_mentions={"parse": [], "users": [1]})),
    "a modal": ("POST", CALLBACK, modal()),
    "autocomplete": ("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "Ontario (CA-ON)", "value": "CA-ON"}]}}),
    "commands": ("PUT", COMMANDS, command(name_localizations={"fr": "puis-je-servir"}, options=[option()])),
    "a follow-up": ("POST", WEBHOOK, {"content": "ok"}),
}


@pytest.fixture
async def fake():
    async with FakeDiscord() as server:
        yield server


async def send(fake: FakeDiscord, method: str, path: str, body: Any) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.request(method, f"{fake.base_url}/api/v10{path}", json=body,
                            headers={"Authorization": "Bot fake-token"}) as resp:
        return resp.status, await resp.json()


async def test_the_fake_refuses_every_malformed_request(fake: FakeDiscord) -> None:
    accepted = []
    for name, (method, path, body) in MALFORMED.items():
        status, answer = await send(fake, method, path, body)
        if status != 400 or answer.get("code") != 50035:
            accepted.append(name)
    assert len(MALFORMED) == 44
    assert accepted == []
    assert len(fake.refused) == 44


@pytest.mark.parametrize("name", list(WELL_FORMED))
async def test_the_fake_accepts_what_discord_accepts(fake: FakeDiscord, name: str) -> None:
    method, path, body = WELL_FORMED[name]
    status, answer = await send(fake, method, path, body)
    assert status == 200, answer
    assert fake.refused == []
