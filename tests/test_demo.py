"""`jianbao demo`: the showcase writes real bulletins from the bundled sample."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from jianbao.cli import cli


def sample_titles() -> list[str]:
    path = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    return [json.loads(line)["title"] for line in path.read_text("utf-8").splitlines() if line]


def test_demo_writes_bulletins_with_real_titles(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html_files = sorted(out.glob("default-*.html"))
    assert len(html_files) == 1
    html = html_files[0].read_text("utf-8")
    titles = [t for t in sample_titles() if t in html]
    assert len(titles) >= 10
    assert re.search(r"[\u4e00-\u9fff]{4,}", html)
    md = html_files[0].with_suffix(".md").read_text("utf-8")
    assert md.count("来源：") >= 10
    assert (out / "monthly-2021-12-01_2021-12-31.html").exists()
    assert "0 failed" in result.output
    assert str(html_files[0]) in result.output  # the paths are printed


def test_demo_refuses_to_wipe_a_foreign_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "out" / "workspace"
    foreign.mkdir(parents=True)
    (foreign / "precious.txt").write_text("keep me")
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "E005" in result.output
    assert (foreign / "precious.txt").exists()


def test_demo_twice_starts_fresh(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "--out", str(tmp_path)], catch_exceptions=False)
    second = runner.invoke(cli, ["demo", "--out", str(tmp_path)], catch_exceptions=False)
    assert first.exit_code == second.exit_code == 0
    added = re.search(r"Ingested: (\d+) added", second.output)
    assert added
    assert int(added.group(1)) >= 100
