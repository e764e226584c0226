"""DOCX (python-docx) and PDF (pypdf) documents: text in reading order, title, date.

PDF text comes out one layout line at a time; :func:`join_wrapped_lines` puts paragraphs back
together and :func:`drop_page_furniture` removes running headers, footers and page numbers.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jianbao.errors import ExtractError
from jianbao.extract import meta
from jianbao.text import join_cjk_gaps, normalize_text

# A line this short or shorter can be a title (first short line of a document).
MAX_TITLE_CHARS = 60
# A PDF line shorter than this share of the page's typical full line ends its paragraph even
# without punctuation (titles, signatures, list items); wrapped lines run nearly full width.
WRAP_MIN_WIDTH_SHARE = 0.8
# A line seen at the top or bottom of at least this share of pages is a running header/footer.
FURNITURE_PAGE_SHARE = 0.5
# How many lines at each end of a page are looked at for running headers and footers.
FURNITURE_LINES = 2
# python-docx writes this creation date into every document made from its default template.
PYTHON_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)

_SENTENCE_END = '。！？；：”!?;:"」』）)'
_CJK_START = re.compile(r"^[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]")
_CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–·]?\s*\d{1,4}\s*[-—–·]?|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)
_MEANINGLESS_TITLE = re.compile(
    r"^(untitled|无标题|document|文档\d*|microsoft word\b.*|.*\.(docx?|pdf|wps|txt|rtf))$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class OfficeResult:
    """What was read from a DOCX or PDF document."""

    title: str
    text: str
    extracted_by: str
    published: datetime | None = None
    author: str | None = None
    source_name: str | None = None
    problem: str | None = None  # set when part of the document could not be read


# ----------------------------------------------------------------------------- DOCX


def extract_docx(body: bytes, where: str) -> OfficeResult:
    """Paragraphs and table cells of a DOCX in document order; raises E203 when unreadable."""
    try:
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = Document(io.BytesIO(body))
        blocks: list[tuple[str, str]] = []  # (style name, text)
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(child, document)
                style = paragraph.style.name if paragraph.style is not None else ""
                blocks.append((style or "", paragraph.text))
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    seen: list[str] = []
                    for cell in row.cells:
                        if cell.text not in seen:  # merged cells repeat their text
                            seen.append(cell.text)
                    blocks.append(("table", " ".join(s.strip() for s in seen if s.strip())))
        props = document.core_properties
        created = props.created
        core_author = props.author
    except Exception as exc:  # noqa: BLE001 - zip, XML and python-docx errors all mean "corrupt"
        raise ExtractError(
            f"{where} is not a readable DOCX file ({type(exc).__name__}: {exc}).",
            code="E203",
            hint="Open it in Word or WPS and save it again as .docx, or export it as PDF.",
        ) from exc
    blocks = [(style, normalize_text(text)) for style, text in blocks]
    blocks = [(style, text) for style, text in blocks if text]
    title_index = _docx_title_index(blocks)
    title = blocks[title_index][1].replace("\n", " ") if title_index is not None else ""
    lines = [text for i, (_, text) in enumerate(blocks) if i != title_index]
    text = "\n".join(lines)
    head = "\n".join(lines[:10])
    published = meta.labelled_date(head) or _plausible_created(created)
    return OfficeResult(
        title=title,
        text=text,
        extracted_by="python-docx",
        published=published,
        author=meta.author(head) or (core_author or None if _real_author(core_author) else None),
        source_name=meta.source_name(head),
    )


def _docx_title_index(blocks: list[tuple[str, str]]) -> int | None:
    for i, (style, text) in enumerate(blocks[:10]):
        if style.lower().startswith(("title", "heading")) or style.startswith("标题"):
            return i if len(text) <= MAX_TITLE_CHARS * 2 else None
    for i, (style, text) in enumerate(blocks[:3]):
        if style != "table" and len(text) <= MAX_TITLE_CHARS:
            return i
    return None


def _plausible_created(created: datetime | None) -> datetime | None:
    if created is None:
        return None
    naive = created.replace(tzinfo=None)
    if naive == PYTHON_DOCX_TEMPLATE_CREATED:
        return None
    # Templates and broken writers leave January 1st at midnight (1601, 1970, 1980, 2000...).
    if (naive.month, naive.day, naive.hour, naive.minute) == (1, 1, 0, 0):
        return None
    return meta.make_date(naive.year, naive.month, naive.day, naive.hour, naive.minute)


def _real_author(value: str | None) -> bool:
    return bool(value) and (value or "").strip().lower() not in {
        "python-docx",
        "administrator",
        "user",
    }


# ----------------------------------------------------------------------------- PDF


def open_pdf(body: bytes, where: str) -> Any:
    """A pypdf reader with its pages loaded; E204 when damaged or password-protected."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(
                f"{where} is an encrypted PDF that needs a password.",
                code="E204",
                hint="Save an unprotected copy (print to PDF) and import that instead.",
            )
        list(reader.pages)  # parse the page tree now, inside the error translation
        return reader
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise ExtractError(
            f"{where} is not a readable PDF file ({type(exc).__name__}: {exc}).",
            code="E204",
            hint="Check that the download finished; open it in a PDF viewer and save it again.",
        ) from exc


