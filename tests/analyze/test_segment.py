"""Tests of jianbao.analyze.segment: one jieba tokenizer with the ICT industry dictionary."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

import pytest

from jianbao.analyze import segment as seg


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("河南完成全球首个5G-A智能基站规模试商用部署", "5g-a"),
        ("加快推进工业互联网发展", "工业互联网"),
        ("各地积极布局低空经济和具身智能", "低空经济"),
        ("各地积极布局低空经济和具身智能", "具身智能"),
        ("培育数据要素市场", "数据要素市场"),
        ("江苏省通信管理局召开会议", "通信管理局"),
        ("推动千兆光网建设", "千兆光网"),
    ],
)
def test_segment_keeps_industry_words_whole(text: str, word: str) -> None:
    assert word in seg.segment(text)


def test_segment_drops_punctuation_and_spaces_and_lowercases_ascii() -> None:
    words = seg.segment("华为发布 HarmonyOS NEXT，“信创”产业！  OpenAI。")
    assert "harmonyos" in words
    assert "openai" in words
    assert "信创" in words
    assert all(w.strip() == w and w for w in words)
    assert not any(ch in "".join(words) for ch in "，“”！。 ")
    assert all(w == w.lower() for w in words)


def test_segment_for_index_adds_sub_words() -> None:
    words = seg.segment_for_index("工业互联网")
    assert {"工业", "互联网", "工业互联网"} <= set(words)
    assert seg.segment("工业互联网") == ["工业互联网"]


def test_segment_empty_text_is_empty() -> None:
    assert seg.segment("") == []
    assert seg.segment_for_index("") == []
    assert seg.segment("，。！？ ") == []


def test_industry_dictionary_has_hundreds_of_words() -> None:
    words = [w for w, _, _ in seg.industry_words()]
    assert len(words) >= 300
    assert {"5G-A", "工业互联网", "人工智能", "大模型", "算力", "信创", "工信部"} <= set(words)
    assert not any(w.startswith("#") or " " in w for w in words)


def test_dictionary_lines_parse_like_jieba() -> None:
    lines = ["# a comment", "", "云计算 300 n", "算力", "  大模型 12  "]
    assert list(seg._parse_dictionary(lines)) == [
        ("云计算", 300, "n"),
        ("算力", None, None),
        ("大模型", 12, None),
    ]


def test_tokenizer_is_built_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seg, "_tokenizer", None)
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(seg.tokenizer())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    assert all(r is results[0] for r in results)


def test_importing_segment_does_not_start_jieba() -> None:
    code = "import sys, jianbao.analyze.segment; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
