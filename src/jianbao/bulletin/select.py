"""Choosing what goes into an issue: rank candidates, one per story, nothing published twice.

Pure functions over records. ``rank_articles`` orders the period's articles best first so that
``build_bulletin`` (which fills each section's quota in the order it is given) takes the best
ones; ``arrange`` then places items in the tagged layout's subsections and gives them tags.

Ranking uses what the analysis stages know when they know it (:class:`Signals`: relevance,
cluster, source authority) and falls back to what every article has (recency, text quality)
when they do not; the signals' neutral defaults leave the order to the fallbacks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from jianbao.bulletin.render._context import LAYOUT_FIELDS
from jianbao.models import Article, Bulletin, BulletinItem
from jianbao.settings import SectionConfig, SubsectionConfig, TemplateConfig

# Weights of the ranking score (they sum to 1). Hand-set: there is no labelled ranking data
# yet; relevance leads because an irrelevant item is the worst mistake an editor can see.
W_RELEVANCE = 0.35
W_AUTHORITY = 0.15
W_CLUSTER = 0.15
W_RECENCY = 0.20
W_QUALITY = 0.15
NEUTRAL = 0.5  # the value of a signal nobody has computed: it moves no article up or down
RELEVANCE_FLOOR = 0.3  # below this an analysed article is not bulletin material
CLUSTER_SATURATION = 8  # a story covered by 8 outlets is as big as stories get here
# Character-bigram Jaccard of two titles at or above which they tell the same story
# (reposts with a changed prefix or suffix score 0.6-0.9; different stories rarely pass 0.4).
TITLE_NEAR_DUP = 0.6
# Text lengths (characters) a bulletin item is comfortable with: shorter is a stub, much longer
# is a report that the editor would have to cut.
GOOD_TEXT_MIN = 200
GOOD_TEXT_MAX = 6000
TITLE_LENGTH = (6, 60)
TITLE_WEIGHT = 3.0  # a subsection keyword in the title says more than one in the lead
LEAD_CHARS = 600

AUTHORITY_SCORE: dict[str, float] = {
    "government": 1.0,
    "official_media": 0.85,
    "industry_media": 0.65,
    "company": 0.5,
    "other": 0.35,
}


@dataclass(frozen=True, slots=True)
class Signals:
    """What analysis knows about one article; every field is optional."""

    relevance: float | None = None  # 0..1
    cluster_id: str | None = None
    cluster_size: int = 1
    authority: str | None = None  # a SourceConfig.authority value


@dataclass(frozen=True, slots=True)
class PublishedItem:
    """An article that appeared in a published issue, and when that issue was published."""

    article_id: str
    title: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Ranking:
    """Articles best first, their scores, and how many were dropped for which reason."""

    articles: tuple[Article, ...]
    scores: dict[str, float]
    dropped: dict[str, int] = field(default_factory=dict)


def _bigrams(title: str) -> frozenset[str]:
    chars = [c for c in title.lower() if not c.isspace()]
    return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _recency(when: datetime | None, start: datetime, end: datetime) -> float:
    if when is None:
        return NEUTRAL
    span = max((end - start).total_seconds(), 86400.0)
    age = (end.replace(hour=23, minute=59) - when.replace(tzinfo=None)).total_seconds()
    return min(1.0, max(0.0, 1.0 - age / span))


def _quality(article: Article) -> float:
    n = len(article.text)
    if n < GOOD_TEXT_MIN:
        score = 0.2 + 0.8 * n / GOOD_TEXT_MIN
    elif n > GOOD_TEXT_MAX:
        score = max(0.6, 1.0 - (n - GOOD_TEXT_MAX) / (4 * GOOD_TEXT_MAX))
    else:
        score = 1.0
    if not TITLE_LENGTH[0] <= len(article.title) <= TITLE_LENGTH[1]:
        score *= 0.8
    if article.malformed:
        score *= 0.5
    if article.published is None:
        score *= 0.9
    return score


def score_article(
    article: Article, signals: Signals, start: datetime, end: datetime
) -> dict[str, float]:
    """The ranking score of one article and its parts (for explaining the order)."""
    size = max(1, signals.cluster_size)
    parts = {
        "relevance": NEUTRAL if signals.relevance is None else signals.relevance,
        "authority": AUTHORITY_SCORE.get(signals.authority or "", NEUTRAL),
        "cluster": min(1.0, math.log2(1 + size) / math.log2(1 + CLUSTER_SATURATION)),
        "recency": _recency(article.published, start, end),
        "quality": _quality(article),
    }
    parts["score"] = (
        W_RELEVANCE * parts["relevance"]
        + W_AUTHORITY * parts["authority"]
        + W_CLUSTER * parts["cluster"]
        + W_RECENCY * parts["recency"]
        + W_QUALITY * parts["quality"]
    )
    return parts


class _Stories:
    """Title-similarity groups: the fallback for cluster ids until analysis provides them."""

    def __init__(self) -> None:
        self._titles: list[frozenset[str]] = []
        self._index: dict[str, set[int]] = {}

    def find(self, title: frozenset[str]) -> int | None:
        candidates: set[int] = set()
        for gram in title:
            candidates |= self._index.get(gram, set())
        best = max(candidates, key=lambda i: _jaccard(title, self._titles[i]), default=None)
        if best is not None and _jaccard(title, self._titles[best]) >= TITLE_NEAR_DUP:
            return best
        return None

    def add(self, title: frozenset[str]) -> int:
        self._titles.append(title)
        n = len(self._titles) - 1
        for gram in title:
            self._index.setdefault(gram, set()).add(n)
        return n


def rank_articles(
    articles: Sequence[Article],
    start: datetime,
    end: datetime,
    *,
    signals: Mapping[str, Signals] | None = None,
    published: Iterable[PublishedItem] = (),
) -> Ranking:
    """Order ``articles`` best first, one per story, leaving out what was published before.

    An article already in a published issue is left out; so is another article of the same
    story (same cluster id, or a near-identical title) unless it appeared after that issue
    was published: then it is a new development and competes like any other.
    """
    signals = signals or {}
    none = Signals()
    dropped: dict[str, int] = {}
    scores: dict[str, float] = {}
    for article in articles:
        scores[article.id] = score_article(article, signals.get(article.id, none), start, end)[
            "score"
        ]
    order = sorted(
        articles,
        key=lambda a: (-scores[a.id], -(a.published or datetime.min).timestamp(), a.id),
    )

    seen_ids = {p.article_id: p for p in published}
    old_clusters: dict[str, datetime] = {}
    old_titles = _Stories()
    old_when: list[datetime] = []
    for item in seen_ids.values():
        cluster = signals.get(item.article_id, none).cluster_id
        if cluster:
            old_clusters[cluster] = max(
                item.published_at, old_clusters.get(cluster, item.published_at)
            )
        old_titles.add(_bigrams(item.title))
        old_when.append(item.published_at)

    def newer(article: Article, than: datetime) -> bool:
        return article.published is not None and article.published.replace(tzinfo=None) > than

    kept: list[Article] = []
    kept_clusters: set[str] = set()
    stories = _Stories()
    for article in order:
        sig = signals.get(article.id, none)
        reason = None
        title = _bigrams(article.title)
        if article.id in seen_ids:
            reason = "published_before"
        elif sig.relevance is not None and sig.relevance < RELEVANCE_FLOOR:
            reason = "irrelevant"
        elif sig.cluster_id and sig.cluster_id in old_clusters:
            if not newer(article, old_clusters[sig.cluster_id]):
                reason = "published_before"
        elif (old := old_titles.find(title)) is not None and not newer(article, old_when[old]):
            reason = "published_before"
        if reason is None:
            if sig.cluster_id:
                if sig.cluster_id in kept_clusters:
                    reason = "same_story"
                kept_clusters.add(sig.cluster_id)
            elif stories.find(title) is not None:
                reason = "same_story"
        if reason:
            dropped[reason] = dropped.get(reason, 0) + 1
            continue
        stories.add(title)
        kept.append(article)
    return Ranking(tuple(kept), scores, dropped)


# -- after build_bulletin: subsections, tags, style ----------------------------------------


def _keyword_score(keywords: Sequence[str], title: str, lead: str) -> float:
    return sum(TITLE_WEIGHT if k in title else 1.0 if k in lead else 0.0 for k in keywords)


def choose_subsection(
    item: BulletinItem, section: SectionConfig, taken: Mapping[str, int]
) -> str | None:
    """The best subsection of ``section`` with room left for ``item`` (None when all are full).

    Keyword evidence decides; without any, the catch-all subsection (one with no keywords)
    takes the item, else the last one.
    """
    lead = (item.text or item.summary)[:LEAD_CHARS]
    subs = section.subsections
    catch_all = next((s for s in subs if not s.keywords), subs[-1])

    def rank(sub: SubsectionConfig) -> tuple[float, int]:
        score = _keyword_score(sub.keywords, item.title, lead)
        return (score if score else (0.5 if sub is catch_all else 0.0), -subs.index(sub))

    for sub in sorted(subs, key=rank, reverse=True):
        if taken.get(sub.name, 0) < sub.quota:
            return sub.name
    return None


def choose_tag(title: str, text: str, vocabulary: Sequence[str]) -> str | None:
    """The 标签 of an item: the vocabulary word its title names first, else its text most."""
    in_title = [(title.find(t), n) for n, t in enumerate(vocabulary) if t and t in title]
    if in_title:
        return vocabulary[min(in_title)[1]]
    counts = [(text.count(t), -n) for n, t in enumerate(vocabulary) if t and t in text]
    return vocabulary[-max(counts)[1]] if counts else None


def arrange(bulletin: Bulletin, template: TemplateConfig) -> tuple[Bulletin, int]:
    """Place items into subsections and give them tags; return the bulletin and items dropped.

    Items keep their rank order inside each (sub)section; positions are renumbered 1..n in
    reading order. An item for which every subsection is full is dropped and counted.
    """
    fields = tuple(template.fields) or LAYOUT_FIELDS.get(template.layout, ("summary", "source"))
    want_tags = "tag" in fields and bool(template.tags)
    by_name = {s.name: s for s in template.sections}
    placed: list[tuple[int, int, int, BulletinItem]] = []
    taken: dict[tuple[str, str], int] = {}
    dropped = 0
    for rank, item in enumerate(bulletin.items):
        section = by_name.get(item.section)
        order = list(by_name).index(item.section) if section else len(by_name)
        sub_order = 0
        if section is not None and section.subsections:
            counts = {name: n for (sec, name), n in taken.items() if sec == section.name}
            sub = choose_subsection(item, section, counts)
            if sub is None:
                dropped += 1
                continue
            taken[(section.name, sub)] = taken.get((section.name, sub), 0) + 1
            sub_order = [s.name for s in section.subsections].index(sub)
            item = replace(item, subsection=sub)
        if want_tags and not item.tag:
            item = replace(
                item, tag=choose_tag(item.title, item.text or item.summary, template.tags)
            )
        placed.append((order, sub_order, rank, item))
    placed.sort(key=lambda p: p[:3])
    items = tuple(replace(p[3], position=n) for n, p in enumerate(placed, 1))
    return replace(bulletin, items=items), dropped
