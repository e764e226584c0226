"""Metadata written into the text of Chinese pages: dates, the 来源 line, the 作者 line.

Used by every extractor (HTML, DOCX, PDF, plain text). Dates are returned as naive datetimes and
only when year, month and day are all known: a bare year never becomes January 1st.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

# Publication dates outside this window are typos or template defaults (1900-01-01, 2099-...).
EARLIEST_YEAR = 1990
# Allow a little clock skew and pre-dated notices, but not template placeholders far ahead.
LATEST_YEAR_AHEAD = 1
# How far after a label such as 发布时间： the date may start (spaces, brackets, a source name).
LABEL_REACH = 12

_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:年\s*|[-/.])(?P<m>\d{1,2})\s*(?:月\s*|[-/.])"
    r"(?P<d>\d{1,2})(?!\d)\s*[日号]?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
)
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")

_DATE_LABEL = re.compile(
    r"(?:发布|发表|发稿|成文|印发|更新|信息)?(?:时间|日期)\s*[:：]|发布于|Published|Date\s*:", re.I
)
# URL date patterns, most specific first: /2024-12/19/, /2024/12/19/, /202412/19/,
# t20241216_123.html (gov portals), /20241216/.
_URL_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-_/.]([01]?\d)[-_/.]([0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})([01]\d)/([0-3]\d)(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})-?([01]\d)-?([0-3]\d)(?!\d)"),
)

_SOURCE = re.compile(r"(?:信息)?(?:来源|稿源|出处|转自)\s*[:：]\s*(?P<v>[^\s|｜/]{2,40})")
_AUTHOR = re.compile(
    r"(?<![\u4e00-\u9fff])(?:作者|撰稿|撰文|文)\s*[:：/]\s*(?P<v>[^\s|｜/:：]{2,20})"
    # A 记者 byline: 本报记者 张三 / （记者 李四） but not 记者了解到 or 记者从工信部获悉.
    r"|(?:本报|本网|新华社|中新社|人民网|央视网?)?记者\s*"
    r"(?![从了注获近在采看发调走问对向一表也还说称指就将已随])"
    r"(?P<r>[\u4e00-\u9fff]{2,3})(?=[\s）)、，,]|报道|$)",
    re.MULTILINE,
)
# Words that end the value of a 来源 line when the page runs several fields together.
_FIELD_STOP = re.compile(r"(?:作者|发布时间|时间|日期|浏览|点击|阅读|编辑|字号|【|\[|（|\().*$")


def make_date(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    """A naive datetime when the parts form a real, plausible publication date, else None."""
    if not EARLIEST_YEAR <= year <= datetime.now().year + LATEST_YEAR_AHEAD:
        return None
    try:
        return datetime(year, month, day, hour if hour < 24 else 0, minute if minute < 60 else 0)
    except ValueError:
        return None


def parse_date(value: str) -> datetime | None:
    """The first full date (year, month, day) in ``value``; ISO, Chinese and compact forms."""
    value = unicodedata.normalize("NFKC", value)
    match = _DATE.search(value)
    if match:
        hour = int(match["H"]) if match["H"] else 0
        minute = int(match["M"]) if match["M"] else 0
        found = make_date(int(match["y"]), int(match["m"]), int(match["d"]), hour, minute)
        if found:
            return found
    match = _COMPACT.search(value)
    if match:
        return make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def find_dates(text: str) -> list[tuple[int, datetime]]:
    """Every full date in ``text`` with its offset, in order."""
    found: list[tuple[int, datetime]] = []
    for match in _DATE.finditer(text):
        hour = int(match["H"]) if match["H"] else 0
        minute = int(match["M"]) if match["M"] else 0
        date = make_date(int(match["y"]), int(match["m"]), int(match["d"]), hour, minute)
        if date:
            found.append((match.start(), date))
    return found


def labelled_date(text: str) -> datetime | None:
    """The date after a label such as 发布时间： or 日期：, when there is one."""
    for label in _DATE_LABEL.finditer(text):
        window = text[label.end() : label.end() + LABEL_REACH + 40]
        for offset, date in find_dates(window):
            if offset <= LABEL_REACH:
                return date
            break
    return None


def url_date(url: str | None) -> datetime | None:
    """A date written in a URL path: /2024-12/19/, /2024/12/19/, t20241216_123.html."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            date = make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if date:
                return date
    return None


def source_name(text: str) -> str | None:
    """The value of a 来源：XXX line (the publisher the article credits), or None."""
    for match in _SOURCE.finditer(text):
        value = _FIELD_STOP.sub("", match["v"]).strip(" ,，;；:：")
        if len(value) >= 2 and not value[0].isdigit():
            return value
    return None


def author(text: str) -> str | None:
    """The author named in a 作者： line or a 记者 byline; 责任编辑 is never the author."""
    for match in _AUTHOR.finditer(text):
        value = match["v"] or match["r"]
        if not value:
            continue
        value = _FIELD_STOP.sub("", value).strip(" ,，;；:：")
        if len(value) >= 2:
            return value
    return None
