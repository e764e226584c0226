"""Helpers for the extract tests: build Fetched records from fixture files or bytes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jianbao.models import Fetched

FILES = Path(__file__).parent.parent / "fixtures" / "files"
FETCHED_AT = datetime(2024, 12, 20, 8, 0)


def fetched_file(name: str) -> Fetched:
    """A Fetched record for a fixture file, as the collect stage makes it for local files."""
    path = FILES / name
    return Fetched(url=path.as_uri(), body=path.read_bytes(), fetched_at=FETCHED_AT, path=str(path))


def fetched_bytes(
    body: bytes,
    content_type: str | None = "html",
    url: str = "https://www.miit.gov.cn/zwgk/art/2024/art_1.html",
    headers: tuple[tuple[str, str], ...] = (),
) -> Fetched:
    """A Fetched record for bytes that came from ``url``."""
    return Fetched(
        url=url, body=body, fetched_at=FETCHED_AT, content_type=content_type, headers=headers
    )
