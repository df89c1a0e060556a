"""Watch the pages the data cites: fetch each one (bounded concurrency, a deadline), fingerprint its main text — not
its markup, scripts or menus — and report the pages whose text changed since the fingerprint on record, with the
facts that cite them, so a moderator re-reads them. Broken and moved pages are left to the link checker's report.

The fingerprints live in a JSON file (`state_path()`): url -> {"fingerprint", "since"} where `since` is the date the
text was first seen as it is."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import aiohttp

from jurisdictions.cachefile import cache_dir, write_atomic
from jurisdictions.linkcheck import for_each_url
from jurisdictions.schema import Jurisdiction, iter_facts
from jurisdictions.texts import text

Outcome = Literal["unchanged", "changed", "new", "unreachable"]
PAGE_MAX = 5 * 1024 * 1024  # bytes read per page: enough for any regulator's page, bounded for a hostile one
NOT_TEXT = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Citation:
    """Who cites a URL: the source entry and the facts that rest on it."""

    url: str
    title: str
    last_verified: dt.date
    facts: tuple[str, ...]  # "CA-ON rule.electronic_practice", …


@dataclass(frozen=True)
class PageResult:
    citation: Citation
    outcome: Outcome
    fingerprint: str | None
    since: str | None  # when the text on record was first seen
    detail: str = ""


@dataclass
class WatchReport:
    results: list[PageResult] = field(default_factory=list)
    seconds: float = 0.0

    def changed(self) -> list[PageResult]:
        return [r for r in self.results if r.outcome == "changed"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out


def citations(jurisdictions: Iterable[Jurisdiction]) -> dict[str, Citation]:
    """url -> its citation, merging every file that cites the same page (the oldest reading date counts)."""
    found: dict[str, tuple[str, dt.date, list[str]]] = {}
    for jur in jurisdictions:
        by_key: dict[str, list[str]] = {}
        for path, fact in iter_facts(jur):
            if fact.source is not None:
                by_key.setdefault(fact.source, []).append(f"{jur.code} {path}")
        for key, source in jur.sources.items():
            title, read, facts = found.get(source.url, (source.title, source.last_verified, []))
            facts.extend(by_key.get(key, []))
            found[source.url] = (title, min(read, source.last_verified), facts)
    return {url: Citation(url, title, read, tuple(facts)) for url, (title, read, facts) in found.items()}


def main_text(html: str) -> str:
    """The words a reader sees in the page's body, whitespace-normalised (attributes, scripts, menus dropped)."""
    from bs4 import BeautifulSoup  # only this command needs it

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(NOT_TEXT):
        tag.decompose()
    body = soup.find("main") or soup.body or soup
    return _SPACE.sub(" ", body.get_text(" ")).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.casefold().encode("utf-8")).hexdigest()


def state_path() -> Path:
    return cache_dir() / "page-fingerprints.json"


def load_state(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict) and isinstance(v.get("fingerprint"), str)} \
        if isinstance(data, dict) else {}


def save_state(path: Path, state: Mapping[str, Mapping[str, str]]) -> None:
    write_atomic(path, json.dumps(state, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8"))


async def _fetch(session: aiohttp.ClientSession, url: str, timeout: float) -> str:
    async with session.get(url, allow_redirects=True, timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
        if resp.status >= 400:
            raise ValueError(f"HTTP {resp.status}")
        raw = await resp.content.read(PAGE_MAX)
        return raw.decode(resp.get_encoding() if resp.charset else "utf-8", errors="replace")


async def _watch_one(session: aiohttp.ClientSession, gate: asyncio.Semaphore, citation: Citation,
                     known: Mapping[str, str] | None, timeout: float, today: str) -> PageResult:
    async with gate:
        try:
            html = await _fetch(session, citation.url, timeout)
        except TimeoutError:
            return PageResult(citation, "unreachable", None, None, f"no answer within {timeout:g} s")
        except (aiohttp.ClientError, OSError, ValueError, LookupError) as exc:
            return PageResult(citation, "unreachable", None, None, type(exc).__name__ + (f": {exc}" if str(exc) else ""))
    text = await asyncio.to_thread(main_text, html)
    mark = fingerprint(text)
    if known is None:
        return PageResult(citation, "new", mark, today)
    if known["fingerprint"] == mark:
        return PageResult(citation, "unchanged", mark, known.get("since"))
    return PageResult(citation, "changed", mark, today, f"text changed since {known.get('since') or 'it was recorded'}")


async def watch_pages(cited: Mapping[str, Citation], state: dict[str, dict[str, str]], timeout: float = 15.0,
                      concurrency: int = 8, deadline: float | None = None,
                      today: dt.date | None = None) -> WatchReport:
    """Fetch every cited page and compare it with `state`, which is updated in place for pages read."""
    started = time.perf_counter()
    day = (today or dt.date.today()).isoformat()
    results = await for_each_url(
        cited, lambda session, gate, url: _watch_one(session, gate, cited[url], state.get(url), timeout, day),
        lambda url: PageResult(cited[url], "unreachable", None, None, "not read before the deadline"),
        concurrency, deadline)
    for r in results:
        if r.fingerprint is not None and r.since is not None:
            state[r.citation.url] = {"fingerprint": r.fingerprint, "since": r.since}
    order = {"changed": 0, "unreachable": 1, "new": 2, "unchanged": 3}
    return WatchReport(sorted(results, key=lambda r: (order[r.outcome], r.citation.url)), time.perf_counter() - started)


def notice(result: PageResult, lang: str = "en") -> str:
    """"OCSWSSW — Electronic practice changed since 2026-11-28: 3 facts cite it (CA-ON rule.electronic_practice, …)"."""
    c = result.citation
    n = len(c.facts)
    listed = ", ".join(c.facts[:5]) + (" …" if n > 5 else "")
    return text("watch.changed_one" if n == 1 else "watch.changed", lang, title=c.title,
                since=c.last_verified.isoformat(), n=n, listed=listed)


def report_json(report: WatchReport) -> dict[str, Any]:
    return {"seconds": round(report.seconds, 2), "counts": report.counts(),
            "changed": [{"url": r.citation.url, "title": r.citation.title, "last_verified": r.citation.last_verified.isoformat(),
                         "facts": list(r.citation.facts), "detail": r.detail} for r in report.changed()],
            "unreachable": [{"url": r.citation.url, "detail": r.detail} for r in report.results if r.outcome == "unreachable"]}
