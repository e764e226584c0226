"""Full-text search over the store (Chinese bigrams, ranked by relevance and recency)."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

import nh3
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from jianbao.store.search import HIGHLIGHT_END, HIGHLIGHT_START
from jianbao.web import render
from jianbao.web.auth import Viewer
from jianbao.web.routes._common import day, desk

router = APIRouter(tags=["search"])
api = APIRouter(prefix="/api", tags=["search"])
MAX_LIMIT = 100


def highlight(snippet: str) -> Markup:
    """The snippet escaped, matched words in <mark>, passed through nh3 (only <mark> kept)."""
    html = escape(snippet).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>")
    return Markup(nh3.clean(html, tags={"mark"}, attributes={}))


@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    user: Viewer,
    q: str = "",
    since: str | None = None,
) -> Response:
    """The search form and its hits."""
    hits = desk(request).store.search(q, since=day(since, "since"), limit=50) if q.strip() else []
    return render(
        request,
        "search.html",
        title=f"搜索 {q}" if q else "搜索",
        q=q,
        since=since or "",
        hits=[(h, highlight(h.snippet)) for h in hits],
    )


@api.get("/search")
def search_api(
    request: Request,
    user: Viewer,
    q: str,
    since: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> list[dict[str, Any]]:
    """Articles matching ``q``; snippets mark matched words with \\u0002 … \\u0003."""
    hits = desk(request).store.search(q, since=day(since, "since"), limit=limit)
    return [
        {
            "id": h.id,
            "title": h.title,
            "url": h.url,
            "published": h.published.isoformat() if h.published else None,
            "source_name": h.source_name,
            "snippet": h.snippet,
            "score": h.score,
        }
        for h in hits
    ]
