"""Ingest local files: collect (read) -> extract -> store, one transaction per file.

``ingest_paths`` yields one :class:`IngestEvent` per file *after* its transaction committed,
so whatever the caller reports as stored is on disk even if the process is killed next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jianbao.collect.files import iter_files, read_file
from jianbao.errors import JianbaoError
from jianbao.extract import extract
from jianbao.store import Store

Status = Literal["added", "updated", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class IngestEvent:
    """What happened to one file."""

    path: str
    status: Status
    article_id: str | None = None
    title: str | None = None
    reason: str | None = None  # skip reason code, or the error code for failures
    message: str | None = None  # the full coded error message for failures
    malformed: bool = False


@dataclass(slots=True)
class IngestSummary:
    """Counts of a run, by status and by reason."""

    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[IngestEvent] = field(default_factory=list)

    def add(self, event: IngestEvent) -> None:
        """Count one event."""
        self.counts[event.status] += 1
        if event.reason:
            self.reasons[f"{event.status}:{event.reason}"] += 1
        if event.status == "failed":
            self.failures.append(event)

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failures


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files ``ingest_paths`` will look at (for a progress bar)."""
    return sum(1 for _ in iter_files(paths))


def ingest_paths(
    store: Store, paths: Iterable[str | Path], *, max_bytes: int = 50 * 1024 * 1024
) -> Iterator[IngestEvent]:
    """Read, extract and store every file under ``paths``; one event per file."""
    for entry in iter_files(paths):
        name = str(entry.path)
        if entry.skip:
            yield IngestEvent(name, "skipped", reason=entry.skip)
            continue
        try:
            fetched = read_file(entry.path, max_bytes=max_bytes)
            article = extract(fetched)
            result = store.upsert_article(article, fetched)
        except JianbaoError as exc:
            yield IngestEvent(name, "failed", reason=exc.code, message=str(exc))
            continue
        if result.outcome == "unchanged":
            yield IngestEvent(
                name,
                "skipped",
                article_id=result.article_id,
                title=article.title,
                reason="unchanged",
            )
        else:
            yield IngestEvent(
                name,
                result.outcome,
                article_id=result.article_id,
                title=article.title,
                malformed=article.malformed,
                reason=article.problem and "malformed",
            )
