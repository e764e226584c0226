"""DOCX: an editable Word/WPS document with cover, TOC field, Heading styles and page numbers.

What makes it a proper Chinese document and not just text in a .docx:

- East Asian fonts are set on the styles (``w:rFonts/@w:eastAsia``: 黑体 headings, 仿宋 or 宋体
  body) with the theme-font attributes removed, since those would win over them;
- section headings 一、二、 use Heading 1, subsections Heading 2 and item titles the next level,
  so the navigation pane, the outline and the TOC all see them;
- the TOC is a real ``TOC \\o "1-3" \\h \\z \\u`` field, pre-filled with the headings and marked
  dirty, and ``w:updateFields`` in settings.xml makes Word and WPS fill the page numbers when
  the file is opened;
- 来源 URLs are real hyperlink relationships; the footer carries a PAGE field, left off the
  cover page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jianbao.bulletin.render._context import (
    FIELD_LABELS,
    date_label,
    item_fields,
    paragraphs,
    sections,
)
from jianbao.errors import RenderError
from jianbao.models import Bulletin, BulletinItem

TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
TOC_BOOKMARK_BASE = 100000000  # Word numbers its _Toc bookmarks from a large random base
ACCENT = RGBColor(0xC0, 0x00, 0x00)  # the red of Chinese bulletin covers (红头)
LINK = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink blue
TEXT_STYLE = "Bulletin Text"  # body paragraphs: first line indented by two characters
TEXT_STYLE_ID = "BulletinText"
HEADING_SIZES = {1: 16.0, 2: 14.0, 3: 13.0}  # 三号, 四号, between 四号 and 小四
# Characters XML 1.0 forbids: python-docx would refuse the whole document for one of them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Children of w:settings that must come after w:updateFields (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    """The ``w:tag`` child of ``parent``, created (first or last) when missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child


def _set_fonts(element: Any, east_asia: str, latin: str) -> None:
    """Set the fonts of a style or docDefaults ``rPr`` owner, theme fonts removed."""
    rpr = (
        element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else _child(element, "w:rPr")
    )
    rfonts = _child(rpr, "w:rFonts", first=True)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _set_lang(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _styles(document: Any, bulletin: Bulletin) -> None:
    style = bulletin.style
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        _set_fonts(rpr_default, style.body_font, style.latin_font)
        _set_lang(_child(rpr_default, "w:rPr"))

    normal = styles["Normal"]
    _set_fonts(normal.element, style.body_font, style.latin_font)
    normal.font.size = Pt(style.body_size)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)

    text = styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    text.style_id = TEXT_STYLE_ID
    text.base_style = normal
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    ind = text.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "200")  # two characters, whatever the font size
    text.paragraph_format.first_line_indent = Pt(style.body_size * 2)

    for level, size in HEADING_SIZES.items():
        heading = styles[f"Heading {level}"]
        _set_fonts(heading.element, style.heading_font, style.latin_font)
        heading.font.size = Pt(size)
        heading.font.bold = level > 1 or None
        heading.font.color.rgb = ACCENT if level == 1 else RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
        # the digest runs on; the monthly and tagged layouts open each section on a page
        heading.paragraph_format.page_break_before = level == 1 and bulletin.layout != "digest"

    for level in (1, 2, 3):  # Word's own "toc N" styles, so updating the TOC keeps our look
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        toc.paragraph_format.tab_stops.add_tab_stop(
            Cm(16.2), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        if level == 1:
            toc.font.bold = True
            _set_fonts(toc.element, style.heading_font, style.latin_font)


def _update_fields_on_open(document: Any) -> None:
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        flag = OxmlElement("w:updateFields")
        flag.set(qn("w:val"), "true")
        anchor = next(
            (c for c in settings if c.tag in {qn(f"w:{n}") for n in _AFTER_UPDATE_FIELDS}), None
        )
        if anchor is not None:
            anchor.addprevious(flag)
        else:
            settings.append(flag)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _field_run(paragraph: Any, kind: str, *, dirty: bool = False) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run._r.append(char)


def _instruction(paragraph: Any, text: str) -> None:
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = text
    run._r.append(instr)


def _cover(document: Any, bulletin: Bulletin) -> None:
    style = bulletin.style
    for _ in range(6):
        document.add_paragraph()

    def line(text: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> Any:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(12)
        run = paragraph.add_run(_clean(text))
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = style.latin_font
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), style.heading_font)
        if color is not None:
            run.font.color.rgb = color
        return paragraph

    line(bulletin.title, 26, bold=True, color=ACCENT)
    numbering = "　".join(x for x in (bulletin.issue_label, bulletin.total_label) if x)
    if numbering:
        line(numbering, 15)
    for _ in range(8):
        document.add_paragraph()
    rule = line("", 4)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "16"),
        ("w:space", "1"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(key), value)
    border.append(bottom)
    rule._p.get_or_add_pPr().append(border)
    if bulletin.organisation:
        line(f"{bulletin.organisation}　编印", 14)
    line(date_label(bulletin), 14)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _bookmark(paragraph: Any, number: int) -> str:
    """Wrap ``paragraph``'s content in the bookmark ``_Toc<number>``; return its name."""
    name = f"_Toc{TOC_BOOKMARK_BASE + number}"
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    ppr = paragraph._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)
    return name


