"""What the collector keeps between runs: sources and their health, per-URL fetch state, a log.

Functions over a :class:`~jianbao.store.Store`; each write is its own short transaction. The
``sources`` rows mirror the ``[[source]]`` entries of jianbao.toml (synced on every run) plus
their health; ``fetch_state`` remembers ETag / Last-Modified and the article each URL became;
``fetch_log`` has one row per URL per run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlalchemy.exc import SQLAlchemyError

from jianbao.errors import StoreError
from jianbao.settings import SourceConfig
from jianbao.store import Store, schema

__all__ = [
    "FetchState",
    "SourceHealth",
    "fetch_state",
    "log_fetches",
    "record_source_run",
    "save_fetch_state",
    "source_health",
    "stored_urls",
    "sync_sources",
]

# SQLite allows 32766 bound parameters; stay far below it per IN (...) query.
IN_BATCH = 500


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One source as the store knows it: configuration and the health of its last runs."""

    name: str
    kind: str
    url: str | None
    enabled: bool
    region: str | None = None
    authority: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    consecutive_failures: int = 0
    items_last_run: int | None = None
    last_run_at: str | None = None
    last_run: dict[str, int] = field(default_factory=dict)
    malformed: bool = False
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class FetchState:
    """What the last fetch of one canonical URL gave."""

    url: str
    reason: str
    source_name: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    status: int | None = None
    article_id: str | None = None
    discovered: tuple[dict[str, Any], ...] = ()
    problem: str | None = None
    fetched_at: str | None = None


@contextmanager
def _write(store: Store, what: str) -> Iterator[Connection]:
    try:
        with store.engine.begin() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"could not store {what}: {exc}", code="E303") from exc


def sync_sources(store: Store, configs: Sequence[SourceConfig]) -> None:
    """Insert or update one ``sources`` row per configured source (health is kept)."""
    table = schema.sources
    now = _now()
    try:
        with store.engine.begin() as conn:
            existing = {row.name: row.pk for row in conn.execute(select(table.c.name, table.c.pk))}
            for config in configs:
                values = {
                    "kind": config.kind,
                    "url": config.url,
                    "region": config.region,
                    "authority": config.authority,
                    "section_hint": config.section_hint,
                    "enabled": config.enabled,
                    "config_json": config.model_dump_json(by_alias=True),
                    "updated_at": now,
                }
                if config.name in existing:
                    conn.execute(
                        table.update().where(table.c.pk == existing[config.name]).values(**values)
                    )
                else:
                    conn.execute(
                        table.insert().values(
                            name=config.name, created_at=now, consecutive_failures=0, **values
                        )
                    )
    except SQLAlchemyError as exc:
        raise StoreError(f"could not record the sources: {exc}", code="E303") from exc


def source_health(store: Store, names: Iterable[str] | None = None) -> list[SourceHealth]:
    """Sources with their health, in name order (only ``names`` when given)."""
    table = schema.sources
    query = select(table).order_by(table.c.name)
    if names is not None:
        query = query.where(table.c.name.in_(list(names)))
    with store.engine.connect() as conn:
        rows = list(conn.execute(query))
    return [
        SourceHealth(
            name=row.name,
            kind=row.kind,
            url=row.url,
            enabled=bool(row.enabled),
            region=row.region,
            authority=row.authority,
            last_success=row.last_success,
            last_error=row.last_error,
            last_error_at=row.last_error_at,
            consecutive_failures=int(row.consecutive_failures or 0),
            items_last_run=row.items_last_run,
            last_run_at=row.last_run_at,
            last_run=json.loads(row.last_run_json) if row.last_run_json else {},
            malformed=bool(row.malformed),
            problem=row.problem,
        )
        for row in rows
    ]


def record_source_run(
    store: Store,
    name: str,
    *,
    ok: bool,
    items: int,
    counts: Mapping[str, int],
    error: str | None = None,
    problem: str | None = None,
) -> None:
    """Record one run of a source: success or failure, items stored, counts by reason."""
    table = schema.sources
    now = _now()
    values: dict[str, Any] = {
        "items_last_run": items,
        "last_run_at": now,
        "last_run_json": json.dumps(dict(counts), ensure_ascii=False, sort_keys=True),
        "malformed": problem is not None,
        "problem": problem,
        "updated_at": now,
    }
    if ok:
        values["last_success"] = now
        values["consecutive_failures"] = 0
    else:
        values["consecutive_failures"] = table.c.consecutive_failures + 1
    if error:
        values["last_error"] = error
        values["last_error_at"] = now
    with _write(store, f'the health of source "{name}"') as conn:
        conn.execute(table.update().where(table.c.name == name).values(**values))


def fetch_state(store: Store, url: str) -> FetchState | None:
    """The remembered state of a canonical URL, or None."""
    table = schema.fetch_state
    with store.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.url == url)).first()
    if row is None:
        return None
    return FetchState(
        url=row.url,
        reason=row.reason,
        source_name=row.source_name,
        etag=row.etag,
        last_modified=row.last_modified,
        status=row.status,
        article_id=row.article_id,
        discovered=tuple(json.loads(row.discovered_json)) if row.discovered_json else (),
        problem=row.problem,
        fetched_at=row.fetched_at,
    )


def save_fetch_state(store: Store, state: FetchState) -> None:
    """Insert or replace the state of one URL (an earlier article id is kept if none is new)."""
    table = schema.fetch_state
    values: dict[str, Any] = {
        "source_name": state.source_name,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "status": state.status,
        "reason": state.reason,
        "discovered_json": json.dumps(list(state.discovered), ensure_ascii=False)
        if state.discovered
        else None,
        "problem": state.problem,
        "fetched_at": state.fetched_at or _now(),
    }
    if state.article_id:
        values["article_id"] = state.article_id
    with _write(store, f"the fetch state of {state.url}") as conn:
        exists = conn.execute(select(table.c.url).where(table.c.url == state.url)).first()
        if exists:
            conn.execute(table.update().where(table.c.url == state.url).values(**values))
        else:
            conn.execute(table.insert().values(url=state.url, **values))


def stored_urls(store: Store, urls: Iterable[str]) -> set[str]:
    """Those of the canonical ``urls`` that are already stored as articles."""
    wanted = list(dict.fromkeys(urls))
    found: set[str] = set()
    state, articles = schema.fetch_state, schema.articles
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), IN_BATCH):
            batch = wanted[start : start + IN_BATCH]
            found.update(
                conn.execute(
                    select(state.c.url).where(
                        state.c.url.in_(batch), state.c.article_id.is_not(None)
                    )
                ).scalars()
            )
            for row in conn.execute(
                select(articles.c.url, articles.c.canonical_url).where(
                    or_(articles.c.url.in_(batch), articles.c.canonical_url.in_(batch))
                )
            ):
                found.update(u for u in (row.url, row.canonical_url) if u in batch)
    return found


def log_fetches(store: Store, run_id: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Append fetch-log rows (keys: source_name, url, reason, status, attempts, elapsed_ms,
    size, message)."""
    if not rows:
        return
    now = _now()
    with _write(store, "the fetch log") as conn:
        conn.execute(
            schema.fetch_log.insert(),
            [{"run_id": run_id, "at": now, **row} for row in rows],
        )
