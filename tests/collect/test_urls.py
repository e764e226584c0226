"""URL canonicalisation and the private-address rule."""

from __future__ import annotations

import pytest

from jianbao.collect.urls import canonicalize, check_url, tracking_param
from jianbao.errors import CollectError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.MIIT.GOV.CN/xwdt/index.html", "http://www.miit.gov.cn/xwdt/index.html"),
        ("https://www.miit.gov.cn:443/a.html#top", "https://www.miit.gov.cn/a.html"),
        ("http://example.cn:8080/a.html", "http://example.cn:8080/a.html"),
        ("https://example.cn", "https://example.cn/"),
        ("https://example.cn/a.html?b=2&a=1", "https://example.cn/a.html?a=1&b=2"),
        (
            "https://example.cn/a.html?id=7&utm_source=wechat&utm_medium=x&spm=a2c4&from=timeline",
            "https://example.cn/a.html?id=7",
        ),
        (
            "https://example.cn/a.html?share_token=abc&wfr=spider&isappinstalled=0",
            "https://example.cn/a.html",
        ),
        (
            "https://example.cn/新闻/文章.html",
            "https://example.cn/%E6%96%B0%E9%97%BB/%E6%96%87%E7%AB%A0.html",
        ),
        (
            "https://example.cn/%E6%96%B0%E9%97%BB.html",
            "https://example.cn/%E6%96%B0%E9%97%BB.html",
        ),
        ("https://例子.中国/a.html", "https://xn--fsqu00a.xn--fiqs8s/a.html"),
        ("https://example.cn/a.html?q=", "https://example.cn/a.html?q="),
    ],
)
def test_canonicalize_spells_one_page_one_way(url: str, expected: str) -> None:
    assert canonicalize(url) == expected
    assert canonicalize(expected) == expected  # idempotent


def test_tracking_params_come_from_the_data_file() -> None:
    assert tracking_param("utm_campaign")
    assert tracking_param("UTM_Source")
    assert tracking_param("spm")
    assert tracking_param("share_token")
    assert not tracking_param("id")
    assert not tracking_param("page")


@pytest.mark.parametrize(
    "url", ["ftp://example.cn/a", "file:///etc/passwd", "javascript:alert(1)", "/a.html"]
)
def test_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(CollectError) as info:
        canonicalize(url)
    assert info.value.code == "E105"
    with pytest.raises(CollectError):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
    ],
)
def test_private_and_loopback_addresses_are_refused(address: str) -> None:
    url = "http://intranet.example/a.html"
    with pytest.raises(CollectError) as info:
        check_url(url, allow_private=False, addresses=[address])
    assert info.value.code == "E105"
    assert "allow_private_addresses" in str(info.value)
    check_url(url, allow_private=True, addresses=[address])  # allowed by the setting


def test_public_addresses_and_ip_literals() -> None:
    check_url("https://www.miit.gov.cn/", allow_private=False, addresses=["202.106.121.6"])
    with pytest.raises(CollectError):
        check_url("http://127.0.0.1:8000/", allow_private=False)  # literal: no lookup needed
    with pytest.raises(CollectError):
        check_url("http://[::1]/", allow_private=False)
