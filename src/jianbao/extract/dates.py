"""The publication date of an HTML page.

Where a page says when it was published, in order of trust:

1. a meta tag (``article:published_time``, ``PubDate`` ...) or ``<time datetime>``;
2. the *byline zone*: the lines between the headline and the first line of the article text.
   Chinese pages put ``2024-12-16 10:30 来源：工信部`` or ``发布时间：2024年12月16日`` there;
   the site header above it shows today's date, sidebars and footers show other articles'
   dates, so position relative to the headline and the text is the anchor. A labelled date
   (发布时间：, 发表于) in the zone beats an unlabelled one;
3. a labelled date anywhere on the page;
4. ``datePublished`` of a JSON-LD block: machine-written like a meta tag, but after the
   visible byline because some pages describe the whole site or an entry's creation there;
5. the date in the URL (``/2024-12/19/``, ``t20241216_123.html``);
6. the page's last-modified meta tag (``dateUpdate``, ``article:modified_time``): news pages
   that print only ``发布时间：09-30 22:46`` still say the year there, and a modification
   time is closer to the publication than some date in the body;
7. the first full date after the headline (or on the page).

Only full dates count: a bare year or month never becomes the first of January. A two-digit
year (``18-03-08``) counts only right after a publication label.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from lxml import html as lxml_html

from jianbao.extract import meta
from jianbao.extract.density import line_key

# Meta names and properties that carry the publication date, most specific first.
DATE_META = (
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
# Meta names and properties of the last modification, a fallback for the publication date.
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dateupdate",
    "lastmodifiedtime",
    "lastmodified",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "weibo:article:update_at",
)
# schema.org keys of a JSON-LD block (<script type="application/ld+json">), most specific first.
JSON_LD_PUBLISHED = ("datePublished", "pubDate", "dateCreated", "uploadDate")
JSON_LD_MODIFIED = ("dateModified",)
# JSON-LD blocks larger than this are not parsed (some portals inline whole feeds).
JSON_LD_MAX_CHARS = 200_000
# How far above the headline the byline zone starts: some templates print the date line
# just before the <h1> (one short line).
ZONE_BEFORE_TITLE = 60
# Without a match for the text start, the zone ends this far below the headline: long enough
# for a summary box and a source line, short of the article's own dates.
ZONE_AFTER_TITLE = 400
# The zone never reaches further below the headline than this, however late the text starts.
ZONE_MAX_AFTER_TITLE = 1500
# Without a headline on the page, the zone is this far above the first line of the text.
ZONE_BEFORE_TEXT = 300
# The first line of the article may itself carry the date (a 电讯 dateline): look this far in.
ZONE_INTO_TEXT = 40
# How much of the first text line is searched for on the page (lines are re-wrapped by the
# extractors, so a prefix is matched, not the whole line).
TEXT_PROBE_CHARS = 16
MIN_PROBE_CHARS = 6
# Look at no more than this many occurrences of the first line of the text.
MAX_OCCURRENCES = 8
# The second line of the text must start this close after the first one.
FOLLOW_REACH = 400
# How far after a label the date may start (spaces, a weekday, brackets).
LABEL_REACH = 12

# Labels after which a date is the publication date.
_LABEL = re.compile(
    r"(?:发布|发表|发稿|成文|印发|更新|信息|新闻|文章|上传|录入|添加|时间|日期)"
    r"(?:时间|日期)?\s*[:：]|(?:发布|发表|发稿|刊发|写|更新|贴)于|Published|Posted|Date\s*:",
    re.I,
)
# Labels after which a date is something else: a member's registration, a deadline, today.
_NOT_PUBLISHED = re.compile(
    r"(?:注册|加入|建立|成立|创建|登录|到期|截止|截至|出生|生日|开始|结束|有效期|报名)"
    r"(?:时间|日期|于)?\s*[:：]?|今天是|今日|当前时间|现在时间",
)


@dataclass(frozen=True, slots=True)
class _Found:
    offset: int
    date: datetime
    labelled: bool
    excluded: bool


def find_published(
    doc: lxml_html.HtmlElement,
    page_text: str,
    title: str,
    main_text: str = "",
    url: str | None = None,
) -> tuple[datetime | None, str]:
    """The publication date and its source: meta, byline, label, json-ld, url, modified, text."""
    from_meta = meta_date(doc)
    if from_meta:
        return from_meta, "meta"
    dates = _dates(page_text)
    usable = [d for d in dates if not d.excluded]
    title_at = _title_offset(page_text, title)
    text_at = _text_offset(page_text, main_text, title_at)
    zone = _zone(title_at, text_at, len(title))
    if zone is not None:
        start, end, anchor, after_anchor = zone
        in_zone = [d for d in usable if start <= d.offset <= end]
        labelled = [d for d in in_zone if d.labelled]
        if labelled:
            return labelled[0].date, "byline"
        after = [d for d in in_zone if d.offset >= anchor]
        before = [d for d in in_zone if d.offset < anchor]
        # Below a headline the byline follows it; above the text it is the nearest line.
        ordered = [*after, *reversed(before)] if after_anchor else [*reversed(before), *after]
        if ordered:
            return ordered[0].date, "byline"
    labelled = [d for d in usable if d.labelled]
    if labelled:
        return labelled[0].date, "label"
    from_json = _json_ld_date(doc, JSON_LD_PUBLISHED)
    if from_json:
        return from_json, "json-ld"
    from_url = meta.url_date(url)
    if from_url:
        return from_url, "url"
    modified = _meta_tag_date(doc, MODIFIED_META) or _json_ld_date(doc, JSON_LD_MODIFIED)
    if modified:
        return modified, "modified"
    after_title = [d for d in usable if d.offset >= title_at]
    if after_title:
        return after_title[0].date, "text"
    return None, ""


def meta_date(doc: lxml_html.HtmlElement) -> datetime | None:
    """A date from the page's meta tags, ``<time datetime>`` or ``itemprop=datePublished``."""
    found = _meta_tag_date(doc, DATE_META)
    if found:
        return found
    for node in doc.xpath("//time[@datetime]|//*[@itemprop='datePublished']"):
        date = meta.parse_date(node.get("datetime") or node.get("content") or node.text_content())
        if date:
            return date
    return None


