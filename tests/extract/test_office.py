"""DOCX and PDF: reading order, titles, dates, wrapped lines, page furniture, damaged files."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from jianbao.errors import ExtractError
from jianbao.extract import extract
from jianbao.extract.office import drop_page_furniture, extract_docx, join_wrapped_lines
from tests.extract.helpers import FILES, fetched_bytes

FULL = "工业和信息化部近日印发通知要求各地加快推进网络建设促进人工智能与制"  # a full-width line


def docx(paragraphs: list[tuple[str, str | None]], created: datetime | None = None) -> bytes:
    from docx import Document

    document = Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    if created is not None:
        document.core_properties.created = created
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_office_pdf_wrapped_line_is_joined() -> None:
    lines = [FULL, "造业深度融合。", "第二段。"]
    assert join_wrapped_lines(lines) == [FULL + "造业深度融合。", "第二段。"]


def test_office_pdf_short_line_ends_its_paragraph() -> None:
    lines = ["关于推进5G网络建设的通知", FULL, "造业深度融合。"]
    assert join_wrapped_lines(lines)[0] == "关于推进5G网络建设的通知"


def test_office_pdf_sentence_end_is_not_a_wrap() -> None:
    lines = [FULL + "。", FULL, "造业。"]
    assert join_wrapped_lines(lines) == [FULL + "。", FULL + "造业。"]


def test_office_pdf_latin_wrap_keeps_a_space() -> None:
    lines = ["The ministry said that network construction would speed", "up next year.", "x"]
    assert (
        join_wrapped_lines(lines)[0]
        == "The ministry said that network construction would speed up next year."
    )


def test_office_pdf_page_furniture_is_dropped() -> None:
    pages = [
        ["工业和信息化部文件", "第一页正文。", "- 1 -"],
        ["工业和信息化部文件", "第二页正文。", "第 2 页 共 3 页"],
        ["工业和信息化部文件", "第三页正文。", "3"],
    ]
    assert drop_page_furniture(pages) == [["第一页正文。"], ["第二页正文。"], ["第三页正文。"]]


def test_office_pdf_single_page_keeps_its_first_line() -> None:
    assert drop_page_furniture([["工业和信息化部文件", "正文。"]]) == [
        ["工业和信息化部文件", "正文。"]
    ]


def test_office_pdf_encrypted_needs_password() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(FILES / "chinese.pdf").pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractError) as info:
        extract(fetched_bytes(buffer.getvalue(), "pdf", url="https://x.cn/a.pdf"))
    assert info.value.code == "E204"
    assert "password" in str(info.value)


def test_office_docx_heading_style_gives_the_title() -> None:
    body = docx(
        [
            ("发文机关：工业和信息化部", None),
            ("关于开展试点工作的通知", "Heading 1"),
            ("正文第一段。", None),
        ]
    )
    result = extract_docx(body, "test.docx")
    assert result.title == "关于开展试点工作的通知"
    assert result.text == "发文机关：工业和信息化部\n正文第一段。"


def test_office_docx_first_short_line_is_the_title() -> None:
    result = extract_docx(
        docx([("关于开展试点工作的通知", None), ("正文第一段。", None)]), "t.docx"
    )
    assert result.title == "关于开展试点工作的通知"


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (datetime(2024, 12, 16, 9, 30), datetime(2024, 12, 16, 9, 30)),
        (datetime(2000, 1, 1, 0, 0), None),
        (datetime(1601, 1, 1, 0, 0), None),
        (None, None),  # python-docx's template date is not a publication date
    ],
)
def test_office_docx_created_only_when_plausible(
    created: datetime | None, expected: datetime | None
) -> None:
    result = extract_docx(docx([("标题", None), ("正文。", None)], created), "t.docx")
    assert result.published == expected


def test_office_docx_zip_that_is_not_docx() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    with pytest.raises(ExtractError) as info:
        extract(fetched_bytes(buffer.getvalue(), "docx", url="https://x.cn/a.docx"))
    assert info.value.code == "E203"
