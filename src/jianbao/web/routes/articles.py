"""One article: its text (plain text, escaped), source, the editor's decisions and history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from jianbao.collect.urls import is_http_url
from jianbao.errors import DeskError
from jianbao.models import Article
from jianbao.store import Store, schema
from jianbao.store import desk as desk_store
from jianbao.web import render
from jianbao.web.auth import Viewer
from jianbao.web.desk import number_check
from jianbao.web.routes._common import desk

router = APIRouter(tags=["articles"])
api = APIRouter(prefix="/api", tags=["articles"])
MAX_MEMBERS = 20  # members of a story listed on the article page


def _article(store: Store, article_id: str) -> Article:
    article = store.get_article(article_id)
    if article is None:
        raise DeskError(f"there is no article {article_id}.", code="E703")
    return article


def story_details(store: Store, article_id: str) -> dict[str, Any]:
    """Cluster members, entities, figures and the processed summary, where ``process`` ran.

    Read through ``Store.article_analysis`` (store/analysis.py); empty when the article was
    not processed or the store has no such tables.
    """
    reader = getattr(store, "article_analysis", None)
    try:
        found = reader(article_id) if reader is not None else None
    except Exception:  # another stage's tables must never break the article page
        found = None
    if not found:
        return {}
    details: dict[str, Any] = {
        "entities": list(found.get("entities") or []),
        "figures": list(found.get("figures") or []),
        "summary": found.get("summary"),
    }
    cluster = found.get("cluster")
    if cluster is not None and cluster.size > 1:
        members = []
        for member_id in cluster.member_ids[:MAX_MEMBERS]:
            if member_id == article_id:
                continue
            other = store.get_article(member_id)
            if other is not None:
                members.append(other)
        details["cluster_members"] = members
        details["cluster_size"] = cluster.size
    return details


def _decisions(store: Store, article_id: str) -> list[dict[str, Any]]:
    table = schema.desk_decisions
    with store.engine.connect() as conn:
        rows = conn.execute(select(table).where(table.c.article_id == article_id))
        return [dict(r._mapping) for r in rows]


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, user: Viewer, article_id: str) -> Response:
    """The article as stored, with what the editors decided about it."""
    store = desk(request).store
    article = _article(store, article_id)
    decisions = _decisions(store, article_id)
    checks = {
        d["template"]: number_check(d["summary"], article.text) for d in decisions if d["summary"]
    }
    return render(
        request,
        "article.html",
        title=article.title,
        article=article,
        paragraphs=[p.strip() for p in article.text.split("\n") if p.strip()],
        link=article.url if is_http_url(article.url) else None,
        decisions=decisions,
        checks=checks,
        details=story_details(store, article_id),
        history=desk_store.audit(store, 50, article_id=article_id),
    )


@api.get("/articles/{article_id}")
def article_api(request: Request, user: Viewer, article_id: str) -> dict[str, Any]:
    """One stored article (text as plain text) with the editors' decisions."""
    store = desk(request).store
    a = _article(store, article_id)
    return {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "source_name": a.source_name,
        "text": a.text,
        "malformed": a.malformed,
        "problem": a.problem,
        "decisions": _decisions(store, article_id),
        **_json_details(story_details(store, article_id)),
    }


def _json_details(details: dict[str, Any]) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass

    out: dict[str, Any] = {}
    for key, value in details.items():
        if key == "cluster_members":
            out[key] = [{"id": a.id, "title": a.title, "url": a.url} for a in value]
        elif isinstance(value, list):
            out[key] = [
                asdict(v) if is_dataclass(v) and not isinstance(v, type) else v for v in value
            ]
        elif is_dataclass(value) and not isinstance(value, type):
            out[key] = asdict(value)
        else:
            out[key] = value
    return out
