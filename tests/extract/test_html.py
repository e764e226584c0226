"""HTML extraction: title, main text cascade, boilerplate, metadata, attachments."""

from __future__ import annotations

from datetime import datetime

import pytest

from jianbao.extract import extract
from jianbao.extract.html import (
    boilerplate_patterns,
    choose_candidate,
    drop_widget_runs,
    extract_html,
    remove_boilerplate,
    strip_site_suffix,
)
from tests.extract.helpers import fetched_bytes

BODY = (
    "<p>工业和信息化部12月16日发布数据显示，今年前11个月，我国软件业务收入达到12.3万亿元，同比增长10.9%。</p>"
    "<p>其中，云计算、大数据服务共实现收入1.2万亿元，同比增长12.1%，占全行业收入比重为10.3%。</p>"
    "<p>业内人士认为，随着人工智能大模型加快落地，软件产业将保持平稳较快增长。</p>"
)


def page(title: str = "标题", head: str = "", body: str = BODY, before: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'>{head}<title>{title}</title></head><body>"
        f"<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a></div>{before}"
        f"<div class='content'>{body}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("前11个月软件业务收入增长10.9%_工业和信息化_中国政府网", "前11个月软件业务收入增长10.9%"),
        ("前11个月软件业务收入增长10.9% - 新浪科技", "前11个月软件业务收入增长10.9%"),
        (
            "前11个月软件业务收入增长10.9%|中华人民共和国工业和信息化部",
            "前11个月软件业务收入增长10.9%",
        ),
        ("新浪 - 前11个月软件业务收入增长10.9%", "前11个月软件业务收入增长10.9%"),
        ("没有后缀的标题", "没有后缀的标题"),
    ],
)
def test_html_strip_site_suffix(raw: str, expected: str) -> None:
    assert strip_site_suffix(raw) == expected


def test_html_title_prefers_h1_matching_title() -> None:
    html = page(
        "前11个月软件业务收入增长10.9% - 新浪科技 - 科技频道",
        before="<h1>新浪科技</h1><h1>前11个月软件业务收入增长10.9%</h1>",
    )
    assert extract_html(html).title == "前11个月软件业务收入增长10.9%"


def test_html_title_falls_back_to_og_title_without_title_tag() -> None:
    html = page("", head="<meta property='og:title' content='5G基站总数达419万个'>")
    assert extract_html(html).title == "5G基站总数达419万个"


def test_html_main_text_drops_navigation_and_records_the_step() -> None:
    result = extract_html(page("软件业务收入"))
    assert "我国软件业务收入达到12.3万亿元" in result.text
    assert "首页" not in result.text
    assert result.extracted_by in {"trafilatura", "readability", "density"}
    assert len(result.text.split("\n")) == 3


def test_html_boilerplate_lines_are_removed() -> None:
    lines = [
        "【字体：大 中 小】",
        "打印本页 关闭窗口",
        "责任编辑：王小明",
        "分享到：微信 微博",
        "上一篇：关于开展2024年工业互联网试点的通知",
        "扫一扫在手机打开当前页",
        "版权所有：中华人民共和国工业和信息化部",
        "一段正常的正文，提到工业和信息化部。",
    ]
    assert remove_boilerplate(lines) == ["一段正常的正文，提到工业和信息化部。"]


def test_html_boilerplate_credit_and_original_title_lines() -> None:
    lines = [
        "信息通信管理局供稿 摄影/王明 编辑/李华",
        "文/张三 图/李四",
        "（编辑/苏芳）",
        "（原题为《千兆光网覆盖能力持续提升》）",
        "【原标题：千兆光网覆盖能力持续提升】",
        "图为启动仪式现场。（刘通摄）",
        "本站讯（通讯员 李琴雯）为深入推进党建与业务工作紧密结合，举办了技能大赛。",
        "原题目是什么并不重要，他说。",
    ]
    assert remove_boilerplate(lines) == lines[5:]


def test_html_boilerplate_cuts_a_furniture_link_glued_to_a_paragraph() -> None:
    lines = ["第三方数据行业的整顿仍将持续。返回腾讯网首页>>", "他说：“返回首页看看。”"]
    assert remove_boilerplate(lines) == ["第三方数据行业的整顿仍将持续。", lines[1]]


def test_html_widget_runs_are_dropped() -> None:
    calendar = ["December 2024", "一", "二", "三", "四", "五", "六", "日", "»"]
    calendar += [str(day) for day in range(1, 32)]
    # A short numbered run (a list of three steps) stays.
    prose = ["第一段正文，内容完整。", "第二段正文。", "1", "2", "3", "第三段正文，内容完整。"]
    assert drop_widget_runs([prose[0], *calendar, *prose[1:]]) == prose


def test_html_author_meta_with_a_user_id_is_no_name() -> None:
    html = page("软件业务收入增长", head="<meta name='author' content='104363'>")
    assert extract_html(html).author is None
    html = page("软件业务收入增长", head="<meta name='author' content='李明'>")
    assert extract_html(html).author == "李明"


def test_html_boilerplate_spares_long_paragraphs() -> None:
    long_line = "本报告的版权所有归属问题" + "，这是一段很长的正文" * 12
    assert remove_boilerplate([long_line]) == [long_line]


