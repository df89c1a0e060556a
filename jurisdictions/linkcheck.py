"""Check every source and regulator URL of the data: HEAD, then GET where HEAD is refused; redirects
followed; bounded concurrency and time. Reports broken and moved links so moderators can fix them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import aiohttp

from jurisdictions.schema import Jurisdiction, iter_facts

R = TypeVar("R")
Outcome = Literal["ok", "moved", "broken", "timeout", "error"]
USER_AGENT = "Passerelle-linkcheck/1.0 (+https://github.com/; checks regulator links)"


@dataclass(frozen=True)
class LinkResult:
    url: str
    outcome: Outcome
    status: int | None
    final_url: str | None
    detail: str
    used_by: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass
class LinkReport:
    results: list[LinkResult] = field(default_factory=list)
    seconds: float = 0.0

    def problems(self) -> list[LinkResult]:
        return [r for r in self.results if r.outcome != "ok"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out


def collect_links(jurisdictions: Iterable[Jurisdiction]) -> dict[str, list[str]]:
    """url -> where it is used (`CA-NB sources.nbasw-tam`, `CA-NB regulators.nbasw.website`)."""
    where: dict[str, list[str]] = {}
    for jur in jurisdictions:
        for key, source in jur.sources.items():
            where.setdefault(source.url, []).append(f"{jur.code} sources.{key}")
        for path, fact in iter_facts(jur):
            if path.endswith((".website", ".register_url")) and isinstance(fact.value, str):
                where.setdefault(fact.value, []).append(f"{jur.code} {path}")
    return where


async def _probe(session: aiohttp.ClientSession, url: str, timeout: float) -> tuple[int, str]:
    limit = aiohttp.ClientTimeout(total=timeout)
    async with session.head(url, allow_redirects=True, timeout=limit) as resp:
        if resp.status not in (403, 405, 501):
            return resp.status, str(resp.url)
    async with session.get(url, allow_redirects=True, timeout=limit) as resp:
        return resp.status, str(resp.url)


async def _check_one(session: aiohttp.ClientSession, gate: asyncio.Semaphore, url: str, used_by: list[str],
                     timeout: float) -> LinkResult:
    async with gate:
        started = time.perf_counter()
        try:
            status, final = await _probe(session, url, timeout)
        except TimeoutError:
            return LinkResult(url, "timeout", None, None, f"no answer within {timeout:g} s", tuple(used_by),
                              time.perf_counter() - started)
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            return LinkResult(url, "error", None, None, type(exc).__name__ + (f": {exc}" if str(exc) else ""),
                              tuple(used_by), time.perf_counter() - started)
        elapsed = time.perf_counter() - started
        if status >= 400:
            return LinkResult(url, "broken", status, final, f"HTTP {status}", tuple(used_by), elapsed)
        if final.rstrip("/") != url.rstrip("/"):
            return LinkResult(url, "moved", status, final, f"now at {final}", tuple(used_by), elapsed)
        return LinkResult(url, "ok", status, final, f"HTTP {status}", tuple(used_by), elapsed)


async def for_each_url(urls: Iterable[str],
                       work: Callable[[aiohttp.ClientSession, asyncio.Semaphore, str], Coroutine[Any, Any, R]],
                       late: Callable[[str], R], concurrency: int, deadline: float | None) -> list[R]:
    """`work(session, gate, url)` for every URL over one session (the link check, the page watch): `gate` lets at
    most `concurrency` requests run at once, `deadline` caps the whole run and a URL not done by then gets
    `late(url)`. Results in the URLs' order."""
    gate = asyncio.Semaphore(max(1, concurrency))
    connector = aiohttp.TCPConnector(limit=max(1, concurrency), ttl_dns_cache=300)
    async with aiohttp.ClientSession(connector=connector, headers={"User-Agent": USER_AGENT}) as session:
        tasks = {url: asyncio.create_task(work(session, gate, url)) for url in urls}
        if not tasks:
            return []
        done, pending = await asyncio.wait(tasks.values(), timeout=deadline)
        for task in pending:
            task.cancel()
        return [task.result() if task in done else late(url) for url, task in tasks.items()]


async def check_links(links: Mapping[str, list[str]], timeout: float = 10.0, concurrency: int = 8,
                      deadline: float | None = None) -> LinkReport:
    """Check `links` (url -> uses). `deadline` caps the whole run; unchecked URLs are reported as timeouts."""
    started = time.perf_counter()
    results = await for_each_url(
        links, lambda session, gate, url: _check_one(session, gate, url, links[url], timeout),
        lambda url: LinkResult(url, "timeout", None, None, "not checked before the deadline", tuple(links[url])),
        concurrency, deadline)
    return LinkReport(sorted(results, key=lambda r: (r.outcome == "ok", r.url)), time.perf_counter() - started)