def _toc_entry(paragraph: Any, text: str, bookmark: str) -> None:
    """One TOC line as Word writes it: a link to the heading, a tab, a PAGEREF field.

    LibreOffice computes PAGEREF fields when it lays the document out, so the page numbers
    show there too before anyone updates the TOC.
    """
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")

    def run(*children: Any) -> None:
        r = OxmlElement("w:r")
        for child in children:
            r.append(child)
        link.append(r)

    def element(tag: str, text: str | None = None, **attrs: str) -> Any:
        e = OxmlElement(tag)
        for key, value in attrs.items():
            e.set(qn(key), value)
        if text is not None:
            e.text = text
        return e

    run(element("w:t", _clean(text), **{"xml:space": "preserve"}))
    run(element("w:tab"))
    run(element("w:fldChar", **{"w:fldCharType": "begin"}))
    run(element("w:instrText", f" PAGEREF {bookmark} \\h ", **{"xml:space": "preserve"}))
    run(element("w:fldChar", **{"w:fldCharType": "separate"}))
    run(element("w:t", ""))
    run(element("w:fldChar", **{"w:fldCharType": "end"}))
    paragraph._p.append(link)


@dataclass(slots=True)
class _Toc:
    """The TOC's entries, collected while the headings are written."""

    entries: list[tuple[int, str, str]] = field(default_factory=list)

    def heading(self, document: Any, text: str, level: int) -> Any:
        paragraph = _add(document, text, f"Heading{level}")
        self.entries.append((level, text, _bookmark(paragraph, len(self.entries) + 1)))
        return paragraph


def _toc(document: Any, bulletin: Bulletin, toc: _Toc, anchor: Any) -> None:
    """Write the TOC field before ``anchor`` (the first body heading).

    The field's cached result is what Word itself would write; ``w:dirty`` and
    ``w:updateFields`` make Word and WPS recompute it when the file is opened.
    """
    heading = anchor.insert_paragraph_before()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("目　录")
    run.font.size = Pt(18)
    run.font.bold = True
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), bulletin.style.heading_font)
    paragraph = None
    for n, (level, text, bookmark) in enumerate(toc.entries):
        paragraph = anchor.insert_paragraph_before(style=document.styles[f"toc {level}"])
        if n == 0:
            _field_run(paragraph, "begin", dirty=True)
            _instruction(paragraph, TOC_INSTRUCTION)
            _field_run(paragraph, "separate")
        _toc_entry(paragraph, text, bookmark)
    if paragraph is not None:
        _field_run(paragraph, "end")
    anchor.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)


def _hyperlink(paragraph: Any, url: str) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(LINK))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = _clean(url)
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _add(document: Any, text: str, style_id: str) -> Any:
    """A paragraph in the style ``style_id``.

    Set by id: python-docx resolves a style given by name with a scan of all styles, which
    made a 60-item monthly bulletin take seconds.
    """
    paragraph = document.add_paragraph(_clean(text))
    paragraph._p.style = style_id
    return paragraph


def _labelled(document: Any, label: str, value: str) -> Any:
    paragraph = document.add_paragraph()
    head = paragraph.add_run(f"{label}：")
    head.font.bold = True
    if value:
        paragraph.add_run(_clean(value))
    return paragraph


def _item(
    document: Any, bulletin: Bulletin, item: BulletinItem, n: int, level: int, toc: _Toc
) -> None:
    toc.heading(document, f"{n}. {item.title}", level)
    for name, value in item_fields(bulletin, item):
        if name == "text":
            for para in paragraphs(value):
                _add(document, para, TEXT_STYLE_ID)
        elif name == "source":
            if value.startswith(("http://", "https://")):
                _hyperlink(_labelled(document, FIELD_LABELS["source"], ""), value)
            else:
                _labelled(document, FIELD_LABELS["source"], value)
        elif name == "date":
            document.add_paragraph(value)
        else:
            _labelled(document, FIELD_LABELS[name], value)


def _footer(section: Any, bulletin: Bulletin) -> None:
    section.different_first_page_header_footer = True  # no number on the cover
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def render_docx(bulletin: Bulletin) -> bytes:
    """The bulletin as a .docx file (bytes)."""
    try:
        document = Document()
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.4)
        _styles(document, bulletin)
        _update_fields_on_open(document)
        _footer(section, bulletin)
        props = document.core_properties
        props.title = _clean(f"{bulletin.title} {bulletin.issue_label}".strip())
        props.author = _clean(bulletin.organisation or "jianbao")
        props.subject = _clean(bulletin.total_label or bulletin.issue_label)
        props.comments = "由 jianbao 生成"

        parts = sections(bulletin)
        _cover(document, bulletin)
        toc = _Toc()
        first = None
        for part in parts:
            heading = toc.heading(document, part.heading(bulletin.layout), 1)
            first = first if first is not None else heading
            for group in part.groups:
                if group.name:
                    toc.heading(document, group.heading, 2)
                for i, item in enumerate(group.items, 1):
                    _item(document, bulletin, item, i, 3 if group.name else 2, toc)
        if first is not None:
            first.paragraph_format.page_break_before = False  # the TOC ends with a page break
            _toc(document, bulletin, toc, first)
        buffer = io.BytesIO()
        document.save(buffer)
    except (ValueError, KeyError) as exc:
        raise RenderError(
            f"could not build the Word document: {exc}.",
            code="E607",
            hint="Please report this with the bulletin's template; the other formats work.",
        ) from exc
    return buffer.getvalue()
