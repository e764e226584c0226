"""One parametrised test over every fixture file: what extraction must find, or which error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from jianbao.errors import ExtractError, NotAnArticle
from jianbao.extract import extract
from tests.extract.helpers import FILES, fetched_file

NOTICE_TITLE = "工业和信息化部关于推进5G轻量化（RedCap）技术演进和应用创新发展的通知"
NOTICE_PHRASE = "5G RedCap产业综合能力显著提升"
GOV_BOILERPLATE = ("字体", "打印本页", "关闭窗口", "责任编辑", "版权所有", "当前位置", "分享到")


@dataclass(frozen=True)
class Expect:
    """What one fixture must give."""

    title: str = ""
    phrase: str = ""
    published: datetime | None = None
    absent: tuple[str, ...] = ()
    error: str | None = None
    encoding: str | None = None
    malformed: bool = False
    language: str = "zh"
    source_name: str | None = None
    reason: str | None = None  # NotAnArticle.reason when error == "E206"
    attachments: int | None = None


EXPECTED: dict[str, Expect] = {
    "gbk_no_charset.html": Expect(
        NOTICE_TITLE,
        NOTICE_PHRASE,
        datetime(2024, 12, 16),
        (*GOV_BOILERPLATE, "_通知公告", "统计代码"),
        encoding="gb18030",
        source_name="工业和信息化部",
    ),
    "gbk_declared_utf8.html": Expect(
        "国常会推动人工智能赋能新型工业化",
        "以智能制造为主攻方向",
        datetime(2024, 12, 19, 10, 30),
        ("责任编辑", "相关新闻标题", "新浪公司", "新浪科技\n"),
        encoding="gb18030",
        source_name="新浪科技",
    ),
    "big5.html": Expect(
        "河南完成全球首個5G-A智能基站規模試商用部署",
        "網絡下行峰值速率突破10Gbps",
        datetime(2024, 12, 16, 9, 0),
        ("版權所有", "首頁"),
        encoding="big5",
    ),
    "big5_declared.html": Expect(
        "河南完成全球首個5G-A智能基站規模試商用部署",
        "網絡下行峰值速率突破10Gbps",
        datetime(2024, 12, 16, 9, 0),
        ("版權所有",),
        encoding="big5",
    ),
    "utf8_bom.html": Expect(
        NOTICE_TITLE,
        NOTICE_PHRASE,
        datetime(2024, 12, 16, 10, 30),
        (*GOV_BOILERPLATE, "中华人民共和国工业和信息化部\n", "\ufeff"),
        encoding="utf-8",
    ),
    "invalid_bytes_gbk.html": Expect(
        NOTICE_TITLE,
        NOTICE_PHRASE,
        datetime(2024, 12, 16),
        GOV_BOILERPLATE,
        encoding="gb18030",
        malformed=True,
    ),
    "english.html": Expect(
        "Chip exports rise as AI demand grows",
        "shipments of AI accelerators",
        datetime(2024, 12, 16, 8, 30),
        ("Subscribe to our newsletter", "Example News", "Home"),
        encoding="utf-8",
        language="en",
    ),
    "article.txt": Expect(
        "国常会推动人工智能赋能新型工业化",
        "高水平赋能工业制造体系",
        datetime(2024, 12, 18),
        ("来源：",),
        source_name="中国电子报",
    ),
    "article.md": Expect(
        NOTICE_TITLE,
        "详见工业和信息化部网站发布的原文。",
        datetime(2024, 12, 16),
        ("**", "](", "#", "`", "> ", "- ", "https://"),
    ),
    "notice.docx": Expect(
        NOTICE_TITLE, "5G RedCap连接数 超过1亿", datetime(2024, 12, 16, 9, 0), ("python-docx",)
    ),
    "chinese.pdf": Expect(
        "关于推进5G轻量化技术演进和应用创新发展的通知",
        # One line of the PDF ends in "5G", the next starts with "RedCap": joined back.
        "到2025年，5G RedCap产业综合能力显著提升，新产品、新模式不断涌现，融合应用规模上量",
        datetime(2024, 12, 16),
        ("工业和信息化部文件", "- 1 -", "- 2 -", "Microsoft Word"),
    ),
    "empty.html": Expect(error="E201"),
    "no_body.html": Expect(error="E206", reason="empty_shell"),
    "list_page.html": Expect(error="E206", reason="list_page"),
    "login_wall.html": Expect(error="E206", reason="login_wall"),
    "error_404.html": Expect(error="E206", reason="error_page"),
    "error_500.html": Expect(error="E206", reason="error_page"),
    "article_mentions_login.html": Expect(
        "一季度APP个人信息保护专项整治通报28款违规应用",
        "拒绝登录则提示页面不存在或返回404错误",
        datetime(2024, 4, 2, 15, 20),
        ("责任编辑", "首页", "行业动态", "发布时间", "版权所有"),
        encoding="utf-8",
        source_name="人民邮电报",
    ),
    "notice_with_attachment.html": Expect(
        "关于公布2024年5G工厂名录的通知",
        "现将2024年5G工厂名录予以公布。",
        datetime(2024, 12, 11, 16, 0),
        ("首页", "版权所有"),
        encoding="utf-8",
        attachments=1,
    ),
    "portal_short_year_byline.html": Expect(
        "工信部发布5G-A网络建设指南",
        "通感一体、无源物联等新能力",
        datetime(2024, 12, 16, 10, 30),
        ("作者最新文章", "运营商加快千兆光网改造", "卫星互联网", "京ICP证"),
        encoding="utf-8",
    ),
    "portal_modified_meta.html": Expect(
        "我国千兆光网覆盖超过5亿户家庭",
        "持续提升网络服务质量。",
        datetime(2024, 12, 16, 10, 30),
        ("返回首页", "供稿", "摄影/", "编辑/", "原题", "5G基站总数", "版权所有"),
        encoding="utf-8",
        source_name="示例新闻网",
    ),
    "jsonld_date.html": Expect(
        "人工智能大模型备案数量突破200个",
        "推动大模型在制造、医疗、教育等行业深度应用。",
        datetime(2024, 12, 16, 10, 30),
        ("示例科技", "© 2024"),
        encoding="utf-8",
    ),
    "truncated.docx": Expect(error="E203"),
    "corrupt.pdf": Expect(error="E204"),
    "scanned.pdf": Expect(error="E205"),
}


def test_fixtures_every_file_has_an_expectation() -> None:
    files = {p.name for p in FILES.iterdir() if p.name != "README.md"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixtures_extract(name: str) -> None:
    expect = EXPECTED[name]
    fetched = fetched_file(name)
    if expect.error:
        with pytest.raises(ExtractError) as info:
            extract(fetched)
        assert info.value.code == expect.error
        assert name in str(info.value)  # the message names the file
        if expect.reason:
            assert isinstance(info.value, NotAnArticle)
            assert info.value.reason == expect.reason
            assert f"reason: {expect.reason}" in str(info.value)
        return
    article = extract(fetched)
    assert article.title == expect.title
    assert expect.phrase in article.text
    assert article.published is not None
    if expect.published and (expect.published.hour or expect.published.minute):
        assert article.published == expect.published
    else:
        assert article.published.date() == (expect.published or article.published).date()
    for junk in expect.absent:
        assert junk not in article.text + "\n", f"{junk!r} left in the text of {name}"
    if expect.encoding:
        assert article.encoding == expect.encoding
    assert article.malformed is expect.malformed
    assert (article.problem is not None) is expect.malformed
    assert article.language == expect.language
    if expect.source_name:
        assert article.source_name == expect.source_name
    assert article.extracted_by
    if expect.attachments is not None:
        assert len(article.attachments) == expect.attachments
    assert article.text == article.text.strip()
    assert "\n\n" not in article.text
