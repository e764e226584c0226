"""The desk through its factory: sessions, CSRF, roles, escaping, actions, audit, sources."""

from __future__ import annotations

import io
import json
import re

import docx
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jianbao.archive.workflow import train_template
from jianbao.settings import Workspace, load_workspace
from jianbao.store import Store
from jianbao.store import desk as desk_store
from jianbao.store import examples as example_store
from jianbao.web import iter_routes
from tests.web.conftest import PERIOD, SCRIPT_TITLE, login

PUBLIC = {"/login", "/logout"}


def _routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for route in iter_routes(client.app):  # type: ignore[arg-type]
        if not isinstance(route, APIRoute) or route.path in PUBLIC:
            continue
        path = re.sub(r"\{bulletin_id\}", "1", route.path)
        path = re.sub(r"\{[^}]+\}", "x", path)
        found.extend((method, path) for method in sorted(route.methods))
    return found


def _inbox(client: TestClient) -> dict:
    response = client.get(
        "/api/inbox", params={"template": "default", "from": PERIOD[0], "to": PERIOD[1]}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _form(token: str, **extra: str) -> dict[str, str]:
    return {"csrf_token": token, "template": "default", "from": PERIOD[0], "to": PERIOD[1], **extra}


def test_web_every_route_refuses_without_a_session(app_client: TestClient) -> None:
    routes = _routes(app_client)
    assert len(routes) >= 30  # every page and API route of the desk, not a sample
    for method, path in routes:
        response = app_client.request(method, path)
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login?next="), (method, path)
        else:
            assert response.status_code == 401, (method, path, response.status_code)
        if path.startswith(("/api/", "/docs", "/openapi")):
            assert response.status_code == 401, (method, path)


def test_web_post_without_valid_csrf_is_refused(app_client: TestClient) -> None:
    token = login(app_client, "admin")
    posts = [p for m, p in _routes(app_client) if m == "POST"]
    assert posts
    for path in posts:
        assert app_client.post(path, data={"template": "default"}).status_code == 403, path
        wrong = {"csrf_token": token[::-1]}
        assert app_client.post(path, data=wrong).status_code == 403, path
        assert app_client.post(path, json={}, headers={"X-CSRF-Token": "nope"}).status_code == 403
    with Store.open(load_workspace(app_client.app.state.desk.workspace.root).database_url) as s:  # type: ignore[attr-defined]
        assert [a.action for a in desk_store.audit(s)] == []  # nothing was changed
    # the login form itself needs the token too
    app_client.cookies.clear()
    assert app_client.post("/login", data={"name": "admin", "password": "x"}).status_code == 403


def test_web_script_in_article_shows_as_text(app_client: TestClient) -> None:
    login(app_client, "viewer")
    hit = (
        next(
            a
            for name, items in _inbox(app_client)["sections"].items()
            for a in items
            if "script" in a["title"]
        )
        if any(
            "script" in a["title"]
            for items in _inbox(app_client)["sections"].values()
            for a in items
        )
        else None
    )
    article_id = (
        hit["article_id"]
        if hit
        else app_client.get("/api/search", params={"q": "通信管理局 通报"}).json()[0]["id"]
    )
    page = app_client.get(f"/articles/{article_id}").text
    assert "<script>alert" not in page
    assert "<b>来源</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title, escaped, visible
    assert "&lt;script&gt;alert(" in page.split('class="text"', 1)[1]  # and the body text
    inbox = app_client.get(
        "/inbox", params={"template": "default", "from": PERIOD[0], "to": PERIOD[1]}
    ).text
    assert "<script>alert" not in inbox
    search = app_client.get("/search", params={"q": "通报"}).text
    assert "<script>alert" not in search
    assert "<mark>" in search
    assert SCRIPT_TITLE not in page  # raw markup never reaches the page


def test_web_viewer_cannot_edit(app_client: TestClient) -> None:
    token = login(app_client, "viewer")
    item = next(iter(_inbox(app_client)["sections"].values()))[0]
    response = app_client.post(f"/inbox/{item['article_id']}/reject", data=_form(token))
    assert response.status_code == 403
    response = app_client.post(
        "/api/bulletins/build",
        json={"template": "default", "start": PERIOD[0], "end": PERIOD[1]},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 403
    assert app_client.get("/users").status_code == 403
    assert all(
        i["status"] == "pending" for items in _inbox(app_client)["sections"].values() for i in items
    )


def test_web_editor_actions_build_audit_and_train(
    app_client: TestClient, desk_workspace: Workspace
) -> None:
    token = login(app_client, "editor")
    sections = _inbox(app_client)["sections"]
    filled = [name for name, items in sections.items() if len(items) >= 2]
    assert filled, sections
    moved, rejected = sections[filled[0]][0], sections[filled[0]][1]
    target = next(name for name in sections if name != filled[0])

    def post(aid, action, **kw):
        return app_client.post(f"/inbox/{aid}/{action}", data=_form(token, **kw))  # noqa: E731

    assert post(moved["article_id"], "move", section=target).status_code == 303
    assert (
        post(
            moved["article_id"], "edit", summary="编辑改写的摘要：5G基站达到414.1万个。"
        ).status_code
        == 303
    )
    assert post(rejected["article_id"], "reject").status_code == 303
    assert post(moved["article_id"], "move", section="没有这个栏目").status_code == 400

    after = _inbox(app_client)
    placed = {
        i["article_id"]: (name, i) for name, items in after["sections"].items() for i in items
    }
    assert placed[moved["article_id"]][0] == target
    assert placed[moved["article_id"]][1]["summary"].startswith("编辑改写的摘要")
    assert rejected["article_id"] not in placed
    assert [r["article_id"] for r in after["rejected"]] == [rejected["article_id"]]

    article = app_client.get(f"/articles/{moved['article_id']}").text
    assert "数字核对：原文中找不到" in article  # 414.1 is the editor's number, not the article's
    assert "414.1" in article.split("数字核对", 1)[1]
    audit = app_client.get("/api/audit").json()
    assert [a["action"] for a in audit][:3] == ["reject", "edit", "move"]
    move = audit[2]
    assert move["who"] == "editor"
    assert move["before"]["section"] == filled[0]
    assert move["after"]["section"] == target

    built = app_client.post(
        "/api/bulletins/build",
        json={
            "template": "default",
            "start": PERIOD[0],
            "end": PERIOD[1],
            "formats": ["docx", "html"],
        },
        headers={"X-CSRF-Token": token},
    )
    assert built.status_code == 200, built.text
    bulletin = built.json()
    download = app_client.get(f"/bulletins/{bulletin['pk']}/files/docx")
    assert download.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    assert "编辑改写的摘要：5G基站达到414.1万个。" in text
    assert rejected["title"] not in text
    assert text.index(target) < text.index("编辑改写的摘要")
    preview = app_client.get(f"/bulletins/{bulletin['pk']}/preview")
    assert "sandbox" in preview.headers["content-security-policy"]

    published = app_client.post(
        f"/api/bulletins/{bulletin['pk']}/publish", headers={"X-CSRF-Token": token}
    )
    assert published.json()["approved_by"] == "editor"
    assert published.json()["status"] == "published"

    # the editor's placements are labelled examples that `jianbao train` uses
    with Store.open(desk_workspace.database_url) as store:
        mine = [e for e in example_store.examples(store, "default") if e.origin == "editor"]
        assert {e.section for e in mine} == {target, desk_store.REJECTED_SECTION}
        post(placed[next(iter(placed))][1]["article_id"], "accept")
        post(
            next(i for n, items in after["sections"].items() if n not in (target,) for i in items)[
                "article_id"
            ],
            "accept",
        )
        manifest = train_template(desk_workspace, store, "default")
        usable = [
            e
            for e in example_store.examples(store, "default")
            if e.section != desk_store.REJECTED_SECTION
        ]
        assert manifest["examples"] == len(usable) >= 2


def test_web_sources_checks_typed_urls(app_client: TestClient, desk_workspace: Workspace) -> None:
    token = login(app_client, "admin")
    add = lambda url: app_client.post(  # noqa: E731
        "/sources", data={"csrf_token": token, "name": "工信部", "kind": "feed", "url": url}
    )
    for bad in (
        "http://127.0.0.1:8000/feed.xml",
        "http://10.1.2.3/rss",
        "ftp://1.1.1.1/x",
        "javascript:alert(1)",
    ):
        response = add(bad)
        assert response.status_code == 400, bad
        assert "E105" in response.text, bad
    assert not load_workspace(desk_workspace.root).config.sources
    assert add("https://1.1.1.1/feed.xml").status_code == 303
    config = desk_workspace.config_path.read_text("utf-8")
    assert 'name = "工信部"' in config
    assert "https://1.1.1.1/feed.xml" in config
    response = app_client.post("/sources/工信部", data={"csrf_token": token, "enabled": "false"})
    assert response.status_code == 303
    assert load_workspace(desk_workspace.root).config.sources[0].enabled is False
    api = app_client.get("/api/sources").json()
    assert api[0]["name"] == "工信部"
    assert api[0]["enabled"] is False
    assert "停用" in app_client.get("/sources").text


def test_web_user_add_cli(jianbao, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    result = jianbao(
        "user", "add", "王编辑", "--role", "editor", "--password-stdin", input="long enough pw\n"
    )
    assert result.exit_code == 0, result.output
    short = jianbao("user", "add", "li", "--password-stdin", input="short\n")
    assert short.exit_code == 1
    assert "E702" in short.output
    again = jianbao("user", "add", "王编辑", "--password-stdin", input="long enough pw\n")
    assert again.exit_code == 1
    assert "E701" in again.output
    with Store.open(workspace.database_url) as store:
        row = desk_store.get_user(store, "王编辑")
    assert row is not None
    assert row["role"] == "editor"
    assert row["password_hash"].startswith("$argon2id$")
    assert "long enough" not in row["password_hash"]
    listed = jianbao("user", "list")
    assert "王编辑" in listed.output


def test_web_session_cookie_flags(app_client: TestClient) -> None:
    response = app_client.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    token = login(app_client, "viewer")
    assert token
    assert app_client.get("/docs").status_code == 200
    assert json.loads(app_client.get("/openapi.json").text)["paths"]
    bad = app_client.post(
        "/login", data={"name": "viewer", "password": "wrong", "csrf_token": token}
    )
    assert bad.status_code == 401
    redirect = app_client.get("/login", params={"next": "//evil.example/"})
    assert 'value="/"' in redirect.text


def test_web_every_drop_reason_has_a_chinese_label() -> None:
    from jianbao.bulletin.build import DROP_REASONS
    from jianbao.web.labels import DROPPED_LABELS

    assert set(DROPPED_LABELS) == set(DROP_REASONS)
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in DROPPED_LABELS.values())


def test_web_every_summary_flag_has_a_chinese_label() -> None:
    from importlib import resources

    from jianbao.web.labels import SUMMARY_FLAG_LABELS

    analyze = resources.files("jianbao").joinpath("analyze")
    source = "".join(analyze.joinpath(n).read_text("utf-8") for n in ("summarize.py", "llm.py"))
    flags = set(re.findall(r'"(llm_[a-z_]+)"', source))
    flags |= set(re.findall(r'flags=\("([a-z_]+)"', source))
    flags |= set(re.findall(r'flags\.append\("([a-z_]+)"', source))
    flags |= {"short", "short_source"}  # appended through a conditional expression
    assert flags <= set(SUMMARY_FLAG_LABELS), flags - set(SUMMARY_FLAG_LABELS)


def test_web_source_kinds_and_authorities_have_chinese_labels() -> None:
    from jianbao.web.labels import AUTHORITY_LABELS, SOURCE_KIND_LABELS
    from jianbao.web.routes.sources import AUTHORITIES, KINDS

    assert set(KINDS) <= set(SOURCE_KIND_LABELS)
    assert set(AUTHORITIES) <= set(AUTHORITY_LABELS)
