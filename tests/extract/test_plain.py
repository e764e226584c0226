"""Plain text and Markdown files."""

from __future__ import annotations

from datetime import datetime

from jianbao.extract.plain import extract_plain, markdown_to_text


def test_plain_first_line_is_the_title() -> None:
    result = extract_plain("\n\n5G基站总数达419万个\n截至11月末，5G基站总数达419万个。\n")
    assert result.title == "5G基站总数达419万个"
    assert result.text == "截至11月末，5G基站总数达419万个。"


def test_plain_long_first_line_is_not_a_title() -> None:
    paragraph = "截至11月末，5G基站总数达419万个，" * 8
    result = extract_plain(paragraph)
    assert result.title == ""
    assert result.text == paragraph.strip()


def test_plain_date_and_source_lines() -> None:
    result = extract_plain("标题\n来源：人民邮电报 发布时间：2024-12-16 08:00\n正文。")
    assert result.published == datetime(2024, 12, 16, 8, 0)
    assert result.source_name == "人民邮电报"
    assert result.text == "正文。"


def test_plain_markdown_markup_is_reduced() -> None:
    text = markdown_to_text(
        "## 标题 ##\n\n> 引用的**重点**内容\n\n- 一项 [链接文字](https://a.cn)\n1. 第一\n\n"
        "![图片说明](x.png) `code` ~~删除~~ _强调_\n\n---\n```\nraw *text*\n```\n<!-- 注释 -->"
    )
    assert text.split("\n") == [
        "标题",
        "",
        "引用的重点内容",
        "",
        "一项 链接文字",
        "1. 第一",
        "",
        "图片说明 code 删除 强调",
        "",
        "",
        "raw *text*",
        "",
    ]


def test_plain_markdown_keeps_underscores_inside_words() -> None:
    assert markdown_to_text("file_name_here and *a*") == "file_name_here and a"


def test_plain_markdown_title_has_no_hash() -> None:
    assert extract_plain("# 工信部发布通知\n正文。", markdown=True).title == "工信部发布通知"
