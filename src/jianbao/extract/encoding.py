"""Bytes to text for Chinese pages: BOM, declared charset (checked), UTF-8, then a guess.

Chinese sites routinely lie about their encoding (a GBK page with ``charset=utf-8`` in its
template), omit it, or carry a few invalid bytes from a bad copy-paste. So a declared charset is
only a hint that must be confirmed by decoding, GB2312/GBK are read as GB18030 (their superset),
and when nothing fits we keep the text with replacement characters rather than fail.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

REPLACEMENT = "\ufffd"

# A declared charset is still trusted when at most this share of characters fails to decode:
# real GBK pages carry a handful of broken bytes; a GBK page read as UTF-8 fails on most of its
# CJK characters (well above 5 %), so 0.5 % separates the two with a wide margin.
DECLARED_MAX_ERROR_SHARE = 0.005
# How far into the document <meta charset> is looked for (the HTML standard says 1024 bytes;
# Chinese CMS templates often put it later, behind long comments and scripts).
META_SCAN_BYTES = 4096
# Bytes "look like CJK double-byte text" when at least this share of the non-ASCII bytes are
# lead bytes of GBK/Big5 (0x81-0xFE) followed by a non-ASCII trail byte. GBK text scores near
# 1.0, German Latin-1 about 0.3; Big5 (many ASCII trail bytes) about 0.5 and is left to the
# unrestricted detector, which recognises it well.
CJK_PAIR_SHARE = 0.6

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Names seen in the wild mapped to the codecs to try, best first. GB18030 is a superset of GBK
# and GB2312; CP950 and Big5-HKSCS add characters Taiwanese and Hong Kong pages use.
_ALIASES: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "gb_2312-80": ("gb18030",),
    "gb_2312": ("gb18030",),
    "x-gbk": ("gb18030",),
    "cp936": ("gb18030",),
    "ms936": ("gb18030",),
    "csgb2312": ("gb18030",),
    "chinese": ("gb18030",),
    "gb18030": ("gb18030",),
    "hz-gb-2312": ("gb18030",),
    "big5": ("big5", "cp950", "big5hkscs"),
    "big-5": ("big5", "cp950", "big5hkscs"),
    "x-x-big5": ("big5", "cp950", "big5hkscs"),
    "cn-big5": ("big5", "cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5-hkscs": ("big5hkscs", "cp950"),
    "utf8": ("utf-8",),
    "unicode": ("utf-8",),
    "iso-8859-1": ("cp1252",),  # WHATWG: latin-1 labels mean windows-1252
    "latin1": ("cp1252",),
    "us-ascii": ("cp1252",),
    "ascii": ("cp1252",),
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE | re.DOTALL
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the codec used, and how many bytes had to be replaced."""

    text: str
    encoding: str
    replaced: int = 0
    method: str = ""  # "bom", "declared", "utf-8", "guess", "fallback"


