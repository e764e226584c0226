"""extract(): dispatch and sniffing, ids, errors, and never crashing on any bytes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianbao.errors import ExtractError
from jianbao.extract import CONTENT_TYPES, extract, sniff
from jianbao.models import Article, content_hash, stable_id
from tests.extract.helpers import FILES, fetched_bytes

ARTICLE = (
    "<p>工业和信息化部发布数据显示，今年前11个月，我国软件业务收入达到12.3万亿元，"
    "同比增长10.9%。</p>"
)


@pytest.mark.parametrize(
    ("body", "url", "expected"),
    [
        (b"%PDF-1.7\n...", "https://x.cn/download?id=1", "pdf"),
        (b"<!DOCTYPE html><html></html>", "https://x.cn/a", "html"),
        (b"  <!-- c --><html><body>x</body></html>", "file:///tmp/page", "html"),
        (b"plain words", "file:///tmp/notes.txt", "text"),
        (b"# heading", "file:///tmp/notes.md", "markdown"),
        (b"plain words", "file:///tmp/notes", "text"),
        ((FILES / "notice.docx").read_bytes(), "https://x.cn/get?id=2", "docx"),
        (b"<html>", "https://x.cn/file.PDF", "pdf"),  # the extension comes first
    ],
)
def test_extract_sniff(body: bytes, url: str, expected: str) -> None:
    assert sniff(fetched_bytes(body, None, url=url)) == expected


def test_extract_sniff_rejects_binary() -> None:
    with pytest.raises(ExtractError) as info:
        extract(fetched_bytes(bytes(range(256)) * 4, None, url="file:///tmp/blob"))
    assert info.value.code == "E207"


def test_extract_unknown_content_type() -> None:
    with pytest.raises(ExtractError) as info:
        extract(fetched_bytes(b"x", "xlsx"))
    assert info.value.code == "E207"


def test_extract_mime_type_is_accepted() -> None:
    article = extract(
        fetched_bytes(f"<html><body>{ARTICLE}</body></html>".encode(), "text/html; charset=utf-8")
    )
    assert "软件业务收入" in article.text


def test_extract_whitespace_only_is_empty() -> None:
    with pytest.raises(ExtractError) as info:
        extract(fetched_bytes(b" \r\n\t ", "text"))
    assert info.value.code == "E201"


def test_extract_undecodable_text_is_e202(monkeypatch: pytest.MonkeyPatch) -> None:
    import jianbao.extract as stage
    from jianbao.extract.encoding import Decoded

    # More replacement characters than text: no encoding fitted.
    monkeypatch.setattr(
        stage, "decode_bytes", lambda body, declared: Decoded("\ufffd" * 9 + "ab", "gb18030", 9)
    )
    with pytest.raises(ExtractError) as info:
        extract(fetched_bytes(b"\x81\x82" * 9 + b"ab", "text", url="https://x.cn/a.txt"))
    assert info.value.code == "E202"
    assert "https://x.cn/a.txt" in str(info.value)


def test_extract_id_and_hash_without_canonical_url() -> None:
    html = f"<html><head><title>软件业务收入增长</title></head><body>{ARTICLE}</body></html>"
    article = extract(fetched_bytes(html.encode("utf-8"), url="https://x.cn/a.html"))
    assert article.canonical_url is None
    assert article.url == "https://x.cn/a.html"
    assert article.content_hash == content_hash(article.title + "\n" + article.text)
    assert article.id == stable_id("sha256:" + article.content_hash)
    # the same article in another encoding is the same article
    again = extract(fetched_bytes(html.encode("gb18030"), url="https://mirror.cn/b.html"))
    assert again.id == article.id


def test_extract_http_charset_header_is_used() -> None:
    text = "<p>工業和信息化部公布數據，今年前11個月，我國軟件業務收入達到12.3萬億元。</p>"
    html = f"<html><body>{text}</body></html>".encode("big5")
    article = extract(fetched_bytes(html, headers=(("Content-Type", "text/html; charset=big5"),)))
    assert article.encoding == "big5"
    assert "工業和信息化部" in article.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=2000), kind=st.sampled_from([*CONTENT_TYPES, None]))
def test_extract_never_crashes_on_random_bytes(body: bytes, kind: str | None) -> None:
    outcome: object
    try:
        outcome = extract(fetched_bytes(body, kind, url="https://x.cn/page"))
    except ExtractError as exc:
        outcome = exc.code
    assert isinstance(outcome, Article) or str(outcome).startswith("E2")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body><p>", b"\xef\xbb\xbf"]),
    body=st.binary(max_size=1500),
    kind=st.sampled_from([*CONTENT_TYPES, None]),
)
def test_extract_never_crashes_on_damaged_magic(
    prefix: bytes, body: bytes, kind: str | None
) -> None:
    outcome: object
    try:
        outcome = extract(fetched_bytes(prefix + body, kind, url="https://x.cn/page"))
    except ExtractError as exc:
        outcome = exc.code
    assert isinstance(outcome, Article) or str(outcome).startswith("E2")


@pytest.mark.parametrize("cut", [10, 100, 1000, 5000])
def test_extract_truncated_pdf_never_crashes(cut: int) -> None:
    body = (FILES / "chinese.pdf").read_bytes()[:cut]
    outcome: object
    try:
        outcome = extract(fetched_bytes(body, "pdf"))
    except ExtractError as exc:
        outcome = exc.code
    assert isinstance(outcome, Article) or outcome in {"E204", "E205"}
