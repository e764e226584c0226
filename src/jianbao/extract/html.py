"""Main text, title, date, source, author, canonical URL and attachments of an HTML page.

The main text comes from a cascade of three extractors run on the decoded string: trafilatura,
readability-lxml and our own text-density rule tuned for Chinese portals. Every candidate is
cleaned of boilerplate lines (``data/boilerplate.txt``) and scored; the best one wins and its
name is recorded in ``HtmlResult.extracted_by``.
"""

from __future__ import annotations

import logging
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
from jianbao.extract.dates import find_published
from jianbao.extract.density import (
    DROP_TAGS,
    SENTENCE_PUNCT,
    LinkMask,
    densest_element,
    element_lines,
    without,
)
from jianbao.extract.reject import Rejection, rejection
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
# A line of a candidate is navigation or a list of other articles when at least this share of
# its characters is link text on the page (prose with inline links stays far below it).
MAX_LINK_SHARE = 0.5
# A comment or related-list header only ends the article after this many characters of prose
# (so a "热门评论" box above the article cannot swallow it), and only on short lines.
ARTICLE_END_MIN_PROSE = 80
ARTICLE_END_MAX_LINE = 40
# A run of at least this many one-cell lines (day numbers, weekday letters, page numbers, arrows)
# is a calendar or pager widget: a month grid has 28 to 31 day cells plus 7 weekday heads.
WIDGET_MIN_RUN = 20
# The text after a paragraph's last sentence is checked as a boilerplate line of its own when it
# is at most this long (a "返回首页>>" link glued to the paragraph).
TAIL_MAX_CHARS = 20
# Titles shorter than this are logos or section names, not headlines.
MIN_TITLE_CHARS = 4
MAX_TITLE_CHARS = 120

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx")
_SOURCE_META = ("contentsource", "source", "og:site_name")
_AUTHOR_META = ("author", "article:author", "dc.creator")
_TITLE_META = ("og:title", "twitter:title", "articletitle", "title")

