"""``jianbao demo``: a complete run on the sample articles bundled with jianbao.

The sample (``data/sample/articles.jsonl``) holds real articles of the bulletins our users
publish. The demo writes them out as the kinds of files users receive (gov-portal HTML pages in
GBK without a charset, GB2312-declared and UTF-8 pages, plain text, Markdown and Word files),
ingests that folder into a fresh workspace, searches it, and renders the bulletins.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

from jianbao.bulletin import build_bulletin
from jianbao.bulletin.render import render
from jianbao.errors import ConfigError
from jianbao.ingest import IngestSummary, ingest_paths
from jianbao.settings import CONFIG_NAME, init_workspace, load_workspace
from jianbao.store import Store

DEMO_MARKER = ".jianbao-demo"  # only a folder carrying this marker is ever wiped by the demo
DEMO_QUERIES = ("人工智能", "5G", "华为 昇思", "数据中心")
# The week each sample bulletin was compiled: an undated sample file gets this modification
# time, as if the editor had saved it then, and jianbao uses it as the article's "first seen"
# date (the date of a dated article is its own).
COMPILED = {"000": "2024-01-26", "001": "2021-12-24", "002": "2024-12-19"}
SITES = {
    "digest": ("政策资讯", "示例信息产业网"),
    "tagged": ("产业动态", "示例工业和信息化门户"),
    "monthly": ("行业观察", "示例信息通信研究门户"),
}


@dataclass(slots=True)
class DemoReport:
    """What the demo did and wrote."""

    workspace: Path
    inbox: Path
    ingest: IngestSummary
    files: dict[str, Path] = field(default_factory=dict)
    searches: dict[str, list[str]] = field(default_factory=dict)


def sample_articles() -> list[dict[str, Any]]:
    """The bundled sample articles (one dict per article, see data/sample/README.md)."""
    path = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def _page_template() -> Any:
    source = (
        resources.files("jianbao").joinpath("data", "sample", "page.html.j2").read_text("utf-8")
    )
    return Environment(autoescape=select_autoescape(default=True)).from_string(source)


def _html(article: dict[str, Any], charset: str | None) -> str:
    column, site = SITES.get(article["layout"], ("新闻动态", "示例门户"))
    return str(
        _page_template().render(
            charset=charset,
            title=article["title"],
            column=column,
            site=site,
            url=article["url"],
            published=article.get("published") or "",
            source=article.get("source_name") or site,
            paragraphs=[p for p in article["text"].split("\n") if p.strip()],
        )
    )


def _docx(article: dict[str, Any], path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_heading(article["title"], level=1)
    for para in article["text"].split("\n"):
        if para.strip():
            document.add_paragraph(para)
    if article.get("published"):
        document.core_properties.created = datetime.fromisoformat(article["published"])
    document.core_properties.title = article["title"]
    document.save(str(path))


def write_inbox(articles: list[dict[str, Any]], folder: Path) -> int:
    """Write the sample articles as the mix of files an editor receives; return the count.

    Digest items (with their real source URLs) become UTF-8 pages; tagged items GBK pages
    without any charset declaration (the hard case); monthly items GB2312-declared pages,
    with every fifth one as a Word, text or Markdown file instead.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for n, article in enumerate(articles):
        path = _write_one(n, article, folder)
        saved = article.get("published") or COMPILED.get(article.get("seed", ""))
        if saved:
            stamp = datetime.fromisoformat(saved).replace(hour=12).timestamp()
            os.utime(path, (stamp, stamp))
    return len(articles)


def _write_one(n: int, article: dict[str, Any], folder: Path) -> Path:
    stem = f"{article['id']}"
    layout = article["layout"]
    if layout == "digest":
        path = folder / f"{stem}.html"
        path.write_text(_html(article, "utf-8"), encoding="utf-8")
    elif layout == "tagged":
        path = folder / f"{stem}.html"
        path.write_bytes(_html(article, None).encode("gb18030", errors="xmlcharrefreplace"))
    elif n % 15 == 0:
        path = folder / f"{stem}.docx"
        _docx(article, path)
    elif n % 15 == 5:
        path = folder / f"{stem}.txt"
        path.write_text(f"{article['title']}\n\n{article['text']}\n", encoding="utf-8")
    elif n % 15 == 10:
        path = folder / f"{stem}.md"
        body = article["text"].replace("\n", "\n\n")
        path.write_text(f"# {article['title']}\n\n{body}\n", encoding="utf-8")
    else:
        path = folder / f"{stem}.html"
        path.write_bytes(_html(article, "gb2312").encode("gb18030", errors="xmlcharrefreplace"))
    return path


