"""Tables of the jianbao store, in SQLAlchemy Core (portable: SQLite by default, PostgreSQL later).

Nothing in this module is SQLite-specific; the full-text index, which is, lives in ``sqlite.py``.
Times are stored as ISO-8601 text in UTC-naive form so that every backend sorts them alike.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(32), nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),  # feed / listing / sitemap / page / files
    Column("url", Text),
    Column("region", String(100)),
    Column("authority", String(40)),
    Column("section_hint", String(100)),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("config_json", Text),
    Column("last_success", String(32)),
    Column("last_error", Text),
    Column("last_error_at", String(32)),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("items_last_run", Integer),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # migration 3: the last collect run (counts by reason) and a malformed-feed flag
    Column("last_run_at", String(32)),
    Column("last_run_json", Text),
    Column("malformed", Boolean, nullable=False, default=False, server_default="0"),
    Column("problem", Text),
)

# What the collector remembers per canonical URL: validators for conditional GET, the outcome,
# the article it became, and for list pages / feeds / sitemaps the items they listed (reused
# when the page answers 304 Not Modified).
fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", Text, primary_key=True),  # canonical URL
    Column("source_name", String(200)),
    Column("etag", Text),
    Column("last_modified", String(64)),
    Column("status", Integer),
    Column("reason", String(40), nullable=False),
    Column("article_id", String(32)),
    Column("discovered_json", Text),
    Column("problem", Text),  # a list page / feed / sitemap that was malformed: why
    Column("fetched_at", String(32), nullable=False),
    Index("ix_fetch_state_article", "article_id"),
)

# One row per URL per collect run: what was asked, what came back, how long it took.
fetch_log = Table(
    "fetch_log",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("run_id", String(40), nullable=False),
    Column("source_name", String(200)),
    Column("url", Text, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("status", Integer),
    Column("attempts", Integer),
    Column("elapsed_ms", Integer),
    Column("size", Integer),
    Column("message", Text),
    Column("at", String(32), nullable=False),
    Index("ix_fetch_log_run", "run_id"),
)

# Raw bytes as fetched or read, zlib-compressed, kept for re-extraction and provenance.
documents = Table(
    "documents",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("final_url", Text),
    Column("path", Text),
    Column("source_pk", Integer, ForeignKey("sources.pk", ondelete="SET NULL")),
    Column("status", Integer),
    Column("headers_json", Text),
    Column("content_type", String(40)),
    Column("encoding", String(40)),
    Column("size", Integer, nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("body_zlib", LargeBinary, nullable=False),
    Column("fetched_at", String(32), nullable=False),
    UniqueConstraint("url", "body_sha256", name="uq_documents_url_body"),
)

articles = Table(
    "articles",
    metadata,
    Column("pk", Integer, primary_key=True),  # rowid: the full-text index keys on it
    Column("id", String(32), nullable=False, unique=True),  # stable_id(canonical url | hash)
    Column("url", Text, nullable=False),
    Column("canonical_url", Text),
    Column("title", Text, nullable=False),
    Column("published", String(32)),
    # When the article was first seen (fetch time; a file's modification time). Stands in
    # for the publication date when the page gives none.
    Column("seen_at", String(32)),
    Column("source_pk", Integer, ForeignKey("sources.pk", ondelete="SET NULL")),
    Column("source_name", Text),
    Column("author", Text),
    Column("text", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("extracted_by", String(40)),
    Column("attachments_json", Text),
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete="SET NULL")),
    Column("malformed", Boolean, nullable=False, default=False),
    Column("problem", Text),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("ix_articles_published", "published"),
    Index("ix_articles_content_hash", "content_hash"),
)

bulletins = Table(
    "bulletins",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("template", String(100), nullable=False),
    Column("title", Text, nullable=False),
    Column("issue_label", String(100)),
    Column("period_start", String(32), nullable=False),
    Column("period_end", String(32), nullable=False),
    Column("status", String(20), nullable=False, default="draft"),  # draft / published
    Column("approved_by", String(100)),
    Column("files_json", Text),
    Column("created_at", String(32), nullable=False),
    Column("published_at", String(32)),
    # migration 4: numbering (期号 and the running 总第N期) and layout of the issue
    Column("issue_number", Integer),
    Column("total_number", Integer),
    Column("total_label", String(100)),
    Column("layout", String(20)),
    Column("updated_at", String(32)),
)

bulletin_items = Table(
    "bulletin_items",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("bulletin_pk", Integer, ForeignKey("bulletins.pk", ondelete="CASCADE"), nullable=False),
    Column("article_pk", Integer, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=False),
    Column("section", String(100), nullable=False),
    Column("position", Integer, nullable=False),
    Column("title", Text),  # editor overrides; NULL means "as the article has it"
    Column("tag", Text),
    Column("summary", Text),
    Column("subsection", String(100)),  # migration 4: the tagged layout's (一) 政策发布
    UniqueConstraint("bulletin_pk", "article_pk", name="uq_bulletin_items_article"),
)

# Labelled examples of a bulletin template (migration 5): items of past bulletins imported
# with `jianbao archive import`, later also the editor's own placements.
examples = Table(
    "examples",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("template", String(100), nullable=False),
    Column("section", String(100), nullable=False),
    Column("subsection", String(100)),
    Column("tag", Text),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("summary", Text),
    Column("source_url", Text),
    Column("origin", Text, nullable=False),  # archive file name, or "editor"
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", String(32), nullable=False),
    Index("ix_examples_template", "template", "section"),
    UniqueConstraint("template", "origin", "position", name="uq_examples_origin_position"),
)

# Trained models (migration 5): the files live in data/models/<template>/v<N>/.
models = Table(
    "models",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("template", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("data_hash", String(64), nullable=False),
    Column("examples", Integer, nullable=False),
    Column("metrics_json", Text),
    Column("trained_at", String(32), nullable=False),
    UniqueConstraint("template", "version", name="uq_models_template_version"),
)

# The editor's desk (migration 6): users, the editor's decisions per article and template,
# and the audit log of every editor action.
users = Table(
    "users",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # viewer / editor / admin
    Column("password_hash", Text, nullable=False),  # argon2id, PHC string
    Column("disabled", Boolean, nullable=False, default=False, server_default="0"),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

desk_decisions = Table(
    "desk_decisions",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("template", String(100), nullable=False),
    Column("article_id", String(32), nullable=False),
    Column("status", String(20), nullable=False),  # pending / accepted / rejected
    Column("section", String(100)),
    Column("title", Text),
    Column("tag", Text),
    Column("summary", Text),
    Column("position", Integer),
    Column("updated_by", String(100)),
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("template", "article_id", name="uq_desk_decisions_article"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("who", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("template", String(100)),
    Column("article_id", String(32)),
    Column("bulletin_pk", Integer),
    Column("before_json", Text),
    Column("after_json", Text),
    Index("ix_audit_log_at", "at"),
)

# Story understanding (migration 7, jianbao process): clusters of articles telling the same
# story, entities and figures per article, summaries with their flags, and a processed marker
# per article with the pipeline version, so a rerun skips what is done.
story_fingerprints = Table(
    "story_fingerprints",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("version", String(40), nullable=False),
    Column("signature", LargeBinary, nullable=False),  # MinHash hash values (uint32)
    Column("anchors", Text, nullable=False),  # lead-sentence hashes, space-separated
    Column("published", String(32)),
    # migration 8: the event-evidence index keys (crc32 of the most salient terms)
    Column("event_keys", Text),
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("representative_id", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

cluster_members = Table(
    "cluster_members",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("cluster_id", String(32), nullable=False),
    Column("authority", String(40), nullable=False),
    Column("matched_with", String(32)),  # the member it was found to repeat, if any
    Column("rule", String(20)),  # jaccard / containment
    Column("jaccard", Float),
    Column("containment", Float),
    Index("ix_cluster_members_cluster", "cluster_id"),
)

article_entities = Table(
    "article_entities",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_id", String(32), nullable=False),
    Column("kind", String(20), nullable=False),  # org / document / place
    Column("name", Text, nullable=False),
    Column("subtype", String(40), nullable=False),
    Column("count", Integer, nullable=False),
    Column("issuer", Text),
    Column("doc_number", String(100)),
    Index("ix_article_entities_article", "article_id"),
    Index("ix_article_entities_name", "kind", "name"),
)

article_figures = Table(
    "article_figures",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_id", String(32), nullable=False),
    Column("position", Integer, nullable=False),
    Column("subject", Text, nullable=False),
    Column("value", String(40), nullable=False),
    Column("unit", String(40), nullable=False),
    Column("change", Text),
    Column("change_value", Float),
    Column("sentence", Text, nullable=False),
    Index("ix_article_figures_article", "article_id"),
)

article_summaries = Table(
    "article_summaries",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("summary", Text, nullable=False),
    Column("method", String(20), nullable=False),  # extractive / llm
    Column("flags_json", Text, nullable=False),
    Column("unsupported_json", Text, nullable=False),
    Column("version", String(40), nullable=False),
    Column("created_at", String(32), nullable=False),
)

article_processing = Table(
    "article_processing",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("version", String(40), nullable=False),
    Column("content_hash", String(64), nullable=False),  # reprocess when the text changes
    Column("processed_at", String(32), nullable=False),
)
