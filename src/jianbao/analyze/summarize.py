"""Editor-style 内容 summaries: 100-200 characters, whole sentences, numbers untouched.

The editors' 内容 lines (../shared/seeds/002) start with the date or the actor, say who did what
and keep the key numbers: "12月18日，深圳市工业和信息化局正式印发《…》，从…等4个方面提出18条具体
举措，…". The offline default is extractive-compressive:

1. split the text into sentences and clean each one without touching its words: datelines and
   记者 bylines go, "1月25日消息，" becomes "1月25日，", notes in brackets (记者…, 图片来源…)
   go (以下简称《措施》 stays: the summary may refer to it), and a connective opening a
   sentence (此外，同时，据悉，) goes, unless it continues a clause after ；;
2. drop what editors drop: direct quotes and what is left of them (…苏俊表示。), questions,
   interview prompts and subtitles (——访…); background sentences (近年来…, 随着…) are used
   only when the summary would otherwise stay under :data:`MIN_CHARS`;
3. keep the lead (the first sentence that is not dropped) and add the best-scoring sentences
   (numbers, an actor, an action verb, early position) in source order until the summary
   reaches :data:`TARGET_CHARS`, never passing :data:`MAX_CHARS`.

Official documents (公文: "工业和信息化部关于…的通知" over 主送机关, 文号, numbered headings and a
落款) get a lead in the editors' form, "12月16日，工业和信息化部印发《关于…的通知》，为…。", built
from the headline, the purpose sentence ("为…，现就有关事项通知如下") and the signature date;
the addressee line, the 文号, the headings' numbering and the 落款 never reach the summary.

A lead longer than :data:`MAX_CHARS` is shortened at a clause break (，；) and closed with 。
and the result is flagged ``clause_trimmed``. :func:`check_numbers` lists every number,
percentage and date of a summary that the source does not contain; :func:`summarize` runs it on
its own output too and flags ``number_mismatch`` rather than ever passing an altered number.
"""

from __future__ import annotations

import re

from jianbao.analyze.cluster import clean_lines
from jianbao.models import SummaryResult
from jianbao.text import join_cjk_gaps, normalize_text

MIN_CHARS = 100  # editors' 内容 lines run 100-200 characters (see ../shared/seeds/002)
MAX_CHARS = 200
TARGET_CHARS = 150  # stop adding sentences here: 002's median 内容 is about 150 characters
LONG_SENTENCE = 120  # longer sentences carry detail; they score lower as additions
SUMMARY_VERSION = "extractive-3"  # stored with each summary; bump when the method changes

_SENTENCE = re.compile(r"[^。！？!?；]*[。！？!?；]+[”’」』)）]?|[^。！？!?；]+$")
# Lines that open many articles but say nothing: datelines, 记者 bylines, editor notes.
_DATELINE = re.compile(
    r"^(?:[^，。]{0,24}?(?:讯|消息|电|报道)\s*[（(](?:记者|通讯员|实习生)[^）)]*[）)]\s*[，,]?)"
)
_DATE_NEWS = re.compile(r"^(\d{1,2}月\d{1,2}日)消息[，,]")  # 1月25日消息，-> 1月25日，
_NOTES = re.compile(r"[（(](?:记者|通讯员|实习生|图片来源|图源|来源|完|编辑)[^（）()]{0,40}[）)]")
_CONNECTIVE = re.compile(
    r"^(?:此外|同时|另外|据悉|据了解|值得一提的是|与此同时|另据|不仅如此|除此之外|对此|其中)[，,]"
)
_QUOTE = re.compile(
    r"^[“\"「『].{6,}[”\"」』][。！？]?$|[：:]\s*[“\"「『]|^[“\"「『][^”\"」』]{12,}[”\"」』]"
)
# what is left of a quotation: "…。”昌平区教委主任苏俊表示。"
_SPEAKER_TAG = re.compile(r"^[^，。；]{0,30}(?:表示|说|称|指出|强调|介绍|坦言|透露)[。！]?$")
_INTERVIEW = re.compile(r"^(?:记者|问|答|主持人)[：:]")
_BACKGROUND = re.compile(
    r"^(?:近年来|近年|近些年|随着|众所周知|早在|回顾|事实上|其实|据介绍|资料显示|公开资料显示|"
    r"作为|自\S{0,20}以来|长期以来|一直以来|当前|如今|目前来看|业内人士|专家|分析人士|有观点认为|"
    # a sentence that answers the one before it cannot open a summary
    r"而这|而在|然而|不过|但是|因此|所以|可见|由此|这也)"
)
_ACTION = re.compile(
    r"印发|发布|出台|召开|举行|宣布|推出|完成|达到|达|增长|签署|成立|启动|上线|获批|通过|实现|"
    r"突破|部署|开展|提出|公布|通报|决定|获得|收购|融资|投资|首发|亮相"
)
_ACTOR_START = re.compile(
    r"^(?:\d{4}年)?(?:\d{1,2}月\d{1,2}日|近日|日前|今年|昨日|本周)?[，,]?"
    r"[\u4e00-\u9fffA-Za-z]{2,20}?(?:部|局|厅|委|院|所|会|公司|集团|大学|政府|中心|办|署)"
)
_HAS_NUMBER = re.compile(r"\d")
_CLOSERS = ("。", "！", "？", "!", "?", "；", ";", "”", "’", "」", "』", "）", ")")
_LEADING_JUNK = re.compile(r"^[.。…、，,：:；;\s]+")
_DATE_START = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日|^(?:近日|日前)")

