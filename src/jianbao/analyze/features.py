"""Structural evidence editors use to place an article: who acts, where, and what kind of text.

The signals and their phrases live in ``data/analyze/signals.toml``; each fires in the title
or in the lead. ``structure(title, text, region)`` returns named, explainable features that the
section model combines with the topic (TF-IDF) features, and that the zero-example fallback
compares with what the section descriptions say.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jianbao.models import Region

LEAD_CHARS = 600  # the lead carries who did what; later paragraphs quote others
WHERE = ("home", "province", "national", "abroad")


@dataclass(frozen=True, slots=True)
class Signals:
    """The signal table: phrases and compiled patterns per signal, and their Chinese labels."""

    names: tuple[str, ...]
    phrases: dict[str, tuple[str, ...]]
    patterns: dict[str, tuple[re.Pattern[str], ...]]
    labels: dict[str, str]


@lru_cache(maxsize=1)
def signals() -> Signals:
    """The signal table from data/analyze/signals.toml, loaded once."""
    raw = tomllib.loads(
        resources.files("jianbao").joinpath("data", "analyze", "signals.toml").read_text("utf-8")
    )
    phrases = {k: tuple(v) for k, v in raw["phrases"].items()}
    patterns = {k: tuple(re.compile(p) for p in v) for k, v in raw.get("patterns", {}).items()}
    names = tuple(sorted({*phrases, *patterns} - {f"where_{w}" for w in WHERE}, key=lambda n: n))
    return Signals(names, phrases, patterns, dict(raw["labels"]))


def feature_names() -> tuple[str, ...]:
    """Names of the structural features, in vector order."""
    names = signals().names
    return (
        *(f"title:{n}" for n in names),
        *(f"lead:{n}" for n in names),
        *(f"where:{w}" for w in WHERE),
        *(f"title_where:{w}" for w in WHERE),
    )


def _hits(name: str, text: str) -> int:
    table = signals()
    count = sum(1 for p in table.phrases.get(name, ()) if p in text)
    count += sum(1 for p in table.patterns.get(name, ()) if p.search(text))
    return count


@dataclass(frozen=True, slots=True)
class Structure:
    """Structural features of one article, and the strongest of them in words."""

    values: tuple[float, ...]
    fired: tuple[str, ...]  # signal names that fired in the title, strongest first

    def describe(self, limit: int = 3) -> str:
        """The fired title signals in Chinese, e.g. 政策文件、中央部委."""
        labels = signals().labels
        return "、".join(labels.get(name, name) for name in self.fired[:limit])


def structure(title: str, text: str, region: Region, title_region: Region) -> Structure:
    """Structural features of an article (title and lead signals, where it happens).

    ``region`` is where the whole article is about, ``title_region`` what its headline names:
    editors file by the headline's place first (朝阳数字经济核心区怎么建 is regional news).
    """
    names = signals().names
    lead = text[:LEAD_CHARS]
    title_vals: list[float] = []
    lead_vals: list[float] = []
    fired: list[tuple[int, str]] = []
    for name in names:
        t = _hits(name, title)
        title_vals.append(min(t, 2) / 2)
        lead_vals.append(min(math.log1p(_hits(name, lead)) / math.log(6), 1.0))
        if t:
            fired.append((t, name))
    where = [1.0 if region.scope == w else 0.0 for w in WHERE]
    where += [1.0 if title_region.scope == w else 0.0 for w in WHERE]
    if title_region.scope in ("home", "province", "abroad"):
        fired.append((2, f"where_{title_region.scope}"))
    fired.sort(key=lambda item: -item[0])
    return Structure(tuple(title_vals + lead_vals + where), tuple(n for _, n in fired))
