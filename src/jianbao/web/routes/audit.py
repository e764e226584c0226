"""The audit log: every editor action, who, when, what, before and after."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jianbao.store import desk as desk_store
from jianbao.web import render
from jianbao.web.auth import Viewer
from jianbao.web.routes._common import desk

router = APIRouter(tags=["audit"])
api = APIRouter(prefix="/api", tags=["audit"])


@router.get("/audit", include_in_schema=False)
def audit_page(request: Request, user: Viewer) -> Response:
    """The latest 200 actions."""
    return render(
        request, "audit.html", title="操作记录", actions=desk_store.audit(desk(request).store)
    )


@api.get("/audit")
def audit_api(
    request: Request,
    user: Viewer,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    """The latest actions, newest first."""
    return [asdict(a) for a in desk_store.audit(desk(request).store, limit)]
