"""Find the Chinese province an article is about, from the gazetteer in data/gazetteer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Province:
    """One provincial-level division with the names that point to it."""

    name: str
    names: tuple[str, ...]  # the province's own names (2+ characters)
    cities: tuple[str, ...]


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """The gazetteer, loaded once."""
    data = resources.files("jianbao").joinpath("data", "gazetteer", "regions.tsv")
    result = []
    for line in data.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, shorts, cities = (line.split("\t") + ["", ""])[:3]
        # one-character short names (京, 粤, 苏) are too ambiguous in running text
        names = tuple(n for n in shorts.split(",") if len(n) >= 2) or (name,)
        result.append(Province(name, names, tuple(c for c in cities.split(",") if c)))
    return tuple(result)


def province_mentions(text: str) -> Counter[str]:
    """How often each province is named in ``text``, directly or through its cities."""
    counts: Counter[str] = Counter()
    for province in provinces():
        hits = sum(text.count(n) for n in province.names)
        hits += sum(text.count(c) for c in province.cities)
        if hits:
            counts[province.name] = hits
    return counts


def main_province(title: str, text: str) -> str | None:
    """The province an article is mostly about: title mentions weigh three times the body's."""
    counts = province_mentions(text[:3000])
    for name, hits in province_mentions(title).items():
        counts[name] += 3 * hits
    if not counts:
        return None
    (best, score), *rest = counts.most_common(2) + [("", 0)]
    return best if score >= 2 and score > rest[0][1] else None
