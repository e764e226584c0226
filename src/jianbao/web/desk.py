"""What the desk's pages and API do, over the store: the inbox, the editor's actions, builds.

The inbox of a period is the planned issue (``bulletin.build.plan_issue``) with the editor's
decisions applied (``bulletin.review.apply_decisions``): the page shows exactly what a build
renders. Planning a period reads and classifies its articles, so the plan is cached per
(template, period) and recomputed when articles, bulletins or models change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from jianbao.bulletin.build import BuildResult, IssuePlan, build_issue, plan_issue
from jianbao.bulletin.render import FORMATS
from jianbao.bulletin.review import apply_decisions
from jianbao.errors import DeskError
from jianbao.models import Article, Bulletin, BulletinItem, EditorAction, ItemDecision
from jianbao.settings import Workspace, load_workspace
from jianbao.store import Store, schema
from jianbao.store import desk as desk_store

PLAN_CACHE_SIZE = 16  # periods kept planned; an editor works on one or two at a time
ACTIONS = ("accept", "reject", "restore", "move", "edit", "up", "down")


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What analysis says about one item (None where nothing computed it)."""

    relevance: float | None = None
    relevant: bool | None = None
    region: str | None = None
    tags: tuple[str, ...] = ()
    cluster_size: int | None = None


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One item as the inbox shows it."""

    item: BulletinItem
    decision: ItemDecision | None
    facts: ItemFacts

    @property
    def status(self) -> str:
        """pending / accepted / rejected."""
        return self.decision.status if self.decision else "pending"


@dataclass(frozen=True, slots=True)
class Inbox:
    """The reviewed issue of a period, grouped by section, plus the rejected and the rest."""

    template: str
    start: datetime
    end: datetime
    issue_label: str
    sections: list[tuple[str, list[InboxItem]]]
    section_names: list[str]
    rejected: list[InboxItem]
    candidates: list[Article]
    articles: int
    dropped: dict[str, int]
    bulletin: Bulletin


@dataclass
class _Planned:
    plan: IssuePlan
    facts: dict[str, ItemFacts] = field(default_factory=dict)


class Desk:
    """The desk's state: workspace, store, and the cache of planned periods."""

    def __init__(self, workspace: Workspace, store: Store) -> None:
        self.workspace = workspace
        self.store = store
        self._plans: OrderedDict[tuple[Any, ...], _Planned] = OrderedDict()
        self._lock = threading.Lock()

    def reload_workspace(self) -> None:
        """Read jianbao.toml again (after the sources page changed it)."""
        self.workspace = load_workspace(self.workspace.root)
        with self._lock:
            self._plans.clear()

    # -- the inbox ---------------------------------------------------------------------------

    def _fingerprint(self) -> tuple[Any, ...]:
        a, b, m = schema.articles, schema.bulletins, schema.models
        with self.store.engine.connect() as conn:
            articles = conn.execute(select(func.count(), func.max(a.c.updated_at))).one()
            bulletins = conn.execute(
                select(func.count(), func.max(b.c.updated_at), func.max(b.c.published_at))
            ).one()
            models = conn.execute(select(func.count(), func.max(m.c.trained_at))).one()
            p = schema.article_processing  # a `jianbao process` run changes clusters, summaries
            processed = conn.execute(select(func.count(), func.max(p.c.processed_at))).one()
        return (*articles, *bulletins, *models, *processed)

    def _planned(self, template: str, start: datetime, end: datetime) -> _Planned:
        key = (template, start, end, self._fingerprint())
        with self._lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                return self._plans[key]
        planned = _Planned(plan_issue(self.store, self.workspace, template, start, end))
        with self._lock:
            self._plans[key] = planned
            while len(self._plans) > PLAN_CACHE_SIZE:
                self._plans.popitem(last=False)
        return planned

    def _facts(self, planned: _Planned, items: Sequence[BulletinItem]) -> dict[str, ItemFacts]:
        missing = [i for i in items if i.article_id not in planned.facts]
        if missing:
            from jianbao.analyze.model import analyze_many
            from jianbao.archive.workflow import load_template_model

            template = planned.plan.template
            model = load_template_model(self.workspace, template.name)
            results = analyze_many([(i.title, i.text or "") for i in missing], template, model)
            sizes = cluster_sizes(self.store, [i.article_id for i in missing])
            for item, analysis in zip(missing, results, strict=True):
                planned.facts[item.article_id] = ItemFacts(
                    relevance=analysis.relevance,
                    relevant=analysis.relevant,
                    region=analysis.region.label or None,
                    tags=analysis.tags,
                    cluster_size=sizes.get(item.article_id),
                )
        return {i.article_id: planned.facts[i.article_id] for i in items}

    def inbox(self, template: str | None, start: datetime, end: datetime) -> Inbox:
        """The reviewed issue of ``template`` for [start, end] (E602 when the period is empty)."""
        name = self.workspace.template(template).name
        planned = self._planned(name, start, end)
        plan = planned.plan
        decided = desk_store.decisions(self.store, name)
        reviewed = apply_decisions(plan.bulletin, decided, plan.articles, plan.template)
        proposed = {i.article_id: i for i in plan.bulletin.items}
        rejected_items = [
            proposed[a] for a, d in decided.items() if d.status == "rejected" and a in proposed
        ]
        facts = self._facts(planned, [*reviewed.items, *rejected_items])
        grouped: dict[str, list[InboxItem]] = {s.name: [] for s in plan.template.sections}
        for item in reviewed.items:
            entry = InboxItem(item, decided.get(item.article_id), facts[item.article_id])
            grouped.setdefault(item.section, []).append(entry)
        shown = {i.article_id for i in reviewed.items} | set(proposed) | set(decided)
        limit = self.workspace.config.web.inbox_candidates
        candidates = [a for a in plan.articles if a.id not in shown][:limit]
        return Inbox(
            template=name,
            start=start,
            end=end,
            issue_label=plan.bulletin.issue_label,
            sections=list(grouped.items()),
            section_names=[s.name for s in plan.template.sections],
            rejected=[
                InboxItem(i, decided[i.article_id], facts[i.article_id]) for i in rejected_items
            ],
            candidates=candidates,
            articles=len(plan.articles),
            dropped=plan.dropped,
            bulletin=reviewed,
        )

    # -- actions -----------------------------------------------------------------------------

    def act(
        self,
        user: str,
        action: str,
        template: str | None,
        start: datetime,
        end: datetime,
        article_id: str,
        *,
        section: str | None = None,
        title: str | None = None,
        tag: str | None = None,
        summary: str | None = None,
    ) -> None:
        """Apply one editor action to an item of the inbox of [start, end] (E704 if impossible)."""
        if action not in ACTIONS:
            raise DeskError(f'"{action}" is not an editor action.', code="E704")
        inbox = self.inbox(template, start, end)
        name = inbox.template
        current = self.store.get_article(article_id)
        if current is None:
            raise DeskError(f"there is no article {article_id}.", code="E704")
        decided = desk_store.decisions(self.store, name)
        old = decided.get(article_id) or ItemDecision(article_id=article_id, template=name)
        items = {e.item.article_id: e.item for _, es in inbox.sections for e in es}
        shown = items.get(article_id)
        before = {
            article_id: {
                "section": shown.section if shown else None,
                "title": shown.title if shown else current.title,
                "tag": shown.tag if shown else None,
                "summary": shown.summary if shown else None,
            }
        }
        changes: list[ItemDecision] = []
        if section is not None and section not in inbox.section_names:
            raise DeskError(
                f'template {name} has no section "{section}".',
                code="E704",
                hint=f"Sections: {', '.join(inbox.section_names)}.",
            )
        if action == "accept":
            changes.append(
                replace(old, status="accepted", section=section or old.section or _sec(shown))
            )
        elif action == "reject":
            changes.append(replace(old, status="rejected"))
        elif action == "restore":
            changes.append(replace(old, status="pending"))
        elif action == "move":
            if section is None:
                raise DeskError("moving an item needs the section to move it to.", code="E704")
            changes.append(replace(old, section=section))
        elif action == "edit":
            changes.append(
                replace(
                    old,
                    title=_clean(title) if title is not None else old.title,
                    tag=_clean(tag) if tag is not None else old.tag,
                    summary=_clean(summary) if summary is not None else old.summary,
                )
            )
        else:
            changes.extend(self._reorder(inbox, decided, article_id, action))
        desk_store.save_decisions(self.store, user, action, changes, current=before)

    @staticmethod
    def _reorder(
        inbox: Inbox, decided: dict[str, ItemDecision], article_id: str, direction: str
    ) -> list[ItemDecision]:
        for _, entries in inbox.sections:
            ids = [e.item.article_id for e in entries]
            if article_id not in ids:
                continue
            n = ids.index(article_id)
            m = n - 1 if direction == "up" else n + 1
            if 0 <= m < len(ids):
                ids[n], ids[m] = ids[m], ids[n]
            return [
                replace(
                    decided.get(a) or ItemDecision(article_id=a, template=inbox.template),
                    position=(k + 1) * 10,
                )
                for k, a in enumerate(ids)
            ]
        raise DeskError(
            f"article {article_id} is not in the issue, so it cannot be reordered.", code="E704"
        )

    # -- build and publish -------------------------------------------------------------------

    def build(
        self,
        user: str,
        template: str | None,
        start: datetime,
        end: datetime,
        formats: Sequence[str] = FORMATS,
        out_dir: Path | None = None,
    ) -> BuildResult:
        """Build the issue as the editor decided it; record the build in the audit log."""
        name = self.workspace.template(template).name
        decided = desk_store.decisions(self.store, name)

        def review(plan: IssuePlan) -> Bulletin:
            return apply_decisions(plan.bulletin, decided, plan.articles, plan.template)

        result = build_issue(
            self.store,
            self.workspace,
            name,
            start,
            end,
            formats=formats,
            out_dir=out_dir,
            review=review,
        )
        desk_store.record(
            self.store,
            EditorAction(
                who=user,
                at=desk_store.now(),
                action="build",
                template=name,
                bulletin_id=result.bulletin_id,
                after={
                    "issue": result.bulletin.issue_label,
                    "items": len(result.bulletin.items),
                    "formats": sorted(result.files),
                },
            ),
        )
        return result

    def publish(self, user: str, bulletin_id: int) -> dict[str, Any]:
        """Publish draft ``bulletin_id`` approved by ``user``; record it in the audit log."""
        before = self.store.bulletin(bulletin_id) or {}
        row = self.store.publish_bulletin(bulletin_id, user)
        desk_store.record(
            self.store,
            EditorAction(
                who=user,
                at=desk_store.now(),
                action="publish",
                template=row["template"],
                bulletin_id=bulletin_id,
                before={"status": before.get("status")},
                after={"status": row["status"], "approved_by": user},
            ),
        )
        return row


