"""Pages that are not articles: reason codes, and articles that must never be rejected."""

from __future__ import annotations

import pytest

from jianbao.errors import ExtractError, NotAnArticle
from jianbao.extract import extract
from jianbao.extract.html import extract_html
from tests.extract.helpers import fetched_bytes

PROSE = (
    "<p>工业和信息化部12月16日发布数据显示，今年前11个月，我国软件业务收入达到12.3万亿元，同比增长10.9%。</p>"
    "<p>其中，云计算、大数据服务共实现收入1.2万亿元，同比增长12.1%，占全行业收入比重为10.3%。</p>"
)


def page(title: str, body: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
    )


def reason(html: str) -> str | None:
    rejected = extract_html(html).rejected
    return rejected.reason if rejected else None


def links(n: int) -> str:
    return "".join(
        f"<li><a href='/a/{i}.html'>关于开展第{i}批试点工作的通知</a> 2024-12-{i:02d}</li>"
        for i in range(1, n + 1)
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page("通知公告_工信部", f"<ul>{links(15)}</ul>"), "list_page"),
        (page("页面不存在", "<h1>404 Not Found</h1><p>请返回首页</p>"), "error_page"),
        (page("出错了", "<h1>抱歉，您要找的页面不存在！</h1>"), "error_page"),
        (page("系统提示", "<p>503 Service Unavailable</p>"), "error_page"),
        (
            page("深度报道", "<h1>深度报道</h1><p>本文为付费内容。</p><p>登录后查看全文</p>"),
            "login_wall",
        ),
        (page("加载中", "<div id='app'></div><script>render()</script>"), "empty_shell"),
        (page("短讯", "<p>详见附件。</p>"), "too_short"),
    ],
)
def test_reject_reasons(html: str, expected: str) -> None:
    assert reason(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        # An article with a long related-news list below it is still an article.
        page(
            "软件业务收入增长_工信部",
            f"<h1>软件业务收入增长</h1>{PROSE}{PROSE}<h3>相关新闻</h3><ul>{links(15)}</ul>",
        ),
        # An article whose headline mentions 404 and whose sidebar has a login box.
        page(
            "部分APP返回404错误被通报",
            f"<h1>部分APP返回404错误被通报</h1>{PROSE}{PROSE}"
            "<div>用户登录 <input type='password'> 请登录后发表评论</div>",
        ),
        # A one-line notice whose content is its attachment.
        page(
            "关于公布名录的通知",
            "<h1>关于公布名录的通知</h1><p>现予公布。</p><a href='/f/名录.pdf'>名录</a>",
        ),
    ],
)
def test_reject_keeps_articles(html: str) -> None:
    assert reason(html) is None


def test_reject_raises_not_an_article_with_reason() -> None:
    body = page("404 页面不存在", "<h1>404 页面不存在</h1>").encode()
    with pytest.raises(NotAnArticle) as info:
        extract(fetched_bytes(body))
    assert isinstance(info.value, ExtractError)
    assert info.value.code == "E206"
    assert info.value.reason == "error_page"
    assert "(reason: error_page)" in str(info.value)
