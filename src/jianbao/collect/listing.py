"""List pages to item links: HTML with CSS/XPath selectors (or a heuristic), or JSON endpoints.

Government portals rarely have feeds; they have list pages (``index.html``, ``index_1.html`` …)
with one ``<li><a>title</a><span>date</span></li>`` per notice, often in GBK, and newer ones
fill the list from a JSON endpoint (``{"data": {"list": [{"url": …, "pubDate": …}]}}``). A
source says which with ``item_selector`` / ``date_selector`` (``selector_type`` css or xpath) or
``url_field`` / ``date_field`` paths such as ``data.list[].url``; pages follow ``next_page``.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from jianbao.collect.items import Discovered, Discovery, parse_list_date
from jianbao.collect.urls import canonicalize, resolve
from jianbao.errors import CollectError
from jianbao.extract.encoding import decode_bytes
from jianbao.settings import SourceConfig

__all__ = ["page_urls", "parse_listing"]

# Without an item_selector, a link counts as an item when it sits in a list row (li, tr, dd) and
# its text is at least this many characters: headlines are longer than 首页 / 下一页 / 更多.
MIN_TITLE_CHARS = 6
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def page_urls(source: SourceConfig) -> list[str]:
    """The list pages of a source: its URL, then ``next_page`` numbered pages up to max_pages."""
    urls = [source.url]
    if source.next_page:
        for n in range(source.first_page, source.first_page + source.max_pages - 1):
            urls.append(urljoin(source.url, source.next_page.replace("{n}", str(n))))
    return urls


def parse_listing(
    body: bytes, url: str, source: SourceConfig, content_type: str | None = None
) -> Discovery:
    """Item links of one list page (HTML or JSON, as the source says or the bytes show)."""
    kind = source.format
    if kind == "auto":
        head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        is_json = "json" in (content_type or "").lower() or head in (b"{", b"[")
        kind = "json" if is_json or source.url_field else "html"
    if kind == "json":
        return _json_list(body, url, source)
    return _html_list(body, url, source, content_type)


# -- HTML ------------------------------------------------------------------------------------


def _declared(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _html_list(body: bytes, url: str, source: SourceConfig, content_type: str | None) -> Discovery:
    decoded = decode_bytes(body, _declared(content_type))
    text = _XML_DECLARATION.sub("", decoded.text)
    if not text.strip():
        return Discovery(malformed=True, problem="the list page is empty")
    try:
        doc = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        return Discovery(malformed=True, problem=f"the list page could not be parsed: {exc}")
    base = url
    for element in doc.iter("base"):
        if element.get("href"):
            base = urljoin(url, element.get("href", ""))
            break
    if source.item_selector:
        rows = _select(doc, source.item_selector, source.selector_type)
    else:
        rows = [a for a in doc.iter("a") if _looks_like_item(a)]
    items: list[Discovered] = []
    seen: set[str] = set()
    for row in rows:
        link = row if row.tag == "a" else next(iter(row.iterfind(".//a[@href]")), None)
        if link is None:
            continue
        absolute = resolve(base, link.get("href", ""))
        if absolute is None:
            continue
        canonical = canonicalize(absolute)
        if canonical in seen or canonical == canonicalize(url):
            continue
        seen.add(canonical)
        container = row if row.tag != "a" else _row_of(row)
        title = _clean(link.text_content()) or _clean(link.get("title", "")) or None
        items.append(
            Discovered(
                url=canonical,
                published=_row_date(container, source),
                title=title,
                found_on=url,
            )
        )
    problem = None
    if decoded.replaced:
        problem = f"{decoded.replaced} character(s) of the list page could not be decoded"
    return Discovery(items=tuple(items), malformed=problem is not None, problem=problem)


def _select(element: Any, selector: str, selector_type: str) -> list[Any]:
    if selector_type == "xpath":
        found = element.xpath(selector)
        return found if isinstance(found, list) else [found]
    from lxml.cssselect import CSSSelector

    return list(CSSSelector(selector)(element))


def _row_of(link: Any) -> Any:
    node = link.getparent()
    depth = 0
    while node is not None and depth < 3:
        if node.tag in _ROW_TAGS:
            return node
        node, depth = node.getparent(), depth + 1
    return link.getparent() if link.getparent() is not None else link


def _looks_like_item(link: Any) -> bool:
    if not link.get("href") or link.get("href", "").startswith(("javascript:", "#", "mailto:")):
        return False
    if len(_clean(link.text_content() or link.get("title", ""))) < MIN_TITLE_CHARS:
        return False
    node, depth = link.getparent(), 0
    while node is not None and depth < 3:
        if node.tag in _ROW_TAGS:
            return True
        node, depth = node.getparent(), depth + 1
    return False


def _row_date(container: Any, source: SourceConfig) -> Any:
    if source.date_selector:
        found = _select(container, source.date_selector, source.selector_type)
        for node in found:
            value = node if isinstance(node, str) else node.text_content()
            date = parse_list_date(_clean(str(value)))
            if date:
                return date
        return None
    return parse_list_date(_clean(container.text_content()))


def _clean(value: str) -> str:
    return " ".join(value.split())


# -- JSON ------------------------------------------------------------------------------------


def _walk(value: Any, path: str) -> list[Any]:
    """Values at a dotted path; ``name[]`` steps into each element of a list."""
    current: list[Any] = [value]
    for part in path.split("."):
        if not part:
            continue
        many = part.endswith("[]")
        key = part[:-2] if many else part
        following: list[Any] = []
        for node in current:
            child = node.get(key) if isinstance(node, dict) else None
            if child is None:
                continue
            if many:
                if isinstance(child, list):
                    following.extend(child)
            else:
                following.append(child)
        current = following
    return current


def _relative(path: str | None, prefix: str) -> str | None:
    if path is None:
        return None
    head = prefix + "[]."
    return path[len(head) :] if path.startswith(head) else path


def _json_list(body: bytes, url: str, source: SourceConfig) -> Discovery:
    try:
        data = json.loads(decode_bytes(body).text.lstrip("\ufeff"))
    except ValueError as exc:
        raise CollectError(
            f"<{url}> is not valid JSON ({exc}).",
            code="E104",
            hint='Check the endpoint, or set format = "html" for an HTML list page.',
        ) from exc
    url_field = source.url_field or "url"
    if "[]" in url_field:
        prefix, _, _rest = url_field.rpartition("[]")
        rows = _walk(data, prefix + "[]")
        url_rest = url_field[len(prefix) + 3 :]
    else:
        prefix, rows, url_rest = "", data if isinstance(data, list) else [data], url_field
    date_rest = _relative(source.date_field, prefix)
    title_rest = _relative(source.title_field, prefix)
    items: list[Discovered] = []
    seen: set[str] = set()
    skipped = 0
    for row in rows:
        values = _walk(row, url_rest)
        href = values[0] if values and isinstance(values[0], str) else None
        absolute = resolve(url, href) if href else None
        if absolute is None:
            skipped += 1
            continue
        canonical = canonicalize(absolute)
        if canonical in seen:
            continue
        seen.add(canonical)
        dates = _walk(row, date_rest) if date_rest else []
        titles = _walk(row, title_rest) if title_rest else []
        items.append(
            Discovered(
                url=canonical,
                published=parse_list_date(dates[0]) if dates else None,
                title=str(titles[0]).strip() or None if titles else None,
                found_on=url,
            )
        )
    problem = f"{skipped} list entr(ies) had no usable URL at {url_field}" if skipped else None
    return Discovery(items=tuple(items), malformed=problem is not None, problem=problem)
