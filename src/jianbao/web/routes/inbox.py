"""The inbox of a bulletin period, grouped by section, and the editor's actions on its items."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from jianbao.web import render
from jianbao.web.auth import CSRF, Editor, Viewer
from jianbao.web.desk import Inbox, InboxItem
from jianbao.web.routes._common import back, desk, inbox_url, period

router = APIRouter(tags=["inbox"])
api = APIRouter(prefix="/api", tags=["inbox"])


@router.get("/inbox", include_in_schema=False)
def inbox_page(
    request: Request,
    user: Viewer,
    template: str | None = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    """The reviewed issue of the period: what a build renders, item by item."""
    d = desk(request)
    first, last = period(request, start, end)
    inbox = d.inbox(template, first, last)
    templates = sorted({t.name for t in d.workspace.config.templates} | {"default"})
    return render(
        request,
        "inbox.html",
        title=f"待审 {inbox.issue_label}",
        inbox=inbox,
        templates=templates,
        url=inbox_url(inbox.template, first, last),
    )


@router.post("/inbox/{article_id}/{action}", include_in_schema=False, dependencies=[CSRF])
def inbox_action(
    request: Request,
    user: Editor,
    article_id: str,
    action: str,
    template: Annotated[str, Form()],
    start: Annotated[str, Form(alias="from")],
    end: Annotated[str, Form(alias="to")],
    section: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form()] = None,
    tag: Annotated[str | None, Form()] = None,
    summary: Annotated[str | None, Form()] = None,
) -> Response:
    """Accept, reject, restore, move, edit or reorder one item; back to the inbox."""
    first, last = period(request, start, end)
    desk(request).act(
        user.name,
        action,
        template,
        first,
        last,
        article_id,
        section=section or None,
        title=title,
        tag=tag,
        summary=summary,
    )
    return back(inbox_url(template, first, last, anchor=f"item-{article_id}"))


class ItemOut(BaseModel):
    """One inbox item."""

    article_id: str
    section: str
    subsection: str | None
    position: int
    title: str
    tag: str | None
    summary: str
    url: str
    status: str
    relevance: float | None
    region: str | None
    tags: list[str]
    cluster_size: int | None


class InboxOut(BaseModel):
    """The inbox of a period."""

    template: str
    start: str
    end: str
    issue_label: str
    articles: int
    sections: dict[str, list[ItemOut]]
    rejected: list[ItemOut]
    candidates: list[dict[str, Any]]
    dropped: dict[str, int]


class ActionIn(BaseModel):
    """An editor action on one item."""

    template: str
    start: str
    end: str
    action: str
    section: str | None = None
    title: str | None = None
    tag: str | None = None
    summary: str | None = None


def _item(entry: InboxItem) -> ItemOut:
    i, f = entry.item, entry.facts
    return ItemOut(
        article_id=i.article_id,
        section=i.section,
        subsection=i.subsection,
        position=i.position,
        title=i.title,
        tag=i.tag,
        summary=i.summary,
        url=i.url,
        status=entry.status,
        relevance=f.relevance,
        region=f.region,
        tags=list(f.tags),
        cluster_size=f.cluster_size,
    )


def inbox_json(inbox: Inbox) -> InboxOut:
    """The inbox as the API returns it."""
    return InboxOut(
        template=inbox.template,
        start=f"{inbox.start:%Y-%m-%d}",
        end=f"{inbox.end:%Y-%m-%d}",
        issue_label=inbox.issue_label,
        articles=inbox.articles,
        sections={name: [_item(e) for e in items] for name, items in inbox.sections},
        rejected=[_item(e) for e in inbox.rejected],
        candidates=[
            {"id": a.id, "title": a.title, "url": a.url, "source_name": a.source_name}
            for a in inbox.candidates
        ],
        dropped=inbox.dropped,
    )


@api.get("/inbox", response_model=InboxOut)
def inbox_api(
    request: Request,
    user: Viewer,
    template: str | None = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> InboxOut:
    """The reviewed issue of a period (template, from, to), grouped by section."""
    first, last = period(request, start, end)
    return inbox_json(desk(request).inbox(template, first, last))


@api.post("/inbox/{article_id}", response_model=InboxOut, dependencies=[CSRF])
def inbox_action_api(request: Request, user: Editor, article_id: str, body: ActionIn) -> InboxOut:
    """Apply one action (accept, reject, restore, move, edit, up, down); returns the inbox."""
    d = desk(request)
    first, last = period(request, body.start, body.end)
    d.act(
        user.name,
        body.action,
        body.template,
        first,
        last,
        article_id,
        section=body.section,
        title=body.title,
        tag=body.tag,
        summary=body.summary,
    )
    return inbox_json(d.inbox(body.template, first, last))
