"""Polite, bounded HTTP fetching with httpx: the only place jianbao talks to the web.

One :class:`Fetcher` per run holds one ``httpx.AsyncClient`` and, per host (``host:port``), a
semaphore (``concurrency_per_host``), the time the next request may start (``delay_seconds``, or
the site's robots.txt ``Crawl-delay`` when longer) and the parsed robots.txt. ``fetch(url)``
never raises: it returns a :class:`FetchResult` whose ``reason`` is ``"ok"``, ``"not_modified"``
or why nothing usable came back (``robots_disallowed``, ``http_404``, ``timeout``, ``too_large``,
``redirect_loop``, …) with a coded :class:`~jianbao.errors.CollectError` for the message.

Bounded by construction: a request has a connect/read timeout plus an overall deadline, a body
is streamed and abandoned past ``max_bytes``, redirects are followed by hand (each hop checked
against robots.txt and the private-address rule) up to ``max_redirects``, and retries (timeouts
and 5xx only) back off exponentially up to ``retries`` times. See docs/decisions/0003-fetcher.md.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from jianbao import __version__
from jianbao.collect.urls import canonicalize, check_url, host_key, lookup
from jianbao.errors import CollectError
from jianbao.models import Fetched
from jianbao.settings import CollectSettings

__all__ = ["DOCS_URL", "FetchResult", "Fetcher", "content_kind", "default_user_agent"]

DOCS_URL = "https://jianbao.readthedocs.io/"  # named in the User-Agent so webmasters can read up
ROBOTS_AGENT = "jianbao"  # the token robots.txt rules are matched against
# robots.txt files past this size are cut (RFC 9309 asks crawlers to read at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
# A request's whole life (connect, headers, body) may take this many times timeout_seconds:
# httpx's timeouts are per operation, so a server dripping one byte per second never trips them.
DEADLINE_FACTOR = 3.0
RETRYABLE = frozenset({"timeout", "http_5xx"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Longest pause a robots.txt Crawl-delay may impose (some sites ask for an hour).
MAX_CRAWL_DELAY = 60.0

_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_EXTENSION_KINDS = {".pdf": "pdf", ".docx": "docx"}


def default_user_agent() -> str:
    """``jianbao/<version> (+docs URL)``: who is asking, and where to read about it."""
    return f"jianbao/{__version__} (+{DOCS_URL})"


def content_kind(content_type: str | None, url: str) -> str | None:
    """Short content type for jianbao.extract ("html", "pdf", "docx", "text"), else None."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in _KINDS:
        return _KINDS[mime]
    path = urlsplit(url).path.lower()
    for suffix, kind in _EXTENSION_KINDS.items():
        if path.endswith(suffix):
            return kind
    return None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one URL gave: a Fetched (``reason == "ok"``) or the reason it did not."""

    url: str
    reason: str
    fetched: Fetched | None = None
    status: int | None = None
    error: CollectError | None = None
    attempts: int = 1
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when a body arrived (status 2xx)."""
        return self.reason == "ok"

    def header(self, name: str) -> str | None:
        """A response header of the fetched page, or None."""
        if self.fetched is None:
            return None
        lowered = name.lower()
        return next((v for k, v in self.fetched.headers if k.lower() == lowered), None)


@dataclass(slots=True)
class _Host:
    semaphore: asyncio.Semaphore
    gate: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    robots: RobotFileParser | None = None
    robots_problem: str | None = None  # set when robots.txt answered 5xx: everything is refused
    crawl_delay: float = 0.0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _fail(url: str, reason: str, message: str, code: str, hint: str | None = None) -> FetchResult:
    return FetchResult(url, reason, error=CollectError(f"<{url}> {message}", code=code, hint=hint))


def _status_reason(status: int) -> tuple[str, str]:
    if status >= 500:
        return "http_5xx", f"HTTP {status}"
    if status in (404, 410):
        return f"http_{status}", f"HTTP {status} (page not found)"
    return "http_4xx", f"HTTP {status}"


