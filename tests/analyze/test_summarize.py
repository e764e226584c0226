"""Editor-style 内容 summaries: goldens for sample articles, the number check, the style rules."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from jianbao.analyze.summarize import check_numbers, lead_summary, summarize
from tests.conftest import GOLDEN, check_golden

GOLDEN_IDS = ["000-03", "000-10", "000-25", "000-36", "001-05", "002-15"]


def _sample() -> dict[str, dict[str, str]]:
    data = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]
    return {row["id"]: row for row in rows}


@pytest.mark.parametrize("article_id", GOLDEN_IDS)
def test_summarize_golden(article_id: str, update_golden: bool) -> None:
    row = _sample()[article_id]
    result = summarize(row["text"], row["title"])
    actual = f"{result.summary}\nmethod={result.method} flags={','.join(result.flags)}\n"
    check_golden(GOLDEN / "summaries" / f"{article_id}.txt", actual, update_golden)


def test_summarize_every_sample_summary_keeps_its_numbers() -> None:
    for row in _sample().values():
        result = summarize(row["text"], row["title"])
        assert check_numbers(result.summary, row["text"]) == [], row["id"]
        assert "number_mismatch" not in result.flags


def test_summarize_drops_datelines_quotes_and_background() -> None:
    text = (
        "央广网北京1月24日消息（记者 庞婷）1月24日，全国云计算中心服务与应用创新行业产教融合共同体"
        "成立大会在北京市昌平职业学校举行。“共同体建设要汇聚产教资源，促进资源共享。”昌平区教委主任"
        "苏俊表示。近年来，职业教育快速发展，产教融合不断深化。共同体由北京市昌平职业学校与北京信息"
        "科技大学、联想集团牵头，联合全国67家高等院校、中职学校、企业、科研机构共同成立。"
    )
    result = summarize(text)
    assert result.summary.startswith("1月24日，全国云计算中心")
    assert "记者" not in result.summary
    assert "“" not in result.summary
    assert "近年来" not in result.summary
    assert "67家" in result.summary
    assert 100 <= len(result.summary) <= 200


def test_summarize_news_dateline_becomes_date_and_actor() -> None:
    text = (
        "1月25日消息，英特尔宣布，已实现3D封装技术Foveros的大规模生产。" * 1
        + "其产能将增加四倍。" * 12
    )
    assert summarize(text).summary.startswith("1月25日，英特尔宣布")


def test_summarize_overlong_lead_is_cut_at_a_clause_and_flagged() -> None:
    lead = "12月18日，深圳市工业和信息化局印发措施，" + "，".join(["提出一项具体举措"] * 40) + "。"
    result = summarize(lead)
    assert len(result.summary) <= 200
    assert result.summary.endswith("。")
    assert "clause_trimmed" in result.flags


def test_summarize_short_and_empty_texts() -> None:
    assert summarize("工信部发布通知。").summary == "工信部发布通知。"
    assert lead_summary("工信部发布通知。") == "工信部发布通知。"
    assert summarize("").flags == ("empty_text",)


@pytest.mark.parametrize(
    ("summary", "source", "missing"),
    [
        ("5G基站总数达414.1万个。", "5G基站总数达414.1万个", []),
        ("5G基站总数达414万个。", "5G基站总数达414.1万个", ["414万"]),
        ("市场规模27.93亿元，同比增长11.6%。", "规模达到27.93亿元，同比增长11.6%", []),
        ("市场规模27.93万元。", "规模达到27.93亿元", ["27.93万"]),
        ("增长12%。", "增长11.6%", ["12%"]),
        ("12月18日，深圳印发。", "12月 18日，深圳市印发", []),
        ("12月19日，深圳印发。", "12月18日，深圳市印发", ["12月19日"]),
        ("规模1.35万亿元。", "规模11.35万亿元", ["1.35万亿"]),
        ("提出十八条举措。", "提出18条具体举措", ["十八"]),
        ("2024年营收1,234亿元。", "2024年营收1234亿元", []),
        ("......12月初启动。", "......\n12月初启动", []),
    ],
)
def test_check_numbers(summary: str, source: str, missing: list[str]) -> None:
    assert check_numbers(summary, source) == missing


def test_golden_folder_is_under_tests() -> None:
    assert Path(GOLDEN).name == "golden"


def test_summarize_official_document_gets_the_editors_lead() -> None:
    title = "工业和信息化部办公厅关于印发《算力基础设施高质量发展行动计划》的通知"
    text = (
        "工信厅通信〔2024〕21号\n"
        "各省、自治区、直辖市及新疆生产建设兵团工业和信息化主管部门，各省、自治区、直辖市通信管理局：\n"
        "为加快推动算力基础设施高质量发展，现将《算力基础设施高质量发展行动计划》印发给你们，"
        "请结合实际认真贯彻落实。\n"
        "一、总体要求\n"
        "到2025年，计算力方面，算力规模超过300 EFLOPS，智能算力占比达到35%。\n"
        "（二）完善算力综合供给体系。各地要统筹推进算力基础设施建设，优化算力布局，"
        "推动东西部算力协同发展。\n"
        "工业和信息化部办公厅\n"
        "2024年3月8日\n"
    )
    result = summarize(text, title)
    assert result.summary.startswith(
        "3月8日，工业和信息化部办公厅印发《算力基础设施高质量发展行动计划》"
    ), result.summary
    for furniture in ("各省、自治区", "〔2024〕", "一、总体要求", "（二）", "2024年3月8日"):
        assert furniture not in result.summary
    assert "300" in result.summary or "35%" in result.summary  # the key figures stay
    assert check_numbers(result.summary, text) == []


def test_summarize_addressee_line_never_opens_a_summary() -> None:
    text = (
        "各有关单位：\n"
        "为推动数据要素市场化配置改革，市数据局决定开展2024年数据要素应用场景征集工作，"
        "征集范围包括工业制造、现代农业、商贸流通等12个领域，申报截止时间为2024年6月30日。"
    )
    result = summarize(text, "市数据局开展数据要素应用场景征集")
    assert not result.summary.startswith("各有关单位")
    assert "12个领域" in result.summary
