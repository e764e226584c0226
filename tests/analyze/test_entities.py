"""Entities and figures on real sentences of the seed bulletins (../shared/seeds/002, 000)."""

from __future__ import annotations

from jianbao.analyze.entities import extract_entities, extract_figures
from jianbao.models import Entity, Figure

# Real sentences from seed 002 (digest) and 000 (tagged), as the bulletins print them.
FIVE_G = (
    "近日，“2024年中国5G发展大会”在上海举行。会上，工信部负责人张云明表示，截至2024年10月底，"
    "我国5G基站总数达414.1万个，每万人拥有5G基站数达29个，提前完成“十四五”发展目标。"
)
CLOUD = (
    "IDC最新发布《中国云系统软件市场跟踪报告2024H1》显示，2024年上半年中国云系统软件市场规模达到"
    "27.93亿元人民币，同比增长11.6%。在这一增长趋势中，云轴科技ZStack位列独立私有云厂商第一。"
)
SHENZHEN = (
    "12月18日，深圳市工业和信息化局正式印发《深圳市打造人工智能先锋城市的若干措施》，从丰富生态要素"
    "供给、深化人工智能赋能千行百业、提升源头创新能力、优化产业发展环境等4个方面提出18条具体举措。"
)
INVEST = (
    "IT桔子数据显示，截至12月17日，年内AI领域共发生644起投融资事件，超过2023年全年(633起)；"
    "涉及金额821.29亿元，而2023年为636.76亿元。"
)
TELECOM = (
    "数据显示，数据中心、云计算、大数据、物联网等新兴业务快速发展，2023年共完成业务收入3564亿元，"
    "比上年增长19.1%，在电信业务收入中占比由上年的19.4%提升至21.2%。"
)


def _figure(figures: tuple[Figure, ...], value: str) -> Figure:
    return next(f for f in figures if f.value == value)


def test_figures_subject_value_unit() -> None:
    figures = extract_figures(FIVE_G)
    base = _figure(figures, "414.1")
    assert (base.subject, base.unit, base.change) == ("5G基站总数", "万个", None)
    per_capita = _figure(figures, "29")
    assert per_capita.subject == "每万人拥有5G基站数"
    assert per_capita.unit == "个"
    assert not any(f.value in ("2024", "10") for f in figures), "dates are not figures"


def test_figures_change_is_attached_not_a_separate_figure() -> None:
    figures = extract_figures(CLOUD)
    market = _figure(figures, "27.93")
    assert market.subject == "中国云系统软件市场规模"
    assert market.unit.startswith("亿元")
    assert market.change == "同比增长11.6%"
    assert market.change_value == 11.6
    assert not any(f.value == "11.6" for f in figures)


def test_figures_change_against_last_year_and_decrease() -> None:
    figures = extract_figures(TELECOM)
    revenue = _figure(figures, "3564")
    assert (revenue.unit, revenue.change, revenue.change_value) == ("亿元", "比上年增长19.1%", 19.1)
    falling = extract_figures("出货量为1.2亿部，同比下降3.5%。")
    assert falling[0].change_value == -3.5


def test_figures_counts_name_what_they_count() -> None:
    figures = extract_figures(SHENZHEN)
    assert _figure(figures, "18").subject == "具体举措"
    invest = extract_figures(INVEST)
    assert _figure(invest, "644").subject == "投融资事件"
    assert _figure(invest, "821.29").subject == "涉及金额"
    assert _figure(invest, "636.76").subject == "涉及金额"  # carried over from the clause before


def test_entities_organisations_by_list_and_suffix() -> None:
    entities = extract_entities(
        "", SHENZHEN + "达琦华声电子（深圳）有限公司宣布停产。全部企业参会。"
    )
    orgs = {e.name: e.subtype for e in entities if e.kind == "org"}
    assert orgs["深圳市工业和信息化局"] == "government"
    assert orgs["达琦华声电子（深圳）有限公司"] == "company"
    assert "全部" not in "".join(orgs), "全部 is not a ministry"
    assert {e.name for e in extract_entities("", FIVE_G) if e.kind == "org"} == {"工业和信息化部"}


def test_entities_policy_document_issuer_and_number() -> None:
    text = (
        "近日，工信部无线电管理局印发《国家无线电办公室关于进一步明确车联网直连通信无线电发射设备有关"
        "技术要求的通知》（工信部无〔2024〕12号），优化频谱资源配置。"
    )
    (doc,) = [e for e in extract_entities("", text) if e.kind == "document"]
    assert doc.subtype == "policy"
    assert doc.issuer == "国家无线电办公室"
    assert doc.doc_number == "工信部无〔2024〕12号"
    (measures,) = [e for e in extract_entities("", SHENZHEN) if e.kind == "document"]
    assert measures.issuer == "深圳市工业和信息化局"
    (report,) = [e for e in extract_entities("", CLOUD) if e.kind == "document"]
    assert (report.subtype, report.issuer) == ("report", "IDC")


def test_entities_back_reference_is_not_a_second_document() -> None:
    text = (
        "重庆市经济和信息化委员会等七部门联合印发《重庆市支持具身智能机器人产业创新发展若干政策"
        "措施》（以下简称《措施》）。《措施》提出12项政策举措。"
    )
    docs = [e for e in extract_entities("", text) if e.kind == "document"]
    assert [d.name for d in docs] == ["重庆市支持具身智能机器人产业创新发展若干政策措施"]


def test_entities_places_from_the_gazetteer() -> None:
    places = [
        e
        for e in extract_entities("广州出台地方标准", "广州市地方标准发布，美国、北京也有报道。")
        if e.kind == "place"
    ]
    assert places[0] == Entity("place", "广州", "city", 2)
    assert {p.name for p in places} >= {"美国", "北京"}


def test_entities_and_figures_on_empty_and_english_text() -> None:
    assert extract_entities("", "") == ()
    assert extract_figures("") == ()
    figures = extract_figures("Revenue grew to 3.5亿元 while Intel shipped 5G chips.")
    assert [f.value for f in figures] == ["3.5"]
