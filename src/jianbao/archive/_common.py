"""Shared clean-up for PDF-to-text dumps of past bulletins: spaces, page furniture, wrapping.

The seeds (``tests/fixtures/archive``) show the artefacts every layout module copes with:

* TOC lines end in dot leaders (``.....``) or a tab, and a page number;
* bare page-number lines and photo credits sit between paragraphs;
* a paragraph cut by a page break looks like two paragraphs (000/001 put one paragraph per
  line); 002 hard-wraps every line at the column width;
* the PDF pads CJK/Latin seams with spaces (``12月 18日``, ``2023 年``) that are not in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_FULL_LINE_WIDTH = 34  # display width (CJK 1, ASCII 0.5) of a full text line in the seeds

CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    r"\u2014\u2018-\u201d\u2026\u00b7"
)
LATIN = r"A-Za-z0-9%"
_SPACE_CJK_LATIN = re.compile(rf"(?<=[{CJK}]) +(?=[{LATIN}])")
_SPACE_LATIN_CJK = re.compile(rf"(?<=[{LATIN}]) +(?=[{CJK}])")
_PADDED_QUOTE = re.compile(r" (“[^”\s]{1,30}”) ")
_TERMINAL = tuple("。！？：；…!?;:」）)")
# TOC dot leaders; a plain "……" is genuine ellipsis unless a page number follows at line end.
DOT_LEADER = re.compile(r"\.{3,}|…{3,}|·{3,}|…+\s*\d{1,3}\s*$", re.M)
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:第\s*)?-?\s*\d{1,3}\s*-?\s*(?:页)?\s*$")
# "标题..... 3", "标题\t3", "标题 28": a TOC entry with its page number
TOC_TAIL = re.compile(r"(?:\s*(?:\.{2,}|…{2,}|·{2,})\s*|\t+\s*|\s+)(\d{1,3})\s*$")
CAPTION_CREDITS = ("视觉中国", "图片来源", "供图")
URL_LINE = re.compile(r"^https?://\S+$")


def width(s: str) -> float:
    """Display width: a CJK character counts 1, an ASCII character 0.5."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in s)


def fix_spaces(s: str) -> str:
    """Collapse whitespace and drop the PDF's CJK/Latin padding; keep Latin-Latin spaces."""
    s = re.sub(r"\s+", " ", s).strip()
    s = _PADDED_QUOTE.sub(r"\1", s)
    s = _SPACE_CJK_LATIN.sub("", s)
    return _SPACE_LATIN_CJK.sub("", s)


def key(s: str) -> str:
    """Comparison key for titles: no whitespace, no dot leaders, no numbering, no 0-9 prefix."""
    s = re.sub(r"^\s*(?:-\s*|\d+\s*[.、．]\s*)", "", s)
    s = DOT_LEADER.sub("", s)
    return re.sub(r"\s+", "", s)


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence-final punctuation (a quote only after 。！？)."""
    line = line.rstrip()
    if line.endswith(("”", "’", "』")):
        return len(line) >= 2 and line[-2] in "。！？…!?"
    return line.endswith(_TERMINAL)


def join_wrapped(a: str, b: str) -> str:
    """Join two fragments of one paragraph or title; a space only between two Latin words."""
    a, b = a.rstrip(), b.lstrip()
    if a and b and re.match(r"[A-Za-z0-9]", a[-1]) and re.match(r"[A-Za-z]", b[0]):
        return f"{a} {b}"
    return a + b


def rejoin_paragraphs(lines: list[str]) -> list[str]:
    """Merge page-break fragments: a full-width line without final punctuation continues."""
    paras: list[str] = []
    for line in lines:
        if paras and not ends_sentence(paras[-1]) and width(paras[-1]) >= MIN_FULL_LINE_WIDTH:
            paras[-1] = join_wrapped(paras[-1], line)
        else:
            paras.append(line)
    return paras


def is_furniture(line: str) -> bool:
    """Page numbers and photo credits: lines that belong to the page, not to the text."""
    return bool(PAGE_NUMBER_LINE.match(line)) or line.endswith(CAPTION_CREDITS)


def body_paragraphs(raw: list[str]) -> list[str]:
    """Clean paragraphs of an item's body lines."""
    lines = [fix_spaces(x) for x in raw if x.strip()]
    lines = [x for x in lines if not is_furniture(x)]
    return rejoin_paragraphs(lines)


def toc_entry(line: str) -> tuple[str, int | None]:
    """Split a TOC line into its text and page number (None when it has none)."""
    stripped = line.strip()
    match = TOC_TAIL.search(stripped)
    if match and match.start() > 0:
        text = stripped[: match.start()].strip()
        text = DOT_LEADER.sub("", text).rstrip(" .…·")
        return text, int(match.group(1))
    return DOT_LEADER.sub("", stripped).strip(), None


def has_dot_leader(line: str) -> bool:
    """Whether a TOC line carries dot leaders before its page number."""
    return bool(re.search(r"(?:\.{2,}|…{2,}|·{2,})\s*\d{0,3}\s*$", line.strip()))


def find_toc(lines: list[str]) -> int | None:
    """Index of the 目录 line, or None."""
    for i, line in enumerate(lines):
        if re.sub(r"\s", "", line) in ("目录", "目次"):
            return i
    return None


@dataclass(slots=True)
class TocEntry:
    """One TOC item: where it belongs and its title as the TOC spells it."""

    section: str
    subsection: str | None
    title: str


def locate_titles(body: list[str], toc: list[TocEntry]) -> list[tuple[int, int] | None]:
    """Find each TOC title, in order, as a body line or two/three consecutive lines.

    A title the body does not contain gives None (the caller flags it); the search for the
    next one then continues from the last title found.
    """
    spans: list[tuple[int, int] | None] = []
    pos = 0
    nonblank = [i for i, x in enumerate(body) if x.strip()]
    for entry in toc:
        want = key(entry.title)
        found: tuple[int, int] | None = None
        for k, i in enumerate(nonblank):
            if i < pos:
                continue
            have = key(body[i])
            if not have:
                continue
            if have == want:
                found = (i, i + 1)
                break
            if want.startswith(have) and len(have) >= 4:
                joined = have
                for j in nonblank[k + 1 : k + 3]:  # a title wraps over at most three lines
                    joined += key(body[j])
                    if joined == want:
                        found = (i, j + 1)
                        break
                    if not want.startswith(joined):
                        break
                if found:
                    break
        spans.append(found)
        if found:
            pos = found[1]
    return spans
