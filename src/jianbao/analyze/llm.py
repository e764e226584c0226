"""Optional LLM summaries through an OpenAI-compatible chat API, never trusted blindly.

The model is prompted with the editors' rules and their own 内容 lines (few-shot examples from
seed 002, ``data/story/summary_examples.jsonl``) and must answer ``{"summary": "..."}``. Its
answer passes the same number check as the extractive summary (:func:`check_numbers`); on any
failure the extractive summary is used and a flag says why:

==========================  ============================================================
``llm_timeout``             no answer within ``[llm] timeout_seconds``
``llm_error``               connection refused, HTTP error status, any transport failure
``llm_malformed``           the answer is not the expected JSON (or has no summary)
``llm_number_mismatch``     the summary states a number or date absent from the article
``llm_length``              the summary is far outside the 100-200 character window
``llm_no_config``           enabled but ``base_url`` or ``model`` is empty
==========================  ============================================================

The API key is read from the environment variable named by ``[llm] api_key_env`` (never from
jianbao.toml); local servers that need no key get no Authorization header.
"""

from __future__ import annotations

import json
import logging
import os
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import httpx

from jianbao.analyze.summarize import MAX_CHARS, MIN_CHARS, check_numbers, summarize
from jianbao.models import SummaryResult
from jianbao.settings import LlmSettings
from jianbao.text import normalize_text

log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 4000  # the lead of a long article carries its story; keeps prompts cheap
LLM_MIN_CHARS = MIN_CHARS // 2  # a shorter answer dropped the story
LLM_MAX_CHARS = MAX_CHARS + 20  # a little over is trimmed by no one: editors see the flag
EXAMPLES = 5

SYSTEM_PROMPT = """你是行业信息监测简报的编辑，为每篇文章写一段“内容”摘要。要求：
1. 100-200字，一段话，以日期（如“12月18日，”“近日，”）或行为主体（机构、企业）开头；
2. 写清谁做了什么，保留关键数字；
3. 数字、百分比、日期必须与原文完全一致，不得换算、四舍五入或新增原文没有的数字；
4. 不用引语，不写背景铺垫和评论，不加标题；
5. 只输出JSON：{"summary": "……"}。

编辑写过的“内容”示例：
"""


@lru_cache(maxsize=1)
def examples() -> tuple[tuple[str, str], ...]:
    """(title, 内容) pairs written by the editors (seed 002), for the prompt."""
    data = resources.files("jianbao").joinpath("data", "story", "summary_examples.jsonl")
    pairs = []
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            pairs.append((item["title"], item["summary"]))
    return tuple(pairs[:EXAMPLES])


def messages(title: str, text: str) -> list[dict[str, str]]:
    """The chat messages for one article."""
    shots = "\n".join(f"标题：{t}\n内容：{s}\n" for t, s in examples())
    body = normalize_text(text)[:MAX_INPUT_CHARS]
    return [
        {"role": "system", "content": SYSTEM_PROMPT + shots},
        {"role": "user", "content": f"标题：{title}\n正文：\n{body}"},
    ]


_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


def parse_answer(payload: Any) -> str | None:
    """The summary in an OpenAI chat completion payload, or None when it is malformed."""
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(content, str):
        return None
    try:
        data = json.loads(_FENCE.sub("", content))
    except json.JSONDecodeError:
        return None
    summary = data.get("summary") if isinstance(data, dict) else None
    if not isinstance(summary, str) or not summary.strip():
        return None
    return normalize_text(summary).replace("\n", "")


def _fallback(extractive: SummaryResult, flag: str, numbers: tuple[str, ...] = ()) -> SummaryResult:
    return SummaryResult(
        extractive.summary,
        "extractive",
        (*extractive.flags, flag),
        numbers or extractive.unsupported_numbers,
    )


def llm_summary(
    title: str,
    text: str,
    settings: LlmSettings,
    *,
    extractive: SummaryResult | None = None,
    client: httpx.Client | None = None,
) -> SummaryResult:
    """A 内容 summary from the LLM, or the extractive one with a flag saying why not.

    Never raises for a model or network problem: every failure is a flagged fallback.
    """
    extractive = extractive or summarize(text, title)
    if not settings.base_url or not settings.model:
        return _fallback(extractive, "llm_no_config")
    headers = {"Content-Type": "application/json"}
    key = os.environ.get(settings.api_key_env) if settings.api_key_env else None
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = {
        "model": settings.model,
        "messages": messages(title, text),
        "temperature": 0,
    }
    own = client is None
    http = client or httpx.Client(timeout=httpx.Timeout(settings.timeout_seconds))
    try:
        response = http.post(
            f"{settings.base_url}/chat/completions",
            json=request,
            headers=headers,
            timeout=settings.timeout_seconds,
        )
        response.raise_for_status()
        payload = response.json()
    except httpx.TimeoutException as exc:
        log.warning("LLM summary timed out after %ss: %s", settings.timeout_seconds, exc)
        return _fallback(extractive, "llm_timeout")
    except (httpx.HTTPError, OSError) as exc:
        log.warning("LLM summary failed: %s", exc)
        return _fallback(extractive, "llm_error")
    except ValueError:  # the body is not JSON at all
        return _fallback(extractive, "llm_malformed")
    finally:
        if own:
            http.close()
    summary = parse_answer(payload)
    if summary is None:
        return _fallback(extractive, "llm_malformed")
    unsupported = tuple(check_numbers(summary, text))
    if unsupported:
        log.warning("LLM summary states numbers absent from the article: %s", unsupported)
        return _fallback(extractive, "llm_number_mismatch", unsupported)
    if not LLM_MIN_CHARS <= len(summary) <= LLM_MAX_CHARS:
        return _fallback(extractive, "llm_length")
    return SummaryResult(summary, "llm")


def summary_for(
    title: str, text: str, settings: LlmSettings | None, client: httpx.Client | None = None
) -> SummaryResult:
    """The summary jianbao stores: the LLM's when ``[llm] enabled``, else extractive."""
    extractive = summarize(text, title)
    if settings is None or not settings.enabled:
        return extractive
    return llm_summary(title, text, settings, extractive=extractive, client=client)
