"""Extractive 内容 summaries: whole lead sentences, never cut mid-sentence, numbers untouched.

This is the offline default: choose sentences from the start of the text (editors' summaries
lead with the date or the actor, which news leads do too) until the length window is reached.
"""

from __future__ import annotations

import re

MIN_CHARS = 100  # editors' 内容 lines run 100-200 characters (see ../shared/seeds/002)
MAX_CHARS = 200
_SENTENCE = re.compile(r"[^。！？!?；]*[。！？!?；]+[”’」』)）]?|[^。！？!?；]+$")
# Lines that open many articles but say nothing: datelines, 记者 bylines, editor notes.
_DATELINE = re.compile(r"^(?:[^，。]{0,20}(?:讯|消息|电)\s*[（(]记者[^）)]*[）)]\s*)")


def sentences(text: str) -> list[str]:
    """Split Chinese text into sentences, keeping their closing punctuation."""
    result: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if paragraph:
            result.extend(s.strip() for s in _SENTENCE.findall(paragraph) if s.strip())
    return result


def lead_summary(text: str, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS) -> str:
    """The longest run of leading whole sentences that fits in ``max_chars``.

    Sentences are taken in order; a sentence that would overflow is skipped only when the
    summary is already ``min_chars`` long, otherwise later shorter sentences are tried. If even
    the first sentence is longer than ``max_chars``, it is cut at the last clause break (，；)
    before the limit and closed with 。, so no word is split.
    """
    chosen: list[str] = []
    length = 0
    for sentence in sentences(text):
        if not chosen:
            sentence = _DATELINE.sub("", sentence)
        if length + len(sentence) <= max_chars:
            chosen.append(sentence)
            length += len(sentence)
        elif length >= min_chars:
            break
        elif not chosen:
            cut = max(sentence.rfind("，", 0, max_chars), sentence.rfind("；", 0, max_chars))
            if cut > min_chars // 2:
                chosen.append(sentence[:cut] + "。")
                length = cut + 1
    return "".join(chosen)
