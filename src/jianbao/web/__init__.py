"""The editor's desk: a FastAPI app from ``create_app(workspace)`` (``jianbao serve``).

Server-rendered Jinja2 pages with htmx (vendored in static/), one router per resource in
routes/, a JSON API under /api described by OpenAPI at /docs. Every route needs a signed-in
user of the right role; every state-changing one a CSRF token (web/auth.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from jianbao import __version__
from jianbao.errors import JianbaoError
from jianbao.settings import Workspace, load_workspace
from jianbao.store import Store
from jianbao.web import labels
from jianbao.web.auth import Forbidden, NotSignedIn, csrf_token, session_secret
from jianbao.web.desk import Desk

HERE = Path(__file__).parent
# Pages may load only what the desk itself serves; the bulletin preview is sandboxed apart.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)
API_PREFIXES = ("/api/", "/docs", "/openapi.json")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIXES) or "application/json" in request.headers.get(
        "accept", ""
    )


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render a page template with the user, the CSRF token and the navigation."""
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("user", getattr(request.state, "user", None))
    context["csrf"] = csrf_token(request)
    context["path"] = request.url.path
    context["version"] = __version__
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def create_app(workspace: Workspace | None = None, *, store: Store | None = None) -> FastAPI:
    """The desk for ``workspace`` (default: the current one); opens the store if not given."""
    from jianbao.web.routes import ROUTERS

    workspace = workspace or load_workspace()
    store = store or Store.open(workspace.database_url)
    app = FastAPI(
        title="jianbao editor's desk",
        version=__version__,
        description="Review candidates, edit, build and publish the bulletin (简报编辑台).",
        docs_url=None,  # served by routes/docs.py, behind sign-in, without a CDN
        redoc_url=None,
        openapi_url=None,
    )
    app.state.desk = Desk(workspace, store)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["day"] = lambda v: f"{v:%Y-%m-%d}" if v else ""
    templates.env.filters["kv"] = lambda d: "，".join(f"{k}={v}" for k, v in (d or {}).items())
    labels.register(templates.env)
    app.state.templates = templates
    web = workspace.config.web
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(workspace.data_dir),
        session_cookie="jianbao_session",
        max_age=int(timedelta(hours=web.session_hours).total_seconds()),
        same_site="lax",
        https_only=web.secure_cookies,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if _wants_json(request) or request.method != "GET":
            return JSONResponse({"detail": exc.message}, status_code=403)
        return render(request, "error.html", 403, title="不允许", message=exc.message)

    @app.exception_handler(JianbaoError)
    async def jianbao_error(request: Request, exc: JianbaoError) -> Response:
        status = 404 if exc.code in ("E606", "E703") else 400
        if _wants_json(request):
            return JSONResponse(
                {"code": exc.code, "detail": exc.message, "hint": exc.hint}, status_code=status
            )
        return render(request, "error.html", status, title=exc.code, message=str(exc))

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    return app


def iter_routes(app: FastAPI) -> list[Any]:
    """Every route of ``app`` with its full path (included routers flattened)."""
    found: list[Any] = []

    def walk(routes: list[Any]) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(list(inner.routes))
            else:
                found.append(route)

    walk(list(app.routes))
    return found


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


__all__ = ["create_app", "iter_routes", "render"]