class Fetcher:
    """Fetches URLs politely; use as ``async with Fetcher(settings) as fetcher``."""

    def __init__(
        self,
        settings: CollectSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        respect_robots: bool = True,
    ) -> None:
        self.settings = settings
        self.user_agent = settings.user_agent or default_user_agent()
        self.respect_robots = respect_robots
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, _Host] = {}
        self.requests = 0  # HTTP requests sent, robots.txt included

    async def __aenter__(self) -> Fetcher:
        timeout = httpx.Timeout(self.settings.timeout_seconds)
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=timeout,
            transport=self._transport,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.6",
            },
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public ------------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        source: str | None = None,
    ) -> FetchResult:
        """GET ``url`` (conditionally when validators are given), retrying timeouts and 5xx."""
        started = time.monotonic()
        result = FetchResult(url, "timeout")
        for attempt in range(self.settings.retries + 1):
            result = await self._follow(url, etag, last_modified, max_bytes, source)
            if result.reason not in RETRYABLE or attempt == self.settings.retries:
                break
            await asyncio.sleep(self.settings.backoff_seconds * (2**attempt))
        return replace(result, attempts=attempt + 1, elapsed=time.monotonic() - started)

    # -- redirects, safety, robots ---------------------------------------------------------

    async def _follow(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        max_bytes: int | None,
        source: str | None,
    ) -> FetchResult:
        current = url
        seen = {_key(url)}
        for _hop in range(self.settings.max_redirects + 1):
            refused = await self._refuse(current)
            if refused is not None:
                return replace(refused, url=url)
            result, location = await self._request(
                url, current, etag, last_modified, max_bytes, source
            )
            if location is None:
                return result
            target = urljoin(current, location)
            if _key(target) in seen:
                return _fail(
                    url,
                    "redirect_loop",
                    f"redirects in a loop ({current} -> {target}).",
                    "E110",
                    "The site is misconfigured; try the page in a browser.",
                )
            seen.add(_key(target))
            current = target
        return _fail(
            url,
            "redirect_loop",
            f"redirected more than {self.settings.max_redirects} times (last: {current}).",
            "E110",
            "Raise max_redirects under [collect], or use the final URL directly.",
        )

    async def _refuse(self, url: str) -> FetchResult | None:
        try:
            host = urlsplit(url).hostname or ""
            addresses = None
            if not self.settings.allow_private_addresses:
                addresses = await asyncio.to_thread(lookup, host)
            check_url(url, allow_private=self.settings.allow_private_addresses, addresses=addresses)
        except CollectError as exc:
            return FetchResult(url, "blocked_url", error=exc)
        if not self.respect_robots or urlsplit(url).path == "/robots.txt":
            return None
        state = self._host(url)
        await self._load_robots(state, url)
        if state.robots_problem:
            return _fail(
                url,
                "robots_disallowed",
                f"not fetched: {state.robots_problem}.",
                "E106",
                "RFC 9309 says to stay away while robots.txt fails; try again later.",
            )
        if state.robots is not None and not state.robots.can_fetch(ROBOTS_AGENT, url):
            return _fail(
                url,
                "robots_disallowed",
                "is disallowed for crawlers by the site's robots.txt.",
                "E106",
                "jianbao honours robots.txt; ask the site for permission or drop this URL.",
            )
        return None

    def _host(self, url: str) -> _Host:
        key = host_key(url)
        state = self._hosts.get(key)
        if state is None:
            state = _Host(asyncio.Semaphore(self.settings.concurrency_per_host))
            self._hosts[key] = state
        return state

    async def _load_robots(self, state: _Host, url: str) -> None:
        async with state.robots_lock:
            if state.robots is not None or state.robots_problem is not None:
                return
            parts = urlsplit(url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            parser = RobotFileParser(robots_url)
            result = await self._follow(robots_url, None, None, ROBOTS_MAX_BYTES, None)
            if result.ok and result.fetched is not None:
                lines = result.fetched.body.decode("utf-8", errors="replace").splitlines()
                parser.parse(lines)
            elif result.reason == "http_5xx":
                # RFC 9309 2.3.1.4: an unreachable robots.txt means "disallow everything".
                state.robots_problem = f"robots.txt answered HTTP {result.status}"
                return
            else:
                # 4xx, too large, network trouble: RFC 9309 says the crawler may go ahead (the
                # pages' own fetches will report a host that is really down).
                parser.parse(["User-agent: *", "Allow: /"])
            parser.modified()
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay is not None:
                state.crawl_delay = min(float(delay), MAX_CRAWL_DELAY)
            state.robots = parser

    # -- one HTTP request --------------------------------------------------------------------

    async def _wait_turn(self, state: _Host) -> None:
        delay = max(self.settings.delay_seconds, state.crawl_delay)
        async with state.gate:
            now = time.monotonic()
            if state.next_start > now:
                await asyncio.sleep(state.next_start - now)
            state.next_start = time.monotonic() + delay

    async def _request(
        self,
        url: str,
        current: str,
        etag: str | None,
        last_modified: str | None,
        max_bytes: int | None,
        source: str | None,
    ) -> tuple[FetchResult, str | None]:
        assert self._client is not None, "use Fetcher as an async context manager"
        cap = max_bytes or self.settings.max_bytes
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        state = self._host(current)
        timeout = self.settings.timeout_seconds
        async with state.semaphore:
            await self._wait_turn(state)
            self.requests += 1
            try:
                async with asyncio.timeout(timeout * DEADLINE_FACTOR):
                    return await self._exchange(url, current, headers, cap, source)
            except (httpx.TimeoutException, TimeoutError):
                return _fail(
                    url,
                    "timeout",
                    f"did not answer within {timeout:g} s.",
                    "E108",
                    "The site is slow or down; raise timeout_seconds under [collect] or retry.",
                ), None
            except httpx.RemoteProtocolError as exc:
                if "incomplete" in str(exc) or "complete message body" in str(exc):
                    return _fail(
                        url,
                        "truncated",
                        f"was cut off before its end ({exc}).",
                        "E112",
                        "The server dropped the connection; try again later.",
                    ), None
                return _fail(
                    url, "connect_error", f"broke the HTTP protocol ({exc}).", "E111"
                ), None
            except (httpx.TransportError, httpx.DecodingError) as exc:
                return _fail(
                    url,
                    "connect_error",
                    f"could not be fetched ({exc.__class__.__name__}: {exc}).",
                    "E111",
                    "Check the host name and the network.",
                ), None
            except httpx.InvalidURL as exc:
                return _fail(url, "blocked_url", f"is not a valid URL ({exc}).", "E105"), None

    async def _exchange(
        self, url: str, current: str, headers: dict[str, str], cap: int, source: str | None
    ) -> tuple[FetchResult, str | None]:
        assert self._client is not None
        async with self._client.stream("GET", current, headers=headers) as response:
            status = response.status_code
            if status in REDIRECTS and response.headers.get("location"):
                return FetchResult(url, "redirect", status=status), response.headers["location"]
            if status == 304:
                return FetchResult(url, "not_modified", status=status), None
            if status >= 400:
                reason, what = _status_reason(status)
                result = _fail(
                    url,
                    reason,
                    f"answered {what}.",
                    "E107",
                    "Check the URL in a browser; the page may have moved.",
                )
                return replace(result, status=status), None
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                return self._too_large(url, status, int(declared), cap), None
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    return self._too_large(url, status, size, cap), None
                chunks.append(chunk)
            content_type = response.headers.get("content-type")
            fetched = Fetched(
                url=url,
                final_url=current if current != url else None,
                body=b"".join(chunks),
                fetched_at=_now(),
                status=status,
                headers=tuple((k, v) for k, v in response.headers.multi_items()),
                content_type=content_kind(content_type, current),
                source=source,
            )
            return FetchResult(url, "ok", fetched=fetched, status=status), None

    @staticmethod
    def _too_large(url: str, status: int, size: int, cap: int) -> FetchResult:
        result = _fail(
            url,
            "too_large",
            f"is larger than max_bytes ({size:,} > {cap:,} bytes); abandoned.",
            "E109",
            "Raise max_bytes under [collect] if the page is genuine.",
        )
        return replace(result, status=status)


def _key(url: str) -> str:
    try:
        return canonicalize(url)
    except CollectError:
        return url
