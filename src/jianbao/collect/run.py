"""One collect run: discover item links per source, fetch what is new, extract, store.

``collect(store, sources, settings)`` runs every enabled source concurrently (politeness is per
host, in the Fetcher); a failing source is recorded against itself and never stops the others.
Per source: discovery (feed / list pages / sitemap / the one page) -> items older than
``since`` dropped -> links already claimed in this run or already stored skipped -> fetch ->
``jianbao.extract.extract`` -> PDF/DOCX attachments fetched and read -> ``Store.upsert_article``
(one transaction per article). Every URL ends in exactly one reason, counted per source; the
run report carries those counts, and the store keeps each source's health and each URL's state.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from jianbao.collect.feeds import parse_feed
from jianbao.collect.fetch import Fetcher, FetchResult, content_kind
from jianbao.collect.items import Discovered, Discovery, parse_list_date
from jianbao.collect.listing import page_urls, parse_listing
from jianbao.collect.sitemap import parse_sitemap
from jianbao.collect.urls import canonicalize
from jianbao.errors import CollectError, ExtractError, JianbaoError
from jianbao.extract import extract
from jianbao.models import Article, Attachment, Fetched, stable_id
from jianbao.settings import CollectSettings, SourceConfig
from jianbao.store import Store
from jianbao.store.crawl import (
    FetchState,
    fetch_state,
    log_fetches,
    record_source_run,
    save_fetch_state,
    stored_urls,
    sync_sources,
)

__all__ = ["CollectEvent", "CollectReport", "SourceReport", "acollect", "collect", "select_sources"]

log = logging.getLogger(__name__)
T = TypeVar("T")

STORED = ("added", "updated")
# Reasons that are normal outcomes, not failures, when a source's health is judged.
NOT_FAILURES = frozenset(
    {
        "added",
        "updated",
        "unchanged",
        "not_modified",
        "already_stored",
        "duplicate_in_run",
        "older_than_since",
        "would_fetch",
        "malformed",
        "attachments",
    }
)
ATTACHMENT_KINDS = ("pdf", "docx")
# How many child sitemaps of a sitemap index are read at most (on top of max_pages).
MAX_SITEMAPS = 50


@dataclass(frozen=True, slots=True)
class CollectEvent:
    """What happened to one URL of one source."""

    source: str
    url: str
    reason: str
    title: str | None = None
    article_id: str | None = None
    published: datetime | None = None
    message: str | None = None


@dataclass(slots=True)
class SourceReport:
    """One source's part of a run."""

    name: str
    kind: str
    counts: Counter[str] = field(default_factory=Counter)
    discovered: list[Discovered] = field(default_factory=list)
    events: list[CollectEvent] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # coded messages of failed URLs
    error: str | None = None  # set when the source itself could not be read
    problem: str | None = None  # set when a feed/list/sitemap was malformed (bozo)

    @property
    def stored(self) -> int:
        """Articles added or updated."""
        return sum(self.counts[r] for r in STORED)

    @property
    def failed_items(self) -> int:
        """URLs that ended in a failure reason."""
        return sum(n for r, n in self.counts.items() if r not in NOT_FAILURES)

    @property
    def ok(self) -> bool:
        """False when the source could not be read, or every item it had to fetch failed."""
        if self.error:
            return False
        tried = self.failed_items + sum(
            self.counts[r] for r in ("added", "updated", "unchanged", "not_modified")
        )
        return not (tried and self.failed_items == tried)

    def summary_error(self) -> str | None:
        """One line for the source's last_error: the source's error, or its failed URLs."""
        if self.error:
            return self.error
        if not self.failures:
            return None
        reasons = ", ".join(
            f"{r} {n}" for r, n in sorted(self.counts.items()) if r not in NOT_FAILURES
        )
        return f"{len(self.failures)} URL(s) failed ({reasons}); first: {self.failures[0]}"


@dataclass(slots=True)
class CollectReport:
    """What a run did, per source and in total."""

    run_id: str
    dry_run: bool
    sources: list[SourceReport] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0

    @property
    def totals(self) -> Counter[str]:
        """Counts by reason over all sources."""
        total: Counter[str] = Counter()
        for source in self.sources:
            total.update(source.counts)
        return total

    @property
    def stored(self) -> int:
        """Articles added or updated over all sources."""
        return sum(s.stored for s in self.sources)

    @property
    def all_failed(self) -> bool:
        """True when there were sources and none of them could be collected."""
        return bool(self.sources) and not any(s.ok for s in self.sources)


