"""Golden files for HTML extraction: tests/golden/extract/<fixture>.json.

Every HTML fixture's title, date, text, source, author and winning step (or, for pages that are
not articles, the error code and reason) is compared with its golden file. Rewrite them with
``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jianbao.errors import ExtractError, NotAnArticle
from jianbao.extract import extract
from tests.conftest import GOLDEN, check_golden
from tests.extract.helpers import FILES, fetched_file

HTML_FIXTURES = sorted(p.name for p in FILES.glob("*.html") if p.stat().st_size)


def golden_record(name: str) -> dict[str, object]:
    """What extraction gives for one fixture, in a stable, reviewable form."""
    try:
        article = extract(fetched_file(name))
    except ExtractError as exc:
        return {"error": exc.code, "reason": exc.reason if isinstance(exc, NotAnArticle) else None}
    return {
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "source": article.source_name,
        "author": article.author,
        "extracted_by": article.extracted_by,
        "attachments": [a.title for a in article.attachments],
        "text": article.text.split("\n"),
    }


def test_golden_every_html_fixture_is_covered() -> None:
    assert len(HTML_FIXTURES) >= 10
    stale = {p.stem for p in (GOLDEN / "extract").glob("*.json")} - {
        Path(n).stem for n in HTML_FIXTURES
    }
    assert not stale, f"golden files without a fixture: {sorted(stale)}"


@pytest.mark.parametrize("name", HTML_FIXTURES)
def test_golden_extract(name: str, update_golden: bool) -> None:
    actual = json.dumps(golden_record(name), ensure_ascii=False, indent=1) + "\n"
    check_golden(GOLDEN / "extract" / f"{Path(name).stem}.json", actual, update_golden)
