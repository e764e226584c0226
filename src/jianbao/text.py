"""Text normalisation shared by every stage."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A space between two CJK characters (or CJK punctuation) is a PDF-layout artefact.
_CJK_GAP = re.compile(
    rf"(?<=[{_CJK}\u3000-\u303f\uff00-\uffef]) +(?=[{_CJK}\u3000-\u303f\uff00-\uffef])"
)
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Chinese text uses these full-width marks on purpose (，：；！？（）～); NFKC would turn them
# into ASCII, so they are parked in the private-use area while NFKC runs.
_KEEP_FULLWIDTH = "！（），：；？～"
_PARK = {ord(c): 0xE000 + n for n, c in enumerate(_KEEP_FULLWIDTH)}
_UNPARK = {v: k for k, v in _PARK.items()}


def normalize_text(text: str) -> str:
    """NFKC-normalise, drop zero-width characters, fold spaces, keep paragraph breaks.

    Full-width letters, digits and symbols become half-width (２０２４ -> 2024, ％ -> %), but
    the Chinese punctuation ，：；！？（）～ stays full-width, as editors write it. Spaces are
    folded, not removed: a space inside a Chinese headline separates its two parts. Lines are
    stripped; runs of blank lines become one break.
    """
    text = unicodedata.normalize("NFKC", text.translate(_PARK)).translate(_UNPARK)
    text = text.translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def join_cjk_gaps(text: str) -> str:
    """Remove spaces between CJK characters, as PDF text layers insert them (12月 18日)."""
    return _CJK_GAP.sub("", text)


def paragraphs(text: str) -> list[str]:
    """Split normalised text into non-empty paragraphs (one per line)."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def detect_language(text: str) -> str:
    """'zh' when CJK characters dominate, 'en' for mostly Latin words, else 'other'."""
    sample = text[:5000]
    cjk = len(_CJK_CHAR.findall(sample))
    latin = sum(len(w) for w in _LATIN_WORD.findall(sample))
    if cjk == 0 and latin == 0:
        return "other"
    if cjk * 2 >= latin:  # one CJK character carries about as much as two Latin letters
        return "zh"
    return "en"


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among the non-space characters of ``text``."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if _CJK_CHAR.match(c)) / len(chars)
