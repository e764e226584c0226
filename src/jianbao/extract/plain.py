"""Plain text and Markdown files: title from the first line, markup reduced to text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from jianbao.extract import meta
from jianbao.extract.html import remove_boilerplate
from jianbao.text import normalize_text

# A first line longer than this is a paragraph, not a title: the file has no title line.
MAX_TITLE_CHARS = 120

_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_QUOTE = re.compile(r"^\s{0,3}(>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+(\[[ xX]\]\s+)?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_STRIKE = re.compile(r"~~(.+?)~~")
_CODE = re.compile(r"`([^`]*)`")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->")


@dataclass(frozen=True, slots=True)
class PlainResult:
    """Title and body of a text or Markdown file."""

    title: str
    text: str
    published: datetime | None = None
    author: str | None = None
    source_name: str | None = None


def extract_plain(text: str, markdown: bool = False) -> PlainResult:
    """Split decoded text into title (first non-empty line) and body."""
    if markdown:
        text = markdown_to_text(text)
    lines = [line for line in normalize_text(text).split("\n") if line.strip()]
    if not lines:
        return PlainResult(title="", text="")
    title = lines[0] if len(lines[0]) <= MAX_TITLE_CHARS else ""
    body_lines = lines[1:] if title else lines
    head = "\n".join(body_lines[:8])
    # Text files are often articles copied from the web: drop the same furniture lines.
    body = "\n".join(remove_boilerplate(body_lines, title))
    return PlainResult(
        title=title,
        text=body,
        published=meta.labelled_date(head) or meta.parse_date(head[:300]),
        author=meta.author(head),
        source_name=meta.source_name(head),
    )


def markdown_to_text(text: str) -> str:
    """Reduce Markdown to plain text: drop heading, list and quote markers, keep link texts."""
    out: list[str] = []
    in_code = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append(line)
            continue
        if _RULE.match(line) or _TABLE_RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            continue  # underline of a setext heading
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub("", line)
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(r"\1", line)
        line = _REF_LINK.sub(r"\1", line)
        line = _AUTOLINK.sub(r"\1", line)
        line = _STRONG.sub(r"\2", line)
        line = _EMPHASIS.sub(r"\2", line)
        line = _STRIKE.sub(r"\1", line)
        line = _CODE.sub(r"\1", line)
        line = _HTML_TAG.sub("", line)
        if line.strip().startswith("|") and line.strip().endswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(line)
    return "\n".join(out)
