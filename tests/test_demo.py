"""`jianbao demo`: the showcase collects, ingests, searches and writes real bulletins."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jianbao.cli import cli


def sample_titles() -> list[str]:
    path = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    return [json.loads(line)["title"] for line in path.read_text("utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def demo_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result, Result]:
    """The demo run twice into the same folder (the second must start afresh)."""
    out = tmp_path_factory.mktemp("demo") / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "--out", str(out)], catch_exceptions=False)
    second = runner.invoke(cli, ["demo", "--out", str(out)], catch_exceptions=False)
    return out, first, second


def test_demo_writes_bulletins_with_real_titles(demo_twice: tuple[Path, Result, Result]) -> None:
    out, result, _ = demo_twice
    assert result.exit_code == 0, result.output
    html_files = sorted(out.glob("default-*.html"))
    assert len(html_files) == 1
    html = html_files[0].read_text("utf-8")
    titles = [t for t in sample_titles() if t in html]
    assert len(titles) >= 10
    md = html_files[0].with_suffix(".md").read_text("utf-8")
    assert md.count("来源：") >= 10
    assert (out / "monthly-2021-12-01_2021-12-31.html").exists()
    assert "0 failed" in result.output  # the inbox went in whole
    assert "fixture-gone" in result.output  # the deliberately broken source is reported
    assert str(html_files[0]) in result.output  # the paths are printed


def test_demo_twice_starts_fresh(demo_twice: tuple[Path, Result, Result]) -> None:
    _, first, second = demo_twice
    assert first.exit_code == second.exit_code == 0
    for run in (first, second):
        stored = re.search(r"stored (\d+) articles", run.output)
        assert stored
        assert int(stored.group(1)) >= 100  # a fresh workspace: everything collected again


def test_demo_refuses_to_wipe_a_foreign_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "out" / "workspace"
    foreign.mkdir(parents=True)
    (foreign / "precious.txt").write_text("keep me")
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "E005" in result.output
    assert (foreign / "precious.txt").exists()