def _meta_tag_date(doc: lxml_html.HtmlElement, names: tuple[str, ...]) -> datetime | None:
    """The date of the first of ``names`` (most specific first) that the page's meta tags have."""
    found: dict[int, datetime] = {}
    for node in doc.iter("meta"):
        raw = node.get("property") or node.get("name") or node.get("itemprop") or ""
        # "weibo: article:create_at" is written with a space on some portals.
        key = "".join(raw.split()).lower()
        if key in names and names.index(key) not in found:
            date = meta.parse_date(node.get("content") or "")
            if date:
                found[names.index(key)] = date
    return found[min(found)] if found else None


def _json_ld_date(doc: lxml_html.HtmlElement, keys: tuple[str, ...]) -> datetime | None:
    """The first of ``keys`` found in the page's JSON-LD blocks, parsed as a full date."""
    for node in doc.xpath("//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]"):
        raw = node.text or ""
        if len(raw) > JSON_LD_MAX_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # broken JSON-LD is common; the page has other dates
        values = _json_values(data, keys)
        for key in keys:
            for value in values.get(key, []):
                date = meta.parse_date(value)
                if date:
                    return date
    return None


def _json_values(data: object, keys: tuple[str, ...]) -> dict[str, list[str]]:
    """String values of ``keys`` anywhere in a JSON document (objects, lists, @graph)."""
    found: dict[str, list[str]] = {}
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in keys and isinstance(value, str):
                    found.setdefault(key, []).append(value)
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def _dates(text: str) -> list[_Found]:
    labels = [m.end() for m in _LABEL.finditer(text)]
    negatives = [m.end() for m in _NOT_PUBLISHED.finditer(text)]
    found = []
    for offset, date in meta.find_dates(text):
        found.append(_Found(offset, date, _follows(labels, offset), _follows(negatives, offset)))
    known = {f.offset for f in found}
    for end in labels:
        # 发布时间：18-03-08: a two-digit year, only where a label vouches for it.
        window = text[end : end + LABEL_REACH]
        start = end + len(window) - len(window.lstrip())
        if start in known:
            continue
        short = meta.short_year_date(text[start : start + LABEL_REACH + 20])
        if short:
            found.append(_Found(start, short, True, _follows(negatives, start)))
    return sorted(found, key=lambda f: f.offset)


def _follows(ends: list[int], offset: int) -> bool:
    """True when one of the label ``ends`` lies just before ``offset``."""
    return any(0 <= offset - end <= LABEL_REACH for end in ends)


def _title_offset(page_text: str, title: str) -> int:
    if not title:
        return -1
    whole_line = page_text.find("\n" + title + "\n")
    if whole_line >= 0:
        return whole_line + 1
    if page_text.startswith(title + "\n"):
        return 0
    return page_text.find(title)


def _text_offset(page_text: str, main_text: str, title_at: int) -> int:
    """Where the first line of the article text is on the page, or -1.

    A short first line (a post title, 图片说明) can also stand in a sidebar list, so among its
    occurrences the one followed by the second line of the text is taken.
    """
    probes = [
        line.strip()[:TEXT_PROBE_CHARS]
        for line in main_text.split("\n")[:4]
        if len(line_key(line.strip()[:TEXT_PROBE_CHARS])) >= MIN_PROBE_CHARS
    ]
    if not probes:
        return -1
    first, after = probes[0], probes[1] if len(probes) > 1 else ""
    occurrences: list[int] = []
    for start in (max(title_at, 0), 0):
        found = page_text.find(first, start)
        while found >= 0 and len(occurrences) < MAX_OCCURRENCES:
            if found not in occurrences:
                occurrences.append(found)
            found = page_text.find(first, found + 1)
        if occurrences:
            break
    if not occurrences:
        return -1
    for found in occurrences:
        if after and page_text.find(after, found, found + len(first) + FOLLOW_REACH) >= 0:
            return found
    return occurrences[0]


def _zone(title_at: int, text_at: int, title_len: int) -> tuple[int, int, int, bool] | None:
    """The stretch of page text that holds the byline: (start, end, anchor, look below the
    anchor first), or None without any anchor.

    The headline is the anchor when the text starts a little below it; when the "headline" is
    far above the text (a site name in the page header) or missing, the text start is.
    """
    if title_at >= 0 and title_at < text_at <= title_at + title_len + ZONE_MAX_AFTER_TITLE:
        return title_at - ZONE_BEFORE_TITLE, text_at + ZONE_INTO_TEXT, title_at, True
    if text_at >= 0:
        return text_at - ZONE_BEFORE_TEXT, text_at + ZONE_INTO_TEXT, text_at, False
    if title_at >= 0:
        return title_at - ZONE_BEFORE_TITLE, title_at + title_len + ZONE_AFTER_TITLE, title_at, True
    return None
