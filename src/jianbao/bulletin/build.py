"""Build an issue from the store: select, number, render, save the draft; publish it later.

``prepare_bulletin`` is the pure part (articles in, Bulletin out): rank (``select.py``), place
into sections (``build_bulletin``), arrange subsections and tags, add numbering and style.
``build_issue`` and ``publish_issue`` are what ``jianbao build`` / ``jianbao publish`` and the
demo call: they read the store, refuse to touch a published issue (E605), render the files and
save the draft in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from jianbao.analyze.model import TemplateModel
from jianbao.archive.workflow import load_template_model
from jianbao.bulletin import build_bulletin, issue_label
from jianbao.bulletin.render import FORMATS, render
from jianbao.bulletin.select import PublishedItem, Signals, arrange, rank_articles
from jianbao.errors import RenderError
from jianbao.models import Article, Bulletin, BulletinStyle
from jianbao.settings import TemplateConfig, Workspace
from jianbao.store import Store

DROP_REASONS = {
    "published_before": "already in a published issue",
    "same_story": "another article of the same story ranked higher",
    "irrelevant": "judged irrelevant by analysis",
    "over_quota": "its subsections were full",
    "not_placed": "its section was full, or the text too short",
}


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What ``build_issue`` did: the saved draft, its files, and what was left out and why."""

    bulletin_id: int
    bulletin: Bulletin
    files: dict[str, Path]
    candidates: int
    dropped: dict[str, int] = field(default_factory=dict)
    replaced: bool = False


def style_for(template: TemplateConfig) -> BulletinStyle:
    """The fonts and item fields of ``template`` as the renderers take them."""
    fonts = template.fonts
    return BulletinStyle(
        heading_font=fonts.heading,
        body_font=fonts.body,
        latin_font=fonts.latin,
        body_size=fonts.size,
        fields=tuple(template.fields),
    )


def total_label(template: TemplateConfig, total: int | None) -> str:
    """总第56期 from the template's total_numbering (empty without a number)."""
    if total is None or not template.total_numbering:
        return ""
    try:
        return template.total_numbering.format(total=total)
    except (KeyError, IndexError, ValueError):
        return f"总第{total}期"


def _why(dropped: Mapping[str, int]) -> str:
    return "; ".join(f"{n} {DROP_REASONS.get(k, k)}" for k, n in sorted(dropped.items()))


def prepare_bulletin(
    articles: Sequence[Article],
    template: TemplateConfig,
    start: datetime,
    end: datetime,
    *,
    issue: int | None = None,
    total: int | None = None,
    signals: Mapping[str, Signals] | None = None,
    published: Sequence[PublishedItem] = (),
    model: TemplateModel | None = None,
    summaries: Mapping[str, str] | None = None,
) -> tuple[Bulletin, dict[str, int]]:
    """Select, place and number the items of one issue; return it and the drop counts.

    ``summaries`` are the 内容 lines ``jianbao process`` stored (extractive or LLM, number
    checked); an item without one gets an extractive summary made here.

    Raises E602 when nothing is left, saying how many articles were left out and why.
    """
    ranking = rank_articles(articles, start, end, signals=signals, published=published)
    dropped = dict(ranking.dropped)
    if articles and not ranking.articles:
        raise RenderError(
            f"none of the {len(articles)} articles between {start:%Y-%m-%d} and "
            f"{end:%Y-%m-%d} can go into a new issue ({_why(dropped)}).",
            code="E602",
            hint="Widen --from/--to, or collect newer articles.",
        )
    bulletin = build_bulletin(
        ranking.articles, template, start, end, issue=issue, model=model, summaries=summaries
    )
    if len(bulletin.items) < len(ranking.articles):
        dropped["not_placed"] = len(ranking.articles) - len(bulletin.items)
    bulletin, over = arrange(bulletin, template)
    if over:
        dropped["over_quota"] = over
    number = issue if issue is not None else end.month  # as issue_label numbers it
    bulletin = replace(
        bulletin,
        issue_number=number,
        total_number=total,
        total_label=total_label(template, total),
        style=style_for(template),
    )
    return bulletin, dropped


