"""A template's trained model: section classifier, tag vocabulary, example index; and analyze.

``train(examples, template)`` is pure (examples in, :class:`TemplateModel` out); saving and
loading it is the store's job (``store/modelfiles.py``). ``analyze(title, text, template,
model)`` runs every step on one article and returns an :class:`~jianbao.models.Analysis`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from jianbao.analyze import relevance as rel
from jianbao.analyze.classify import SectionModel, _tokens, choose_many
from jianbao.analyze.document import Document, prepare
from jianbao.analyze.tags import rank_tags, split_tags
from jianbao.errors import ArchiveError
from jianbao.models import Analysis, Example
from jianbao.settings import TemplateConfig

MIN_SECTIONS_WITH_EXAMPLES = 2  # a classifier needs at least two classes to tell apart
NEIGHBOURS = 3  # examples whose tags an article inherits
CV_FOLDS = 5


@dataclass
class TemplateModel:
    """Everything ``train`` learns for one template."""

    template: str
    sections: tuple[str, ...]
    section_model: SectionModel | None
    vocabulary: dict[str, int]  # tag -> how many examples carry it
    example_tags: list[tuple[str, ...]] = field(default_factory=list)
    index: Any = None  # TF-IDF of the examples' words (sparse matrix), for neighbours
    index_vectorizer: Any = None
    centroid: Any = None  # mean TF-IDF of the examples: the domain as the editor sees it
    version: int = 0
    trained_at: str = ""
    data_hash: str = ""
    examples: int = 0
    metrics: dict[str, float] = field(default_factory=dict)

    @property
    def version_label(self) -> str:
        """``monthly/v3``."""
        return f"{self.template}/v{self.version}"


def data_hash(examples: Sequence[Example]) -> str:
    """SHA-256 of the training data (section, title, text, tag of every example, in order)."""
    digest = hashlib.sha256()
    for e in sorted(examples, key=lambda e: (e.section, e.title, e.text)):
        record = [e.template, e.section, e.subsection, e.title, e.text, e.tag]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _documents(examples: Sequence[Example], home: str | None) -> list[Document]:
    return [prepare(e.title, e.text or e.summary or "", home) for e in examples]


def cross_validate(
    docs: Sequence[Document], labels: Sequence[str], folds: int = CV_FOLDS
) -> float | None:
    """Stratified k-fold accuracy of the section model (None when too few examples)."""
    from sklearn.model_selection import StratifiedKFold

    counts = Counter(labels)
    usable = [i for i, label in enumerate(labels) if counts[label] >= 2]
    if len({labels[i] for i in usable}) < MIN_SECTIONS_WITH_EXAMPLES:
        return None
    k = min(folds, min(counts[labels[i]] for i in usable))
    if k < 2:
        return None
    y = np.array([labels[i] for i in usable])
    hits = 0
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
    for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
        model = SectionModel(sorted(set(y))).fit(
            [docs[usable[i]] for i in train_idx], [str(y[i]) for i in train_idx]
        )
        for i, probs in zip(
            test_idx, model.probabilities([docs[usable[i]] for i in test_idx]), strict=True
        ):
            hits += max(probs, key=lambda s: probs[s]) == y[i]
    return hits / len(y)


def train(
    examples: Sequence[Example],
    template: TemplateConfig,
    *,
    version: int = 1,
    evaluate: bool = True,
) -> TemplateModel:
    """Learn the template's section model, tag vocabulary and example index."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    known = {s.name for s in template.sections}
    usable = [e for e in examples if e.section in known and (e.title or e.text)]
    sections_seen = {e.section for e in usable}
    if len(sections_seen) < MIN_SECTIONS_WITH_EXAMPLES:
        raise ArchiveError(
            f'template "{template.name}" has examples in {len(sections_seen)} of its '
            f"{len(known)} sections; training needs at least {MIN_SECTIONS_WITH_EXAMPLES}.",
            code="E511",
            hint="Import past bulletins with `jianbao archive import FILE --template "
            f"{template.name}`; `analyze` already works without training.",
        )
    docs = _documents(usable, template.home_region)
    labels = [e.section for e in usable]
    section_model = SectionModel([s.name for s in template.sections]).fit(docs, labels)
    vocabulary: Counter[str] = Counter()
    example_tags = []
    for e in usable:
        tags = tuple(split_tags(e.tag))
        example_tags.append(tags)
        vocabulary.update(tags)
    vectorizer = TfidfVectorizer(analyzer=_tokens, sublinear_tf=True)
    index = vectorizer.fit_transform([list(d.words) for d in docs])
    centroid = np.asarray(index.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    metrics: dict[str, float] = {}
    if evaluate:
        accuracy = cross_validate(docs, labels)
        if accuracy is not None:
            metrics["cv_section_accuracy"] = round(accuracy, 4)
    return TemplateModel(
        template=template.name,
        sections=tuple(s.name for s in template.sections),
        section_model=section_model,
        vocabulary=dict(vocabulary),
        example_tags=example_tags,
        index=index,
        index_vectorizer=vectorizer,
        centroid=centroid / norm if norm else centroid,
        version=version,
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        data_hash=data_hash(usable),
        examples=len(usable),
        metrics=metrics,
    )


def _neighbours(
    docs: Sequence[Document], model: TemplateModel
) -> list[tuple[list[tuple[str, float]], float]]:
    """Per document: tags of the nearest examples (with similarity), likeness to the centroid."""
    if model.index is None or model.index_vectorizer is None or not docs:
        return [([], 0.0) for _ in docs]
    vectors = model.index_vectorizer.transform([list(d.words) for d in docs])
    similarities = (vectors @ model.index.T).toarray()
    likeness = vectors @ model.centroid if model.centroid is not None else np.zeros(len(docs))
    result = []
    for n in range(len(docs)):
        tags: list[tuple[str, float]] = []
        for i in np.argsort(-similarities[n])[:NEIGHBOURS]:
            for tag in model.example_tags[int(i)]:
                tags.append((tag, float(similarities[n, i])))
        result.append((tags, float(likeness[n])))
    return result


def analyze_many(
    articles: Sequence[tuple[str, str]],
    template: TemplateConfig,
    model: TemplateModel | None = None,
    *,
    threshold: float | None = None,
) -> list[Analysis]:
    """Section, tags, region, relevance and reason for each (title, text), in order.

    Batching lets the vectorizers and the classifier run once per batch instead of once per
    article (most of their cost is per call, not per article).
    """
    docs = [prepare(title, text, template.home_region) for title, text in articles]
    section_model = model.section_model if model else None
    choices = choose_many(docs, template, section_model)
    neighbours = _neighbours(docs, model) if model else [([], 0.0) for _ in docs]
    limit = template.relevance_threshold if threshold is None else threshold
    results = []
    for doc, choice, (neighbour_tags, likeness) in zip(docs, choices, neighbours, strict=True):
        relevance = rel.lexical(doc)
        if model is not None and (doc.title or doc.lead):
            relevance = rel.combine(relevance, likeness)
        tags = rank_tags(doc, model.vocabulary if model else {}, neighbour_tags)
        where = doc.region.label or "未识别"
        reason = f"栏目“{choice.section}”：{choice.reason}；地区：{where}；{relevance.describe()}"
        results.append(
            Analysis(
                template=template.name,
                section=choice.section,
                section_scores={k: round(v, 4) for k, v in choice.scores.items()},
                tags=tuple(tags),
                region=doc.region,
                relevance=round(relevance.score, 4),
                relevant=relevance.score >= limit,
                reason=reason,
                model_version=model.version_label if model else None,
            )
        )
    return results


def analyze(
    title: str,
    text: str,
    template: TemplateConfig,
    model: TemplateModel | None = None,
    *,
    threshold: float | None = None,
) -> Analysis:
    """Section, tags, region, relevance and the reason for one article."""
    return analyze_many([(title, text)], template, model, threshold=threshold)[0]
