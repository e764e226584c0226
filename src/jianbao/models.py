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
    subsection: str | None = None  # the tagged layout's (一) 政策发布 level


@dataclass(frozen=True, slots=True)
class BulletinStyle:
    """How a bulletin looks: fonts and the fields each item shows (from its template)."""

    heading_font: str = "黑体"
    body_font: str = "仿宋"
    latin_font: str = "Times New Roman"
    body_size: float = 12.0
    # Shown below each item's title, in this order (tag, summary, text, source, source_name,
    # date); empty means the layout's own choice (render._context.LAYOUT_FIELDS).
    fields: tuple[str, ...] = ()


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
    issue_number: int | None = None
    total_number: int | None = None
    total_label: str = ""  # 总第56期
    style: BulletinStyle = field(default_factory=BulletinStyle)
    approved_by: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ArchiveItem:
    """One item of a past bulletin, as its layout gives it (None where it has no such field)."""

    section: str
    title: str
    subsection: str | None = None
    tag: str | None = None
    text: str | None = None  # the full text (monthly, tagged layouts)
    summary: str | None = None  # the 内容 line (digest layout)
    source: str | None = None  # the 来源 URL (digest layout)


@dataclass(frozen=True, slots=True)
class ParsedBulletin:
    """A past bulletin read back: its layout, metadata, ordered sections and items.

    ``problems`` lists what could not be read (a TOC entry missing from the body …): the items
    that could be read are still there, flagged like feedparser's bozo bit.
    """

    layout: str  # monthly / tagged / digest
    items: tuple[ArchiveItem, ...]
    sections: tuple[str, ...]
    title: str | None = None
    issue: str | None = None  # 期号, e.g. 2024年第12期
    date: str | None = None  # as printed, e.g. 2024年12月
    path: str | None = None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Example:
    """A labelled example of a template: an item an editor put into a section."""

    template: str
    section: str
    title: str
    text: str
    subsection: str | None = None
    tag: str | None = None
    summary: str | None = None
    source_url: str | None = None
    origin: str = ""  # archive file name, or "editor"


@dataclass(frozen=True, slots=True)
class Region:
    """Where an article is about: a province and city, 全国, or a foreign country."""

    scope: Literal["home", "province", "national", "abroad", "unknown"]
    province: str | None = None
    city: str | None = None
    country: str | None = None

    @property
    def label(self) -> str:
        """How an editor writes it: 广东·深圳, 全国, 美国."""
        if self.country:
            return self.country
        if self.province:
            return self.province + (f"·{self.city}" if self.city else "")
        return "全国" if self.scope == "national" else ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What ``analyze`` says about one article for one template."""

    template: str
    section: str
    section_scores: dict[str, float]
    tags: tuple[str, ...]
    region: Region
    relevance: float
    relevant: bool
    reason: str
    model_version: str | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    """One story told by several articles (reposts, shortened versions, new headlines).

    ``representative_id`` is the member from the most authoritative source, then the earliest,
    then the fullest; ``member_ids`` keeps every member (its length is a signal of importance).
    """

    id: str
    representative_id: str
    member_ids: tuple[str, ...]

    @property
    def size(self) -> int:
        """How many articles tell this story."""
        return len(self.member_ids)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named thing in an article: an organisation, a policy document or a place.

    ``kind`` is ``org`` (``subtype`` government / company / university / institute / other),
    ``document`` (``subtype`` policy / report / standard / other; ``issuer`` and ``doc_number``
    such as 工信部科〔2024〕12号 when the text gives them) or ``place`` (``subtype`` province /
    city / country).
    """

    kind: Literal["org", "document", "place"]
    name: str
    subtype: str = "other"
    count: int = 1
    issuer: str | None = None
    doc_number: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure an article states: 5G基站总数 414.1万个; 市场规模 27.93亿元，同比增长11.6%."""

    subject: str
    value: str  # as written (414.1), never reformatted
    unit: str  # 万个, 亿元, %, ...
    change: str | None = None  # 同比增长11.6% as written
    change_value: float | None = None  # +11.6 (percent or the change's own unit), signed
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class SummaryResult:
    """A 内容 summary, how it was made, and why a fallback was used (``flags``).

    ``method`` is ``extractive`` or ``llm``; ``flags`` holds codes such as ``llm_timeout``,
    ``llm_malformed``, ``llm_number_mismatch`` (the LLM answer was discarded) or
    ``number_mismatch`` (the summary itself failed the number check: never stored silently).
    """

    summary: str
    method: str = "extractive"
    flags: tuple[str, ...] = ()
    unsupported_numbers: tuple[str, ...] = ()


Decision = Literal["pending", "accepted", "rejected"]


@dataclass(frozen=True, slots=True)
class ItemDecision:
    """The editor's word on one article for one template (the desk): status and overrides.

    ``section`` set means the item goes there (moved or accepted into it); ``title``, ``tag``
    and ``summary`` replace what analysis proposed; ``position`` orders items in a section.
    """

    article_id: str
    template: str
    status: Decision = "pending"
    section: str | None = None
    title: str | None = None
    tag: str | None = None
    summary: str | None = None
    position: int | None = None
    updated_by: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True, slots=True)
class EditorAction:
    """One recorded editor action: who, when, what, on what, and the state before and after."""

    who: str
    at: str
    action: str  # accept / reject / move / edit / reorder / build / publish / user / source
    template: str | None = None
    article_id: str | None = None
    bulletin_id: int | None = None
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)
