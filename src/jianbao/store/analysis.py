"""Queries for story understanding (migration 7): clusters, entities, figures, summaries.

Functions take a SQLAlchemy connection; :class:`jianbao.store.Store` wraps them in
transactions. ``jianbao process`` writes one :class:`ProcessedArticle` per article and the
clusters it touched in one transaction per batch, so a killed run leaves every article either
fully processed (with its marker) or still pending.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select

from jianbao.models import Cluster, Entity, Figure, SummaryResult
from jianbao.store import schema

SQL_CHUNK = 500  # ids per IN (...) query: stay under SQLite's variable limit


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Membership:
    """How an article joined its cluster."""

    article_id: str
    cluster_id: str
    authority: str
    matched_with: str | None = None
    rule: str | None = None
    jaccard: float | None = None
    containment: float | None = None


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    """Everything ``jianbao process`` stores for one article."""

    article_id: str
    content_hash: str
    version: str
    signature: bytes
    anchors: tuple[int, ...]
    published: str | None
    membership: Membership
    entities: tuple[Entity, ...]
    figures: tuple[Figure, ...]
    summary: SummaryResult
    summary_version: str
    event_keys: tuple[int, ...] = ()  # migration 8: event-evidence index keys


@dataclass(frozen=True, slots=True)
class FingerprintRow:
    """What the story index needs about a processed article."""

    article_id: str
    signature: bytes
    anchors: tuple[int, ...]
    event_keys: tuple[int, ...]
    published: date | None


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """What choosing a cluster's representative needs about a member."""

    article_id: str
    authority: str
    published: date | None
    length: int


@dataclass(slots=True)
class Batch:
    """One transaction's worth of results: processed articles and cluster changes."""

    articles: list[ProcessedArticle] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # article id -> new cluster id
    clusters: dict[str, Cluster] = field(default_factory=dict)  # rewritten clusters
    dropped_clusters: set[str] = field(default_factory=set)  # clusters merged away or empty


def pending(conn: Connection, version: str, limit: int | None = None) -> list[str]:
    """Ids of articles without a processed marker for ``version`` and their current text."""
    a, p = schema.articles, schema.article_processing
    when = func.coalesce(a.c.published, a.c.seen_at, a.c.created_at)
    query = (
        select(a.c.id)
        .select_from(a.outerjoin(p, p.c.article_id == a.c.id))
        .where(
            or_(
                p.c.article_id.is_(None),
                p.c.version != version,
                p.c.content_hash != a.c.content_hash,
            )
        )
        .order_by(when, a.c.pk)
    )
    if limit:
        query = query.limit(limit)
    return list(conn.execute(query).scalars())


def fingerprint_rows(conn: Connection) -> Iterator[FingerprintRow]:
    """Signature, anchors, event keys and day of every stored fingerprint."""
    f = schema.story_fingerprints
    query = select(f.c.article_id, f.c.signature, f.c.anchors, f.c.event_keys, f.c.published)
    for row in conn.execute(query):
        anchors = tuple(int(x) for x in row.anchors.split()) if row.anchors else ()
        keys = tuple(int(x) for x in row.event_keys.split()) if row.event_keys else ()
        try:
            day = date.fromisoformat(row.published[:10]) if row.published else None
        except ValueError:
            day = None
        yield FingerprintRow(row.article_id, bytes(row.signature), anchors, keys, day)


def memberships(conn: Connection) -> dict[str, str]:
    """Article id -> cluster id for every clustered article."""
    m = schema.cluster_members
    return {
        r.article_id: r.cluster_id for r in conn.execute(select(m.c.article_id, m.c.cluster_id))
    }


def member_info(conn: Connection, article_ids: Iterable[str]) -> list[MemberInfo]:
    """Authority, date and text length of clustered articles (for the representative)."""
    ids = list(article_ids)
    m, a = schema.cluster_members, schema.articles
    result: list[MemberInfo] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = (
            select(
                a.c.id,
                m.c.authority,
                func.coalesce(a.c.published, a.c.seen_at).label("when"),
                func.length(a.c.text).label("length"),
            )
            .select_from(a.outerjoin(m, m.c.article_id == a.c.id))
            .where(a.c.id.in_(chunk))
        )
        for row in conn.execute(query):
            when = date.fromisoformat(row.when[:10]) if row.when else None
            result.append(MemberInfo(row.id, row.authority or "other", when, int(row.length)))
    return result


