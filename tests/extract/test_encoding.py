"""decode(): BOM, checked declarations, UTF-8, Chinese-biased guessing, damaged bytes."""

from __future__ import annotations

import pytest

from jianbao.extract.encoding import codec_names, decode, decode_bytes, looks_cjk_double_byte

SIMPLIFIED = (
    "工业和信息化部近日印发通知，要求各地加快推进5G网络建设，促进人工智能与制造业深度融合。" * 3
)
TRADITIONAL = (
    "工業和信息化部近日印發通知，要求各地加快推進5G網絡建設，促進人工智能與製造業深度融合。" * 3
)


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>通知</title></head><body><p>{text}</p></body></html>"


def test_encoding_gbk_without_charset_is_gb18030() -> None:
    text, name = decode(page(SIMPLIFIED).encode("gbk"))
    assert name == "gb18030"
    assert SIMPLIFIED in text


def test_encoding_gbk_declared_as_utf8_is_not_trusted() -> None:
    body = page(SIMPLIFIED, '<meta charset="utf-8">').encode("gbk")
    text, name = decode(body, declared="utf-8")
    assert name == "gb18030"
    assert SIMPLIFIED in text


@pytest.mark.parametrize(
    "meta", ["", '<meta http-equiv="Content-Type" content="text/html; charset=big5">']
)
def test_encoding_big5_with_and_without_declaration(meta: str) -> None:
    text, name = decode(page(TRADITIONAL, meta).encode("big5"))
    assert name in {"big5", "cp950", "big5hkscs"}
    assert TRADITIONAL in text


def test_encoding_utf8_bom_is_removed() -> None:
    text, name = decode(b"\xef\xbb\xbf" + page(SIMPLIFIED).encode("utf-8"))
    assert name == "utf-8"
    assert text.startswith("<html>")


def test_encoding_utf16_bom() -> None:
    text, name = decode(page(SIMPLIFIED).encode("utf-16"))
    assert name.startswith("utf-16")
    assert SIMPLIFIED in text


def test_encoding_utf8_wins_over_a_wrong_gbk_declaration() -> None:
    body = page(SIMPLIFIED, '<meta charset="gb2312">').encode("utf-8")
    text, name = decode(body)
    assert name == "utf-8"
    assert SIMPLIFIED in text


def test_encoding_invalid_bytes_in_gbk_keep_the_rest() -> None:
    good = page(SIMPLIFIED, '<meta charset="gbk">').encode("gbk")
    body = good.replace("近日".encode("gbk"), b"\xff\xff", 1)
    result = decode_bytes(body)
    assert result.encoding == "gb18030"
    assert result.replaced >= 1
    assert "要求各地加快推进5G网络建设" in result.text


def test_encoding_invalid_bytes_in_undeclared_gbk_keep_the_rest() -> None:
    body = page(SIMPLIFIED).encode("gbk").replace("近日".encode("gbk"), b"\xff", 1)
    result = decode_bytes(body)
    assert result.encoding == "gb18030"
    assert "促进人工智能与制造业深度融合" in result.text


def test_encoding_http_header_declaration_is_used_when_it_fits() -> None:
    text, name = decode("Grüße aus Köln".encode("cp1252"), declared="iso-8859-1")
    assert name == "cp1252"
    assert text == "Grüße aus Köln"


def test_encoding_ascii_reports_declared_name() -> None:
    assert decode(b"<meta charset=gbk>hello") == ("<meta charset=gbk>hello", "gb18030")


@pytest.mark.parametrize(
    ("label", "expected"),
    [("GB2312", "gb18030"), ("x-gbk", "gb18030"), ("gb_2312-80", "gb18030"), ("UTF8", "utf-8")],
)
def test_encoding_aliases(label: str, expected: str) -> None:
    assert codec_names(label)[0] == expected


def test_encoding_unknown_label_is_ignored() -> None:
    assert codec_names("no-such-charset") == ()


def test_encoding_cjk_double_byte_detection() -> None:
    assert looks_cjk_double_byte(SIMPLIFIED.encode("gbk"))
    assert not looks_cjk_double_byte(
        "Köln liegt am Rhein. Schöne Grüße aus München und Zürich.".encode("latin-1")
    )
