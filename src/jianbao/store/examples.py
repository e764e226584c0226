"""Labelled examples of bulletin templates, and the record of trained models.

Importing a bulletin again replaces its examples (same template, same origin) in one
transaction, so re-importing is idempotent and a failed import leaves the old ones in place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from jianbao.errors import StoreError
from jianbao.models import Example
from jianbao.store import Store, schema


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def replace_examples(store: Store, template: str, origin: str, examples: Sequence[Example]) -> int:
    """Store ``examples`` as the examples of ``template`` from ``origin``; return the count."""
    table = schema.examples
    now = _now()
    try:
        with store.engine.begin() as conn:
            conn.execute(
                table.delete().where(table.c.template == template, table.c.origin == origin)
            )
            for position, e in enumerate(examples):
                conn.execute(
                    table.insert().values(
                        template=template,
                        section=e.section,
                        subsection=e.subsection,
                        tag=e.tag,
                        title=e.title,
                        text=e.text,
                        summary=e.summary,
                        source_url=e.source_url,
                        origin=origin,
                        position=position,
                        created_at=now,
                    )
                )
    except SQLAlchemyError as exc:
        raise StoreError(f"could not store the examples of {origin}: {exc}", code="E303") from exc
    return len(examples)


def examples(store: Store, template: str) -> list[Example]:
    """The examples of ``template``, in import order."""
    table = schema.examples
    query = (
        select(table).where(table.c.template == template).order_by(table.c.origin, table.c.position)
    )
    with store.engine.connect() as conn:
        return [
            Example(
                template=row.template,
                section=row.section,
                subsection=row.subsection,
                tag=row.tag,
                title=row.title,
                text=row.text,
                summary=row.summary,
                source_url=row.source_url,
                origin=row.origin,
            )
            for row in conn.execute(query)
        ]


def example_counts(store: Store) -> dict[str, dict[str, int]]:
    """Number of examples per template and section."""
    table = schema.examples
    query = select(table.c.template, table.c.section, func.count()).group_by(
        table.c.template, table.c.section
    )
    counts: dict[str, dict[str, int]] = {}
    with store.engine.connect() as conn:
        for template, section, n in conn.execute(query):
            counts.setdefault(template, {})[section] = int(n)
    return counts


def next_model_version(store: Store, template: str) -> int:
    """The version number the next trained model of ``template`` gets."""
    table = schema.models
    with store.engine.connect() as conn:
        latest = conn.execute(
            select(func.max(table.c.version)).where(table.c.template == template)
        ).scalar()
    return int(latest or 0) + 1


def record_model(store: Store, manifest: dict[str, Any], path: str) -> None:
    """Record a saved model (its manifest) in the database."""
    table = schema.models
    try:
        with store.engine.begin() as conn:
            conn.execute(
                table.insert().values(
                    template=manifest["template"],
                    version=manifest["version"],
                    path=path,
                    data_hash=manifest["data_hash"],
                    examples=manifest["examples"],
                    metrics_json=json.dumps(manifest.get("metrics", {})),
                    trained_at=manifest["trained_at"],
                )
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"could not record the model: {exc}", code="E303") from exc


def models(store: Store) -> list[dict[str, Any]]:
    """Every recorded model, newest first."""
    table = schema.models
    with store.engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.template, table.c.version.desc()))
        return [dict(row._mapping) for row in rows]
