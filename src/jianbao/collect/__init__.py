"""The collect stage: bring raw bytes in, from local files or from the web.

``collect(store, sources, settings)`` reads the ``[[source]]`` entries of jianbao.toml (feeds,
HTML/JSON list pages, sitemaps, single pages), fetches what is new politely (``fetch.py``),
extracts and stores it, and returns a :class:`CollectReport` with counts per source and reason.
``read_file`` / ``iter_files`` are the local-file side used by ``jianbao ingest``.
"""

from jianbao.collect.files import FileEntry, iter_files, read_file
from jianbao.collect.run import (
    CollectEvent,
    CollectReport,
    SourceReport,
    acollect,
    collect,
    select_sources,
)

__all__ = [
    "CollectEvent",
    "CollectReport",
    "FileEntry",
    "SourceReport",
    "acollect",
    "collect",
    "iter_files",
    "read_file",
    "select_sources",
]
