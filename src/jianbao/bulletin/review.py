"""Apply the editor's decisions to a proposed issue: the pure middle of the editor's desk.

``apply_decisions(proposal, decisions, articles, template)`` drops rejected items, moves items
to the section the editor chose, applies title / tag / summary overrides, adds articles the
editor accepted from outside the proposal, and orders each section by the editor's positions
(items without one keep the proposal's order, after those with one). The inbox shows exactly
what this returns, and ``build_issue`` renders exactly that, so what the editor sees is what
gets built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from jianbao.analyze.summarize import summarize
from jianbao.bulletin.select import choose_subsection
from jianbao.models import Article, Bulletin, BulletinItem, ItemDecision
from jianbao.settings import TemplateConfig

UNORDERED = 1_000_000  # items the editor has not placed sort after those placed, in proposal order


def _item_for(article: Article, section: str) -> BulletinItem:
    return BulletinItem(
        article_id=article.id,
        section=section,
        title=article.title,
        summary=summarize(article.text, article.title).summary,
        url=article.url,
        text=article.text,
        published=article.published,
        source_name=article.source_name,
    )


def _override(item: BulletinItem, decision: ItemDecision, template: TemplateConfig) -> BulletinItem:
    changes: dict[str, object] = {}
    if decision.title:
        changes["title"] = decision.title
    if decision.tag is not None:
        changes["tag"] = decision.tag or None
    if decision.summary:
        changes["summary"] = decision.summary
    if decision.section and decision.section != item.section:
        changes["section"] = decision.section
        changes["subsection"] = None
        target = next((s for s in template.sections if s.name == decision.section), None)
        if target is not None and target.subsections:
            # the editor's move is not bound by subsection quotas: place it where it fits best
            changes["subsection"] = choose_subsection(item, target, {})
    return replace(item, **changes)  # type: ignore[arg-type]


def apply_decisions(
    proposal: Bulletin,
    decisions: Mapping[str, ItemDecision],
    articles: Sequence[Article],
    template: TemplateConfig,
) -> Bulletin:
    """The issue as the editor decided it (see the module docstring)."""
    known = {s.name for s in template.sections}
    items: list[tuple[int, int, BulletinItem]] = []
    present = set()
    for rank, item in enumerate(proposal.items):
        present.add(item.article_id)
        decision = decisions.get(item.article_id)
        if decision is not None and decision.status == "rejected":
            continue
        if decision is not None:
            item = _override(item, decision, template)
        order = decision.position if decision and decision.position is not None else None
        items.append((order if order is not None else UNORDERED + rank, rank, item))
    by_id = {a.id: a for a in articles}
    extra = len(proposal.items)
    for article_id, decision in decisions.items():
        if decision.status != "accepted" or article_id in present or article_id not in by_id:
            continue
        section = decision.section if decision.section in known else template.sections[0].name
        item = _override(_item_for(by_id[article_id], section), decision, template)
        order = decision.position if decision.position is not None else UNORDERED + extra
        items.append((order, extra, item))
        extra += 1
    section_order = {s.name: n for n, s in enumerate(template.sections)}
    sub_order = {
        (s.name, sub.name): n for s in template.sections for n, sub in enumerate(s.subsections)
    }
    items.sort(
        key=lambda t: (
            section_order.get(t[2].section, len(section_order)),
            sub_order.get((t[2].section, t[2].subsection or ""), 0),
            t[0],
            t[1],
        )
    )
    final = tuple(replace(item, position=n) for n, (_, _, item) in enumerate(items, 1))
    used = {item.section for item in final}
    return replace(
        proposal,
        items=final,
        sections=tuple(s.name for s in template.sections if s.name in used),
    )
