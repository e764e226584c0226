"""The jianbao store: articles, raw documents, sources and bulletins in one database.

``Store.open(url)`` connects, applies recorded migrations and hands out typed records; every
write is one transaction, so a killed process never leaves half an article behind. SQLite is
the default (``sqlite.py`` holds what is SQLite-specific); ``database_url`` may name another
SQLAlchemy backend.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlalchemy import Connection, CursorResult, Engine, Row, func, select
from sqlalchemy.exc import SQLAlchemyError

from jianbao.errors import StoreError
from jianbao.models import Article, Attachment, Bulletin, Cluster, Fetched, SearchHit
from jianbao.store import analysis as story
from jianbao.store import bulletins, migrations, schema, search
from jianbao.store.sqlite import create_engine_for

Outcome = Literal["added", "updated", "unchanged"]
_T = TypeVar("_T")


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.replace(tzinfo=None).isoformat(timespec="seconds") if value else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _inserted_pk(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every insert here has an integer key
        raise StoreError("the database returned no key for a new row", code="E303")
    return int(key[0])


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What storing one article did."""

    article_id: str
    outcome: Outcome


def database_url_for(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


class Store:
    """A connection to the jianbao database (use as a context manager)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to ``url`` (a SQLAlchemy URL), apply pending migrations, return the store."""
        try:
            engine = create_engine_for(url)
            migrations.migrate(engine)
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(
                f"cannot open the database {url}: {exc.__class__.__name__}: {exc}",
                code="E301",
                hint="Check that the folder exists and is writable, and that the file is a "
                "jianbao database.",
            ) from exc
        return cls(engine)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        """Highest applied migration."""
        with self.engine.connect() as conn:
            return max(migrations.applied_versions(conn), default=0)

    # -- articles -------------------------------------------------------------------------

    def upsert_article(self, article: Article, fetched: Fetched | None = None) -> UpsertResult:
        """Store ``article`` (and the raw ``fetched`` bytes) in one transaction."""
        try:
            with self.engine.begin() as conn:
                return self._upsert(conn, article, fetched)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store article {article.url}: {exc}", code="E303") from exc

    def upsert_articles(
        self, pairs: Iterable[tuple[Article, Fetched | None]], batch_size: int = 500
    ) -> Iterator[UpsertResult]:
        """Store many articles, committing every ``batch_size``; yields after each commit."""
        batch: list[tuple[Article, Fetched | None]] = []

        def flush() -> list[UpsertResult]:
            try:
                with self.engine.begin() as conn:
                    return [self._upsert(conn, a, f) for a, f in batch]
            except SQLAlchemyError as exc:
                raise StoreError(
                    f"could not store a batch of articles: {exc}", code="E303"
                ) from exc

        for pair in pairs:
            batch.append(pair)
            if len(batch) >= batch_size:
                yield from flush()
                batch = []
        if batch:
            yield from flush()

    def _store_document(self, conn: Connection, fetched: Fetched, encoding: str | None) -> int:
        digest = hashlib.sha256(fetched.body).hexdigest()
        table = schema.documents
        pk = conn.execute(
            select(table.c.pk).where(table.c.url == fetched.url, table.c.body_sha256 == digest)
        ).scalar()
        if pk is not None:
            return int(pk)
        result = conn.execute(
            table.insert().values(
                url=fetched.url,
                final_url=fetched.final_url,
                path=fetched.path,
                status=fetched.status,
                headers_json=json.dumps(list(fetched.headers), ensure_ascii=False)
                if fetched.headers
                else None,
                content_type=fetched.content_type,
                encoding=encoding,
                size=len(fetched.body),
                body_sha256=digest,
                body_zlib=zlib.compress(fetched.body, 6),
                fetched_at=_iso(fetched.fetched_at) or _now(),
            )
        )
        return _inserted_pk(result)

    def _upsert(self, conn: Connection, article: Article, fetched: Fetched | None) -> UpsertResult:
        table = schema.articles
        row = conn.execute(
            select(table.c.pk, table.c.content_hash).where(table.c.id == article.id)
        ).first()
        document_pk = self._store_document(conn, fetched, article.encoding) if fetched else None
        values: dict[str, Any] = {
            "url": article.url,
            "canonical_url": article.canonical_url,
            "title": article.title,
            "published": _iso(article.published),
            "source_name": article.source_name,
            "author": article.author,
            "text": article.text,
            "language": article.language,
            "content_hash": article.content_hash,
            "extracted_by": article.extracted_by,
            "attachments_json": json.dumps(
                [{"url": a.url, "title": a.title, "text": a.text} for a in article.attachments],
                ensure_ascii=False,
            )
            if article.attachments
            else None,
            "malformed": article.malformed,
            "problem": article.problem,
            "updated_at": _now(),
        }
        if document_pk is not None:
            values["document_pk"] = document_pk
        if row is None:
            seen = _iso(fetched.fetched_at) if fetched else values["updated_at"]
            result = conn.execute(
                table.insert().values(
                    id=article.id, created_at=values["updated_at"], seen_at=seen, **values
                )
            )
            pk = _inserted_pk(result)
            search.index_article(conn, pk, article.title, article.text)
            return UpsertResult(article.id, "added")
        pk = int(row.pk)
        if row.content_hash == article.content_hash:
            return UpsertResult(article.id, "unchanged")
        search.remove_article(conn, pk)  # reads the old text: before the row changes
        conn.execute(table.update().where(table.c.pk == pk).values(**values))
        search.index_article(conn, pk, article.title, article.text)
        return UpsertResult(article.id, "updated")

    @staticmethod
    def _article(row: Row[Any]) -> Article:
        attachments = tuple(
            Attachment(url=a["url"], title=a.get("title") or "", text=a.get("text"))
            for a in json.loads(row.attachments_json or "[]")
        )
        return Article(
            id=row.id,
            url=row.url,
            canonical_url=row.canonical_url,
            title=row.title,
            text=row.text,
            content_hash=row.content_hash,
            published=_parse(row.published),
            author=row.author,
            source_name=row.source_name,
            language=row.language,
            extracted_by=row.extracted_by or "",
            attachments=attachments,
            malformed=bool(row.malformed),
            problem=row.problem,
        )

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.articles).where(schema.articles.c.id == article_id)
            ).first()
        return self._article(row) if row else None

    def count_articles(self) -> int:
        """Number of stored articles."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar_one())

    def articles(self, start: datetime | None = None, end: datetime | None = None) -> list[Article]:
        """Articles published in [start, end] (inclusive, by day), newest first.

        Articles without a publication date count as published when first seen (the fetch
        time, or a file's modification time).
        """
        table = schema.articles
        when = func.coalesce(table.c.published, table.c.seen_at, table.c.created_at)
        query = select(table).order_by(when.desc(), table.c.pk)
        if start:
            query = query.where(when >= _iso(start))
        if end:
            query = query.where(when <= f"{end:%Y-%m-%d}T23:59:59")
        with self.engine.connect() as conn:
            return [self._article(row) for row in conn.execute(query)]

    def raw_document(self, article_id: str) -> bytes | None:
        """The raw bytes an article was extracted from, or None."""
        a, d = schema.articles, schema.documents
        with self.engine.connect() as conn:
            blob = conn.execute(
                select(d.c.body_zlib).join(a, a.c.document_pk == d.c.pk).where(a.c.id == article_id)
            ).scalar()
        return zlib.decompress(blob) if blob is not None else None

    # -- search ---------------------------------------------------------------------------

    def search(
        self, query: str, *, since: datetime | None = None, limit: int = 20
    ) -> list[SearchHit]:
        """Articles matching ``query``, ranked by relevance and recency."""
        with self.engine.connect() as conn:
            return search.search(conn, query, since=since, limit=limit)

    # -- bulletins (store/bulletins.py) ---------------------------------------------------

    def _write(self, what: str, fn: Callable[[Connection], _T]) -> _T:
        try:
            with self.engine.begin() as conn:
                return fn(conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {what}: {exc}", code="E303") from exc

    def save_bulletin(
        self,
        bulletin: Bulletin,
        files: dict[str, str] | None = None,
        *,
        replace: int | None = None,
    ) -> int:
        """Store a draft bulletin with its items (or rewrite draft ``replace``); return its id.

        A published bulletin is never rewritten (E605).
        """
        return self._write(
            "store the bulletin", lambda c: bulletins.save(c, bulletin, files or {}, replace)
        )

    def set_bulletin_files(self, bulletin_id: int, files: dict[str, str]) -> None:
        """Record the rendered files of a draft bulletin."""
        self._write("record the files", lambda c: bulletins.set_files(c, bulletin_id, files))

    def publish_bulletin(self, bulletin_id: int, approved_by: str) -> dict[str, Any]:
        """Freeze a draft: published, with the time and who approved it (E605, E606)."""
        return self._write(
            "publish the bulletin", lambda c: bulletins.publish(c, bulletin_id, approved_by)
        )

    def bulletin(self, bulletin_id: int) -> dict[str, Any] | None:
        """One bulletin row (status, numbering, files, item count), or None."""
        with self.engine.connect() as conn:
            return bulletins.get(conn, bulletin_id)

    def find_bulletin(self, template: str, issue_label: str) -> dict[str, Any] | None:
        """The bulletin of ``template`` with this 期号, published ones first."""
        with self.engine.connect() as conn:
            return bulletins.find(conn, template, issue_label)

    def published_items(self, template: str) -> list[tuple[str, str, datetime]]:
        """(article id, title, published at) of the items of every published issue."""
        with self.engine.connect() as conn:
            return bulletins.published_items(conn, template)

    def count_published_before(self, template: str, end: datetime) -> int:
        """Published issues of ``template`` whose period ends before ``end``."""
        with self.engine.connect() as conn:
            return bulletins.count_published_before(conn, template, end)

    def last_issue_number(self, template: str, year: int) -> int | None:
        """The highest issue number published for ``template`` in ``year``."""
        with self.engine.connect() as conn:
            return bulletins.last_issue_number(conn, template, year)

    def bulletins(self) -> list[dict[str, Any]]:
        """All bulletins, newest first, with their item counts."""
        with self.engine.connect() as conn:
            return bulletins.list_all(conn)

    # -- story understanding (store/analysis.py, jianbao process) -------------------------

    def pending_analysis(self, version: str, limit: int | None = None) -> list[str]:
        """Ids of articles not yet processed by ``version`` (or changed since), oldest first."""
        with self.engine.connect() as conn:
            return story.pending(conn, version, limit)

    def save_analysis(self, batch: story.Batch) -> None:
        """Store processed articles and their cluster changes in one transaction."""
        self._write("store the analysis", lambda c: story.save_batch(c, batch))

    def article_analysis(self, article_id: str) -> dict[str, Any] | None:
        """Cluster, entities, figures and summary stored for an article, or None."""
        with self.engine.connect() as conn:
            return story.article_analysis(conn, article_id)

    def cluster(self, cluster_id: str) -> Cluster | None:
        """One story cluster with its members, or None."""
        with self.engine.connect() as conn:
            return story.cluster(conn, cluster_id)

    def cluster_memberships(self, article_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """article id -> (cluster id, cluster size), for articles ``process`` has clustered."""
        with self.engine.connect() as conn:
            return story.memberships_of(conn, article_ids)

    def stored_summaries(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> the 内容 ``process`` stored (only where the text is unchanged since)."""
        with self.engine.connect() as conn:
            return story.summaries_of(conn, article_ids)

    def clusters(self, min_size: int = 2) -> list[Cluster]:
        """Story clusters with at least ``min_size`` members, largest first."""
        with self.engine.connect() as conn:
            return story.clusters(conn, min_size)