def signals_for(
    articles: Sequence[Article],
    workspace: Workspace,
    clusters: Mapping[str, tuple[str, int]] | None = None,
) -> dict[str, Signals]:
    """What is known about each article: its source's authority from jianbao.toml, and its
    story cluster (id, size) when ``jianbao process`` has clustered it.
    """
    authority = {s.name: s.authority for s in workspace.config.sources}
    clusters = clusters or {}
    signals: dict[str, Signals] = {}
    for a in articles:
        cluster_id, size = clusters.get(a.id, (None, 1))
        if a.source_name in authority or cluster_id:
            signals[a.id] = Signals(
                authority=authority.get(a.source_name or ""),
                cluster_id=cluster_id,
                cluster_size=size,
            )
    return signals


@dataclass(frozen=True, slots=True)
class IssuePlan:
    """The proposed issue of a template for a period, before rendering: what the desk reviews."""

    template: TemplateConfig
    bulletin: Bulletin
    articles: tuple[Article, ...]
    dropped: dict[str, int]
    existing: dict[str, Any] | None


def plan_issue(
    store: Store,
    workspace: Workspace,
    template_name: str | None,
    start: datetime,
    end: datetime,
    *,
    issue: int | None = None,
) -> IssuePlan:
    """Select, place and number the issue of a template for [start, end] (nothing is written).

    Without ``issue``, the number follows the last published issue of the same year, else the
    month. The running number (总第N期) is ``total_start`` plus the issues published for
    earlier periods, plus one. A published issue of the same 期号 is refused (E605).
    """
    template = workspace.template(template_name)
    if issue is None:
        last = store.last_issue_number(template.name, end.year)
        issue = last + 1 if last is not None else None
    label = issue_label(template, end, issue)
    existing = store.find_bulletin(template.name, label)
    if existing is not None and existing["status"] == "published":
        raise RenderError(
            f"{template.name} {label} is bulletin #{existing['pk']}, published on "
            f"{(existing['published_at'] or '')[:10]} by {existing['approved_by']}; a published "
            "issue is frozen.",
            code="E605",
            hint="Build the next issue with --issue N, or choose another period.",
        )
    published = [
        PublishedItem(article_id=i, title=t, published_at=when)
        for i, t, when in store.published_items(template.name)
    ]
    total = template.total_start + store.count_published_before(template.name, end) + 1
    articles = store.articles(start, end)
    bulletin, dropped = prepare_bulletin(
        articles,
        template,
        start,
        end,
        issue=issue,
        total=total,
        signals=signals_for(
            articles, workspace, store.cluster_memberships([a.id for a in articles])
        ),
        published=published,
        model=load_template_model(workspace, template.name),  # None until `jianbao train`
        summaries=store.stored_summaries([a.id for a in articles]),
    )
    return IssuePlan(template, bulletin, tuple(articles), dropped, existing)


def build_issue(
    store: Store,
    workspace: Workspace,
    template_name: str | None,
    start: datetime,
    end: datetime,
    *,
    issue: int | None = None,
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    review: Callable[[IssuePlan], Bulletin] | None = None,
) -> BuildResult:
    """Build one issue of a template for [start, end], render it and save it as a draft.

    Rebuilding the same 期号 rewrites its draft in place (same id); a published issue is
    never rebuilt (E605). ``review`` (the editor's desk) may change the planned issue before
    it is rendered; see ``plan_issue`` for the numbering.
    """
    plan = plan_issue(store, workspace, template_name, start, end, issue=issue)
    bulletin = review(plan) if review is not None else plan.bulletin
    target = out_dir if out_dir is not None else workspace.root / workspace.settings.out_dir
    files = render(bulletin, target, formats)
    existing = plan.existing
    replace_id = int(existing["pk"]) if existing is not None else None
    bulletin_id = store.save_bulletin(
        bulletin, {k: str(v) for k, v in files.items()}, replace=replace_id
    )
    return BuildResult(
        bulletin_id=bulletin_id,
        bulletin=replace(bulletin, id=bulletin_id),
        files=files,
        candidates=len(plan.articles),
        dropped=plan.dropped,
        replaced=replace_id is not None,
    )


def publish_issue(store: Store, bulletin_id: int, approved_by: str) -> dict[str, Any]:
    """Freeze a draft: status published, published_at now, approved_by (E605, E606)."""
    return store.publish_bulletin(bulletin_id, approved_by)
