"""What every renderer needs: the bulletin grouped into numbered sections and subsections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianbao.models import Bulletin, BulletinItem

CHINESE_NUMERALS = "一二三四五六七八九十"
FIELD_LABELS = {"tag": "标签", "summary": "内容", "source": "来源", "source_name": "来源单位"}
# What each item shows below its title when the template does not say (see the seeds: 002
# digest has 内容 and 来源, 000 tagged has 标签 and the full text, 001 monthly the full text).
LAYOUT_FIELDS: dict[str, tuple[str, ...]] = {
    "digest": ("summary", "source"),
    "tagged": ("tag", "text"),
    "monthly": ("text",),
}


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (enough for section numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


@dataclass(frozen=True, slots=True)
class Group:
    """A subsection ((一) 政策发布), or a section's items when it has no subsections."""

    number: int
    name: str | None
    items: tuple[BulletinItem, ...]
    anchor: str

    @property
    def heading(self) -> str:
        """(一) 政策发布 (empty for the unnamed group)."""
        return f"（{chinese_numeral(self.number)}）{self.name}" if self.name else ""


@dataclass(frozen=True, slots=True)
class Section:
    """A section with its number and items, in bulletin order."""

    number: int
    name: str
    items: tuple[BulletinItem, ...]
    groups: tuple[Group, ...] = ()

    @property
    def numeral(self) -> str:
        """The section's Chinese numeral (一、二、…)."""
        return chinese_numeral(self.number)

    @property
    def anchor(self) -> str:
        """HTML anchor of the section."""
        return f"s{self.number}"

    def heading(self, layout: str) -> str:
        """【政策资讯】 in the digest layout, 一、产业环境 otherwise."""
        return f"【{self.name}】" if layout == "digest" else f"{self.numeral}、{self.name}"

    @property
    def has_subsections(self) -> bool:
        """Whether the section's items sit in named subsections."""
        return any(g.name for g in self.groups)


def _groups(number: int, items: tuple[BulletinItem, ...]) -> tuple[Group, ...]:
    names: list[str | None] = []
    for item in items:
        if item.subsection not in names:
            names.append(item.subsection)
    groups = []
    for n, name in enumerate(names, 1):
        members = tuple(i for i in items if i.subsection == name)
        groups.append(Group(n, name, members, f"s{number}-{n}"))
    return tuple(groups)


def sections(bulletin: Bulletin) -> list[Section]:
    """The bulletin's non-empty sections, numbered from 1, each with its subsections."""
    result: list[Section] = []
    for name in bulletin.sections:
        items = tuple(i for i in bulletin.items if i.section == name)
        if items:
            number = len(result) + 1
            result.append(Section(number, name, items, _groups(number, items)))
    return result


def shown_fields(bulletin: Bulletin) -> tuple[str, ...]:
    """The fields items show: the template's choice, else the layout's."""
    return bulletin.style.fields or LAYOUT_FIELDS.get(bulletin.layout, LAYOUT_FIELDS["digest"])


def source_of(item: BulletinItem) -> str | None:
    """What an item's 来源 line shows: its web address, else the source its text names.

    A local file's path (file://…) means nothing to readers and must not be published; the
    source the text names (来源：中国电子报) is what editors print for it.
    """
    if item.url and item.url.startswith(("http://", "https://")):
        return item.url
    return item.source_name or None


def item_fields(bulletin: Bulletin, item: BulletinItem) -> list[tuple[str, str]]:
    """(field, value) pairs to show below an item's title, as the template asks.

    ``text`` falls back to the summary for an item without a full text; ``source`` is the web
    address, or for a local file the source it names; empty fields are left out rather than
    printed as an empty label.
    """
    fields = shown_fields(bulletin)
    shown: list[tuple[str, str]] = []
    for name in fields:
        if name == "tag" and item.tag:
            shown.append(("tag", item.tag))
        elif name == "summary" and item.summary:
            shown.append(("summary", item.summary))
        elif name == "text":
            if item.text:
                shown.append(("text", item.text))
            elif item.summary and "summary" not in fields:
                shown.append(("summary", item.summary))
        elif name == "source" and source_of(item):
            shown.append(("source", source_of(item) or ""))
        elif name == "source_name" and item.source_name:
            shown.append(("source_name", item.source_name))
        elif name == "date" and item.published:
            shown.append(("date", f"{item.published:%Y年%m月%d日}"))
    return shown


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a text."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def period_label(bulletin: Bulletin) -> str:
    """2024年12月01日 — 2024年12月31日."""
    return f"{bulletin.period_start:%Y年%m月%d日} — {bulletin.period_end:%Y年%m月%d日}"


def date_label(bulletin: Bulletin) -> str:
    """The cover date: the day the period ends, 2024年12月31日."""
    end = bulletin.period_end
    return f"{end.year}年{end.month}月{end.day}日"


# The names a Chinese editor writes in jianbao.toml, and the family names the same fonts carry
# on Windows and macOS, so a CSS stack or a Word run finds them on either.
FONT_ALIASES: dict[str, tuple[str, ...]] = {
    "黑体": ("SimHei", "Heiti SC"),
    "宋体": ("SimSun", "Songti SC"),
    "仿宋": ("FangSong", "STFangsong"),
    "楷体": ("KaiTi", "STKaiti"),
    "微软雅黑": ("Microsoft YaHei",),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S",),
}
_UNSAFE_IN_CSS = re.compile(r"[\"'\\;{}<>\n\r]")


def font_stack(name: str, *fallbacks: str) -> str:
    """A CSS font-family list: the configured font, its aliases, then the fallbacks."""
    names = [name, *FONT_ALIASES.get(name, ()), *fallbacks]
    cleaned = [_UNSAFE_IN_CSS.sub("", n).strip() for n in dict.fromkeys(names)]
    generic = {"serif", "sans-serif", "monospace"}
    return ", ".join(n if n in generic else f'"{n}"' for n in cleaned if n)