# check_numbers: dates first (one token), then numbers with their magnitude, then Chinese
# numerals before a measure word (十八条, 两个).
_DATE_TOKEN = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{4}年|\d{4}-\d{1,2}-\d{1,2}"
)
_NUMBER_TOKEN = re.compile(
    r"(?<!\d)(?<!\d\.)\d+(?:,\d{3})*(?:\.\d+)?(?:%|‰|万亿|亿|万|千)?(?![\d])"
)
_CN_NUMBER_TOKEN = re.compile(
    r"(?<![零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九十百千万亿]+"
    r"(?=个|项|条|家|名|次|倍|方面|成|年|月|日|岁|届|批|轮|期|款|种|类|部|位|所)"
)
_SPACE = re.compile(r"[^\S\n]+")

# 公文 furniture. The addressee (主送机关) is a line ending in a colon that lists bodies
# ("各省、自治区、直辖市…：", "各有关单位："); ADDRESSEE_MAX_CHARS bounds it (the longest in
# MIIT notices run about 150 characters).
ADDRESSEE_MAX_CHARS = 240
_ADDRESSEE = re.compile(r"^(?:各|[^。！？]*、)[^。！？]*[：:]$")
_DOC_NUMBER_LINE = re.compile(r"^[^。，]{0,20}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
_SIGN_DATE = re.compile(r"^(?:\d{4})年(\d{1,2})月(\d{1,2})日$")
SIGNATURE_LINES = 3  # the 落款 (issuing body, date) closes a 公文 within its last lines
# "一、总体要求" or "（一）加快网络建设。" opening a sentence: the numbering goes, a bare
# heading too ("1." but not "1.35万亿")
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．]|\d+\.(?!\d))"
)
HEADING_MAX_CHARS = 20  # a numbered line this short, without a verb phrase after it, is a heading
# "为贯彻落实…，推动…发展，现就有关事项通知如下：" or "为…，现将《…》印发给你们，请…落实。"
# -> the purpose clause "为贯彻落实…发展" (only in a 公文, only in its first lines)
_PURPOSE = re.compile(
    r"^(为[^。！？]{4,120}?)[，,]\s*(?:现(?![已有在])|特|经研究|制定)[^。！？]{0,80}[。：:]$"
)
# "工业和信息化部关于推进…的通知", "…办公厅关于印发《…》的通知"
_DOC_HEADLINE = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fff（）()、]{2,60}?)关于(?P<subject>.{2,120}?的"
    r"(?:通知|意见|实施意见|指导意见|办法|方案|规划|决定|公告|通告|通报|批复|函))$"
)
_CLOSING = re.compile(r"[。！？；，,：:]")  # a line with these is prose, not the 落款's issuer
_FORWARDED = re.compile(r"^(?:印发|发布|公布|转发)《(?P<document>[^《》]{2,120})》的")


def sentences(text: str) -> list[str]:
    """Split Chinese text into sentences, keeping their closing punctuation."""
    result: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if paragraph:
            result.extend(s.strip() for s in _SENTENCE.findall(paragraph) if s.strip())
    return result


