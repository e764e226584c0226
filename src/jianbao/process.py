"""``jianbao process``: cluster, extract entities and figures, and summarise stored articles.

Runs over the articles of the store that have no processed marker for :data:`PROCESS_VERSION`
(or whose text changed since), oldest first, in batches. Each batch is one transaction: a
killed run loses at most the batch in flight, and the next run picks up where it stopped.
Running twice does nothing the second time.

Clustering is incremental: the MinHash signatures, anchors and event keys (with the day) of
every processed article are stored, loaded into a :class:`~jianbao.analyze.cluster.StoryIndex`,
and each new article is compared with its candidates (verified on their full text). An article
that repeats members of several clusters merges them into the largest; ids of clusters are kept.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from jianbao.analyze.cluster import (
    Fingerprint,
    Match,
    StoryDoc,
    StoryIndex,
    authority_of,
    cluster_id,
    compare,
    fingerprint,
    make_cluster,
    minhash_signature,
    signature_bytes,
    signature_from_bytes,
)
from jianbao.analyze.entities import extract_entities, extract_figures
from jianbao.analyze.llm import summary_for
from jianbao.analyze.summarize import SUMMARY_VERSION
from jianbao.models import Article
from jianbao.settings import LlmSettings, WorkspaceFile
from jianbao.store import Store
from jianbao.store.analysis import Batch, Membership, ProcessedArticle, member_info

log = logging.getLogger(__name__)

# Bump when clustering, entities, figures or summaries change: every article is redone.
PROCESS_VERSION = f"story-2/{SUMMARY_VERSION}"  # story-2: event evidence (decision 0008)
BATCH_SIZE = 200  # articles per transaction: small enough to lose little when killed
# Fingerprints (shingle sets) kept in memory for verifying candidates; older ones are
# recomputed from the stored text on demand. Bounds memory on large stores (bench_process).
# about 8.5 KB each (shingles, numbers, event terms; measured with tracemalloc): under 170 MB
FINGERPRINT_CACHE = 20_000

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(slots=True)
class ProcessReport:
    """What a run did."""

    processed: int = 0
    pending: int = 0
    new_clusters: int = 0
    joined: int = 0  # articles that joined an existing story
    merged: int = 0  # clusters merged into another
    llm_summaries: int = 0
    flags: dict[str, int] = field(default_factory=dict)  # summary flags counted


def source_authorities(config: WorkspaceFile | None) -> dict[str, str]:
    """Source name -> authority from the workspace's [[source]] entries."""
    if config is None:
        return {}
    return {source.name: source.authority for source in config.sources}


def story_doc(article: Article, sources: Mapping[str, str]) -> StoryDoc:
    """The clustering view of a stored article."""
    return StoryDoc(
        id=article.id,
        title=article.title,
        text=article.text,
        published=article.published,
        url=article.url,
        source_name=article.source_name,
        authority=authority_of(article.url, article.source_name, sources),
    )


class _Clusters:
    """The run's view of cluster membership, kept in step with what the batches write."""

    def __init__(self, store: Store) -> None:
        from jianbao.store import analysis

        with store.engine.connect() as conn:
            self.of: dict[str, str] = analysis.memberships(conn)
        self.members: dict[str, set[str]] = {}
        for article_id, cid in self.of.items():
            self.members.setdefault(cid, set()).add(article_id)

    def leave(self, article_id: str) -> str | None:
        cid = self.of.pop(article_id, None)
        if cid is not None:
            self.members.get(cid, set()).discard(article_id)
        return cid

    def join(self, article_id: str, cid: str) -> None:
        self.of[article_id] = cid
        self.members.setdefault(cid, set()).add(article_id)

    def merge(self, into: str, other: str, batch: Batch) -> None:
        for article_id in self.members.pop(other, set()):
            self.of[article_id] = into
            self.members.setdefault(into, set()).add(article_id)
            batch.moved[article_id] = into
        batch.dropped_clusters.add(other)
        batch.clusters.pop(other, None)


