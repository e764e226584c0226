"""Near-duplicate clustering: reposts, shortened versions and new headlines join one story;
same-topic different stories (hand-written hard negatives) stay apart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jianbao.analyze.cluster import (
    StoryDoc,
    StoryIndex,
    authority_of,
    cluster_docs,
    compare,
    fingerprint,
    minhash_signature,
    signature_bytes,
    signature_from_bytes,
)

HARD = Path(__file__).parents[2] / "benchmarks" / "data" / "cluster_pairs_handwritten.jsonl"
NOTICE = (
    "12月18日，深圳市工业和信息化局正式印发《深圳市打造人工智能先锋城市的若干措施》，从丰富生态要素"
    "供给、深化人工智能赋能千行百业、提升源头创新能力、优化产业发展环境等4个方面提出18条具体举措。\n"
    "《措施》提出，每年发放最高5亿元“训力券”，支持企业租用智能算力，以更大的政策力度推动深圳加快"
    "建设国家新一代人工智能创新发展试验区和国家人工智能创新应用先导区，打造人工智能先锋城市。"
)


def _doc(doc_id: str, text: str, title: str = "标题", **kw: object) -> StoryDoc:
    return StoryDoc(id=doc_id, title=title, text=text, **kw)  # type: ignore[arg-type]


def _hard_pairs() -> list[tuple[str, dict[str, str], dict[str, str], int]]:
    pairs = []
    for line in HARD.read_text("utf-8").splitlines():
        item = json.loads(line)
        label = 1 if item["type"].startswith("same_story") else 0
        pairs.append((item["note"], item["a"], item["b"], label))
    return pairs


@pytest.mark.parametrize(
    ("note", "a", "b", "label"), _hard_pairs(), ids=[p[0] for p in _hard_pairs()]
)
def test_cluster_hand_written_pairs(
    note: str, a: dict[str, str], b: dict[str, str], label: int
) -> None:
    docs = [
        _doc(
            side,
            data["text"],
            data["title"],
            published=date.fromisoformat(data["published"]),
        )
        for side, data in (("a", a), ("b", b))
    ]
    assert (len(cluster_docs(docs)) == 1) == bool(label), note


def test_cluster_repost_with_other_boilerplate_joins() -> None:
    repost = f"原标题：深圳出台人工智能先锋城市措施\n{NOTICE}\n来源：南方网\n责任编辑：张三"
    match = compare(fingerprint(_doc("a", NOTICE)), fingerprint(_doc("b", repost, "转载")))
    assert match is not None
    assert match.jaccard > 0.9


def test_cluster_shortened_version_joins_by_containment() -> None:
    short = NOTICE.split("\n")[0]
    match = compare(fingerprint(_doc("a", NOTICE)), fingerprint(_doc("b", short)))
    assert match is not None
    assert match.containment > 0.9


def test_cluster_short_version_is_found_by_anchor_not_only_lsh() -> None:
    long_text = NOTICE + "\n" + "据介绍，深圳将持续完善算力、数据、模型等生态要素供给体系。" * 8
    short = NOTICE.split("\n")[0]
    index = StoryIndex()
    fp_long = fingerprint(_doc("long", long_text))
    index.add("long", minhash_signature(fp_long), fp_long.anchors)
    fp_short = fingerprint(_doc("short", short))
    assert "long" in index.candidates(minhash_signature(fp_short), fp_short.anchors)


def test_cluster_different_places_with_same_template_stay_apart() -> None:
    a = NOTICE
    b = NOTICE.replace("深圳", "广州")
    assert compare(fingerprint(_doc("a", a)), fingerprint(_doc("b", b))) is None


def test_cluster_far_apart_dates_stay_apart() -> None:
    a = _doc("a", NOTICE, published=date(2024, 12, 18))
    b = _doc("b", NOTICE, published=date(2023, 12, 18))
    assert compare(fingerprint(a), fingerprint(b)) is None


def test_cluster_representative_is_most_authoritative_then_earliest_then_fullest() -> None:
    docs = [
        _doc(
            "media", NOTICE + "本报记者。", authority="official_media", published=date(2024, 12, 18)
        ),
        _doc("gov", NOTICE, authority="government", published=date(2024, 12, 19)),
        _doc("other", NOTICE, authority="other", published=date(2024, 12, 17)),
    ]
    (story,) = cluster_docs(docs)
    assert story.representative_id == "gov"
    assert story.size == 3
    same_rank = [
        _doc("late", NOTICE, authority="other", published=date(2024, 12, 19)),
        _doc("early", NOTICE, authority="other", published=date(2024, 12, 18)),
    ]
    assert cluster_docs(same_rank)[0].representative_id == "early"
    fuller = [
        _doc("short", NOTICE.split("\n")[0] + "\n" + NOTICE.split("\n")[1][:40] + "。"),
        _doc("full", NOTICE),
    ]
    assert cluster_docs(fuller)[0].representative_id == "full"


def test_cluster_ids_are_stable_and_every_article_is_in_one_cluster() -> None:
    docs = [_doc("a", NOTICE), _doc("b", NOTICE), _doc("c", "完全不同的另一篇文章内容。" * 5)]
    first, second = cluster_docs(docs), cluster_docs(list(reversed(docs)))
    assert {c.id for c in first} == {c.id for c in second}
    members = sorted(m for c in first for m in c.member_ids)
    assert members == ["a", "b", "c"]


def test_cluster_authority_from_config_then_domain_then_name() -> None:
    assert authority_of("https://www.miit.gov.cn/x.html", None) == "government"
    assert authority_of("https://www.cnii.com.cn/x", None) == "industry_media"
    assert authority_of("https://news.example.com/x", "新华社") == "official_media"
    assert authority_of("https://baijiahao.baidu.com/s?id=1", None) == "other"
    assert authority_of("https://www.miit.gov.cn/x", "my-feed", {"my-feed": "company"}) == "company"
    assert authority_of(None, None) == "other"


def test_cluster_signature_round_trips_through_bytes() -> None:
    signature = minhash_signature(fingerprint(_doc("a", NOTICE)))
    again = signature_from_bytes(signature_bytes(signature))
    assert again.jaccard(signature) == 1.0


def test_cluster_empty_and_english_texts_do_not_break() -> None:
    docs = [
        _doc("empty", ""),
        _doc("en1", "Intel announced mass production of Foveros 3D packaging on Jan 25. " * 3),
        _doc("en2", "Intel announced mass production of Foveros 3D packaging on Jan 25. " * 3),
    ]
    stories = cluster_docs(docs)
    assert sorted(c.size for c in stories) == [1, 2]
