"""Section choice: a learned model over topic and structure, or descriptions when untrained.

Learned (``SectionModel``, scikit-learn): logistic regression over three explainable blocks,

* the headline's character 1–2-grams (TF-IDF),
* the words of headline and lead (jieba, TF-IDF),
* the structural signals of ``features.py`` (who acts, where, what kind of text, and who the
  headline is about: its first-named actor), weighted per block (``BLOCK_WEIGHTS``).

Untrained (``zero_shot_scores``): each section is described by its name, description and
keywords; an article scores by the keywords it contains, the words it shares with the
description, and how well its structural signals match the signals the description names
(a description saying 政府部门…印发的政策文件 asks for a ministry or local government actor
and a policy document), whether the headline's subject is an actor the description names
(美国、日本…外国企业: a foreign subject) and whether its place is the one the description
asks for (国外, 地方与区域, 全国). The home-region section takes articles about the home
province.

Both give a score for every section of the template, summing to 1, and a reason in words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from jianbao.analyze.document import Document
from jianbao.analyze.features import (
    Structure,
    feature_names,
    signals,
    structure,
    subjects_named,
)
from jianbao.analyze.regions import locate
from jianbao.analyze.segment import segment
from jianbao.models import Region
from jianbao.settings import SectionConfig, TemplateConfig

# Weights of the structural blocks against the TF-IDF blocks (cross-validated on seeds 000 and
# 001 with benchmarks/bench_classify.py: headline signals count fully, lead signals half, the
# body's region a little, the headline's region fully). The headline's subject counts fully and
# the lead's half, like the signals: a grid over 0.5-2 for each block (2026-12-02, CV 001, CV
# 000 and the held-out proxy) is flat within one or two items around these values.
BLOCK_WEIGHTS = {
    "title": 1.0,
    "lead": 0.5,
    "where": 0.3,
    "title_where": 1.0,
    "subject": 1.0,
    "lead_subject": 0.5,
}
LOGREG_C = 1.0  # regularisation; larger overfits the 30-40 items of one issue
# Share of the description scores mixed into learned scores. 0-0.1 tie on every benchmark
# figure; more costs 000 (sections named, not described) and gains nothing on 001's held-out
# proxy; a geometric blend measured no better (2026-12-02).
PRIOR_BLEND = 0.1
# Zero-shot evidence weights.
KEYWORD_TITLE, KEYWORD_LEAD = 3.0, 1.0  # a keyword in the headline says more than in the body
STRUCT_MATCH = 4.0  # a structural signal the description asks for
SUBJECT_MATCH = 4.0  # the headline's subject is an actor the description names (as a signal)
DESCRIPTION_OVERLAP = 6.0  # cosine of shared words between article and description
HOME_BONUS = 8.0  # the article is about the home province and the section is its section
ZERO_SHOT_TEMPERATURE = 2.0  # softmax temperature turning evidence into scores
HOME_SECTION_WORDS = ("省内", "本省", "本地", "区内", "市内", "home_region", "所在省")
ABROAD_WORDS = ("全球", "国际", "海外", "国外", "境外", "外国", "跨国")
NATIONAL_WORDS = ("全国", "国内", "国家层面", "我国")
# A description naming these asks for other provinces' and cities' news (运营竞争: 地方与区域);
# not read when the section is the home province's.
PROVINCE_WORDS = ("地方", "区域", "各地", "各省", "自治区", "直辖市")


def _tokens(doc: Sequence[str]) -> Sequence[str]:
    """Identity analyzer: documents reach the vectorizer already segmented."""
    return doc


@dataclass(frozen=True, slots=True)
class SectionChoice:
    """The chosen section, the score of every section, and why."""

    section: str
    scores: dict[str, float]
    reason: str


# -- structure as a vector -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _block_weights() -> np.ndarray[Any, np.dtype[np.float64]]:
    weights = [BLOCK_WEIGHTS[name.split(":", 1)[0]] for name in feature_names()]
    return np.array(weights, dtype=np.float64)


def structure_vector(doc: Document) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The weighted structural features of a document."""
    return np.array(doc.structure.values, dtype=np.float64) * _block_weights()


def distinct(labels: Iterable[str]) -> list[str]:
    """Evidence labels once each, in order, without one that repeats an earlier label's detail
    (企业 after 标题主体：企业)."""
    kept: list[str] = []
    for label in labels:
        if label and label not in kept and not any(k.endswith(f"：{label}") for k in kept):
            kept.append(label)
    return kept


# -- learned model --------------------------------------------------------------------------


