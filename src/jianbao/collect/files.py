"""Read local files (and walk folders) into :class:`~jianbao.models.Fetched` records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jianbao.errors import CollectError
from jianbao.models import Fetched

# Extension -> content type understood by jianbao.extract.
CONTENT_TYPES: dict[str, str] = {
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


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file found under the given paths, or the reason it is skipped (``skip`` set)."""

    path: Path
    skip: str | None = None  # reason code: "unsupported_type", "hidden"


def iter_files(paths: Iterable[str | Path]) -> Iterator[FileEntry]:
    """Files named in ``paths``, folders walked recursively in sorted order.

    A file named explicitly is always yielded (reading it reports what is wrong with it);
    inside folders, hidden files and types jianbao cannot read are yielded as skipped.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file():
                    continue
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    yield FileEntry(child, skip="hidden")
                elif child.suffix.lower() not in CONTENT_TYPES:
                    yield FileEntry(child, skip="unsupported_type")
                else:
                    yield FileEntry(child)
        else:
            yield FileEntry(path)


def read_file(path: Path, *, max_bytes: int) -> Fetched:
    """Read one file as raw bytes; E101 unreadable, E102 unsupported type, E103 too large."""
    content_type = CONTENT_TYPES.get(path.suffix.lower())
    if content_type is None:
        known = " ".join(sorted(CONTENT_TYPES))
        raise CollectError(
            f"{path}: jianbao cannot read {path.suffix or 'extension-less'} files.",
            code="E102",
            hint=f"Supported: {known}.",
        )
    try:
        stat = path.stat()
        size = stat.st_size
        if size > max_bytes:
            raise CollectError(
                f"{path}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit.",
                code="E103",
                hint="Raise max_file_mb in jianbao.toml if the file is genuine.",
            )
        body = path.read_bytes()
    except CollectError:
        raise
    except OSError as exc:
        raise CollectError(
            f"{path}: cannot read the file ({exc.strerror or exc}).",
            code="E101",
            hint="Check the path and its permissions.",
        ) from exc
    resolved = path.resolve()
    return Fetched(
        url=resolved.as_uri(),
        body=body,
        # A file's modification time is when the editor saved or downloaded it: the best
        # "first seen" date a local file has.
        fetched_at=datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None),
        content_type=content_type,
        path=str(resolved),
    )
