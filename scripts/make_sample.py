#!/usr/bin/env python3
"""Re-derive the bundled ``jianbao demo`` sample from the project's seed bulletins.

Developer tool, not part of the installed package.  It reads the three PDF-to-text dumps
of real bulletins in ``../shared/seeds`` (relative to the repository root, i.e.
``/work/shared/seeds``; override with the first argument) and writes
``src/jianbao/data/sample/articles.jsonl`` (override with ``--out``): one JSON object per
line, UTF-8, ``ensure_ascii=False``, with the keys

    id, seed, layout, section, subsection, title, tag, text, summary, url, published,
    source_name

Usage::

    .venv/bin/python scripts/make_sample.py [SEEDS_DIR] [--out PATH] [--check-only]

The three layouts
-----------------
``000_*`` "tagged"
    目录 (TOC) with page numbers, then ``一、软件产业`` / ``(一) 政策发布`` / ``1. 标题`` /
    ``标签：xxx`` / article text.  section = top section without its numeral, subsection =
    the ``(一)`` heading (null for sections without subsections), tag = the 标签 line.
``001_*`` "monthly"
    cover, 目录 with dot leaders and page numbers, sections 产业环境 / 运营竞争 / 技术情报 /
    企业情报 / 海外借鉴, then the full texts, each starting with its title on its own line.
``002_*`` "digest"
    sections 【政策资讯】 …, each item = title (maybe wrapped), ``内容：`` summary (wrapped)
    and ``来源：URL``.  text = summary = the 内容 (it is all we have), url = the 来源 URL.

For 000/001 the TOC is the list of record: every TOC entry is searched, in order, in the
body; an entry that cannot be found is a hard error.

PDF artefacts removed
---------------------
* TOC lines (dot leaders, page numbers), section/subsection heading lines in the body.
* 002: the URL lists repeated at every page end (bare URL lines not prefixed by 来源：).
* Paragraphs split at page breaks (000/001 put every paragraph on one line and separate
  them with blank lines, so a page break looks like a paragraph break).  A line is joined
  with the next one when it does not end in sentence-final punctuation (。！？：；… or a
  closing quote/bracket) *and* is at least ``MIN_FULL_LINE_WIDTH`` wide, i.e. it filled a
  whole PDF line.  In-article subheadings ("着力提振工业经济", "第一，超越云端") are short
  and therefore kept as their own paragraphs.  002 lines are hard-wrapped: the 内容 is
  joined into one paragraph and wrapped titles into one line.
* Photo captions ending in the credit "视觉中国" are dropped.
* Stray spaces the PDF put between CJK and Latin/digits ("12月 18日", "2023 年",
  "苹果最新 AI “黑科技” HUGS") are removed; spaces between two Latin words ("AI PC",
  "Galaxy S24", "ERNIE 3.0 Titan") and between two CJK phrases of a headline
  ("推动政策 或为…") are genuine and kept.  A quoted span padded on both sides
  (" “芯” ") loses the padding; a single space before a quote is kept (it is in the TOC).
  Tags are kept verbatim (their spaces separate several tags).

Dates (``published``)
---------------------
Each bulletin covers one month, inferred from its content: 000 = January 2024,
001 = December 2021, 002 = December 2024.  ``published`` is the first "M月D日" (optionally
"YYYY年M月D日") stated in the first two paragraphs (the lede) of the article that
* falls in the bulletin month or the month before it (a month without a year takes the
  bulletin year, or the previous year when it is later than the bulletin month — a
  December date in a January bulletin), and
* is not a cut-off, range or future date (preceded by 截至/截止/至/到/将于/预计, or
  followed by 起/前/以来/之前/到期/至).
For 002 items without such a date, a date embedded in the 来源 URL path
(``2024-12-16``, ``t20241216_``, ``/20241216/``, ``2024-12/19``, ``/news/20241213…``)
is used, subject to the same window.  Otherwise ``published`` is null: a month without a
day, "近日", "本周" etc. give null, and no date is ever invented (no default 1st).

URLs and sources
----------------
000/001 items have no URL; they get a deterministic fixture URL on the reserved
``.example`` TLD: ``https://www.ict-news.example/YYYY/MM/DD/<id>.html`` when ``published``
is known, else ``https://www.ict-news.example/articles/<id>.html``.
``source_name``: 002 = the site behind the 来源 URL (``SITE_NAMES``); 000/001 = the source
the text names in its lede ("据工信微报消息", "央广网北京1月24日消息", "根据“钛媒体”…报道",
"据《南华早报》报道", "北京商报记者", a "科技日报头版：" title prefix …), else null.

Verification
------------
After writing, the script re-reads the file and prints counts per seed and section, and
fails (exit 1) when a seed has the wrong number of items, a title is empty, a text is
shorter than ``MIN_TEXT_CHARS`` or contains a dot leader or a bare page-number line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_OUT = REPO / "src" / "jianbao" / "data" / "sample" / "articles.jsonl"

EXPECTED_COUNTS = {"000": 39, "001": 40, "002": 25}
LAYOUTS = {"000": "tagged", "001": "monthly", "002": "digest"}
# (year, month) each bulletin covers, inferred from its content.
BULLETIN_MONTH = {"000": (2024, 1), "001": (2021, 12), "002": (2024, 12)}
FIXTURE_HOST = "https://www.ict-news.example"

MIN_FULL_LINE_WIDTH = 34  # display width (CJK = 1, ASCII = 0.5) of a full PDF text line
MIN_TEXT_CHARS = 50

MONTHLY_SECTIONS = ("产业环境", "运营竞争", "技术情报", "企业情报", "海外借鉴")

# Chinese name of the site behind a 来源 URL (matched against the host's suffix).
SITE_NAMES = {
    "miit.gov.cn": "工业和信息化部",
    "sz.gov.cn": "深圳市人民政府",
    "gz.gov.cn": "广州市人民政府",
    "cnii.com.cn": "中国信息产业网",
    "finance.sina.com.cn": "新浪财经",
    "baijiahao.baidu.com": "百家号",
    "cnr.cn": "央广网",
    "dutenews.com": "读特",
    "iyiou.com": "亿欧",
}

# Outlets recognised when the text names them as its source ("北京商报记者…").
KNOWN_OUTLETS = (
    "21世纪经济报道",
    "南方财经全媒体",
    "北京商报",
    "经济日报",
    "证券日报",
    "科技日报",
    "每日经济新闻",
    "央广网",
    "新华社",
    "人民日报",
)
# Title prefixes "X：…" that name the publishing outlet (not merely a speaker).
TITLE_SOURCE_PREFIXES = {"科技日报头版": "科技日报", "经济日报": "经济日报", "教育部": "教育部"}

# --------------------------------------------------------------------------- text helpers

CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    r"\u2014\u2018-\u201d\u2026\u00b7"
)
LATIN = r"A-Za-z0-9%"
_SPACE_CJK_LATIN = re.compile(rf"(?<=[{CJK}]) +(?=[{LATIN}])")
_SPACE_LATIN_CJK = re.compile(rf"(?<=[{LATIN}]) +(?=[{CJK}])")
_PADDED_QUOTE = re.compile(r" (“[^”\s]{1,30}”) ")
_TERMINAL = tuple("。！？：；…!?;:」）)")
# TOC dot leaders; a plain "……" is genuine Chinese ellipsis punctuation, unless it is
# followed by a page number at the end of a line.
DOT_LEADER = re.compile(r"\.{3,}|…{3,}|·{3,}|…+\s*\d{1,3}\s*$", re.M)
PAGE_NUMBER_LINE = re.compile(r"^\s*(第\s*)?\d{1,3}\s*(页)?\s*$")


def width(s: str) -> float:
    return sum(0.5 if ord(c) < 128 else 1.0 for c in s)


def fix_spaces(s: str) -> str:
    """Collapse whitespace and drop the PDF's CJK/Latin padding (see module docstring)."""
    s = re.sub(r"\s+", " ", s).strip()
    s = _PADDED_QUOTE.sub(r"\1", s)
    s = _SPACE_CJK_LATIN.sub("", s)
    s = _SPACE_LATIN_CJK.sub("", s)
    return s


