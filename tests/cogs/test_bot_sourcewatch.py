"""End-to-end: the running bot's source watch (issue 15) against a local web server whose pages change, the real
discord.py client, the local fake Discord and the real registry on a SQLite file: one notice per change of a cited
page, in each server's review channel and language, with a button per citing fact and "Mark verified"."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
import subprocess
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver
from test_bot_reports import press

from app.bot import Passerelle
from app.guild_prefs import prefs
from db import registry as reg
from db.registry import Registry
from jurisdictions.pagewatch import citations
from settings import Settings
from tests.helpers.bot import bot_settings
from tests.helpers.fake_discord import GUILD_ID, MEMBER, MODERATOR, WATCH_CHANNEL_ID, FakeDiscord, Request, running
from tests.helpers.web import PAGE, Site

REVIEW = WATCH_CHANNEL_ID
OLD_DAY = dt.date(2026, 11, 28)
HOST = "watch.nbasw.example.org"  # the data needs a real host name; this one is served by the local site


class LocalResolver(AbstractResolver):
    """HOST is the local test server; every other name is refused (no network in tests)."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict[str, Any]]:
        if host != HOST:
            raise OSError(f"no network in tests: {host}")
        return [{"hostname": host, "host": "127.0.0.1", "port": self.port, "family": socket.AF_INET, "proto": 0,
                 "flags": socket.AI_NUMERICHOST}]

    async def close(self) -> None:
        return None


def certificate(directory: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for HOST (the data accepts https:// sources only)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"],
                   check=True, capture_output=True)
    return cert, key


class TLSSite(Site):
    """tests/helpers/web.Site over TLS."""

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__()
        self.context = context

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def page(request: web.Request) -> web.Response:
            body = self.pages.get(request.path)
            return web.Response(text=body, content_type="text/html") if body is not None else web.Response(status=404)

        async def start() -> None:
            app = web.Application()
            app.router.add_get("/{tail:.*}", page)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=self.context)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()


def settings(**overrides: object) -> Settings:
    return bot_settings(**({"review_channel_id": REVIEW} | overrides))


@pytest.fixture
def site(monkeypatch, tmp_path):
    cert, key = certificate(tmp_path)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    site = TLSSite(server).start()
    client = ssl.create_default_context(cafile=str(cert))
    real = aiohttp.TCPConnector
    monkeypatch.setattr(aiohttp, "TCPConnector", lambda **kw: real(resolver=LocalResolver(site.port), ssl=client, **kw))
    site.pages["/practice"] = PAGE.format(stamp=1, cls="a", text="Register before you practise.")
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
async def store(tmp_path, site):
    """A registry where two New Brunswick facts cite the local page (read on 2026-11-28)."""
    store = await Registry.open(f"sqlite+aiosqlite:///{tmp_path / 'passerelle.db'}")
    by = reg.Actor("cli:test", "tester")
    try:
        for path in ("rule.summary", "rule.electronic_practice"):
            await store.mark_verified("CA-NB", by=by, source=page_url(site), path=path,
                                      title="NBASW — Electronic practice", today=OLD_DAY)
        yield store
    finally:
        await store.close()


def page_url(site: Site) -> str:
    return f"https://{HOST}/practice"


def local_only(bot: Passerelle, site: Site) -> None:
    """The watch reads the current snapshot's citations, limited to the local server's pages (no network)."""
    cog = bot.get_cog("SourceWatch")
    base = f"https://{HOST}/"
    cog.cited = lambda: {u: c for u, c in citations(bot.snapshot.jurisdictions.values()).items() if u.startswith(base)}


def notices(fake: FakeDiscord, start: int, channel: int = REVIEW) -> list[Request]:
    return [r for r in fake.since(start) if r.method == "POST" and r.path == f"/channels/{channel}/messages"]


async def test_a_changed_page_gives_one_notice_with_its_facts(store, site):
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, bot):
        local_only(bot, site)
        cog = bot.get_cog("SourceWatch")
        start = fake.mark()
        assert await cog.run_round() == 0  # first reading: recorded
        site.pages["/practice"] = PAGE.format(stamp=2, cls="b", text="Register before you practise.")
        assert await cog.run_round() == 0  # markup only
        site.pages["/practice"] = PAGE.format(stamp=3, cls="b", text="Notify the association before you practise.")
        assert await cog.run_round() == 1
        assert await cog.run_round() == 0  # the same text again
        (post,) = notices(fake, start)
        assert post.json["allowed_mentions"] == {"parse": []}
        (embed,) = post.embeds
        assert embed["title"] == "A cited page changed"
        assert post.text().startswith("A cited page changed\nNBASW — Electronic practice changed since 2026-11-28: "
                                      "2 facts cite it (CA-NB rule.summary, CA-NB rule.electronic_practice)")
        labels = [b["label"] for b in post.buttons()]
        assert labels == ["CA-NB rule.summary", "CA-NB rule.electronic_practice", "Mark verified"]

        fact_button, _, verify = post.buttons()
        shown = await fake.interact(press(fake, fact_button["custom_id"], post.message_id, MEMBER))
        assert shown.ephemeral and shown.embeds[0]["title"] == "New Brunswick (CA-NB) · rule.summary"
        values = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
        assert values["Source read on"] == "2026-11-28" and page_url(site) in values["Source"]

        refused = await fake.interact(press(fake, verify["custom_id"], post.message_id, MEMBER))
        assert refused.ephemeral and refused.content == "Only moderators can do this."
        assert (await store.entry("CA-NB", "rule.summary")).source.last_verified == OLD_DAY
        mark = fake.mark()
        await fake.interact(press(fake, verify["custom_id"], post.message_id, MODERATOR))
        done = await fake.wait_for(lambda r: r.method == "POST" and "marked verified today" in r.content, start=mark)
        assert done.json["flags"] == 64 and "1 source(s)" in done.content
        assert (await store.entry("CA-NB", "rule.summary")).source.last_verified == dt.date.today()


async def test_the_periodic_task_posts_in_each_servers_language(store, site):
    async with running(lambda: Passerelle(settings(source_watch_hours=0.3 / 3600), registry=store)) as (fake, bot):
        local_only(bot, site)  # before the first round (one interval after start)
        await prefs(bot).update(GUILD_ID, by="test", lang="fr")
        start = fake.mark()
        await asyncio.sleep(1.0)  # a few rounds: the first reading
        site.pages["/practice"] = PAGE.format(stamp=4, cls="c", text="Les règles ont changé.")
        post = await fake.wait_for(lambda r: r.method == "POST" and r.path == f"/channels/{REVIEW}/messages",
                                   start=start, timeout=10)
        assert post.embeds[0]["title"] == "Une page citée a changé"
        assert "a changé depuis le 2026-11-28 : 2 fait(s) le citent" in post.text()
        assert post.buttons()[-1]["label"] == "Marquer vérifiée"
        await asyncio.sleep(1.0)
        assert len(notices(fake, start)) == 1  # later rounds: unchanged


async def test_the_watch_is_off_by_default(store):
    async with running(lambda: Passerelle(settings(), registry=store)) as (_, bot):
        assert bot.settings.source_watch_hours == 0 and bot.get_cog("SourceWatch")._task is None
