"""Full-text search over article titles and texts (docs/decisions/0002-chinese-search-index.md).

SQLite: an FTS5 table ``search_fts(title, body)`` whose text is rewritten before indexing so that
the ``unicode61`` tokenizer sees overlapping CJK character **bigrams** (人工智能 → 人工 工智 智能
能) and ordinary lower-cased words for everything else. A query word becomes an FTS5 phrase of
the same bigrams, so any Chinese string of two or more characters finds exactly the articles that
contain it, however jieba would have cut it; a single character is a prefix query. Words of a
query are ANDed. Everything the user typed is turned into quoted tokens, so FTS5 syntax (quotes,
``*``, ``-``, ``AND``, ``NEAR``, parentheses, colons) is never interpreted. A narrow side table
``search_docs(pk, day)`` holds each article's date (``published``, else ``seen_at``, else
``created_at``) as a Julian day, so ranking and ``since`` never read the wide article rows.

Ranking (higher is better)::

    relevance = -bm25(search_fts, TITLE_WEIGHT, BODY_WEIGHT)
    recency   = 1 / (1 + age_days / RECENCY_HALF_AGE_DAYS)      # 1 today, 1/2 at the half-age
    score     = relevance * (RECENCY_FLOOR + (1 - RECENCY_FLOOR) * recency)

so an article of any age keeps at least RECENCY_FLOOR of its text relevance, and between equally
relevant articles the newer one wins.

Snippets (:attr:`jianbao.models.SearchHit.snippet`) are about SNIPPET_CHARS characters of the
body around the passage with the most distinct query words, cut from the stored text (not the
bigram text), with whitespace between CJK characters removed. Each matched word is wrapped in
HIGHLIGHT_START (``"\\x02"``) and HIGHLIGHT_END (``"\\x03"``); these control characters never
occur in stored text (they are stripped), so a renderer can replace them with colour or
``<mark>``/``</mark>`` after escaping the rest. "…" marks a cut at either end.

Other backends get a portable, unranked-by-BM25 LIKE search (title hits first, then newest), so
nothing crashes; it is slow on large stores.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Integer, and_, case, func, literal, or_, select

from jianbao.errors import SearchError
from jianbao.models import SearchHit
from jianbao.store import schema
from jianbao.text import normalize_text

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "QueryWord",
    "create_index",
    "index_article",
    "index_text",
    "parse_query",
    "rebuild",
    "remove_article",
    "search",
    "snippet",
]

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"

FTS_TABLE = "search_fts"
DOCS_TABLE = "search_docs"

# A title occurrence counts as much as this many body occurrences (editorial judgement: a
# headline names the topic, a body mentions it; with 5 a title hit beats a body-only hit unless
# the body repeats the word many times).
TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0
# Age in days at which the recency factor is one half (news in a monthly bulletin is stale after
# a quarter), and the share of text relevance kept however old an article is.
RECENCY_HALF_AGE_DAYS = 90.0
RECENCY_FLOOR = 0.5

SNIPPET_CHARS = 100  # the brief asks for 80-120 characters
SNIPPET_LEAD = 30  # characters shown before the first highlighted word
_SNIPPET_SPAN_LIMIT = 200  # match positions considered when choosing the window

# One-character function words that say nothing on their own; a query made only of these (or of
# punctuation) is refused with E401 rather than matching nearly every article.
STOP_CHARS = frozenset("的了和与及或是在也就都而把被对于之其这那个着等")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Pieces of text the index knows: a run of CJK characters, or a run of other letters/digits.
_PIECE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
_CJK_OR_PUNCT = rf"{_CJK}\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])\s+(?=[{_CJK_OR_PUNCT}])")
_SPACES = re.compile(r"\s+")
_MARKERS = str.maketrans("", "", HIGHLIGHT_START + HIGHLIGHT_END)


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


# -- index text -----------------------------------------------------------------------------------


def _bigrams(run: str) -> list[str]:
    return [a + b for a, b in zip(run, run[1:], strict=False)]


def index_text(text: str) -> str:
    """``text`` as the index stores it: CJK bigrams plus each run's last character, other words.

    >>> index_text("华为发布5G-A基站")
    '华为 为发 发布 布 5g a 基站 站'
    """
    out: list[str] = []
    for match in _PIECE.finditer(text):
        run = match["cjk"]
        if run is None:
            out.append(match["word"].lower())
            continue
        if len(run) > 1:
            out.append(" ".join(map(operator.add, run, run[1:])))
        # The trailing single character lets one-character and mixed queries (为5G) match.
        out.append(run[-1])
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One word of a query: the FTS5 phrase that finds it and the pattern that highlights it."""

    text: str
    fts: str
    pattern: str


