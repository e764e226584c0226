"""``jianbao process`` on a real SQLite store: clusters, entities, figures, summaries; resumable
and idempotent; and ``enrich`` for ``jianbao analyze`` records."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import text

from jianbao.analyze.story import enrich
from jianbao.models import Article, content_hash, stable_id
from jianbao.process import PROCESS_VERSION, process_store
from jianbao.settings import Workspace, validate_config
from jianbao.store import Store, database_url_for
from jianbao.store import analysis as story_store
from tests.conftest import Jianbao


def _sample() -> list[dict[str, str]]:
    data = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    return [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]


def _article(
    url: str, title: str, text: str, day: str | None, source: str | None = None
) -> Article:
    return Article(
        id=stable_id(url),
        url=url,
        title=title,
        text=text,
        content_hash=content_hash(text),
        published=datetime.fromisoformat(day) if day else None,
        source_name=source,
    )


def _articles() -> list[Article]:
    rows = [r for r in _sample() if r["seed"] == "002"]
    articles = [_article(r["url"], r["title"], r["text"], r["published"]) for r in rows]
    base = next(r for r in rows if "5G基站" in r["text"])
    # the same story republished: a repost by the ministry, a shortened 快讯, a new headline
    articles.append(
        _article(
            "https://www.miit.gov.cn/xwdt/5g.html",
            base["title"],
            f"原标题：{base['title']}\n{base['text']}\n责任编辑：王芳",
            "2024-12-20",
            "工业和信息化部",
        )
    )
    articles.append(
        _article(
            "https://www.c114.com.cn/news/5g.html",
            "5G基站总数达414.1万个",
            base["text"].split("。")[0] + "。" + base["text"].split("。")[1] + "。",
            "2024-12-17",
        )
    )
    return articles


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(database_url_for(tmp_path / "jianbao.db"))
    list(opened.upsert_articles((a, None) for a in _articles()))
    return opened


def test_process_clusters_reposts_and_keeps_every_member(store: Store) -> None:
    report = process_store(store)
    assert report.processed == report.pending == 27
    (story,) = store.clusters(min_size=2)
    assert story.size == 3
    assert story.representative_id == stable_id("https://www.miit.gov.cn/xwdt/5g.html")
    stored = store.article_analysis(story.representative_id)
    assert stored is not None
    assert stored["cluster"] == story
    assert stored["authority"] == "government"
    assert any(f.value == "414.1" and f.unit == "万个" for f in stored["figures"])
    assert stored["summary"].summary.startswith("近日")
    assert {e.name for e in stored["entities"] if e.kind == "org"} >= {"工业和信息化部"}


def test_process_is_idempotent(store: Store) -> None:
    process_store(store)
    with store.engine.connect() as conn:
        before = story_store.counts(conn)
    again = process_store(store)
    assert again.pending == again.processed == 0
    with store.engine.connect() as conn:
        assert story_store.counts(conn) == before


def test_process_resumes_after_a_crash(store: Store) -> None:
    calls = []

    def crash(done: int, total: int) -> None:
        calls.append(done)
        raise KeyboardInterrupt  # killed right after the first batch was committed

    with pytest.raises(KeyboardInterrupt):
        process_store(store, batch_size=10, progress=crash)
    assert calls == [10]
    assert len(store.pending_analysis(PROCESS_VERSION)) == 17
    report = process_store(store, batch_size=10)
    assert report.processed == 17
    assert store.pending_analysis(PROCESS_VERSION) == []
    (story,) = store.clusters(min_size=2)
    assert story.size == 3  # members processed in different runs still join one story


def test_process_redoes_an_article_whose_text_changed(store: Store) -> None:
    process_store(store)
    changed = _article(
        "https://www.c114.com.cn/news/5g.html",
        "一篇完全不同的文章",
        "12月17日，某公司发布新款路由器，售价为399元。该产品支持Wi-Fi 7。" * 3,
        "2024-12-17",
    )
    store.upsert_article(changed)
    assert store.pending_analysis(PROCESS_VERSION) == [changed.id]
    report = process_store(store)
    assert report.processed == 1
    assert report.new_clusters == 1
    (story,) = store.clusters(min_size=2)
    assert story.size == 2
    assert changed.id not in story.member_ids


def test_process_joins_an_independent_rewrite_in_a_later_run(store: Store) -> None:
    process_store(store)
    # another outlet's own report of the 5G story, collected after the first run: found by the
    # stored event keys, joined by the event rule (its wording shares few 4-grams)
    rewrite = _article(
        "https://www.cnii.com.cn/5g-a.html",
        "张云明：我国5G基站达414.1万个 5G向5G-A升级提速",
        "5G建设又有新进展。工业和信息化部负责人张云明在上海召开的2024年中国5G发展大会上透露，"
        "到10月底，全国累计建成5G基站414.1万个，平均每万人拥有29个，“十四五”规划的5G建设目标"
        "已经提前实现。\n他表示，接下来将加强核心技术攻关，推动5G有序升级至5G-A，并持续推进"
        "5G-A的技术研究、标准研制和产品研发。业内人士认为，5G-A将为低空经济、车联网等新场景提供"
        "网络支撑。",
        None,
    )
    store.upsert_article(rewrite)
    report = process_store(store)
    assert report.processed == report.joined == 1
    (story,) = store.clusters(min_size=2)
    assert story.size == 4
    assert rewrite.id in story.member_ids
    with store.engine.connect() as conn:
        rule = conn.execute(
            text("SELECT rule FROM cluster_members WHERE article_id = :id"), {"id": rewrite.id}
        ).scalar()
    assert rule == "event"


def test_process_uses_source_authority_from_config(store: Store, tmp_path: Path) -> None:
    config = validate_config(
        {
            "source": [
                {
                    "name": "工业和信息化部",
                    "kind": "page",
                    "url": "https://x.example/",
                    "authority": "other",
                }
            ]
        },
        tmp_path / "jianbao.toml",
    )
    process_store(store, config)
    (story,) = store.clusters(min_size=2)
    # the [[source]] entry named like the article's source wins over the gov.cn domain
    stored = store.article_analysis(stable_id("https://www.miit.gov.cn/xwdt/5g.html"))
    assert stored is not None
    assert stored["authority"] == "other"
    assert story.representative_id != stable_id("https://www.miit.gov.cn/xwdt/5g.html")


def test_cli_process(jianbao: Jianbao, workspace: Workspace) -> None:
    with Store.open(workspace.database_url) as store:
        list(store.upsert_articles((a, None) for a in _articles()))
    result = jianbao("process")
    assert result.exit_code == 0, result.output
    assert "Processed 27 articles" in result.output
    again = jianbao("process", "--json")
    assert json.loads(again.output)["processed"] == 0
    assert json.loads(again.output)["multi_source_stories"] == 1


def test_enrich_adds_story_fields_to_analyze_records() -> None:
    records = [{"title": a.title, "text": a.text, "url": a.url} for a in _articles()]
    out = enrich(records)
    assert out is not None
    assert len(out) == len(records)
    five_g = [r for r in out if "414.1" in r["text"]]
    assert len({r["cluster"] for r in five_g}) == 1
    assert {r["cluster_size"] for r in five_g} == {3}
    assert sum(r["cluster_representative"] for r in five_g) == 1
    assert all(100 <= len(r["summary"]) <= 200 or len(r["text"]) < 200 for r in out)
    assert all(isinstance(r["summary_flags"], list) for r in out)
    assert any(
        {"subject": "5G基站总数", "value": "414.1", "unit": "万个"}.items() <= f.items()
        for r in five_g
        for f in r["figures"]
    )
    json.dumps(out, ensure_ascii=False)  # JSON-ready for `jianbao analyze`


def test_build_uses_the_summary_process_stored_until_the_text_changes(store: Store) -> None:
    process_store(store)
    ids = [a.id for a in _articles()]
    stored = store.stored_summaries(ids)
    assert set(stored) == set(ids)
    target = _articles()[0]
    # an editor-facing difference the build must carry: mark the stored summary
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE article_summaries SET summary = :s WHERE article_id = :i"),
            {"s": "（process 的摘要）" + stored[target.id], "i": target.id},
        )
    assert store.stored_summaries([target.id])[target.id].startswith("（process 的摘要）")
    changed = _article(target.url, target.title, target.text + "新增一段。", "2024-12-20")
    store.upsert_article(changed)
    assert target.id not in store.stored_summaries([target.id])  # stale until reprocessed


def test_build_issue_prints_the_stored_summaries(store: Store, workspace: Workspace) -> None:
    from jianbao.bulletin.build import build_issue

    process_store(store)
    period = (datetime(2024, 12, 1), datetime(2024, 12, 31))
    first = build_issue(store, workspace, "default", *period, formats=("md",))
    item = first.bulletin.items[0]
    marked = "标记的摘要。" + item.summary
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE article_summaries SET summary = :s WHERE article_id = :i"),
            {"s": marked, "i": item.article_id},
        )
    again = build_issue(store, workspace, "default", *period, formats=("md",))
    summaries = {i.article_id: i.summary for i in again.bulletin.items}
    assert summaries[item.article_id] == marked
    assert marked in again.files["md"].read_text("utf-8")
