"""Dates, 来源 and 作者 lines found in text and URLs."""

from __future__ import annotations

from datetime import datetime

import pytest

from jianbao.extract import meta


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年12月16日", datetime(2024, 12, 16)),
        ("2024-12-16 10:30", datetime(2024, 12, 16, 10, 30)),
        ("2024/12/16", datetime(2024, 12, 16)),
        ("２０２４年１２月１６日", datetime(2024, 12, 16)),
        ("2024-12-16T08:30:00+08:00", datetime(2024, 12, 16, 8, 30)),
        ("20241216", datetime(2024, 12, 16)),
        # US-locale servers: month first, 12-hour clock; a first number above 12 is the day.
        ("12/16/2024 10:30:00 AM", datetime(2024, 12, 16, 10, 30)),
        ("9/17/2004 5:54:13 PM", datetime(2004, 9, 17, 17, 54)),
        ("17/9/2004", datetime(2004, 9, 17)),
        ("12/16/2024 12:05 AM", datetime(2024, 12, 16, 0, 5)),
        # Date and time in adjacent inline elements run together.
        ("2024-12-1610:30", datetime(2024, 12, 16, 10, 30)),
        # Chinese numerals, as documents are signed.
        ("二〇二四年十二月十六日", datetime(2024, 12, 16)),
        ("二○○七年六月二十九日", datetime(2007, 6, 29)),
        ("二〇二四年一月三十一日", datetime(2024, 1, 31)),
    ],
)
def test_meta_parse_date_forms(text: str, expected: datetime) -> None:
    assert meta.parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2024年", "2024", "2024年12月", "2024-13-45", "1899-01-02", "", "24-12-16", "12-16 10:30"],
)
def test_meta_parse_date_never_invents_a_day(text: str) -> None:
    assert meta.parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24-12-16", datetime(2024, 12, 16)),
        ("18-03-0823:16", datetime(2018, 3, 8, 23, 16)),
        ("99.12.01", datetime(1999, 12, 1)),
        ("2024-12-16", None),  # a four-digit year is no two-digit one
        ("12-16 10:30", None),  # no year at all
    ],
)
def test_meta_short_year_date(text: str, expected: datetime | None) -> None:
    assert meta.short_year_date(text) == expected


def test_meta_labelled_date_prefers_the_label() -> None:
    text = "今天是2024年12月20日 星期五\n标题\n发布时间：2024-12-16 来源：工信部"
    assert meta.labelled_date(text) == datetime(2024, 12, 16)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.xinhuanet.com/tech/2024-12/19/c_1130.htm", datetime(2024, 12, 19)),
        ("https://www.miit.gov.cn/jgsj/txs/art/2024/t20241216_1234.html", datetime(2024, 12, 16)),
        ("https://tech.sina.com.cn/roll/2024-12-16/doc-abc.shtml", datetime(2024, 12, 16)),
        ("https://example.com/2024/12/16/story", datetime(2024, 12, 16)),
        ("https://example.com/news/2024/index.html", None),
        (None, None),
    ],
)
def test_meta_url_date(url: str | None, expected: datetime | None) -> None:
    assert meta.url_date(url) == expected


def test_meta_source_name_stops_at_the_next_field() -> None:
    assert meta.source_name("来源：工业和信息化部 发布时间：2024-12-16") == "工业和信息化部"
    assert meta.source_name("来源：人民日报作者：张三") == "人民日报"
    assert meta.source_name("没有出处的文字") is None


def test_meta_author_is_not_the_editor() -> None:
    assert meta.author("责任编辑：王小明") is None
    assert meta.author("作者：李明 责任编辑：王小明") == "李明"
    assert meta.author("本报记者 张伟\n正文") == "张伟"


def test_meta_author_ignores_reporter_phrases() -> None:
    assert meta.author("记者从工业和信息化部获悉，") is None
    assert meta.author("记者了解到，5G基站") is None
