"""Entities and figures: who acts in an article, which documents and places it names, and the
figures it states.

- **Organisations**: known names and their aliases (``data/story/organisations.tsv``, longest
  match first), then names found by their endings (``data/story/org_suffixes.tsv``: 有限公司,
  大学, 研究院, 工业和信息化局 ...) extended to the left up to a boundary (punctuation, a date,
  a verb or preposition in :data:`ORG_BOUNDARY_WORDS`). One-character endings (局, 部, 厅) count
  only after a place name or 国家/中国/中央, so 全部 and 头部 are not ministries.
- **Policy documents**: 《…》 titles with their kind (policy / report / standard), the issuing
  body (the part before 关于 in the title, else the organisation acting in the sentence) and the
  文号 (工信部科〔2024〕12号) when the text gives one near the title.
- **Places**: the region gazetteer of :mod:`jianbao.analyze.regions` (read-only use).
- **Figures**: a number with its unit, the subject before it and the change after it:
  ``5G基站总数 414.1 万个``; ``市场规模 27.93 亿元, 同比增长11.6%``. Values are kept as
  written, never reformatted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jianbao.analyze.regions import MASKED, gazetteer
from jianbao.analyze.summarize import sentences
from jianbao.models import Entity, Figure
from jianbao.text import join_cjk_gaps, normalize_text

ORG_MAX_CHARS = 18  # longer spans before a suffix are clauses, not names
ORG_MIN_STEM = 2  # characters before the suffix: 公司 alone is not a name
# Words that end a name's left edge: verbs, prepositions, pronouns, time words.
ORG_BOUNDARY_WORDS = (
    "由", "与", "和", "及", "同", "向", "对", "在", "据", "被", "将", "为", "是", "的", "了",
    "把", "从", "于", "跟", "给", "让", "使", "联合", "携手", "宣布", "发布", "印发", "表示",
    "称", "指出", "显示", "透露", "成立", "召开", "举行", "会同", "牵头", "组织", "依托",
    "指导", "主办", "承办", "加入", "访问", "调研", "走访", "来到", "参观", "签署", "合作",
    "支持", "推动", "来自", "包括", "其中", "以及", "等", "该", "本", "其", "旗下", "这家",
    "一家", "此", "各", "也", "都", "已", "还", "并", "或", "近日", "日前", "今年", "目前",
    "近期", "昨日", "今天", "当天", "此前", "随后", "上午", "下午", "消息", "报道", "获悉",
    "通报", "认为", "预计", "获批", "入选", "位居", "领投", "收购", "投资", "子公司", "全资",
    "购买", "方式", "身份", "致电", "翻阅", "扭转", "要求", "发挥", "积极", "成功", "跻身",
    "离不开", "满足", "比如", "这类", "某", "上述", "他", "其他", "入", "规定", "切实", "获",
    "探索", "如何", "通过", "实现", "不断", "有", "暨", "一些", "需要", "部署", "开展",
)  # fmt: skip
# A bare 公司/集团 after a description is a kind of company, not a name (人工智能初创公司).
DESCRIPTIVE_STEM = re.compile(
    r"(?:初创|创业|知名|著名|咨询|情报|研究|跨国|网络安全|科技|芯片|半导体|人工智能|AI|无人驾驶|"
    r"元宇宙|云计算|产品|类|平台|上市|最大商业|商业|重点|创新|大量|多家|玩具|橡胶)$"
)
GOV_PREFIXES = ("国家", "中国", "中央", "国务院", "全国")
# A one-character ending (局, 部, 厅) names a body only with a field of government in the stem
# (深圳市工业和信息化局, 省通信管理局), so 郑州连片部(署) and 全部 are not bodies.
GOV_FIELDS = re.compile(
    r"信息|工业|经济|商务|教育|科技|科学|财政|统计|数据|通信|管理|发展|改革|网信|市场|监管|公安|"
    r"交通|住房|人力|生态|自然|文化|卫生|农业|水利|应急|审计|外交|国防|司法|民政|海关|税务|政务|"
    r"服务|知识产权|能源|邮政|无线电|工信|经信|宣传|组织|统战"
)
# Stems that make a generic noun, not a name, with a company or body ending (头部公司).
GENERIC_STEMS = frozenset(
    [
        "头部", "龙头", "上市", "子", "母", "分", "总", "相关", "多家", "各家",
        "初创", "科技", "互联网", "外资", "国有", "民营", "平台", "运营", "电信", "通信",
        "芯片", "合资", "控股", "新", "老", "大", "小", "本", "该", "此",
        "有关", "参与", "成员", "主管", "地方", "全体", "中央",
    ]
)  # fmt: skip
DOCUMENT_KINDS = (
    ("standard", ("标准", "规范", "规程")),
    ("report", ("报告", "白皮书", "蓝皮书", "指数", "榜单", "工具册", "研究")),
    (
        "policy",
        (
            "通知", "意见", "办法", "规定", "方案", "措施", "规划", "计划", "指南", "指引",
            "条例", "决定", "纲要", "细则", "政策", "法", "纲领", "通告", "公告", "批复",
        ),
    ),
)  # fmt: skip
# A 《》 title this short that is only a kind word is a back-reference (以下简称《措施》).
BACK_REFERENCE_MAX = 4
DOC_NUMBER_WINDOW = 80  # characters after a title where its 文号 may follow
ISSUER_WINDOW = 40  # characters before a title where its issuing body may act
ISSUE_VERBS = ("印发", "发布", "出台", "制定", "公布", "下发", "联合印发", "正式印发")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_DOC = re.compile(r"《([^《》\n]{2,80})》")
_DOC_NUMBER = re.compile(rf"[{_CJK}]{{1,12}}[〔\[［【(（]\d{{4}}[〕\]］】)）]\s*\d{{1,4}}\s*号")
_NAME_CHAR = re.compile(rf"[{_CJK}A-Za-z0-9·&]")
_DATE_TAIL = re.compile(r"^.*\d+[年月日号]")

_MAGNITUDE = r"万亿|千亿|百亿|亿|千万|百万|万|千"
_MEASURE = (
    r"元人民币|亿美元|美元|欧元|日元|元|个百分点|个|家|台|部|户|人次|人|名|项|条|座|件|套|款"
    r"|起|次|倍|公顷|平方米|平方公里|吨|千瓦时|千瓦|瓦|GB|TB|PB|EB|MHz|GHz|nm|纳米|Gbps"
    r"|小时|分钟|朵|张|册|所|个城市|个国家|%"
)
_VALUE = re.compile(
    rf"(?<![\d.A-Za-z/])(\d+(?:\.\d+)?)\s*((?:{_MAGNITUDE})?(?:{_MEASURE})|(?:{_MAGNITUDE}))"
    rf"(?![A-Za-z\d])"
)
_CHANGE = re.compile(
    r"^\s*[，,]?\s*((?:同比|环比|比上年末|比上年|较上年|比去年|较去年|比上月|较上月|较20\d\d年|比20\d\d年)?"
    r"(?:增长|下降|提升|增加|减少|上升|回落|下滑|净增|增幅为|增速为)了?(?:约)?"
    r"(\d+(?:\.\d+)?)\s*(%|个百分点|倍|(?:万|亿)?[个户台家元]?))"
)
_NEGATIVE_CHANGE = ("下降", "减少", "回落", "下滑")
_SUBJECT_TAIL = re.compile(
    r"(?:已经|已|将|预计|有望|共|累计|总计|合计)?(?:达到了|达到|已达|高达|增长至|增长到|增至|提升至|"
    r"突破|超过|超|逾|约为|约|近|为|达|至|到|有|是|占|实现|完成|录得|共计)?(?:约|近|超|逾)?$"
)
_SUBJECT_HEADS = (
    re.compile(r"^(?:截至|截止到|截止)[^，,]{0,16}?(?:底|末|月|日|年)"),
    re.compile(
        r"^(?:\d{4}年)?(?:上半年|下半年|前三季度|第[一二三四]季度|[一二三四]季度|全年|"
        r"\d{1,2}(?:-\d{1,2})?月(?:份)?|\d{1,2}月\d{1,2}日)"
    ),
    re.compile(r"^\d{4}年(?:度)?"),
    re.compile(
        r"^(?:而|但|并|且|我国|全国|目前|其中|同时|此外|另外|数据显示|报告显示|统计显示|显示|"
        r"据悉|今年|去年|当前|年内|近日|日前)"
    ),
)
_SUBJECT_TIME_TAIL = re.compile(r"(?:近日|日前|目前|今年|此前|当天|已经|已|将|以)+$")
# A clause ending in one of these (or in 等) counts something named after the number:
# 提出18条具体举措, 发生644起投融资事件, 等4个方面.
_COUNTING_VERBS = re.compile(
    r"(?:提出|推出|发布|出台|新增|签约|发生|部署|建成|建设|入选|获得|拥有|落地|吸引|带动|培育|"
    r"打造|形成|涵盖|覆盖|包括|共有|共|有|等|超过|超|逾|近|约|达|达到)$"
)
_NOUN_AFTER = re.compile(rf"^[{_CJK}A-Za-z]{{1,10}}")


@dataclass(frozen=True, slots=True)
class _Org:
    name: str
    subtype: str


@lru_cache(maxsize=1)
def _known() -> tuple[dict[str, _Org], dict[str, tuple[str, ...]]]:
    data = resources.files("jianbao").joinpath("data", "story", "organisations.tsv")
    names: dict[str, _Org] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("\t") + ["", ""])[:3]
        org = _Org(parts[0].strip(), parts[1].strip() or "other")
        for form in (org.name, *(a.strip() for a in parts[2].split(",") if a.strip())):
            names.setdefault(form, org)
    by_first: dict[str, list[str]] = {}
    for form in names:
        by_first.setdefault(form[0], []).append(form)
    index = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
    return names, index


@lru_cache(maxsize=1)
def _suffixes() -> tuple[re.Pattern[str], dict[str, str]]:
    data = resources.files("jianbao").joinpath("data", "story", "org_suffixes.tsv")
    table: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            suffix, subtype = line.split("\t")[:2]
            table[suffix.strip()] = subtype.strip()
    pattern = "|".join(re.escape(s) for s in sorted(table, key=len, reverse=True))
    return re.compile(pattern), table


def _place_at(text: str, i: int) -> str | None:
    """The gazetteer name starting at ``text[i]``, if any."""
    for name, _place in gazetteer().index.get(text[i], ()) if i < len(text) else ():
        if text.startswith(name, i):
            return name
    return None


def _known_orgs(text: str) -> tuple[list[tuple[int, int, _Org]], str]:
    """Known names (longest match); returns the spans and the text with them masked."""
    names, index = _known()
    found: list[tuple[int, int, _Org]] = []
    chars = list(text)
    i, n = 0, len(text)
    while i < n:
        for form in index.get(text[i], ()):
            if text.startswith(form, i):
                end = i + len(form)
                # a Latin alias must not be part of a longer word (SK in SKU)
                if form.isascii() and (
                    (i and text[i - 1].isascii() and text[i - 1].isalnum())
                    or (end < n and text[end].isascii() and text[end].isalnum())
                ):
                    continue
                found.append((i, end, names[form]))
                chars[i:end] = "□" * len(form)
                i = end
                break
        else:
            i += 1
    return found, "".join(chars)


def _trim_left(span: str) -> str:
    """Cut a candidate name after its last boundary word or date."""
    cut = 0
    date = _DATE_TAIL.match(span)
    if date:
        cut = date.end()
    for word in ORG_BOUNDARY_WORDS:
        at = span.rfind(word, cut)
        while at >= 0:
            cut = max(cut, at + len(word))
            at = span.rfind(word, cut)
    return span[cut:]


def _suffix_orgs(masked: str, text: str) -> list[tuple[int, int, _Org]]:
    pattern, table = _suffixes()
    found: list[tuple[int, int, _Org]] = []
    for match in pattern.finditer(masked):
        start, end = match.start(), match.end()
        suffix = match.group()
        left = start
        while left > 0 and start - left < ORG_MAX_CHARS:
            if _NAME_CHAR.match(masked[left - 1]):
                left -= 1
            elif masked[left - 1] == "）" and "（" in masked[max(0, left - 8) : left - 1]:
                left = masked.rindex("（", 0, left - 1)  # 达琦华声电子（深圳）有限公司
            else:
                break
        name = _trim_left(masked[left:start]) + suffix
        begin = end - len(name)
        while begin > 0 and masked[begin - 1] == "□":  # 腾讯 + 科技（北京）有限公司
            begin -= 1
        name = text[begin:end]
        stem = len(name) - len(suffix)
        if stem < ORG_MIN_STEM or "□" in masked[begin:end].strip("□"):
            continue
        if name[:stem] in GENERIC_STEMS:
            continue
        if suffix in ("公司", "集团") and DESCRIPTIVE_STEM.search(name[:stem]):
            continue
        if len(suffix) == 1 and not (
            (_place_at(masked, begin) or name.startswith(GOV_PREFIXES)) and GOV_FIELDS.search(name)
        ):
            continue
        if name[0].isdigit():
            continue
        found.append((begin, end, _Org(name, table[suffix])))
    return found


def organisations(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical name, subtype) of every organisation named in ``text``."""
    known, masked = _known_orgs(text)
    longer = [(s, e, o.name, o.subtype) for s, e, o in _suffix_orgs(masked, text)]
    spans = [
        (s, e, o.name, o.subtype)
        for s, e, o in known
        if not any(ls <= s and e <= le for ls, le, _, _ in longer)
    ]
    return sorted(spans + longer)


