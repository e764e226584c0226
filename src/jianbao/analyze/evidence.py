"""Event evidence: what two independently written reports of one event share.

Another outlet's report of an event shares few character 4-grams with the first one (own lead,
own sentences, other order), so the shingle rules of :mod:`jianbao.analyze.cluster` miss it.
What it does share are the facts: the figures (2899亿元, 3.6%), the 《documents》, the names
(GPT-4o, 金壮龙, 千帆星座) and the rarer words of headline and lead. This module turns an
article into weighted *terms* of those kinds and scores a pair by their weighted cosine.

- **Words** come from jieba (the tokenizer of ``analyze/segment.py``) over the headline and
  the lead, after organisation aliases are mapped to one name (工信部 -> 工业和信息化部, from
  ``data/story/organisations.tsv``). A word weighs by its rarity: in jieba's general-language
  dictionary (an IDF-like prior), capped by its document frequency in the bundled sample of
  real bulletin articles (the field's own furniture: 营收, 领投); words of the industry
  dictionary are topic words and weigh little, news-template words
  (``data/story/event_stopwords.txt``) nothing. The weights are fixed, not estimated from the
  batch, so a pair is judged alike alone, in an ``analyze`` batch or against the store.
- **Figures** are numbers with their magnitude and measure word (``350.9万个`` -> ``350.9万``);
  specific ones (decimals, magnitudes, three significant digits) weigh most. Dates and years
  are not figures; the days of the month of the lead are kept for a guard.
- **Documents** (《…》 titles) weigh most: two reports naming one document are about it.

:func:`evidence` computes it once per article (pure; about 0.9 ms, most of it jieba on ~270
characters); :func:`similarity` compares two. ``keys`` are the article's heaviest terms, which
:class:`jianbao.analyze.cluster.StoryIndex` indexes to propose pairs that LSH cannot, and the
guards of ``cluster`` use the rest (main document, lead figures, lead days, actors).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from jianbao.analyze.segment import industry_words, tokenizer

# Lead for words: headline plus the first characters of the body. A 快讯 restates the lead of
# the long report, and a rewrite keeps the facts of the lead, whatever its own first sentence.
# bench_cluster.py --sweep, events set F1: 0.938 at 120, 0.945 at 160, 0.970 at 200, 0.976 at
# 250 and 300; jieba on it is most of this module's cost.
WORD_LEAD_CHARS = 250
# jieba's HMM guesses words it does not know and mostly glues characters (将千帆, 日电); without
# it an unknown name falls apart into characters, which are dropped. Events set F1 0.976
# without, 0.964 with; and a fifth faster.
JIEBA_HMM = False
# A headline word counts more: the headline names the event. Sweep (events set F1): 1.0 ->
# 0.958, 1.5 -> 0.976, 2.0 -> 0.982 but merges a different-story pair of cluster_pairs.jsonl.
TITLE_WEIGHT = 1.5
# Word weight from jieba's dictionary frequency f: (ln(total / (f + 1)) - IDF_FLOOR) /
# IDF_SCALE, clipped to [WORD_MIN_WEIGHT, WORD_MAX_WEIGHT]. ln(total/f) is ~9 for 发布 or 增长
# (frequent, weight ~0.1) and ~18 for words jieba has never seen (names: 安蒙, 千帆 -> 2.0).
# Sweep: IDF_FLOOR 8.0 merges a different-story pair of cluster_pairs.jsonl, 10.0 -> 0.951.
IDF_FLOOR = 9.0
IDF_SCALE = 4.0  # set with IDF_FLOOR so that unknown words reach the cap; not swept
WORD_MIN_WEIGHT = 0.1
WORD_MAX_WEIGHT = 2.0
TOPIC_WEIGHT = 0.5  # industry-dictionary words (5G基站, 大模型): shared by a topic, not an event
# Domain prior: a word in many of the bundled sample's real bulletin articles
# (data/sample/articles.jsonl, 104 texts) is news furniture of the field, whatever jieba's
# general dictionary says (营收, 领投 are unknown to it). The weight is capped at
# WORD_MAX_WEIGHT * (ln((N + 1) / (df + 1)) / ln(N + 1)) ** DOMAIN_POWER: 1.45 for a word in
# one sample text, 0.98 in three, 0.47 in ten.
DOMAIN_POWER = 2.0  # 1.0-3.0 score alike on both sets; 2 is the middle
# Figures: a decimal, a magnitude (万/亿) or three significant digits (375款, 2227.5万部) is
# specific; a round or small number (100个城市, 18颗) less so, a bare one barely. Set before
# the sweep and not swept (the figure path of the rule counts specific figures, not weights).
SPECIFIC_FIGURE_WEIGHT = 2.0
PERCENT_WEIGHT = 1.0
COUNT_WEIGHT = 0.7
BARE_NUMBER_WEIGHT = 0.3
DOCUMENT_WEIGHT = 3.0  # 2.0-4.0 score alike on both sets (the main-document guard decides)
DOCUMENT_MIN_CHARS = 6  # 《措施》《通知》 are back-references, not a document's name
# Index keys: the KEY_COUNT heaviest terms weighing more than a topic word (names, specific
# figures, documents, rarer words). On both sets every pair the rules accept shares at least
# cluster.EVENT_KEYS_MIN of them (batch F1 on the events set: KEY_COUNT 12 -> 0.964, 20 and
# 30 -> 0.976; KEY_MIN_WEIGHT 0.5-0.6 -> 0.976, 1.0 -> 0.951: 快讯 pairs lost); on
# bench_process's articles they propose ~15 candidates an article.
KEY_COUNT = 20
KEY_MIN_WEIGHT = 0.6
# Figures and days of the headline and this much lead must not contradict (80-200 alike).
FIGURE_LEAD_CHARS = 120

_KEEP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_DOC_TITLE = re.compile(r"《([^《》]{2,80})》")
_DATE = re.compile(  # 2024年3月20日, 20日, 2024年, 3月: not figures
    r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}[日号](?!\d)"
    r"|\d{4}年(?:\d{1,2}月)?|\d{1,2}月"
)
_DAY = re.compile(r"(?<![\d.])(\d{1,2})日")
_CURRENCIES = ("美元", "欧元", "日元", "韩元", "港元", "英镑", "新台币")
_CURRENCY = "|".join(_CURRENCIES)
# A figure: a number, its magnitude and its measure word (余/多 of 1000余名 skipped). Only
# measure words count as units: 6亿融资 is 6亿, not 6亿融; 3是 is a bare 3.
_UNIT_CHARS = "元个户部台家项款颗辆次名人件条座批种位所倍吨瓦米秒天期届场亩套张本篇份只"
_FIGURE = re.compile(
    r"(?<![\d.A-Za-z/\-])(\d+(?:\.\d+)?)\s*(万亿|千亿|百亿|亿|千万|百万|万|千)?(?:余|多)?"
    rf"(?:(%|个百分点|{_CURRENCY}|[{_UNIT_CHARS}])|(?![\dA-Za-z\-]))"
)
_WORD = re.compile(r"[\u3400-\u9fffa-z]")


@dataclass(frozen=True, slots=True)
class Evidence:
    """An article's event terms: crc32 hashes (sorted, unique) with their weights."""

    hashes: np.ndarray[Any, np.dtype[np.uint32]]
    weights: np.ndarray[Any, np.dtype[np.float32]]
    norm: float  # Euclidean norm of the weights
    figures: frozenset[str]  # the specific figures of the whole text (2899亿, 13.4%)
    lead_figures: frozenset[tuple[str, str]]  # (unit, figure) of headline and lead figures
    lead_days: frozenset[int]  # days of the month of the dates in headline and lead
    main_document: str | None  # the first 《document》 of headline and lead
    # known organisations (data/story/organisations.tsv) named in headline and lead; names
    # found by their endings are left out: 上海垣信卫星科技有限公司 is 上海垣信卫星 in the lead
    # of another report
    actors: frozenset[str]
    keys: tuple[int, ...]  # the heaviest terms, for the candidate index


