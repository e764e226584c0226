"""Cross-source clustering: the same story republished by several sites becomes one cluster.

A cascade over normalised text (repost furniture dropped, punctuation and spaces removed):

1. **Candidates** come from two indexes, so neither a rewrite nor a shortened version is missed:
   MinHash LSH (datasketch) over character 4-gram shingles finds texts with a similar whole,
   and an index of long lead sentences ("anchors") finds a short version of a long text, whose
   Jaccard similarity is low by construction.
2. **Verification** computes exact shingle Jaccard and containment (share of the shorter text
   found in the longer) and accepts a pair when either clears its calibrated threshold.
3. **Guards** reject same-topic different stories that share template wording: two MIIT
   notices in one week name different 《documents》; two provinces announcing 5G figures name
   different provinces and different numbers.
4. **Event evidence** (:mod:`jianbao.analyze.evidence`) finds reports of one event written
   independently by two outlets, which share facts but hardly any 4-grams: a third candidate
   index over each article's heaviest terms (names, specific figures, 《documents》, rarer
   words), restricted to EVENT_MAX_DAYS, and a third rule, the weighted cosine of the event
   terms of headline and lead plus the figures of the text, behind guards of its own (the
   main document, the organisations acting, the figures and days of the lead, the figures of
   the shorter text). A near-duplicate whose figures are written another way (20日 for
   3月20日) gets this second chance too.

Pairs join clusters (union-find); the representative is the most authoritative member
(government > official media > industry media > company > other), then the earliest, then the
fullest. Thresholds are calibrated on ``benchmarks/data/cluster_pairs.jsonl`` and, for the
event rule, ``benchmarks/data/cluster_pairs_events.jsonl`` (run
``benchmarks/bench_cluster.py --sweep``).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from jianbao.analyze.evidence import (
    Evidence,
    contradicting_figures,
    evidence,
    names_document,
    similarity,
)
from jianbao.analyze.regions import mentions
from jianbao.models import Cluster, stable_id
from jianbao.text import join_cjk_gaps, normalize_text

SHINGLE_CHARS = 4  # Chinese words are 2-4 characters: 4-grams span a word boundary or two
WORD_SHINGLE = 3  # English is shingled by word 3-grams (see _shingles)
LATIN_SHARE_FOR_WORDS = 0.5  # when Latin letters make more than half of the matched text
_LATIN = re.compile(r"[a-z]")
_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff]")
# datasketch's 32-bit bijective permutations: stored signatures are NUM_PERM * 4 bytes, and the
# scheme is named so that signatures stay readable across datasketch versions.
MINHASH_SCHEME = "affine32"
NUM_PERM = 128  # MinHash permutations: Jaccard error about 1/sqrt(128) = 0.09 at the LSH stage
# LSH only proposes candidates; recall matters, verification is exact. Below JACCARD_MIN so
# that MinHash estimation error does not lose pairs near the threshold.
LSH_THRESHOLD = 0.2
# benchmarks/data/cluster_pairs.jsonl (bench_cluster.py --sweep): with the guards below, F1 is
# 1.0 for JACCARD_MIN 0.2-0.5 and CONTAINMENT_MIN 0.4-0.8; natural same-section different
# stories stay below Jaccard 0.1, hand-written template look-alikes reach 0.65 and are
# stopped by the guards. The values sit low in that plateau so real rewrites (new lead, own
# wording) keep their recall.
JACCARD_MIN = 0.25
CONTAINMENT_MIN = 0.5
# Containment of a tiny text says little ("工信部发布通知。" is contained in many notices).
CONTAINMENT_MIN_SHINGLES = 30
# Guard: when the shorter text states at least NUMBERS_GUARD_MIN numbers or dates, at least this
# share of them must occur in the longer one (two provinces' 5G figures share wording, not
# numbers; two data bureaus inaugurated in one week share everything but the place and date).
NUMBERS_GUARD_MIN = 1
NUMBERS_AGREE_MIN = 0.5
LEAD_CHARS = 300  # guards compare the 《documents》 named in the lead of each text
DOCUMENT_MIN_CHARS = 6  # 《措施》《通知》 are back-references, not a document's name
PLACE_LEAD_CHARS = 80  # the places in the headline and first line say where the story is
# Guard: the dates and numbers of the first sentence (12月18日, 414.1万) name the event; two
# texts whose leads both state some and share none report different events, whatever else
# they share (a company's boilerplate paragraph, a background sentence with its own figures).
LEAD_TOKEN_CHARS = 80
MAX_DAYS_APART = 30  # reposts follow within days; a year-later story on the same subject is new
ANCHOR_MIN_CHARS = 18  # a lead sentence this long (normalised) is specific enough to index
ANCHOR_SENTENCES = 6  # the first sentences are the ones a shortened version keeps
ANCHOR_MAX_POSTINGS = 50  # an anchor shared by more texts is furniture, not a story
REPOST_LINE_MAX = 120  # repost furniture lines are short; prose is never dropped
# Event rule: two reports of one event written independently (own lead, own sentences).
# Either the weighted cosine of their event terms clears EVENT_COSINE_MIN with at least
# EVENT_SHARED_MIN weight shared (two briefs sharing two names are not enough), or they state
# EVENT_FIGURES_MIN specific figures in common and the cosine clears EVENT_FIGURES_COSINE_MIN
# (two reports of a statistics release quoting 94109亿 and 10.8% in their own words).
# bench_cluster.py --sweep, F1 on cluster_pairs_events.jsonl (cluster_pairs.jsonl stays 1.0):
# cosine 0.15-0.30 -> 0.976, 0.35 -> 0.958, 0.40 -> 0.938, 0.50 -> 0.861: the guards below
# carry precision on the set, so the value sits at the top of the plateau, a margin against
# chance overlaps of unrelated stories that the set does not sample. Shared weight 3-4 adds one
# event pair and merges one different-story pair of cluster_pairs.jsonl; 8 loses seven.
EVENT_COSINE_MIN = 0.3
EVENT_SHARED_MIN = 6.0
# Two common figures: F1 0.976 for any cosine floor 0.0-0.25; one figure below cosine 0.15
# merges a different-story pair of cluster_pairs.jsonl; three lose pairs (0.951).
EVENT_FIGURES_MIN = 2
EVENT_FIGURES_COSINE_MIN = 0.15
# Independent reports of one event follow within days. 3-7 score alike; 10-14 add one pair
# (an explainer eight days after a regulation), and would let next week's release of a
# weekly template in.
EVENT_MAX_DAYS = 7
# Days of the month in two leads "meet" within a day: 当地时间13日 is 北京时间14日, and a
# report of the next day says 记者19日获悉 of an 18日 release (0 loses three pairs).
EVENT_DAY_SLACK = 1
# Share of the shorter side's specific figures (decimals, magnitudes) found in the other;
# looser than NUMBERS_AGREE_MIN, since each outlet adds figures of its own. 0.0-0.2 gain one
# pair (2 of 8 agreeing), 0.5 loses one; kept at 0.3, the value set before the sweep.
EVENT_FIGURES_AGREE_MIN = 0.3
# Event keys two articles must share to be proposed by the event index (and to be judged by
# the event rule): on bench_process's 10,000 articles, 1 proposes 61 candidates an article,
# 2 proposes 15, 3 proposes 7 but loses event pairs (F1 0.958).
EVENT_KEYS_MIN = 2
# A key in more articles is a topic, not an event (57 of 19,578 keys on bench_process's
# 10,000 articles: 工业和信息化部, 人工智能 ...).
EVENT_MAX_POSTINGS = 200

AUTHORITY_RANK = {"government": 0, "official_media": 1, "industry_media": 2, "company": 3}
OTHER_RANK = 4

_KEEP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；])")
# Dates are one token (1月18日), so two notices of the same week differ by their dates; other
# numbers keep their magnitude (25亿 is not 25万).
_NUMBER = re.compile(
    r"(?<![\d.A-Za-z/])(?:\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d+(?:\.\d+)?(?:%|万亿|亿|万)?)(?![\dA-Za-z])"
)
_DOC_TITLE = re.compile(r"《([^《》]{2,80})》")
_DIGIT_OR_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _repost_patterns() -> tuple[re.Pattern[str], ...]:
    data = resources.files("jianbao").joinpath("data", "story", "repost_boilerplate.txt")
    lines = data.read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(p) for p in lines if p.strip() and not p.startswith("#"))


@lru_cache(maxsize=1)
def _authority_rules() -> tuple[tuple[str, str], ...]:
    data = resources.files("jianbao").joinpath("data", "story", "authority.tsv")
    rules = []
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, authority = line.split("\t")[:2]
            rules.append((pattern.strip(), authority.strip()))
    return tuple(rules)


def authority_of(
    url: str | None, source_name: str | None, sources: Mapping[str, str] | None = None
) -> str:
    """The authority of an article's source: the [[source]] config first, then data/story."""
    if source_name and sources and source_name in sources:
        return sources[source_name]
    host = (urlsplit(url).hostname or "").lower() if url else ""
    for pattern, authority in _authority_rules():
        if "." in pattern:
            if host == pattern or host.endswith("." + pattern):
                return authority
        elif source_name and pattern in source_name:
            return authority
    return "other"


