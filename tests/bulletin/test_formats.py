"""Acceptance: each layout built from a workspace of sample articles, every format read back.

DOCX through python-docx (TOC field, headings, items, fonts, links, page field), PDF through
poppler's pdftotext / pdffonts and pypdf (titles in order, TOC page numbers equal to the pages
the items start on, embedded CJK fonts, bookmarks, links), HTML and Markdown against golden
files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from jianbao.bulletin.render._context import chinese_numeral
from jianbao.cli import cli
from jianbao.settings import init_workspace
from jianbao.store import Store
from tests.bulletin.samples import PERIODS, fill
from tests.conftest import GOLDEN, check_golden

LAYOUTS = sorted(PERIODS)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is installed by scripts/setup.sh"
)


@dataclass(frozen=True)
class Built:
    layout: str
    files: dict[str, Path]
    sections: list[str]  # headings as printed: 【政策资讯】 or 一、产业环境
    items: list[tuple[str, str | None, str]]  # (section, subsection, title) in reading order
    urls: list[str]


@pytest.fixture(scope="module", params=LAYOUTS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    layout = request.param
    template, start, end = PERIODS[layout]
    root = tmp_path_factory.mktemp(layout)
    workspace = init_workspace(root / "ws")
    with Store.open(workspace.database_url) as store:
        fill(store, layout)
    result = CliRunner().invoke(
        cli,
        ["--workspace", str(workspace.root), "build", "--template", template, "--from", start,
         "--to", end, "--issue", "12", "--out", str(root / "out"), "--json"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    with Store.open(workspace.database_url) as store, store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT i.section, i.subsection, i.title, a.url FROM bulletin_items i "
            "JOIN articles a ON a.pk = i.article_pk WHERE i.bulletin_pk = ? ORDER BY i.position",
            (report["id"],),
        ).fetchall()
    sections: list[str] = []
    for row in rows:
        name = f"【{row[0]}】" if layout == "digest" else row[0]
        if name not in sections:
            sections.append(name)
    if layout != "digest":
        sections = [f"{chinese_numeral(n)}、{s}" for n, s in enumerate(sections, 1)]
    return Built(
        layout=layout,
        files={k: Path(v) for k, v in report["files"].items()},
        sections=sections,
        items=[(r[0], r[1], r[2]) for r in rows],
        urls=[r[3] for r in rows],
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- DOCX -----------------------------------------------------------------------------------


def test_docx_has_toc_field_headings_items_and_page_numbers(built: Built) -> None:
    document = Document(str(built.files["docx"]))
    body = document.element.body
    instructions = [e.text or "" for e in body.iter(qn("w:instrText"))]
    assert any('TOC \\o "1-3" \\h \\z \\u' in i for i in instructions)
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"

    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    level1 = [text for style, text in paragraphs if style == "Heading 1"]
    assert level1 == built.sections
    titles = [
        re.sub(r"^\d+\. ", "", t)
        for s, t in paragraphs
        if s in ("Heading 2", "Heading 3") and re.match(r"^\d+\. ", t)
    ]
    assert titles == [title for _, _, title in built.items]
    if built.layout == "tagged":
        subs = [t for s, t in paragraphs if s == "Heading 2" and not re.match(r"^\d", t)]
        assert subs
        assert all(re.match(r"^（[一二三四五六七八九十]+）", t) for t in subs)
        assert any(t.startswith("标签：") for _, t in paragraphs)

    footer = document.sections[0].footer._element
    assert any("PAGE" in (f.get(qn("w:instr")) or "") for f in footer.iter(qn("w:fldSimple")))
    assert document.sections[0].different_first_page_header_footer  # no number on the cover


def test_docx_east_asian_fonts_are_set_on_the_styles(built: Built) -> None:
    styles = Document(str(built.files["docx"])).styles

    def east_asia(name: str) -> str | None:
        fonts = styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override it
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Heading 2") == "黑体"
    assert east_asia("Normal") == "仿宋"


def test_docx_cover_and_sources(built: Built) -> None:
    document = Document(str(built.files["docx"]))
    cover = [p.text for p in document.paragraphs[:20] if p.text]
    assert cover[0] == document.core_properties.title.split(" ")[0]
    assert any("第12期" in line for line in cover)
    assert any("总第1期" in line for line in cover)
    assert any("编印" in line for line in cover)
    links = {
        rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")
    }
    if built.layout == "digest":  # 来源：URL as a real hyperlink
        assert set(built.urls) <= links
    else:
        assert not links


# -- PDF ------------------------------------------------------------------------------------


def _pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _toc_entries(text: str) -> list[tuple[str, int]]:
    """(entry text, page) from TOC pages; a long entry wraps, its last line has the number."""
    entries: list[tuple[str, int]] = []
    pending = ""
    for line in text.splitlines():
        match = re.match(r"^(.*?)\s*[.·…]{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((_squash(pending + match.group(1)), int(match.group(2))))
            pending = ""
        elif line.strip() and "目" not in line:
            pending += line
    return entries


@needs_poppler
def test_pdf_titles_in_order_and_toc_pages_match(built: Built) -> None:
    pdf = built.files["pdf"]
    count = len(PdfReader(str(pdf)).pages)
    raw = {n: _pdftotext(pdf, n) for n in range(1, count + 1)}
    pages = {n: _squash(text) for n, text in raw.items()}
    toc_pages = [n for n, text in raw.items() if re.search(r"\.{8,}\s*\d+\s*$", text, re.M)]
    assert toc_pages[0] == 2
    entries = _toc_entries("\n".join(raw[n] for n in toc_pages))
    body_start = max(toc_pages) + 1

    everything = _squash(_pdftotext(pdf))
    cursor, page, entry = 0, body_start, 0
    for _, _, title in built.items:
        wanted = _squash(title)
        found = everything.find(wanted, cursor)
        assert found >= 0, f"{title} missing or out of order in the PDF text"
        cursor = found + len(wanted)
        # the TOC's page number for this title ...
        while entry < len(entries) and wanted not in entries[entry][0]:
            entry += 1
        assert entry < len(entries), f"{title} missing from the TOC (or out of order)"
        listed = entries[entry][1]
        # ... is the page on which the item starts
        while page <= count and wanted not in pages[page]:
            page += 1
        assert page <= count, f"{title} not found on any body page"
        assert listed == page, title


@needs_poppler
def test_pdf_fonts_are_embedded_and_cjk(built: Built) -> None:
    report = subprocess.run(
        ["pdffonts", str(built.files["pdf"])], check=True, capture_output=True, text=True
    ).stdout
    rows = [line.split() for line in report.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        emb = row[-5]  # columns: name type... encoding emb sub uni object ID
        assert emb == "yes", row
    assert any(re.search(r"CJK|WenQuanYi|Song|Ming|Hei|Kai", row[0]) for row in rows)


def test_pdf_bookmarks_links_and_page_numbers(built: Built) -> None:
    reader = PdfReader(str(built.files["pdf"]))

    def titles(outline: list) -> list[str]:  # type: ignore[type-arg]
        found: list[str] = []
        for entry in outline:
            if isinstance(entry, list):
                found += titles(entry)
            else:
                found.append(str(entry.title))
        return found

    marks = [_squash(t) for t in titles(reader.outline)]
    for section in built.sections:
        assert _squash(section) in marks
    for _, _, title in built.items:
        assert any(_squash(title) in m for m in marks), title
    toc_links = [
        a.get_object()
        for a in reader.pages[1].get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert len(toc_links) >= min(len(built.items), 10)
    assert all("/Dest" in a or "/A" in a for a in toc_links)
    last = reader.pages[-1].extract_text()
    assert f"— {len(reader.pages)} —" in last  # the page number in the footer
    assert "—" not in reader.pages[0].extract_text()  # none on the cover


# -- HTML and Markdown ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_html_and_markdown_match_golden(built: Built, fmt: str, update_golden: bool) -> None:
    text = built.files[fmt].read_text("utf-8")
    check_golden(GOLDEN / "bulletin" / f"{built.layout}-build.{fmt}", text, update_golden)
    for _, _, title in built.items:
        assert title.replace("<", "&lt;") in text or title in text


def test_markdown_is_the_digest_form_for_every_layout(built: Built) -> None:
    md = built.files["md"].read_text("utf-8")
    assert md.count("内容：") == len(built.items)
    assert md.count("来源：") == len(built.items)
    if built.layout == "tagged":
        assert "### （一）" in md
        assert "标签：" in md


def test_html_is_self_contained_with_linked_toc(built: Built) -> None:
    html = built.files["html"].read_text("utf-8")
    assert '<meta name="viewport"' in html
    assert "@media print" in html
    assert not re.search(r"<(link|script)\b|src=", html)  # nothing fetched from elsewhere
    for n in range(1, len(built.items) + 1):
        assert f'href="#i{n}"' in html
        assert f'id="i{n}"' in html
