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

# The day may run straight into the time when the two sit in adjacent inline elements
# (<span>2019-09-30</span><span>22:46</span> reads "2019-09-3022:46").
_DAY_END = r"(?:(?!\d)|(?=[0-2]?\d[:：][0-5]\d))"
_TIME = r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:年\s*|[-/.])(?P<m>\d{1,2})\s*(?:月\s*|[-/.])"
    rf"(?P<d>[0-3]?\d){_DAY_END}\s*[日号]?{_TIME}"
)
# Month first, as servers with a US locale print dates: 9/17/2004 5:54:13 AM. When the first
# number cannot be a month (17/9/2004) it is the day.
_US_DATE = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])"
    r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2})?(?:\s*(?P<ap>[AaPp])\.?[Mm]\.?)?)?"
)
# A two-digit year is only trusted right after a publication label (发布时间：18-03-08 23:16).
SHORT_YEAR_DATE = re.compile(
    r"(?<![\d/.-])(?P<y>\d{2})[-/.](?P<m>[01]?\d)[-/.]"
    rf"(?P<d>[0-3]?\d){_DAY_END}{_TIME}"
)
# Dates in Chinese numerals, as government documents sign them: 二〇二四年十二月十六日.
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "О": 0}
_CN_DATE = re.compile(
    r"(?P<y>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>十[一二]?|[一二三四五六七八九])\s*月"
    r"\s*(?P<d>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
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
    """The first full date (year, month, day) in ``value``; ISO, Chinese, US and compact forms."""
    value = unicodedata.normalize("NFKC", value)
    found = find_dates(value)
    if found:
        return found[0][1]
    match = _COMPACT.search(value)
    if match:
        return make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def find_dates(text: str) -> list[tuple[int, datetime]]:
    """Every full date in ``text`` with its offset, in order."""
    found: list[tuple[int, datetime]] = []
    for match in _DATE.finditer(text):
        date = make_date(int(match["y"]), int(match["m"]), int(match["d"]), *_clock(match))
        if date:
            found.append((match.start(), date))
    for match in _US_DATE.finditer(text):
        date = _us_date(match)
        if date:
            found.append((match.start(), date))
    for match in _CN_DATE.finditer(text):
        year = int("".join(str(_CN_DIGIT[c]) for c in match["y"]))
        date = make_date(year, _cn_number(match["m"]), _cn_number(match["d"]))
        if date:
            found.append((match.start(), date))
    return sorted(found, key=lambda item: item[0])


def _cn_number(text: str) -> int:
    """一 .. 三十一 as an int."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def short_year_date(text: str) -> datetime | None:
    """A date with a two-digit year at the start of ``text`` (18-03-08 is 2018-03-08)."""
    match = SHORT_YEAR_DATE.match(text)
    if not match:
        return None
    year = int(match["y"])
    # 00-(this year + 1) are this century; the rest can only be the 1990s.
    year += 2000 if year <= (datetime.now().year + LATEST_YEAR_AHEAD) % 100 else 1900
    return make_date(year, int(match["m"]), int(match["d"]), *_clock(match))


def _clock(match: re.Match[str]) -> tuple[int, int]:
    hour = int(match["H"]) if match["H"] else 0
    minute = int(match["M"]) if match["M"] else 0
    return hour, minute


def _us_date(match: re.Match[str]) -> datetime | None:
    month, day = int(match["a"]), int(match["b"])
    if month > 12:
        month, day = day, month
    hour, minute = _clock(match)
    meridiem = (match["ap"] or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    return make_date(int(match["y"]), month, day, hour, minute)


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