def clean_lines(text: str, *, join_gaps: bool = True) -> list[str]:
    """Normalised lines of ``text`` without the furniture a reposting site adds.

    ``join_gaps`` also removes spaces between CJK characters (PDF layout artefacts); summaries
    keep them, since a space inside a quoted slogan is the author's.
    """
    normal = normalize_text(text)
    return _clean_normal_lines(join_cjk_gaps(normal) if join_gaps else normal)


def _clean_normal_lines(normal: str) -> list[str]:
    patterns = _repost_patterns()
    kept = []
    for line in normal.split("\n"):
        line = line.strip()
        if not line:
            continue
        if len(line) < REPOST_LINE_MAX and any(p.search(line) for p in patterns):
            continue
        kept.append(line)
    return kept


def match_key(text: str) -> str:
    """Text reduced to what identifies a story: lower-case letters, digits and CJK only."""
    return _KEEP.sub("", "".join(clean_lines(text)).lower())


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What clustering needs to know about one article."""

    id: str
    title: str
    text: str
    published: datetime | date | None = None
    url: str | None = None
    source_name: str | None = None
    authority: str = "other"
    length: int | None = None  # text length when ``text`` is not loaded (representatives)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A story's comparable form: shingles, numbers, lead documents and anchors."""

    id: str
    # crc32 of each distinct character n-gram, sorted (uint32): 4 bytes a shingle, so tens of
    # thousands of fingerprints fit in memory, and intersections run in numpy
    shingles: np.ndarray[Any, np.dtype[np.uint32]]
    numbers: frozenset[str]  # numbers and dates of the story text
    all_numbers: frozenset[str]  # ... and of every line, furniture included
    lead_documents: frozenset[str]  # 《documents》 named in the lead
    documents: frozenset[str]  # 《documents》 named anywhere
    places: frozenset[str]
    lead_tokens: frozenset[str]
    anchors: tuple[int, ...]
    day: date | None
    length: int
    event: Evidence  # weighted event terms (names, figures, documents) and index keys