# A name has at least one letter or CJK character (not only digits and punctuation).
_NAME_CHAR = re.compile(r"[^\W\d_]")
# One cell of a calendar or pager: a day or page number, a weekday, an arrow, a month heading.
_WIDGET_CELL = re.compile(
    r"^(\d{1,2}|[一二三四五六七日天]|周[一二三四五六日]|星期[一二三四五六日天]|[<>«»‹›←→]+"
    r"|Su|Mo|Tu|We|Th|Fr|Sa|Sun|Mon|Tue|Wed|Thu|Fri|Sat|[A-Z][a-z]+ \d{4}|\d{4}年\d{1,2}月)$"
)
_TAIL = re.compile(rf"[。！？!?”」』](?P<tail>[^。！？!?]{{2,{TAIL_MAX_CHARS}}})$")
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
    date_by: str = ""  # meta, byline, label, json-ld, url, modified or text
    rejected: Rejection | None = None  # set when the page is not an article


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    """Extract the article of a decoded HTML page; ``text`` is empty when none was found."""
    doc = parse(html)
    if doc is None:
        return HtmlResult(title="", text="", extracted_by="")
    cleaned = _strip_declaration(html)
    visible = without(doc, DROP_TAGS)
    body = visible.find("body")
    page = body if body is not None else visible
    page_lines = element_lines(page)
    page_text = "\n".join(page_lines)
    title = find_title(doc, page_lines)
    candidates = main_text_candidates(cleaned, doc, url)
    links = LinkMask(page)
    name, text = choose_candidate(candidates, title, links)
    published, date_by = find_published(doc, page_text, title, text, url)
    base = _base_url(doc, url)
    attachments = find_attachments(doc, base)
    return HtmlResult(
        title=title,
        text=text,
        extracted_by=name,
        published=published,
        date_by=date_by,
        author=_meta_name(doc, _AUTHOR_META) or meta.author(page_text),
        source_name=meta.source_name(page_text) or _meta_value(doc, _SOURCE_META[:2], short=True),
        canonical_url=find_canonical(doc, url),
        attachments=attachments,
        rejected=rejection(doc, title, text, page_lines, links, bool(attachments)),
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
        kept.append(_without_furniture_tail(line, patterns))
    return kept


def _without_furniture_tail(line: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    # An inline link after the last sentence of a paragraph ("…仍将持续。返回腾讯网首页>>")
    # is furniture when it alone would be a boilerplate line.
    match = _TAIL.search(line)
    if match and any(p.search(match["tail"]) for p in patterns):
        return line[: match.start("tail")].rstrip()
    return line


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled patterns of data/boilerplate.txt (one regex per line, # comments)."""
    return _patterns("data/boilerplate.txt")


def _patterns(name: str) -> tuple[re.Pattern[str], ...]:
    raw = resources.files("jianbao").joinpath(name).read_text("utf-8")
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
        if n >= PROSE_LINE_CHARS or SENTENCE_PUNCT.search(line[-1:] or ""):
            prose += n
        elif SENTENCE_PUNCT.search(line):
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


def clean_candidate(text: str, title: str = "", links: LinkMask | None = None) -> str:
    """One candidate made fit to vote: cut where comments or related lists begin, drop
    boilerplate lines and lines that are mostly link text on the page."""
    lines = cut_at_article_end(text.split("\n"))
    lines = drop_widget_runs(lines)
    lines = remove_boilerplate(lines, title)
    if links is not None:
        lines = [line for line in lines if not _link_line(line, links)]
    return "\n".join(lines)


def drop_widget_runs(lines: list[str]) -> list[str]:
    """``lines`` without calendar grids and pagers: long runs of one-cell lines."""
    kept: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line and _WIDGET_CELL.match(line.strip()):
            run.append(line)
            continue
        if len(run) < WIDGET_MIN_RUN:
            kept.extend(run)
        run = []
        if line:
            kept.append(line)
    return kept


def _link_line(line: str, links: LinkMask) -> bool:
    share = links.share(line)
    return share is not None and share >= MAX_LINK_SHARE


def cut_at_article_end(lines: list[str]) -> list[str]:
    """``lines`` up to the first line that opens comments, replies or a related-articles list
    (patterns in data/article_end.txt), once enough article text came before it."""
    patterns = article_end_patterns()
    prose = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if (
            prose >= ARTICLE_END_MIN_PROSE
            and len(stripped) < ARTICLE_END_MAX_LINE
            and any(p.search(stripped) for p in patterns)
        ):
            return lines[:i]
        if len(stripped) >= PROSE_LINE_CHARS or SENTENCE_PUNCT.search(stripped[-1:] or ""):
            prose += len(stripped)
    return lines


@lru_cache(maxsize=1)
def article_end_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled patterns of data/article_end.txt (one regex per line, # comments)."""
    return _patterns("data/article_end.txt")


def choose_candidate(
    candidates: list[tuple[str, str]], title: str = "", links: LinkMask | None = None
) -> tuple[str, str]:
    """Vote among the cascade's candidates; ("", "") when none has text.

    Each extractor fails differently (trafilatura keeps comment lists, readability sometimes
    picks a sidebar, the density rule a whole layout table), so every candidate is first
    cleaned (:func:`clean_candidate`), then the one that agrees most with the others is taken
    (a medoid), and when three voted, its lines that no other candidate has are dropped. On
    zh_cwced this beats every single extractor (see benchmarks/bench_extract.py).
    """
    cleaned = [(name, clean_candidate(text, title, links)) for name, text in candidates]
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


def _meta_name(doc: lxml_html.HtmlElement, names: Iterable[str]) -> str | None:
    """A person or outlet named in a meta tag; CMS user ids (``author=104363``) are no names."""
    value = _meta_value(doc, names, short=True)
    return value if value and _NAME_CHAR.search(value) else None


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