def _fresh_workspace(root: Path) -> None:
    if root.exists():
        if not (root / DEMO_MARKER).exists():
            raise ConfigError(
                f"{root} exists and was not made by `jianbao demo`; refusing to overwrite it.",
                code="E005",
                hint="Choose another --out folder.",
            )
        shutil.rmtree(root)
    init_workspace(root)
    (root / DEMO_MARKER).write_text("made by jianbao demo; safe to delete\n", encoding="utf-8")
    monthly = resources.files("jianbao").joinpath("data", "templates", "monthly.toml")
    # Append the built-in monthly template to the demo workspace's jianbao.toml.
    lines = ["", "# The monthly layout, added by `jianbao demo`.", "[[template]]"]
    for line in monthly.read_text("utf-8").splitlines():
        if line.startswith("[[section]]"):
            line = "[[template.section]]"
        if not line.startswith("#"):
            lines.append(line)
    with (root / CONFIG_NAME).open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def _month_of_latest(dates: list[datetime]) -> tuple[datetime, datetime]:
    latest = max(dates)
    start = latest.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = start.replace(year=start.year + (start.month == 12), month=start.month % 12 + 1)
    return start, datetime.fromordinal(following.toordinal() - 1)


def run_demo(out_dir: Path, log: Callable[[str], None] = lambda _line: None) -> DemoReport:
    """Build a fresh demo workspace under ``out_dir``, run every stage, render bulletins."""
    out_dir = out_dir.resolve()
    root = out_dir / "workspace"
    _fresh_workspace(root)
    workspace = load_workspace(root)
    inbox = root / "inbox"
    articles = sample_articles()
    count = write_inbox(articles, inbox)
    log(f"1. Wrote {count} sample articles into {inbox} (GBK/GB2312/UTF-8 HTML, DOCX, TXT, MD)")

    summary = IngestSummary()
    store = Store.open(workspace.database_url)
    try:
        for event in ingest_paths(store, [inbox]):
            summary.add(event)
        counts = summary.counts
        log(
            f"2. Ingested: {counts['added']} added, {counts['updated']} updated, "
            f"{counts['skipped']} skipped, {counts['failed']} failed "
            f"({store.count_articles()} articles in {workspace.database_url})"
        )
        for failure in summary.failures:
            log(f"   {failure.message}")
        report = DemoReport(workspace=root, inbox=inbox, ingest=summary)
        log("3. Search:")
        for query in DEMO_QUERIES:
            hits = store.search(query, limit=3)
            report.searches[query] = [hit.title for hit in hits]
            titles = " | ".join(hit.title[:24] for hit in hits) or "(none)"
            log(f"   {query}: {titles}")

        dated = [a for a in store.articles() if a.published]
        by_layout: dict[str, list[datetime]] = {}
        for item in articles:
            if item.get("published"):
                by_layout.setdefault(item["layout"], []).append(
                    datetime.fromisoformat(item["published"])
                )
        log("4. Bulletins:")
        plans = [("default", by_layout.get("digest")), ("monthly", by_layout.get("monthly"))]
        for name, dates in plans:
            if not dates or not dated:
                continue
            start, end = _month_of_latest(dates)
            template = workspace.template(name)
            bulletin = build_bulletin(store.articles(start, end), template, start, end)
            files = render(bulletin, out_dir)
            store.save_bulletin(bulletin, {k: str(v) for k, v in files.items()})
            for fmt, path in files.items():
                report.files[f"{name}.{fmt}"] = path
            log(
                f"   {template.title} {bulletin.issue_label} ({start:%Y-%m}): "
                f"{len(bulletin.items)} items in {len(bulletin.sections)} sections"
            )
    finally:
        store.close()
    return report
