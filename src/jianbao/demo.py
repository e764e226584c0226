"""``jianbao demo``: a complete run on the sample content bundled with jianbao.

The sample (``data/sample/articles.jsonl``) holds the real articles of the bulletins our users
publish. The demo starts the fixture portal on 127.0.0.1 (``collect.fixture_site``: list pages
in UTF-8 and GBK, a JSON list endpoint, RSS, a sitemap, a policy page with attachments, and the
failures real portals have), collects it into a fresh workspace, ingests an editor's inbox of
local files (a GBK notice page without a charset, a GB18030 text file, a repost of a collected
story), processes the store (story clusters, entities, figures, summaries), searches, and renders
the latest month's bulletins. Before building, it imports two of the bundled past bulletins
(``data/sample/archive/``) as labelled examples and trains their templates, as an editor would
on the first day with years of back issues.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jianbao.bulletin.build import build_issue
from jianbao.errors import ConfigError, JianbaoError
from jianbao.ingest import IngestSummary, ingest_paths
from jianbao.settings import CONFIG_NAME, init_workspace, load_workspace
from jianbao.store import Store

DEMO_MARKER = ".jianbao-demo"  # only a folder carrying this marker is ever wiped by the demo
DEMO_QUERIES = ("人工智能", "5G", "华为 昇思", "数据中心", "RedCap")
# The week each sample bulletin was compiled. The fixture portal shows it on the pages of
# sample articles whose own date is unknown, as a portal shows some date on every page.
COMPILED = {"000": "2024-01-26", "001": "2021-12-24", "002": "2024-12-19"}
# Past bulletins shipped with the sample, imported as examples of these templates.
ARCHIVE = (("monthly", "monthly-2021-12.txt"), ("tagged", "tagged-2024-01.txt"))
# (template, seed whose month the bulletin covers): one bulletin per layout our users publish
BULLETINS = (("default", "002"), ("tagged", "000"), ("monthly", "001"))
DESK_USER = "demo"  # an admin account of the editor's desk, with a fresh random password
DESK_PASSWORD_BYTES = 12  # secrets.token_urlsafe: 16 characters


@dataclass(slots=True)
class DemoReport:
    """What the demo did and wrote."""

    workspace: Path
    inbox: Path
    ingest: IngestSummary
    collected: int = 0
    files: dict[str, Path] = field(default_factory=dict)
    searches: dict[str, list[str]] = field(default_factory=dict)
    desk_user: str = DESK_USER
    desk_password: str = ""
    desk_inbox: str = ""  # path and query of the desk's inbox for the digest bulletin's month


def sample_articles() -> list[dict[str, Any]]:
    """The bundled sample articles (one dict per article, see data/sample/README.md)."""
    path = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def write_inbox(folder: Path) -> int:
    """Copy the sample inbox (files an editor receives by mail) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    source = resources.files("jianbao").joinpath("data", "sample", "inbox")
    count = 0
    for item in source.iterdir():
        if item.is_file():
            (folder / item.name).write_bytes(item.read_bytes())
            count += 1
    return count


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


def month_of(day: str) -> tuple[datetime, datetime]:
    """First and last day of the month of ISO date ``day``."""
    start = datetime.fromisoformat(day).replace(day=1)
    following = start.replace(year=start.year + (start.month == 12), month=start.month % 12 + 1)
    return start, datetime.fromordinal(following.toordinal() - 1)


def _collect(root: Path, store: Store, log: Callable[[str], None]) -> int:
    from jianbao.collect import collect
    from jianbao.collect.fixture_site import serve_fixture_site, write_fixture_sources

    with serve_fixture_site() as site:
        write_fixture_sources(root, site.url)
        workspace = load_workspace(root)
        sources = len(workspace.config.sources)
        log(f"1. Collecting the fixture portal at {site.url} ({sources} sources)")
        report = collect(store, workspace.config.sources, workspace.config.collect)
    for source in report.sources:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(source.counts.items()) if v)
        state = "ok" if source.ok else f"FAILED ({source.error})"
        log(f"   {source.name:<22} {state}: {counts or 'nothing'}")
    log(f"   stored {report.stored} articles; failures are recorded per source (jianbao sources)")
    return int(report.stored)


