"""Bulletin rows: drafts that can be rebuilt, published issues that never change again.

Functions over a SQLAlchemy connection; :class:`jianbao.store.Store` wraps each in a
transaction. A published bulletin is frozen here, at the lowest level, so no caller can
rewrite it by mistake (E605).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from jianbao.errors import RenderError
from jianbao.models import Bulletin
from jianbao.store import schema


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.replace(tzinfo=None).isoformat(timespec="seconds") if value else None


def frozen_error(row: dict[str, Any]) -> RenderError:
    """E605 for a published bulletin row."""
    return RenderError(
        f"bulletin #{row['pk']} ({row['template']} {row['issue_label'] or ''}) was published "
        f"on {(row['published_at'] or '')[:10]} by {row['approved_by'] or 'unknown'} and is "
        "frozen.",
        code="E605",
        hint="Build the next issue instead (jianbao build --issue N+1).",
    )


def get(conn: Connection, pk: int) -> dict[str, Any] | None:
    """One bulletin row (with its item count and files), or None."""
    b, items = schema.bulletins, schema.bulletin_items
    count = (
        select(func.count())
        .select_from(items)
        .where(items.c.bulletin_pk == b.c.pk)
        .scalar_subquery()
    )
    row = conn.execute(select(b, count.label("items")).where(b.c.pk == pk)).first()
    return _row(row._mapping) if row else None


def _row(mapping: Any) -> dict[str, Any]:
    row = dict(mapping)
    row["files"] = json.loads(row.get("files_json") or "{}")
    return row


def require(conn: Connection, pk: int) -> dict[str, Any]:
    """The bulletin row ``pk``; E606 when there is none."""
    row = get(conn, pk)
    if row is None:
        raise RenderError(
            f"there is no bulletin #{pk}.",
            code="E606",
            hint="`jianbao bulletins` lists the ids.",
        )
    return row


def list_all(conn: Connection) -> list[dict[str, Any]]:
    """All bulletins, newest first, with their item counts."""
    b, items = schema.bulletins, schema.bulletin_items
    count = (
        select(func.count())
        .select_from(items)
        .where(items.c.bulletin_pk == b.c.pk)
        .scalar_subquery()
    )
    rows = conn.execute(select(b, count.label("items")).order_by(b.c.pk.desc()))
    return [_row(row._mapping) for row in rows]


def find(conn: Connection, template: str, issue_label: str) -> dict[str, Any] | None:
    """The bulletin of ``template`` with this 期号 (a published one before a draft)."""
    b = schema.bulletins
    pks = conn.execute(
        select(b.c.pk)
        .where(b.c.template == template, b.c.issue_label == issue_label)
        .order_by((b.c.status == "published").desc(), b.c.pk.desc())
    ).scalars()
    first = next(iter(pks), None)
    return get(conn, int(first)) if first is not None else None


def published_items(conn: Connection, template: str) -> list[tuple[str, str, datetime]]:
    """(article id, title, published at) of every item in a published issue of ``template``."""
    b, items, a = schema.bulletins, schema.bulletin_items, schema.articles
    rows = conn.execute(
        select(a.c.id, func.coalesce(items.c.title, a.c.title), b.c.published_at)
        .join(items, items.c.article_pk == a.c.pk)
        .join(b, b.c.pk == items.c.bulletin_pk)
        .where(b.c.template == template, b.c.status == "published")
    )
    return [(r[0], r[1], datetime.fromisoformat(r[2] or "1970-01-01")) for r in rows]


def count_published_before(conn: Connection, template: str, end: datetime) -> int:
    """How many issues of ``template`` were published for periods ending before ``end``."""
    b = schema.bulletins
    return int(
        conn.execute(
            select(func.count()).where(
                b.c.template == template,
                b.c.status == "published",
                b.c.period_end < _iso(end),
            )
        ).scalar_one()
    )


def last_issue_number(conn: Connection, template: str, year: int) -> int | None:
    """The highest issue number published for ``template`` in ``year`` (by period end)."""
    b = schema.bulletins
    value = conn.execute(
        select(func.max(b.c.issue_number)).where(
            b.c.template == template,
            b.c.status == "published",
            b.c.period_end >= f"{year:04d}-01-01",
            b.c.period_end < f"{year + 1:04d}-01-01",
        )
    ).scalar()
    return int(value) if value is not None else None


def save(
    conn: Connection, bulletin: Bulletin, files: dict[str, str], replace: int | None = None
) -> int:
    """Insert a draft, or rewrite draft ``replace`` in place (same id); never a published one."""
    b, items, a = schema.bulletins, schema.bulletin_items, schema.articles
    values: dict[str, Any] = {
        "template": bulletin.template,
        "title": bulletin.title,
        "issue_label": bulletin.issue_label,
        "period_start": _iso(bulletin.period_start),
        "period_end": _iso(bulletin.period_end),
        "status": "draft",
        "files_json": json.dumps(files, ensure_ascii=False),
        "issue_number": bulletin.issue_number,
        "total_number": bulletin.total_number,
        "total_label": bulletin.total_label,
        "layout": bulletin.layout,
        "updated_at": _now(),
    }
    if replace is not None:
        row = require(conn, replace)
        if row["status"] == "published":
            raise frozen_error(row)
        conn.execute(items.delete().where(items.c.bulletin_pk == replace))
        conn.execute(b.update().where(b.c.pk == replace).values(**values))
        pk = replace
    else:
        result = conn.execute(b.insert().values(created_at=values["updated_at"], **values))
        key = result.inserted_primary_key
        assert key is not None  # every insert here has an integer key
        pk = int(key[0])
    ids = {item.article_id for item in bulletin.items}
    pks = {row.id: row.pk for row in conn.execute(select(a.c.id, a.c.pk).where(a.c.id.in_(ids)))}
    for item in bulletin.items:
        if item.article_id not in pks:
            continue  # an article deleted meanwhile: the rendered files still have it
        conn.execute(
            items.insert().values(
                bulletin_pk=pk,
                article_pk=pks[item.article_id],
                section=item.section,
                subsection=item.subsection,
                position=item.position,
                title=item.title,
                tag=item.tag,
                summary=item.summary,
            )
        )
    return pk


def set_files(conn: Connection, pk: int, files: dict[str, str]) -> None:
    """Record the rendered files of a draft."""
    row = require(conn, pk)
    if row["status"] == "published":
        raise frozen_error(row)
    b = schema.bulletins
    conn.execute(
        b.update().where(b.c.pk == pk).values(files_json=json.dumps(files, ensure_ascii=False))
    )


def publish(conn: Connection, pk: int, approved_by: str) -> dict[str, Any]:
    """Freeze draft ``pk``: status published, published_at now, approved_by."""
    row = require(conn, pk)
    if row["status"] == "published":
        raise frozen_error(row)
    b = schema.bulletins
    now = _now()
    conn.execute(
        b.update()
        .where(b.c.pk == pk)
        .values(status="published", published_at=now, approved_by=approved_by, updated_at=now)
    )
    return require(conn, pk)
