"""Markdown: the bulletin in the digest form (title, 内容, 来源) as plain text for e-mail and chat.

Whatever the template's layout, a chat message wants the short form: every item gets its
summary and its link, never the full text; tagged bulletins keep their 标签 and subsections.
"""

from __future__ import annotations

import re

from jianbao.bulletin.render._context import period_label, sections, source_of
from jianbao.models import Bulletin, BulletinItem

_MARKUP = re.compile(r"([<>\\`*_\[\]])")


def _md(text: str) -> str:
    """Escape what Markdown would read as markup: article text is data, never HTML."""
    return _MARKUP.sub(r"\\\1", text)


def _item(n: int, item: BulletinItem, level: str) -> list[str]:
    lines = [f"{level} {n}. {_md(item.title)}", ""]
    if item.tag:
        lines += [f"标签：{_md(item.tag)}", ""]
    if item.summary:
        lines += [f"内容：{_md(item.summary)}", ""]
    source = source_of(item)
    if source:
        lines += [f"来源：<{source}>" if "://" in source else f"来源：{_md(source)}", ""]
    return lines


def render_markdown(bulletin: Bulletin) -> str:
    """The bulletin as Markdown: section headings, then title, 标签, 内容 and 来源 per item."""
    lines = [f"# {_md(bulletin.title)}", ""]
    meta = " · ".join(
        _md(x) for x in (bulletin.issue_label, bulletin.total_label, bulletin.organisation) if x
    )
    lines += [f"{meta}  ", period_label(bulletin), ""]
    for section in sections(bulletin):
        lines += [f"## {_md(section.heading(bulletin.layout))}", ""]
        for group in section.groups:
            level = "###"
            if group.name:
                lines += [f"### {_md(group.heading)}", ""]
                level = "####"
            for n, item in enumerate(group.items, 1):
                lines += _item(n, item, level)
    return "\n".join(lines).rstrip() + "\n"
