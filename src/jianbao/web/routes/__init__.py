"""One router per resource; ``ROUTERS`` is what ``create_app`` mounts, in this order."""

from __future__ import annotations

from fastapi import APIRouter

from jianbao.web.routes import (
    articles,
    audit,
    auth,
    bulletins,
    dashboard,
    docs,
    inbox,
    search,
    sources,
    users,
)

ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    dashboard.router,
    inbox.router,
    inbox.api,
    articles.router,
    articles.api,
    bulletins.router,
    bulletins.api,
    search.router,
    search.api,
    sources.router,
    sources.api,
    users.router,
    users.api,
    audit.router,
    audit.api,
    docs.router,
)
