"""Text density of an HTML page: which element holds the prose, which lines are links.

Chinese portals wrap the article in layout tables next to navigation, "相关新闻" link lists,
comment threads and footers. Two measures tell them apart without site rules:

* :func:`densest_element` scores every element by how much punctuated, link-free text it holds
  per tag (the text-density idea behind CETD / GNE), bottom-up in one linear pass;
* :class:`LinkMask` says, for any line of text, what share of its characters sit inside
  ``<a>`` on the page: a line that is mostly link text is navigation or a list of
  other articles, whichever extractor kept it.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable

from lxml import etree
from lxml import html as lxml_html

from jianbao.text import normalize_text

# A candidate element must hold at least this many non-link characters to count.
MIN_CANDIDATE_CHARS = 20
# Elements whose text is at least this share links are navigation.
MAX_LINK_SHARE = 0.5

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "td",
        "th",
        "tr",
        "br",
        "figcaption",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "dd",
        "dt",
        "dl",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "form",
        "center",
        "address",
        "hr",
        "caption",
    ]
)
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "select",
    "option",
    "button",
    "textarea",
    "input",
    "svg",
    "object",
    "embed",
)
NOISE_TAGS = ("nav", "header", "footer", "aside", "form")
SENTENCE_PUNCT = re.compile(r"[，。！？；、：“”,.!?;]")


def without(doc: lxml_html.HtmlElement, tags: Iterable[str]) -> lxml_html.HtmlElement:
    """A copy of ``doc`` without ``tags`` (and without comments and processing instructions)."""
    clone = copy.deepcopy(doc)
    etree.strip_elements(clone, *tags, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return clone


def _walk(element: etree._Element) -> list[tuple[str, bool]]:
    """Text pieces of ``element`` in reading order, each flagged when it sits inside <a>;
    a block boundary is the piece ("\\n", False)."""
    parts: list[tuple[str, bool]] = []
    stack: list[tuple[etree._Element, bool, bool]] = [(element, False, False)]
    while stack:
        node, closing, in_link = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                parts.append(("\n", False))
            if node is not element and node.tail:
                # The tail belongs to the parent: inside a link only if the parent is.
                parts.append((node.tail, in_link))
            continue
        if tag in BLOCK_TAGS:
            parts.append(("\n", False))
        inner = in_link or tag == "a"
        if tag and node.text:
            parts.append((node.text, inner))
        stack.append((node, True, in_link))
        stack.extend((child, False, inner) for child in reversed(node))
    return parts


# A line break inside HTML text is only whitespace (the source was hard-wrapped): between two
# CJK characters it is nothing at all, elsewhere one space.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n]+\s*(?=[{_CJK}])")
_WRAP = re.compile(r"\s*[\r\n]+\s*")


def unwrap(piece: str) -> str:
    """A text node's source line breaks turned into what a browser shows."""
    if "\n" not in piece and "\r" not in piece:
        return piece
    return _WRAP.sub(" ", _CJK_WRAP.sub("", piece))


def element_lines(element: etree._Element) -> list[str]:
    """Visible text of ``element`` as normalised lines, one per block element."""
    text = "".join(piece if piece == "\n" else unwrap(piece) for piece, _ in _walk(element))
    return [line for line in normalize_text(text).split("\n") if line.strip()]


def line_key(line: str) -> str:
    """A line reduced to what survives any formatting: no whitespace, lower case."""
    return "".join(line.split()).lower()


class LinkMask:
    """Which characters of a page sit inside ``<a>``, to ask any line how much of it is links.

    Lines are looked up by their characters (whitespace ignored), not by their boundaries,
    because each extractor breaks lines differently. A line found several times (a headline
    that is also a breadcrumb link) takes its least-linked occurrence.
    """

    # Look at no more than this many occurrences of a line: short lines repeat a lot.
    MAX_OCCURRENCES = 5

    def __init__(self, element: etree._Element) -> None:
        chars: list[str] = []
        mask = bytearray()
        for piece, in_link in _walk(element):
            key = line_key(normalize_text(piece)) if piece.strip() else ""
            chars.append(key)
            mask.extend((1 if in_link else 0,) * len(key))
        self.text = "".join(chars)
        self.mask = bytes(mask)

    def share(self, line: str) -> float | None:
        """Share of ``line`` that is link text on the page; None when the page lacks it."""
        key = line_key(line)
        if not key:
            return None
        best: float | None = None
        start = self.text.find(key)
        for _ in range(self.MAX_OCCURRENCES):
            if start < 0:
                break
            share = sum(self.mask[start : start + len(key)]) / len(key)
            best = share if best is None else min(best, share)
            if best == 0:
                break
            start = self.text.find(key, start + 1)
        return best


def densest_element(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element with the most prose-like text: long, punctuated, few links, few tags.

    Statistics are gathered bottom-up in one pass (reverse document order visits children
    before parents), so pages of any depth cost linear time and no recursion.
    """
    tree = without(doc, (*DROP_TAGS, *NOISE_TAGS))
    body = tree.find("body")
    root = body if body is not None else tree
    stats: dict[etree._Element, tuple[int, int, int, int, int]] = {}
    best: lxml_html.HtmlElement | None = None
    best_score = 0.0
    for node in reversed(list(root.iter())):
        if not isinstance(node.tag, str):
            continue
        own = (node.text or "") + "".join(child.tail or "" for child in node)
        chars = len("".join(own.split()))
        punct = len(SENTENCE_PUNCT.findall(own))
        tags, link_chars, links = 1, 0, 0
        for child in node:
            c = stats.get(child)
            if c is None:
                continue
            chars += c[0]
            link_chars += c[1]
            tags += c[2]
            links += c[3]
            punct += c[4]
        if node.tag == "a":
            link_chars, links = chars, links + 1
        stats[node] = (chars, link_chars, tags, links, punct)
        text_chars = chars - link_chars
        if text_chars < MIN_CANDIDATE_CHARS or link_chars > chars * MAX_LINK_SHARE:
            continue
        # Prose has punctuation and few tags per character; navigation has links and tags.
        density = text_chars / (tags - links + 1)
        score = text_chars * math.log2(punct + 2) * math.log2(density + 2) / math.log2(tags + 2)
        if score > best_score:
            best, best_score = node, score
    return best
