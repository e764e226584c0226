"""Recorded schema migrations, applied in order when a store is opened.

Each migration runs in its own transaction and is recorded in ``schema_migrations``; a store
written by a newer jianbao (a version we do not know) is refused with E302 instead of being
silently misread. ``schema.py`` shows the current shape; migration 1 creates the tables from it,
and later migrations only add to it (new tables, ``add_column``), so a fresh store and an
upgraded one end up alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select, text

from jianbao.errors import StoreError
from jianbao.store import schema, search


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: a version number, a name and the function that applies it."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _initial_tables(conn: Connection) -> None:
    tables = [
        schema.sources,
        schema.documents,
        schema.articles,
        schema.bulletins,
        schema.bulletin_items,
    ]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)


def _search_index(conn: Connection) -> None:
    search.create_index(conn)


def _collect_state(conn: Connection) -> None:
    add_column(conn, "sources", "last_run_at VARCHAR(32)")
    add_column(conn, "sources", "last_run_json TEXT")
    add_column(conn, "sources", "malformed BOOLEAN NOT NULL DEFAULT 0")
    add_column(conn, "sources", "problem TEXT")
    schema.metadata.create_all(conn, tables=[schema.fetch_state, schema.fetch_log], checkfirst=True)


def _numbering(conn: Connection) -> None:
    add_column(conn, "bulletins", "issue_number INTEGER")
    add_column(conn, "bulletins", "total_number INTEGER")
    add_column(conn, "bulletins", "total_label VARCHAR(100)")
    add_column(conn, "bulletins", "layout VARCHAR(20)")
    add_column(conn, "bulletins", "updated_at VARCHAR(32)")
    add_column(conn, "bulletin_items", "subsection VARCHAR(100)")


def _examples_models(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.examples, schema.models], checkfirst=True)


def _desk(conn: Connection) -> None:
    tables = [schema.users, schema.desk_decisions, schema.audit_log]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)
    # the desk asks "did any article change?" on every inbox request: max(updated_at) by index
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_updated_at ON articles (updated_at)"))


def _story(conn: Connection) -> None:
    tables = [
        schema.story_fingerprints,
        schema.clusters,
        schema.cluster_members,
        schema.article_entities,
        schema.article_figures,
        schema.article_summaries,
        schema.article_processing,
    ]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)


def _event_keys(conn: Connection) -> None:
    add_column(conn, "story_fingerprints", "event_keys TEXT")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial tables: sources, documents, articles, bulletins, items", _initial_tables),
    Migration(2, "full-text search index over article titles and texts", _search_index),
    Migration(3, "collect: fetch state, fetch log, source run counts and flags", _collect_state),
    Migration(4, "bulletins: issue and running numbers, layout, item subsections", _numbering),
    Migration(5, "archive: labelled examples of templates, trained models", _examples_models),
    Migration(6, "desk: users, editor decisions, audit log", _desk),
    Migration(7, "process: story clusters, entities, figures, summaries, markers", _story),
    Migration(8, "process: event-evidence keys of story fingerprints", _event_keys),
)

LATEST = MIGRATIONS[-1].version


def add_column(conn: Connection, table: str, column_sql: str) -> None:
    """``ALTER TABLE … ADD COLUMN`` unless the column is already there (for later migrations)."""
    name = column_sql.split()[0]
    if name not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column_sql}"))


def applied_versions(conn: Connection) -> set[int]:
    """Versions recorded in ``schema_migrations``."""
    return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


def migrate(engine: Engine) -> list[Migration]:
    """Apply the pending migrations; return those applied. Raise E302 for a newer store."""
    with engine.begin() as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
        done = applied_versions(conn)
    unknown = sorted(v for v in done if v > LATEST)
    if unknown:
        raise StoreError(
            f"the database has schema version {max(unknown)}, newer than this jianbao "
            f"knows ({LATEST}).",
            code="E302",
            hint="Upgrade jianbao (pip install -U jianbao) before opening it.",
        )
    applied: list[Migration] = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        with engine.begin() as conn:
            migration.apply(conn)
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
                )
            )
        applied.append(migration)
    return applied
