"""Sample articles for bulletin tests: the dated articles of the three real bulletins.

They come from ``jianbao/data/sample/articles.jsonl`` (texts of ../shared/seeds 000, 001, 002),
so every layout is tested on the kind of items it was made for.
"""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources

from jianbao.models import Article, content_hash, stable_id
from jianbao.store import Store

# layout -> (template, first day, last day, month the sample's dated articles are in)
PERIODS = {
    "digest": ("default", "2024-12-01", "2024-12-31"),
    "tagged": ("tagged", "2024-01-01", "2024-01-31"),
    "monthly": ("monthly", "2021-12-01", "2021-12-31"),
}


def sample_rows(layout: str) -> list[dict[str, str]]:
    """The sample articles of one layout that carry a publication date in its period."""
    path = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    month = PERIODS[layout][1][:7]
    return [r for r in rows if r["layout"] == layout and (r.get("published") or "")[:7] == month]


def sample_articles(layout: str) -> list[Article]:
    """Those rows as Article records."""
    return [
        Article(
            id=stable_id(row["url"] + "#" + row["id"]),
            url=row["url"],
            title=row["title"],
            text=row["text"],
            content_hash=content_hash(row["text"]),
            published=datetime.fromisoformat(row["published"]),
            source_name=row.get("source_name"),
        )
        for row in sample_rows(layout)
    ]


def fill(store: Store, layout: str) -> list[Article]:
    """Store the layout's sample articles; return them."""
    articles = sample_articles(layout)
    for article in articles:
        store.upsert_article(article)
    return articles
