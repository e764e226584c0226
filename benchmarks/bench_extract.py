"""Extraction quality and speed on the Chinese development pages, scored by the shared scorer.

Runs ``jianbao.extract.extract`` over every page of ../shared/benchdata/extraction-dev (or
--data) with the page's URL, turns each result into the JSON line that ``jianbao extract --json``
prints (``jianbao.cli.extract.article_json``; a page that raises gives the error object, i.e.
empty text), and scores it with that folder's ``eval_extraction.py`` (imported, not copied):
character F1 of the main text, date correct to the day. The figures are compared with FLOORS;
exit status 1 when one is missed. Floors only go up. Without the data the benchmark says so and
exits 0.

    .venv/bin/python benchmarks/bench_extract.py            # in-process, ~30 s on 2 cores
    .venv/bin/python benchmarks/bench_extract.py --cli      # also one `jianbao extract --json`
                                                            # process over all pages (no URLs)
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from jianbao.cli.extract import article_json
from jianbao.errors import JianbaoError
from jianbao.extract import extract
from jianbao.models import Fetched

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchdata" / "extraction-dev"
# Pinned floors on zh_cwced (69 pages), a little below what was measured when they were set
# (chF1 0.940, dDay 0.961 after the date forms of ADR 0003, 2026-12-02; readability-lxml
# alone 0.897, trafilatura 0.734). Floors only go up.
FLOORS: dict[str, float] = {
    "zh_cwced.char_F1": 0.935,
    "zh_cwced.date_day_acc": 0.95,
    "zh_aux.char_F1": 0.97,
}
# No page may come back empty or fail (the acceptance line: no crash, no empty text).
MAX_EMPTY = 0


def load_scorer(data: Path) -> ModuleType | None:
    """The scorer module next to the data, or None when the data is not there."""
    if not (data / "eval_extraction.py").exists():
        return None
    sys.path.insert(0, str(data))
    return importlib.import_module("eval_extraction")


def run_library(pages: list[tuple[str, str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One prediction per page through extract(), as the CLI's JSON line (or error object)."""
    predictions = []
    for _set, _pid, html_path, truth in pages:
        path = Path(html_path)
        fetched = Fetched(
            url=truth.get("url") or path.resolve().as_uri(),
            body=path.read_bytes(),
            fetched_at=datetime.now(),
            path=html_path,
        )
        try:
            predictions.append(article_json(path, extract(fetched)))
        except JianbaoError as exc:
            predictions.append({"path": html_path, "error": {"code": exc.code}})
    return predictions


def run_cli(pages: list[tuple[str, str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One ``jianbao extract --json`` process over all pages (folder mode, no URLs)."""
    exe = Path(sys.executable).with_name("jianbao")
    paths = [html for _s, _p, html, _t in pages]
    done = subprocess.run(
        [str(exe), "extract", "--json", *paths], capture_output=True, check=False, timeout=1800
    )
    by_path = {}
    for line in done.stdout.decode("utf-8").splitlines():
        row = json.loads(line)
        by_path[row["path"]] = row
    return [by_path.get(p, {"error": {"code": "missing"}}) for p in paths]


def score(
    scorer: ModuleType,
    pages: list[tuple[str, str, str, dict[str, Any]]],
    predictions: list[dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    """The scorer's per-set summary for these predictions."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for (name, pid, _html, truth), pred in zip(pages, predictions, strict=True):
        error = pred.get("error")
        row = {"set": name, "id": pid, "error": error, "sec": 0.0}
        row["score"] = scorer.score_page(truth, None if error else pred)
        rows.setdefault(name, []).append(row)
    return {name: scorer.aggregate(set_rows) for name, set_rows in rows.items()}


def report(label: str, summary: dict[str, dict[str, Any]], seconds: float, n: int) -> None:
    """Print one line per set."""
    print(f"# {label}: {n} pages in {seconds:.1f} s = {n / seconds:.2f} pages/s")
    print(f"{'set':<10}{'n':>5}{'errors':>8}{'empty':>7}{'chP':>7}{'chR':>7}{'chF1':>7}{'dDay':>7}")
    for name, agg in sorted(summary.items()):
        day = agg.get("date_day_acc")
        print(
            f"{name:<10}{agg['n']:>5}{agg['errors']:>8}{agg['empty']:>7}"
            f"{agg.get('char_P', 0):>7.3f}{agg.get('char_R', 0):>7.3f}{agg.get('char_F1', 0):>7.3f}"
            f"{day if day is None else format(day, '.3f'):>7}"
        )


def check(summary: dict[str, dict[str, Any]]) -> list[str]:
    """The floors missed, as messages."""
    failures = []
    for key, floor in FLOORS.items():
        name, metric = key.split(".", 1)
        value = summary.get(name, {}).get(metric)
        if value is None or value < floor:
            failures.append(f"{key} {value} < floor {floor}")
    for name, agg in summary.items():
        if agg["empty"] > MAX_EMPTY or agg["errors"]:
            failures.append(f"{name}: {agg['empty']} empty, {agg['errors']} failed pages")
    return failures


def main(argv: list[str] | None = None) -> int:
    """Run, print, compare with FLOORS; 1 when a floor is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cli", action="store_true", help="also score one CLI process")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.data)
    if scorer is None:
        print(f"skipped: no extraction-dev data with eval_extraction.py at {args.data}")
        return 0
    pages = scorer.discover(args.data, [], False, False)
    started = time.perf_counter()
    predictions = run_library(pages)
    seconds = time.perf_counter() - started
    summary = score(scorer, pages, predictions)
    report("extract() with page URLs", summary, seconds, len(pages))
    failures = check(summary)
    if args.cli:
        started = time.perf_counter()
        cli_predictions = run_cli(pages)
        seconds = time.perf_counter() - started
        report(
            "jianbao extract --json, one process",
            score(scorer, pages, cli_predictions),
            seconds,
            len(pages),
        )
    if failures:
        print("FAILED: " + "; ".join(failures))
    else:
        print(f"ok: floors {FLOORS} met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
