"""No real article of the shared development set is rejected or comes back empty.

Runs over ../shared/benchdata/extraction-dev when it is there (skipped otherwise); the quality
figures themselves are in benchmarks/bench_extract.py.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from jianbao.extract import extract
from jianbao.models import Fetched

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchdata" / "extraction-dev"
PAGES = sorted(DATA.glob("*/*.html")) if DATA.is_dir() else []


@pytest.mark.skipif(not PAGES, reason=f"no benchmark pages at {DATA}")
def test_benchdata_pages_are_articles_with_text() -> None:
    problems = []
    for page in PAGES:
        fetched = Fetched(
            url=page.as_uri(),
            body=page.read_bytes(),
            fetched_at=datetime(2024, 12, 20),
            path=str(page),
        )
        try:
            article = extract(fetched)
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            problems.append(f"{page.parent.name}/{page.name}: {exc}")
            continue
        if len(article.text) < 50:
            problems.append(f"{page.parent.name}/{page.name}: only {len(article.text)} characters")
    assert not problems, "\n".join(problems)
