"""What every renderer needs: the bulletin grouped into numbered sections."""

from __future__ import annotations

from dataclasses import dataclass

from jianbao.models import Bulletin, BulletinItem

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (enough for section numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


@dataclass(frozen=True, slots=True)
class Section:
    """A section with its number and items, in bulletin order."""

    number: int
    name: str
    items: tuple[BulletinItem, ...]

    @property
    def numeral(self) -> str:
        """The section's Chinese numeral (一、二、…)."""
        return chinese_numeral(self.number)

    @property
    def anchor(self) -> str:
        """HTML anchor of the section."""
        return f"s{self.number}"


def sections(bulletin: Bulletin) -> list[Section]:
    """The bulletin's non-empty sections, numbered from 1."""
    result: list[Section] = []
    for name in bulletin.sections:
        items = tuple(i for i in bulletin.items if i.section == name)
        if items:
            result.append(Section(len(result) + 1, name, items))
    return result
