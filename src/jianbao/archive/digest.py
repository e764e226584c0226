"""The digest layout (seed 002): 【section】, then title / 内容：summary / 来源：URL items.

Lines are hard-wrapped at the column width, so a title or a summary spans several lines; the
URLs of a page are repeated as bare lines at its end (dropped: real sources say 来源：).
"""

from __future__ import annotations

import re

from jianbao.archive._common import URL_LINE, fix_spaces, is_furniture, join_wrapped
from jianbao.models import ArchiveItem

SECTION = re.compile(r"^[【\[]\s*([^】\]]{1,20}?)\s*[】\]]$")
CONTENT = re.compile(r"^(?:内容|摘要|简介)\s*[：:]\s*(.*)$")
SOURCE = re.compile(r"^(?:来源|链接|原文链接|出处)\s*[：:]\s*(.*)$")


def score(lines: list[str]) -> float:
    """How much ``lines`` look like a digest bulletin (0 = not at all)."""
    contents = sum(1 for x in lines if CONTENT.match(x.strip()))
    sources = sum(1 for x in lines if SOURCE.match(x.strip()))
    if min(contents, sources) < 2:
        return 0.0
    return float(min(contents, sources) * 3 + sum(1 for x in lines if SECTION.match(x.strip())))


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text = join_wrapped(text, part) if text else part
    return fix_spaces(text)


def parse(lines: list[str]) -> tuple[list[ArchiveItem], list[str]]:
    """Items and problems of a digest bulletin."""
    problems: list[str] = []
    stripped = [x.strip() for x in lines]
    # bare URL lines are the URL lists repeated at page ends; page numbers are furniture
    stripped = [x for x in stripped if x and not URL_LINE.match(x) and not is_furniture(x)]
    items: list[ArchiveItem] = []
    section = ""
    title_parts: list[str] = []
    content: list[str] | None = None
    for line in stripped:
        if m := SECTION.match(line):
            if title_parts or content:
                problems.append(f"item without 来源 before 【{m.group(1)}】: {_join(title_parts)}")
                title_parts, content = [], None
            section = m.group(1).strip()
            continue
        if m := CONTENT.match(line):
            content = [m.group(1)]
            continue
        if m := SOURCE.match(line):
            if content is None or not title_parts:
                problems.append(f"来源 without a title or 内容: {line}")
                title_parts, content = [], None
                continue
            summary = _join(content)
            items.append(
                ArchiveItem(
                    section=section,
                    title=_join(title_parts),
                    summary=summary or None,
                    source=m.group(1).strip() or None,
                )
            )
            title_parts, content = [], None
            continue
        if content is not None:
            content.append(line)
        elif not section:  # the cover: bulletin title, 期号, date (read by the caller)
            continue
        else:
            title_parts.append(line)
    if title_parts or content:
        problems.append(f"item without 来源 at the end: {_join(title_parts)}")
    return items, problems
