"""Story clustering: reposts, shortened versions and new headlines join one story; so do
reports of one event written independently by two outlets (event evidence); same-topic
different stories (hand-written hard negatives) stay apart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jianbao.analyze import cluster
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

DATA = Path(__file__).parents[2] / "benchmarks" / "data"
HARD = DATA / "cluster_pairs_handwritten.jsonl"
EVENTS = DATA / "cluster_pairs_events.jsonl"
EVENTS_F1_FLOOR = 0.95  # benchmarks/bench_cluster.py EVENTS_F1_FLOOR
NOTICE = (
    "12月18日，深圳市工业和信息化局正式印发《深圳市打造人工智能先锋城市的若干措施》，从丰富生态要素"
    "供给、深化人工智能赋能千行百业、提升源头创新能力、优化产业发展环境等4个方面提出18条具体举措。\n"
    "《措施》提出，每年发放最高5亿元“训力券”，支持企业租用智能算力，以更大的政策力度推动深圳加快"
    "建设国家新一代人工智能创新发展试验区和国家人工智能创新应用先导区，打造人工智能先锋城市。"
)


# One release of MIIT's statistics told by two outlets in their own words, and another release
# of the same ministry two days later (same template, other figures).
SOFTWARE = (
    "前三季度我国软件业务收入同比增长10.8%",
    "人民网北京10月22日电 工业和信息化部22日发布数据显示，前三季度，我国软件和信息技术服务业"
    "运行稳中向好，软件业务收入94109亿元，同比增长10.8%；实现利润总额11156亿元，同比增长8.9%。"
    "软件业务出口405.6亿美元，同比增长2.7%。",
)
SOFTWARE_REWRITE = (
    "软件业利润总额超1.1万亿元 信息技术服务收入占比近七成",
    "利润总额11156亿元，同比增长8.9%——这是工信部最新公布的前三季度软件业成绩单。\n"
    "从收入看，今年1至9月，全国软件业务收入达到94109亿元，同比增长10.8%，增速较上半年回落"
    "0.7个百分点。其中，信息技术服务收入63892亿元，同比增长11.5%，占全行业收入比重为67.9%。\n"
    "业内专家表示，云计算、大数据服务仍是拉动增长的主力，工业软件收入增速持续高于全行业平均水平。",
)
SOFTWARE_NEXT = (
    "前10个月我国软件业务收入同比增长10.9%",
    "人民网北京11月21日电 工业和信息化部21日发布数据显示，1-10月，我国软件和信息技术服务业"
    "运行稳中向好，软件业务收入105523亿元，同比增长10.9%；实现利润总额12516亿元，同比增长9.5%。"
    "软件业务出口452.8亿美元，同比增长3.1%。",
)
ELECTRONICS = (
    "前三季度规模以上电子信息制造业增加值同比增长12.8%",
    "工业和信息化部24日发布数据显示，前三季度，规模以上电子信息制造业增加值同比增长12.8%，"
    "增速分别比同期工业、高技术制造业高7.0个和3.7个百分点。实现营业收入11.1万亿元，同比增长"
    "8.5%；实现利润总额4483亿元，同比增长17.5%。",
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


def _dated(doc_id: str, story: tuple[str, str], day: date) -> StoryDoc:
    return _doc(doc_id, story[1], story[0], published=day)


def test_cluster_independent_rewrite_joins_by_event_evidence() -> None:
    a = fingerprint(_dated("people", SOFTWARE, date(2024, 10, 22)))
    b = fingerprint(_dated("cnii", SOFTWARE_REWRITE, date(2024, 10, 23)))
    match = compare(a, b)
    assert match is not None
    assert match.rule == "event"
    assert match.jaccard < cluster.JACCARD_MIN  # the shingle rules alone would miss it
    assert match.event >= cluster.EVENT_COSINE_MIN or len(a.event.figures & b.event.figures) >= 2


def test_cluster_same_actor_different_event_stays_apart() -> None:
    docs = [
        _dated("software", SOFTWARE, date(2024, 10, 22)),
        _dated("software-rewrite", SOFTWARE_REWRITE, date(2024, 10, 23)),
        _dated("electronics", ELECTRONICS, date(2024, 10, 24)),
    ]
    assert compare(fingerprint(docs[0]), fingerprint(docs[2])) is None
    assert compare(fingerprint(docs[1]), fingerprint(docs[2])) is None
    assert sorted(c.size for c in cluster_docs(docs)) == [1, 2]


def test_cluster_next_release_of_one_template_stays_apart_without_dates() -> None:
    # no dates to tell them apart: the figures of the leads contradict
    first = fingerprint(_doc("oct", SOFTWARE[1], SOFTWARE[0]))
    following = fingerprint(_doc("nov", SOFTWARE_NEXT[1], SOFTWARE_NEXT[0]))
    rewrite = fingerprint(_doc("cnii", SOFTWARE_REWRITE[1], SOFTWARE_REWRITE[0]))
    assert compare(first, following) is None
    assert compare(rewrite, following) is None


def test_cluster_event_index_finds_rewrite_that_lsh_misses() -> None:
    first = fingerprint(_dated("people", SOFTWARE, date(2024, 10, 22)))
    rewrite = fingerprint(_dated("cnii", SOFTWARE_REWRITE, date(2024, 10, 23)))
    index = StoryIndex()
    index.add("people", minhash_signature(first), first.anchors, first.event.keys, first.day)
    signature = minhash_signature(rewrite)
    assert "people" not in index.candidates(signature, rewrite.anchors)  # LSH and anchors
    assert "people" in index.candidates(signature, rewrite.anchors, rewrite.event.keys, rewrite.day)


def test_cluster_event_index_keeps_to_the_date_window() -> None:
    first = fingerprint(_dated("people", SOFTWARE, date(2024, 10, 22)))
    later = fingerprint(_dated("cnii", SOFTWARE_REWRITE, date(2024, 12, 23)))
    index = StoryIndex()
    index.add("people", minhash_signature(first), first.anchors, first.event.keys, first.day)
    assert "people" not in index.event_candidates(later.event.keys, later.day)


def test_cluster_event_pairs_keep_their_floor() -> None:
    tp = fp = fn = 0
    for line in EVENTS.read_text("utf-8").splitlines():
        pair = json.loads(line)
        docs = [
            _doc(side["id"], side["text"], side["title"], published=date.fromisoformat(d))
            if (d := side.get("published"))
            else _doc(side["id"], side["text"], side["title"])
            for side in (pair["a"], pair["b"])
        ]
        same = compare(fingerprint(docs[0]), fingerprint(docs[1])) is not None
        tp += same and pair["label"]
        fp += same and not pair["label"]
        fn += not same and pair["label"]
    assert 2 * tp / (2 * tp + fp + fn) >= EVENTS_F1_FLOOR


def test_cluster_english_stories_are_shingled_by_words() -> None:
    apple = StoryDoc(
        "a",
        "Apple unveils new chip",
        "Apple announced the M5 chip on Tuesday in Cupertino, California. The company said the "
        "chip will power the new MacBook Pro and iPad models later this year, with faster "
        "graphics and better battery life.",
    )
    repost = StoryDoc(
        "c",
        "Apple's new M5 chip",
        "Apple announced the M5 chip on Tuesday in Cupertino, California. The company said the "
        "chip will power the new MacBook Pro and iPad models later this year. (Reuters)",
    )
    other = StoryDoc(
        "b",
        "Microsoft reports earnings",
        "Microsoft reported quarterly earnings on Wednesday in Redmond, Washington. The company "
        "said revenue from its cloud business rose and that it will invest more in data "
        "centers later this year.",
    )
    assert compare(fingerprint(apple), fingerprint(repost)) is not None
    assert compare(fingerprint(apple), fingerprint(other)) is None
