"""Compare candidate Chinese full-text indexes on SQLite FTS5 (docs/decisions/0002).

Builds each candidate over the same synthetic articles (bench_ingest.generate_articles: seed
sentences recombined with a fixed random seed) and prints build time, size on disk, query latency
(p50/p95 over the queries, top 20 by BM25 with the title weighted 5:1) and recall and precision
against the ground truth "articles whose title or text contains the query string".

  A  jieba search mode (analyze.segment.segment_for_index), unicode61, contentless;
     a query is the phrase of its jieba words.
  B  FTS5 trigram tokenizer over the raw text (content kept: the fallback needs it);
     queries of 3+ characters MATCH, shorter ones fall back to LIKE '%q%' (a full scan).
  C  CJK character bigrams + run-final character (store.search.index_text), unicode61,
     contentless; a query is the phrase of its bigrams (store.search.parse_query). What jianbao
     uses.

Queries are words drawn from the texts (jieba precise mode over random sentences): 2-character,
3-character and 4+-character, a third each.

    .venv/bin/python benchmarks/bench_search_index.py               # 20,000 articles
    .venv/bin/python benchmarks/bench_search_index.py --n 2000      # quick
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_ingest import DEFAULT_SEEDS, generate_articles, load_sentences, percentile

from jianbao.analyze.segment import segment, segment_for_index
from jianbao.models import Article
from jianbao.store.search import index_text, parse_query

TOP_K = 20
RANK = "bm25(f, 5.0, 1.0)"


@dataclass
class Candidate:
    """One index design: how to create it, what to store per article, how to query it."""

    name: str
    create: str
    prepare: Callable[[str], str]
    query: Callable[[sqlite3.Connection, str, bool], list[int]]


def _match(conn: sqlite3.Connection, expression: str, ranked: bool) -> list[int]:
    if ranked:
        sql = f"SELECT rowid FROM f WHERE f MATCH ? ORDER BY {RANK} LIMIT {TOP_K}"
    else:
        sql = "SELECT rowid FROM f WHERE f MATCH ?"
    return [r[0] for r in conn.execute(sql, (expression,))]


def _phrase(tokens: Sequence[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def query_jieba(conn: sqlite3.Connection, q: str, ranked: bool) -> list[int]:
    """A: the phrase of the query's jieba words."""
    return _match(conn, _phrase(segment(q)), ranked)


def query_trigram(conn: sqlite3.Connection, q: str, ranked: bool) -> list[int]:
    """B: MATCH for 3+ characters, else a LIKE scan (unranked: bm25 needs MATCH)."""
    if len(q) >= 3:
        return _match(conn, _phrase([q]), ranked)
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = "SELECT rowid FROM f WHERE title LIKE ?1 ESCAPE '\\' OR body LIKE ?1 ESCAPE '\\'"
    if ranked:
        sql += f" LIMIT {TOP_K}"
    return [r[0] for r in conn.execute(sql, (pattern,))]


def query_bigram(conn: sqlite3.Connection, q: str, ranked: bool) -> list[int]:
    """C: jianbao's own query translation."""
    return _match(conn, " AND ".join(w.fts for w in parse_query(q)), ranked)


CANDIDATES = [
    Candidate(
        "A jieba+unicode61",
        "CREATE VIRTUAL TABLE f USING fts5(title, body, content='', "
        "tokenize='unicode61 remove_diacritics 2')",
        lambda s: " ".join(segment_for_index(s)),
        query_jieba,
    ),
    Candidate(
        "B trigram (+LIKE <3)",
        "CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize='trigram')",
        lambda s: s,
        query_trigram,
    ),
    Candidate(
        "C bigram+unicode61",
        "CREATE VIRTUAL TABLE f USING fts5(title, body, content='', "
        "tokenize='unicode61 remove_diacritics 2')",
        index_text,
        query_bigram,
    ),
]


