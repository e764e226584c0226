"""The archive stage: read past bulletins (.txt dumps, .docx, .pdf) back into their items.

``parse_bulletin(text_or_path)`` detects the layout (monthly / tagged / digest, one module
each), parses it and returns a :class:`~jianbao.models.ParsedBulletin`. A file that is no
bulletin raises ArchiveError E501 instead of returning garbage; a bulletin of which some TOC
entries cannot be found in the body comes back with those listed in ``problems``.
``to_examples`` turns the items into labelled examples of a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from jianbao.archive import digest, monthly, tagged
from jianbao.archive._common import find_toc
from jianbao.archive.readers import read_text
from jianbao.errors import ArchiveError
from jianbao.models import ArchiveItem, Example, ParsedBulletin

__all__ = ["LAYOUTS", "detect_layout", "parse_bulletin", "read_text", "to_examples"]

Parser = Callable[[list[str]], tuple[list[ArchiveItem], list[str]]]
Scorer = Callable[[list[str]], float]

# Tried in this order; the highest score wins (ties go to the earlier layout).
LAYOUTS: dict[str, tuple[Scorer, Parser]] = {
    "digest": (digest.score, digest.parse),
    "tagged": (tagged.score, tagged.parse),
    "monthly": (monthly.score, monthly.parse),
}
_ISSUE = re.compile(r"(?:\d{4}\s*年\s*)?第\s*[0-9一二三四五六七八九十百]+\s*期|总第\s*\d+\s*期")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
HEADER_LINES = 12  # the cover: title, 期号, 编印单位, date


def detect_layout(lines: list[str]) -> str | None:
    """The layout the lines are written in, or None when none fits."""
    scores = {name: scorer(lines) for name, (scorer, _) in LAYOUTS.items()}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] > 0 else None


def parse_bulletin(
    source: str | Path, *, layout: str | None = None, name: str | None = None
) -> ParsedBulletin:
    """Parse a past bulletin given as a path or as its text; see the module docstring."""
    path: str | None = None
    if isinstance(source, Path):
        path = str(source)
        text = read_text(source)
    else:
        text = source
    where = name or path or "the input"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    chosen = layout or detect_layout(lines)
    if chosen is None:
        raise ArchiveError(
            f"{where} is not a bulletin jianbao can read: no 目录 with page numbers, no "
            "标签： lines and no 内容：/来源： items were found.",
            code="E501",
            hint="archive parse reads the monthly, tagged and digest layouts (docs/archive.md).",
        )
    if chosen not in LAYOUTS:
        raise ArchiveError(f'unknown layout "{chosen}".', code="E501")
    items, problems = LAYOUTS[chosen][1](lines)
    if not items:
        detail = f" ({problems[0]})" if problems else ""
        raise ArchiveError(
            f"{where} looks like a {chosen} bulletin but no item could be read{detail}.",
            code="E502",
            hint="Check that the file is complete; a scanned PDF has no text layer to read.",
        )
    sections: list[str] = []
    for item in items:
        if item.section not in sections:
            sections.append(item.section)
    title, issue, date = _metadata(lines)
    return ParsedBulletin(
        layout=chosen,
        items=tuple(items),
        sections=tuple(sections),
        title=title,
        issue=issue,
        date=date,
        path=path,
        problems=tuple(problems),
    )


def _metadata(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """Title, 期号 and date from the cover (the lines before the 目录 or the first section)."""
    end = find_toc(lines)
    if end is None:  # no 目录: the cover ends at the first section heading
        end = next(
            (
                i
                for i, x in enumerate(lines)
                if digest.SECTION.match(x.strip()) or tagged.SECTION.match(x.strip())
            ),
            0,
        )
    head = [x.strip() for x in lines[:end] if x.strip()][:HEADER_LINES]
    issue = date = None
    title_parts: list[str] = []
    for line in head:
        found_issue = _ISSUE.search(line)
        found_date = _DATE.search(line)
        if found_issue and issue is None:
            issue = re.sub(r"\s+", "", found_issue.group(0))
        if found_date and date is None:
            date = re.sub(r"\s+", "", found_date.group(0))
        rest = _DATE.sub("", _ISSUE.sub("", line)).strip(" ·-—|")
        if rest and len(rest) <= 40 and len(title_parts) < 3 and not (found_issue or found_date):
            title_parts.append(rest)
    title = "".join(title_parts) or None
    return title, issue, date


def to_examples(bulletin: ParsedBulletin, template: str, origin: str) -> list[Example]:
    """The bulletin's items as labelled examples of ``template``."""
    return [
        Example(
            template=template,
            section=item.section,
            subsection=item.subsection,
            tag=item.tag,
            title=item.title,
            text=item.text or item.summary or "",
            summary=item.summary,
            source_url=item.source,
            origin=origin,
        )
        for item in bulletin.items
    ]
