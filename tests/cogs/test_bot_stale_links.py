"""/entry stale links:true — moderators see the link checker's report (against a local server only)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from test_bot_moderation import deferred, env  # noqa: F401  (fixture)

import jurisdictions.linkcheck as linkcheck
from tests.helpers.fake_discord import MODERATOR, slash


@pytest.fixture
async def local_links(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/ok", ok)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    links = {f"{base}/ok": ["CA-NB sources.ok"], f"{base}/gone": ["CA-NB regulators.nbasw.website"]}
    monkeypatch.setattr(linkcheck, "collect_links", lambda jurisdictions: links)
    yield base
    await runner.cleanup()


async def test_stale_with_links_reports_broken_links(env, local_links):  # noqa: F811
    fake, _, _ = env
    reply = await deferred(fake, slash("stale", MODERATOR, group="entry", days=100000, links=True))
    (embed,) = reply.embeds
    (field,) = [f for f in embed["fields"] if f["name"].startswith("Broken or moved links")]
    assert field["name"] == "Broken or moved links (1 of 2)"
    assert f"{local_links}/gone" in field["value"] and "HTTP 404" in field["value"]
    assert "regulators.nbasw.website" in field["value"]
    assert reply.json["allowed_mentions"] == {"parse": []}
