"""The collect stage: bring raw bytes in (local files now; feeds, listings and sitemaps next)."""

from jianbao.collect.files import FileEntry, iter_files, read_file

__all__ = ["FileEntry", "iter_files", "read_file"]