@lru_cache(maxsize=1)
def _known_names_pattern() -> re.Pattern[str]:
    """The canonical names of ``data/story/organisations.tsv``, longest first."""
    data = resources.files("jianbao").joinpath("data", "story", "organisations.tsv")
    lines = data.read_text(encoding="utf-8").splitlines()
    names = {line.split("\t")[0].strip() for line in lines if line.strip() and line[0] != "#"}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n))


@lru_cache(maxsize=1)
def _aliases() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    data = resources.files("jianbao").joinpath("data", "story", "organisations.tsv")
    mapping: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            for alias in parts[2].split(","):
                if alias.strip() and len(alias.strip()) >= 2:
                    mapping[alias.strip()] = parts[0].strip()
    if not mapping:
        return None, mapping
    alternatives = "|".join(re.escape(a) for a in sorted(mapping, key=len, reverse=True))
    return re.compile(alternatives), mapping


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    data = resources.files("jianbao").joinpath("data", "story", "event_stopwords.txt")
    lines = data.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _topic_words() -> frozenset[str]:
    return frozenset(word.lower() for word, _, _ in industry_words())


@lru_cache(maxsize=1)
def _domain_frequencies() -> tuple[int, dict[str, int]]:
    """Document frequency of each word in the bundled sample articles (computed once, ~0.2 s)."""
    data = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    counts: dict[str, int] = {}
    texts = 0
    for line in data.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        texts += 1
        text = canonical_names(f"{record.get('title') or ''}\n{record['text']}")
        for word in {t.strip().lower() for t in tokenizer().cut(text, HMM=JIEBA_HMM)}:
            counts[word] = counts.get(word, 0) + 1
    return texts, counts


