"""Users: the list for admins, add, change role, disable."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from jianbao.models import EditorAction
from jianbao.store import desk as desk_store
from jianbao.web import render
from jianbao.web.auth import CSRF, Admin, hash_password
from jianbao.web.routes._common import back, desk

router = APIRouter(tags=["users"])
api = APIRouter(prefix="/api", tags=["users"])


@router.get("/users", include_in_schema=False)
def users_page(request: Request, user: Admin) -> Response:
    """Every user and the form to add one."""
    return render(
        request,
        "users.html",
        title="用户",
        users=desk_store.users(desk(request).store),
        roles=desk_store.ROLES,
    )


@router.post("/users", include_in_schema=False, dependencies=[CSRF])
def add_user_page(
    request: Request,
    user: Admin,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    """Create a user."""
    store = desk(request).store
    desk_store.add_user(store, name, role, hash_password(password), replace=False)
    desk_store.record(
        store,
        EditorAction(
            who=user.name,
            at=desk_store.now(),
            action="user_add",
            after={"name": name, "role": role},
        ),
    )
    return back("/users")


@router.post("/users/{name}", include_in_schema=False, dependencies=[CSRF])
def change_user_page(
    request: Request,
    user: Admin,
    name: str,
    role: Annotated[str | None, Form()] = None,
    disabled: Annotated[str | None, Form()] = None,
) -> Response:
    """Change a user's role, or disable / enable the account."""
    store = desk(request).store
    flag = None if disabled is None else disabled == "true"
    desk_store.set_user(store, name, role=role or None, disabled=flag)
    after: dict[str, object] = {"name": name, "role": role, "disabled": flag}
    desk_store.record(
        store, EditorAction(who=user.name, at=desk_store.now(), action="user_change", after=after)
    )
    return back("/users")


@api.get("/users")
def users_api(request: Request, user: Admin) -> list[dict[str, Any]]:
    """Every user (name, role, disabled, dates; never the password hash)."""
    return desk_store.users(desk(request).store)
