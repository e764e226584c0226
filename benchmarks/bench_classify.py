"""Section accuracy and speed of `jianbao analyze` (analyze/model.py) against a baseline.

Quality: stratified 5-fold cross-validation (shuffled, random_state 0, the same folds for
both) on the items of the monthly seed bulletin (001, 40 items, 5 sections) and the tagged
one (000, 39 items, 5 sections), parsed with archive.parse_bulletin:

  baseline  character 1-2-gram TF-IDF of title + text (first 1000 characters) + LinearSVC
  jianbao   analyze.model.train / analyze (headline characters, words, structural signals,
            logistic regression, blended with the template's section descriptions)

Speed: analyze() of 2,000-character articles (seed texts cut or repeated to length) with the
model trained on all of 001, in batches of 64 as `jianbao analyze` reads stdin, one thread
(OMP/OpenBLAS limited to 1), after a warm-up.

Floors (only go up): FLOORS below; the script exits 1 when a figure falls under its floor.

    .venv/bin/python benchmarks/bench_classify.py
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from jianbao.analyze.model import analyze, analyze_many, train  # noqa: E402
from jianbao.archive import parse_bulletin, to_examples  # noqa: E402
from jianbao.models import Example  # noqa: E402
from jianbao.settings import SectionConfig, TemplateConfig, builtin_template  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "archive"
FOLDS = 5
SPEED_ARTICLES = 320
BATCH = 64  # cli/archive.py ANALYZE_BATCH
ARTICLE_CHARS = 2000
# Measured 2026-11 on the 2-core dev box: see docs/decisions/0006-archive-and-analysis.md.
FLOORS = {
    "cv_001_jianbao": 0.80,
    "cv_000_jianbao": 0.60,
    "articles_per_second": 100.0,
}


def seed_examples(prefix: str, template: str) -> tuple[list[Example], TemplateConfig]:
    """The seed's items as examples, and a template with its sections (no descriptions)."""
    path = next(FIXTURES.glob(f"{prefix}_*.txt"))
    bulletin = parse_bulletin(path)
    builtin = {"monthly": builtin_template("monthly")}.get(template)
    config = builtin or TemplateConfig(
        name=template,
        layout=bulletin.layout,  # type: ignore[arg-type]
        section=[SectionConfig(name=s) for s in bulletin.sections],
    )
    return to_examples(bulletin, template, path.name), config


def folds(labels: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    return list(splitter.split(np.zeros(len(labels)), labels))


def baseline_accuracy(examples: list[Example]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    docs = [e.title + " " + e.text[:1000] for e in examples]
    labels = [e.section for e in examples]
    hits = 0
    for train_idx, test_idx in folds(labels):
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
        x = vectorizer.fit_transform([docs[i] for i in train_idx])
        model = LinearSVC().fit(x, [labels[i] for i in train_idx])
        predicted = model.predict(vectorizer.transform([docs[i] for i in test_idx]))
        hits += sum(p == labels[i] for p, i in zip(predicted, test_idx, strict=True))
    return hits / len(examples)


def jianbao_accuracy(examples: list[Example], template: TemplateConfig) -> float:
    labels = [e.section for e in examples]
    hits = 0
    for train_idx, test_idx in folds(labels):
        model = train([examples[i] for i in train_idx], template, evaluate=False)
        for i in test_idx:
            result = analyze(examples[i].title, examples[i].text, template, model)
            hits += result.section == labels[i]
    return hits / len(examples)


def speed(examples: list[Example], template: TemplateConfig) -> float:
    model = train(examples, template, evaluate=False)
    articles = []
    for n in range(SPEED_ARTICLES):
        e = examples[n % len(examples)]
        text = e.text
        while len(text) < ARTICLE_CHARS:
            text += "\n" + e.text
        articles.append((e.title, text[:ARTICLE_CHARS]))
    analyze_many(articles[:20], template, model)  # warm-up: jieba, gazetteer, IDF table
    start = time.perf_counter()
    for i in range(0, len(articles), BATCH):  # as `jianbao analyze` does
        analyze_many(articles[i : i + BATCH], template, model)
    return len(articles) / (time.perf_counter() - start)


def main() -> int:
    warnings.filterwarnings("ignore")
    figures: dict[str, float] = {}
    for prefix, name in (("001", "monthly"), ("000", "tagged-seed")):
        examples, template = seed_examples(prefix, name)
        figures[f"cv_{prefix}_baseline"] = baseline_accuracy(examples)
        figures[f"cv_{prefix}_jianbao"] = jianbao_accuracy(examples, template)
        print(
            f"{prefix} ({template.layout}, {len(examples)} items, {FOLDS}-fold CV): "
            f"baseline {figures[f'cv_{prefix}_baseline']:.1%}, "
            f"jianbao {figures[f'cv_{prefix}_jianbao']:.1%}"
        )
    examples, template = seed_examples("001", "monthly")
    figures["articles_per_second"] = speed(examples, template)
    print(
        f"analyze speed: {figures['articles_per_second']:.0f} articles/s "
        f"({ARTICLE_CHARS}-character articles, one thread, trained monthly model)"
    )
    failed = [k for k, floor in FLOORS.items() if figures[k] < floor]
    for key in failed:
        print(f"BELOW FLOOR: {key} = {figures[key]:.3f} < {FLOORS[key]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
