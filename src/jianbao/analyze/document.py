"""One article prepared once for every analysis step: lead, words, regions, structure.

Segmenting is the slowest step (jieba), so it runs once per article, on the title and the
first TEXT_CHARS characters; every later step reads the same :class:`Document`.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianbao.analyze.features import Structure, structure
from jianbao.analyze.regions import locate
from jianbao.analyze.segment import tokenizer
from jianbao.models import Region
from jianbao.text import normalize_text

TEXT_CHARS = 1500  # the lead and the body's first paragraphs carry who/where/what
WORD_CHARS = 500  # segmented part of the lead: jieba costs ~6 µs a character, the rest adds little


@dataclass(frozen=True, slots=True)
class Document:
    """An article as the analysis steps see it."""

    title: str
    lead: str
    words: tuple[str, ...]  # jieba words of title + lead
    title_words: tuple[str, ...]
    region: Region
    title_region: Region
    structure: Structure


def words_of(text: str) -> tuple[str, ...]:
    """jieba words (precise mode without the HMM: dictionary words only, twice as fast),
    lower-cased, without whitespace and punctuation."""
    if not text:
        return ()
    return tuple(
        w.lower() for w in tokenizer().cut(text, HMM=False) if w[0].isalnum() or w[-1].isalnum()
    )


def prepare(title: str, text: str, home_region: str | None = None) -> Document:
    """Normalise, segment and locate an article once."""
    title = normalize_text(title or "").replace("\n", " ")
    lead = normalize_text(text or "")[:TEXT_CHARS]
    title_words = words_of(title)
    words = title_words + words_of(lead[:WORD_CHARS])
    region = locate(title, lead, home_region)
    title_region = locate(title, "", home_region)
    return Document(
        title=title,
        lead=lead,
        words=words,
        title_words=title_words,
        region=region,
        title_region=title_region,
        structure=structure(title, lead, region, title_region),
    )