def key(s: str) -> str:
    """Comparison key for titles: no whitespace, no dot leaders, no numbering."""
    s = re.sub(r"^\s*(-\s*|\d+\.\s*)", "", s)
    s = DOT_LEADER.sub("", s)
    return re.sub(r"\s+", "", s)


def ends_sentence(line: str) -> bool:
    line = line.rstrip()
    if line.endswith(("”", "’", "』")):
        # a closing quote ends a sentence only after sentence-final punctuation
        return len(line) >= 2 and line[-2] in "。！？…!?"
    return line.endswith(_TERMINAL)


def join_wrapped(a: str, b: str) -> str:
    """Join two fragments of one paragraph/title; a space only between two Latin words."""
    if a and b and re.match(r"[A-Za-z0-9]", a[-1]) and re.match(r"[A-Za-z]", b[0]):
        return f"{a} {b}"
    return a + b


def rejoin_paragraphs(lines: list[str]) -> list[str]:
    """Merge page-break fragments: a full-width line without final punctuation continues."""
    paras: list[str] = []
    for line in lines:
        if paras and not ends_sentence(paras[-1]) and width(paras[-1]) >= MIN_FULL_LINE_WIDTH:
            paras[-1] = join_wrapped(paras[-1], line)
        else:
            paras.append(line)
    return paras


