"""Helpers shared by the routers: the desk, periods, redirects."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select

from jianbao.errors import SearchError
from jianbao.store import schema
from jianbao.web.desk import Desk


def desk(request: Request) -> Desk:
    """The app's desk."""
    value: Desk = request.app.state.desk
    return value


def day(value: str | None, name: str) -> datetime | None:
    """``YYYY-MM-DD`` as a datetime (None when empty; E402 when not a date)."""
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d")
    except ValueError:
        raise SearchError(
            f'{name} "{value}" is not a date.', code="E402", hint="Write it as YYYY-MM-DD."
        ) from None


def period(request: Request, start: str | None, end: str | None) -> tuple[datetime, datetime]:
    """The period asked for; by default the calendar month of the newest article."""
    first, last = day(start, "from"), day(end, "to")
    if first and last:
        return first, last
    a = schema.articles
    with desk(request).store.engine.connect() as conn:
        newest = conn.execute(select(func.max(func.coalesce(a.c.published, a.c.seen_at)))).scalar()
    anchor = datetime.fromisoformat(newest[:10]) if newest else datetime.now()
    month = anchor.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (month + timedelta(days=32)).replace(day=1)
    return first or month, last or following - timedelta(days=1)


def inbox_url(template: str, start: datetime, end: datetime, anchor: str = "") -> str:
    """The inbox page of a period."""
    query = urlencode({"template": template, "from": f"{start:%Y-%m-%d}", "to": f"{end:%Y-%m-%d}"})
    return f"/inbox?{query}" + (f"#{anchor}" if anchor else "")


def back(url: str) -> RedirectResponse:
    """303 See Other to ``url`` (after a POST)."""
    return RedirectResponse(url, status_code=303)