def extract_pdf(body: bytes, where: str) -> OfficeResult:
    """All pages' text with wrapped lines joined; E204 when unreadable, E205 without text."""
    reader = open_pdf(body, where)
    pages = list(reader.pages)
    page_texts: list[str] = []
    failed: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            page_texts.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001 - keep the other pages, flag the document
            failed.append(number)
            page_texts.append("")
    problem = None
    if failed:
        shown = ", ".join(map(str, failed[:10]))
        problem = f"text of page(s) {shown} of {len(pages)} could not be read"
    page_lines = [
        # PDF text layers put spaces between CJK glyphs (12月 18日); they are not in the text.
        [line for line in join_cjk_gaps(normalize_text(t)).split("\n") if line.strip()]
        for t in page_texts
    ]
    page_lines = drop_page_furniture(page_lines)
    paragraphs = _join_across_pages([join_wrapped_lines(lines) for lines in page_lines])
    title = _pdf_metadata_title(reader)
    if not title and paragraphs and len(paragraphs[0]) <= MAX_TITLE_CHARS:
        title = paragraphs[0]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    text = "\n".join(paragraphs)
    head = "\n".join(paragraphs[:10])
    return OfficeResult(
        title=title,
        text=text,
        extracted_by="pypdf",
        published=meta.labelled_date(head) or _pdf_created(reader),
        author=meta.author(head),
        source_name=meta.source_name(head),
        problem=problem,
    )


def _pdf_metadata_title(reader: object) -> str:
    try:
        info = getattr(reader, "metadata", None)
        raw = info.title if info is not None else None
    except Exception:  # noqa: BLE001 - a broken info dictionary only means "no title"
        return ""
    title = normalize_text(str(raw or "")).replace("\n", " ")
    if len(re.sub(r"\W", "", title)) < 4 or _MEANINGLESS_TITLE.match(title):
        return ""
    return title


def _pdf_created(reader: object) -> datetime | None:
    try:
        info = getattr(reader, "metadata", None)
        created = info.creation_date if info is not None else None
    except Exception:  # noqa: BLE001 - unparseable dates are common in the wild
        return None
    return _plausible_created(created)


def drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove bare page numbers and lines repeated at the top or bottom of most pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        ends = set(lines[:FURNITURE_LINES] + lines[-FURNITURE_LINES:])
        counts.update(_furniture_key(line) for line in ends)
    threshold = max(2, int(len(pages) * FURNITURE_PAGE_SHARE + 0.5))
    repeated = {key for key, n in counts.items() if n >= threshold} if len(pages) >= 2 else set()
    cleaned: list[list[str]] = []
    for lines in pages:
        keep: list[str] = []
        for i, line in enumerate(lines):
            at_edge = i < FURNITURE_LINES or i >= len(lines) - FURNITURE_LINES
            if _PAGE_NUMBER.match(line) and at_edge:
                continue
            if at_edge and _furniture_key(line) in repeated:
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Join layout lines into paragraphs: a full-width line without final punctuation that is
    followed by a line starting with a CJK character continues in that line."""
    if not lines:
        return []
    widths = sorted(_width(line) for line in lines)
    full = widths[int(len(widths) * 0.9)] if len(widths) >= 3 else widths[-1]
    paragraphs: list[str] = []
    current = lines[0]
    previous = lines[0]
    for line in lines[1:]:
        if _is_wrap(previous, line, full):
            cjk_seam = _CJK_START.match(line) or _CJK_END.search(previous)
            current += line if cjk_seam else " " + line
        else:
            paragraphs.append(current)
            current = line
        previous = line
    paragraphs.append(current)
    return paragraphs


def _is_wrap(line: str, following: str, full_width: float) -> bool:
    # A full-width line that does not end a sentence continues on the next line, whatever that
    # starts with (CJK text, a Latin word such as "RedCap", or punctuation pushed to the line
    # start by the layout engine). Short lines end their paragraph: titles, signatures, dates.
    if not line or not following or line[-1] in _SENTENCE_END:
        return False
    return _width(line) >= full_width * WRAP_MIN_WIDTH_SHARE


def _join_across_pages(pages: list[list[str]]) -> list[str]:
    # A page break inside a paragraph looks like a paragraph break; the last paragraph of a page
    # continues on the next page when it stops mid-sentence (ends with a CJK character or comma).
    joined: list[str] = []
    for paragraphs in pages:
        rest = paragraphs
        if (
            joined
            and paragraphs
            and len(joined[-1]) > MAX_TITLE_CHARS
            and re.search(r"[\u4e00-\u9fff，、]$", joined[-1])
            and _CJK_START.match(paragraphs[0])
        ):
            joined[-1] += paragraphs[0]
            rest = paragraphs[1:]
        joined.extend(rest)
    return joined


def _width(line: str) -> float:
    # CJK characters are about twice as wide as Latin letters and digits.
    return sum(2.0 if ord(c) > 0x2E80 else 1.0 for c in line)