def _sec(item: BulletinItem | None) -> str | None:
    return item.section if item is not None else None


def _clean(value: str) -> str | None:
    value = " ".join(value.split()) if "\n" not in value else value.strip()
    return value or None


def cluster_sizes(store: Store, article_ids: Sequence[str]) -> dict[str, int]:
    """Story cluster size per article, where ``jianbao process`` stored clusters (else absent).

    Read through ``Store.article_analysis`` (store/analysis.py); a store without it (or an
    article not processed yet) simply has no size: the inbox shows none.
    """
    reader = getattr(store, "article_analysis", None)
    if reader is None:
        return {}
    sizes: dict[str, int] = {}
    for article_id in article_ids:
        try:
            found = reader(article_id)
        except Exception:  # another stage's tables must never break the inbox
            return sizes
        cluster = found.get("cluster") if found else None
        if cluster is not None:
            sizes[article_id] = int(cluster.size)
    return sizes


def number_check(summary: str, text: str) -> list[str] | None:
    """Numbers in ``summary`` that the article ``text`` does not contain (None: no checker).

    Uses ``jianbao.analyze.summarize.check_numbers`` (looked up at call time, so a build of
    jianbao without it degrades to "no check" instead of failing).
    """
    from jianbao.analyze import summarize

    checker = getattr(summarize, "check_numbers", None)
    if checker is None:
        return None
    try:
        result = checker(summary, text)
    except Exception:  # a hook into another stage must never break the article page
        return None
    if isinstance(result, list | tuple):
        return [str(x) for x in result]
    unsupported = getattr(result, "unsupported_numbers", None)
    return [str(x) for x in unsupported] if unsupported is not None else None
