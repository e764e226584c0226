"""Tests of jianbao.store.search: Chinese full-text search on a real SQLite file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from jianbao.errors import SearchError
from jianbao.models import Article, SearchHit, content_hash, stable_id
from jianbao.store import Store, database_url_for, search

NOW = datetime.now().replace(microsecond=0)
FILLER = "会议指出，要坚持稳中求进，推动相关工作取得新成效。各地各部门要加强协同，抓好落实。"
CJK_SPACE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
MARK = search.HIGHLIGHT_START, search.HIGHLIGHT_END


def article(url: str, title: str, text: str, *, days_ago: float | None = 1.0) -> Article:
    published = NOW - timedelta(days=days_ago) if days_ago is not None else None
    return Article(
        id=stable_id(url),
        url=url,
        title=title,
        text=text,
        content_hash=content_hash(title + "\n" + text),
        published=published,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(database_url_for(tmp_path / "j.db")) as s:
        yield s


def urls(hits: list[SearchHit]) -> list[str]:
    return [h.url for h in hits]


def add(store: Store, *articles: Article) -> None:
    for a in articles:
        store.upsert_article(a)


@pytest.mark.parametrize("word", ["芯片", "算力", "5G", "人工智能", "工业互联网"])
def test_search_finds_words_in_body_only(store: Store, word: str) -> None:
    add(
        store,
        article(
            "https://a.cn/hit", "地方动态", f"{FILLER}\n\n近日，我省加快{word}平台建设。{FILLER}"
        ),
        article("https://a.cn/miss", "地方动态", f"{FILLER}\n\n近日，我省加快数字经济发展。"),
    )
    assert urls(store.search(word)) == ["https://a.cn/hit"]


def test_search_finds_word_inside_longer_compound(store: Store) -> None:
    add(store, article("https://a.cn/1", "通知", "培育数据要素市场，建设工业互联网平台体系。"))
    for query in ["数据要素", "要素市场", "互联网平台", "联网"]:
        assert urls(store.search(query)) == ["https://a.cn/1"], query


def test_search_single_character_and_mixed_words(store: Store) -> None:
    add(store, article("https://a.cn/1", "发布", "华为5G-A基站开通，芯片自给率提高。"))
    add(store, article("https://a.cn/2", "发布", "中兴发布新一代服务器。"))
    assert urls(store.search("芯")) == ["https://a.cn/1"]
    assert urls(store.search("华为5G")) == ["https://a.cn/1"]
    assert urls(store.search("5G-A")) == ["https://a.cn/1"]
    assert urls(store.search("为5g")) == ["https://a.cn/1"]


def test_search_ands_the_words_of_a_query(store: Store) -> None:
    add(
        store,
        article("https://a.cn/both", "开源", "华为宣布昇思MindSpore新版本发布。"),
        article("https://a.cn/one", "开源", "华为宣布鸿蒙新版本发布。"),
    )
    assert urls(store.search("华为 昇思")) == ["https://a.cn/both"]
    assert len(store.search("华为")) == 2


def test_search_ranks_title_hit_above_body_only_hit(store: Store) -> None:
    add(
        store,
        article("https://a.cn/body", "地方动态", f"{FILLER}我省算力规模持续扩大。{FILLER}"),
        article("https://a.cn/title", "我省算力规模持续扩大", f"{FILLER}规模持续扩大。{FILLER}"),
        article("https://a.cn/other", "其他新闻", FILLER),
    )
    assert urls(store.search("算力")) == ["https://a.cn/title", "https://a.cn/body"]


def test_search_recency_breaks_ties(store: Store) -> None:
    text = f"{FILLER}推进车联网先导区建设。{FILLER}"
    add(
        store,
        article("https://a.cn/old", "车联网", text, days_ago=300),
        article("https://a.cn/new", "车联网", text, days_ago=2),
        article("https://a.cn/mid", "车联网", text, days_ago=40),
    )
    hits = store.search("车联网")
    assert urls(hits) == ["https://a.cn/new", "https://a.cn/mid", "https://a.cn/old"]
    assert hits[0].score > hits[1].score > hits[2].score


def test_search_since_filters_on_published_or_created_at(store: Store) -> None:
    add(
        store,
        article("https://a.cn/old", "信创", "信创产业发展。", days_ago=100),
        article("https://a.cn/recent", "信创", "信创产业发展。", days_ago=5),
        article("https://a.cn/undated", "信创", "信创产业发展。", days_ago=None),
    )
    since = NOW - timedelta(days=30)
    assert sorted(urls(store.search("信创", since=since))) == [
        "https://a.cn/recent",
        "https://a.cn/undated",  # no published date: stored just now
    ]
    assert len(store.search("信创")) == 3
    assert store.search("信创", since=NOW + timedelta(days=1)) == []


def test_search_snippet_marks_words_without_spaces_between_cjk(store: Store) -> None:
    body = (
        "会议 强调 要统筹 推进 各项工作。\n\n"
        + FILLER * 3
        + "\n\n工信部 表示，将加快 人工智能 与 实体经济 深度融合，\n\n推动 大模型 在工业领域落地。"
        + FILLER * 3
    )
    add(store, article("https://a.cn/1", "新闻", body))
    (hit,) = store.search("人工智能 大模型")
    snippet = hit.snippet
    assert f"{MARK[0]}人工智能{MARK[1]}" in snippet
    assert f"{MARK[0]}大模型{MARK[1]}" in snippet
    plain = snippet.replace(MARK[0], "").replace(MARK[1], "")
    assert not CJK_SPACE.search(plain), plain
    assert "将加快人工智能与实体经济深度融合" in plain
    assert 60 <= len(plain) <= 130
    assert plain.startswith("…")
    assert plain.endswith("…")


def test_search_snippet_of_title_only_hit_is_start_of_body(store: Store) -> None:
    add(store, article("https://a.cn/1", "低空经济发展提速", "多地出台政策支持无人机产业。"))
    (hit,) = store.search("低空经济")
    assert hit.snippet == "多地出台政策支持无人机产业。"
    assert hit.title == "低空经济发展提速"
    assert hit.id == stable_id("https://a.cn/1")
    assert hit.published == NOW - timedelta(days=1)


def test_search_reindexes_an_updated_article(store: Store) -> None:
    first = article("https://a.cn/1", "通知", "关于开展光刻机专项调研的通知。")
    add(store, first)
    assert urls(store.search("光刻机")) == ["https://a.cn/1"]
    text = "关于开展液冷服务器专项调研的通知。"
    second = article("https://a.cn/1", "通知", text)
    assert store.upsert_article(second).outcome == "updated"
    assert store.search("光刻机") == []
    assert urls(store.search("液冷服务器")) == ["https://a.cn/1"]
    assert len(store.search("通知")) == 1


def test_remove_and_rebuild(store: Store) -> None:
    add(store, article("https://a.cn/1", "通知", "碳化硅功率器件。"))
    add(store, article("https://a.cn/2", "通知", "氮化镓功率器件。"))
    with store.engine.begin() as conn:
        assert search.rebuild(conn) == 2
    assert len(store.search("功率器件")) == 2
    with store.engine.begin() as conn:
        pk = conn.exec_driver_sql("SELECT pk FROM articles WHERE url = 'https://a.cn/1'").scalar()
        assert pk is not None
        search.remove_article(conn, int(pk))
    assert urls(store.search("功率器件")) == ["https://a.cn/2"]


@pytest.mark.parametrize(
    "query",
    [
        '芯片"',
        "芯片*",
        "-芯片",
        "AND",
        "芯片 AND",
        "芯片 OR 算力",
        "NOT 芯片",
        "NEAR(芯片 算力, 5)",
        "(芯片",
        "title:芯片",
        "{title body}: 芯片",
        "^芯片",
        "芯片 + 算力",
        "'; DROP TABLE articles; --",
        "\x02芯片\x03",
    ],
)
def test_search_fts_syntax_is_taken_literally(store: Store, query: str) -> None:
    add(store, article("https://a.cn/1", "芯片", "芯片和算力。AND OR NOT"))
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.count_articles() == 1


def test_search_operators_are_plain_words(store: Store) -> None:
    add(store, article("https://a.cn/1", "芯片", "芯片和算力。"))
    assert urls(store.search("芯片*")) == ["https://a.cn/1"]
    assert store.search("芯片 OR 光刻机") == []  # OR is a word to find, not an operator


@pytest.mark.parametrize(
    "query", ["", "   ", "，。！？", "的", "“”《》 、", "\u3000", "的 和", '"', "*", "()", "- :"]
)
def test_search_empty_query_raises_e401(store: Store, query: str) -> None:
    with pytest.raises(SearchError) as info:
        store.search(query)
    assert info.value.code == "E401"
    assert "jianbao search" in str(info.value)


def test_search_english_is_case_insensitive(store: Store) -> None:
    add(store, article("https://a.cn/1", "AI", "OpenAI发布新模型，Huawei Cloud跟进。"))
    for query in ["openai", "OPENAI", "OpenAI", "huawei cloud", "ＯｐｅｎＡＩ"]:
        hits = store.search(query)
        assert urls(hits) == ["https://a.cn/1"], query
    assert f"{MARK[0]}OpenAI{MARK[1]}" in store.search("openai")[0].snippet
    assert store.search("open") == []  # whole words, not prefixes, for Latin text


def test_search_limit(store: Store) -> None:
    for i in range(5):
        add(store, article(f"https://a.cn/{i}", "通知", f"第{i}号：物联网。", days_ago=i + 1))
    assert urls(store.search("物联网", limit=2)) == ["https://a.cn/0", "https://a.cn/1"]


def test_portable_like_search_for_other_backends(store: Store) -> None:
    add(
        store,
        article("https://a.cn/body", "动态", "推进算力网络建设。", days_ago=1),
        article("https://a.cn/title", "算力网络", "推进建设。", days_ago=9),
        article("https://a.cn/none", "动态", "推进建设。"),
    )
    with store.engine.connect() as conn:
        words = search.parse_query("算力")
        hits = search._search_portable(conn, words, since=None, limit=10)
        assert urls(hits) == ["https://a.cn/title", "https://a.cn/body"]
        recent = search._search_portable(conn, words, since=NOW - timedelta(days=3), limit=10)
        assert urls(recent) == ["https://a.cn/body"]


def test_index_text_bigrams_and_words() -> None:
    assert search.index_text("华为发布5G-A基站") == "华为 为发 发布 布 5g a 基站 站"
    assert search.index_text("，。") == ""
    assert search.index_text("芯") == "芯"