def _word_tokens(pieces: Sequence[re.Match[str]]) -> tuple[list[str], bool]:
    """Tokens of one query word, mirroring index_text; True when the last one is a prefix."""
    tokens: list[str] = []
    prefix = False
    for i, match in enumerate(pieces):
        last = i == len(pieces) - 1
        run = match["cjk"]
        if run is None:
            tokens.append(match["word"].lower())
        elif len(run) == 1:
            tokens.append(run)
            # Alone at the end it may be followed by more CJK in the text: match 芯 in 芯片 too.
            prefix = last
        else:
            tokens.extend(_bigrams(run))
            if not last:  # followed by a non-CJK piece, as the text's run-final character is
                tokens.append(run[-1])
    return tokens, prefix


def parse_query(query: str) -> list[QueryWord]:
    """The words of ``query`` (split on whitespace); raise E401 when nothing searchable is left."""
    words: list[QueryWord] = []
    seen: set[str] = set()
    # Split before normalising: normalize_text() would join 华为 昇思 into one word.
    for part in query.translate(_MARKERS).split():
        raw = normalize_text(part)
        pieces = list(_PIECE.finditer(raw))
        if not pieces:
            continue  # punctuation only
        if all(m["cjk"] and all(c in STOP_CHARS for c in m["cjk"]) for m in pieces):
            continue
        tokens, prefix = _word_tokens(pieces)
        phrase = (
            '"' + " ".join(t.replace('"', '""') for t in tokens) + '"' + ("*" if prefix else "")
        )
        if phrase in seen:
            continue
        seen.add(phrase)
        pattern = r"[\W_]*".join(re.escape(m.group()) for m in pieces)
        words.append(QueryWord(text=raw, fts=phrase, pattern=pattern))
    if not words:
        raise SearchError(
            f"the search query {query!r} has no word to look for (only punctuation, spaces or "
            "words such as 的/和 that occur everywhere).",
            code="E401",
            hint="Search for at least one word, e.g. `jianbao search 人工智能` or "
            "`jianbao search 华为 昇思` (all words must occur).",
        )
    return words


# -- index maintenance ----------------------------------------------------------------------------


def create_index(conn: Connection) -> None:
    """Create the full-text index (SQLite FTS5) and fill it; a no-op on other backends."""
    if not _is_sqlite(conn):
        return
    # Contentless (content=''): the bigram text is not stored, only the index (it would double
    # the database). remove_diacritics 2: é and e are one token; unicode61 folds case too.
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "title, body, content = '', tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Narrow on purpose: ranking reads one row of it per match.
    conn.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {DOCS_TABLE} (pk INTEGER PRIMARY KEY, day REAL NOT NULL)"
    )
    rebuild(conn)


_INSERT_FTS = f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (?, ?, ?)"
_DELETE_FTS = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, body) VALUES ('delete', ?, ?, ?)"
)
_GET_WHEN = "SELECT coalesce(published, seen_at, created_at) FROM articles WHERE pk = ?"
_PUT_DAY = f"INSERT OR REPLACE INTO {DOCS_TABLE} (pk, day) VALUES (?, ?)"
_UNIX_EPOCH_JULIAN_DAY = 2440587.5


def _julian_day(iso: str | None) -> float:
    """SQLite's julianday() of an ISO timestamp, computed in Python (see index_article)."""
    if not iso:
        return _UNIX_EPOCH_JULIAN_DAY
    moment = datetime.fromisoformat(iso).replace(tzinfo=None)
    return (moment - datetime(1970, 1, 1)).total_seconds() / 86400 + _UNIX_EPOCH_JULIAN_DAY