def make_queries(n: int, seed: int = 11) -> dict[str, list[str]]:
    """``n`` CJK words from the seed texts, split into 2, 3 and 4+ character classes."""
    sentences, _ = load_sentences(DEFAULT_SEEDS)
    rng = random.Random(seed)
    classes: dict[str, set[str]] = {"2": set(), "3": set(), "4+": set()}
    for sentence in rng.sample(sentences, min(len(sentences), 1500)):
        for word in segment(sentence):
            if all("\u4e00" <= c <= "\u9fff" for c in word) and len(word) >= 2:
                classes["2" if len(word) == 2 else "3" if len(word) == 3 else "4+"].add(word)
    per = n // 3
    chosen: dict[str, list[str]] = {}
    for i, (name, words) in enumerate(classes.items()):
        pool = sorted(words)
        rng.shuffle(pool)
        chosen[name] = pool[: per + (1 if i < n - 3 * per else 0)]
    return chosen


def build(candidate: Candidate, articles: Sequence[Article], path: Path) -> float:
    """Create and fill the index; return seconds (text preparation included)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(candidate.create)
    started = time.perf_counter()
    for i in range(0, len(articles), 500):
        rows = [
            (i + j + 1, candidate.prepare(a.title), candidate.prepare(a.text))
            for j, a in enumerate(articles[i : i + 500])
        ]
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO f (rowid, title, body) VALUES (?, ?, ?)", rows)
        conn.execute("COMMIT")
    conn.execute("INSERT INTO f (f) VALUES ('optimize')")
    elapsed = time.perf_counter() - started
    conn.close()  # checkpoints the WAL
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Build every candidate and print the comparison table (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles to generate")
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args(argv)

    articles = list(generate_articles(args.n))
    queries = make_queries(args.queries)
    flat = [q for qs in queries.values() for q in qs]
    truth = {q: {i for i, a in enumerate(articles, 1) if q in a.title or q in a.text} for q in flat}
    chars = sum(len(a.text) for a in articles) / len(articles)
    print(
        f"{len(articles):,} articles ({chars:,.0f} characters each), {len(flat)} queries "
        f"({', '.join(f'{len(v)} of {k} chars' for k, v in queries.items())})\n"
    )
    header = (
        "| index | build s | size MB | p50 ms | p95 ms | p95 ms 2-char | recall 2 | recall 3 "
        "| recall 4+ | precision |"
    )
    print(header)
    print("|---" * 10 + "|")
    with tempfile.TemporaryDirectory(prefix="jianbao-idx-") as tmp:
        for candidate in CANDIDATES:
            path = Path(tmp) / (candidate.name.split()[0] + ".db")
            seconds = build(candidate, articles, path)
            size = path.stat().st_size / 1e6
            conn = sqlite3.connect(path)
            candidate.query(conn, flat[0], True)  # warm up
            latencies: dict[str, list[float]] = {k: [] for k in queries}
            recall: dict[str, list[float]] = {k: [] for k in queries}
            found = correct = 0
            for name, qs in queries.items():
                for q in qs:
                    t0 = time.perf_counter()
                    candidate.query(conn, q, True)
                    latencies[name].append((time.perf_counter() - t0) * 1000)
                    got = set(candidate.query(conn, q, False))
                    if truth[q]:
                        recall[name].append(len(got & truth[q]) / len(truth[q]))
                    found += len(got)
                    correct += len(got & truth[q])
            conn.close()
            every = [x for xs in latencies.values() for x in xs]
            cells = [
                candidate.name,
                f"{seconds:.1f}",
                f"{size:.0f}",
                f"{percentile(every, 50):.1f}",
                f"{percentile(every, 95):.1f}",
                f"{percentile(latencies['2'], 95):.1f}",
                *(f"{sum(r) / max(len(r), 1):.3f}" for r in recall.values()),
                f"{correct / max(found, 1):.3f}",
            ]
            print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
