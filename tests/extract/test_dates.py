"""Publication dates of HTML pages: byline zone, labels, negatives, URL, never a made-up day."""

from __future__ import annotations

from datetime import datetime

import pytest

from jianbao.extract.html import extract_html

TEXT = (
    "<p>工业和信息化部日前发布数据显示，今年前11个月，"
    "我国软件业务收入达到12.3万亿元，同比增长10.9%。</p>"
)


def page(body: str, title: str = "软件业务收入增长") -> str:
    head = f"<head><meta charset='utf-8'><title>{title}_工信部</title></head>"
    return f"<html>{head}<body>{body}</body></html>"


@pytest.mark.parametrize(
    ("body", "url", "expected", "by"),
    [
        # The date line just below the headline, not the header's "today".
        (
            "<div>今天是2024年12月20日</div><h1>软件业务收入增长</h1><div>2024-12-16 10:30</div>"
            + TEXT,
            None,
            datetime(2024, 12, 16, 10, 30),
            "byline",
        ),
        # A date line just above the headline.
        (
            "<div>2024年12月16日</div><h1>软件业务收入增长</h1>" + TEXT,
            None,
            datetime(2024, 12, 16),
            "byline",
        ),
        # A labelled date in the zone beats an unlabelled one there.
        (
            "<h1>软件业务收入增长</h1><div>成文日期：2024-12-10</div><div>发布日期：2024-12-16</div>"
            + TEXT,
            None,
            datetime(2024, 12, 10),
            "byline",
        ),
        # A blog footer "发表于" far from the headline, with a member's 注册时间 nearer.
        (
            "<h1>软件业务收入增长</h1>"
            + TEXT * 30
            + "<div>注册时间：2003-01-05</div><div>admin 发表于 2024-12-16 11:46</div>",
            None,
            datetime(2024, 12, 16, 11, 46),
            "label",
        ),
        # Only the URL knows.
        (
            "<h1>软件业务收入增长</h1>" + TEXT,
            "https://www.miit.gov.cn/a/2024/t20241216_1.html",
            datetime(2024, 12, 16),
            "url",
        ),
        # A year and a month are not a day: no date at all.
        ("<h1>软件业务收入增长</h1><div>2024年12月</div>" + TEXT, None, None, ""),
        # A two-digit year after a label, the time in the next <span>.
        (
            "<h1>软件业务收入增长</h1><div><span>发布时间：24-12-16</span><span>10:30</span></div>"
            + TEXT,
            None,
            datetime(2024, 12, 16, 10, 30),
            "byline",
        ),
        # Without a label "24-12-16" is not trusted as a date.
        ("<h1>软件业务收入增长</h1><div>24-12-16</div>" + TEXT, None, None, ""),
        # A month-first date from a US-locale server after the label.
        (
            "<h1>软件业务收入增长</h1><div>发布日期： 12/16/2024 2:05:00 PM</div>" + TEXT,
            None,
            datetime(2024, 12, 16, 14, 5),
            "byline",
        ),
        # A notice signed in Chinese numerals below its text.
        (
            "<h1>软件业务收入增长</h1>"
            + TEXT
            + "<div>工业和信息化部</div><div>二〇二四年十二月十六日</div>",
            None,
            datetime(2024, 12, 16),
            "text",
        ),
    ],
)
def test_dates_published(body: str, url: str | None, expected: datetime | None, by: str) -> None:
    result = extract_html(page(body), url)
    assert result.published == expected
    assert result.date_by == by


def test_dates_modified_meta_is_the_fallback() -> None:
    # The byline has no year ("发布时间：12-16 10:30"); the modified meta tag says when.
    head = (
        "<head><meta charset='utf-8'><title>软件业务收入增长_工信部</title>"
        "<meta property='article:modified_time' content='2024-12-16T10:31:00+08:00'></head>"
    )
    body = "<h1>软件业务收入增长</h1><div>发布时间：12-16 10:30</div>" + TEXT
    result = extract_html(f"<html>{head}<body>{body}</body></html>")
    assert result.published == datetime(2024, 12, 16, 10, 31)
    assert result.date_by == "modified"


def test_dates_visible_byline_beats_modified_and_json_ld() -> None:
    head = (
        "<head><meta charset='utf-8'><title>软件业务收入增长_工信部</title>"
        "<meta itemprop='dateModified' content='2024-12-18 08:00'>"
        '<script type="application/ld+json">{"datePublished": "2024-12-15"}</script></head>'
    )
    body = "<h1>软件业务收入增长</h1><div>2024-12-16 10:30</div>" + TEXT
    result = extract_html(f"<html>{head}<body>{body}</body></html>")
    assert result.published == datetime(2024, 12, 16, 10, 30)
    assert result.date_by == "byline"


def test_dates_broken_json_ld_is_ignored() -> None:
    head = (
        "<head><meta charset='utf-8'><title>软件业务收入增长_工信部</title>"
        '<script type="application/ld+json">{"datePublished": "2024-12-15",</script></head>'
    )
    result = extract_html(f"<html>{head}<body><h1>软件业务收入增长</h1>{TEXT}</body></html>")
    assert result.published is None