def _document_kind(title: str) -> str:
    for kind, words in DOCUMENT_KINDS:
        if any(title.endswith(w) or f"{w}（" in title for w in words):
            return kind
    for kind, words in DOCUMENT_KINDS:
        if any(w in title for w in words):
            return kind
    return "other"


def documents(text: str, orgs: list[tuple[int, int, str, str]] | None = None) -> list[Entity]:
    """Policy documents, reports and standards named in 《》, with issuer and 文号."""
    orgs = organisations(text) if orgs is None else orgs
    found: dict[str, Entity] = {}
    counts: Counter[str] = Counter()
    for match in _DOC.finditer(text):
        title = match.group(1).strip()
        kind = _document_kind(title)
        if (
            len(title) <= BACK_REFERENCE_MAX
            and kind != "other"
            and title
            in {w for _, words in DOCUMENT_KINDS for w in words}
            | {"措施", "行动计划", "实施方案", "指导意见", "通知", "报告"}
        ):
            continue
        counts[title] += 1
        if title in found:
            continue
        issuer = None
        if "关于" in title and title.index("关于") >= 2:
            issuer = title[: title.index("关于")]
        else:
            before = text[max(0, match.start() - ISSUER_WINDOW) : match.start()]
            window_start = match.start() - len(before)
            cut = max(before.rfind("。"), before.rfind("；"))
            acting = [o for o in orgs if window_start + cut < o[0] and o[1] <= match.start()]
            if acting and any(v in before for v in ISSUE_VERBS):
                issuer = acting[0][2]
        tail = text[match.end() : match.end() + DOC_NUMBER_WINDOW]
        number = _DOC_NUMBER.search(tail)
        if number and "《" in tail[: number.start()]:
            number = None  # the 文号 of the next title
        found[title] = Entity(
            kind="document",
            name=title,
            subtype=kind,
            issuer=issuer,
            doc_number=re.sub(r"\s+", "", number.group()) if number else None,
        )
    return [
        Entity(e.kind, e.name, e.subtype, counts[e.name], e.issuer, e.doc_number)
        for e in found.values()
    ]


