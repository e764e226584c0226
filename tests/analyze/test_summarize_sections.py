"""The v0 extractive summary and keyword section evidence."""

from __future__ import annotations

import re

from jianbao.analyze.regions import main_province
from jianbao.analyze.sections import choose_section
from jianbao.analyze.summarize import lead_summary, sentences
from jianbao.settings import builtin_template

TEXT = (
    "12月18日，深圳市工业和信息化局正式印发《深圳市打造人工智能先锋城市的若干措施》，从丰富生态要素"
    "供给、深化人工智能赋能千行百业、提升源头创新能力、优化产业发展环境等4个方面提出18条具体举措。"
    "以更大的政策力度推动深圳加快建设国家新一代人工智能创新发展试验区。\n"
    "“我们将全力以赴。”有关负责人表示。深圳人工智能产业规模达到3000亿元，同比增长12.5%。"
)


def test_sentences_keep_their_punctuation() -> None:
    parts = sentences(TEXT)
    assert parts[0].endswith("。")
    assert parts[2] == "“我们将全力以赴。”"


def test_lead_summary_is_whole_sentences_within_window() -> None:
    summary = lead_summary(TEXT)
    assert 100 <= len(summary) <= 200
    assert summary.endswith("。")
    assert summary.startswith("12月18日，深圳市工业和信息化局")
    for number in re.findall(r"\d+(?:\.\d+)?%?", summary):
        assert number in TEXT


def test_lead_summary_of_short_text_is_the_text() -> None:
    assert lead_summary("工信部发布通知。") == "工信部发布通知。"


def test_home_province_goes_to_the_province_section() -> None:
    template = builtin_template("default")  # home_region 广东
    choice = choose_section(
        "广州出台全国首个数字政府统一基础运维地方标准", "近日，广州市地方标准发布。", template
    )
    assert choice.section == "省内资讯"
    assert abs(sum(choice.scores.values()) - 1) < 1e-9
    other = choose_section(
        "重庆市七部门联合印发措施", "重庆市经济和信息化委员会印发政策措施。", template
    )
    assert other.section == "政策资讯"


def test_main_province_needs_clear_evidence() -> None:
    assert main_province("广州召开人工智能大会", "") == "广东"
    assert main_province("工信部召开会议", "会议在北京召开，广东、江苏代表发言。") in {None, "北京"}