def members_of(conn: Connection, cluster_ids: Iterable[str]) -> dict[str, list[str]]:
    """Cluster id -> member article ids."""
    ids = list(cluster_ids)
    m = schema.cluster_members
    found: dict[str, list[str]] = {cid: [] for cid in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(m.c.cluster_id, m.c.article_id).where(m.c.cluster_id.in_(chunk))
        for row in conn.execute(query):
            found[row.cluster_id].append(row.article_id)
    return found


def save_batch(conn: Connection, batch: Batch) -> None:
    """Write a batch of processed articles and the cluster changes in one transaction."""
    now = _now()
    f, m = schema.story_fingerprints, schema.cluster_members
    e, fig, s, p = (
        schema.article_entities,
        schema.article_figures,
        schema.article_summaries,
        schema.article_processing,
    )
    ids = [item.article_id for item in batch.articles]
    for table in (f, m, s, p):
        conn.execute(delete(table).where(table.c.article_id.in_(ids)))
    for table in (e, fig):
        conn.execute(delete(table).where(table.c.article_id.in_(ids)))
    for item in batch.articles:
        conn.execute(
            f.insert().values(
                article_id=item.article_id,
                version=item.version,
                signature=item.signature,
                anchors=" ".join(str(x) for x in item.anchors),
                published=item.published,
                event_keys=" ".join(str(x) for x in item.event_keys),
            )
        )
        ms = item.membership
        conn.execute(
            m.insert().values(
                article_id=ms.article_id,
                cluster_id=batch.moved.get(ms.article_id, ms.cluster_id),
                authority=ms.authority,
                matched_with=ms.matched_with,
                rule=ms.rule,
                jaccard=ms.jaccard,
                containment=ms.containment,
            )
        )
        if item.entities:
            conn.execute(
                e.insert(),
                [
                    {
                        "article_id": item.article_id,
                        "kind": x.kind,
                        "name": x.name,
                        "subtype": x.subtype,
                        "count": x.count,
                        "issuer": x.issuer,
                        "doc_number": x.doc_number,
                    }
                    for x in item.entities
                ],
            )
        if item.figures:
            conn.execute(
                fig.insert(),
                [
                    {
                        "article_id": item.article_id,
                        "position": n,
                        "subject": x.subject,
                        "value": x.value,
                        "unit": x.unit,
                        "change": x.change,
                        "change_value": x.change_value,
                        "sentence": x.sentence,
                    }
                    for n, x in enumerate(item.figures)
                ],
            )
        conn.execute(
            s.insert().values(
                article_id=item.article_id,
                summary=item.summary.summary,
                method=item.summary.method,
                flags_json=json.dumps(list(item.summary.flags), ensure_ascii=False),
                unsupported_json=json.dumps(
                    list(item.summary.unsupported_numbers), ensure_ascii=False
                ),
                version=item.summary_version,
                created_at=now,
            )
        )
        conn.execute(
            p.insert().values(
                article_id=item.article_id,
                version=item.version,
                content_hash=item.content_hash,
                processed_at=now,
            )
        )
    processed = set(ids)
    for article_id, cluster_id in batch.moved.items():
        if article_id not in processed:
            conn.execute(
                m.update().where(m.c.article_id == article_id).values(cluster_id=cluster_id)
            )
    c = schema.clusters
    if batch.dropped_clusters:
        conn.execute(delete(c).where(c.c.id.in_(list(batch.dropped_clusters))))
    for cluster in batch.clusters.values():
        exists = conn.execute(select(c.c.created_at).where(c.c.id == cluster.id)).scalar()
        values = {
            "representative_id": cluster.representative_id,
            "size": cluster.size,
            "updated_at": now,
        }
        if exists is None:
            conn.execute(c.insert().values(id=cluster.id, created_at=now, **values))
        else:
            conn.execute(c.update().where(c.c.id == cluster.id).values(**values))


def _cluster(conn: Connection, row: Any) -> Cluster:
    m = schema.cluster_members
    ids = tuple(
        sorted(conn.execute(select(m.c.article_id).where(m.c.cluster_id == row.id)).scalars())
    )
    return Cluster(id=row.id, representative_id=row.representative_id, member_ids=ids)


def cluster(conn: Connection, cluster_id: str) -> Cluster | None:
    """One cluster with its members."""
    c = schema.clusters
    row = conn.execute(select(c).where(c.c.id == cluster_id)).first()
    return _cluster(conn, row) if row else None


def clusters(conn: Connection, min_size: int = 2) -> list[Cluster]:
    """Clusters with at least ``min_size`` members, largest first."""
    c = schema.clusters
    query = select(c).where(c.c.size >= min_size).order_by(c.c.size.desc(), c.c.id)
    return [_cluster(conn, row) for row in conn.execute(query)]


def article_analysis(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """What ``process`` stored for one article: cluster, entities, figures, summary."""
    p = schema.article_processing
    marker = conn.execute(select(p).where(p.c.article_id == article_id)).first()
    if marker is None:
        return None
    m, e, fig, s = (
        schema.cluster_members,
        schema.article_entities,
        schema.article_figures,
        schema.article_summaries,
    )
    member = conn.execute(select(m).where(m.c.article_id == article_id)).first()
    found = cluster(conn, member.cluster_id) if member else None
    entities = [
        Entity(r.kind, r.name, r.subtype, r._mapping["count"], r.issuer, r.doc_number)
        for r in conn.execute(select(e).where(e.c.article_id == article_id).order_by(e.c.pk))
    ]
    figures = [
        Figure(r.subject, r.value, r.unit, r.change, r.change_value, r.sentence)
        for r in conn.execute(
            select(fig).where(fig.c.article_id == article_id).order_by(fig.c.position)
        )
    ]
    summary_row = conn.execute(select(s).where(s.c.article_id == article_id)).first()
    summary = (
        SummaryResult(
            summary_row.summary,
            summary_row.method,
            tuple(json.loads(summary_row.flags_json)),
            tuple(json.loads(summary_row.unsupported_json)),
        )
        if summary_row
        else None
    )
    return {
        "version": marker.version,
        "processed_at": marker.processed_at,
        "cluster": found,
        "authority": member.authority if member else None,
        "entities": entities,
        "figures": figures,
        "summary": summary,
    }


def summaries_of(conn: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """article id -> the 内容 ``process`` stored, for articles whose text has not changed since."""
    s, p, a = schema.article_summaries, schema.article_processing, schema.articles
    found: dict[str, str] = {}
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), SQL_CHUNK):
        query = (
            select(s.c.article_id, s.c.summary)
            .join(p, p.c.article_id == s.c.article_id)
            .join(a, a.c.id == s.c.article_id)
            .where(s.c.article_id.in_(ids[start : start + SQL_CHUNK]))
            .where(p.c.content_hash == a.c.content_hash)
        )
        found.update((row.article_id, row.summary) for row in conn.execute(query) if row.summary)
    return found


def counts(conn: Connection) -> dict[str, int]:
    """Rows per story table (for reports and tests)."""
    tables: Sequence[Any] = (
        schema.article_processing,
        schema.clusters,
        schema.cluster_members,
        schema.article_entities,
        schema.article_figures,
        schema.article_summaries,
    )
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables
    }


def memberships_of(conn: Connection, article_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
    """article id -> (cluster id, cluster size) for the given articles that are in a cluster."""
    m = schema.cluster_members
    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(article_ids), SQL_CHUNK):
        chunk = list(article_ids[start : start + SQL_CHUNK])
        rows = conn.execute(select(m.c.article_id, m.c.cluster_id).where(m.c.article_id.in_(chunk)))
        ids = {r.article_id: r.cluster_id for r in rows}
        if not ids:
            continue
        counts = {
            row.cluster_id: row.n
            for row in conn.execute(
                select(m.c.cluster_id, func.count().label("n"))
                .where(m.c.cluster_id.in_(set(ids.values())))
                .group_by(m.c.cluster_id)
            )
        }
        found.update({a: (c, int(counts.get(c, 1))) for a, c in ids.items()})
    return found
