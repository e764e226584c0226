"""RSS, Atom (feedparser) and JSON Feed (by hand) to discovered item links.

A malformed feed keeps whatever entries could be parsed and comes back flagged, like
feedparser's bozo bit: ``Discovery(malformed=True, problem=...)``. A response that is not a
feed at all (an HTML page where a feed was expected) raises E104 with the fix.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import feedparser

from jianbao.collect.items import Discovered, Discovery, parse_list_date
from jianbao.collect.urls import canonicalize, resolve
from jianbao.errors import CollectError

__all__ = ["parse_feed"]

_JSON_FEED_VERSION = "https://jsonfeed.org/version/"


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Discovery:
    """Item links of an RSS/Atom/JSON feed at ``url``; raise E104 when it is no feed."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"[") or "json" in (content_type or "").lower():
        return _json_feed(body, url)
    return _xml_feed(body, url, content_type)


def _xml_feed(body: bytes, url: str, content_type: str | None) -> Discovery:
    headers = {"content-type": content_type} if content_type else {}
    # feedparser never raises on bad input; it sets ``bozo`` and keeps what it could read.
    parsed: Any = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    items: list[Discovered] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = _entry_link(entry, url)
        if link is None or link in seen:
            continue
        seen.add(link)
        items.append(
            Discovered(
                url=link,
                published=_entry_date(entry),
                title=(entry.get("title") or "").strip() or None,
                found_on=url,
            )
        )
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"malformed feed: {exc.__class__.__name__}: {exc}" if exc else "malformed feed"
    version = parsed.get("version") or ""
    if not items and not version:
        looks_html = b"<html" in body[:2048].lower() or b"<!doctype html" in body[:2048].lower()
        raise CollectError(
            f"<{url}> is not an RSS, Atom or JSON feed"
            + (" (it is an HTML page)" if looks_html else "")
            + (f"; {problem}" if problem else "")
            + ".",
            code="E104",
            hint='Set kind = "listing" for this source in jianbao.toml if it is a list page.',
        )
    return Discovery(items=tuple(items), malformed=problem is not None, problem=problem)


def _entry_link(entry: Any, base: str) -> str | None:
    candidates: list[str] = []
    if entry.get("link"):
        candidates.append(entry["link"])
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            candidates.append(link["href"])
    if entry.get("id", "").startswith(("http://", "https://")):
        candidates.append(entry["id"])
    for candidate in candidates:
        absolute = resolve(base, candidate)
        if absolute:
            return canonicalize(absolute)
    return None


def _entry_date(entry: Any) -> datetime | None:
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if value:
            found = parse_list_date(value)
            if found:
                return found
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime(*value[:6])
    return None


def _json_feed(body: bytes, url: str) -> Discovery:
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        raise CollectError(
            f"<{url}> is not valid JSON ({exc}).",
            code="E104",
            hint="Check that the URL is the feed and not a web page.",
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise CollectError(
            f"<{url}> is JSON but not a JSON Feed (no items list).",
            code="E104",
            hint='For a JSON list endpoint use kind = "listing" with '
            'url_field = "data.list[].url".',
        )
    problems: list[str] = []
    version = str(data.get("version") or "")
    if not version.startswith(_JSON_FEED_VERSION):
        problems.append(f"unknown JSON Feed version {version!r}")
    items: list[Discovered] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["items"]):
        if not isinstance(entry, dict):
            problems.append(f"item {number} is not an object")
            continue
        link = None
        for key in ("url", "external_url", "id"):
            value = entry.get(key)
            if isinstance(value, str) and (key != "id" or value.startswith(("http:", "https:"))):
                link = resolve(url, value)
                if link:
                    break
        if link is None:
            problems.append(f"item {number} has no URL")
            continue
        link = canonicalize(link)
        if link in seen:
            continue
        seen.add(link)
        title = entry.get("title")
        items.append(
            Discovered(
                url=link,
                published=parse_list_date(
                    entry.get("date_published") or entry.get("date_modified")
                ),
                title=title.strip() if isinstance(title, str) and title.strip() else None,
                found_on=url,
            )
        )
    problem = "; ".join(problems) if problems else None
    return Discovery(items=tuple(items), malformed=problem is not None, problem=problem)