def rebuild(conn: Connection, batch_size: int = 1000) -> int:
    """Re-index every stored article (after a change of index_text); return how many."""
    if not _is_sqlite(conn):
        return 0
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
    conn.exec_driver_sql(f"DELETE FROM {DOCS_TABLE}")
    conn.exec_driver_sql(
        f"INSERT INTO {DOCS_TABLE} (pk, day) "
        "SELECT pk, julianday(coalesce(published, seen_at, created_at)) FROM articles"
    )
    a = schema.articles
    count = 0
    last_pk = 0
    while True:  # keyset pages: never hold every article text in memory
        rows = conn.execute(
            select(a.c.pk, a.c.title, a.c.text)
            .where(a.c.pk > last_pk)
            .order_by(a.c.pk)
            .limit(batch_size)
        ).all()
        if not rows:
            break
        conn.exec_driver_sql(
            _INSERT_FTS, [(r.pk, index_text(r.title), index_text(r.text)) for r in rows]
        )
        count += len(rows)
        last_pk = rows[-1].pk
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
    return count


def index_article(conn: Connection, pk: int, title: str, text: str) -> None:
    """Add one article to the index (call after its row is written).

    The index is contentless: to replace an article's entry, call :func:`remove_article`
    *before* its row is overwritten (it reads the old text from the row), then this.
    """
    if not _is_sqlite(conn):
        return
    # A SELECT plus single-row VALUES statements: the same work as one INSERT … SELECT from
    # articles measured 0.15 ms against 1.3 ms per article inside the ingest transaction.
    when = conn.exec_driver_sql(_GET_WHEN, (pk,)).scalar()
    conn.exec_driver_sql(_PUT_DAY, (pk, _julian_day(when)))
    conn.exec_driver_sql(_INSERT_FTS, (pk, index_text(title), index_text(text)))


def remove_article(conn: Connection, pk: int) -> None:
    """Drop one article from the index; call while its row still holds the indexed text."""
    if not _is_sqlite(conn):
        return
    indexed = conn.exec_driver_sql(f"SELECT 1 FROM {DOCS_TABLE} WHERE pk = ?", (pk,)).scalar()
    row = conn.exec_driver_sql("SELECT title, text FROM articles WHERE pk = ?", (pk,)).first()
    if indexed and row is not None:
        conn.exec_driver_sql(_DELETE_FTS, (pk, index_text(row.title), index_text(row.text)))
    conn.exec_driver_sql(f"DELETE FROM {DOCS_TABLE} WHERE pk = ?", (pk,))


# -- search ---------------------------------------------------------------------------------------

_SQLITE_SEARCH = f"""
SELECT f.rowid AS pk,
       -bm25({FTS_TABLE}, ?, ?)
         * (? + (1.0 - ?) / (1.0 + max(julianday('now') - d.day, 0.0) / ?)) AS score
FROM {FTS_TABLE} AS f JOIN {DOCS_TABLE} AS d ON d.pk = f.rowid
WHERE {FTS_TABLE} MATCH ? {{since}}
ORDER BY score DESC, d.day DESC, f.rowid DESC
LIMIT ?
"""


def search(
    conn: Connection, query: str, *, since: datetime | None = None, limit: int = 20
) -> list[SearchHit]:
    """Articles matching every word of ``query``, best first (raises E401 for an empty query)."""
    words = parse_query(query)
    if limit < 1:
        return []
    if not _is_sqlite(conn):
        return _search_portable(conn, words, since=since, limit=limit)
    params: list[Any] = [
        TITLE_WEIGHT,
        BODY_WEIGHT,
        RECENCY_FLOOR,
        RECENCY_FLOOR,
        RECENCY_HALF_AGE_DAYS,
        " AND ".join(w.fts for w in words),
    ]
    since_sql = ""
    if since is not None:
        since_sql = "AND d.day >= julianday(?)"
        params.append(_iso(since))
    params.append(limit)
    ranked = conn.exec_driver_sql(_SQLITE_SEARCH.format(since=since_sql), tuple(params)).all()
    scores = {int(pk): float(score) for pk, score in ranked}
    return _hits(conn, scores, words)