@dataclass(frozen=True, slots=True)
class Match:
    """Why two articles tell the same story (or ``None`` from :func:`compare`)."""

    jaccard: float
    containment: float
    rule: str  # "jaccard", "containment" or "event"
    event: float = 0.0  # weighted cosine of the event terms (computed for the event rule)


def _day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _lead_sentence(body: str) -> str:
    """The first sentence, at most LEAD_TOKEN_CHARS long (extended to finish a number)."""
    first = _SENTENCE_END.split(body, maxsplit=1)[0]
    if len(first) <= LEAD_TOKEN_CHARS:
        return first
    end = LEAD_TOKEN_CHARS
    while end < len(first) and (first[end].isdigit() or first[end] in ".%万亿月日年"):
        end += 1
    return first[:end]


def _documents(text: str) -> frozenset[str]:
    return frozenset(
        key
        for key in (_KEEP.sub("", d.lower()) for d in _DOC_TITLE.findall(text))
        if len(key) >= DOCUMENT_MIN_CHARS
    )


def _shingles(key: str, text: str) -> set[str]:
    """Character 4-grams of ``key``; word 3-grams for text written mostly in Latin letters.

    Without spaces, two different English stories share many 4-grams of common words ("tion",
    "ther", "said": Jaccard ~0.35), so English is shingled by words as it is written.
    """
    latin = len(_LATIN.findall(key))
    if key and latin > LATIN_SHARE_FOR_WORDS * len(key):
        words = _WORD.findall(text.lower())
        if len(words) >= WORD_SHINGLE:
            return {
                " ".join(words[i : i + WORD_SHINGLE]) for i in range(len(words) - WORD_SHINGLE + 1)
            }
    n = SHINGLE_CHARS
    return {key[i : i + n] for i in range(max(len(key) - n + 1, 1))} if key else set()


