"""Chinese word segmentation: one jieba tokenizer per process, with the ICT industry dictionary.

jieba is imported and its prefix dictionary built on the first call, not on import (building
takes about a second; the cache then lives in ``<tmp>/jianbao-jieba``). The industry words in
``data/dict/ict_words.txt`` keep terms such as 工业互联网, 5G-A or 数据要素 whole.

``segment`` is jieba's precise mode; ``segment_for_index`` is its search mode (a long word plus
its dictionary sub-words: 工业互联网 → 工业, 互联, 互联网, 工业互联网). Both drop whitespace and
punctuation and lower-case ASCII letters so that ``5G`` and ``5g`` are one token.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["industry_words", "segment", "segment_for_index", "tokenizer"]

DICT_RESOURCE = ("jianbao", "data/dict/ict_words.txt")
CACHE_DIR_NAME = "jianbao-jieba"

# jieba's user-dictionary line: word, optional frequency, optional part of speech.
_DICT_LINE = re.compile(r"^(?P<word>\S+?)(?:\s+(?P<freq>\d+))?(?:\s+(?P<tag>[a-z]+))?$")
# A token worth keeping has at least one letter, digit or CJK character.
_CONTENT = re.compile(r"[^\W_]")

_lock = threading.Lock()
_tokenizer: Any = None


def industry_words() -> list[tuple[str, int | None, str | None]]:
    """The entries of the industry dictionary as (word, frequency or None, POS or None)."""
    package, name = DICT_RESOURCE
    raw = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return list(_parse_dictionary(raw.splitlines()))


def _parse_dictionary(lines: Iterable[str]) -> Iterable[tuple[str, int | None, str | None]]:
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _DICT_LINE.match(line)
        if match is None:  # a word with inner spaces cannot be a jieba token; skip it
            continue
        freq = match["freq"]
        yield match["word"], int(freq) if freq else None, match["tag"]


def _build() -> Any:
    import jieba  # heavy-ish and chatty: imported on first use only

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    cache_dir = Path(tempfile.gettempdir()) / CACHE_DIR_NAME
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        instance.tmp_dir = str(cache_dir)
    except OSError:  # an unwritable temp dir only costs the cache, jieba still works
        instance.tmp_dir = None
    instance.initialize()
    for word, freq, tag in industry_words():
        instance.add_word(word, freq, tag)
    return instance


def tokenizer() -> Any:
    """The process-wide ``jieba.Tokenizer``, built (thread-safely) on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build()
    return _tokenizer


def _clean(tokens: Iterable[str]) -> list[str]:
    return [t.strip().lower() for t in tokens if _CONTENT.search(t)]


def segment(text: str) -> list[str]:
    """Words of ``text`` in jieba's precise mode, without whitespace or punctuation, lower-cased."""
    if not text:
        return []
    return _clean(tokenizer().cut(text))


def segment_for_index(text: str) -> list[str]:
    """Words of ``text`` in jieba's search mode: each word followed by its dictionary sub-words."""
    if not text:
        return []
    return _clean(tokenizer().cut_for_search(text))
