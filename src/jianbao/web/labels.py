"""The desk speaks Chinese: labels for the codes that analysis, selection and sources use.

Each table maps a code to what the editor reads; :func:`register` makes them Jinja filters
(``{{ reason|dropped }}``, ``{{ flag|flag }}``, ``{{ s.authority|authority }}``,
``{{ s.kind|kind }}``). An unknown code is shown as it is.
"""

from __future__ import annotations

from jinja2 import Environment

# Why a candidate is not in the issue (bulletin.build.DROP_REASONS), as the desk says it.
DROPPED_LABELS = {
    "published_before": "往期已刊",
    "same_story": "同一报道已有更优来源",
    "irrelevant": "相关度不足",
    "over_quota": "子栏目已满",
    "not_placed": "栏目已满或正文过短",
}

# What a summary's flags (analyze.summarize, analyze.llm) tell the editor.
SUMMARY_FLAG_LABELS = {
    "short": "不足100字",
    "short_source": "原文较短",
    "clause_trimmed": "首句过长，已在分句处截断",
    "number_mismatch": "有数字与原文不符",
    "empty_text": "原文为空",
    "llm_no_config": "未配置大模型，用抽取式摘要",
    "llm_timeout": "大模型超时，改用抽取式摘要",
    "llm_error": "大模型出错，改用抽取式摘要",
    "llm_malformed": "大模型回答格式有误，改用抽取式摘要",
    "llm_number_mismatch": "大模型摘要数字与原文不符，改用抽取式摘要",
    "llm_length": "大模型摘要长度不合要求，改用抽取式摘要",
}

AUTHORITY_LABELS = {
    "government": "政府部门",
    "official_media": "官方媒体",
    "industry_media": "行业媒体",
    "company": "企业",
    "other": "其他",
}
SOURCE_KIND_LABELS = {"feed": "订阅源", "listing": "列表页", "sitemap": "站点地图", "page": "单页"}


def register(env: Environment) -> None:
    """Install the label filters in a Jinja environment."""
    tables = {
        "dropped": DROPPED_LABELS,
        "flag": SUMMARY_FLAG_LABELS,
        "authority": AUTHORITY_LABELS,
        "kind": SOURCE_KIND_LABELS,
    }
    for name, table in tables.items():
        env.filters[name] = lambda code, table=table: table.get(code, code)