@lru_cache(maxsize=65536)
def _word_weight(word: str) -> float:
    if word in _topic_words():
        return TOPIC_WEIGHT
    jieba = tokenizer()
    idf = math.log(jieba.total / (jieba.FREQ.get(word, 0) + 1))
    weight = min(max((idf - IDF_FLOOR) / IDF_SCALE, WORD_MIN_WEIGHT), WORD_MAX_WEIGHT)
    texts, counts = _domain_frequencies()
    if texts and word in counts:
        share = math.log((texts + 1) / (counts[word] + 1)) / math.log(texts + 1)
        weight = min(weight, WORD_MAX_WEIGHT * share**DOMAIN_POWER)
    return max(weight, WORD_MIN_WEIGHT)


def canonical_names(text: str) -> str:
    """``text`` with organisation aliases replaced by their names (工信部 -> 工业和信息化部)."""
    pattern, mapping = _aliases()
    return pattern.sub(lambda m: mapping[m.group(0)], text) if pattern else text


def figures(text: str) -> list[tuple[str, str, float]]:
    """(unit, key, weight) of every figure in ``text``; dates and years are left out."""
    found = []
    for match in _FIGURE.finditer(_DATE.sub("|", text)):
        value, magnitude, unit = match.group(1), match.group(2) or "", match.group(3) or ""
        digits = value.replace(".", "").lstrip("0")
        if "." in value or magnitude or (len(digits.rstrip("0")) >= 3):
            weight = SPECIFIC_FIGURE_WEIGHT
        elif unit in ("%", "个百分点"):
            weight = PERCENT_WEIGHT
        elif unit:
            weight = COUNT_WEIGHT
        else:
            weight = BARE_NUMBER_WEIGHT
        # 2899亿 and 2899亿元 are one figure; 18颗 and 18个 are not
        key = value + magnitude + (unit if not magnitude or unit in _CURRENCIES else "")
        found.append((magnitude + unit, key, weight))
    return found


def _document_key(title: str) -> str:
    return _KEEP.sub("", title.lower())


