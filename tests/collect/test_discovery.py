"""Feeds, list pages (HTML and JSON) and sitemaps to item links, on small real inputs."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pytest

from jianbao.collect.feeds import parse_feed
from jianbao.collect.listing import page_urls, parse_listing
from jianbao.collect.sitemap import parse_sitemap
from jianbao.errors import CollectError, ConfigError
from jianbao.settings import SourceConfig, parse_config

BASE = "https://www.example.gov.cn/col/index.html"


def _source(**kwargs: object) -> SourceConfig:
    return SourceConfig.model_validate({"name": "s", "kind": "listing", "url": BASE, **kwargs})


def test_atom_feed_and_relative_links() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>\xe4\xb8\x80</title><link href="/a/1.html?utm_source=rss"/>
<updated>2024-12-16T10:30:00+08:00</updated></entry>
<entry><title>two</title><link href="https://www.example.gov.cn/a/2.html"/></entry>
</feed>"""
    found = parse_feed(atom, "https://www.example.gov.cn/atom.xml")
    assert [i.url for i in found.items] == [
        "https://www.example.gov.cn/a/1.html",
        "https://www.example.gov.cn/a/2.html",
    ]
    assert found.items[0].published == datetime(2024, 12, 16, 10, 30)
    assert found.items[0].title == "一"
    assert not found.malformed


def test_json_feed() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "t",
            "items": [
                {"id": "1", "url": "https://e.cn/1.html", "date_published": "2024-12-16T02:00:00Z"},
                {"id": "2"},
                {"id": "3", "external_url": "/3.html", "title": "三"},
            ],
        }
    ).encode()
    found = parse_feed(body, "https://e.cn/feed.json", "application/feed+json")
    assert [i.url for i in found.items] == ["https://e.cn/1.html", "https://e.cn/3.html"]
    assert found.items[0].published == datetime(2024, 12, 16, 10, 0)  # China time
    assert found.malformed
    assert "item 1 has no URL" in (found.problem or "")


def test_html_page_where_a_feed_was_expected_is_e104() -> None:
    with pytest.raises(CollectError) as info:
        parse_feed(b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "https://e.cn/x")
    assert info.value.code == "E104"
    assert 'kind = "listing"' in str(info.value)


def test_listing_without_selectors_finds_headline_rows_and_dates() -> None:
    html = """<html><body><div class="nav"><a href="/">首页</a><a href="/more">更多</a></div>
<ul><li><a href="./202412/t20241216_1.html">工业和信息化部关于推进5G轻量化的通知</a>
<span>2024-12-16</span></li>
<li><a href="t2.html?spm=1">关于开展2024年度示范项目申报工作的通知</a> [2024年12月3日]</li>
<li><a href="javascript:void(0)">打印本页的链接文字很长很长</a></li></ul></body></html>"""
    found = parse_listing(html.encode("gbk"), BASE, _source(), "text/html; charset=gbk")
    assert [(i.url, i.published) for i in found.items] == [
        ("https://www.example.gov.cn/col/202412/t20241216_1.html", datetime(2024, 12, 16)),
        ("https://www.example.gov.cn/col/t2.html", datetime(2024, 12, 3)),
    ]
    assert found.items[0].title == "工业和信息化部关于推进5G轻量化的通知"


def test_listing_with_xpath_selectors() -> None:
    html = b"""<html><body><table>
<tr class="row"><td><a href="/n/1.html">A</a></td><td class="d">2024/01/02</td></tr>
<tr class="row"><td><a href="/n/2.html">B</a></td><td class="d">bad</td></tr>
</table></body></html>"""
    source = _source(
        selector_type="xpath", item_selector="//tr[@class='row']", date_selector="./td[@class='d']"
    )
    found = parse_listing(html, BASE, source)
    assert [(i.url.rsplit("/", 1)[-1], i.published) for i in found.items] == [
        ("1.html", datetime(2024, 1, 2)),
        ("2.html", None),
    ]


def test_json_list_with_field_paths_and_pagination() -> None:
    body = json.dumps(
        {
            "data": {
                "list": [
                    {"link": {"href": "/d/1.html"}, "time": 1734316800000},
                    {"title": "no url"},
                ]
            }
        }
    ).encode()
    source = _source(
        url_field="data.list[].link.href",
        date_field="data.list[].time",
        next_page="list_{n}.json",
        max_pages=3,
    )
    found = parse_listing(body, "https://e.cn/api/list.json", source)
    assert [i.url for i in found.items] == ["https://e.cn/d/1.html"]
    assert found.items[0].published == datetime(2024, 12, 16, 10, 40)
    assert found.malformed  # one entry had no URL
    assert page_urls(source) == [
        BASE,
        "https://www.example.gov.cn/col/list_1.json",
        "https://www.example.gov.cn/col/list_2.json",
    ]


def test_sitemap_index_urlset_and_gzip() -> None:
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://e.cn/s1.xml.gz</loc></sitemap></sitemapindex>"""
    found = parse_sitemap(index, "https://e.cn/sitemap.xml")
    assert found.more == ("https://e.cn/s1.xml.gz",)
    assert not found.items
    urlset = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://e.cn/a.html</loc><lastmod>2024-12-16</lastmod></url>
<url><loc>https://e.cn/b.html</loc></url></urlset>"""
    found = parse_sitemap(gzip.compress(urlset), "https://e.cn/s1.xml.gz")
    assert [(i.url, i.published) for i in found.items] == [
        ("https://e.cn/a.html", datetime(2024, 12, 16)),
        ("https://e.cn/b.html", None),
    ]
    with pytest.raises(CollectError) as info:
        parse_sitemap(b"<html><body>no</body></html>", "https://e.cn/sitemap.xml")
    assert info.value.code == "E104"


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ('item_selector = "ul[["', "item_selector"),
        ('selector_type = "xpath"\nitem_selector = "//li[("', "item_selector"),
        ('next_page = "index_2.html"', "{n}"),
        ('url_field = "data..list"', "dotted field path"),
        ('date_field = "pubDate"', "url_field"),
    ],
)
def test_bad_source_settings_are_e003(extra: str, needle: str) -> None:
    text = f'[[source]]\nname = "s"\nkind = "listing"\nurl = "{BASE}"\n{extra}\n'
    with pytest.raises(ConfigError) as info:
        parse_config(text, Path("jianbao.toml"))
    assert info.value.code == "E003"
    assert needle in str(info.value)


def test_collect_settings_are_validated() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("[collect]\nconcurrency_per_host = 0\n", Path("jianbao.toml"))
    assert info.value.code == "E003"
    with pytest.raises(ConfigError) as info:
        parse_config("[collect]\nretry = 3\n", Path("jianbao.toml"))
    assert info.value.code == "E002"