def _learn(root: Path, store: Store, log: Callable[[str], None]) -> None:
    from jianbao.archive.workflow import import_bulletins, train_template

    folder = root / "archive"
    folder.mkdir(exist_ok=True)
    source = resources.files("jianbao").joinpath("data", "sample", "archive")
    log("4. Learning from past bulletins (archive import + train):")
    for name, filename in ARCHIVE:
        path = folder / filename
        path.write_bytes(source.joinpath(filename).read_bytes())
        workspace, results = import_bulletins(load_workspace(root), store, [path], name)
        manifest = train_template(workspace, store, name)
        examples = sum(r.examples for r in results)
        layout = results[0].layout if results else "?"
        log(
            f"   {filename}: {layout} layout, {examples} items -> template {name}, "
            f"model v{manifest.get('version')}"
        )


def _process(workspace_root: Path, store: Store, log: Callable[[str], None]) -> None:
    from jianbao.process import process_store

    report = process_store(store, load_workspace(workspace_root).config)
    stories = store.clusters(min_size=2)
    log(
        f"3. Understood {report.processed} articles (stories told by several sources: "
        f"{len(stories)}; entities, figures and 内容 summaries, every number checked)"
    )
    if stories:
        top = stories[0]
        lead = store.get_article(top.representative_id)
        analysis = store.article_analysis(top.representative_id) or {}
        if lead is not None:
            log(f"   largest story ({top.size} articles): {lead.title}")
        summary = analysis.get("summary")
        if summary is not None:
            log(f"   内容：{summary.summary}")
        for figure in (analysis.get("figures") or [])[:3]:
            log(f"   figure: {figure.subject} {figure.value}{figure.unit}")


def _desk_account(store: Store) -> str:
    """Create (or reset) the demo's desk account; its password is new on every run."""
    from jianbao.store import desk as desk_store
    from jianbao.web.auth import hash_password

    password = secrets.token_urlsafe(DESK_PASSWORD_BYTES)
    desk_store.add_user(store, DESK_USER, "admin", hash_password(password), replace=True)
    return password


def run_demo(out_dir: Path, log: Callable[[str], None] = lambda _line: None) -> DemoReport:
    """Build a fresh demo workspace under ``out_dir``, run every stage, render bulletins."""
    out_dir = out_dir.resolve()
    root = out_dir / "workspace"
    _fresh_workspace(root)
    workspace = load_workspace(root)
    inbox = root / "inbox"
    summary = IngestSummary()
    store = Store.open(workspace.database_url)
    try:
        collected = _collect(root, store, log)
        workspace = load_workspace(root)  # now with the fixture sources
        count = write_inbox(inbox)
        for event in ingest_paths(store, [inbox]):
            summary.add(event)
        counts = summary.counts
        log(
            f"2. Ingested the inbox ({count} files: a GBK page without charset, a GB18030 text, "
            "a repost from another site): "
            f"{counts['added']} added, {counts['updated']} updated, "
            f"{counts['skipped']} skipped, {counts['failed']} failed "
            f"({store.count_articles()} articles in the store)"
        )
        for failure in summary.failures:
            log(f"   {failure.message}")
        report = DemoReport(workspace=root, inbox=inbox, ingest=summary, collected=collected)
        _process(root, store, log)
        _learn(root, store, log)
        workspace = load_workspace(root)
        log("5. Search:")
        for query in DEMO_QUERIES:
            hits = store.search(query, limit=3)
            report.searches[query] = [hit.title for hit in hits]
            titles = " | ".join(hit.title[:24] for hit in hits) or "(none)"
            log(f"   {query}: {titles}")
        log("6. Bulletins (DOCX, PDF, HTML, Markdown):")
        for name, seed in BULLETINS:
            start, end = month_of(COMPILED[seed])
            template = workspace.template(name)
            try:
                result = build_issue(store, workspace, name, start, end, out_dir=out_dir)
            except JianbaoError as exc:
                log(f"   {template.title}: {exc}")
                continue
            for fmt, path in result.files.items():
                report.files[f"{name}.{fmt}"] = path
            bulletin = result.bulletin
            log(
                f"   {template.title} {bulletin.issue_label} ({template.layout}, {start:%Y-%m}): "
                f"{len(bulletin.items)} items in {len(bulletin.sections)} sections"
            )
        report.desk_password = _desk_account(store)
        start, end = month_of(COMPILED[BULLETINS[0][1]])
        report.desk_inbox = (
            f"/inbox?template={BULLETINS[0][0]}&from={start:%Y-%m-%d}&to={end:%Y-%m-%d}"
        )
    finally:
        store.close()
    return report
