"""End to end in a real browser: Debian's chromium driven by Playwright against `uvicorn`.

On the workspace that `jianbao demo` builds (collected, processed, trained), signs in with the
account the demo prints, opens the inbox of the demo period (December 2024, the digest
bulletin), moves an item to another section, edits its summary, rejects another, builds the
bulletin and downloads the DOCX, which python-docx reads back. Screenshots of the inbox and of
the bulletin preview are saved under the test's tmp folder.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
import uvicorn

from jianbao.demo import run_demo
from jianbao.settings import Workspace, load_workspace
from jianbao.store import Store
from jianbao.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Workspace, str, str, str]:
    """The demo's workspace, its desk account and password, and the inbox path it prints."""
    report = run_demo(tmp_path / "out")
    assert report.desk_password
    assert report.desk_inbox.startswith("/inbox?")
    return (
        load_workspace(report.workspace),
        report.desk_user,
        report.desk_password,
        report.desk_inbox,
    )


@pytest.fixture
def server(demo: tuple[Workspace, str, str, str]) -> Iterator[str]:
    workspace = demo[0]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = Store.open(workspace.database_url)
    config = uvicorn.Config(
        create_app(workspace, store=store), host="127.0.0.1", port=port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(10)
    store.close()


def test_browser_review_build_and_download(
    server: str, demo: tuple[Workspace, str, str, str], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    _, user, password, inbox = demo
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="zh-CN"
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(server + inbox)
        assert "/login" in page.url  # no session: sent to sign in
        page.fill("input[name=name]", user)
        page.fill("input[name=password]", password)
        page.click("button.primary")
        page.wait_for_url("**/inbox?**")
        expect(page.locator("h1")).to_contain_text("待审")
        page.screenshot(path=str(tmp_path / "inbox.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        page.screenshot(path=str(tmp_path / "inbox-phone.png"))
        page.set_viewport_size({"width": 1280, "height": 900})

        # the first section with two items: move its first item, reject its second
        section = (
            page.locator("section.section[data-section]")
            .filter(has=page.locator("article.item >> nth=1"))
            .first
        )
        origin = section.get_attribute("data-section")
        items = section.locator("article.item")
        moved_id = items.nth(0).get_attribute("data-article")
        rejected_id = items.nth(1).get_attribute("data-article")
        rejected_title = items.nth(1).locator("h3 a").inner_text()
        names = page.locator("section.section[data-section]").evaluate_all(
            "els => els.map(e => e.dataset.section)"
        )
        target = next(n for n in names if n != origin)

        card = page.locator(f"#item-{moved_id}")
        card.locator("form.move select").select_option(target)
        card.locator("form.move button").click()
        moved = page.locator(f'section[data-section="{target}"] #item-{moved_id}')
        expect(moved).to_be_visible()

        summary = "编辑部改写：全国5G基站总数达到414.1万个，同比增长。"
        moved.locator("details.edit summary").click()
        moved.locator("textarea[name=summary]").fill(summary)
        moved.locator("details.edit button.primary").click()
        expect(page.locator(f"#item-{moved_id} .summary")).to_have_text(summary)

        page.locator(f"#item-{rejected_id} button.danger").click()
        expect(page.locator(f"section.rejected #item-{rejected_id}")).to_be_visible()

        page.click("#build")
        page.wait_for_url("**/bulletins/*", timeout=60_000)
        frame = page.frame_locator("iframe.preview")
        expect(frame.locator("body")).to_contain_text(summary)
        page.screenshot(path=str(tmp_path / "bulletin.png"), full_page=True)

        with page.expect_download() as info:
            page.click("a[href$='/files/docx']")
        target_file = tmp_path / "bulletin.docx"
        info.value.save_as(target_file)
        browser.close()

    text = "\n".join(p.text for p in docx.Document(str(target_file)).paragraphs)
    assert summary in text
    assert rejected_title not in text
    assert text.index(target) < text.index(summary)
    assert (tmp_path / "inbox.png").stat().st_size > 10_000
    assert (tmp_path / "bulletin.png").stat().st_size > 10_000