def places(text: str) -> list[Entity]:
    """Places named in ``text`` (provinces, cities, countries), by first mention."""
    for masked in MASKED:
        text = text.replace(masked, "□" * len(masked))
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    i, n = 0, len(text)
    index = gazetteer().index
    while i < n:
        for name, place in index.get(text[i], ()):
            if text.startswith(name, i):
                label = place.country or place.city or place.province or name
                kinds.setdefault(
                    label, "country" if place.country else "city" if place.city else "province"
                )
                counts[label] += 1
                i += len(name)
                break
        else:
            i += 1
    return [Entity("place", label, kinds[label], counts[label]) for label in kinds]


def extract_entities(title: str, text: str) -> tuple[Entity, ...]:
    """Organisations, documents and places of an article, most mentioned first per kind."""
    body = join_cjk_gaps(normalize_text(f"{title}\n{text}"))
    orgs = organisations(body)
    counts: Counter[tuple[str, str]] = Counter((name, sub) for _, _, name, sub in orgs)
    first: dict[tuple[str, str], int] = {}
    for start, _, name, sub in orgs:
        first.setdefault((name, sub), start)
    org_entities = [
        Entity("org", name, sub, count)
        for (name, sub), count in sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]]))
    ]
    return (*org_entities, *documents(body, orgs), *places(body))


