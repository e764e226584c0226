"""The tagged layout (seed 000): 目录 with 一、/(一)/1. numbering, then items with 标签：.

::

    一、软件产业                     section
    (一) 政策发布                    subsection (optional)
    1. 国常会推动人工智能赋能…        title (may wrap over two lines)
    标签：人工智能                   tag
    1月22日国务院常务会议指出，…      text paragraphs

The TOC is the list of record: each entry is searched, in order, in the body.
"""

from __future__ import annotations

import re

from jianbao.archive._common import (
    TocEntry,
    body_paragraphs,
    find_toc,
    fix_spaces,
    locate_titles,
    toc_entry,
)
from jianbao.models import ArchiveItem

SECTION = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(.+)$")
SUBSECTION = re.compile(r"^[(（]\s*[一二三四五六七八九十]+\s*[)）]\s*(.+)$")
NUMBERED = re.compile(r"^\d{1,3}\s*[.、．]\s*(.+)$")
TAG_LINE = re.compile(r"^标\s*签\s*[：:]\s*(.*)$")


def score(lines: list[str]) -> float:
    """How much ``lines`` look like a tagged bulletin (0 = not at all)."""
    tags = sum(1 for x in lines if TAG_LINE.match(x.strip()))
    sections = sum(1 for x in lines if SECTION.match(x.strip()))
    numbered = sum(1 for x in lines if NUMBERED.match(x.strip()))
    if tags < 2 or numbered < 2:
        return 0.0
    return tags * 2.0 + min(sections, 20) + min(numbered, 50) * 0.5


def parse(lines: list[str]) -> tuple[list[ArchiveItem], list[str]]:
    """Items and problems of a tagged bulletin."""
    problems: list[str] = []
    toc, body_start = _read_toc(lines, problems)
    if not toc:
        return _parse_without_toc(lines[body_start:]), problems
    body = lines[body_start:]
    spans = locate_titles(body, toc)
    found = [(e, s) for e, s in zip(toc, spans, strict=True) if s is not None]
    for entry, span in zip(toc, spans, strict=True):
        if span is None:
            problems.append(f"TOC entry not found in the body: {entry.title}")
    items: list[ArchiveItem] = []
    for n, (entry, (a, b)) in enumerate(found):
        end = found[n + 1][1][0] if n + 1 < len(found) else len(body)
        title_line = fix_spaces(" ".join(x.strip() for x in body[a:b] if x.strip()))
        match = NUMBERED.match(title_line)
        title = match.group(1) if match else title_line
        items.append(_item(entry.section, entry.subsection, title, body[b:end]))
    return items, problems


def _item(section: str, subsection: str | None, title: str, raw: list[str]) -> ArchiveItem:
    chunk = [x.strip() for x in raw if x.strip()]
    # trailing section / subsection headings belong to the next item
    while chunk and (SECTION.match(chunk[-1]) or SUBSECTION.match(chunk[-1])):
        chunk.pop()
    tag = None
    if chunk and (m := TAG_LINE.match(chunk[0])):
        tag = re.sub(r"\s+", " ", m.group(1)).strip() or None
        chunk.pop(0)
    text = "\n".join(body_paragraphs(chunk))
    return ArchiveItem(
        section=section, subsection=subsection, title=title, tag=tag, text=text or None
    )


def _read_toc(lines: list[str], problems: list[str]) -> tuple[list[TocEntry], int]:
    start = find_toc(lines)
    if start is None:
        return [], 0
    toc: list[TocEntry] = []
    section, subsection = "", None
    for i in range(start + 1, len(lines)):
        raw = lines[i].strip()
        if not raw:
            continue
        text, page = toc_entry(raw)
        if page is None and SECTION.match(text) and toc:  # first body heading ends the TOC
            return toc, i
        if m := SECTION.match(text):
            section, subsection = m.group(1).strip(), None
        elif m := SUBSECTION.match(text):
            subsection = m.group(1).strip()
        elif m := NUMBERED.match(text):
            toc.append(TocEntry(section, subsection, m.group(1).strip()))
        elif toc and page is not None or toc:  # second half of a title wrapped in the TOC
            toc[-1].title = toc[-1].title + text
        else:
            problems.append(f"unexpected TOC line {i + 1}: {raw}")
    return toc, len(lines)


def _parse_without_toc(lines: list[str]) -> list[ArchiveItem]:
    """No 目录: read the headings as they come (a title is a numbered line before 标签)."""
    items: list[ArchiveItem] = []
    section, subsection = "", None
    title: str | None = None
    chunk: list[str] = []
    stripped = [x.strip() for x in lines if x.strip()]
    for k, line in enumerate(stripped):
        following = stripped[k + 1] if k + 1 < len(stripped) else ""
        heading = NUMBERED.match(line) and TAG_LINE.match(following)
        if SECTION.match(line) or SUBSECTION.match(line) or heading:
            if title is not None:
                items.append(_item(section, subsection, title, chunk))
                title, chunk = None, []
            if m := SECTION.match(line):
                section, subsection = m.group(1).strip(), None
            elif m := SUBSECTION.match(line):
                subsection = m.group(1).strip()
            elif m := NUMBERED.match(line):
                title = fix_spaces(m.group(1))
            continue
        if title is not None:
            chunk.append(line)
    if title is not None:
        items.append(_item(section, subsection, title, chunk))
    return items