def decode(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``body`` to text; return (text, name of the encoding used)."""
    result = decode_bytes(body, declared)
    return result.text, result.encoding


def decode_bytes(body: bytes, declared: str | None = None) -> Decoded:
    """Decode ``body`` like :func:`decode` and also report replacements and the method."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            text = body[len(bom) :].decode(name, errors="replace")
            return Decoded(text, name, text.count(REPLACEMENT), "bom")
    if body.isascii():
        return Decoded(body.decode("ascii"), _ascii_name(body, declared), 0, "ascii")
    # Valid UTF-8 with multi-byte sequences almost never happens by chance in GBK or Big5
    # bytes, while GB18030 happily decodes UTF-8 bytes into nonsense. So a strict UTF-8 pass
    # comes first even when the page declares GBK (templates copied from other sites do).
    try:
        return Decoded(body.decode("utf-8"), "utf-8", 0, "utf-8")
    except UnicodeDecodeError:
        pass
    for name in declared_encodings(body, declared):
        text, errors = _decode_counting(body, name)
        if errors == 0 or errors <= len(text) * DECLARED_MAX_ERROR_SHARE:
            return Decoded(text, name, errors, "declared")
    guessed = _guess(body)
    if guessed is not None:
        return guessed
    return _fallback(body)


def declared_encodings(body: bytes, declared: str | None = None) -> list[str]:
    """Codec names declared by the caller (HTTP header) and the document, known codecs only."""
    labels: list[str] = []
    if declared:
        labels.append(declared)
    head = body[:META_SCAN_BYTES]
    for match in (_XML_ENCODING.search(head), _META_CHARSET.search(head)):
        if match:
            labels.append(match.group(1).decode("ascii", errors="ignore"))
    names: list[str] = []
    for label in labels:
        for name in codec_names(label):
            if name not in names:
                names.append(name)
    return names


def codec_names(label: str) -> tuple[str, ...]:
    """Python codecs to try for a charset label; empty when the label is unknown."""
    key = label.strip().strip("\"'").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        info = codecs.lookup(key)
    except LookupError:
        return ()
    name = info.name
    if name in {"gb2312", "gbk", "hz"}:
        return ("gb18030",)
    if name.startswith(("utf-16", "utf-32")):
        return ()  # a BOM-less UTF-16 declaration inside ASCII-compatible bytes is a lie
    return (name,)


def looks_cjk_double_byte(body: bytes) -> bool:
    """True when the non-ASCII bytes pair up as GBK/Big5 lead and trail bytes.

    Only pairs whose trail byte is also non-ASCII count as paired (Latin-1 accents are mostly
    followed by ASCII letters).
    """
    high = 0
    paired = 0
    i = 0
    n = len(body)
    while i < n:
        b = body[i]
        if b < 0x80:
            i += 1
            continue
        high += 1
        if 0x81 <= b <= 0xFE and i + 1 < n and 0x81 <= body[i + 1] <= 0xFE:
            paired += 2
            high += 1
            i += 2
            continue
        # A lead byte before an ASCII byte stays unpaired: Big5 has such pairs (about a third
        # of its common characters), but so has every Latin-1 accent before a letter.
        i += 2 if 0x81 <= b <= 0xFE and i + 1 < n and 0x40 <= body[i + 1] <= 0x7E else 1
    return high > 0 and paired / high >= CJK_PAIR_SHARE


def _ascii_name(body: bytes, declared: str | None) -> str:
    for name in declared_encodings(body, declared):
        return name
    return "ascii"


def _decode_counting(body: bytes, name: str) -> tuple[str, int]:
    try:
        return body.decode(name), 0
    except UnicodeDecodeError:
        text = body.decode(name, errors="replace")
        return text, text.count(REPLACEMENT)


_CHINESE_CODECS = ["gb18030", "big5", "cp950", "big5hkscs", "utf_8"]


def _guess(body: bytes) -> Decoded | None:
    """charset-normalizer's best guess, limited to Chinese codecs when the bytes look CJK."""
    try:
        from charset_normalizer import from_bytes

        if looks_cjk_double_byte(body):
            best = from_bytes(body, cp_isolation=_CHINESE_CODECS).best()
        else:
            best = from_bytes(body).best()
    except Exception:  # noqa: BLE001 - a detector failure only means "no guess"
        return None
    if best is None:
        return None
    name = codec_names(best.encoding)
    codec = name[0] if name else best.encoding
    text, errors = _decode_counting(body, codec)
    return Decoded(text, codec, errors, "guess")


def _fallback(body: bytes) -> Decoded:
    """GB18030 or UTF-8, whichever replaces fewer characters (GB18030 wins ties)."""
    best: Decoded | None = None
    for name in ("gb18030", "big5", "utf-8"):
        text, errors = _decode_counting(body, name)
        if best is None or errors < best.replaced:
            best = Decoded(text, name, errors, "fallback")
    assert best is not None
    return best
