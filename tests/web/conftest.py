"""A desk workspace: the bundled sample articles of December 2024 and three users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from jianbao.demo import sample_articles
from jianbao.models import Article, content_hash, stable_id
from jianbao.settings import Workspace
from jianbao.store import Store
from jianbao.store import desk as desk_store
from jianbao.web import create_app
from jianbao.web.auth import hash_password

PERIOD = ("2024-12-01", "2024-12-31")
PASSWORD = "correct horse battery"
SCRIPT_TITLE = "某省通信管理局通报 <script>alert(1)</script> 网站"


def _articles() -> list[Article]:
    found = []
    for n, row in enumerate(sample_articles()):
        if row["seed"] != "002":
            continue
        day = datetime.fromisoformat(row["published"]) if row["published"] else None
        day = day or datetime(2024, 12, 1 + n % 18, 9)
        found.append(
            Article(
                id=stable_id(row["url"]),
                url=row["url"],
                title=row["title"],
                text=row["text"],
                content_hash=content_hash(row["title"] + "\n" + row["text"]),
                published=day,
                source_name=row["source_name"] or "工信部",
            )
        )
    text = "通报指出<script>alert('x')</script>，要求各基础电信企业加强网络安全防护。" * 4
    url = "https://www.miit.example/2024/12/script.html"
    found.append(
        Article(
            id=stable_id(url),
            url=url,
            title=SCRIPT_TITLE,
            text=text,
            content_hash=content_hash(SCRIPT_TITLE + text),
            published=datetime(2024, 12, 20),
            source_name="<b>来源</b>",
        )
    )
    return found


@pytest.fixture
def desk_workspace(workspace: Workspace) -> Workspace:
    """A workspace with the December 2024 sample articles and users admin / editor / viewer."""
    with Store.open(workspace.database_url) as store:
        list(store.upsert_articles((a, None) for a in _articles()))
        hashed = hash_password(PASSWORD)
        for name in ("admin", "editor", "viewer"):
            desk_store.add_user(store, name, name, hashed, replace=False)
    return workspace


@pytest.fixture
def app_client(desk_workspace: Workspace) -> Iterator[TestClient]:
    store = Store.open(desk_workspace.database_url)
    with TestClient(create_app(desk_workspace, store=store), follow_redirects=False) as client:
        yield client
    store.close()


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session, read from a page's hidden field."""
    import re

    page = client.get("/search")
    if page.status_code != 200:  # not signed in yet: the sign-in form has the token
        page = client.get("/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    return match.group(1)


def login(client: TestClient, name: str) -> str:
    """Sign ``name`` in; return the session's CSRF token."""
    token = csrf_of(client)
    response = client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/"}
    )
    assert response.status_code == 303, response.text[:300]
    return csrf_of(client)
