"""Relevance to the ICT-industry domain: lexicon evidence, plus likeness to the examples.

Lexical part: distinct ICT phrases (``data/analyze/domain.toml`` and the industry dictionary)
against distinct off-domain phrases (factories, tourism, railways, energy, agriculture …),
headline hits counting TITLE_WEIGHT times, through a logistic curve. Learned part (when the
template has examples): the cosine of the article's words to the examples' centroid.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jianbao.analyze.document import Document
from jianbao.analyze.segment import industry_words

TITLE_WEIGHT = 2.0
LEAD_CHARS = 800
OFF_WEIGHT = 1.2  # an off-domain phrase outweighs a generic ICT one (科技, 数据, 智能)
# Logistic curve: 0 evidence -> 0.12; net 2 ICT phrases -> 0.5; net 5 -> 0.9.
CURVE_MIDPOINT = 2.0
CURVE_SLOPE = 1.0
LEARNED_SHARE = 0.35  # weight of the example likeness when examples exist
LEARNED_FULL = 0.25  # cosine to the examples' centroid that counts as fully in-domain
EMPTY_RELEVANCE = 0.0
# Dictionary sections whose words are not ICT evidence on their own (ministries, companies).
_NOT_EVIDENCE_FROM = "# -- government and institutions"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """ICT and off-domain phrases."""

    ict: tuple[str, ...]
    off: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The domain lexicon, loaded once."""
    raw = tomllib.loads(
        resources.files("jianbao").joinpath("data", "analyze", "domain.toml").read_text("utf-8")
    )
    ict = list(raw["ict"])
    source = resources.files("jianbao").joinpath("data", "dict", "ict_words.txt")
    dictionary = source.read_text("utf-8").split(_NOT_EVIDENCE_FROM, 1)[0]
    allowed = set(dictionary.split())
    ict += [w for w, _, _ in industry_words() if w in allowed and len(w) >= 2]
    return Lexicon(tuple(dict.fromkeys(ict)), tuple(raw["off"]))


@dataclass(frozen=True, slots=True)
class Relevance:
    """A 0-1 relevance and the phrases behind it."""

    score: float
    ict: tuple[str, ...]
    off: tuple[str, ...]

    def describe(self) -> str:
        """The evidence in words."""
        parts = []
        if self.ict:
            parts.append("信通领域词：" + "、".join(self.ict[:4]))
        if self.off:
            parts.append("领域外词：" + "、".join(self.off[:4]))
        return "；".join(parts) or "无信通领域证据"


def lexical(doc: Document) -> Relevance:
    """Relevance from the lexicon alone."""
    if not doc.title and not doc.lead:
        return Relevance(EMPTY_RELEVANCE, (), ())
    lex = lexicon()
    lead = doc.lead[:LEAD_CHARS]
    ict_hits: list[str] = []
    off_hits: list[str] = []
    evidence = 0.0
    for phrase in lex.ict:
        if phrase in doc.title:
            evidence += TITLE_WEIGHT
            ict_hits.append(phrase)
        elif phrase in lead:
            evidence += 1.0
            ict_hits.append(phrase)
    for phrase in lex.off:
        if phrase in doc.title:
            evidence -= OFF_WEIGHT * TITLE_WEIGHT
            off_hits.append(phrase)
        elif phrase in lead:
            evidence -= OFF_WEIGHT
            off_hits.append(phrase)
    # log-compress so a long list of generic words cannot outvote the headline
    net = math.copysign(math.log1p(abs(evidence)) * 2.0, evidence)
    score = 1.0 / (1.0 + math.exp(-CURVE_SLOPE * (net - CURVE_MIDPOINT)))
    ict_hits.sort(key=len, reverse=True)
    return Relevance(score, tuple(ict_hits), tuple(off_hits))


def combine(lex: Relevance, likeness: float | None) -> Relevance:
    """Blend the lexicon with the cosine to the examples' centroid (None: no examples)."""
    if likeness is None:
        return lex
    learned = min(1.0, max(0.0, likeness) / LEARNED_FULL)
    score = (1 - LEARNED_SHARE) * lex.score + LEARNED_SHARE * learned
    return Relevance(score, lex.ict, lex.off)
