"""archive parse: the three real seed bulletins (golden files), DOCX/PDF copies, bad input.

The fixtures in tests/fixtures/archive are PDF-to-text dumps of our users' real bulletins:
000 tagged layout (39 TOC items), 001 monthly (40), 002 digest (25, no TOC).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from jianbao.archive import parse_bulletin
from jianbao.cli import cli
from jianbao.errors import ArchiveError, ExtractError
from tests.archive.helpers import write_docx, write_pdf
from tests.conftest import FIXTURES, GOLDEN, check_golden

SEEDS = {"000": ("tagged", 39), "001": ("monthly", 40), "002": ("digest", 25)}
FIELDS = ("section", "subsection", "title", "tag", "text", "summary", "source")


def seed(prefix: str) -> Path:
    return next((FIXTURES / "archive").glob(f"{prefix}_*.txt"))


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_archive_parse_seed_matches_golden(prefix: str, update_golden: bool) -> None:
    code, stdout, _ = _cli("archive", "parse", "--json", str(seed(prefix)))
    assert code == 0
    lines = [json.loads(x) for x in stdout.splitlines()]
    meta, items = lines[0]["bulletin"], lines[1:]
    layout, count = SEEDS[prefix]
    assert meta["layout"] == layout
    assert len(items) == count == meta["items"]
    assert meta["problems"] == []
    for item in items:
        assert set(item) == set(FIELDS)
        assert item["title"]
        assert item["section"]
        body = item["text"] or item["summary"]
        assert body
        assert len(body) >= 50
        assert not re.search(r"\.{3,}|^\s*\d{1,3}\s*$", body, re.M)  # no leaders, page numbers
    check_golden(GOLDEN / "archive" / f"{prefix}.jsonl", stdout, update_golden)


def test_archive_parse_tagged_fields() -> None:
    bulletin = parse_bulletin(seed("000"))
    first = bulletin.items[0]
    assert (first.section, first.subsection, first.tag) == ("软件产业", "政策发布", "人工智能")
    assert first.text
    assert first.text.startswith("1月22日国务院常务会议指出")
    assert first.summary is None
    assert first.source is None
    # a TOC title after a page break (no numbering style change) is still found
    assert bulletin.items[-1].title == "经济日报：助力制造业迈向高端"
    assert bulletin.sections == (
        "软件产业",
        "互联网大厂动态",
        "集成电路和手机",
        "国际事件",
        "国家视点",
    )


def test_archive_parse_monthly_joins_page_break_paragraphs() -> None:
    bulletin = parse_bulletin(seed("001"))
    assert bulletin.title == "行业信息监测与市场分析之信息产业篇"
    first = bulletin.items[0]
    assert first.section == "产业环境"
    assert first.tag is None
    assert first.summary is None
    # "…健全车联网和智能网联汽车等安" / "全保障体系…" was cut by a page break
    assert "智能网联汽车等安全保障体系" in (first.text or "")
    assert [i.section for i in bulletin.items].count("海外借鉴") == 3


def test_archive_parse_digest_drops_repeated_url_lists_and_joins_wrapped_titles() -> None:
    bulletin = parse_bulletin(seed("002"))
    second = bulletin.items[1]
    assert second.title.endswith("数字化产品和服务管理工作指引》")
    assert second.source == "https://www.gz.gov.cn/xw/tzgg/content/post_10026267.html"
    fourth = bulletin.items[3]  # its 内容 continues after a page-end URL list
    assert fourth.summary
    assert "展若干政策措施》（以下简称《措施》）" in fourth.summary
    assert all("https://" not in (i.summary or "") for i in bulletin.items)
    assert bulletin.items[0].text is None
    assert bulletin.items[0].summary


@pytest.mark.parametrize(("prefix", "writer"), [("001", "docx"), ("000", "docx"), ("002", "pdf")])
def test_archive_parse_docx_and_pdf_copies_give_the_same_items(
    prefix: str, writer: str, tmp_path: Path
) -> None:
    source = seed(prefix)
    lines = source.read_text("utf-8").splitlines()
    path = tmp_path / f"bulletin.{writer}"
    (write_docx if writer == "docx" else write_pdf)(lines, path)
    expected = parse_bulletin(source)
    got = parse_bulletin(path)
    assert got.layout == expected.layout
    assert got.items == expected.items


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_archive_parse_pdf_rewrapped_by_the_pdf_writer(prefix: str, tmp_path: Path) -> None:
    # fpdf2 wraps long paragraphs into visual lines and breaks pages anywhere: every field
    # must survive; the text must keep every character (paragraph breaks may differ where
    # fpdf2 wrapped at a space between Latin words, leaving a short line).
    source = seed(prefix)
    path = write_pdf(source.read_text("utf-8").splitlines(), tmp_path / "bulletin.pdf")
    expected = parse_bulletin(source).items
    got = parse_bulletin(path).items
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert (a.section, a.subsection, a.title, a.tag) == (
            b.section,
            b.subsection,
            b.title,
            b.tag,
        )
        assert re.sub(r"\s", "", a.text or "") == re.sub(r"\s", "", b.text or "")


def test_archive_parse_metadata_from_the_cover() -> None:
    text = (
        "行业信息监测与市场分析\n\n2024年第12期\n\n编印：某研究院  2024年12月\n\n【政策资讯】\n\n"
        "工信部印发通知\n\n内容：工信部印发《关于推进5G应用的通知》。\n\n来源：https://a.example/1\n\n"
        "广东发布措施\n\n内容：广东省发布人工智能措施。\n\n来源：https://a.example/2\n"
    )
    bulletin = parse_bulletin(text)
    assert (bulletin.title, bulletin.issue, bulletin.date) == (
        "行业信息监测与市场分析",
        "2024年第12期",
        "2024年12月",
    )
    assert [i.title for i in bulletin.items] == ["工信部印发通知", "广东发布措施"]


def test_archive_parse_missing_toc_entry_is_flagged_not_fatal() -> None:
    text = seed("001").read_text("utf-8").replace("通信业运行稳总量增\n", "通信业\n", 1)
    lines = text.split("\n")
    bulletin = parse_bulletin("\n".join(lines))
    assert len(bulletin.items) == 39
    assert any("通信业运行稳总量增" in p for p in bulletin.problems)


def test_archive_parse_not_a_bulletin_is_a_coded_error(tmp_path: Path) -> None:
    page = tmp_path / "article.txt"
    page.write_text("工信部召开会议。\n\n会议指出，要加快5G发展。\n" * 20, encoding="utf-8")
    code, stdout, stderr = _cli("archive", "parse", "--json", str(page))
    assert code == 1
    assert stdout == ""
    assert "E501" in stderr
    assert "Traceback" not in stderr
    with pytest.raises(ArchiveError) as info:
        parse_bulletin("")
    assert info.value.code == "E501"


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", "E"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "E203"),
        ("bulletin.xls", b"\xd0\xcf\x11\xe0", "E503"),
    ],
)
def test_archive_parse_corrupt_files_give_coded_errors(
    tmp_path: Path, name: str, body: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    exit_code, stdout, stderr = _cli("archive", "parse", str(path))
    assert exit_code != 0
    assert stdout == ""
    assert re.search(rf"{code}\d*", stderr)
    assert "Traceback" not in stderr
    with pytest.raises((ArchiveError, ExtractError)):
        parse_bulletin(path)


def test_archive_parse_missing_file(tmp_path: Path) -> None:
    exit_code, _, stderr = _cli("archive", "parse", str(tmp_path / "nope.pdf"))
    assert exit_code == 1
    assert "E101" in stderr