def _subject(clause: str) -> str:
    subject = _SUBJECT_TAIL.sub("", clause).strip()
    subject = _SUBJECT_TIME_TAIL.sub("", subject)
    changed = True
    while changed and subject:
        changed = False
        for head in _SUBJECT_HEADS:
            match = head.match(subject)
            if match and match.group():
                subject = subject[match.end() :].lstrip("，,、 的")
                changed = True
    return subject.strip("，,、：: ")


def _counted_noun(clause: str, after: str) -> str | None:
    """The noun a count names when it follows the number (提出18条具体举措 -> 具体举措)."""
    if not _COUNTING_VERBS.search(clause.strip()) and clause.strip():
        return None
    noun = _NOUN_AFTER.match(after)
    if not noun:
        return None
    return (
        re.split(r"(?:的|，|。|和|与|及|、|提出|推出|发布|实现|达到|完成)", noun.group())[0] or None
    )


def extract_figures(text: str) -> tuple[Figure, ...]:
    """Figures stated in ``text``: subject, value and unit as written, and the change after."""
    figures: list[Figure] = []
    body = join_cjk_gaps(normalize_text(text))
    for sentence in sentences(body):
        consumed_until = -1
        previous = ""
        for match in _VALUE.finditer(sentence):
            if match.start() < consumed_until:
                continue
            value, unit = match.group(1), match.group(2)
            clause_start = max(sentence.rfind(p, 0, match.start()) for p in "，,；;：:（(")
            clause = sentence[clause_start + 1 : match.start()]
            change = _CHANGE.match(sentence[match.end() :])
            change_text = change_value = None
            if change:
                change_text = change.group(1)
                sign = -1.0 if any(w in change_text for w in _NEGATIVE_CHANGE) else 1.0
                change_value = sign * float(change.group(2))
                consumed_until = match.end() + change.end()
            subject = _subject(clause)
            counted = None
            if (
                not change
                and unit not in ("%", "个百分点", "小时", "分钟")
                and not unit.endswith(("元", "美元", "欧元"))
            ):
                counted = _counted_noun(clause, sentence[match.end() :])
            if counted:
                subject = counted
            elif not subject:
                subject = previous
            if not subject and unit != "%":
                continue
            previous = subject
            figures.append(
                Figure(
                    subject=subject,
                    value=value,
                    unit=unit,
                    change=change_text,
                    change_value=change_value,
                    sentence=sentence,
                )
            )
    return tuple(figures)