def test_html_boilerplate_patterns_come_from_the_data_file() -> None:
    sources = {p.pattern for p in boilerplate_patterns()}
    assert "免责声明" in sources
    assert all(not s.startswith("#") for s in sources)


def test_html_choose_candidate_votes_for_the_agreeing_text() -> None:
    article = "第一段正文，内容完整。\n第二段正文，内容完整。\n第三段正文，内容完整。"
    candidates = [
        ("trafilatura", article + "\n网友评论：这条评论不是正文内容。"),
        ("readability", "侧边栏推荐阅读，与正文无关的一段长长的文字。"),
        ("density", article),
    ]
    name, text = choose_candidate(candidates)
    assert text == article
    assert name in {"density", "trafilatura"}


def test_html_choose_candidate_without_text() -> None:
    assert choose_candidate([]) == ("", "")


@pytest.mark.parametrize(
    ("head", "before", "url", "expected"),
    [
        (
            "<meta property='article:published_time' content='2024-12-16T10:30:00+08:00'>",
            "",
            None,
            datetime(2024, 12, 16, 10, 30),
        ),
        (
            "<meta name='PubDate' content='2024-12-16 10:30'>",
            "",
            None,
            datetime(2024, 12, 16, 10, 30),
        ),
        ("", "<div>发布时间：2024-12-16</div>", None, datetime(2024, 12, 16)),
        ("", "<div>日期：2024年12月16日</div>", None, datetime(2024, 12, 16)),
        ("", "", "https://www.miit.gov.cn/art/2024/t20241216_1.html", datetime(2024, 12, 16)),
        ("", "", "http://www.news.cn/tech/2024-12/19/c_1.htm", datetime(2024, 12, 19)),
        ("", "<div>2024年</div>", None, None),
    ],
)
def test_html_published(head: str, before: str, url: str | None, expected: datetime | None) -> None:
    body = BODY.replace("12月16日", "近日")
    assert extract_html(page("标题", head, body, before), url).published == expected


def test_html_site_date_before_headline_loses_to_byline_date() -> None:
    before = (
        "<div class='top'>2024年12月20日 星期五</div>"
        "<h1>软件业务收入增长</h1><span>2024-12-16 09:00</span>"
    )
    result = extract_html(page("软件业务收入增长_工信部", before=before))
    assert result.published == datetime(2024, 12, 16, 9, 0)


def test_html_source_and_author() -> None:
    before = "<div>来源：中国电子报 作者：李明</div><div>责任编辑：王小明</div>"
    result = extract_html(page(before=before))
    assert result.source_name == "中国电子报"
    assert result.author == "李明"


def test_html_editor_is_not_the_author() -> None:
    result = extract_html(page(before="<div>责任编辑：王小明</div>"))
    assert result.author is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "<link rel='canonical' href='https://www.miit.gov.cn/a/1.html'>",
            "https://www.miit.gov.cn/a/1.html",
        ),
        ("<link rel='canonical' href='/a/2.html'>", "https://www.miit.gov.cn/a/2.html"),
        ("<meta property='og:url' content='https://m.example.cn/3'>", "https://m.example.cn/3"),
        ("<link rel='canonical' href='javascript:void(0)'>", None),
        ("", None),
    ],
)
def test_html_canonical_url(head: str, expected: str | None) -> None:
    result = extract_html(page(head=head), "https://www.miit.gov.cn/zwgk/index.html")
    assert result.canonical_url == expected


def test_html_attachments_are_absolute_with_link_text() -> None:
    links = (
        "<p><a href='P020241216.pdf'>附件1：指南</a></p>"
        "<p><a href='/files/表格.XLSX?v=2'>附件2：统计表</a></p>"
        "<p><a href='https://cdn.example.cn/x.ofd'></a></p>"
        "<p><a href='/news/1.html'>不是附件</a></p>"
    )
    result = extract_html(page(body=BODY + links), "https://www.miit.gov.cn/zwgk/art/2024/a.html")
    assert [(a.url, a.title) for a in result.attachments] == [
        ("https://www.miit.gov.cn/zwgk/art/2024/P020241216.pdf", "附件1：指南"),
        ("https://www.miit.gov.cn/files/表格.XLSX?v=2", "附件2：统计表"),
        ("https://cdn.example.cn/x.ofd", "x.ofd"),
    ]


def test_html_xml_declaration_and_control_characters_are_tolerated() -> None:
    html = "<?xml version='1.0' encoding='gb2312'?>\x00\x01" + page("软件业务收入")
    assert "软件业务收入达到12.3万亿元" in extract_html(html).text


def test_html_canonical_url_gives_the_article_id() -> None:
    head = "<link rel='canonical' href='https://www.miit.gov.cn/a/1.html'>"
    first = extract(fetched_bytes(page(head=head).encode("utf-8"), url="https://m.miit.gov.cn/1"))
    second = extract(fetched_bytes(page("其他", head=head).encode("gbk"), url="https://x.cn/2"))
    assert first.id == second.id
    assert first.url == "https://www.miit.gov.cn/a/1.html"
