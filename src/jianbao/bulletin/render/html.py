"""HTML: one self-contained file (inline CSS), readable on a phone, linked TOC, print styles."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from jianbao.bulletin.render._context import sections
from jianbao.models import Bulletin


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("jianbao.bulletin", "templates"),
        autoescape=select_autoescape(["html", "j2"]),  # article text is data, never markup
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(bulletin: Bulletin) -> str:
    """The bulletin as a standalone HTML document."""
    template = _environment().get_template("bulletin.html.j2")
    return template.render(bulletin=bulletin, sections=sections(bulletin))
