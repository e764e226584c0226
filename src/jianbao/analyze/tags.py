"""Tags: the editors' own 标签 vocabulary first, then new key phrases of the article.

Vocabulary tags (learned from the examples) rank by where they occur (headline or lead) and by
how often the nearest examples carry them; key phrases rank by TF-IDF over jieba words with
jieba's IDF table, industry-dictionary words weighing INDUSTRY_BOOST times more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from jianbao.analyze.document import Document
from jianbao.analyze.segment import industry_words

MAX_TAGS = 5
INDUSTRY_BOOST = 2.0
TITLE_BOOST = 2.0
DEFAULT_IDF = 8.0  # jieba's median IDF, for words its table lacks
MIN_PHRASE_CHARS = 2
_SPLIT = re.compile(r"[\s,，、;；/|]+")


def split_tags(raw: str | None) -> list[str]:
    """The tags of a 标签 line (several may share it: 人工智能、大模型)."""
    if not raw:
        return []
    return [t for t in (x.strip() for x in _SPLIT.split(raw)) if t]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words never offered as key phrases (data/analyze/stopwords.txt)."""
    raw = resources.files("jianbao").joinpath("data", "analyze", "stopwords.txt").read_text("utf-8")
    return frozenset(x.strip() for x in raw.splitlines() if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=1)
def _idf() -> dict[str, float]:
    table: dict[str, float] = {}
    try:
        # jieba's own IDF table, read directly: importing jieba.analyse leaks a file handle
        path = resources.files("jieba").joinpath("analyse", "idf.txt")
        for line in path.read_text("utf-8").splitlines():
            word, _, value = line.partition(" ")
            if value:
                table[word] = float(value)
    except (OSError, ValueError, ModuleNotFoundError):  # pragma: no cover - jieba is a dependency
        pass
    return table


@lru_cache(maxsize=1)
def _industry() -> frozenset[str]:
    return frozenset(w.lower() for w, _, _ in industry_words())


def key_phrases(doc: Document, limit: int = MAX_TAGS) -> list[str]:
    """New key phrases: TF-IDF over the words of headline and lead."""
    idf = _idf()
    industry = _industry()
    stop = stopwords()
    counts: Counter[str] = Counter(
        w for w in doc.words if len(w) >= MIN_PHRASE_CHARS and w not in stop and not w.isdigit()
    )
    title = set(doc.title_words)
    scored = []
    for word, count in counts.items():
        weight = count * idf.get(word, DEFAULT_IDF)
        if word in industry:
            weight *= INDUSTRY_BOOST
        if word in title:
            weight *= TITLE_BOOST
        scored.append((weight, word))
    scored.sort(key=lambda item: -item[0])
    return [_display(doc, word) for _, word in scored[:limit]]


def _display(doc: Document, word: str) -> str:
    """The word as the article writes it (segment lower-cases ASCII: ai -> AI)."""
    if re.search(r"[a-z]", word):
        match = re.search(re.escape(word), doc.title + " " + doc.lead, re.I)
        if match:
            return match.group(0)
    return word


def rank_tags(
    doc: Document,
    vocabulary: dict[str, int],
    neighbour_tags: Iterable[tuple[str, float]] = (),
    limit: int = MAX_TAGS,
) -> list[str]:
    """Ranked tags: vocabulary tags found in the article or carried by its neighbours first."""
    scores: dict[str, float] = {}
    for tag in vocabulary:
        if tag in doc.title:
            scores[tag] = 3.0
        elif tag in doc.lead:
            scores[tag] = 1.0 + min(doc.lead.count(tag), 4) * 0.25
    for tag, similarity in neighbour_tags:
        if tag in vocabulary:
            scores[tag] = scores.get(tag, 0.0) + 2.0 * similarity
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    ranked = [tag for tag, score in ordered if score >= 1.0]
    for phrase in key_phrases(doc, limit):
        if len(ranked) >= limit:
            break
        if phrase not in ranked and not any(phrase in t or t in phrase for t in ranked):
            ranked.append(phrase)
    return ranked[:limit]
