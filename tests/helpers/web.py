"""A local web server whose pages a test rewrites (the page watch and the source-watch tests)."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

PAGE = """<html><head><title>T</title><script>var t = {stamp};</script><style>p {{color: red}}</style></head>
<body><nav>Home · Members · Contact</nav><main><h1>Electronic practice</h1><p class="{cls}">{text}</p></main>
<footer>© {stamp}</footer></body></html>"""


class Site:
    """A web server in a thread whose pages the test rewrites."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def page(request: web.Request) -> web.Response:
            body = self.pages.get(request.path)
            if body is None:
                return web.Response(status=404)
            return web.Response(text=body, content_type="text/html")

        async def start() -> None:
            app = web.Application()
            app.router.add_get("/{tail:.*}", page)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> Site:
        self._thread.start()
        self._ready.wait(10)
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
