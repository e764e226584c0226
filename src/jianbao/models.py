"""Typed, frozen records passed between the pipeline stages.

``collect`` produces :class:`Fetched`, ``extract`` turns it into :class:`Article`, the store keeps
both; ``search`` answers with :class:`SearchHit`; ``bulletin`` builds :class:`Bulletin`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Language = Literal["zh", "en", "other"]


def stable_id(key: str) -> str:
    """A 16-hex-digit id derived from ``key`` (a canonical URL or a content hash)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """SHA-256 of normalised text: equal texts give equal hashes whatever their encoding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Fetched:
    """Raw bytes as they arrived, from a file or a URL, with what is known about them."""

    url: str
    body: bytes
    fetched_at: datetime
    final_url: str | None = None
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str | None = None  # "html", "text", "markdown", "docx", "pdf"
    source: str | None = None
    path: str | None = None  # set when read from a local file


@dataclass(frozen=True, slots=True)
class Attachment:
    """A linked document (PDF/DOC/DOCX/WPS/OFD) found on an article page."""

    url: str
    title: str = ""
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One extracted article: what every later stage works on."""

    id: str
    url: str
    title: str
    text: str
    content_hash: str
    canonical_url: str | None = None
    published: datetime | None = None
    author: str | None = None
    source_name: str | None = None  # the 来源 line or the configured source
    language: Language = "zh"
    extracted_by: str = ""
    attachments: tuple[Attachment, ...] = ()
    encoding: str | None = None
    # Set when the input was damaged but something could be kept (feedparser's bozo bit).
    malformed: bool = False
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result.

    ``snippet`` is ~100 characters of the body with each matched word wrapped in ``"\x02"`` …
    ``"\x03"`` (store.search.HIGHLIGHT_START / HIGHLIGHT_END): escape the rest, then replace
    them with colour or ``<mark>``.
    """

    id: str
    title: str
    url: str
    published: datetime | None
    snippet: str
    score: float
    source_name: str | None = None


@dataclass(frozen=True, slots=True)
class BulletinItem:
    """One item of a bulletin: an article placed in a section."""

    article_id: str
    section: str
    title: str
    summary: str
    url: str
    position: int = 0
    tag: str | None = None
    text: str | None = None
    published: datetime | None = None
    source_name: str | None = None


@dataclass(frozen=True, slots=True)
class Bulletin:
    """A bulletin issue: ordered sections of items for a period."""

    template: str
    title: str
    period_start: datetime
    period_end: datetime
    items: tuple[BulletinItem, ...]
    sections: tuple[str, ...]
    issue_label: str = ""
    organisation: str = ""
    layout: str = "digest"
    id: int | None = None
    status: str = "draft"
    created_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)
