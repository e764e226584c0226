"""PDF: WeasyPrint lays out the print HTML (CSS paged media) and embeds subsets of the fonts.

Why WeasyPrint, which fonts, and what it costs: docs/decisions/0005-pdf-rendering.md. It needs
pango (a system library) and a CJK font; scripts/setup.sh installs both. When they are
missing the error says so (E607) instead of a traceback from deep inside cffi.
"""

from __future__ import annotations

import logging
from typing import Any

from jianbao.bulletin.render.html import print_html
from jianbao.errors import RenderError
from jianbao.models import Bulletin

log = logging.getLogger(__name__)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the pango shared library is missing
        raise RenderError(
            f"the PDF renderer is not available: {exc}.",
            code="E607",
            hint="Run scripts/setup.sh (it installs WeasyPrint, pango and the CJK fonts), "
            "or build the other formats with --format docx,html,md.",
        ) from exc
    return weasyprint


def render_pdf(bulletin: Bulletin) -> bytes:
    """The bulletin as a PDF: A4, cover, TOC with page numbers and links, bookmarks."""
    weasyprint = _weasyprint()
    html = weasyprint.HTML(string=print_html(bulletin), base_url=None)
    try:
        document = html.render()
        data = document.write_pdf()
    except Exception as exc:  # WeasyPrint has no exception tree of its own to catch
        raise RenderError(
            f"WeasyPrint could not lay out the bulletin: {exc.__class__.__name__}: {exc}.",
            code="E607",
            hint="Please report this with the bulletin's template; the other formats work.",
        ) from exc
    log.info("pdf: %d pages, %d bytes", len(document.pages), len(data))
    return bytes(data)