def _document_lead(title: str, lines: list[str]) -> tuple[str, set[int]] | None:
    """The editors' lead of a 公文 and the lines it stands for, or None for other texts.

    ``lines`` are the text's cleaned lines; the returned indexes are those the lead replaces
    (addressee, purpose sentence, 文号, 落款), which the extractive part then skips.
    """
    match = _DOC_HEADLINE.match(normalize_text(title).strip())
    if not match or not lines:
        return None
    issuer, subject = match.group("issuer"), match.group("subject")
    forwarded = _FORWARDED.match(subject)
    document = forwarded.group("document") if forwarded else "关于" + subject
    verb = "发布" if subject.endswith(("公告", "通告")) else "印发"
    used: set[int] = set()
    day = "近日"
    for index in range(max(len(lines) - SIGNATURE_LINES, 0), len(lines)):
        date = _SIGN_DATE.match(lines[index])
        if date:
            day = f"{int(date.group(1))}月{int(date.group(2))}日"
            used.add(index)
            if index > 0 and len(lines[index - 1]) <= 40 and not _CLOSING.search(lines[index - 1]):
                used.add(index - 1)  # the issuing body above the date
    purpose = ""
    for index, line in enumerate(lines[:6]):
        if _DOC_NUMBER_LINE.match(line) or (
            len(line) <= ADDRESSEE_MAX_CHARS and _ADDRESSEE.match(line)
        ):
            used.add(index)
            continue
        found = _PURPOSE.match(line)
        if found:
            purpose = found.group(1)
            used.add(index)
            break
    lead = f"{day}，{issuer}{verb}《{document}》"
    return (f"{lead}，{purpose}。" if purpose else f"{lead}。"), used


def _clean(sentence: str, first: bool, continues: bool = False) -> str:
    if first:
        sentence = _DATELINE.sub("", sentence)
        sentence = _DATE_NEWS.sub(r"\1，", sentence)
    elif not continues:
        sentence = _CONNECTIVE.sub("", sentence)
    return _LEADING_JUNK.sub("", _NOTES.sub("", sentence)).strip()


def _dropped(sentence: str) -> bool:
    """Quotes, questions and interview prompts: editors never keep them."""
    return bool(
        _SPEAKER_TAG.match(sentence)
        or sentence.startswith(("——", "--", "编者按"))
        or _QUOTE.search(sentence)
        or _INTERVIEW.match(sentence)
        or sentence.endswith(("？", "?"))
        or len(sentence) < 6
    )


def _score(sentence: str, position: int, paragraph_lead: bool) -> float:
    score = 1.0 / (1.0 + 0.35 * position)
    if _HAS_NUMBER.search(sentence):
        score += 0.45
    if _ACTION.search(sentence):
        score += 0.25
    if _ACTOR_START.match(sentence):
        score += 0.2
    if paragraph_lead:
        score += 0.1
    if _BACKGROUND.match(sentence):
        score -= 0.6
    if len(sentence) > LONG_SENTENCE:
        score -= 0.2
    return score


def _join(parts: list[tuple[int, str]]) -> str:
    """Join chosen sentences; a clause ending in ； that is not followed by its own next
    sentence, or a paragraph without final punctuation, is closed with 。."""
    out: list[str] = []
    for i, (pos, sentence) in enumerate(parts):
        following = parts[i + 1][0] if i + 1 < len(parts) else None
        if sentence.endswith(("；", ";")) and following != pos + 1:
            sentence = sentence[:-1] + "。"
        elif not sentence.endswith(_CLOSERS):
            sentence += "。"
        out.append(sentence)
    return "".join(out)


def _trim_clause(sentence: str, max_chars: int, min_chars: int) -> str:
    """Shorten at the last clause break before ``max_chars`` and close with 。."""
    cut = max(sentence.rfind("，", 0, max_chars), sentence.rfind("；", 0, max_chars))
    if cut < min_chars // 2:
        return ""
    return sentence[:cut] + "。"


