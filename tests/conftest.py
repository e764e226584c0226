"""Shared fixtures: real workspaces with real SQLite files in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jianbao.cli import cli
from jianbao.settings import Workspace, init_workspace

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (review the diff!).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own workspace or settings."""
    for key in list(os.environ):
        if key.startswith("JIANBAO_"):
            monkeypatch.delenv(key)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return init_workspace(tmp_path / "ws")


class Jianbao:
    """Runs the CLI in-process against one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            cli,
            ["--workspace", str(self.workspace.root), *args],
            input=input,
            catch_exceptions=False,
        )


@pytest.fixture
def jianbao(workspace: Workspace) -> Jianbao:
    return Jianbao(workspace)


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare ``actual`` with the golden file (or rewrite it under --update-golden)."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path} was missing and has been written; review it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; run pytest --update-golden"