def process_store(
    store: Store,
    config: WorkspaceFile | None = None,
    *,
    limit: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    llm: LlmSettings | None = None,
    llm_client: httpx.Client | None = None,
) -> ProcessReport:
    """Process the store's new articles: clusters, entities, figures, summaries.

    ``config`` gives the [[source]] authorities and the [llm] settings (``llm`` overrides the
    latter). Resumable and idempotent; returns what the run did.
    """
    sources = source_authorities(config)
    llm_settings = llm if llm is not None else (config.llm if config else None)
    ids = store.pending_analysis(PROCESS_VERSION, limit)
    report = ProcessReport(pending=len(ids))
    if not ids:
        return report
    pending = set(ids)
    index = StoryIndex()
    with store.engine.connect() as conn:
        from jianbao.store import analysis

        for row in analysis.fingerprint_rows(conn):
            if row.article_id not in pending:
                index.add(
                    row.article_id,
                    signature_from_bytes(row.signature),
                    row.anchors,
                    row.event_keys,
                    row.published,
                )
    state = _Clusters(store)
    prints: OrderedDict[str, Fingerprint] = OrderedDict()

    def fingerprint_of(article_id: str) -> Fingerprint | None:
        if article_id in prints:
            prints.move_to_end(article_id)
            return prints[article_id]
        article = store.get_article(article_id)
        if article is None:
            return None
        found = prints[article_id] = fingerprint(story_doc(article, sources))
        while len(prints) > FINGERPRINT_CACHE:
            prints.popitem(last=False)
        return found

    done = 0
    for start in range(0, len(ids), batch_size):
        batch = Batch()
        for article_id in ids[start : start + batch_size]:
            article = store.get_article(article_id)
            if article is None:  # deleted meanwhile
                continue
            item = _process_one(
                article, sources, index, state, fingerprint_of, prints, batch, report
            )
            summary = summary_for(article.title, article.text, llm_settings, llm_client)
            if summary.method == "llm":
                report.llm_summaries += 1
            for flag in summary.flags:
                report.flags[flag] = report.flags.get(flag, 0) + 1
            batch.articles.append(
                ProcessedArticle(
                    article_id=article.id,
                    content_hash=article.content_hash,
                    version=PROCESS_VERSION,
                    signature=item[0],
                    anchors=item[1],
                    published=article.published.isoformat() if article.published else None,
                    membership=item[2],
                    event_keys=item[3],
                    entities=extract_entities(article.title, article.text),
                    figures=extract_figures(article.text),
                    summary=summary,
                    summary_version=SUMMARY_VERSION,
                )
            )
        _representatives(store, state, batch)
        store.save_analysis(batch)
        done += len(ids[start : start + batch_size])
        report.processed += len(batch.articles)
        if progress:
            progress(done, len(ids))
    return report


def _process_one(
    article: Article,
    sources: Mapping[str, str],
    index: StoryIndex,
    state: _Clusters,
    fingerprint_of: Callable[[str], Fingerprint | None],
    prints: OrderedDict[str, Fingerprint],
    batch: Batch,
    report: ProcessReport,
) -> tuple[bytes, tuple[int, ...], Membership, tuple[int, ...]]:
    doc = story_doc(article, sources)
    fp = fingerprint(doc)
    prints[article.id] = fp
    if len(prints) > FINGERPRINT_CACHE:
        prints.popitem(last=False)
    signature = minhash_signature(fp)
    old = state.leave(article.id)  # reprocessing a changed article: it may tell a new story
    if old is not None:  # mark the old cluster touched; _representatives redoes or drops it
        batch.clusters[old] = make_cluster([doc], old)
    best: tuple[str, Match] | None = None
    matched_clusters: set[str] = set()
    for other in index.candidates(signature, fp.anchors, fp.event.keys, fp.day):
        if other == article.id:
            continue
        other_fp = fingerprint_of(other)
        if other_fp is None:
            continue
        match = compare(fp, other_fp)
        if match is None:
            continue
        if other in state.of:
            matched_clusters.add(state.of[other])
        if best is None or match.jaccard > best[1].jaccard:
            best = (other, match)
    if matched_clusters:
        target = max(matched_clusters, key=lambda c: (len(state.members.get(c, ())), c))
        for other_cluster in matched_clusters - {target}:
            state.merge(target, other_cluster, batch)
            report.merged += 1
        report.joined += 1
    else:
        # founded by this article and this text: a changed article that leaves its story
        # founds a new cluster instead of reusing the old cluster's id
        target = cluster_id([f"{article.id}:{article.content_hash}"])
        report.new_clusters += 1
    state.join(article.id, target)
    batch.clusters[target] = make_cluster([doc], target)  # members fixed in _representatives
    index.add(article.id, signature, fp.anchors, fp.event.keys, fp.day)
    membership = Membership(
        article_id=article.id,
        cluster_id=target,
        authority=doc.authority,
        matched_with=best[0] if best else None,
        rule=best[1].rule if best else None,
        jaccard=best[1].jaccard if best else None,
        containment=best[1].containment if best else None,
    )
    return signature_bytes(signature), fp.anchors, membership, fp.event.keys


def _representatives(store: Store, state: _Clusters, batch: Batch) -> None:
    """Recompute the representative and size of every cluster the batch touched."""
    touched = [c for c in batch.clusters if c not in batch.dropped_clusters]
    if not touched:
        return
    authorities = {item.article_id: item.membership.authority for item in batch.articles}
    all_ids = {a for cid in touched for a in state.members.get(cid, set())}
    with store.engine.connect() as conn:
        info = {m.article_id: m for m in member_info(conn, all_ids)}
    for cid in touched:
        docs = []
        for article_id in sorted(state.members.get(cid, set())):
            meta = info.get(article_id)
            docs.append(
                StoryDoc(
                    id=article_id,
                    title="",
                    text="",
                    published=meta.published if meta else None,
                    authority=authorities.get(article_id) or (meta.authority if meta else "other"),
                    length=meta.length if meta else 0,
                )
            )
        if docs:
            batch.clusters[cid] = make_cluster(docs, cid)
        else:
            batch.dropped_clusters.add(cid)
            batch.clusters.pop(cid, None)