def select_sources(
    sources: Sequence[SourceConfig], names: Iterable[str] | None = None
) -> list[SourceConfig]:
    """Enabled sources, or exactly the ``names`` asked for (E113 for an unknown name)."""
    wanted = list(names or [])
    if not wanted:
        return [s for s in sources if s.enabled]
    by_name = {s.name: s for s in sources}
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        known = ", ".join(sorted(by_name)) or "none"
        raise CollectError(
            f"no source named {', '.join(repr(n) for n in unknown)} in jianbao.toml.",
            code="E113",
            hint=f"Known sources: {known}. `jianbao sources` lists them.",
        )
    return [by_name[n] for n in wanted]


def collect(
    store: Store,
    sources: Sequence[SourceConfig],
    settings: CollectSettings,
    *,
    names: Iterable[str] | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
    on_event: Callable[[CollectEvent], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> CollectReport:
    """Collect the sources (all enabled ones, or ``names``) into ``store``; see the module doc."""
    return asyncio.run(
        acollect(
            store,
            sources,
            settings,
            names=names,
            since=since,
            dry_run=dry_run,
            on_event=on_event,
            on_total=on_total,
            transport=transport,
        )
    )


async def acollect(
    store: Store,
    sources: Sequence[SourceConfig],
    settings: CollectSettings,
    *,
    names: Iterable[str] | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
    on_event: Callable[[CollectEvent], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> CollectReport:
    """The asynchronous form of :func:`collect` (for callers already inside an event loop)."""
    selected = select_sources(sources, names)
    if not dry_run:
        sync_sources(store, sources)
    loop = asyncio.get_running_loop()
    started = loop.time()
    report = CollectReport(run_id=uuid.uuid4().hex, dry_run=dry_run)
    # Extraction (CPU) and store writes (SQLite, one writer) run on one worker thread: the event
    # loop stays free for the network, so timeouts measure the sites and not our own work.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jianbao-collect") as lane:
        async with Fetcher(settings, transport=transport) as fetcher:
            run = _Run(
                store, settings, fetcher, report.run_id, since, dry_run, on_event, on_total, lane
            )
            report.sources = list(await asyncio.gather(*(run.source(s) for s in selected)))
            report.requests = fetcher.requests
    report.seconds = loop.time() - started
    return report


class _Run:
    def __init__(
        self,
        store: Store,
        settings: CollectSettings,
        fetcher: Fetcher,
        run_id: str,
        since: datetime | None,
        dry_run: bool,
        on_event: Callable[[CollectEvent], None] | None,
        on_total: Callable[[int], None] | None,
        lane: ThreadPoolExecutor,
    ) -> None:
        self.lane = lane
        self.store = store
        self.settings = settings
        self.fetcher = fetcher
        self.run_id = run_id
        self.since = since
        self.dry_run = dry_run
        self.on_event = on_event
        self.on_total = on_total
        self.claimed: set[str] = set()

    async def work(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func(*args)`` on the worker thread (extraction, store writes)."""
        return await asyncio.get_running_loop().run_in_executor(self.lane, func, *args)

    # -- one source ------------------------------------------------------------------------

    async def source(self, config: SourceConfig) -> SourceReport:
        report = SourceReport(config.name, config.kind)
        logs: list[dict[str, Any]] = []
        try:
            items = await self._discover(config, report, logs)
            report.discovered = items
            await self._items(config, report, items, logs)
        except JianbaoError as exc:
            report.error = str(exc)
        except Exception as exc:  # one broken source must never stop the others
            log.exception("source %s failed", config.name)
            report.error = f"E101: internal error while collecting: {exc.__class__.__name__}: {exc}"
        if not self.dry_run:
            try:
                await self.work(log_fetches, self.store, self.run_id, logs)
                await self.work(
                    partial(
                        record_source_run,
                        self.store,
                        config.name,
                        ok=report.ok,
                        items=report.stored,
                        counts=report.counts,
                        error=report.summary_error(),
                        problem=report.problem,
                    )
                )
            except JianbaoError as exc:
                report.error = report.error or str(exc)
        return report

    def _count(self, report: SourceReport, event: CollectEvent) -> None:
        report.counts[event.reason] += 1
        report.events.append(event)
        if event.message and event.reason not in NOT_FAILURES:
            report.failures.append(event.message)
        if self.on_event is not None:
            self.on_event(event)

    def _log(self, logs: list[dict[str, Any]], source: str, result: FetchResult) -> None:
        logs.append(
            {
                "source_name": source,
                "url": result.url,
                "reason": result.reason,
                "status": result.status,
                "attempts": result.attempts,
                "elapsed_ms": int(result.elapsed * 1000),
                "size": len(result.fetched.body) if result.fetched else None,
                "message": str(result.error) if result.error else None,
            }
        )

    # -- discovery ---------------------------------------------------------------------------

    async def _discover(
        self, config: SourceConfig, report: SourceReport, logs: list[dict[str, Any]]
    ) -> list[Discovered]:
        if config.kind == "page":
            return [Discovered(url=canonicalize(config.url), found_on=None)]
        found: dict[str, Discovered] = {}
        pages = page_urls(config) if config.kind == "listing" else [config.url]
        budget = config.max_pages + (MAX_SITEMAPS if config.kind == "sitemap" else 0)
        number = 0
        while pages and number < budget:
            page = pages.pop(0)
            first = number == 0
            number += 1
            discovery = await self._read_list(config, report, page, logs, first=first)
            if discovery is None:  # end of pagination, or an error already counted
                if config.kind == "listing":
                    break
                continue
            if discovery.malformed and report.problem is None:
                report.problem = f"<{page}>: {discovery.problem}"
                report.counts["malformed"] += 1
            if config.kind == "sitemap":
                pages.extend(discovery.more)
            new = [i for i in discovery.items if i.url not in found]
            for item in new:
                found[item.url] = item
            if config.kind == "listing" and not first and not new:
                break  # a page past the end repeats the last one or lists nothing
            if len(found) >= config.max_items:
                break
        items = list(found.values())[: config.max_items]
        if not items and report.error is None:
            report.error = (
                f"E114: source {config.name!r} <{config.url}> gave no item links; check its "
                "kind, item_selector or url_field in jianbao.toml."
            )
        return items

    async def _read_list(
        self,
        config: SourceConfig,
        report: SourceReport,
        url: str,
        logs: list[dict[str, Any]],
        *,
        first: bool,
    ) -> Discovery | None:
        key = canonicalize(url)
        state = fetch_state(self.store, key)
        result = await self.fetcher.fetch(
            url,
            etag=state.etag if state and state.discovered else None,
            last_modified=state.last_modified if state and state.discovered else None,
            source=config.name,
        )
        self._log(logs, config.name, result)
        if result.reason == "not_modified" and state is not None:
            report.counts["not_modified"] += 1
            return Discovery(
                items=tuple(_from_json(d) for d in state.discovered),
                malformed=state.problem is not None,
                problem=state.problem,
            )
        if not result.ok or result.fetched is None:
            if not first and result.reason in ("http_404", "http_410"):
                return None  # numbered pages ran out: the normal end of a listing
            message = str(result.error) if result.error else result.reason
            report.counts[result.reason] += 1
            if first:
                raise CollectError(
                    f"source {config.name!r}: {message.split(': ', 1)[-1]}",
                    code=result.error.code if result.error else "E111",
                )
            report.failures.append(message)
            return None
        fetched = result.fetched
        content_type = result.header("content-type")
        if config.kind == "feed":
            discovery = parse_feed(fetched.body, fetched.final_url or url, content_type)
        elif config.kind == "sitemap":
            discovery = parse_sitemap(fetched.body, fetched.final_url or url)
        else:
            discovery = parse_listing(fetched.body, fetched.final_url or url, config, content_type)
        if not self.dry_run:
            await self.work(
                save_fetch_state,
                self.store,
                FetchState(
                    url=key,
                    reason="list",
                    source_name=config.name,
                    etag=result.header("etag"),
                    last_modified=result.header("last-modified"),
                    status=result.status,
                    discovered=tuple(_to_json(i) for i in discovery.items),
                    problem=discovery.problem,
                ),
            )
        return discovery

    # -- items -------------------------------------------------------------------------------

    async def _items(
        self,
        config: SourceConfig,
        report: SourceReport,
        items: list[Discovered],
        logs: list[dict[str, Any]],
    ) -> None:
        fresh: list[Discovered] = []
        for item in items:
            if self.since and item.published and item.published < self.since:
                self._count(report, _event(config, item, "older_than_since"))
            elif item.url in self.claimed:
                self._count(report, _event(config, item, "duplicate_in_run"))
            else:
                self.claimed.add(item.url)
                fresh.append(item)
        # A "page" source is one URL that may change: it is always asked for again
        # (conditionally); links found on lists are fetched once.
        stored = set() if config.kind == "page" else stored_urls(self.store, [i.url for i in fresh])
        todo: list[Discovered] = []
        for item in fresh:
            if item.url in stored:
                self._count(report, _event(config, item, "already_stored"))
            elif self.dry_run:
                self._count(report, _event(config, item, "would_fetch"))
            else:
                todo.append(item)
        if self.on_total is not None and todo:
            self.on_total(len(todo))
        await asyncio.gather(*(self._item(config, report, item, logs) for item in todo))

    async def _item(
        self,
        config: SourceConfig,
        report: SourceReport,
        item: Discovered,
        logs: list[dict[str, Any]],
    ) -> None:
        state = fetch_state(self.store, item.url)
        result = await self.fetcher.fetch(
            item.url,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            source=config.name,
        )
        self._log(logs, config.name, result)
        if not result.ok or result.fetched is None:
            message = str(result.error) if result.error else None
            self._count(report, _event(config, item, result.reason, message=message))
            if result.reason != "not_modified":
                await self._remember(item.url, config, result, result.reason, None)
            return
        fetched = result.fetched
        try:
            article = await self.work(extract, fetched)
        except ExtractError as exc:
            reason = f"extract_{exc.code}"
            self._count(report, _event(config, item, reason, message=str(exc)))
            await self._remember(item.url, config, result, reason, None)
            return
        article = _identify(article, fetched, item)
        if article.attachments and self.settings.fetch_attachments:
            article = await self._attachments(config, report, article, logs)
        try:
            outcome = await self.work(self.store.upsert_article, article, fetched)
        except JianbaoError as exc:
            self._count(report, _event(config, item, "store_error", message=str(exc)))
            return
        await self._remember(item.url, config, result, outcome.outcome, outcome.article_id)
        self._count(
            report,
            CollectEvent(
                source=config.name,
                url=item.url,
                reason=outcome.outcome,
                title=article.title,
                article_id=outcome.article_id,
                published=article.published,
            ),
        )

    async def _remember(
        self,
        url: str,
        config: SourceConfig,
        result: FetchResult,
        reason: str,
        article_id: str | None,
    ) -> None:
        try:
            await self.work(
                save_fetch_state,
                self.store,
                FetchState(
                    url=url,
                    reason=reason,
                    source_name=config.name,
                    etag=result.header("etag"),
                    last_modified=result.header("last-modified"),
                    status=result.status,
                    article_id=article_id,
                ),
            )
        except JianbaoError as exc:  # the article itself is stored; only the state is lost
            log.warning("%s", exc)

    async def _attachments(
        self,
        config: SourceConfig,
        report: SourceReport,
        article: Article,
        logs: list[dict[str, Any]],
    ) -> Article:
        kept: list[Attachment] = []
        for attachment in article.attachments:
            kind = content_kind(None, attachment.url)
            if kind not in ATTACHMENT_KINDS or attachment.text:
                kept.append(attachment)
                continue
            result = await self.fetcher.fetch(
                attachment.url, max_bytes=self.settings.max_attachment_bytes, source=config.name
            )
            self._log(logs, config.name, result)
            if not result.ok or result.fetched is None:
                report.counts[f"attachment_{result.reason}"] += 1
                if result.error:
                    report.failures.append(str(result.error))
                kept.append(attachment)
                continue
            fetched = replace(result.fetched, content_type=kind)
            try:
                document = await self.work(extract, fetched)
            except ExtractError as exc:
                report.counts[f"attachment_extract_{exc.code}"] += 1
                report.failures.append(str(exc))
                kept.append(attachment)
                continue
            report.counts["attachments"] += 1
            kept.append(replace(attachment, text=document.text))
        return replace(article, attachments=tuple(kept))


def _event(
    config: SourceConfig, item: Discovered, reason: str, *, message: str | None = None
) -> CollectEvent:
    return CollectEvent(
        source=config.name,
        url=item.url,
        reason=reason,
        title=item.title,
        published=item.published,
        message=message,
    )


def _identify(article: Article, fetched: Fetched, item: Discovered) -> Article:
    """Give a fetched article its URL-derived id, and the list's date when the page had none.

    The page's own <link rel=canonical> is trusted only when it names a page on the same host
    (CMS templates often point every page's canonical at the home page).
    """
    page = canonicalize(fetched.final_url or item.url)
    declared = article.canonical_url
    canonical = page
    if declared:
        try:
            candidate = canonicalize(declared)
        except CollectError:
            candidate = None
        if (
            candidate
            and urlsplit(candidate).hostname == urlsplit(page).hostname
            and urlsplit(candidate).path not in ("", "/")
        ):
            canonical = candidate
    published = article.published or item.published
    return replace(
        article,
        id=stable_id(canonical),
        url=page,
        canonical_url=canonical,
        published=published,
    )


def _to_json(item: Discovered) -> dict[str, Any]:
    return {
        "url": item.url,
        "published": item.published.isoformat() if item.published else None,
        "title": item.title,
    }


def _from_json(data: dict[str, Any]) -> Discovered:
    return Discovered(
        url=str(data["url"]),
        published=parse_list_date(data.get("published")),
        title=data.get("title"),
    )