def is_caption(line: str) -> bool:
    return line.endswith("视觉中国")


# --------------------------------------------------------------------------- dates

_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_BEFORE_BAD = ("截至", "截止", "至", "到", "将于", "预计")
_AFTER_BAD = ("起", "前", "以来", "之前", "到期", "至")


def in_window(seed: str, year: int | None, month: int, day: int) -> str | None:
    b_year, b_month = BULLETIN_MONTH[seed]
    prev_year, prev_month = (b_year, b_month - 1) if b_month > 1 else (b_year - 1, 12)
    if year is None:
        year = b_year if month <= b_month else b_year - 1
    if (year, month) not in {(b_year, b_month), (prev_year, prev_month)}:
        return None
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_from_text(seed: str, paras: list[str]) -> str | None:
    lede = "\n".join(paras[:2])
    for m in _DATE.finditer(lede):
        before = lede[max(0, m.start() - 3) : m.start()]
        after = lede[m.end() : m.end() + 2]
        if before.endswith(_BEFORE_BAD) or after.startswith(_AFTER_BAD):
            continue
        year = int(m.group(1)) if m.group(1) else None
        found = in_window(seed, year, int(m.group(2)), int(m.group(3)))
        if found:
            return found
    return None


_URL_DATES = (
    re.compile(r"/(\d{4})-(\d{2})-(\d{2})/"),
    re.compile(r"/t(\d{4})(\d{2})(\d{2})_"),
    re.compile(r"/(\d{4})(\d{2})(\d{2})/"),
    re.compile(r"/(\d{4})-(\d{2})/(\d{2})/"),
    re.compile(r"/news/(\d{4})(\d{2})(\d{2})\d+"),
)


