"""The store on real SQLite files: migrations, pragmas, upserts, raw documents, bulletins."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from jianbao.errors import StoreError
from jianbao.models import Article, Bulletin, BulletinItem, Fetched, content_hash, stable_id
from jianbao.store import Store, database_url_for
from jianbao.store.migrations import LATEST


def make_article(url: str, title: str, body: str, published: str | None = None) -> Article:
    return Article(
        id=stable_id(url),
        url=url,
        title=title,
        text=body,
        content_hash=content_hash(title + "\n" + body),
        published=datetime.fromisoformat(published) if published else None,
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(database_url_for(tmp_path / "j.db"))
    yield s
    s.close()


def test_open_applies_and_records_migrations(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    Store.open(database_url_for(path)).close()
    con = sqlite3.connect(path)
    versions = [row[0] for row in con.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == list(range(1, LATEST + 1))
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sources", "documents", "articles", "bulletins", "bulletin_items"} <= tables
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    # opening again applies nothing new and keeps the record
    again = Store.open(database_url_for(path))
    assert again.schema_version() == LATEST
    again.close()


def test_connections_enforce_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    Store.open(database_url_for(path)).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', '2030-01-01')")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as info:
        Store.open(database_url_for(path))
    assert info.value.code == "E302"


def test_open_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        Store.open(database_url_for(path))
    assert info.value.code == "E301"


def test_upsert_adds_then_skips_then_updates(store: Store) -> None:
    url = "https://www.miit.gov.cn/a.html"
    first = make_article(url, "工信部发布通知", "关于推进5G网络建设的通知。", "2024-12-16")
    assert store.upsert_article(first).outcome == "added"
    assert store.upsert_article(first).outcome == "unchanged"
    changed = make_article(
        url, "工信部发布通知", "关于推进5G-A网络建设的通知（修订）。", "2024-12-16"
    )
    assert store.upsert_article(changed).outcome == "updated"
    assert store.count_articles() == 1
    stored = store.get_article(first.id)
    assert stored is not None
    assert stored.text.endswith("（修订）。")
    assert stored.published == datetime(2024, 12, 16)


def test_raw_bytes_are_kept_compressed_and_come_back(store: Store, tmp_path: Path) -> None:
    body = ("<html><body>" + "数字经济" * 2000 + "</body></html>").encode("gb18030")
    fetched = Fetched(url="file:///x.html", body=body, fetched_at=datetime(2024, 1, 1))
    article = make_article("file:///x.html", "标题", "数字经济" * 10)
    store.upsert_article(article, fetched)
    assert store.raw_document(article.id) == body
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT length(body_zlib), size FROM documents")).one()
    assert stored[0] < stored[1] / 5  # compressed


def test_articles_in_period_are_newest_first(store: Store) -> None:
    for day in (3, 15, 28):
        store.upsert_article(
            make_article(
                f"https://e.example/{day}", f"第{day}日", "正文" * 20, f"2024-12-{day:02d}"
            )
        )
    store.upsert_article(make_article("https://e.example/nov", "十一月", "正文" * 20, "2024-11-30"))
    got = store.articles(datetime(2024, 12, 1), datetime(2024, 12, 28))
    assert [a.title for a in got] == ["第28日", "第15日", "第3日"]


def test_bulletin_is_saved_with_items(store: Store) -> None:
    article = make_article("https://e.example/1", "标题一", "正文" * 20, "2024-12-03")
    store.upsert_article(article)
    bulletin = Bulletin(
        template="default",
        title="行业信息监测与市场分析",
        period_start=datetime(2024, 12, 1),
        period_end=datetime(2024, 12, 31),
        items=(BulletinItem(article.id, "政策资讯", article.title, "摘要", article.url, 1),),
        sections=("政策资讯",),
        issue_label="2024年第12期",
    )
    pk = store.save_bulletin(bulletin, {"md": "/tmp/x.md"})
    rows = store.bulletins()
    assert rows[0]["pk"] == pk
    assert rows[0]["items"] == 1
    assert rows[0]["issue_label"] == "2024年第12期"
