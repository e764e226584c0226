"""The monthly layout (seed 001): cover, 目录 with dot leaders, sections, full texts.

::

    目录
    产业环境 3                                         section (short, no dot leaders)
    - 工信部明年六大工作重点出炉 …..... 3               entry (dot leaders, "- " optional)
    …
    产业环境                                           body: a bare section name
    工信部明年六大工作重点出炉 工业稳增长列为首要任务      title on its own line
    12月20日，全国工业和信息化工作会议 …                 text

A TOC line is a section when it has no dot leaders, no "- " bullet and at most
MAX_SECTION_CHARS characters; every other TOC line is an entry.
"""

from __future__ import annotations

import re

from jianbao.archive._common import (
    TocEntry,
    body_paragraphs,
    find_toc,
    fix_spaces,
    has_dot_leader,
    locate_titles,
    toc_entry,
)
from jianbao.models import ArchiveItem

MAX_SECTION_CHARS = 8  # 产业环境, 海外借鉴: section names are short noun phrases
_SKIP = ("快速进入", "点击页码")


def score(lines: list[str]) -> float:
    """How much ``lines`` look like a monthly bulletin (0 = not at all)."""
    start = find_toc(lines)
    if start is None:
        return 0.0
    entries = sum(1 for x in lines[start : start + 400] if has_dot_leader(x))
    return float(entries) if entries >= 3 else 0.0


def _is_section(raw: str, text: str) -> bool:
    return (
        not raw.startswith(("-", "•", "·"))
        and not has_dot_leader(raw)
        and 2 <= len(text) <= MAX_SECTION_CHARS
        and not re.search(r"[\s，。：:？?！!]", text)
    )


def parse(lines: list[str]) -> tuple[list[ArchiveItem], list[str]]:
    """Items and problems of a monthly bulletin."""
    problems: list[str] = []
    start = find_toc(lines)
    if start is None:
        return [], ["no 目录 (table of contents) found"]
    toc: list[TocEntry] = []
    sections: list[str] = []
    section = ""
    body_start = len(lines)
    for i in range(start + 1, len(lines)):
        raw = lines[i].strip()
        if not raw or raw.startswith(_SKIP):
            continue
        text, page = toc_entry(raw)
        if page is None and text in sections:  # a bare section name: the body begins
            body_start = i
            break
        if page is None and not toc:
            continue
        if _is_section(raw, text):
            section = text
            sections.append(text)
        elif page is None and toc:  # a TOC title wrapped over two lines
            toc[-1].title = toc[-1].title + text
        else:
            toc.append(TocEntry(section, None, re.sub(r"^[-•·]\s*", "", text)))
    body = lines[body_start:]
    spans = locate_titles(body, toc)
    found = [(e, s) for e, s in zip(toc, spans, strict=True) if s is not None]
    for entry, span in zip(toc, spans, strict=True):
        if span is None:
            problems.append(f"TOC entry not found in the body: {entry.title}")
    items: list[ArchiveItem] = []
    for n, (entry, (a, b)) in enumerate(found):
        end = found[n + 1][1][0] if n + 1 < len(found) else len(body)
        title = fix_spaces(" ".join(x.strip() for x in body[a:b] if x.strip()))
        chunk = [x.strip() for x in body[b:end] if x.strip()]
        while chunk and chunk[-1] in sections:
            chunk.pop()
        text = "\n".join(body_paragraphs(chunk))
        items.append(ArchiveItem(section=entry.section, title=title, text=text or None))
    return items, problems


def header_lines(lines: list[str]) -> list[str]:
    """The cover lines before the 目录."""
    start = find_toc(lines)
    return [x.strip() for x in lines[: start or 0] if x.strip()]
