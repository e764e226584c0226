"""The dashboard: new articles per section and per source, source health, recent actions."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from jianbao.errors import JianbaoError
from jianbao.store import desk as desk_store
from jianbao.store import schema
from jianbao.store.crawl import source_health
from jianbao.web import render
from jianbao.web.auth import Viewer
from jianbao.web.routes._common import desk, period

router = APIRouter(tags=["dashboard"])
RECENT_DAYS = 7


@router.get("/", include_in_schema=False)
def dashboard(request: Request, user: Viewer) -> Response:
    """Counts for the current period, source health, the latest editor actions."""
    d = desk(request)
    start, end = period(request, None, None)
    a = schema.articles
    when = func.coalesce(a.c.published, a.c.seen_at)
    since = (end - timedelta(days=RECENT_DAYS - 1)).strftime("%Y-%m-%d")
    with d.store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(a)).scalar_one())
        per_source = conn.execute(
            select(func.coalesce(a.c.source_name, "（未知来源）"), func.count())
            .where(when >= since)
            .group_by(a.c.source_name)
            .order_by(func.count().desc())
            .limit(12)
        ).all()
    sections: list[tuple[str, int]] = []
    problem = None
    try:
        inbox = d.inbox(None, start, end)
        sections = [(name, len(items)) for name, items in inbox.sections]
        in_period = inbox.articles
    except JianbaoError as exc:
        problem, in_period = str(exc), 0
    return render(
        request,
        "dashboard.html",
        title="总览",
        start=start,
        end=end,
        total=total,
        in_period=in_period,
        since=datetime.strptime(since, "%Y-%m-%d"),
        per_source=per_source,
        sections=sections,
        problem=problem,
        template=d.workspace.template(None).name,
        health=source_health(d.store),
        actions=desk_store.audit(d.store, 8),
    )
