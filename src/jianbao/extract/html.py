"""Main text, title, date, source, author, canonical URL and attachments of an HTML page.

The main text comes from a cascade of three extractors run on the decoded string: trafilatura,
readability-lxml and our own text-density rule tuned for Chinese portals. Every candidate is
cleaned of boilerplate lines (``data/boilerplate.txt``) and scored; the best one wins and its
name is recorded in ``HtmlResult.extracted_by``.
"""

from __future__ import annotations

import copy
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from jianbao.extract import meta
from jianbao.models import Attachment
from jianbao.text import normalize_text

log = logging.getLogger(__name__)

# Boilerplate patterns are only applied to lines shorter than this: a long paragraph that quotes
# 版权所有 or 免责声明 is prose, not a footer.
BOILERPLATE_MAX_LINE = 100
# A candidate must keep at least this many characters to count; shorter ones are navigation.
MIN_CANDIDATE_CHARS = 20
# A candidate line "reads like prose" when it has this many characters or sentence punctuation.
PROSE_LINE_CHARS = 30
# Ties in the vote go to the extractor listed first: readability is the most precise on
# Chinese news pages (zh_cwced: readability 0.91, density 0.82, trafilatura 0.89 char F1).
_VOTE_PREFERENCE = {"readability": 0, "density": 1, "trafilatura": 2}
# Lines of the winning candidate that no other candidate has are dropped, unless that would
# drop more than half of its text (then the others missed the article, not the winner).
VOTE_KEEP_SHARE = 0.5
# Density rule: elements whose text is at least this share links are navigation.
MAX_LINK_SHARE = 0.5
# Titles shorter than this are logos or section names, not headlines.
MIN_TITLE_CHARS = 4
MAX_TITLE_CHARS = 120

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx")
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:release_date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publishtime",
    "publish_time",
    "firstpublishedtime",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "date",
    "weibo:article:create_at",
)
_SOURCE_META = ("contentsource", "source", "og:site_name")
_AUTHOR_META = ("author", "article:author", "dc.creator")
_TITLE_META = ("og:title", "twitter:title", "articletitle", "title")

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "td",
        "th",
        "tr",
        "br",
        "figcaption",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "dd",
        "dt",
        "dl",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "form",
        "center",
        "address",
        "hr",
        "caption",
    ]
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "select",
    "option",
    "button",
    "textarea",
    "input",
    "svg",
    "object",
    "embed",
)
_NOISE_TAGS = ("nav", "header", "footer", "aside", "form")
_SENTENCE_PUNCT = re.compile(r"[，。！？；、：“”,.!?;]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Separators between a headline and the column or site name in <title>.
_TITLE_SPLIT = re.compile(r"\s*(?:_+|\|+|｜|\s[-–—]+\s|--+|——|::|\s·\s|—)\s*")


@dataclass(frozen=True, slots=True)
class HtmlResult:
    """What the HTML extractor found on one page."""

    title: str
    text: str
    extracted_by: str
    published: datetime | None = None
    author: str | None = None
    source_name: str | None = None
    canonical_url: str | None = None
    attachments: tuple[Attachment, ...] = ()


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    """Extract the article of a decoded HTML page; ``text`` is empty when none was found."""
    doc = parse(html)
    if doc is None:
        return HtmlResult(title="", text="", extracted_by="")
    cleaned = _strip_declaration(html)
    visible = _without(doc, _DROP_TAGS)
    body = visible.find("body")
    page_lines = element_lines(body if body is not None else visible)
    page_text = "\n".join(page_lines)
    title = find_title(doc, page_lines)
    candidates = main_text_candidates(cleaned, doc, url)
    name, text = choose_candidate(candidates, title)
    base = _base_url(doc, url)
    return HtmlResult(
        title=title,
        text=text,
        extracted_by=name,
        published=find_published(doc, page_text, title, url),
        author=_meta_value(doc, _AUTHOR_META, short=True) or meta.author(page_text),
        source_name=meta.source_name(page_text) or _meta_value(doc, _SOURCE_META[:2], short=True),
        canonical_url=find_canonical(doc, url),
        attachments=find_attachments(doc, base),
    )


# ----------------------------------------------------------------------------- parsing


def parse(html: str) -> lxml_html.HtmlElement | None:
    """Parse HTML leniently; None when there is nothing to parse."""
    cleaned = _strip_declaration(html)
    if not cleaned.strip():
        return None
    try:
        doc = lxml_html.document_fromstring(cleaned)
    except (etree.LxmlError, ValueError):
        return None
    return doc


def _strip_declaration(html: str) -> str:
    # lxml refuses str input that carries an XML encoding declaration; control characters are
    # invalid in HTML and make libxml2 stop early.
    return _CONTROL.sub("", _XML_DECL.sub("", html, count=1))


def _without(doc: lxml_html.HtmlElement, tags: Iterable[str]) -> lxml_html.HtmlElement:
    clone = copy.deepcopy(doc)
    etree.strip_elements(clone, *tags, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return clone


def element_lines(element: lxml_html.HtmlElement) -> list[str]:
    """Visible text of ``element`` as normalised lines, one per block element."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if tag and node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return [line for line in normalize_text("".join(parts)).split("\n") if line.strip()]


# ----------------------------------------------------------------------------- main text


def main_text_candidates(
    html: str, doc: lxml_html.HtmlElement, url: str | None
) -> list[tuple[str, str]]:
    """(step name, text) from each step of the cascade that produced something."""
    found: list[tuple[str, str]] = []
    for name, step in (
        ("trafilatura", _trafilatura),
        ("readability", _readability),
        ("density", _density),
    ):
        try:
            text = step(html, doc, url)
        except Exception as exc:  # noqa: BLE001 - a failing step only drops out of the cascade
            log.debug("extract step %s failed on %s: %s", name, url, exc)
            continue
        if text:
            found.append((name, text))
    return found


def _trafilatura(html: str, doc: lxml_html.HtmlElement, url: str | None) -> str:
    import trafilatura

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
        deduplicate=False,
        with_metadata=False,
    )
    return "\n".join(_untable(normalize_text(text or "").split("\n")))


def _untable(lines: list[str]) -> list[str]:
    # trafilatura writes table rows as "| a | b |"; layout tables on Chinese portals hold the
    # article itself, so each cell becomes a line of its own and "\|" an ordinary bar.
    out: list[str] = []
    for line in lines:
        if line.startswith("|") and line.endswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip("|"))
            out.extend(c.replace("\\|", "|").strip() for c in cells if c.strip() and c.strip("-: "))
        else:
            out.append(line.replace("\\|", "|"))
    return out


def _readability(html: str, doc: lxml_html.HtmlElement, url: str | None) -> str:
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    part = parse(summary)
    return "\n".join(element_lines(part)) if part is not None else ""


def _density(html: str, doc: lxml_html.HtmlElement, url: str | None) -> str:
    best = densest_element(doc)
    return "\n".join(element_lines(best)) if best is not None else ""


def densest_element(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element with the most prose-like text: long, punctuated, few links, few tags.

    Statistics are gathered bottom-up in one pass (reverse document order visits children
    before parents), so pages of any depth cost linear time and no recursion.
    """
    tree = _without(doc, (*_DROP_TAGS, *_NOISE_TAGS))
    body = tree.find("body")
    root = body if body is not None else tree
    stats: dict[etree._Element, tuple[int, int, int, int, int]] = {}
    best: lxml_html.HtmlElement | None = None
    best_score = 0.0
    for node in reversed(list(root.iter())):
        if not isinstance(node.tag, str):
            continue
        own = (node.text or "") + "".join(child.tail or "" for child in node)
        chars = len("".join(own.split()))
        punct = len(_SENTENCE_PUNCT.findall(own))
        tags, link_chars, links = 1, 0, 0
        for child in node:
            c = stats.get(child)
            if c is None:
                continue
            chars += c[0]
            link_chars += c[1]
            tags += c[2]
            links += c[3]
            punct += c[4]
        if node.tag == "a":
            link_chars, links = chars, links + 1
        stats[node] = (chars, link_chars, tags, links, punct)
        text_chars = chars - link_chars
        if text_chars < MIN_CANDIDATE_CHARS or link_chars > chars * MAX_LINK_SHARE:
            continue
        # Prose has punctuation and few tags per character; navigation has links and tags.
        density = text_chars / (tags - links + 1)
        score = text_chars * math.log2(punct + 2) * math.log2(density + 2) / math.log2(tags + 2)
        if score > best_score:
            best, best_score = node, score
    return best


def remove_boilerplate(lines: Iterable[str], title: str = "") -> list[str]:
    """Drop page furniture lines (patterns in data/boilerplate.txt) and a repeated title."""
    patterns = boilerplate_patterns()
    title_key = _key(title)
    kept: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if title_key and _key(line) == title_key:
            continue
        if len(line) < BOILERPLATE_MAX_LINE and any(p.search(line) for p in patterns):
            continue
        kept.append(line)
    return kept


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled patterns of data/boilerplate.txt (one regex per line, # comments)."""
    raw = resources.files("jianbao").joinpath("data/boilerplate.txt").read_text("utf-8")
    patterns = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            patterns.append(re.compile(line, re.IGNORECASE))
    return tuple(patterns)


def text_quality(lines: list[str]) -> float:
    """How much the lines read like an article: prose characters minus short-fragment noise."""
    prose = 0.0
    noise = 0.0
    for line in lines:
        n = len(line)
        if n >= PROSE_LINE_CHARS or _SENTENCE_PUNCT.search(line[-1:] or ""):
            prose += n
        elif _SENTENCE_PUNCT.search(line):
            prose += n * 0.5
        else:
            noise += n
    return prose - noise


def agreement(a: str, b: str) -> float:
    """Character-multiset F1 of two texts (whitespace ignored): 1.0 for the same text."""
    ca, cb = Counter("".join(a.split())), Counter("".join(b.split()))
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    return 2 * common / (sum(ca.values()) + sum(cb.values()))


def choose_candidate(candidates: list[tuple[str, str]], title: str = "") -> tuple[str, str]:
    """Vote among the cascade's candidates; ("", "") when none has text.

    Each extractor fails differently (trafilatura keeps comment lists, readability sometimes
    picks a sidebar, the density rule a whole layout table), so the candidate that agrees most
    with the others is taken (a medoid), and when three voted, its lines that no other
    candidate has are dropped. On zh_cwced this beats every single extractor (see benchmarks).
    """
    cleaned = [
        (name, "\n".join(remove_boilerplate(text.split("\n"), title))) for name, text in candidates
    ]
    usable = [(n, t) for n, t in cleaned if len(t) >= MIN_CANDIDATE_CHARS]
    if not usable:
        short = [(n, t) for n, t in cleaned if t]
        return max(short, key=lambda c: len(c[1])) if short else ("", "")
    if len(usable) == 1:
        return usable[0]
    if len(usable) == 2:
        # No majority: the one that reads more like an article.
        return max(usable, key=lambda c: text_quality(c[1].split("\n")))
    ranked = sorted(usable, key=lambda c: _VOTE_PREFERENCE.get(c[0], 9))
    scores = [sum(agreement(t, other) for m, other in ranked if m != n) for n, t in ranked]
    name, text = ranked[scores.index(max(scores))]
    if len(usable) >= 3:
        others = [{_key(line) for line in t.split("\n")} for n, t in usable if n != name]
        lines = text.split("\n")
        kept = [line for line in lines if any(_key(line) in keys for keys in others)]
        # Only trim the edges of agreement; if most of the text is unique, trust the winner.
        if len("".join(kept)) >= VOTE_KEEP_SHARE * len("".join(lines)):
            text = "\n".join(kept)
    return name, text


# ----------------------------------------------------------------------------- title


def find_title(doc: lxml_html.HtmlElement, page_lines: list[str] | None = None) -> str:
    """The headline: a heading or og:title that matches <title>, else <title> minus site name."""
    raw_title = normalize_text(" ".join(doc.xpath("//title//text()"))[:500]).replace("\n", " ")
    meta_title = _meta_value(doc, _TITLE_META[:3])
    headings = [
        normalize_text(h.text_content()).replace("\n", " ")
        for h in doc.xpath("//h1|//h2|//h3|//*[contains(@class,'title')][not(self::title)]")[:40]
    ]
    title_key = _key(raw_title)
    # The headline is the longest heading found inside <title>: a logo h1 ("新浪科技") is in
    # the title too, but as the short site suffix.
    matching = [
        c
        for c in [meta_title or "", *headings]
        if len(_key(c)) >= MIN_TITLE_CHARS and title_key and _key(c) in title_key
    ]
    if matching:
        return max(matching, key=lambda c: len(_key(c)))[:MAX_TITLE_CHARS]
    if raw_title:
        return strip_site_suffix(raw_title)[:MAX_TITLE_CHARS]
    if meta_title:
        return meta_title[:MAX_TITLE_CHARS]
    for heading in headings:
        if len(_key(heading)) >= MIN_TITLE_CHARS:
            return heading[:MAX_TITLE_CHARS]
    return ""


def strip_site_suffix(title: str) -> str:
    """``标题_栏目_站点`` / ``标题 - 新浪科技`` / ``标题|工信部`` -> ``标题``."""
    parts = [p for p in _TITLE_SPLIT.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    first = parts[0].strip()
    if len(_key(first)) >= MIN_TITLE_CHARS:
        return first
    return max(parts, key=lambda p: len(_key(p))).strip()


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


# ----------------------------------------------------------------------------- metadata


def _meta_value(
    doc: lxml_html.HtmlElement, names: Iterable[str], short: bool = False
) -> str | None:
    wanted = {n.lower(): i for i, n in enumerate(names)}
    found: dict[int, str] = {}
    for node in doc.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key in wanted and wanted[key] not in found:
            value = normalize_text(node.get("content") or "").replace("\n", " ")
            if value and (not short or len(value) <= 40):
                found[wanted[key]] = value
    return found[min(found)] if found else None


def find_published(
    doc: lxml_html.HtmlElement, page_text: str, title: str, url: str | None
) -> datetime | None:
    """Publication date: meta tags, a labelled line, a date after the headline, the URL."""
    for node in doc.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key in _DATE_META:
            date = meta.parse_date(node.get("content") or "")
            if date:
                return date
    for node in doc.xpath("//time[@datetime]|//*[@itemprop='datePublished']"):
        date = meta.parse_date(node.get("datetime") or node.get("content") or node.text_content())
        if date:
            return date
    labelled = meta.labelled_date(page_text)
    if labelled:
        return labelled
    # The first date after the headline is the byline date; dates before it are often
    # "today" in the site header.
    start = -1
    if title:
        whole_line = page_text.find("\n" + title + "\n")
        start = whole_line + 1 if whole_line >= 0 else page_text.find(title)
    dates = meta.find_dates(page_text[start + len(title) :] if start >= 0 else page_text)
    if dates and (start >= 0 and dates[0][0] < 400):
        return dates[0][1]
    return meta.url_date(url) or (dates[0][1] if dates else None)


def find_canonical(doc: lxml_html.HtmlElement, url: str | None) -> str | None:
    """<link rel=canonical> or og:url, resolved against the page; absolute http(s) only."""
    hrefs = [
        link.get("href") or ""
        for link in doc.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    og = _meta_value(doc, ("og:url",))
    if og:
        hrefs.append(og)
    for href in hrefs:
        href = href.strip()
        if not href:
            continue
        absolute = urljoin(url, href) if url and url.startswith(("http://", "https://")) else href
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc:
            return absolute
    return None


def _base_url(doc: lxml_html.HtmlElement, url: str | None) -> str | None:
    for base in doc.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(url, href) if url else href
    return url


def find_attachments(doc: lxml_html.HtmlElement, base: str | None) -> tuple[Attachment, ...]:
    """Links to PDF/DOC/DOCX/WPS/OFD/XLS files, with the link text as title."""
    found: dict[str, Attachment] = {}
    for link in doc.iter("a"):
        href = (link.get("href") or "").strip()
        path = urlsplit(href).path.lower() if href else ""
        if not path.endswith(ATTACHMENT_EXTENSIONS):
            continue
        absolute = urljoin(base, href) if base else href
        name = normalize_text(link.text_content()).replace("\n", " ")
        if not name:
            name = path.rsplit("/", 1)[-1]
        if absolute not in found:
            found[absolute] = Attachment(url=absolute, title=name)
    return tuple(found.values())
