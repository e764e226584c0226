"""Selection: ranking, one item per story, nothing published twice, subsections and tags."""

from __future__ import annotations

from datetime import datetime

from jianbao.bulletin.build import prepare_bulletin, total_label
from jianbao.bulletin.select import (
    PublishedItem,
    Signals,
    arrange,
    choose_tag,
    rank_articles,
)
from jianbao.models import Article, Bulletin, BulletinItem, content_hash, stable_id
from jianbao.settings import builtin_template

START, END = datetime(2024, 12, 1), datetime(2024, 12, 31)
BODY = "工业和信息化部发布通知，部署推进人工智能产业发展。" * 12  # ~300 characters


def article(title: str, day: int, text: str = BODY, **kw: object) -> Article:
    return Article(
        id=stable_id(title),
        url=f"https://example.cn/{stable_id(title)}.html",
        title=title,
        text=text,
        content_hash=content_hash(text),
        published=datetime(2024, 12, day),
        **kw,  # type: ignore[arg-type]
    )


def test_rank_prefers_recent_and_well_formed_articles() -> None:
    old = article("工信部部署人工智能产业发展工作", 2)
    new = article("深圳发布数据要素市场建设方案", 28)
    stub = article("短讯：某公司召开会议研究部署", 29, text="某公司召开会议。" * 5)
    broken = article("广州推进数字化转型城市试点工作", 29, malformed=True, problem="cut")
    ranked = rank_articles([old, stub, broken, new], START, END).articles
    assert ranked[0] == new
    assert ranked.index(old) < ranked.index(stub) or ranked.index(broken) > ranked.index(new)
    assert ranked.index(broken) > ranked.index(new)


def test_one_item_per_story_by_title_when_there_are_no_clusters() -> None:
    a = article("工信部：2024年1-11月我国软件业务收入同比增长10.8%", 20)
    b = article("2024年1-11月我国软件业务收入同比增长10.8%", 21)  # a repost, new prefix
    c = article("华为发布新一代昇腾AI芯片", 21)
    ranking = rank_articles([a, b, c], START, END)
    assert len(ranking.articles) == 2
    assert c in ranking.articles
    assert ranking.dropped == {"same_story": 1}


def test_signals_decide_when_present() -> None:
    a = article("中国信通院发布云计算白皮书", 10)
    b = article("某地举办数字经济沙龙活动", 30)
    c = article("工信部部署5G规模化应用", 11)
    signals = {
        a.id: Signals(relevance=0.95, authority="government", cluster_id="x", cluster_size=6),
        b.id: Signals(relevance=0.1),
        c.id: Signals(relevance=0.9, cluster_id="x"),
    }
    ranking = rank_articles([a, b, c], START, END, signals=signals)
    assert ranking.articles == (a,)  # b irrelevant, c the same story as a
    assert ranking.dropped == {"irrelevant": 1, "same_story": 1}


def test_published_items_are_not_selected_again_unless_the_story_moved_on() -> None:
    first = article("深圳市打造人工智能先锋城市的若干措施印发", 5)
    repost = article("深圳市打造人工智能先锋城市若干措施印发", 6)
    follow_up = article("深圳市打造人工智能先锋城市的若干措施解读", 20)
    published = [PublishedItem(first.id, first.title, datetime(2024, 12, 10))]
    ranking = rank_articles([first, repost, follow_up], START, END, published=published)
    assert follow_up in ranking.articles  # published after the issue: a new development
    assert first not in ranking.articles
    assert repost not in ranking.articles
    assert ranking.dropped["published_before"] == 2


def _item(title: str, section: str, text: str) -> BulletinItem:
    return BulletinItem(article_id=stable_id(title), section=section, title=title,
                        summary=text[:50], url="https://example.cn", text=text)  # fmt: skip


def test_arrange_places_subsections_in_order_within_quotas() -> None:
    template = builtin_template("tagged")
    software = template.sections[0]
    policy_quota = software.subsections[0].quota
    items = [_item(f"国务院印发人工智能政策意见{n}", software.name, "国务院印发通知。" * 20)
             for n in range(policy_quota + 2)]  # fmt: skip
    items.append(_item("红帽预测开源在2024年的三个趋势", software.name, "开源社区持续发展。" * 20))
    bulletin = Bulletin(template="tagged", title="t", period_start=START, period_end=END,
                        items=tuple(items), sections=(software.name,), layout="tagged")  # fmt: skip
    arranged, dropped = arrange(bulletin, template)
    subs = [i.subsection for i in arranged.items]
    assert subs.count("政策发布") == policy_quota
    assert "开源生态" in subs
    order = [s.name for s in software.subsections]
    assert [order.index(s) for s in subs if s] == sorted(order.index(s) for s in subs if s)
    assert [i.position for i in arranged.items] == list(range(1, len(arranged.items) + 1))
    assert dropped == 0 or subs.count("市场动向") == software.subsections[2].quota
    assert all(i.tag for i in arranged.items)  # tags from the template's vocabulary


def test_choose_tag_prefers_the_title() -> None:
    vocab = ["人工智能", "芯片", "5G"]
    assert choose_tag("英伟达芯片出口受限", "人工智能人工智能人工智能", vocab) == "芯片"
    assert choose_tag("一则新闻", "5G基站。5G用户。人工智能。", vocab) == "5G"
    assert choose_tag("一则新闻", "没有词", vocab) is None


def test_prepare_bulletin_numbers_the_issue() -> None:
    template = builtin_template("default").model_copy(update={"total_start": 55})
    articles = [article("工信部印发人工智能标准化指南", 18), article("华为发布昇腾芯片", 17)]
    bulletin, _ = prepare_bulletin(articles, template, START, END, issue=12, total=56)
    assert bulletin.issue_label == "2024年第12期"
    assert bulletin.total_label == "总第56期"
    assert bulletin.issue_number == 12
    assert bulletin.style.heading_font == "黑体"
    assert total_label(template, None) == ""