def date_from_url(seed: str, url: str) -> str | None:
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            return in_window(seed, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


# --------------------------------------------------------------------------- sources


def source_from_text(title: str, paras: list[str]) -> str | None:
    prefix = re.match(r"^([^：:]{2,8})[：:]", title)
    if prefix and prefix.group(1) in TITLE_SOURCE_PREFIXES:
        return TITLE_SOURCE_PREFIXES[prefix.group(1)]
    lede = "\n".join(paras[:2])
    patterns = (
        r"^据([^，,。\s《》“”]{2,8}?)消息",  # 据工信微报消息
        # 央广网北京1月24日消息
        r"^([^，,。\s]{2,6}网)[^，,。\s]{0,4}\d{1,2}月\d{1,2}日(?:电|消息)",
        r"根据“([^”]{2,10})”\d{1,2}月\d{1,2}日报道",  # 根据“钛媒体”1月24日报道
        r"^(?:\d{1,2}月\d{1,2}日(?:消息)?，)?据《([^》]{2,10})》",  # 据《南华早报》报道
    )
    for pattern in patterns:
        m = re.search(pattern, lede, flags=re.M)
        if m:
            return m.group(1)
    m = re.search(rf"《?({'|'.join(KNOWN_OUTLETS)})》?(?:等)?记者", lede)
    if m:
        return m.group(1)
    return None


def site_name(url: str) -> str | None:
    host = re.sub(r"^https?://", "", url).split("/", 1)[0].lower()
    for suffix, name in SITE_NAMES.items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return None


# --------------------------------------------------------------------------- records


@dataclass
class Item:
    seed: str
    section: str
    subsection: str | None
    title: str
    tag: str | None = None
    paras: list[str] = field(default_factory=list)
    url: str | None = None
    summary: str | None = None


def finish(items: list[Item]) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for n, item in enumerate(items, 1):
        seed = item.seed
        rid = f"{seed}-{n:02d}"
        if seed == "002":
            assert item.url
            published = date_from_text(seed, item.paras) or date_from_url(seed, item.url)
            url = item.url
            source = site_name(item.url)
        else:
            published = date_from_text(seed, item.paras)
            if published:
                url = f"{FIXTURE_HOST}/{published.replace('-', '/')}/{rid}.html"
            else:
                url = f"{FIXTURE_HOST}/articles/{rid}.html"
            source = source_from_text(item.title, item.paras)
        records.append(
            {
                "id": rid,
                "seed": seed,
                "layout": LAYOUTS[seed],
                "section": item.section,
                "subsection": item.subsection,
                "title": item.title,
                "tag": item.tag,
                "text": "\n".join(item.paras),
                "summary": item.summary,
                "url": url,
                "published": published,
                "source_name": source,
            }
        )
    return records


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def strip_toc_tail(line: str) -> str:
    """'标题..... 3' / '标题\t3' / '标题 28' -> '标题'."""
    line = re.sub(r"\s*\.{2,}\s*\d*\s*$", "", line.strip())
    return re.sub(r"\s+\d{1,3}$", "", line).strip()


def body_paragraphs(raw: list[str]) -> list[str]:
    lines = [fix_spaces(x) for x in raw if x.strip()]
    lines = [x for x in lines if not is_caption(x) and not PAGE_NUMBER_LINE.match(x)]
    return rejoin_paragraphs(lines)


def locate_titles(
    body: list[str], toc: list[tuple[str, str | None, str]], seed: str
) -> list[tuple[int, int]]:
    """Find each TOC title, in order, as a body line (or two consecutive lines)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    nonblank = [i for i, x in enumerate(body) if x.strip()]
    for _, _, title in toc:
        want = key(title)
        found = None
        for k, i in enumerate(nonblank):
            if i < pos:
                continue
            have = key(body[i])
            if have == want:
                found = (i, i + 1)
                break
            if have and want.startswith(have) and k + 1 < len(nonblank):
                j = nonblank[k + 1]
                if have + key(body[j]) == want:
                    found = (i, j + 1)
                    break
        if found is None:
            raise SystemExit(f"{seed}: TOC title not found in body: {title}")
        spans.append(found)
        pos = found[1]
    return spans


# --------------------------------------------------------------------------- 000 tagged

_SECTION = re.compile(r"^[一二三四五六七八九十]+、\s*(.+)$")
_SUBSECTION = re.compile(r"^[(（][一二三四五六七八九十]+[)）]\s*(.+)$")
_NUMBERED = re.compile(r"^\d+\.\s*(.+)$")


def parse_tagged(path: Path) -> list[Item]:
    lines = read_lines(path)
    start = next(i for i, x in enumerate(lines) if re.sub(r"\s", "", x) == "目录")
    toc: list[tuple[str, str | None, str]] = []
    section, subsection = "", None
    body_start = None
    for i in range(start + 1, len(lines)):
        raw = lines[i].strip()
        if not raw:
            continue
        has_page = bool(re.search(r"(\.{2,}|\t|\s)\s*\d{1,3}$", raw))
        text = strip_toc_tail(raw)
        if not has_page and _SECTION.match(text):  # first body heading ends the TOC
            body_start = i
            break
        if m := _SECTION.match(text):
            section, subsection = m.group(1).strip(), None
        elif m := _SUBSECTION.match(text):
            subsection = m.group(1).strip()
        elif m := _NUMBERED.match(text):
            toc.append((section, subsection, m.group(1).strip()))
        else:
            raise SystemExit(f"000: unexpected TOC line {i + 1}: {raw}")
    assert body_start is not None, "000: body not found"
    body = lines[body_start:]
    spans = locate_titles(body, toc, "000")
    items = []
    for n, ((sec, sub, _), (a, b)) in enumerate(zip(toc, spans, strict=True)):
        end = spans[n + 1][0] if n + 1 < len(spans) else len(body)
        title_line = fix_spaces(" ".join(x.strip() for x in body[a:b] if x.strip()))
        title = _NUMBERED.match(title_line).group(1)  # type: ignore[union-attr]
        chunk = [x.strip() for x in body[b:end] if x.strip()]
        # drop trailing section / subsection headings (they belong to the next item)
        while chunk and (_SECTION.match(chunk[-1]) or _SUBSECTION.match(chunk[-1])):
            chunk.pop()
        tag = None
        if chunk and re.match(r"^标签\s*[：:]", chunk[0]):
            tag = re.sub(r"\s+", " ", chunk.pop(0).split("：", 1)[-1].split(":", 1)[-1]).strip()
        items.append(Item("000", sec, sub, title, tag=tag or None, paras=body_paragraphs(chunk)))
    return items


# --------------------------------------------------------------------------- 001 monthly


def parse_monthly(path: Path) -> list[Item]:
    lines = read_lines(path)
    start = next(i for i, x in enumerate(lines) if re.sub(r"\s", "", x) == "目录")
    toc: list[tuple[str, str | None, str]] = []
    section = ""
    body_start = None
    for i in range(start + 1, len(lines)):
        raw = lines[i].strip()
        if not raw or raw.startswith("快速进入"):
            continue
        text = strip_toc_tail(raw)
        is_toc_line = text != raw
        if text in MONTHLY_SECTIONS and not is_toc_line:  # bare section name: body begins
            body_start = i
            break
        if text in MONTHLY_SECTIONS:
            section = text
        else:
            toc.append((section, None, re.sub(r"^-\s*", "", text)))
    assert body_start is not None, "001: body not found"
    body = lines[body_start:]
    spans = locate_titles(body, toc, "001")
    items = []
    for n, ((sec, _, _), (a, b)) in enumerate(zip(toc, spans, strict=True)):
        end = spans[n + 1][0] if n + 1 < len(spans) else len(body)
        title = fix_spaces(" ".join(x.strip() for x in body[a:b] if x.strip()))
        chunk = [x.strip() for x in body[b:end] if x.strip()]
        while chunk and chunk[-1] in MONTHLY_SECTIONS:
            chunk.pop()
        items.append(Item("001", sec, None, title, paras=body_paragraphs(chunk)))
    return items


# --------------------------------------------------------------------------- 002 digest

_URL_LINE = re.compile(r"^https?://\S+$")


def parse_digest(path: Path) -> list[Item]:
    lines = [x.strip() for x in read_lines(path)]
    # the URL lists repeated at page ends are bare URL lines; real sources say 来源：
    lines = [x for x in lines if x and not _URL_LINE.match(x)]
    items: list[Item] = []
    section = ""
    title_parts: list[str] = []
    content: list[str] | None = None
    for line in lines:
        if m := re.match(r"^【(.+)】$", line):
            section = m.group(1)
            continue
        if line.startswith("内容：") or line.startswith("内容:"):
            content = [line[3:].strip()]
            continue
        if line.startswith("来源：") or line.startswith("来源:"):
            if content is None or not title_parts:
                raise SystemExit(f"002: 来源 without title/内容: {line}")
            title = title_parts[0]
            for part in title_parts[1:]:
                title = join_wrapped(title, part)
            text = content[0]
            for part in content[1:]:
                text = join_wrapped(text, part)
            text = fix_spaces(text)
            url = line[3:].strip()
            items.append(
                Item("002", section, None, fix_spaces(title), paras=[text], url=url, summary=text)
            )
            title_parts, content = [], None
            continue
        if content is not None:
            content.append(line)
        else:
            title_parts.append(line)
    if title_parts or content:
        raise SystemExit(f"002: dangling item at end: {title_parts} {content}")
    return items


# --------------------------------------------------------------------------- main


def find_seed(seeds: Path, prefix: str) -> Path:
    found = sorted(seeds.glob(f"{prefix}_*.txt"))
    if len(found) != 1:
        raise SystemExit(f"expected one {prefix}_*.txt in {seeds}, found {len(found)}")
    return found[0]


def verify(path: Path) -> list[str]:
    records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    problems = []
    per_seed = Counter(r["seed"] for r in records)
    for seed, want in EXPECTED_COUNTS.items():
        if per_seed[seed] != want:
            problems.append(f"seed {seed}: {per_seed[seed]} items, expected {want}")
    print(f"{path}: {len(records)} items")
    for seed in sorted(per_seed):
        print(f"  {seed} ({LAYOUTS[seed]}): {per_seed[seed]}")
        sections = Counter(r["section"] for r in records if r["seed"] == seed)
        for sec, count in sections.items():
            print(f"    {sec}: {count}")
    ids = [r["id"] for r in records]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    for r in records:
        rid, text = r["id"], r["text"]
        if not r["title"].strip():
            problems.append(f"{rid}: empty title")
        if len(text) < MIN_TEXT_CHARS:
            problems.append(f"{rid}: text only {len(text)} chars")
        if DOT_LEADER.search(text) or DOT_LEADER.search(r["title"]):
            problems.append(f"{rid}: dot leader")
        if any(PAGE_NUMBER_LINE.match(p) for p in text.split("\n")):
            problems.append(f"{rid}: bare page-number line")
        if "\n\n" in text or text != text.strip():
            problems.append(f"{rid}: empty paragraph or surrounding whitespace")
        if r["published"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["published"]):
            problems.append(f"{rid}: bad date {r['published']}")
        if r["seed"] != "002" and ".example/" not in r["url"]:
            problems.append(f"{rid}: fixture url expected")
    dated = sum(1 for r in records if r["published"])
    sourced = sum(1 for r in records if r["source_name"])
    print(f"  with published date: {dated}, with source_name: {sourced}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check-only", action="store_true", help="only verify --out")
    args = parser.parse_args(argv)
    if not args.check_only:
        items = (
            parse_tagged(find_seed(args.seeds, "000"))
            + parse_monthly(find_seed(args.seeds, "001"))
            + parse_digest(find_seed(args.seeds, "002"))
        )
        by_seed: dict[str, list[Item]] = {}
        for item in items:
            by_seed.setdefault(item.seed, []).append(item)
        records = [r for seed in sorted(by_seed) for r in finish(by_seed[seed])]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="\n") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    problems = verify(args.out)
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
