"""`jianbao extract`: JSON lines per file, error objects, folders, --url, readable summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from jianbao.cli import cli
from tests.extract.helpers import FILES

KEYS = {"path", "url", "title", "date", "text", "author", "source", "attachments", "extracted_by"}


def run(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, ["extract", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines, result.output


def test_cli_extract_json_line_per_file() -> None:
    code, lines, _ = run("--json", str(FILES / "gbk_declared_utf8.html"))
    assert code == 0
    assert len(lines) == 1
    row = lines[0]
    assert set(row) == KEYS
    assert row["title"] == "国常会推动人工智能赋能新型工业化"
    assert row["date"] == "2024-12-19T10:30:00"
    assert row["source"] == "新浪科技"
    assert row["author"] == "李明"
    assert "以智能制造为主攻方向" in str(row["text"])
    assert row["extracted_by"] in {"trafilatura", "readability", "density"}


def test_cli_extract_url_resolves_attachments_and_dates(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    html = (FILES / "article_mentions_login.html").read_text("utf-8")
    page.write_text(
        html.replace("发布时间：2024-04-02 15:20", "").replace(
            "</p>\n</div>", '<a href="files/通报.pdf">附件：通报全文</a></p>\n</div>', 1
        ),
        "utf-8",
    )
    url = "https://www.cnii.com.cn/hydt/202404/t20240402_567.html"
    code, lines, _ = run("--json", "--url", url, str(page))
    assert code == 0
    assert lines[0]["url"] == url
    assert lines[0]["date"] == "2024-04-02T00:00:00"  # from the URL: the page has no date now
    assert lines[0]["attachments"] == [
        {"url": "https://www.cnii.com.cn/hydt/202404/files/通报.pdf", "title": "附件：通报全文"}
    ]


def test_cli_extract_folder_goes_on_after_failures(tmp_path: Path) -> None:
    for name in ("utf8_bom.html", "list_page.html", "empty.html", "notice.docx"):
        shutil.copy(FILES / name, tmp_path / name)
    (tmp_path / "notes.json").write_text("{}", "utf-8")  # not an extractable type: skipped
    code, lines, _ = run("--json", str(tmp_path), str(tmp_path / "missing.html"))
    assert code == 1
    by_name = {Path(str(row["path"])).name: row for row in lines}
    assert set(by_name) == {
        "utf8_bom.html",
        "list_page.html",
        "empty.html",
        "notice.docx",
        "missing.html",
    }
    assert by_name["list_page.html"]["error"] == {
        "code": "E206",
        "message": by_name["list_page.html"]["error"]["message"],  # type: ignore[index]
        "reason": "list_page",
    }
    assert by_name["empty.html"]["error"]["code"] == "E201"  # type: ignore[index]
    assert by_name["missing.html"]["error"]["code"] == "E101"  # type: ignore[index]
    assert by_name["notice.docx"]["extracted_by"] == "python-docx"
    assert by_name["utf8_bom.html"]["date"] == "2024-12-16T10:30:00"


def test_cli_extract_url_needs_one_file() -> None:
    result = CliRunner().invoke(
        cli, ["extract", "--url", "https://x.cn/a.html", str(FILES), "--json"]
    )
    assert result.exit_code == 2
    assert "--url needs exactly one file" in result.output


def test_cli_extract_readable_summary() -> None:
    code, _, output = run(str(FILES / "utf8_bom.html"), str(FILES / "error_404.html"))
    assert code == 1
    assert "title     工业和信息化部关于推进5G轻量化（RedCap）技术" in output
    assert "date      2024-12-16 10:30" in output
    assert "E206" in output
    assert "error_page" in output
    assert "1 extracted, 1 failed" in output
