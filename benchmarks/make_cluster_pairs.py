"""Build benchmarks/data/cluster_pairs.jsonl: labelled same-story / different-story pairs.

Positives are realistic transformations of the bundled sample articles (real bulletin texts,
src/jianbao/data/sample/articles.jsonl), the way other sites republish a story:

- ``repost``: the same text with another site's furniture (原标题, 来源, 责任编辑, 声明 ...),
  paragraphs merged or split, full-width digits, a byline.
- ``shortened``: a 快讯 keeping the first paragraph or the first sentences.
- ``new_headline``: a new headline, a 据…消息 lead-in, the last paragraph dropped, a few words
  swapped for synonyms.
- ``rewrite``: synonyms, about a third of the sentences dropped, paragraphs reordered after
  the lead.

Negatives are every pair of different sample articles in the same bulletin section (same topic,
different story) and the hand-written hard negatives of
``benchmarks/data/cluster_pairs_handwritten.jsonl`` (two MIIT notices in one week, two provinces
announcing 5G figures, two IDC reports ...), which also holds two hand-written rewrites.

Deterministic (fixed seed): ``.venv/bin/python benchmarks/make_cluster_pairs.py`` rewrites the
file identically.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "jianbao" / "data" / "sample" / "articles.jsonl"
HANDWRITTEN = ROOT / "benchmarks" / "data" / "cluster_pairs_handwritten.jsonl"
OUT = ROOT / "benchmarks" / "data" / "cluster_pairs.jsonl"
SEED = 20241218
MIN_TEXT = 120  # shorter sample texts are briefs; transforming them says little

SITES = ["人民网", "新浪科技", "C114通信网", "IT之家", "澎湃新闻", "中国电子报", "搜狐科技"]
EDITORS = ["张三", "李明", "王芳", "赵磊", "陈晨"]
SYNONYMS = [
    ("近日", "日前"),
    ("表示", "指出"),
    ("宣布", "对外宣布"),
    ("发布", "公布"),
    ("推动", "促进"),
    ("加快", "加速"),
    ("重要", "关键"),
    ("目前", "当前"),
    ("进一步", "更进一步"),
    ("显示", "表明"),
    ("企业", "厂商"),
    ("举行", "召开"),
]
HEADLINE_OPENERS = ["重磅！", "刚刚，", "最新：", "关注｜", "", "速看："]
_SENT = re.compile(r"[^。！？]*[。！？]+[”’」』]?|[^。！？]+$")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def sentences(text: str) -> list[str]:
    return [s for p in text.split("\n") for s in _SENT.findall(p.strip()) if s.strip()]


def synonyms(text: str, rng: random.Random, k: int) -> str:
    for old, new in rng.sample(SYNONYMS, k):
        text = text.replace(old, new, 1)
    return text


def repost(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    paragraphs = row["text"].split("\n")
    if len(paragraphs) > 2 and rng.random() < 0.5:
        paragraphs = ["".join(paragraphs[:2]), *paragraphs[2:]]
    body = "\n".join(paragraphs)
    if rng.random() < 0.5:
        body = body.translate(FULLWIDTH)
    site = rng.choice(SITES)
    head = [f"原标题：{row['title']}"] if rng.random() < 0.6 else []
    tail = [f"来源：{site}", f"责任编辑：{rng.choice(EDITORS)}"]
    if rng.random() < 0.4:
        tail.append("声明：本文转载自其他媒体，仅供参考，如有侵权请联系删除。")
    return {"title": row["title"], "text": "\n".join([*head, body, *tail])}


def shortened(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    parts = sentences(row["text"])
    keep = max(2, len(parts) // 3) if rng.random() < 0.5 else 2
    text = "".join(parts[:keep])
    if len(text) < 60:
        text = "".join(parts[: keep + 1])
    return {"title": row["title"][:18], "text": text + f"\n（来源：{rng.choice(SITES)}）"}


def new_headline(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    paragraphs = row["text"].split("\n")
    if len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    text = synonyms("\n".join(paragraphs), rng, 3)
    site = rng.choice(SITES)
    title = rng.choice(HEADLINE_OPENERS) + re.split(r"[ ，：:]", row["title"])[0] + "引关注"
    return {"title": title, "text": f"据{site}消息，" + text}


def rewrite(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    parts = sentences(row["text"])
    lead, rest = parts[:1], parts[1:]
    rest = [s for s in rest if rng.random() > 0.3]
    rng.shuffle(rest)
    text = synonyms("".join(lead) + "\n" + "".join(rest), rng, 5)
    return {"title": row["title"] + "（图）", "text": text}


def side(row: dict[str, str], **overrides: str) -> dict[str, str | None]:
    base: dict[str, str | None] = {
        "id": row["id"],
        "title": row["title"],
        "text": row["text"],
        "published": row.get("published"),
    }
    base.update(overrides)
    return base


def main() -> None:
    rng = random.Random(SEED)
    rows = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines() if line.strip()]
    pairs: list[dict[str, object]] = []
    transforms = {
        "repost": repost,
        "shortened": shortened,
        "new_headline": new_headline,
        "rewrite": rewrite,
    }
    for row in rows:
        if len(row["text"]) < MIN_TEXT:
            continue
        for kind, transform in transforms.items():
            changed = transform(row, rng)
            pairs.append(
                {
                    "type": kind,
                    "label": 1,
                    "a": side(row),
                    "b": side(row, id=row["id"] + "-" + kind, **changed),
                }
            )
    by_section: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        by_section.setdefault((row["seed"], row["section"]), []).append(row)
    for group in by_section.values():
        for a, b in itertools.combinations(group, 2):
            pairs.append(
                {"type": "same_section_different_story", "label": 0, "a": side(a), "b": side(b)}
            )
    for number, line in enumerate(HANDWRITTEN.read_text("utf-8").splitlines()):
        if not line.strip():
            continue
        item = json.loads(line)
        label = 1 if item["type"].startswith("same_story") else 0
        for key in ("a", "b"):
            item[key].setdefault("id", f"hand-{number}-{key}")
        pairs.append({"type": item["type"], "label": label, "a": item["a"], "b": item["b"]})
    with OUT.open("w", encoding="utf-8") as fh:
        for pair in pairs:
            fh.write(json.dumps(pair, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for pair in pairs:
        counts[str(pair["type"])] = counts.get(str(pair["type"]), 0) + 1
    print(f"wrote {len(pairs)} pairs to {OUT}: {counts}")


if __name__ == "__main__":
    main()
