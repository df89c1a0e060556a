"""The link checker against a local HTTP server: good, redirected, missing, HEAD-refusing and slow pages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from jurisdictions.linkcheck import check_links, collect_links
from tests.helpers.engine_data import real_snapshot


@pytest.fixture
async def site() -> AsyncIterator[str]:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="fine")

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/ok")

    async def missing(request: web.Request) -> web.Response:
        raise web.HTTPNotFound()

    async def no_head(request: web.Request) -> web.Response:
        if request.method == "HEAD":
            raise web.HTTPMethodNotAllowed("HEAD", ["GET"])
        return web.Response(text="get only")

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    app = web.Application()
    app.router.add_route("*", "/ok", ok)
    app.router.add_route("*", "/moved", moved)
    app.router.add_route("*", "/missing", missing)
    app.router.add_route("*", "/nohead", no_head)
    app.router.add_route("*", "/slow", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = server._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_outcomes(site: str) -> None:
    links = {f"{site}/{p}": [f"T {p}"] for p in ("ok", "moved", "missing", "nohead", "slow")}
    links["http://127.0.0.1:9/closed"] = ["T closed"]
    report = await check_links(links, timeout=0.5, concurrency=3)
    by_url = {r.url.rsplit("/", 1)[1]: r for r in report.results}
    assert by_url["ok"].outcome == "ok" and by_url["ok"].status == 200
    assert by_url["moved"].outcome == "moved" and by_url["moved"].final_url == f"{site}/ok"
    assert by_url["missing"].outcome == "broken" and by_url["missing"].status == 404
    assert by_url["nohead"].outcome == "ok"
    assert by_url["slow"].outcome == "timeout"
    assert by_url["closed"].outcome == "error"
    assert report.counts() == {"ok": 2, "moved": 1, "broken": 1, "timeout": 1, "error": 1}
    assert [r.outcome for r in report.results][-1] == "ok"  # problems first
    assert by_url["missing"].used_by == ("T missing",)


async def test_deadline_bounds_the_whole_run(site: str) -> None:
    links = {f"{site}/slow?{i}": ["x"] for i in range(6)}
    report = await check_links(links, timeout=5, concurrency=2, deadline=0.5)
    assert report.seconds < 2
    assert all(r.outcome == "timeout" for r in report.results)


def test_every_source_and_regulator_link_is_collected() -> None:
    links = collect_links(real_snapshot().jurisdictions.values())
    urls = {s.url for j in real_snapshot().jurisdictions.values() for s in j.sources.values()}
    assert urls <= set(links)
    assert any(" regulators." in use and use.endswith(".website") for uses in links.values() for use in uses)
