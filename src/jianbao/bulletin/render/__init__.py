"""Render a :class:`~jianbao.models.Bulletin` to files, one module per format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jianbao.errors import RenderError
from jianbao.models import Bulletin

FORMATS = ("md", "html")


def _renderer(fmt: str) -> Callable[[Bulletin], str]:
    if fmt == "md":
        from jianbao.bulletin.render.markdown import render_markdown

        return render_markdown
    if fmt == "html":
        from jianbao.bulletin.render.html import render_html

        return render_html
    raise RenderError(
        f'unknown output format "{fmt}".', code="E604", hint=f"Choose from: {', '.join(FORMATS)}."
    )


def file_stem(bulletin: Bulletin) -> str:
    """Base name of the rendered files, e.g. ``default-2024-12-01_2024-12-31``."""
    return f"{bulletin.template}-{bulletin.period_start:%Y-%m-%d}_{bulletin.period_end:%Y-%m-%d}"


def render(bulletin: Bulletin, out_dir: Path, formats: Sequence[str] = FORMATS) -> dict[str, Path]:
    """Write the bulletin in each format into ``out_dir``; return format -> path."""
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
    for fmt, renderer in renderers.items():
        path = out_dir / f"{file_stem(bulletin)}.{fmt}"
        tmp = path.with_suffix(path.suffix + ".tmp")
        try:
            tmp.write_text(renderer(bulletin), encoding="utf-8")
            tmp.replace(path)  # atomic: a reader never sees half a bulletin
        except OSError as exc:
            raise RenderError(
                f"cannot write {path}: {exc.strerror or exc}.",
                code="E601",
                hint="Check that the folder is writable, or choose another with --out.",
            ) from exc
        written[fmt] = path
    return written
