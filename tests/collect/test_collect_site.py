"""Collecting the fixture web site end to end: a real HTTP server on 127.0.0.1, a real store.

One module-scoped run pair (library first, CLI second) feeds most tests; the server's request
log proves what was and was not asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jianbao.collect import CollectReport, collect
from jianbao.collect.fixture_site import (
    GBK_NOTICES,
    JSON_LIST,
    POLICY,
    SITEMAP_ONLY,
    FixtureSite,
    serve_fixture_site,
    write_fixture_sources,
)
from jianbao.demo import sample_articles
from jianbao.models import stable_id
from jianbao.settings import Workspace, init_workspace, load_workspace
from jianbao.store import Store
from tests.conftest import Jianbao

# Short enough to keep the suite fast, long enough that a busy 2-core machine does not time out
# on the healthy pages; the slow page answers after SLOW seconds, past the timeout.
COLLECT = {"timeout_seconds": "1.0", "retries": "1", "backoff_seconds": "0.05"}
SLOW = 2.5


@dataclass
class Runs:
    site: FixtureSite
    workspace: Workspace
    first: CollectReport
    first_log: list[str]
    second_log: list[str]
    second_output: str
    second_exit: int

    def source(self, name: str) -> object:
        return next(s for s in self.first.sources if s.name == name)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    with serve_fixture_site(slow_seconds=SLOW) as site:
        root = tmp_path_factory.mktemp("collect") / "ws"
        init_workspace(root)
        write_fixture_sources(root, site.url, COLLECT)
        workspace = load_workspace(root)
        with Store.open(workspace.database_url) as store:
            first = collect(store, workspace.config.sources, workspace.config.collect)
        first_log = list(site.log)
        result = Jianbao(workspace)("collect")
        second_log = site.log[len(first_log) :]
        yield Runs(site, workspace, first, first_log, second_log, result.output, result.exit_code)


def _report(runs: Runs, name: str):  # type: ignore[no-untyped-def]
    return next(s for s in runs.first.sources if s.name == name)


def test_collect_stores_every_article_page_exactly_once(runs: Runs) -> None:
    paths = runs.site.article_paths
    assert len(paths) == len(sample_articles())
    with Store.open(runs.workspace.database_url) as store:
        assert store.count_articles() == len(paths)
        for path in paths.values():
            article = store.get_article(stable_id(runs.site.url + path))
            assert article is not None, f"{path} was not stored under its URL id"
            assert article.text
    everything = runs.first_log + runs.second_log
    for path in paths.values():
        if path == "/zcfb/policy.html":  # a "page" source: asked again, conditionally (304)
            assert runs.first_log.count(path) == runs.second_log.count(path) == 1
            continue
        expected = 2 if path == "/xwdt/flaky.html" else 1  # 500 first, then the page
        assert everything.count(path) == expected, path
    # the share link with tracking parameters was the same article: never fetched separately
    assert not any("utm_source" in p for p in everything)
    # Links repeated within one source are merged when its lists are read; the same article
    # listed by two sources is fetched once and counted against whichever source came second
    # (sources run concurrently, so which one that is varies from run to run).
    assert sum(s.counts["duplicate_in_run"] for s in runs.first.sources) >= 1


def test_second_run_fetches_nothing_new_and_says_so(runs: Runs) -> None:
    assert runs.second_exit == 0
    assert "Nothing new" in runs.second_output
    stored = set(runs.site.article_paths.values())
    fetched_again = stored & set(runs.second_log) - {"/zcfb/policy.html"}
    assert not fetched_again, "a stored article page was fetched again"
    # list pages, feeds and sitemaps were asked for conditionally and answered 304
    with Store.open(runs.workspace.database_url) as store:
        assert store.count_articles() == len(stored)
    result = Jianbao(runs.workspace)("sources", "--json")
    health = {row["name"]: row for row in map(json.loads, result.output.splitlines())}
    assert health["fixture-rss"]["last_run"].get("not_modified") == 1
    assert health["fixture-rss"]["last_run"].get("already_stored") == 15
    assert health["fixture-rss"]["items_last_run"] == 0
    assert health["fixture-policy"]["last_run"] == {"not_modified": 1}


def test_robots_disallowed_path_is_never_requested(runs: Runs) -> None:
    everything = runs.first_log + runs.second_log
    assert "/robots.txt" in everything
    assert not [p for p in everything if p.startswith("/private/")]
    assert _report(runs, "fixture-gov-news").counts["robots_disallowed"] == 1


def test_every_failure_case_is_recorded_against_its_source(runs: Runs) -> None:
    news = _report(runs, "fixture-gov-news")
    for reason in ("http_404", "timeout", "redirect_loop", "too_large", "truncated"):
        assert news.counts[reason] == 1, (reason, dict(news.counts))
    assert news.ok  # its good pages were stored, so the source itself is healthy
    assert runs.first_log.count("/xwdt/slow.html") == 2  # a timeout is retried once
    assert runs.first_log.count("/xwdt/huge.html") == 1  # too large: not retried
    gone = _report(runs, "fixture-gone")
    assert not gone.ok
    assert gone.error
    assert gone.error.startswith("E107")
    # the run completed: every source reported, the others stored their articles
    assert {s.name for s in runs.first.sources} == {s.name for s in runs.workspace.config.sources}
    assert not runs.first.all_failed
    result = Jianbao(runs.workspace)("sources", "--json")
    health = {row["name"]: row for row in map(json.loads, result.output.splitlines())}
    assert health["fixture-gone"]["consecutive_failures"] == 2
    assert health["fixture-gone"]["last_success"] is None
    assert "E107" in health["fixture-gone"]["last_error"]
    news_error = health["fixture-gov-news"]["last_error"]
    for reason in ("http_404", "timeout", "redirect_loop", "too_large", "truncated"):
        assert reason in news_error
    assert health["fixture-gov-news"]["consecutive_failures"] == 0
    table = Jianbao(runs.workspace)("sources")
    assert table.exit_code == 0
    assert "fixture-gone" in table.output
    assert "never" in table.output
    assert "E107" in table.output  # the last error is shown, not squeezed out of the table


def test_malformed_feed_yields_parseable_items_and_is_flagged(runs: Runs) -> None:
    bad = _report(runs, "fixture-bad-feed")
    assert len(bad.discovered) == 3
    assert bad.problem
    assert "malformed feed" in bad.problem
    assert bad.ok
    result = Jianbao(runs.workspace)("sources", "--json")
    health = {row["name"]: row for row in map(json.loads, result.output.splitlines())}
    assert health["fixture-bad-feed"]["malformed"] is True  # still flagged after a 304
    assert health["fixture-rss"]["malformed"] is False


def test_gbk_list_page_and_articles_are_decoded(runs: Runs) -> None:
    samples = sample_articles()
    gbk = _report(runs, "fixture-gbk-notices")
    assert [i.title for i in gbk.discovered] == [samples[i]["title"] for i in GBK_NOTICES]
    with Store.open(runs.workspace.database_url) as store:
        for i in GBK_NOTICES:
            path = runs.site.article_paths[samples[i]["id"]]
            article = store.get_article(stable_id(runs.site.url + path))
            assert article is not None
            assert "\ufffd" not in article.title + article.text
            first_line = samples[i]["text"].split("\n")[0].strip()
            assert first_line[:20] in article.text


def test_json_list_sitemap_and_dates(runs: Runs) -> None:
    samples = sample_articles()
    listing = _report(runs, "fixture-json-list")
    assert len(listing.discovered) == len(JSON_LIST)
    dated = [i for i in listing.discovered if i.published]
    expected = [samples[i]["published"] for i in JSON_LIST if samples[i].get("published")]
    assert sorted(f"{i.published:%Y-%m-%d}" for i in dated) == sorted(expected)
    sitemap = _report(runs, "fixture-sitemap")
    assert len(sitemap.discovered) == len(SITEMAP_ONLY) + 10
    assert runs.site.requested("/api/list.json?page=3") >= 1  # the empty page ends pagination
    assert runs.site.requested("/api/list.json?page=4") == 0


def test_policy_page_attachments_are_fetched_and_read(runs: Runs) -> None:
    with Store.open(runs.workspace.database_url) as store:
        article = store.get_article(stable_id(runs.site.url + "/zcfb/policy.html"))
    assert article is not None
    assert article.title == sample_articles()[POLICY]["title"]
    texts = {Path(a.url).suffix: a.text or "" for a in article.attachments}
    assert set(texts) == {".pdf", ".docx"}
    assert "5G" in texts[".pdf"]
    assert "5G" in texts[".docx"]


def test_since_and_dry_run_list_without_fetching(runs: Runs) -> None:
    before = len(runs.site.log)
    result = Jianbao(runs.workspace)(
        "collect", "--source", "fixture-gbk-notices", "--since", "2024-01-01", "--dry-run", "--json"
    )
    assert result.exit_code == 0
    report = json.loads(result.output)
    samples = sample_articles()
    older = sum(
        1
        for i in GBK_NOTICES
        if samples[i].get("published") and samples[i]["published"] < "2024-01-01"
    )
    assert older > 0
    assert report["totals"]["older_than_since"] == older
    assert report["dry_run"] is True
    assert runs.site.log[before:] == ["/robots.txt", "/tzgg/index.html"]  # no article page


def test_unknown_source_and_all_failed_exit_codes(runs: Runs) -> None:
    unknown = Jianbao(runs.workspace)("collect", "--source", "no-such-source")
    assert unknown.exit_code == 1
    assert "E113" in unknown.output
    failed = Jianbao(runs.workspace)("collect", "--source", "fixture-gone")
    assert failed.exit_code == 1
    check = Jianbao(runs.workspace)("sources", "check", "fixture-bad-feed")
    assert check.exit_code == 0
    assert "flagged" in check.output