def evidence(title: str, body: str) -> Evidence:
    """The event terms of an article (``body``: cleaned text, repost furniture removed)."""
    head = canonical_names(title + "\n" + body[:WORD_LEAD_CHARS])
    title_end = head.index("\n")  # aliases never span lines
    terms: dict[str, float] = {}
    stop = _stopwords()
    position = 0
    for token in tokenizer().cut(head, HMM=JIEBA_HMM):  # one pass over headline and lead
        start, position = position, position + len(token)
        word = token.strip().lower()
        if len(word) < 2 or word in stop or not _WORD.search(word):
            continue
        # English prose in lower case (the, announced) is not a name; GPT-4o and Qwen2 are
        english_prose = word.isascii() and token.islower()
        weight = WORD_MIN_WEIGHT if english_prose else _word_weight(word)
        weight *= TITLE_WEIGHT if start < title_end else 1.0
        if weight > terms.get("w" + word, 0.0):
            terms["w" + word] = weight
    specific = set()
    for _, key, weight in figures(title + "\n" + body):
        terms["n" + key] = max(weight, terms.get("n" + key, 0.0))
        if weight >= SPECIFIC_FIGURE_WEIGHT:
            specific.add(key)
    lead_figures = frozenset(
        (unit, key)
        for unit, key, weight in figures(title + "\n" + body[:FIGURE_LEAD_CHARS])
        if weight >= SPECIFIC_FIGURE_WEIGHT and unit
    )
    main_document = None
    for name in _DOC_TITLE.findall(title + "\n" + body):
        key = _document_key(name)
        if len(key) >= DOCUMENT_MIN_CHARS:
            terms["d" + key] = DOCUMENT_WEIGHT
    for name in _DOC_TITLE.findall(title + "\n" + body[:FIGURE_LEAD_CHARS]):
        key = _document_key(name)
        if len(key) >= DOCUMENT_MIN_CHARS:
            main_document = key
            break
    hashed: dict[int, float] = {}
    for term, weight in terms.items():
        h = zlib.crc32(term.encode("utf-8"))
        hashed[h] = max(weight, hashed.get(h, 0.0))
    order = sorted(hashed)
    weights = np.fromiter((hashed[h] for h in order), np.float32, len(order))
    heavy = sorted((w, h) for h, w in hashed.items() if w >= KEY_MIN_WEIGHT)
    keys = tuple(sorted(h for _, h in heavy[-KEY_COUNT:]))
    return Evidence(
        hashes=np.asarray(order, dtype=np.uint32),
        weights=weights,
        norm=float(np.sqrt(np.dot(weights, weights))),
        figures=frozenset(specific),
        lead_figures=lead_figures,
        lead_days=frozenset(
            int(day) for day in _DAY.findall(title + "\n" + body[:FIGURE_LEAD_CHARS])
        ),
        main_document=main_document,
        actors=frozenset(_known_names_pattern().findall(head)),
        keys=keys,
    )


def similarity(a: Evidence, b: Evidence) -> tuple[float, float]:
    """(weighted cosine, weight shared) of two articles' event terms."""
    if not a.norm or not b.norm:
        return 0.0, 0.0
    _, ia, ib = np.intersect1d(a.hashes, b.hashes, assume_unique=True, return_indices=True)
    if not ia.size:
        return 0.0, 0.0
    wa, wb = a.weights[ia], b.weights[ib]
    return float(np.dot(wa, wb)) / (a.norm * b.norm), float(np.minimum(wa, wb).sum())


def names_document(ev: Evidence, document: str) -> bool:
    """True when the article of ``ev`` names the 《document》 with key ``document``."""
    h = np.uint32(zlib.crc32(("d" + document).encode("utf-8")))
    i = int(np.searchsorted(ev.hashes, h))
    return i < ev.hashes.size and ev.hashes[i] == h


def contradicting_figures(a: Evidence, b: Evidence) -> bool:
    """True when headline and lead state specific figures of units in common and none agree.

    The first two months' 2899亿元 and the first quarter's 4538亿元; 375款 and 492款
    algorithms in two filing lists. One agreeing figure is enough: outlets pick different
    figures of one release for their lead.
    """
    units_a: dict[str, set[str]] = {}
    for unit, key in a.lead_figures:
        units_a.setdefault(unit, set()).add(key)
    units_b: dict[str, set[str]] = {}
    for unit, key in b.lead_figures:
        units_b.setdefault(unit, set()).add(key)
    shared_units = units_a.keys() & units_b.keys()
    if not shared_units:
        return False
    return not any(units_a[u] & units_b[u] for u in shared_units)
