"""The API reference at /docs and the OpenAPI document, both behind sign-in, no CDN."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jianbao.web import render
from jianbao.web.auth import Viewer

router = APIRouter(tags=["docs"])
METHODS = ("get", "post", "put", "patch", "delete")


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: Viewer) -> dict[str, Any]:
    """The OpenAPI 3 document of the JSON API."""
    schema: dict[str, Any] = request.app.openapi()
    return schema


@router.get("/docs", include_in_schema=False)
def docs(request: Request, user: Viewer) -> Response:
    """The JSON API, operation by operation, rendered from the OpenAPI document."""
    schema = request.app.openapi()
    operations = [
        (method.upper(), path, op)
        for path, item in schema.get("paths", {}).items()
        for method, op in item.items()
        if method in METHODS
    ]
    return render(request, "docs.html", title="API", operations=operations, info=schema["info"])
