"""Make real DOCX and PDF bulletins for the archive tests (python-docx, fpdf2 + a CJK font)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jianbao.archive._common import fix_spaces

PARAGRAPH_CHARS = 30  # longer lines are paragraphs, shorter ones headings and TOC lines
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def write_docx(lines: list[str], path: Path) -> Path:
    """One DOCX paragraph per non-blank line."""
    import docx

    document = docx.Document()
    for line in lines:
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))
    return path


def write_pdf(lines: list[str], path: Path) -> Path:
    """A PDF with one paragraph per non-blank line, wrapped at the page width by fpdf2."""
    if not CJK_FONT.exists():
        pytest.skip(f"CJK font {CJK_FONT} not installed (scripts/setup.sh installs it)")
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("wqy", fname=str(CJK_FONT))
    pdf.set_font("wqy", size=11)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for line in lines:
        if line.strip():
            # The font has no tab glyph: a TOC's tab before the page number becomes spaces.
            # Elsewhere the dump's CJK/digit padding (1 月 25 日) goes, as a typesetter would
            # not break a line there; fpdf2 would, leaving lines a PDF never has.
            text = line.strip().replace("\t", "    ")
            if len(text) > PARAGRAPH_CHARS and not re.search(r"\s\d{1,3}$", text):
                text = fix_spaces(text)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))
    return path