def _iso(value: datetime) -> str:
    return value.replace(tzinfo=None).isoformat(timespec="seconds")


def _hits(
    conn: Connection, scores: dict[int, float], words: Sequence[QueryWord]
) -> list[SearchHit]:
    if not scores:
        return []
    a = schema.articles
    rows = conn.execute(
        select(a.c.pk, a.c.id, a.c.title, a.c.url, a.c.published, a.c.source_name, a.c.text).where(
            a.c.pk.in_(list(scores))
        )
    ).all()
    by_pk = {int(r.pk): r for r in rows}
    hits: list[SearchHit] = []
    for pk, score in scores.items():  # dicts keep the ranked order
        row = by_pk.get(pk)
        if row is None:  # indexed but deleted behind our back: skip rather than fail
            continue
        hits.append(
            SearchHit(
                id=row.id,
                title=row.title,
                url=row.url,
                published=datetime.fromisoformat(row.published) if row.published else None,
                snippet=snippet(row.text, words),
                score=score,
                source_name=row.source_name,
            )
        )
    return hits


def _search_portable(
    conn: Connection, words: Sequence[QueryWord], *, since: datetime | None, limit: int
) -> list[SearchHit]:
    """LIKE search for backends without FTS5: every word in title or text; title hits first."""
    a = schema.articles
    when = func.coalesce(a.c.published, a.c.seen_at, a.c.created_at)
    title, body = func.lower(a.c.title), func.lower(a.c.text)
    conditions = []
    title_hits: Any = literal(0, Integer)
    for word in words:
        needle = word.text.lower()
        in_title = title.contains(needle, autoescape=True)
        conditions.append(or_(in_title, body.contains(needle, autoescape=True)))
        title_hits = title_hits + case((in_title, 1), else_=0)
    query = (
        select(a.c.pk, title_hits.label("score"))
        .where(and_(*conditions))
        .order_by(title_hits.desc(), when.desc(), a.c.pk.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(when >= _iso(since))
    scores = {int(row.pk): float(row.score) for row in conn.execute(query)}
    return _hits(conn, scores, words)


# -- snippets -------------------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    """Fold whitespace to one space, and to nothing between CJK characters or punctuation."""
    return _SPACES.sub(" ", _CJK_GAP.sub("", text)).strip()


def _best_window(spans: Sequence[tuple[int, int, int]], length: int, words: int) -> tuple[int, int]:
    """The SNIPPET_CHARS window, led by a match, that holds the most distinct query words."""
    best: tuple[int, int] = (0, min(length, SNIPPET_CHARS))
    best_count = 0
    starts = [s for s, _, _ in spans]
    for start, _end, _word in spans[:_SNIPPET_SPAN_LIMIT]:
        hi = min(length, max(0, start - SNIPPET_LEAD) + SNIPPET_CHARS)
        lo = max(0, hi - SNIPPET_CHARS)
        inside = spans[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]
        count = len({w for _s, e, w in inside if e <= hi})
        if count > best_count:
            best, best_count = (lo, hi), count
            if count == words:
                break
    return best


def snippet(text: str, words: Sequence[QueryWord]) -> str:
    """About SNIPPET_CHARS characters of ``text`` around the query words, highlighted."""
    text = text.translate(_MARKERS)
    patterns = [re.compile(w.pattern, re.IGNORECASE) for w in words]
    spans = sorted(
        (m.start(), m.end(), i) for i, p in enumerate(patterns) for m in p.finditer(text)
    )
    lo, hi = _best_window(spans, len(text), len(patterns))
    window = _squeeze(text[lo:hi])
    if patterns:
        # Longest first, so that 人工智能 wins over 智能 when both are query words.
        ordered = sorted((w.pattern for w in words), key=len, reverse=True)
        combined = re.compile("|".join(f"(?:{p})" for p in ordered), re.IGNORECASE)
        window = combined.sub(lambda m: HIGHLIGHT_START + m.group() + HIGHLIGHT_END, window)
    return ("…" if lo > 0 else "") + window + ("…" if hi < len(text) else "")
