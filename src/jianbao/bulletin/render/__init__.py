"""Render a :class:`~jianbao.models.Bulletin` to files, one module per format.

``docx`` (python-docx: cover, Word TOC field, Heading styles, page numbers), ``pdf``
(WeasyPrint: embedded CJK fonts, TOC with page numbers, bookmarks), ``html`` (one
self-contained page) and ``md`` (the digest as plain text for e-mail and chat).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jianbao.errors import RenderError
from jianbao.models import Bulletin

FORMATS = ("docx", "pdf", "html", "md")

Renderer = Callable[[Bulletin], str | bytes]


def _renderer(fmt: str) -> Renderer:
    if fmt == "md":
        from jianbao.bulletin.render.markdown import render_markdown

        return render_markdown
    if fmt == "html":
        from jianbao.bulletin.render.html import render_html

        return render_html
    if fmt == "docx":
        from jianbao.bulletin.render.docx import render_docx

        return render_docx
    if fmt == "pdf":
        from jianbao.bulletin.render.pdf import render_pdf

        return render_pdf
    raise RenderError(
        f'unknown output format "{fmt}".', code="E604", hint=f"Choose from: {', '.join(FORMATS)}."
    )


def parse_formats(value: str) -> list[str]:
    """``"docx, pdf"`` -> ``["docx", "pdf"]``; E604 for an unknown one."""
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    for fmt in formats:
        if fmt not in FORMATS:
            raise RenderError(
                f'unknown output format "{fmt}".',
                code="E604",
                hint=f"Choose from: {', '.join(FORMATS)}.",
            )
    if not formats:
        raise RenderError("no output format given.", code="E604", hint="e.g. --format docx,pdf")
    return list(dict.fromkeys(formats))


def file_stem(bulletin: Bulletin) -> str:
    """Base name of the rendered files, e.g. ``default-2024-12-01_2024-12-31``."""
    return f"{bulletin.template}-{bulletin.period_start:%Y-%m-%d}_{bulletin.period_end:%Y-%m-%d}"


def render(bulletin: Bulletin, out_dir: Path, formats: Sequence[str] = FORMATS) -> dict[str, Path]:
    """Write the bulletin in each format into ``out_dir``; return format -> path.

    Every file is written to a temporary name and renamed, so a reader never sees half a
    bulletin; all formats are rendered before the first file is replaced.
    """
    renderers = {fmt: _renderer(fmt) for fmt in formats}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(
            f"cannot create the output folder {out_dir}: {exc.strerror or exc}.",
            code="E601",
            hint="Choose another folder with --out.",
        ) from exc
    written: dict[str, Path] = {}
    temporary: list[Path] = []
    try:
        for fmt, renderer in renderers.items():
            path = out_dir / f"{file_stem(bulletin)}.{fmt}"
            tmp = path.with_name(path.name + ".tmp")
            content = renderer(bulletin)
            temporary.append(tmp)
            if isinstance(content, bytes):
                tmp.write_bytes(content)
            else:
                tmp.write_text(content, encoding="utf-8")
            written[fmt] = path
        for path in written.values():
            path.with_name(path.name + ".tmp").replace(path)
    except OSError as exc:
        raise RenderError(
            f"cannot write into {out_dir}: {exc.strerror or exc}.",
            code="E601",
            hint="Check that the folder is writable, or choose another with --out.",
        ) from exc
    finally:
        for tmp in temporary:
            tmp.unlink(missing_ok=True)
    return written