def fingerprint(doc: StoryDoc) -> Fingerprint:
    """Compute the comparable form of ``doc`` (pure; about 1 ms for a 1,000-character text)."""
    joined = join_cjk_gaps(normalize_text(doc.text))  # normalised once for every part below
    title = normalize_text(doc.title)
    lines = _clean_normal_lines(joined)
    key = _KEEP.sub("", "".join(lines).lower())
    if len(key) < CONTAINMENT_MIN_SHINGLES:  # a brief: the headline carries the story too
        key = _KEEP.sub("", title.lower()) + key
    grams = _shingles(key, " ".join(lines) or title)
    shingles = np.unique(
        np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), np.uint32, len(grams))
    )
    body = "".join(lines)
    numbers = frozenset(_NUMBER.findall(_DIGIT_OR_SPACE.sub("", body)))
    raw = _DIGIT_OR_SPACE.sub("", joined)
    lead_documents = _documents(body[:LEAD_CHARS])
    places = frozenset(
        p.city or p.province or p.country or ""
        for p in mentions(title + "\n" + body[:PLACE_LEAD_CHARS])
    ) - {""}
    anchors: list[int] = []
    sentences = [s for line in lines for s in _SENTENCE_END.split(line) if s]
    for sentence in sentences[:ANCHOR_SENTENCES]:
        skey = _KEEP.sub("", sentence.lower())
        if len(skey) >= ANCHOR_MIN_CHARS:
            anchors.append(zlib.crc32(skey.encode("utf-8")))
    return Fingerprint(
        id=doc.id,
        shingles=shingles,
        numbers=numbers,
        all_numbers=numbers | frozenset(_NUMBER.findall(raw)),
        lead_documents=lead_documents,
        documents=_documents(raw) | lead_documents,
        places=places,
        lead_tokens=frozenset(_NUMBER.findall(_DIGIT_OR_SPACE.sub("", _lead_sentence(body)))),
        anchors=tuple(anchors),
        day=_day(doc.published),
        length=len(key),
        event=evidence(title, body),
    )


_IS_DATE = re.compile(r"\d+月\d+日$")


