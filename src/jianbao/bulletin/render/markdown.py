"""Markdown: plain text for e-mail and chat, in the layout of the template."""

from __future__ import annotations

import re

from jianbao.bulletin.render._context import sections
from jianbao.models import Bulletin

_MARKUP = re.compile(r"([<>\\`*_\[\]])")


def _md(text: str) -> str:
    """Escape what Markdown would read as markup: article text is data, never HTML."""
    return _MARKUP.sub(r"\\\1", text)


def render_markdown(bulletin: Bulletin) -> str:
    """The bulletin as Markdown: 【section】 headings, title, 内容/标签, 来源."""
    lines = [f"# {bulletin.title}", ""]
    meta = " · ".join(x for x in (bulletin.issue_label, bulletin.organisation) if x)
    period = f"{bulletin.period_start:%Y年%m月%d日} — {bulletin.period_end:%Y年%m月%d日}"
    lines += [f"{meta}  ", period, ""]
    for section in sections(bulletin):
        heading = (
            f"【{section.name}】"
            if bulletin.layout == "digest"
            else f"{section.numeral}、{section.name}"
        )
        lines += [f"## {heading}", ""]
        for n, item in enumerate(section.items, 1):
            lines += [f"### {n}. {_md(item.title)}", ""]
            if item.tag:
                lines += [f"标签：{_md(item.tag)}", ""]
            if bulletin.layout == "digest" or not item.text:
                lines += [f"内容：{_md(item.summary)}", ""]
            else:
                lines += [p for para in item.text.split("\n") if para for p in (_md(para), "")]
            lines += [f"来源：<{item.url}>", ""]
    return "\n".join(lines).rstrip() + "\n"
