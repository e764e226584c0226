"""Bulletins: list, view with preview, build the reviewed issue, download, publish."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel

from jianbao.bulletin.render import FORMATS
from jianbao.errors import DeskError
from jianbao.web import render
from jianbao.web.auth import CSRF, Editor, Viewer
from jianbao.web.routes._common import back, desk, period

router = APIRouter(tags=["bulletins"])
api = APIRouter(prefix="/api", tags=["bulletins"])
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
# The preview is the rendered HTML file: no script may run in it, whatever an article held.
PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox"
)


def _row(request: Request, bulletin_id: int) -> dict[str, Any]:
    row = desk(request).store.bulletin(bulletin_id)
    if row is None:
        raise DeskError(f"there is no bulletin #{bulletin_id}.", code="E703")
    return row


def _file(row: dict[str, Any], fmt: str) -> Path:
    name = row["files"].get(fmt)
    path = Path(name) if name else None
    if fmt not in MEDIA or path is None or not path.is_file():
        raise DeskError(
            f"bulletin #{row['pk']} has no {fmt} file.",
            code="E703",
            hint="Build it again from the inbox.",
        )
    return path


@router.get("/bulletins", include_in_schema=False)
def bulletins_page(request: Request, user: Viewer) -> Response:
    """Every bulletin, newest first."""
    return render(
        request, "bulletins.html", title="简报", bulletins=desk(request).store.bulletins()
    )


@router.get("/bulletins/{bulletin_id}", include_in_schema=False)
def bulletin_page(request: Request, user: Viewer, bulletin_id: int) -> Response:
    """One bulletin: status, who approved it, files, the rendered preview."""
    row = _row(request, bulletin_id)
    files = [f for f in FORMATS if f in row["files"] and Path(row["files"][f]).is_file()]
    return render(request, "bulletin.html", title=row["title"], b=row, files=files)


@router.get("/bulletins/{bulletin_id}/preview", include_in_schema=False)
def bulletin_preview(request: Request, user: Viewer, bulletin_id: int) -> Response:
    """The rendered HTML of the bulletin, sandboxed (shown in an iframe on the bulletin page)."""
    path = _file(_row(request, bulletin_id), "html")
    return Response(
        path.read_bytes(),
        media_type=MEDIA["html"],
        headers={"Content-Security-Policy": PREVIEW_CSP},
    )


@router.get("/bulletins/{bulletin_id}/files/{fmt}", include_in_schema=False)
def bulletin_file(request: Request, user: Viewer, bulletin_id: int, fmt: str) -> Response:
    """Download the DOCX, PDF, HTML or Markdown file."""
    path = _file(_row(request, bulletin_id), fmt)
    return FileResponse(path, media_type=MEDIA[fmt], filename=path.name)


@router.post("/bulletins/build", include_in_schema=False, dependencies=[CSRF])
def build_page(
    request: Request,
    user: Editor,
    template: Annotated[str, Form()],
    start: Annotated[str, Form(alias="from")],
    end: Annotated[str, Form(alias="to")],
) -> Response:
    """Build the issue as reviewed in the inbox; go to its page."""
    first, last = period(request, start, end)
    result = desk(request).build(user.name, template, first, last)
    return back(f"/bulletins/{result.bulletin_id}")


@router.post("/bulletins/{bulletin_id}/publish", include_in_schema=False, dependencies=[CSRF])
def publish_page(request: Request, user: Editor, bulletin_id: int) -> Response:
    """Publish (freeze) the draft, approved by the signed-in user."""
    desk(request).publish(user.name, bulletin_id)
    return back(f"/bulletins/{bulletin_id}")


class BuildIn(BaseModel):
    """What to build."""

    template: str
    start: str
    end: str
    formats: list[str] = list(FORMATS)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k not in ("files_json", "files")}
    out["files"] = sorted(row["files"])
    return out


@api.get("/bulletins")
def bulletins_api(request: Request, user: Viewer) -> list[dict[str, Any]]:
    """Every bulletin, newest first (status, period, approved_by, file formats)."""
    return [_public(r) for r in desk(request).store.bulletins()]


@api.get("/bulletins/{bulletin_id}")
def bulletin_api(request: Request, user: Viewer, bulletin_id: int) -> dict[str, Any]:
    """One bulletin."""
    return _public(_row(request, bulletin_id))


@api.post("/bulletins/build", dependencies=[CSRF])
def build_api(request: Request, user: Editor, body: BuildIn) -> dict[str, Any]:
    """Build the reviewed issue of a period in the given formats; returns the bulletin."""
    first, last = period(request, body.start, body.end)
    result = desk(request).build(user.name, body.template, first, last, formats=body.formats)
    return _public(_row(request, result.bulletin_id))


@api.post("/bulletins/{bulletin_id}/publish", dependencies=[CSRF])
def publish_api(request: Request, user: Editor, bulletin_id: int) -> dict[str, Any]:
    """Publish the draft, approved by the signed-in user."""
    return _public(desk(request).publish(user.name, bulletin_id))
