"""The bulletin stage: select articles for a period into a template's sections, then render.

``build_bulletin`` is pure (articles in, Bulletin out); rendering lives in ``render/``, one
module per format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from jianbao.analyze.sections import choose_section
from jianbao.analyze.summarize import summarize
from jianbao.errors import RenderError
from jianbao.models import Article, Bulletin, BulletinItem
from jianbao.settings import TemplateConfig

if TYPE_CHECKING:
    from jianbao.analyze.model import TemplateModel

MIN_TEXT_CHARS = 30  # shorter texts are captions or stubs, not bulletin items
TAGS_PER_ITEM = 2  # the 标签 line of the tagged layout shows one or two tags


def issue_label(template: TemplateConfig, end: datetime, issue: int | None) -> str:
    """The 期号 line, e.g. 2024年第12期 (the issue number defaults to the end month)."""
    number = issue if issue is not None else end.month
    try:
        return template.numbering.format(year=end.year, month=end.month, issue=number)
    except (KeyError, IndexError, ValueError):
        return f"{end.year}年第{number}期"


def build_bulletin(
    articles: Sequence[Article],
    template: TemplateConfig,
    start: datetime,
    end: datetime,
    *,
    issue: int | None = None,
    model: TemplateModel | None = None,
    summaries: Mapping[str, str] | None = None,
) -> Bulletin:
    """Place ``articles`` into the template's sections within quotas, newest first.

    An item's 内容 is the one ``summaries`` holds for its article (what ``jianbao process``
    stored), else an extractive summary made here.

    With a trained ``model`` (``jianbao train``) sections and tags come from the analysis
    stage; without one, from the template's keywords (``analyze/sections.py``).

    Raises RenderError E602 when no article is usable, so an empty period is reported rather
    than rendered as an empty document.
    """
    per_section: dict[str, list[BulletinItem]] = {s.name: [] for s in template.sections}
    quotas = {s.name: s.quota for s in template.sections}
    seen_titles: set[str] = set()
    for article in articles:
        if len(article.text) < MIN_TEXT_CHARS or article.title in seen_titles:
            continue
        tag: str | None = None
        if model is not None:
            from jianbao.analyze.model import analyze  # scikit-learn: only with a model

            analysis = analyze(article.title, article.text, template, model)
            chosen = analysis.section
            tag = " ".join(analysis.tags[:TAGS_PER_ITEM]) or None
        else:
            chosen = choose_section(article.title, article.text, template).section
        bucket = per_section[chosen]
        if len(bucket) >= quotas[chosen]:
            continue
        seen_titles.add(article.title)
        bucket.append(
            BulletinItem(
                article_id=article.id,
                section=chosen,
                title=article.title,
                tag=tag,
                summary=(summaries or {}).get(article.id)
                or summarize(article.text, article.title).summary,
                url=article.url,
                text=article.text,
                published=article.published,
                source_name=article.source_name,
            )
        )
    items: list[BulletinItem] = []
    for section in template.sections:
        for item in per_section[section.name]:
            items.append(replace(item, position=len(items) + 1))
    if not items:
        raise RenderError(
            f"no articles to put in a bulletin between {start:%Y-%m-%d} and {end:%Y-%m-%d}.",
            code="E602",
            hint="Ingest or collect articles for that period, or widen --from/--to.",
        )
    return Bulletin(
        template=template.name,
        title=template.title,
        period_start=start,
        period_end=end,
        items=tuple(items),
        sections=tuple(s.name for s in template.sections if per_section[s.name]),
        issue_label=issue_label(template, end, issue),
        organisation=template.organisation,
        layout=template.layout,
    )
