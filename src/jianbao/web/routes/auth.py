"""Sign in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from jianbao.web import render
from jianbao.web.auth import PUBLIC_CSRF, SESSION_CSRF, SESSION_USER, authenticate, csrf_token
from jianbao.web.routes._common import back, desk

router = APIRouter(tags=["session"])


def _safe_next(value: str | None) -> str:
    # only paths on this site: never //host or a scheme (no open redirect)
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    """The sign-in form."""
    csrf_token(request)
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", include_in_schema=False, dependencies=[PUBLIC_CSRF])
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password; start a fresh session."""
    user = authenticate(desk(request).store, name, password)
    if user is None:
        return render(
            request, "login.html", 401, next=_safe_next(next), error="用户名或密码不正确。"
        )
    request.session.clear()  # a new session id and CSRF token after signing in
    request.session[SESSION_USER] = user.name
    csrf_token(request)
    return back(_safe_next(next))


@router.post("/logout", include_in_schema=False, dependencies=[PUBLIC_CSRF])
def logout(request: Request) -> Response:
    """End the session."""
    request.session.pop(SESSION_USER, None)
    request.session.pop(SESSION_CSRF, None)
    return back("/login")
