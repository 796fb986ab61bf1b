"""Render a report as a Word document (.docx) with python-docx, set for Thai official documents.

A4 pages (the measures table on a landscape page), TH Sarabun New 16 pt, bordered
tables whose header rows repeat on every page.  Word draws Thai with the
*complex-script* font and size (``w:rFonts w:cs``, ``w:szCs``), which python-docx's
``font.name`` and ``font.size`` leave alone, so they are set here on the document
defaults, the Normal style and the heading styles; runs inherit them.
python-docx is imported only when a document is written (extra ``docx``).
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any, BinaryIO

from ...errors import missing_extra
from .model import Cell, Heading, Image, Paragraph, Report, Table, layout

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

__all__ = ["FONT", "FONT_SIZE", "build_docx", "render_docx", "xml_text"]

FONT = "TH Sarabun New"
"""The font of Thai official documents (cabinet decision, 2010)."""
FONT_SIZE = 16
_NOTE_SIZE = 14
_SMALL_TABLE_SIZE = 14
_TITLE_SIZE = 18
_HEADING_SIZES = {"Heading 1": 18, "Heading 2": 16, "Heading 3": 16}
_PORTRAIT = (21.0, 29.7, {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0})
_LANDSCAPE = (29.7, 21.0, {"top": 2.0, "bottom": 2.0, "left": 2.0, "right": 2.0})
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise missing_extra("writing a .docx report", "python-docx", "docx", "write .html or .md") from None
    return docx


def _set_fonts(rpr: Any, *, size: int | None = None, bold: bool | None = None) -> None:
    """Put TH Sarabun New in every font slot of a run-properties element, and the size in both size slots."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        rfonts.set(qn(attr), FONT)
    if bold is not None:
        for tag in ("b", "bCs"):
            getattr(rpr, f"_remove_{tag}")()
            element = getattr(rpr, f"_add_{tag}")()
            if not bold:
                element.set(qn("w:val"), "0")
    if size is not None:
        rpr._remove_sz()
        sz = rpr._add_sz()
        sz.set(qn("w:val"), str(size * 2))
        for old in rpr.findall(qn("w:szCs")):
            rpr.remove(old)
        sz_cs = OxmlElement("w:szCs")
        sz_cs.set(qn("w:val"), str(size * 2))
        sz.addnext(sz_cs)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:eastAsia"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_up_styles(doc: Document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr, size=FONT_SIZE)
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), size=FONT_SIZE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size in _HEADING_SIZES.items():
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), size=size, bold=True)
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True


def _page(section: Any, spec: tuple[float, float, dict[str, float]]) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    width, height, margins = spec
    section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
    section.page_width = Cm(width)
    section.page_height = Cm(height)
    section.top_margin = Cm(margins["top"])
    section.bottom_margin = Cm(margins["bottom"])
    section.left_margin = Cm(margins["left"])
    section.right_margin = Cm(margins["right"])


def _text_width_cm(spec: tuple[float, float, dict[str, float]]) -> float:
    width, _, margins = spec
    return width - margins["left"] - margins["right"]


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text a Word document can hold: control characters replaced by U+FFFD, as the Excel writer does."""
    return _NOT_IN_XML.sub("\ufffd", text)


def _add_runs(paragraph: Any, text: str, *, bold: bool = False, size: int | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(xml_text(text))
    if bold:
        run.bold = True
        run._r.get_or_add_rPr().get_or_add_bCs()
    if size is not None:
        run.font.size = Pt(size)
        rpr = run._r.get_or_add_rPr()
        sz_cs = OxmlElement("w:szCs")
        sz_cs.set(qn("w:val"), str(size * 2))
        rpr.sz.addnext(sz_cs)


def _stamp_fonts(doc: Document) -> None:
    """Name the font in every run's four slots too, so Thai text keeps it when copied into another document."""
    from docx.oxml.ns import qn

    for r in doc.element.body.iter(qn("w:r")):
        rfonts = r.get_or_add_rPr().get_or_add_rFonts()
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
        for attr in _FONT_ATTRS:
            rfonts.set(qn(attr), FONT)


def _align(paragraph: Any, align: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]


def _fill_cell(target: Any, cell: Cell, *, bold: bool, size: int | None) -> None:
    lines = cell.text.split("\n")
    paragraph = target.paragraphs[0]
    for k, line in enumerate(lines):
        if k:
            paragraph = target.add_paragraph()
        _align(paragraph, cell.align)
        _add_runs(paragraph, line, bold=bold or cell.bold, size=size)


def _shade(target: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    target._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _table(doc: Document, table: Table, width_cm: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    grid = layout(table)
    out = doc.add_table(rows=len(table.rows), cols=table.columns)
    out.style = doc.styles["Table Grid"]
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    total = sum(table.widths) or 1
    widths = [Cm(width_cm * w / total) for w in table.widths]
    for c, width in enumerate(widths):
        out.columns[c].width = width
        for cell in out.columns[c].cells:
            cell.width = width
    leading = True
    for r, slots in enumerate(grid):
        kind = table.rows[r].kind
        if kind == "header" and leading:
            _repeat_header(out.rows[r])
        else:
            leading = False
        for slot in slots:
            if slot is None:
                continue
            cell, row, col = slot
            target = out.cell(row, col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(out.cell(row + cell.rowspan - 1, col + cell.colspan - 1))
            _fill_cell(target, cell, bold=kind in ("header", "group"),
                       size=_SMALL_TABLE_SIZE if table.small else None)
            if kind == "group":
                _shade(target, "F2F2F2")
    doc.add_paragraph()


def build_docx(report: Report) -> Document:
    """The report as a python-docx Document, ready to save."""
    docx = _docx()
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm

    doc: Document = docx.Document()
    _set_up_styles(doc)
    props = doc.core_properties
    props.title = xml_text(" ".join(report.title))
    props.author = "itakit"
    props.language = "th-TH"
    _page(doc.sections[0], _PORTRAIT)
    current = _PORTRAIT
    for _k, line in enumerate(report.title):
        paragraph = doc.add_paragraph()
        _align(paragraph, "center")
        _add_runs(paragraph, line, bold=True, size=_TITLE_SIZE)
    doc.add_paragraph()
    for number, section in enumerate(report.sections):
        wanted = _LANDSCAPE if section.landscape else _PORTRAIT
        new_page = False
        if wanted is not current:
            _page(doc.add_section(WD_SECTION.NEW_PAGE), wanted)
            current = wanted
        elif number:
            new_page = True  # each section starts a page, as agencies' reports do
        if section.title:
            heading = doc.add_heading(xml_text(section.title), level=1)
            heading.paragraph_format.page_break_before = new_page
        elif new_page:
            doc.add_page_break()
        for block in section.blocks:
            if isinstance(block, Heading):
                doc.add_heading(xml_text(block.text), level=min(block.level, 3))
            elif isinstance(block, Paragraph):
                paragraph = doc.add_paragraph()
                if block.style == "center":
                    _align(paragraph, "center")
                for n, line in enumerate(block.text.split("\n")):
                    if n:
                        paragraph.add_run().add_break()
                    _add_runs(paragraph, line, size=_NOTE_SIZE if block.style == "note" else None)
            elif isinstance(block, Table):
                _table(doc, block, _text_width_cm(current))
            elif isinstance(block, Image):
                doc.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, _text_width_cm(current))))
                _align(doc.paragraphs[-1], "center")
    _stamp_fonts(doc)
    return doc


def render_docx(report: Report, fh: BinaryIO) -> None:
    """Write the report as .docx to an open binary file."""
    build_docx(report).save(fh)
