"""The optional LLM summary against a real OpenAI-compatible HTTP server on 127.0.0.1.

The server answers according to the model name it is sent: a good summary, a slow answer past
the timeout, malformed JSON, a summary with a wrong number, an HTTP 500. In every failure the
extractive summary comes back with a flag saying why.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from jianbao.analyze.llm import llm_summary, messages, summary_for
from jianbao.analyze.summarize import summarize
from jianbao.settings import LlmSettings

ARTICLE = (
    "IDC最新发布《中国云系统软件市场跟踪报告2024H1》显示，2024年上半年中国云系统软件市场规模达到"
    "27.93亿元人民币，同比增长11.6%。在这一增长趋势中，云轴科技ZStack位列独立私有云厂商第一。\n"
    "目前ZStack已落地超过400朵信创云，携手300家活跃合作伙伴助力超过3600家企业用户数字化转型，覆盖"
    "党政、金融、石油等重点行业。业内人士认为，私有云市场仍有较大增长空间。"
)
GOOD = (
    "IDC最新发布《中国云系统软件市场跟踪报告2024H1》显示，2024年上半年中国云系统软件市场规模达到"
    "27.93亿元人民币，同比增长11.6%，云轴科技ZStack位列独立私有云厂商第一。ZStack已落地超过400朵"
    "信创云，携手300家活跃合作伙伴助力超过3600家企业用户数字化转型。"
)
WRONG = GOOD.replace("27.93亿元", "28亿元")


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _reply(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length))
        _Handler.seen.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": request}
        )
        mode = request["model"]

        def chat(content: str) -> bytes:
            payload = {
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]
            }
            return json.dumps(payload, ensure_ascii=False).encode("utf-8")

        if mode == "good":
            self._reply(200, chat(json.dumps({"summary": GOOD}, ensure_ascii=False)))
        elif mode == "fenced":
            self._reply(200, chat("```json\n" + json.dumps({"summary": GOOD}) + "\n```"))
        elif mode == "slow":
            time.sleep(1.5)
            self._reply(200, chat(json.dumps({"summary": GOOD}, ensure_ascii=False)))
        elif mode == "malformed":
            self._reply(200, chat('{"summary": "IDC发布报告'))
        elif mode == "not-json":
            self._reply(200, b"<html>gateway</html>")
        elif mode == "no-choices":
            self._reply(200, b'{"object": "error"}')
        elif mode == "wrong-number":
            self._reply(200, chat(json.dumps({"summary": WRONG}, ensure_ascii=False)))
        elif mode == "too-short":
            self._reply(200, chat(json.dumps({"summary": "IDC发布报告。"}, ensure_ascii=False)))
        else:
            self._reply(500, b'{"error": "boom"}')


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def _settings(base_url: str, model: str, timeout: float = 5.0) -> LlmSettings:
    return LlmSettings(
        enabled=True,
        base_url=base_url,
        model=model,
        api_key_env="JIANBAO_TEST_LLM_KEY",
        timeout_seconds=timeout,
    )


def test_llm_correct_answer_is_used(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIANBAO_TEST_LLM_KEY", "sk-test")
    _Handler.seen.clear()
    result = llm_summary("云系统软件市场", ARTICLE, _settings(server, "good"))
    assert result.method == "llm"
    assert result.summary == GOOD
    assert result.flags == ()
    request = _Handler.seen[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert "编辑写过的“内容”示例" in request["body"]["messages"][0]["content"]
    assert "深圳市工业和信息化局" in request["body"]["messages"][0]["content"]  # few-shot from 002


def test_llm_answer_in_a_code_fence_is_accepted(server: str) -> None:
    assert llm_summary("t", ARTICLE, _settings(server, "fenced")).method == "llm"


@pytest.mark.parametrize(
    ("model", "flag"),
    [
        ("malformed", "llm_malformed"),
        ("not-json", "llm_malformed"),
        ("no-choices", "llm_malformed"),
        ("wrong-number", "llm_number_mismatch"),
        ("too-short", "llm_length"),
        ("error", "llm_error"),
    ],
)
def test_llm_failures_fall_back_to_extractive_with_a_flag(
    server: str, model: str, flag: str
) -> None:
    extractive = summarize(ARTICLE, "云系统软件市场")
    result = llm_summary("云系统软件市场", ARTICLE, _settings(server, model))
    assert result.method == "extractive"
    assert result.summary == extractive.summary
    assert flag in result.flags
    if flag == "llm_number_mismatch":
        assert result.unsupported_numbers == ("28亿",)


def test_llm_slow_answer_times_out(server: str) -> None:
    started = time.monotonic()
    result = llm_summary("t", ARTICLE, _settings(server, "slow", timeout=0.3))
    assert time.monotonic() - started < 1.4
    assert result.method == "extractive"
    assert "llm_timeout" in result.flags


def test_llm_unreachable_server_falls_back() -> None:
    result = llm_summary("t", ARTICLE, _settings("http://127.0.0.1:9", "good", timeout=2))
    assert result.method == "extractive"
    assert "llm_error" in result.flags


def test_llm_disabled_or_unconfigured() -> None:
    assert summary_for("t", ARTICLE, None).method == "extractive"
    assert summary_for("t", ARTICLE, LlmSettings(enabled=False)).flags == ()
    unconfigured = summary_for("t", ARTICLE, LlmSettings(enabled=True))
    assert "llm_no_config" in unconfigured.flags


def test_llm_prompt_keeps_a_long_article_bounded() -> None:
    prompt = messages("t", "很长的文章。" * 5000)
    assert len(prompt[1]["content"]) < 4100


def test_llm_settings_are_documented() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text("utf-8")
    assert "## `[llm]`" in text
    for name in LlmSettings.model_fields:
        assert f"| `{name}` |" in text, name