def _disjoint_leads(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two first sentences state different figures (or, lacking any, dates)."""
    a_numbers = {t for t in a if not _IS_DATE.search(t)}
    b_numbers = {t for t in b if not _IS_DATE.search(t)}
    if a_numbers and b_numbers:
        return not a_numbers & b_numbers
    a_dates, b_dates = a - a_numbers, b - b_numbers
    return bool(a_dates and b_dates and not a_dates & b_dates)


def compare(a: Fingerprint, b: Fingerprint) -> Match | None:
    """The match between two fingerprints, or None when they tell different stories."""
    if not a.shingles.size or not b.shingles.size:
        return None
    apart = abs((a.day - b.day).days) if a.day and b.day else None
    if apart is not None and apart > MAX_DAYS_APART:
        return None
    common = int(np.intersect1d(a.shingles, b.shingles, assume_unique=True).size)
    smaller = min(len(a.shingles), len(b.shingles))
    jaccard = common / (len(a.shingles) + len(b.shingles) - common)
    containment = common / smaller
    # Guards against same-topic different stories that share template wording.
    if (
        a.lead_documents
        and b.lead_documents
        and not a.lead_documents & b.documents
        and not b.lead_documents & a.documents
    ):
        return None
    if a.places and b.places and not a.places & b.places:
        return None
    if jaccard >= JACCARD_MIN:
        rule = "jaccard"
    elif containment >= CONTAINMENT_MIN and smaller >= CONTAINMENT_MIN_SHINGLES:
        rule = "containment"
    else:
        rule = ""
    if rule and not _near_duplicate_guards(a, b):
        return Match(round(jaccard, 4), round(containment, 4), rule)
    # Not a near-duplicate (or one whose figures and dates are written another way): an
    # independent report of the same event?
    if apart is not None and apart > EVENT_MAX_DAYS:
        return None
    cosine = _event_match(a.event, b.event)
    if cosine is None:
        return None
    return Match(round(jaccard, 4), round(containment, 4), "event", round(cosine, 4))


def _near_duplicate_guards(a: Fingerprint, b: Fingerprint) -> bool:
    """True when two texts sharing wording state different figures: different stories."""
    if _disjoint_leads(a.lead_tokens, b.lead_tokens):
        return True
    short, long = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if len(short.numbers) >= NUMBERS_GUARD_MIN:
        agree = len(short.numbers & long.all_numbers) / len(short.numbers)
        if agree < NUMBERS_AGREE_MIN:
            return True
    return False


def _event_match(a: Evidence, b: Evidence) -> float | None:
    """The event cosine when two articles report one event, else None."""
    if len(set(a.keys).intersection(b.keys)) < EVENT_KEYS_MIN:
        return None  # what the event index would not propose (and cheap to rule out)
    cosine, shared = similarity(a, b)
    common = len(a.figures & b.figures)
    if not (
        (cosine >= EVENT_COSINE_MIN and shared >= EVENT_SHARED_MIN)
        or (cosine >= EVENT_FIGURES_COSINE_MIN and common >= EVENT_FIGURES_MIN)
    ):
        return None
    return None if _event_guards(a, b, common) else cosine


def _event_guards(a: Evidence, b: Evidence, common: int) -> bool:
    """True when two reports sharing facts still report different events.

    The event rule has little wording to go on, and outlets write figures and dates their own
    way (3月20日 / 20日, 2899亿元 / 2899亿), so it has guards of its own: each text's main
    《document》 (the first of headline and lead) must be named by the other (a province's
    implementation plan names the national plan, not the reverse); the specific figures of
    headline and lead must not contradict (375款 against 492款 algorithms in two filing lists);
    the organisations acting in headline and lead must meet (two universities signing with two
    operators in one week share the whole template, not an actor);
    the days of the month in headline and lead must meet when both give some; and most of the
    shorter side's specific figures must be in the other.
    """
    if (
        a.main_document
        and b.main_document
        and a.main_document != b.main_document
        and (not names_document(b, a.main_document) or not names_document(a, b.main_document))
    ):
        return True
    if a.actors and b.actors and not a.actors & b.actors:
        return True
    if contradicting_figures(a, b):
        return True
    if (
        a.lead_days
        and b.lead_days
        and not any(abs(x - y) <= EVENT_DAY_SLACK for x in a.lead_days for y in b.lead_days)
    ):
        return True
    fewer = min(len(a.figures), len(b.figures))
    return bool(fewer) and common / fewer < EVENT_FIGURES_AGREE_MIN


def _hash32(value: int) -> int:
    return value  # shingles are crc32 values already (see fingerprint)


def minhash_signature(fp: Fingerprint) -> Any:
    """The MinHash of a fingerprint's shingles (datasketch LeanMinHash, storable as bytes)."""
    from datasketch import LeanMinHash, MinHash

    mh = MinHash(num_perm=NUM_PERM, hashfunc=_hash32, scheme=MINHASH_SCHEME)
    if fp.shingles.size:
        mh.update_batch(fp.shingles.tolist())  # already hashed: _hash32 passes them on
    return LeanMinHash(mh)


def signature_bytes(signature: Any) -> bytes:
    """The hash values of a LeanMinHash, for the store."""
    return bytes(np.asarray(signature.hashvalues, dtype=np.uint32).tobytes())


def signature_from_bytes(blob: bytes) -> Any:
    """A LeanMinHash back from :func:`signature_bytes`."""
    from datasketch import LeanMinHash

    values = np.frombuffer(blob, dtype=np.uint32)
    return LeanMinHash(seed=1, hashvalues=values, scheme=MINHASH_SCHEME)


class StoryIndex:
    """An in-memory index of fingerprints: MinHash LSH, lead-sentence anchors, event keys.

    ``candidates`` proposes ids that may tell the same story; callers verify each with
    :func:`compare` on full fingerprints. The index holds only signatures, anchors and event
    keys (with the day), so ``jianbao process`` can load tens of thousands of stored articles
    cheaply.
    """

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._anchors: dict[int, list[str]] = {}
        self._keys: dict[int, list[str]] = {}
        self._days: dict[str, int] = {}
        self._ids: set[str] = set()

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(
        self,
        article_id: str,
        signature: Any,
        anchors: Iterable[int],
        keys: Iterable[int] = (),
        day: date | None = None,
    ) -> None:
        """Index one article (ignored when already indexed)."""
        if article_id in self._ids:
            return
        self._ids.add(article_id)
        self._lsh.insert(article_id, signature)
        for anchor in set(anchors):
            self._anchors.setdefault(anchor, []).append(article_id)
        for key in set(keys):
            self._keys.setdefault(key, []).append(article_id)
        if day is not None:
            self._days[article_id] = day.toordinal()

    def candidates(
        self,
        signature: Any,
        anchors: Iterable[int],
        keys: Iterable[int] = (),
        day: date | None = None,
    ) -> set[str]:
        """Indexed ids that may tell the same story."""
        found = set(self._lsh.query(signature))
        for anchor in set(anchors):
            posting = self._anchors.get(anchor, ())
            if len(posting) <= ANCHOR_MAX_POSTINGS:
                found.update(posting)
        found.update(self.event_candidates(keys, day))
        return found

    def event_candidates(self, keys: Iterable[int], day: date | None = None) -> set[str]:
        """Indexed ids sharing EVENT_KEYS_MIN event keys, within EVENT_MAX_DAYS of ``day``."""
        shared: Counter[str] = Counter()
        for key in set(keys):
            posting = self._keys.get(key, ())
            if len(posting) <= EVENT_MAX_POSTINGS:
                shared.update(posting)
        found = {i for i, n in shared.items() if n >= EVENT_KEYS_MIN}
        if day is not None and found:
            today = day.toordinal()
            found = {
                i
                for i in found
                if i not in self._days or abs(self._days[i] - today) <= EVENT_MAX_DAYS
            }
        return found


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def representative_key(doc: StoryDoc) -> tuple[int, date, int, str]:
    """Sort key of a cluster's members: authority, then earliest, then fullest, then id."""
    day = _day(doc.published) or date.max
    length = doc.length if doc.length is not None else len(doc.text)
    return (AUTHORITY_RANK.get(doc.authority, OTHER_RANK), day, -length, doc.id)


def cluster_id(member_ids: Iterable[str]) -> str:
    """A cluster's id: derived from its first-seen member, so it survives new members."""
    return "c" + stable_id("cluster:" + min(member_ids))[:15]


def make_cluster(members: Sequence[StoryDoc], cid: str | None = None) -> Cluster:
    """A Cluster of ``members`` with its representative chosen."""
    ordered = sorted(members, key=representative_key)
    ids = tuple(sorted(m.id for m in members))
    return Cluster(id=cid or cluster_id(ids), representative_id=ordered[0].id, member_ids=ids)


def cluster_docs(docs: Sequence[StoryDoc]) -> list[Cluster]:
    """Cluster a batch of articles; every article is in exactly one cluster (maybe alone).

    Clusters come in the order of their first member in ``docs``.
    """
    index = StoryIndex()
    prints: dict[str, Fingerprint] = {}
    links = _UnionFind()
    for doc in docs:
        fp = fingerprint(doc)
        signature = minhash_signature(fp)
        links.find(doc.id)
        for other in index.candidates(signature, fp.anchors, fp.event.keys, fp.day):
            if other != doc.id and compare(fp, prints[other]) is not None:
                links.union(doc.id, other)
        prints[doc.id] = fp
        index.add(doc.id, signature, fp.anchors, fp.event.keys, fp.day)
    groups: dict[str, list[StoryDoc]] = {}
    for doc in docs:
        groups.setdefault(links.find(doc.id), []).append(doc)
    return [make_cluster(list({d.id: d for d in g}.values())) for g in groups.values()]
