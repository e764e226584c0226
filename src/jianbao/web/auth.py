"""Sign-in, roles and CSRF for the editor's desk.

Passwords are argon2id hashes (argon2-cffi). The session is Starlette's signed cookie
(itsdangerous) holding the user name and a per-session CSRF token; the signing secret is made
once per workspace and kept in ``data/web_secret`` (mode 0600). Every route depends on
``require(role)``; every state-changing route also on ``check_csrf``, which accepts the token
from the ``X-CSRF-Token`` header (htmx, the JSON API) or the ``csrf_token`` form field.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request

from jianbao.errors import DeskError
from jianbao.store import Store
from jianbao.store import desk as desk_store

MIN_PASSWORD = 8  # characters; a desk reachable from an office network needs at least this
ROLE_RANK = {"viewer": 0, "editor": 1, "admin": 2}
SESSION_USER, SESSION_CSRF = "user", "csrf"
_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class User:
    """The signed-in user."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user has ``role`` or a higher one."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


class NotSignedIn(Exception):
    """No valid session: pages redirect to /login, the API answers 401."""


class Forbidden(Exception):
    """Signed in, but the role (or the CSRF token) does not allow this request."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (E702 when it is shorter than MIN_PASSWORD)."""
    if len(password) < MIN_PASSWORD:
        raise DeskError(
            f"the password has {len(password)} characters; at least {MIN_PASSWORD} are needed.",
            code="E702",
            hint="Choose a longer password.",
        )
    return _hasher.hash(password)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs and the account is enabled, else None."""
    row = desk_store.get_user(store, name.strip())
    if row is None or row["disabled"]:
        _hasher.hash(password or "-")  # spend the same time: do not reveal which names exist
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row["password_hash"]):
        desk_store.rehash_password(store, row["name"], _hasher.hash(password))
    return User(row["name"], row["role"])


def session_secret(data_dir: Path) -> str:
    """The workspace's cookie-signing secret, created on first use (data/web_secret, 0600)."""
    path = data_dir / "web_secret"
    if path.exists():
        value = path.read_text("utf-8").strip()
        if len(value) >= 32:
            return value
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use, also before signing in)."""
    session: dict[str, Any] = request.session
    token = session.get(SESSION_CSRF)
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        session[SESSION_CSRF] = token
    return token


def current_user(request: Request) -> User:
    """The signed-in user, checked against the store on every request (disabling is instant)."""
    name = request.session.get(SESSION_USER)
    if not isinstance(name, str):
        raise NotSignedIn()
    cache: dict[str, User | None] = request.state.__dict__.setdefault("_users", {})
    if name not in cache:
        row = desk_store.get_user(request.app.state.desk.store, name)
        cache[name] = None if row is None or row["disabled"] else User(row["name"], row["role"])
    user = cache[name]
    if user is None:
        request.session.clear()
        raise NotSignedIn()
    request.state.user = user
    return user


def require(role: str) -> Any:
    """A dependency: the signed-in user, who must have ``role`` or a higher one."""

    def dependency(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.can(role):
            raise Forbidden(f"this needs the {role} role; {user.name} is {user.role}.")
        return user

    return dependency


Viewer = Annotated[User, Depends(require("viewer"))]
Editor = Annotated[User, Depends(require("editor"))]
Admin = Annotated[User, Depends(require("admin"))]


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token does not match the session's."""
    expected = request.session.get(SESSION_CSRF)
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise Forbidden("the form was stale or forged (CSRF token missing or wrong); reload it.")


async def check_signed_in_csrf(
    request: Request, _user: Annotated[User, Depends(current_user)]
) -> None:
    """Sign-in first (401 / redirect), then the CSRF token (403)."""
    await check_csrf(request)


CSRF = Depends(check_signed_in_csrf)  # every state-changing route of a signed-in user
PUBLIC_CSRF = Depends(check_csrf)  # the sign-in and sign-out forms
