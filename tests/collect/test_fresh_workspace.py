"""Collecting into a fresh workspace: private-address refusal and a dry run that stores nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from jianbao import __version__
from jianbao.collect.fetch import DOCS_URL, Fetcher
from jianbao.collect.fixture_site import FixtureSite, serve_fixture_site, write_fixture_sources
from jianbao.settings import CollectSettings, Workspace, load_workspace
from jianbao.store import Store
from tests.conftest import Jianbao


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with serve_fixture_site(slow_seconds=0.1) as served:
        yield served


def test_private_addresses_are_refused_unless_allowed(site: FixtureSite) -> None:
    async def fetch(allow: bool) -> tuple[str, str | None]:
        settings = CollectSettings(allow_private_addresses=allow, delay_seconds=0, retries=0)
        async with Fetcher(settings) as fetcher:
            result = await fetcher.fetch(site.url + "/xwdt/index.html")
        return result.reason, result.error.code if result.error else None

    assert asyncio.run(fetch(False)) == ("blocked_url", "E105")
    assert site.log == []  # refused before any request, robots.txt included
    assert asyncio.run(fetch(True)) == ("ok", None)
    assert site.log == ["/robots.txt", "/xwdt/index.html"]
    assert site.agents == [f"jianbao/{__version__} (+{DOCS_URL})"] * 2


def test_collect_refuses_the_local_site_by_default(site: FixtureSite, workspace: Workspace) -> None:
    write_fixture_sources(workspace.root, site.url, {"allow_private_addresses": "false"})
    result = Jianbao(load_workspace(workspace.root))("collect", "--json")
    assert result.exit_code == 1  # every source failed
    report = json.loads(result.output)
    assert report["all_failed"] is True
    for source in report["sources"]:
        assert not source["ok"]
        assert (source["error"] or "").startswith("E105") or source["counts"] == {"blocked_url": 1}
    assert site.log == []


def test_dry_run_stores_nothing(site: FixtureSite, workspace: Workspace) -> None:
    write_fixture_sources(workspace.root, site.url)
    ws = load_workspace(workspace.root)
    result = Jianbao(ws)("collect", "--dry-run", "--source", "fixture-rss")
    assert result.exit_code == 0
    assert "15 URL(s) would be fetched" in result.output
    assert site.log == ["/robots.txt", "/rss.xml"]
    with Store.open(ws.database_url) as store:
        assert store.count_articles() == 0
