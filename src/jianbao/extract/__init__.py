"""The extract stage: :class:`~jianbao.models.Fetched` bytes to an :class:`~jianbao.models.Article`.

``extract(fetched)`` picks an extractor from ``fetched.content_type`` (or sniffs the file name and
the first bytes), runs it, and builds the Article. It never lets a third-party exception out:
unusable input raises :class:`~jianbao.errors.ExtractError` with an E2xx code, damaged input that
still gave text is returned with ``malformed=True`` and a ``problem``.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from jianbao.errors import ExtractError, NotAnArticle
from jianbao.extract.encoding import REPLACEMENT, Decoded, decode_bytes
from jianbao.extract.html import HtmlResult, extract_html
from jianbao.extract.office import OfficeResult, extract_docx, extract_pdf
from jianbao.extract.plain import PlainResult, extract_plain
from jianbao.models import Article, Attachment, Fetched, Language, content_hash, stable_id
from jianbao.text import detect_language, normalize_text

__all__ = ["CONTENT_TYPES", "extract", "readable_suffixes", "sniff"]

CONTENT_TYPES = ("html", "text", "markdown", "docx", "pdf")
# How many bytes are looked at to recognise HTML by its opening tags.
SNIFF_BYTES = 1024
# Bytes with more than this share of control characters (other than tab/newline) are binary.
MAX_BINARY_SHARE = 0.1

_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
}
# MIME types and loose names a caller may pass instead of our short names.
_ALIASES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "htm": "html",
    "text/plain": "text",
    "txt": "text",
    "plain": "text",
    "text/markdown": "markdown",
    "md": "markdown",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(html|body|head)\b", re.I)
_CHARSET_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def extract(fetched: Fetched) -> Article:
    """Turn fetched bytes into an Article; raise ExtractError (E2xx) when that is impossible."""
    where = _where(fetched)
    if not fetched.body.strip():
        raise ExtractError(
            f"{where} is empty.",
            code="E201",
            hint="Check the download or the file; an empty page cannot become an article.",
        )
    kind = sniff(fetched)
    if kind == "docx":
        return _from_office(fetched, extract_docx(fetched.body, where), None)
    if kind == "pdf":
        return _from_office(fetched, extract_pdf(fetched.body, where), None)
    decoded = _decode(fetched, where)
    if kind == "html":
        return _from_html(fetched, extract_html(decoded.text, _page_url(fetched)), decoded)
    result = extract_plain(decoded.text, markdown=kind == "markdown")
    return _from_plain(fetched, result, decoded, "markdown" if kind == "markdown" else "plain")


def readable_suffixes() -> frozenset[str]:
    """File name endings ``extract`` reads (".html", ".docx" ...), lower case."""
    return frozenset(_EXTENSIONS)


def sniff(fetched: Fetched) -> str:
    """The content type of ``fetched``: as given, else by file extension, else by magic bytes."""
    given = (fetched.content_type or "").strip().lower()
    if given:
        given = given.split(";", 1)[0].strip()
        kind = _ALIASES.get(given, given)
        if kind in CONTENT_TYPES:
            return kind
        raise ExtractError(
            f"{_where(fetched)} has content type {fetched.content_type!r}, "
            "which jianbao cannot read.",
            code="E207",
            hint=f"Use one of: {', '.join(CONTENT_TYPES)}.",
        )
    for name in (fetched.path, fetched.final_url, fetched.url):
        if name:
            suffix = PurePosixPath(unquote(urlsplit(name).path or name)).suffix.lower()
            if suffix in _EXTENSIONS:
                return _EXTENSIONS[suffix]
    head = fetched.body[:SNIFF_BYTES]
    if head.startswith(b"%PDF") or b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in fetched.body[:65536] or b"[Content_Types].xml" in head:
            return "docx"
        raise ExtractError(
            f"{_where(fetched)} is a ZIP archive but not a Word document.",
            code="E203",
            hint="Only .docx files are read; unpack the archive and add its documents instead.",
        )
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(stripped) or _HTML_ANYWHERE.search(head):
        return "html"
    if _looks_binary(head):
        raise ExtractError(
            f"{_where(fetched)} is not HTML, text, DOCX or PDF.",
            code="E207",
            hint="Convert it to one of these formats, or set its content type explicitly.",
        )
    if (fetched.url or "").startswith(("http://", "https://")) and b"<" in head:
        return "html"
    return "text"


# ----------------------------------------------------------------------------- helpers


def _where(fetched: Fetched) -> str:
    return f'"{fetched.path}"' if fetched.path else f"<{fetched.final_url or fetched.url}>"


def _page_url(fetched: Fetched) -> str | None:
    return fetched.final_url or fetched.url or None


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    control = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return control / len(head) > MAX_BINARY_SHARE


def _declared_charset(fetched: Fetched) -> str | None:
    for name, value in fetched.headers:
        if name.lower() == "content-type":
            match = _CHARSET_HEADER.search(value)
            if match:
                return match.group(1)
    return None


def _decode(fetched: Fetched, where: str) -> Decoded:
    try:
        decoded = decode_bytes(fetched.body, _declared_charset(fetched))
    except (LookupError, ValueError) as exc:  # defensive: a codec that cannot be used at all
        raise ExtractError(
            f"{where} could not be decoded as text ({exc}).",
            code="E202",
            hint="Save the file as UTF-8 and try again.",
        ) from exc
    text = decoded.text
    if not text.strip(" \t\r\n\x00\ufeff"):
        raise ExtractError(
            f"{where} holds only whitespace.", code="E201", hint="Check the download or the file."
        )
    # More replaced than kept means the bytes were not text in any encoding we know.
    if decoded.replaced and decoded.replaced * 2 > len(text.replace(REPLACEMENT, "").strip()):
        raise ExtractError(
            f"{where} could not be decoded as text (tried {decoded.encoding}).",
            code="E202",
            hint="Save the file as UTF-8, or pass its charset in the Content-Type header.",
        )
    return decoded


def _no_text(fetched: Fetched, what: str) -> ExtractError:
    return ExtractError(
        f"{_where(fetched)}: no text found ({what}).",
        code="E205",
        hint="If this is a scanned document, run OCR on it first; if it is a web page, check "
        "that it is an article and not a listing, login or JavaScript-only page.",
    )


def _decode_problem(decoded: Decoded) -> str | None:
    if not decoded.replaced:
        return None
    return (
        f"{decoded.replaced} character(s) could not be decoded as {decoded.encoding} "
        "and were replaced with U+FFFD"
    )


def _from_html(fetched: Fetched, result: HtmlResult, decoded: Decoded) -> Article:
    if result.rejected is not None:
        raise NotAnArticle(
            f"{_where(fetched)} is not an article: {result.rejected.detail}",
            reason=result.rejected.reason,
            hint="Nothing was stored; if it is an article after all, add it as a file or "
            "report the page so the rule can be fixed.",
        )
    if not result.text:
        raise _no_text(fetched, "the page has no article text")
    return _article(
        fetched,
        title=result.title,
        text=result.text,
        published=result.published,
        author=result.author,
        source_name=result.source_name,
        canonical_url=result.canonical_url,
        extracted_by=result.extracted_by,
        attachments=result.attachments,
        encoding=decoded.encoding,
        problems=[_decode_problem(decoded)],
    )


def _from_plain(fetched: Fetched, result: PlainResult, decoded: Decoded, by: str) -> Article:
    if not (result.text or result.title):
        raise _no_text(fetched, "the file has no text")
    return _article(
        fetched,
        title=result.title,
        text=result.text,
        published=result.published,
        author=result.author,
        source_name=result.source_name,
        canonical_url=None,
        extracted_by=by,
        attachments=(),
        encoding=decoded.encoding,
        problems=[_decode_problem(decoded)],
    )


def _from_office(fetched: Fetched, result: OfficeResult, encoding: str | None) -> Article:
    if not (result.text or result.title):
        what = "a PDF without a text layer (scanned?)" if result.extracted_by == "pypdf" else None
        raise _no_text(fetched, what or "the document has no paragraphs")
    return _article(
        fetched,
        title=result.title,
        text=result.text,
        published=result.published,
        author=result.author,
        source_name=result.source_name,
        canonical_url=None,
        extracted_by=result.extracted_by,
        attachments=(),
        encoding=encoding,
        problems=[result.problem],
    )


def _article(
    fetched: Fetched,
    *,
    title: str,
    text: str,
    published: datetime | None,
    author: str | None,
    source_name: str | None,
    canonical_url: str | None,
    extracted_by: str,
    attachments: tuple[Attachment, ...],
    encoding: str | None,
    problems: list[str | None],
) -> Article:
    title = normalize_text(title).replace("\n", " ")
    text = normalize_text(text)
    digest = content_hash(title + "\n" + text)
    if REPLACEMENT in title + text and not any(problems):
        problems.append("the text contains U+FFFD replacement characters")
    problem = "; ".join(p for p in problems if p) or None
    return Article(
        id=stable_id(canonical_url) if canonical_url else stable_id("sha256:" + digest),
        url=canonical_url or fetched.url,
        title=title,
        text=text,
        content_hash=digest,
        canonical_url=canonical_url,
        published=published,
        author=author,
        source_name=source_name or fetched.source,
        language=_language(title + "\n" + text),
        extracted_by=extracted_by,
        attachments=attachments,
        encoding=encoding,
        malformed=problem is not None,
        problem=problem,
    )


def _language(text: str) -> Language:
    found = detect_language(text)
    if found == "zh":
        return "zh"
    return "en" if found == "en" else "other"