class SectionModel:
    """Logistic regression over headline characters, words and structure (see module doc)."""

    def __init__(self, sections: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.sections = tuple(sections)
        self.chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
        self.words = TfidfVectorizer(analyzer=_tokens, sublinear_tf=True)
        self.classifier = LogisticRegression(C=LOGREG_C, max_iter=3000, class_weight="balanced")

    def _matrix(self, docs: Sequence[Document], fit: bool) -> Any:
        from scipy.sparse import csr_matrix, hstack

        titles = [d.title for d in docs]
        words = [list(d.words) for d in docs]
        if fit:
            a = self.chars.fit_transform(titles)
            b = self.words.fit_transform(words)
        else:
            a = self.chars.transform(titles)
            b = self.words.transform(words)
        c = csr_matrix(np.vstack([structure_vector(d) for d in docs]))
        return hstack([a, b, c]).tocsr()

    def fit(self, docs: Sequence[Document], labels: Sequence[str]) -> SectionModel:
        """Train on documents and their sections."""
        self.classifier.fit(self._matrix(docs, fit=True), list(labels))
        return self

    def probabilities(self, docs: Sequence[Document]) -> list[dict[str, float]]:
        """For each document, the probability of each trained section."""
        return [probs for probs, _ in self.explain(docs, with_terms=False)]

    def _names(self) -> tuple[list[str], list[str]]:
        # get_feature_names_out sorts the vocabulary on every call: keep it once per model
        cached: tuple[list[str], list[str]] | None = getattr(self, "_feature_names", None)
        if cached is None:
            cached = (
                [str(x) for x in self.chars.get_feature_names_out()],
                [str(x) for x in self.words.get_feature_names_out()],
            )
            self._feature_names = cached
        return cached

    def explain(
        self, docs: Sequence[Document], *, with_terms: bool = True, limit: int = 3
    ) -> list[tuple[dict[str, float], dict[str, list[str]]]]:
        """Per document: section probabilities, and the strongest evidence for each section.

        The evidence of a section lists the headline n-grams, words and structural signals with
        the largest positive contributions (feature value x coefficient) to it.
        """
        matrix = self._matrix(docs, fit=False)
        probabilities = self.classifier.predict_proba(matrix)
        classes = [str(c) for c in self.classifier.classes_]
        results: list[tuple[dict[str, float], dict[str, list[str]]]] = []
        for row_index, row in enumerate(probabilities):
            probs = dict(zip(classes, map(float, row), strict=True))
            terms: dict[str, list[str]] = {}
            if with_terms:
                best = max(probs, key=lambda c: probs[c])
                terms[best] = self._terms(matrix.getrow(row_index), classes, best, limit)
            results.append((probs, terms))
        return results

    def _terms(self, row: Any, classes: list[str], section: str, limit: int) -> list[str]:
        coo = row.tocoo()
        if len(classes) > 2:
            coef = self.classifier.coef_[classes.index(section)]
        else:
            coef = self.classifier.coef_[0] * (1 if section == classes[1] else -1)
        char_names, word_names = self._names()
        n_chars, n_words = len(char_names), len(word_names)
        struct_names = feature_names()
        labels = signals().labels
        scored: list[tuple[float, str]] = []
        for col, value in zip(coo.col, coo.data, strict=True):
            contribution = float(value * coef[col])
            if contribution <= 0:
                continue
            if col < n_chars:
                name = char_names[col]
                if len(name.strip()) < 2:
                    continue
                label = f"标题含“{name}”"
            elif col < n_chars + n_words:
                word = word_names[col - n_chars]
                if len(word) < 2:  # 的, 了, 后: function words say nothing to an editor
                    continue
                label = f"“{word}”"
            else:
                kind, _, signal = struct_names[col - n_chars - n_words].partition(":")
                if kind in ("where", "title_where"):
                    label = f"地区：{labels.get(f'where_{signal}', signal)}"
                elif kind in ("subject", "lead_subject"):
                    label = labels.get(f"{kind}_{signal}", signal)
                else:
                    label = labels.get(signal, signal)
            scored.append((contribution, label))
        scored.sort(key=lambda item: -item[0])
        return distinct(label for _, label in scored)[:limit]


# -- zero-shot ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectionProfile:
    """What a section's name, description and keywords ask for."""

    name: str
    keywords: tuple[str, ...]
    words: frozenset[str]
    signals: frozenset[str]  # structural signal names the description mentions
    where: frozenset[str]  # home / national / abroad / province
    subjects: frozenset[str]  # who the description says acts (features.subjects_named)


def profile(section: SectionConfig, home_region: str | None) -> SectionProfile:
    """Read a section's description the way an article is read."""
    text = f"{section.name} {section.description} {' '.join(section.keywords)}"
    blank = Region("unknown")
    described: Structure = structure(text, "", blank, blank)
    names = feature_names()
    fired = {
        names[i].split(":", 1)[1]
        for i, v in enumerate(described.values)
        if v and names[i].startswith("title:")
    }
    where: set[str] = set()
    if any(w in text for w in HOME_SECTION_WORDS) or (home_region and home_region in text):
        where.add("home")
    if any(w in text for w in ABROAD_WORDS) or locate(text, "").scope == "abroad":
        where.add("abroad")
    if any(w in text for w in NATIONAL_WORDS):
        where.add("national")
    if "home" not in where and any(w in text for w in PROVINCE_WORDS):
        where.add("province")
    return SectionProfile(
        name=section.name,
        keywords=tuple(section.keywords),
        words=frozenset(w for w in segment(text) if len(w) >= 2),
        signals=frozenset(fired),
        where=frozenset(where),
        subjects=subjects_named(text),
    )


def zero_shot_scores(
    doc: Document, template: TemplateConfig
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Scores of every section (sum 1) from descriptions, keywords and structure; and why."""
    raw: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    doc_words = {w for w in doc.words if len(w) >= 2}
    title_signals = set(doc.structure.fired)
    names = signals().names
    lead_signals = {
        names[i]
        for i, v in enumerate(doc.structure.values[len(names) : 2 * len(names)])
        if v >= 0.5
    }
    labels = signals().labels
    for section in template.sections:
        prof = _profile_cached(section, template.home_region)
        score = 0.0
        found: list[str] = []
        for keyword in prof.keywords:
            if keyword in doc.title:
                score += KEYWORD_TITLE
                found.append(keyword)
            elif keyword in doc.lead[:600]:
                score += KEYWORD_LEAD
                found.append(keyword)
        for signal in prof.signals:
            if signal in title_signals:
                score += STRUCT_MATCH
                found.insert(0, labels.get(signal, signal))
            elif signal in lead_signals:
                score += STRUCT_MATCH / 2
        if prof.words and doc_words:
            overlap = len(prof.words & doc_words) / math.sqrt(len(prof.words) * len(doc_words))
            score += DESCRIPTION_OVERLAP * overlap
        if doc.structure.subject in prof.subjects:
            score += SUBJECT_MATCH
            subject_label = f"subject_{doc.structure.subject}"
            found.insert(0, labels.get(subject_label, subject_label))
        scope = doc.structure.scope if doc.structure.scope != "unknown" else doc.region.scope
        if scope in prof.where:
            score += HOME_BONUS if scope == "home" else STRUCT_MATCH
            found.insert(0, f"地区：{labels.get('where_' + scope, scope)}")
        elif "home" in prof.where and scope in ("province", "abroad"):
            score -= HOME_BONUS  # another province's news is not this editor's 省内资讯
        raw[section.name] = score
        evidence[section.name] = found
    top = max(raw.values())
    exp = {name: math.exp((value - top) / ZERO_SHOT_TEMPERATURE) for name, value in raw.items()}
    total = sum(exp.values())
    return {name: value / total for name, value in exp.items()}, evidence


_PROFILES: dict[tuple[str, str, tuple[str, ...], str | None], SectionProfile] = {}


def _profile_cached(section: SectionConfig, home_region: str | None) -> SectionProfile:
    cache_key = (section.name, section.description, tuple(section.keywords), home_region)
    found = _PROFILES.get(cache_key)
    if found is None:
        found = _PROFILES[cache_key] = profile(section, home_region)
    return found


def choose_many(
    docs: Sequence[Document], template: TemplateConfig, model: SectionModel | None = None
) -> list[SectionChoice]:
    """The section of each document: learned scores blended with the descriptions if trained."""
    names = [s.name for s in template.sections]
    learned = model.explain(docs) if model is not None and docs else []
    choices: list[SectionChoice] = []
    for n, doc in enumerate(docs):
        prior, evidence = zero_shot_scores(doc, template)
        if model is None:
            best = max(names, key=lambda k: (prior[k], -names.index(k)))
            why = "、".join(distinct(evidence[best])[:4]) or "无明显特征，按栏目说明的相似度"
            choices.append(SectionChoice(best, prior, f"按栏目说明：{why}"))
            continue
        probs, terms = learned[n]
        scores = {k: (1 - PRIOR_BLEND) * probs.get(k, 0.0) + PRIOR_BLEND * prior[k] for k in names}
        total = sum(scores.values()) or 1.0
        scores = {k: v / total for k, v in scores.items()}
        best = max(names, key=lambda k: (scores[k], -names.index(k)))
        found = terms.get(best, [])  # empty when the descriptions changed the winner
        why = "、".join(found) or "与往期该栏目的条目相似"
        choices.append(SectionChoice(best, scores, f"往期示例学习：{why}"))
    return choices


def choose(
    doc: Document, template: TemplateConfig, model: SectionModel | None = None
) -> SectionChoice:
    """The section for one document (see :func:`choose_many`)."""
    return choose_many([doc], template, model)[0]
