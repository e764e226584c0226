"""Story fields for ``jianbao analyze`` records: cluster, entities, figures, summary.

:func:`enrich` takes the JSON records ``analyze`` reads ({"title", "text", "url"?, "source"?,
"published"?, "id"?}) and returns them with ``cluster`` (an id shared by the records of the
batch that tell the same story), ``cluster_size``, ``cluster_representative``, ``entities``,
``figures``, ``summary`` and ``summary_flags`` added. Pure apart from the optional LLM call;
the same functions as ``jianbao process`` (store -> store) do the work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import httpx

from jianbao.analyze.cluster import StoryDoc, authority_of, cluster_docs
from jianbao.analyze.entities import extract_entities, extract_figures
from jianbao.analyze.llm import summary_for
from jianbao.models import stable_id
from jianbao.settings import LlmSettings


def _published(value: Any) -> date | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value[:19]).date()
        except ValueError:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def record_id(record: Mapping[str, Any], position: int) -> str:
    """The record's ``id``, else a stable id of its URL, else of its position and title."""
    if record.get("id"):
        return str(record["id"])
    if record.get("url"):
        return stable_id(str(record["url"]))
    return stable_id(f"{position}:{record.get('title') or ''}:{record.get('text') or ''}")


def enrich(
    records: Sequence[dict[str, Any]],
    *,
    sources: Mapping[str, str] | None = None,
    llm: LlmSettings | None = None,
    llm_client: httpx.Client | None = None,
) -> list[dict[str, Any]]:
    """Add cluster, entities, figures, summary and summary_flags to each record (in place).

    ``sources`` maps source names to authorities (the [[source]] entries); ``llm`` enables the
    LLM summary (extractive fallback, flagged). Returns the same records, in order.
    """
    docs = []
    for n, record in enumerate(records):
        title, text = str(record.get("title") or ""), str(record.get("text") or "")
        source = record.get("source") or record.get("source_name")
        docs.append(
            StoryDoc(
                id=record_id(record, n),
                title=title,
                text=text,
                published=_published(record.get("published")),
                url=record.get("url"),
                source_name=str(source) if source else None,
                authority=authority_of(record.get("url"), str(source) if source else None, sources),
            )
        )
    clusters = cluster_docs(docs)
    by_member = {m: c for c in clusters for m in c.member_ids}
    for record, doc in zip(records, docs, strict=True):
        found = by_member[doc.id]
        summary = summary_for(doc.title, doc.text, llm, llm_client)
        record.update(
            {
                "cluster": found.id,
                "cluster_size": found.size,
                "cluster_representative": found.representative_id == doc.id,
                "entities": [
                    {k: v for k, v in asdict(e).items() if v is not None}
                    for e in extract_entities(doc.title, doc.text)
                ],
                "figures": [
                    {k: v for k, v in asdict(f).items() if k != "sentence" and v is not None}
                    for f in extract_figures(doc.text)
                ],
                "summary": summary.summary,
                "summary_flags": list(summary.flags),
            }
        )
    return list(records)
