"""Bulletin selection and Markdown/HTML rendering, against golden files."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from jianbao.bulletin import build_bulletin
from jianbao.bulletin.render import render
from jianbao.bulletin.render._context import chinese_numeral
from jianbao.errors import RenderError
from jianbao.models import Article, content_hash, stable_id
from jianbao.settings import builtin_template
from tests.conftest import GOLDEN, check_golden

ARTICLES = [
    (
        "深圳市工信局印发《深圳市打造人工智能先锋城市的若干措施》",
        "12月18日，深圳市工业和信息化局正式印发《深圳市打造人工智能先锋城市的若干措施》，从丰富"
        "生态要素供给、深化人工智能赋能千行百业等4个方面提出18条具体举措。\n措施提出，打造人工智能"
        "先锋城市。",
        "https://www.sz.gov.cn/cn/xxgk/zfxxgj/tzgg/content/post_11906633.html",
    ),
    (
        "工信部：决定成立部人工智能标准化技术委员会",
        "工业和信息化部决定成立部人工智能标准化技术委员会，编号为MIIT/TC1，主要负责人工智能评估测试、"
        "运营运维、数据集等领域行业标准制修订工作。",
        "https://www.miit.gov.cn/jgsj/kjs/wjfb/art/2024/art_68be.html",
    ),
    (
        "华为坚定开放：开源AI框架昇思份额达30%",
        "12月14日，昇思人工智能框架峰会在北京召开，18家单位发布基于昇思的原生开发大模型成果。华为公司"
        "将持续投入昇思MindSpore，坚持以开源的方式开放技术创新成果。",
        "https://baijiahao.baidu.com/s?id=1818469435474345541",
    ),
    (
        "<script>alert('x')</script>终端用户公有云支出突破7000亿美元",
        "日前，国际研究机构Gartner发布最新预测，到2025年，全球终端用户在公有云服务上的支出将从2024年"
        "的5957亿美元增长至7234亿美元，实现21.5%的增长。",
        "https://finance.sina.com.cn/tech/roll/2024-12-16/doc.shtml",
    ),
]


def articles() -> list[Article]:
    result = []
    for n, (title, body, url) in enumerate(ARTICLES):
        result.append(
            Article(
                id=stable_id(url),
                url=url,
                title=title,
                text=body,
                content_hash=content_hash(body),
                published=datetime(2024, 12, 18 - n),
            )
        )
    return result


PERIOD = (datetime(2024, 12, 1), datetime(2024, 12, 31))


def test_build_places_items_by_section_within_quota() -> None:
    bulletin = build_bulletin(articles(), builtin_template("default"), *PERIOD, issue=12)
    sections = {item.title[:6]: item.section for item in bulletin.items}
    assert sections["深圳市工信局"] in {"政策资讯", "省内资讯"}
    assert sections["工信部：决定"] == "政策资讯"
    assert sections["华为坚定开放"] == "企业资讯"
    assert bulletin.issue_label == "2024年第12期"
    assert [i.position for i in bulletin.items] == list(range(1, len(bulletin.items) + 1))


def test_empty_period_is_a_coded_error() -> None:
    with pytest.raises(RenderError) as info:
        build_bulletin([], builtin_template("default"), *PERIOD)
    assert info.value.code == "E602"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_rendered_digest_matches_golden(tmp_path: Path, fmt: str, update_golden: bool) -> None:
    bulletin = build_bulletin(articles(), builtin_template("default"), *PERIOD, issue=12)
    files = render(bulletin, tmp_path, [fmt])
    check_golden(
        GOLDEN / "bulletin" / f"digest.{fmt}", files[fmt].read_text("utf-8"), update_golden
    )


def test_html_escapes_article_markup(tmp_path: Path) -> None:
    bulletin = build_bulletin(articles(), builtin_template("default"), *PERIOD)
    html = render(bulletin, tmp_path, ["html"])["html"].read_text("utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    # every item is linked from the table of contents
    for item in bulletin.items:
        assert f'href="#i{item.position}"' in html
        assert f'id="i{item.position}"' in html
    assert re.search(r"@media print", html)


def test_monthly_layout_shows_full_text(tmp_path: Path) -> None:
    bulletin = build_bulletin(articles(), builtin_template("monthly"), *PERIOD)
    files = render(bulletin, tmp_path, ["md", "html"])
    html = files["html"].read_text("utf-8")
    assert "内容：" not in html
    assert "措施提出，打造人工智能先锋城市。" in html
    assert "一、" in html
    # Markdown is the digest form for e-mail and chat, whatever the layout
    md = files["md"].read_text("utf-8")
    assert md.count("内容：") == len(bulletin.items)
    assert "\n措施提出" not in md  # no paragraph of the full text on a line of its own
    assert "## 一、" in md


def test_markdown_neutralises_raw_html(tmp_path: Path) -> None:
    bulletin = build_bulletin(articles(), builtin_template("default"), *PERIOD)
    md = render(bulletin, tmp_path, ["md"])["md"].read_text("utf-8")
    assert "<script>" not in md
    assert "\\<script\\>" in md


def test_unwritable_output_folder_is_a_coded_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bulletin = build_bulletin(articles(), builtin_template("default"), *PERIOD)
    with pytest.raises(RenderError) as info:
        render(bulletin, blocker / "sub")
    assert info.value.code == "E601"


@pytest.mark.parametrize(
    ("n", "numeral"), [(1, "一"), (5, "五"), (10, "十"), (12, "十二"), (21, "二十一")]
)
def test_chinese_numerals(n: int, numeral: str) -> None:
    assert chinese_numeral(n) == numeral


def test_docx_and_pdf_survive_control_characters_and_markup(tmp_path: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    nasty = Article(
        id="x1",
        url="javascript:alert(1)",
        title="控制字符\x0b与<b>标记</b>的标题",
        text="正文\x00第一段，工信部印发通知。\n第二段\x1f，" + "人工智能产业发展。" * 10,
        content_hash="h",
        published=datetime(2024, 12, 20),
    )
    bulletin = build_bulletin([nasty], builtin_template("default"), *PERIOD)
    files = render(bulletin, tmp_path, ["docx", "pdf"])
    paragraphs = [p.text for p in Document(str(files["docx"])).paragraphs]
    assert any("控制字符与<b>标记</b>的标题" in p for p in paragraphs)
    assert len(PdfReader(str(files["pdf"])).pages) >= 3  # cover, TOC, body
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(files["pdf"]), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert "<b>标记</b>" in text  # shown as text, not interpreted


def test_local_file_source_shows_its_named_source_not_the_path() -> None:
    from jianbao.bulletin.render._context import item_fields
    from jianbao.models import Bulletin, BulletinItem

    local = BulletinItem(
        "a1",
        "政策资讯",
        "国常会推动人工智能赋能新型工业化",
        "12月18日，国务院常务会议…",
        "file:///home/editor/inbox/%E5%9B%BD.txt",
        source_name="中国电子报",
    )
    web = BulletinItem("a2", "政策资讯", "标题", "内容", "https://www.miit.gov.cn/a.html")
    anonymous = BulletinItem("a3", "政策资讯", "标题", "内容", "file:///tmp/x.txt")
    day = datetime(2024, 12, 1)
    bulletin = Bulletin("default", "简报", day, day, (local, web, anonymous), ("政策资讯",))
    assert ("source", "中国电子报") in item_fields(bulletin, local)
    assert ("source", "https://www.miit.gov.cn/a.html") in item_fields(bulletin, web)
    assert all(name != "source" for name, _ in item_fields(bulletin, anonymous))
    assert not any("file://" in value for _, value in item_fields(bulletin, local))
    from jianbao.bulletin.render.markdown import render_markdown

    markdown = render_markdown(bulletin)
    assert "file://" not in markdown
    assert "来源：中国电子报" in markdown