def summarize(
    text: str, title: str = "", *, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS
) -> SummaryResult:
    """An editor-style 内容 of ``text`` (extractive), with flags when it had to compromise."""
    # without repost furniture (原标题, 责任编辑 ...)
    lines = clean_lines(text, join_gaps=False)
    document = _document_lead(title, lines)
    skipped = document[1] if document else set()
    source = "\n".join(line for i, line in enumerate(lines) if i not in skipped)
    flags: list[str] = []
    candidates: list[tuple[int, str, bool]] = []  # (position, cleaned sentence, paragraph lead)
    position = 0
    if document:
        candidates.append((position, document[0], True))
        position += 1
    for paragraph in source.split("\n"):
        if len(paragraph) <= ADDRESSEE_MAX_CHARS and _ADDRESSEE.match(paragraph):
            continue  # 主送机关 of a document whose headline was not recognised
        depth = 0  # inside a “quotation” that spans sentences
        previous = ""
        for n, raw in enumerate(sentences(paragraph)):
            inside = depth > 0
            continues = previous.endswith(("；", ";"))
            previous = raw
            depth = max(
                0, depth + raw.count("“") + raw.count("「") - raw.count("”") - raw.count("」")
            )
            cleaned = _clean(raw, first=position == 0, continues=continues)
            numbered = _ENUMERATOR.match(cleaned)
            if numbered:
                cleaned = cleaned[numbered.end() :].strip()
                if len(cleaned) <= HEADING_MAX_CHARS and "，" not in cleaned:
                    cleaned = ""  # a heading ("一、加快5G RedCap网络建设。"), not a statement
            if cleaned and not inside and not _dropped(cleaned):
                candidates.append((position, cleaned, n == 0))
            position += 1
    if not candidates:
        fallback = sentences(source)
        candidates = [(i, s, i == 0) for i, s in enumerate(fallback)]
        if not candidates:
            return SummaryResult("", flags=("empty_text",))
    lead_index = next((i for i, (_, s, _) in enumerate(candidates) if not _BACKGROUND.match(s)), 0)
    lead_pos, lead, _ = candidates[lead_index]
    if len(lead) > max_chars:
        trimmed = _trim_clause(lead, max_chars, min_chars)
        if trimmed:
            lead = trimmed
            flags.append("clause_trimmed")
    chosen = {lead_pos: lead}
    length = len(lead)
    ranked = sorted(
        (c for c in candidates if c[0] != lead_pos),
        key=lambda c: -_score(c[1], c[0], c[2]),
    )
    for pos, sentence, _ in ranked:
        if length >= TARGET_CHARS:
            break
        if _BACKGROUND.match(sentence):  # only when nothing better fits (below)
            continue
        if length + len(sentence) <= max_chars:
            chosen[pos] = sentence
            length += len(sentence)
    if length < min_chars:  # fill with whatever fits, best first
        for pos, sentence, _ in ranked:
            if pos not in chosen and length + len(sentence) <= max_chars:
                chosen[pos] = sentence
                length += len(sentence)
    summary = _join([(p, chosen[p]) for p in sorted(chosen)])
    if len(summary) < min_chars and len(source) > len(summary):
        flags.append("short_source" if len(source) < min_chars else "short")
    unsupported = check_numbers(summary, f"{title}\n{text}" if document else text)
    if unsupported:
        flags.append("number_mismatch")
    return SummaryResult(summary, "extractive", tuple(flags), tuple(unsupported))


def lead_summary(text: str, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS) -> str:
    """The 内容 summary of ``text`` (kept for the v0 callers; see :func:`summarize`)."""
    return summarize(text, min_chars=min_chars, max_chars=max_chars).summary


def _squash(text: str) -> str:
    """Spaces out (PDF gaps: 12月 18日), line breaks kept so no token spans two lines."""
    return _SPACE.sub("", join_cjk_gaps(normalize_text(text)))


def _present(token: str, source: str, numeral: bool = False) -> bool:
    if numeral:
        pattern = rf"(?<![零〇一二两三四五六七八九十百千万亿]){re.escape(token)}"
        return re.search(pattern, source) is not None
    if token[0].isdigit():
        pattern = rf"(?<!\d)(?<!\d\.){re.escape(token)}"
        if token[-1].isdigit():
            pattern += r"(?![\d]|\.\d)"
        return re.search(pattern, source) is not None
    return token in source


def check_numbers(summary: str, source: str) -> list[str]:
    """Numbers, percentages and dates of ``summary`` that ``source`` does not contain.

    Dates are whole tokens (12月18日 must occur as such), numbers keep their magnitude (27.93亿
    is not 27.93万) and may not match inside a longer number (1.35 is not in 11.35); Chinese
    numerals before a measure word (十八条) count too. Thousands separators are ignored.
    """
    text = _squash(summary)
    src = _squash(source).replace(",", "")
    missing: list[str] = []
    rest = text
    for match in _DATE_TOKEN.finditer(text):
        token = match.group()
        if not _present(token, src) and token not in missing:
            missing.append(token)
    rest = _DATE_TOKEN.sub(" ", text)
    for match in _NUMBER_TOKEN.finditer(rest):
        token = match.group().replace(",", "")
        if not _present(token, src) and token not in missing:
            missing.append(token)
    for match in _CN_NUMBER_TOKEN.finditer(rest):
        token = match.group()
        if not _present(token, src, numeral=True) and token not in missing:
            missing.append(token)
    return missing
