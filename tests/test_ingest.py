"""`jianbao ingest` on real files, in-process and as the installed command."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from jianbao.settings import Workspace
from jianbao.store import Store
from tests.conftest import Jianbao

GBK_PAGE = """<html><head><title>我省加快推进5G基站建设_工作动态_广东省通信管理局</title></head>
<body><div class="nav">首页 | 工作动态 | 政策文件</div>
<h1>我省加快推进5G基站建设</h1>
<div>发布时间：2024-12-16 10:30　来源：广东省通信管理局</div>
<div id="content"><p>近日，广东省通信管理局召开全省信息通信业工作会议，\
部署加快推进5G基站建设和千兆光网覆盖。\
会议指出，截至11月底，全省累计建成5G基站32.5万个，数量居全国首位，珠三角地区实现连续覆盖。</p>
<p>会议要求，各基础电信企业要加大投资力度，推动5G网络向乡镇和行政村延伸，深化“5G+工业互联网”融合应用，\
为制造强省建设提供坚实的网络支撑。</p></div>
<div>【字体：大 中 小】 打印本页 关闭窗口</div></body></html>"""


def write_gbk_page(path: Path) -> Path:
    path.write_bytes(GBK_PAGE.encode("gbk"))  # no charset declared anywhere
    return path


def write_docx(path: Path, title: str, body: str) -> Path:
    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph(body)
    document.save(str(path))
    return path


def test_gbk_page_without_charset_is_stored_and_found(jianbao: Jianbao, tmp_path: Path) -> None:
    page = write_gbk_page(tmp_path / "gbk.html")
    result = jianbao("ingest", str(page))
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    found = jianbao("search", "千兆光网", "--json")
    assert found.exit_code == 0, found.output
    hits = [json.loads(line) for line in found.output.splitlines()]
    assert len(hits) == 1
    assert hits[0]["title"] == "我省加快推进5G基站建设"
    assert hits[0]["published"].startswith("2024-12-16")
    assert set(hits[0]) >= {"id", "title", "url", "published", "snippet"}
    assert "千兆光网" in hits[0]["snippet"]


def test_reingest_is_unchanged_not_duplicated(
    jianbao: Jianbao, workspace: Workspace, tmp_path: Path
) -> None:
    page = write_gbk_page(tmp_path / "gbk.html")
    assert jianbao("ingest", str(page)).exit_code == 0
    again = jianbao("ingest", str(page))
    assert again.exit_code == 0
    assert "0 added" in again.output
    assert "skipped:unchanged: 1" in again.output
    with Store.open(workspace.database_url) as store:
        assert store.count_articles() == 1


def test_bad_file_gets_a_coded_line_and_the_others_go_in(
    jianbao: Jianbao, workspace: Workspace, tmp_path: Path
) -> None:
    good = write_gbk_page(tmp_path / "good.html")
    whole = write_docx(
        tmp_path / "whole.docx",
        "工信部发布通知",
        "关于开展2024年工业互联网试点示范项目申报工作的通知。" * 5,
    )
    data = whole.read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(data[: len(data) // 2])
    other = tmp_path / "other.txt"
    other.write_text(
        "中国信通院发布人工智能发展报告\n\n报告指出，国产深度学习框架正快速崛起。" * 3, "utf-8"
    )
    result = jianbao("ingest", str(good), str(broken), str(other))
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith("E203")]
    assert len(error_lines) == 1
    assert "broken.docx" in error_lines[0]
    assert "2 added" in result.output
    assert "1 failed" in result.output
    with Store.open(workspace.database_url) as store:
        titles = {a.title for a in store.articles()}
    assert titles == {"我省加快推进5G基站建设", "中国信通院发布人工智能发展报告"}


def test_folder_is_walked_and_skips_are_counted(jianbao: Jianbao, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    write_gbk_page(folder / "sub" / "a.html")
    (folder / "notes.xyz").write_text("?")
    (folder / ".hidden.html").write_text("<html></html>")
    (folder / "empty.txt").write_bytes(b"")
    result = jianbao("ingest", "--json", str(folder))
    events = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    by_name = {Path(e["path"]).name: e for e in events}
    assert by_name["a.html"]["status"] == "added"
    assert by_name["notes.xyz"]["reason"] == "unsupported_type"
    assert by_name[".hidden.html"]["reason"] == "hidden"
    assert by_name["empty.txt"]["status"] == "failed"
    assert by_name["empty.txt"]["reason"] == "E201"
    assert result.exit_code == 1


def test_missing_and_unsupported_explicit_files(jianbao: Jianbao, tmp_path: Path) -> None:
    (tmp_path / "x.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = jianbao("ingest", "--json", str(tmp_path / "nope.html"), str(tmp_path / "x.xls"))
    reasons = [json.loads(line)["reason"] for line in result.output.splitlines()]
    assert reasons == ["E101", "E102"]
    assert result.exit_code == 1


def test_no_workspace_is_a_coded_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jianbao.cli import cli

    result = CliRunner().invoke(cli, ["--workspace", str(tmp_path / "none"), "search", "5G"])
    assert result.exit_code == 2
    assert "E004" in result.output
    assert "Traceback" not in result.output


def _installed_jianbao() -> str:
    candidate = Path(sys.executable).parent / "jianbao"
    found = str(candidate) if candidate.exists() else shutil.which("jianbao")
    if not found:
        pytest.fail("the jianbao console script is not installed next to this Python")
    return found


def test_installed_command_and_python_m(workspace: Workspace, tmp_path: Path) -> None:
    page = write_gbk_page(tmp_path / "gbk.html")
    env = {**os.environ, "JIANBAO_HOME": str(workspace.root)}
    run = subprocess.run(
        [_installed_jianbao(), "ingest", str(page)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "jianbao", "search", "基站", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[0])["title"] == "我省加快推进5G基站建设"


def test_sigkill_during_ingest_keeps_everything_reported(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    body = GBK_PAGE
    for n in range(600):
        page = body.replace("我省加快推进5G基站建设", f"第{n}号通知：我省加快推进5G基站建设")
        (folder / f"{n:04d}.html").write_bytes(page.encode("gbk"))
    env = {**os.environ, "JIANBAO_HOME": str(workspace.root)}
    proc = subprocess.Popen(
        [_installed_jianbao(), "ingest", "--json", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    reported: list[str] = []
    deadline = time.monotonic() + 120
    while len(reported) < 40 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        event = json.loads(line)
        if event["status"] == "added":
            reported.append(event["article_id"])
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert len(reported) >= 40, "ingest ended before it could be killed"
    db = workspace.data_dir / "jianbao.db"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in con.execute("SELECT id FROM articles")}
    con.close()
    assert set(reported) <= stored
    assert len(stored) < 600  # it really was killed mid-run
    with Store.open(workspace.database_url) as store:  # and jianbao can open it again
        assert store.count_articles() == len(stored)
