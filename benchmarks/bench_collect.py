"""Collection speed against the local fixture site (jianbao.collect.fixture_site), politeness off.

Three figures, each compared with FLOORS (exit status 1 when one is missed; floors only go up):

- ``fetch_pages_per_s``: the site's article pages fetched through ``Fetcher`` (robots.txt,
  safety checks, streaming size cap, no extraction), ``--rounds`` times over;
- ``extract_pages_per_s``: those bodies run through ``jianbao.extract.extract``;
- ``collect_pages_per_s``: a whole ``collect()`` of the site into a fresh workspace (discovery,
  fetch, extract, attachments, store with its full-text index), articles stored per second of
  the run. The site's failure cases (timeouts, 10 MB page, …) run concurrently with the rest.

Politeness is off: ``delay_seconds = 0``, ``concurrency_per_host = 16``; the slow page answers
after 1.5 s against a 1 s timeout so that it does not dominate.

    .venv/bin/python benchmarks/bench_collect.py
    .venv/bin/python benchmarks/bench_collect.py --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from jianbao.collect import collect
from jianbao.collect.fetch import Fetcher
from jianbao.collect.fixture_site import serve_fixture_site, write_fixture_sources
from jianbao.extract import extract
from jianbao.models import Fetched
from jianbao.settings import CollectSettings, init_workspace, load_workspace
from jianbao.store import Store

# Pinned floors, about half of what the 2-core development machine measured on 2026-12-02
# (fetch 304-390 pages/s, extract 71-85 pages/s, collect 35-37 articles/s; earlier, while other
# jobs shared it: 129 / 22.6 / 14.8, docs/decisions/0004-fetcher.md). Floors only go up.
FLOORS: dict[str, float] = {
    "fetch_pages_per_s": 150.0,
    "extract_pages_per_s": 35.0,
    "collect_pages_per_s": 16.0,
}

FAST = {
    "allow_private_addresses": "true",
    "concurrency_per_host": "16",
    "delay_seconds": "0",
    "timeout_seconds": "1.0",
    "retries": "1",
    "backoff_seconds": "0.01",
}


async def _fetch_all(urls: list[str]) -> list[Fetched]:
    settings = CollectSettings(
        allow_private_addresses=True,
        concurrency_per_host=16,
        delay_seconds=0,
        retries=1,
        backoff_seconds=0,
    )
    async with Fetcher(settings) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
    fetched = [r.fetched for r in results if r.fetched is not None]
    if len(fetched) != len(urls):
        raise SystemExit(f"only {len(fetched)} of {len(urls)} pages fetched")
    return fetched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="fetch/extract rounds (default 3)")
    args = parser.parse_args(argv)
    figures: dict[str, float] = {}
    with serve_fixture_site(slow_seconds=1.5) as site:
        urls = [site.url + p for p in site.article_paths.values()]
        started = time.perf_counter()
        pages: list[Fetched] = []
        for _ in range(args.rounds):
            pages = asyncio.run(_fetch_all(urls))
        seconds = time.perf_counter() - started
        figures["fetch_pages_per_s"] = len(urls) * args.rounds / seconds
        print(f"fetch:   {len(urls) * args.rounds} pages in {seconds:.2f} s")

        started = time.perf_counter()
        for _ in range(args.rounds):
            for page in pages:
                extract(page)
        seconds = time.perf_counter() - started
        figures["extract_pages_per_s"] = len(pages) * args.rounds / seconds
        print(f"extract: {len(pages) * args.rounds} pages in {seconds:.2f} s")

        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "ws"
            init_workspace(root)
            write_fixture_sources(root, site.url, FAST)
            workspace = load_workspace(root)
            with Store.open(workspace.database_url) as store:
                report = collect(store, workspace.config.sources, workspace.config.collect)
            figures["collect_pages_per_s"] = report.stored / report.seconds
            print(
                f"collect: {report.stored} articles stored in {report.seconds:.2f} s "
                f"({report.requests} requests; {dict(sorted(report.totals.items()))})"
            )
    failures = []
    for name, value in figures.items():
        print(f"{name:22s} {value:8.1f}   floor {FLOORS[name]:.1f}")
        if value < FLOORS[name]:
            failures.append(f"{name} {value:.1f} < floor {FLOORS[name]:.1f}")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("ok: floors met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
