"""HTML: one self-contained file (inline CSS), readable on a phone, linked TOC, print styles.

``render_html`` is the page for screens; ``print_html`` is the paged-media page the PDF is made
from (cover, TOC with ``target-counter`` page numbers, bookmarks, page-number footer). Both
share the item markup in ``templates/_items.html.j2``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from jianbao.bulletin.render._context import (
    FIELD_LABELS,
    date_label,
    font_stack,
    item_fields,
    paragraphs,
    period_label,
    sections,
)
from jianbao.models import Bulletin, BulletinItem

WEB_HEADING = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei")
WEB_BODY = ("Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun")
# The fonts scripts/setup.sh installs (docs/decisions/0005-pdf-rendering.md): Noto CJK's Song
# (宋体-style) body and Hei (黑体-style) headings, WenQuanYi as the fallback.
PRINT_HEADING = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
PRINT_BODY = ("Noto Serif CJK SC", "WenQuanYi Zen Hei")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("jianbao.bulletin", "templates"),
        autoescape=select_autoescape(["html", "j2"]),  # article text is data, never markup
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _context(
    bulletin: Bulletin, heading: tuple[str, ...], body: tuple[str, ...], *, latin: bool = True
) -> dict[str, Any]:
    style = bulletin.style
    # In the PDF the CJK faces set Latin letters too: every extra face costs a font subset
    # (about 1.5 s each) and embedded bytes (docs/decisions/0005-pdf-rendering.md).
    latin_font = (style.latin_font,) if latin else ()

    def fields(item: BulletinItem) -> list[tuple[str, str]]:
        return item_fields(bulletin, item)

    return {
        "bulletin": bulletin,
        "sections": sections(bulletin),
        "fields": fields,
        "labels": FIELD_LABELS,
        "paragraphs": paragraphs,
        "period": period_label(bulletin),
        "date": date_label(bulletin),
        # font names are cleaned of quotes and CSS punctuation by font_stack
        "heading_font": Markup(font_stack(style.heading_font, *heading, "sans-serif")),
        "body_font": Markup(font_stack(style.body_font, *latin_font, *body, "serif")),
    }


def render_html(bulletin: Bulletin) -> str:
    """The bulletin as a standalone HTML document for screens (and browsers' print)."""
    template = _environment().get_template("bulletin.html.j2")
    return template.render(**_context(bulletin, WEB_HEADING, WEB_BODY))


def print_html(bulletin: Bulletin) -> str:
    """The paged-media HTML the PDF renderer lays out (A4, cover, TOC, page numbers)."""
    template = _environment().get_template("bulletin.print.html.j2")
    return template.render(**_context(bulletin, PRINT_HEADING, PRINT_BODY, latin=False))
