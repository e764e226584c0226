"""Read a past bulletin file into text lines: .txt dumps, .docx, .pdf.

The layout modules expect what a PDF-to-text dump looks like: one line per paragraph or
visual line, blank lines between them. DOCX paragraphs and PDF text lines are given that shape,
and otherwise left as written (no NFKC), so a bulletin reads the same from each format.
"""

from __future__ import annotations

import io
from pathlib import Path

from jianbao.errors import ArchiveError, ExtractError
from jianbao.extract.encoding import decode_bytes
from jianbao.extract.office import open_pdf

TEXT_SUFFIXES = (".txt", ".text", ".md")
MAX_BYTES = 200 * 1024 * 1024  # a year of monthly bulletins as one PDF stays far below this


def read_text(path: Path) -> str:
    """The text of a bulletin file, by its suffix; E101/E503/E203/E204 when unreadable."""
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, ".docx", ".pdf"):
        raise ArchiveError(
            f"{path} is a {suffix or 'suffix-less'} file; past bulletins are read from .txt, "
            ".docx and .pdf.",
            code="E503",
            hint="Save the bulletin as PDF or DOCX (or a text dump) and import that.",
        )
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc.strerror or exc}.", code="E101") from exc
    if len(body) > MAX_BYTES:
        raise ArchiveError(f"{path} is larger than {MAX_BYTES >> 20} MB.", code="E103")
    if suffix == ".docx":
        return docx_text(body, str(path))
    if suffix == ".pdf":
        return pdf_text(body, str(path))
    return decode_bytes(body).text


def docx_text(body: bytes, where: str) -> str:
    """Paragraphs and table cells of a DOCX, one per line with blank lines between."""
    try:
        import docx

        document = docx.Document(io.BytesIO(body))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.extend(cell.text for cell in row.cells)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on damaged files
        raise ExtractError(
            f"{where} is not a readable DOCX file ({type(exc).__name__}).",
            code="E203",
            hint="Open it in Word or LibreOffice and save it again as .docx.",
        ) from exc
    return "\n\n".join(x.strip() for x in lines if x.strip())


def pdf_text(body: bytes, where: str) -> str:
    """Every visual line of a PDF's text layer, with blank lines between them."""
    pages: list[str] = []
    for page in open_pdf(body, where).pages:
        try:
            pages.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001 - a damaged page leaves a gap, not a failed import
            pages.append("")
    lines: list[str] = []
    for page in pages:
        lines.extend(x.strip() for x in page.split("\n") if x.strip())
    return "\n\n".join(lines)
