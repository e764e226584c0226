"""Sources: health and last error for everyone; add, edit, disable for admins."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from jianbao.models import EditorAction
from jianbao.store import desk as desk_store
from jianbao.store.crawl import source_health
from jianbao.web import render
from jianbao.web.auth import CSRF, Admin, Viewer
from jianbao.web.routes._common import back, desk
from jianbao.web.sources import add_source, update_source

router = APIRouter(tags=["sources"])
api = APIRouter(prefix="/api", tags=["sources"])
KINDS = ("feed", "listing", "sitemap", "page")
AUTHORITIES = ("government", "official_media", "industry_media", "company", "other")


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, user: Viewer) -> Response:
    """Every source with its health, last error and (for admins) the edit forms."""
    d = desk(request)
    return render(
        request,
        "sources.html",
        title="信息源",
        health={h.name: h for h in source_health(d.store)},
        sources=d.workspace.config.sources,
        kinds=KINDS,
        authorities=AUTHORITIES,
        allow_private=d.workspace.config.collect.allow_private_addresses,
    )


def _audit(request: Request, who: str, action: str, before: Any, after: Any) -> None:
    desk_store.record(
        desk(request).store,
        EditorAction(who=who, at=desk_store.now(), action=action, before=before, after=after),
    )


@router.post("/sources", include_in_schema=False, dependencies=[CSRF])
def add_source_page(
    request: Request,
    user: Admin,
    name: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    url: Annotated[str, Form()],
    region: Annotated[str, Form()] = "全国",
    authority: Annotated[str, Form()] = "other",
) -> Response:
    """Add a source to jianbao.toml (its URL checked first)."""
    d = desk(request)
    values = {"kind": kind, "url": url, "region": region, "authority": authority}
    add_source(d.workspace, d.store, name, values)
    d.reload_workspace()
    _audit(request, user.name, "source_add", {}, {"name": name, **values})
    return back("/sources")


@router.post("/sources/{name}", include_in_schema=False, dependencies=[CSRF])
def edit_source_page(
    request: Request,
    user: Admin,
    name: str,
    url: Annotated[str | None, Form()] = None,
    region: Annotated[str | None, Form()] = None,
    authority: Annotated[str | None, Form()] = None,
    enabled: Annotated[str | None, Form()] = None,
) -> Response:
    """Change a source's URL, region, authority, or enable / disable it."""
    d = desk(request)
    values: dict[str, Any] = {
        k: v for k, v in (("url", url), ("region", region), ("authority", authority)) if v
    }
    if enabled is not None:
        values["enabled"] = enabled == "true"
    _, before, after = update_source(d.workspace, d.store, name, values)
    d.reload_workspace()
    _audit(request, user.name, "source_edit", {"name": name, **before}, {"name": name, **after})
    return back("/sources")


@api.get("/sources")
def sources_api(request: Request, user: Viewer) -> list[dict[str, Any]]:
    """Every source with its health (last success, last error, failures, counts)."""
    return [asdict(h) for h in source_health(desk(request).store)]
