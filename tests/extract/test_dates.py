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
    ],
)
def test_dates_published(body: str, url: str | None, expected: datetime | None, by: str) -> None:
    result = extract_html(page(body), url)
    assert result.published == expected
    assert result.date_by == by
