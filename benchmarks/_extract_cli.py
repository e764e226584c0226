"""Adapter between jianbao.extract and the extraction scorer (eval_extraction.py).

Two ways to use it:
    eval_extraction.py --func benchmarks._extract_cli:score_page     (in-process, from repo root)
    eval_extraction.py --cmd ".venv/bin/python benchmarks/_extract_cli.py {html} {url}"
Prints/returns {"title", "date", "text"}; an ExtractError gives empty text.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

from jianbao.errors import ExtractError
from jianbao.extract import extract
from jianbao.models import Fetched

# The zh_cwced pages are wrapped in <text id=... encoding=...> by that dataset.
_WRAPPER = re.compile(rb"^\s*<text\b[^>]*>", re.I)


def score_page(body: bytes, url: str | None = None) -> dict[str, str | None]:
    """Run extract() on one page and answer in the scorer's format."""
    fetched = Fetched(
        url=url or "",
        body=_WRAPPER.sub(b"", body, count=1),
        fetched_at=datetime.now(),
        content_type="html",
    )
    try:
        article = extract(fetched)
    except ExtractError:
        return {"title": None, "date": None, "text": ""}
    date = article.published.isoformat() if article.published else None
    return {"title": article.title, "date": date, "text": article.text}


def main(argv: list[str]) -> int:
    """Print the scorer's JSON for the HTML file argv[0] (page URL in argv[1], optional)."""
    body = Path(argv[0]).read_bytes()
    print(json.dumps(score_page(body, argv[1] if len(argv) > 1 else None), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
