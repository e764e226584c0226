"""Sitemaps (``urlset``) and sitemap indexes (``sitemapindex``), plain or gzipped, to item links.

Parsed with lxml in recover mode with entities and network access off (a sitemap is untrusted
XML). ``lastmod`` becomes the item's listed date, so ``--since`` skips old pages unfetched.
"""

from __future__ import annotations

import gzip
import zlib

from lxml import etree

from jianbao.collect.items import Discovered, Discovery, parse_list_date
from jianbao.collect.urls import canonicalize, resolve
from jianbao.errors import CollectError

__all__ = ["parse_sitemap"]

# A gzipped sitemap may unpack to at most this much (the sitemap protocol caps files at 50 MB).
MAX_UNPACKED = 50 * 1024 * 1024


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _gunzip(body: bytes, url: str) -> bytes:
    try:
        unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = unpacker.decompress(body, MAX_UNPACKED)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise CollectError(
            f"<{url}> looks gzipped but cannot be unpacked ({exc}).", code="E104"
        ) from exc
    if unpacker.unconsumed_tail:
        raise CollectError(f"<{url}> unpacks to more than 50 MB.", code="E109")
    return data


def parse_sitemap(body: bytes, url: str) -> Discovery:
    """Page links (``urlset``) or child sitemaps (``sitemapindex``, in ``more``) of a sitemap."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, url)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body.lstrip(b"\xef\xbb\xbf \t\r\n"), parser)
    except etree.XMLSyntaxError as exc:
        root = None
        problem: str | None = str(exc)
    else:
        problem = None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise CollectError(
            f"<{url}> is not a sitemap" + (f" ({problem})" if problem else "") + ".",
            code="E104",
            hint='Set kind = "listing" or "feed" for this source if it is a list page or feed.',
        )
    errors = [str(e) for e in parser.error_log]
    is_index = _local(root.tag) == "sitemapindex"
    items: list[Discovered] = []
    more: list[str] = []
    seen: set[str] = set()
    for entry in root:
        if _local(entry.tag) not in ("url", "sitemap"):
            continue
        loc = lastmod = None
        for child in entry:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
        absolute = resolve(url, loc) if loc else None
        if absolute is None:
            continue
        canonical = canonicalize(absolute)
        if canonical in seen:
            continue
        seen.add(canonical)
        if is_index:
            more.append(absolute)
        else:
            items.append(
                Discovered(url=canonical, published=parse_list_date(lastmod), found_on=url)
            )
    problem = f"malformed sitemap: {errors[0]}" if errors else None
    return Discovery(
        items=tuple(items), more=tuple(more), malformed=problem is not None, problem=problem
    )
