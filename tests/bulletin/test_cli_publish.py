"""`jianbao build`, `bulletins`, `publish`: drafts, freezing, numbering, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jianbao.settings import Workspace
from jianbao.store import Store
from tests.bulletin.samples import PERIODS, fill
from tests.conftest import Jianbao

TEMPLATE, START, END = PERIODS["digest"]
FAST = ("--format", "md,html")  # the formats themselves are tested in test_formats.py


@pytest.fixture
def filled(workspace: Workspace) -> Workspace:
    with Store.open(workspace.database_url) as store:
        fill(store, "digest")
    return workspace


def build(jianbao: Jianbao, out: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    result = jianbao("build", "--template", TEMPLATE, "--from", START, "--to", END,
                     "--out", str(out), "--json", *FAST, *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_build_publish_and_the_next_issue(
    filled: Workspace, jianbao: Jianbao, tmp_path: Path
) -> None:
    first = build(jianbao, tmp_path, "--issue", "11")
    assert first["issue_label"] == "2024年第11期"
    assert first["total_label"] == "总第1期"
    again = build(jianbao, tmp_path, "--issue", "11")
    assert again["id"] == first["id"]
    assert again["replaced"]

    result = jianbao("publish", str(first["id"]), "--by", "张编辑")
    assert result.exit_code == 0, result.output
    assert "张编辑" in result.output

    frozen = jianbao("build", "--template", TEMPLATE, "--from", START, "--to", END,
                     "--issue", "11", "--out", str(tmp_path), *FAST)  # fmt: skip
    assert frozen.exit_code == 1
    assert "E605" in frozen.output
    assert "Traceback" not in frozen.output
    twice = jianbao("publish", str(first["id"]))
    assert twice.exit_code == 1
    assert "E605" in twice.output

    # the next issue of the same period: everything was published already
    empty = jianbao("build", "--template", TEMPLATE, "--from", START, "--to", END,
                    "--out", str(tmp_path), *FAST)  # fmt: skip
    assert empty.exit_code == 1
    assert "E602" in empty.output
    assert "already in a published issue" in empty.output

    # a new article later on is selected, in issue 12 (last published + 1), 总第2期
    with Store.open(filled.database_url) as store:
        from tests.bulletin.test_select import article

        store.upsert_article(article("工信部印发《算力基础设施高质量发展行动计划》解读", 31))
    later = jianbao("build", "--template", TEMPLATE, "--from", "2024-12-20", "--to",
                    "2025-01-05", "--out", str(tmp_path), "--json", *FAST)  # fmt: skip
    assert later.exit_code == 0, later.output
    report = json.loads(later.output)
    assert report["items"] == 1
    assert report["total_label"] == "总第2期"

    listing = jianbao("bulletins", "--json")
    rows = [json.loads(line) for line in listing.output.splitlines()]
    by_id = {row["id"]: row for row in rows}
    assert by_id[first["id"]]["status"] == "published"
    assert by_id[first["id"]]["approved_by"] == "张编辑"
    assert by_id[first["id"]]["published_at"]
    assert by_id[report["id"]]["status"] == "draft"
    table = jianbao("bulletins")
    assert "published" in table.output
    assert "2024年第11期" in table.output


def test_publish_defaults_to_the_os_user(
    filled: Workspace, jianbao: Jianbao, tmp_path: Path
) -> None:
    import getpass

    first = build(jianbao, tmp_path)
    assert jianbao("publish", str(first["id"])).exit_code == 0
    with Store.open(filled.database_url) as store:
        row = store.bulletin(first["id"])
    assert row is not None
    assert row["approved_by"] == getpass.getuser()


def test_missing_template_is_a_coded_error(filled: Workspace, jianbao: Jianbao) -> None:
    result = jianbao("build", "--template", "nosuch", "--from", START, "--to", END)
    assert result.exit_code == 1
    assert "E603" in result.output
    assert "Known templates" in result.output


def test_empty_period_is_a_coded_error(filled: Workspace, jianbao: Jianbao, tmp_path: Path) -> None:
    result = jianbao("build", "--from", "2030-01-01", "--to", "2030-01-31", "--out",
                     str(tmp_path), *FAST)  # fmt: skip
    assert result.exit_code == 1
    assert "E602" in result.output
    assert "2030-01-01" in result.output


def test_unwritable_output_folder_is_a_coded_error(
    filled: Workspace, jianbao: Jianbao, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = jianbao("build", "--from", START, "--to", END, "--out", str(blocker / "out"))
    assert result.exit_code == 1
    assert "E601" in result.output
    with Store.open(filled.database_url) as store:
        assert store.bulletins() == []  # nothing saved when nothing could be written


def test_unknown_format_and_unknown_bulletin(filled: Workspace, jianbao: Jianbao) -> None:
    bad = jianbao("build", "--from", START, "--to", END, "--format", "docx,odt")
    assert bad.exit_code == 1
    assert "E604" in bad.output
    missing = jianbao("publish", "99")
    assert missing.exit_code == 1
    assert "E606" in missing.output
