"""Is an HTML page an article at all? List pages, login walls, error pages and empty shells.

Collectors meet many pages that are not articles: a column's list of links, a "请先登录"
screen, a 404 page served with status 200, a JavaScript shell. Storing them as articles would
put navigation into bulletins, so :func:`rejection` names what the page is instead, from what
the extractor already measured (the cleaned main text, the page's lines and their link share).
Every rule needs *short* main text as well: an article that mentions 404 or 登录 stays an
article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lxml import html as lxml_html

from jianbao.extract.density import SENTENCE_PUNCT, LinkMask

# Reasons, in the order they are tested; collect counts dropped pages by these names.
REASONS = ("empty_shell", "error_page", "login_wall", "list_page", "too_short")

# Error screens carry a sentence or two; above this many characters of main text a page is an
# article even if its headline says "404" (a news story about broken apps has two paragraphs).
SCREEN_MAX_CHARS = 150
# Error text found only in the body (not in the title or a heading) counts below this size.
SCREEN_TEXT_ONLY_CHARS = 100
# A login wall shows a teaser at most this long next to its "登录后查看全文".
LOGIN_MAX_CHARS = 200
# A list page has at least this many lines that are mostly links ("关于...的通知 2024-12-16")...
LIST_MIN_LINK_LINES = 10
# ... and less prose in its main text than this, or than this share of its link text.
LIST_MAX_PROSE_CHARS = 200
LIST_MAX_PROSE_SHARE = 0.2
# A line counts as a link line when this share of it is link text (as in density.MAX_LINK_SHARE).
LINK_LINE_SHARE = 0.5
# An article has at least this many characters of text (a one-line notice with an attachment
# is still kept: see ``has_attachments``).
MIN_ARTICLE_CHARS = 30
# A line "reads like prose" when it is this long or ends in sentence punctuation.
PROSE_LINE_CHARS = 30


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a page is not an article: a reason code from REASONS and a short explanation."""

    reason: str
    detail: str


def rejection(
    doc: lxml_html.HtmlElement,
    title: str,
    text: str,
    page_lines: list[str],
    links: LinkMask,
    has_attachments: bool = False,
) -> Rejection | None:
    """A Rejection when the page is not an article, None when it is (or may be) one."""
    chars = len("".join(text.split()))
    if not page_lines and chars == 0:
        return Rejection("empty_shell", "the page has no visible text (a JavaScript-only page?)")
    heads = "\n".join([title, *_headings(doc)])
    lead = "\n".join(text.split("\n")[:2])
    if chars <= SCREEN_MAX_CHARS:
        # An error screen says so in its title or headline; its few lines of text only count
        # when there is almost nothing else.
        error = _matching(heads, "error_page") or (
            _matching(lead, "error_page") if chars <= SCREEN_TEXT_ONLY_CHARS else None
        )
        if error:
            return Rejection("error_page", f"the page reads as an error screen ({error})")
    if chars <= LOGIN_MAX_CHARS:
        login = _matching("\n".join(page_lines), "login_wall")
        if login:
            return Rejection("login_wall", f"the text is behind a login ({login})")
    link_lines = [line for line in page_lines if _is_link_line(line, links)]
    link_chars = sum(len(line) for line in link_lines)
    prose = prose_chars(text)
    if len(link_lines) >= LIST_MIN_LINK_LINES and (
        prose < LIST_MAX_PROSE_CHARS and prose < LIST_MAX_PROSE_SHARE * link_chars
    ):
        return Rejection(
            "list_page",
            f"{len(link_lines)} link lines and only {prose} characters of prose",
        )
    if chars == 0:
        return Rejection("empty_shell", "no article text was found among the page's lines")
    if chars < MIN_ARTICLE_CHARS and not has_attachments:
        return Rejection("too_short", f"only {chars} characters of text")
    return None


def prose_chars(text: str) -> int:
    """Characters in lines that read like prose (long, or ending in sentence punctuation)."""
    total = 0
    for line in text.split("\n"):
        line = line.strip()
        if len(line) >= PROSE_LINE_CHARS or SENTENCE_PUNCT.search(line[-1:] or ""):
            total += len(line)
    return total


def _is_link_line(line: str, links: LinkMask) -> bool:
    share = links.share(line)
    return share is not None and share >= LINK_LINE_SHARE


def _headings(doc: lxml_html.HtmlElement) -> list[str]:
    nodes = doc.xpath("//title|//h1|//h2")[:6]
    return [" ".join(node.text_content().split()) for node in nodes]


def _matching(text: str, kind: str) -> str | None:
    for pattern in non_article_patterns()[kind]:
        match = pattern.search(text)
        if match:
            return match.group(0).strip()
    return None


@lru_cache(maxsize=1)
def non_article_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """The compiled phrase lists of data/non_article.toml, by kind."""
    raw = resources.files("jianbao").joinpath("data/non_article.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return {
        kind: tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns)
        for kind, patterns in data.items()
    }
