"""Render a report as a Word document (.docx) with python-docx, set for Thai official documents.

A4 pages (the measures tables in landscape sections), TH Sarabun New at 16 pt with tables
at 14 pt, a cover without a number, the front matter numbered ก ข and the body ๑ ๒ … from
section 1 (page numbers in Thai digits in Word), a table of contents as a TOC field, Thai
distributed justification for running text, headings and table group rows kept with what
follows, bordered tables whose header rows repeat and whose rows never split, and drafted
cells shaded until the final copy.

The text is plain: nothing invisible is put inside words.  Every run is marked as Thai
(``w:lang w:bidi="th-TH"``), so Word and LibreOffice break lines with their own Thai
dictionaries, and Find, spell check and copying work as on any typed text.  Word draws
Thai with the *complex-script* font and size (``w:rFonts w:cs``, ``w:szCs``), which
python-docx's ``font.name`` and ``font.size`` leave alone, so they are set here on the
document defaults, the styles and every run.  python-docx is imported only when a
document is written (extra ``docx``).
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any, BinaryIO

from ...errors import missing_extra
from .model import Block, Cell, Contents, Heading, Image, Paragraph, Report, Section, Signatures, Table, layout

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

__all__ = ["DRAFT_FILL", "FONT", "FONT_SIZE", "TABLE_SIZE", "build_docx", "render_docx", "xml_text"]

FONT = "TH Sarabun New"
"""The font of Thai official documents (cabinet decision, 2010)."""
FONT_SIZE = 16
TABLE_SIZE = 14
"""Tables and notes: the least a printed Thai document may use."""
DRAFT_FILL = "FFF2CC"
"""The shading of drafted text (pale yellow), dropped in the final copy."""
_TITLE_SIZE = 20
_HEADING_SIZES = {"Heading 1": 18, "Heading 2": 16, "Heading 3": 16}
_PORTRAIT = (21.0, 29.7, {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0})
_LANDSCAPE = (29.7, 21.0, {"top": 2.0, "bottom": 1.5, "left": 1.5, "right": 1.5, "header": 0.8})
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_TITLE_LIMIT = 255
"""Word refuses a document title (core property) longer than this."""
LINE_SPACING: dict[float, float] = {FONT_SIZE: 24.0, TABLE_SIZE: 19.5}
"""Exact line spacing (points) by type size: room for stacked Thai vowel and tone marks, and the same lines in Word
and LibreOffice whatever the substitute font's own line gap (Laksaman's would make LibreOffice's lines 2 em)."""


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise missing_extra("writing a .docx report", "python-docx", "docx", "write .pdf, .html or .md") from None
    return docx


def _set_fonts(rpr: Any, *, size: float | None = None, bold: bool | None = None) -> None:
    """Put TH Sarabun New in every font slot of a run-properties element, the size in both size slots, and mark
    the text as Thai (so the word processor breaks lines with its Thai dictionary)."""
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
        sz.set(qn("w:val"), str(round(size * 2)))
        for old in rpr.findall(qn("w:szCs")):
            rpr.remove(old)
        sz_cs = OxmlElement("w:szCs")
        sz_cs.set(qn("w:val"), str(round(size * 2)))
        sz.addnext(sz_cs)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")  # Latin letters (ITA, IIT) as English words; Thai is complex script:
    lang.set(qn("w:bidi"), "th-TH")  # its language, which picks Word's and LibreOffice's Thai line breaking
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
    normal.paragraph_format.line_spacing = 1.0  # headings and the cover; text paragraphs set exact spacing
    for name, size in _HEADING_SIZES.items():
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), size=size, bold=True)
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 8)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.keep_together = True


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
    section.header_distance = Cm(margins.get("header", 1.25))
    section.footer_distance = Cm(margins.get("header", 1.25))


def _text_width_cm(spec: tuple[float, float, dict[str, float]]) -> float:
    width, _, margins = spec
    return width - margins["left"] - margins["right"]


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text a Word document can hold: control characters replaced by U+FFFD, as the Excel writer does."""
    return _NOT_IN_XML.sub("\ufffd", text)


def _add_run(paragraph: Any, text: str, *, bold: bool = False, size: float | None = None) -> None:
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
        sz_cs.set(qn("w:val"), str(round(size * 2)))
        rpr.sz.addnext(sz_cs)


def _stamp_fonts(doc: Document) -> None:
    """Name the font and the Thai language in every run too, so Thai text keeps them when copied elsewhere."""
    from docx.oxml.ns import qn

    for r in doc.element.body.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        rfonts = rpr.get_or_add_rFonts()
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
        for attr in _FONT_ATTRS:
            rfonts.set(qn(attr), FONT)


def _align(paragraph: Any, align: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]


def _thai_distribute(paragraph: Any) -> None:
    """Thai distributed justification (``w:jc w:val="thaiDistribute"``), as Thai official documents set body text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    for old in ppr.findall(qn("w:jc")):
        ppr.remove(old)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "thaiDistribute")
    ppr.append(jc)


def _shade_paragraph(paragraph: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shd)


def _exact(paragraph: Any, size: float) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(LINE_SPACING.get(size, size * 1.4))


def _fill_cell(target: Any, cell: Cell, *, bold: bool, size: float, keep: bool) -> None:
    lines = cell.text.split("\n")
    paragraph = target.paragraphs[0]
    for k, line in enumerate(lines):
        if k:
            paragraph = target.add_paragraph()
        _align(paragraph, cell.align)
        _exact(paragraph, size)
        paragraph.paragraph_format.first_line_indent = None
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        _add_run(paragraph, line, bold=bold or cell.bold, size=size)


def _shade(target: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    target._tc.get_or_add_tcPr().append(shd)


def _row_flag(row: Any, tag: str) -> None:
    """Set a row property: ``w:tblHeader`` (repeat on each page) or ``w:cantSplit`` (keep the row on one page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _table(doc: Document, table: Table, width_cm: float, *, final: bool) -> None:
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
    cells = [row.cells for row in out.rows]  # once: python-docx finds a cell by walking the whole table
    for row_cells in cells:
        for c, cell in enumerate(row_cells):
            cell.width = widths[c]
    size = FONT_SIZE if table.size == "body" else TABLE_SIZE
    _cell_margins(out, left=70, right=70)
    leading = True
    last = len(grid) - 1
    for r, slots in enumerate(grid):
        kind = table.rows[r].kind
        _row_flag(out.rows[r], "w:cantSplit")
        if kind == "header" and leading:
            _row_flag(out.rows[r], "w:tblHeader")
        else:
            leading = False
        keep = kind in ("group", "header") or (table.keep and r < last)
        for slot in slots:
            if slot is None:
                continue
            cell, row, col = slot
            target = cells[row][col]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(cells[row + cell.rowspan - 1][col + cell.colspan - 1])
            _fill_cell(target, cell, bold=kind in ("header", "group"), size=size, keep=keep)
            if kind in ("group", "header"):
                _shade(target, "F2F2F2")
            elif cell.draft and not final:
                _shade(target, DRAFT_FILL)
    _spacer(doc)


def _cell_margins(table: Any, **twips: int) -> None:
    """Cell padding (in twips) for a table: enough to read, narrow enough for long Thai words."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in twips.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)


def _no_borders(table: Any) -> None:
    """Take the style's borders off a table (the signature block is laid out in one, but shows none)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _spacer(doc: Document) -> None:
    """A small empty paragraph after a table (two tables in a row would otherwise merge), too low to make a page."""
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = None
    run = paragraph.add_run("")
    run.font.size = Pt(6)
    paragraph.paragraph_format.line_spacing = Pt(6)


def _field(paragraph: Any, instruction: str, cached: str = "") -> None:
    """A Word field (PAGE, TOC …) in a paragraph: begin, instruction, separate, cached result, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # Word recomputes it on opening
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    if cached:
        paragraph.add_run(cached)
    char("end")


def _numbering(section: Any, fmt: str, *, start: int | None) -> None:
    """A section's page numbers: ``thaiLetters`` (ก ข) for the front matter, ``thaiNumbers`` or ``decimal`` after."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:fmt"), fmt)
    if start is not None:
        numbering.set(qn("w:start"), str(start))
    sect_pr.append(numbering)


def _header(section: Any, *, numbered: bool, digits: str) -> None:
    """A header of its own for a section: the page number centred at the top, or nothing (the cover)."""
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    if numbered:
        _align(paragraph, "center")
        _field(paragraph, "PAGE", "๑" if digits == "thai" else "1")


def _contents(doc: Document, report: Report, block: Contents) -> None:
    """A TOC field over the level-1 headings under หัวข้อ | หน้า; its cached text lists the sections until Word
    updates it (it asks to when the document opens)."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    width = _text_width_cm(_PORTRAIT)
    head = doc.add_paragraph()
    head.paragraph_format.first_line_indent = None
    head.paragraph_format.tab_stops.add_tab_stop(Cm(width), WD_TAB_ALIGNMENT.RIGHT)
    _add_run(head, f"{block.topic}\t{block.page}", bold=True)
    titles = [s.title for s in report.sections if s.contents and s.title]
    first = doc.add_paragraph()
    first.paragraph_format.first_line_indent = None
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    first.add_run()._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    first.add_run()._r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    first.add_run()._r.append(separate)
    paragraph = first
    for n, title in enumerate(titles):
        if n:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.first_line_indent = None
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        _add_run(paragraph, title)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _signatures(doc: Document, block: Signatures, width_cm: float) -> None:
    """Signers side by side in a borderless table: the signing line, the name, the position and the date."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Pt(18)
    spacer.paragraph_format.keep_with_next = True
    out = doc.add_table(rows=1, cols=len(block.signers))
    out.style = doc.styles["Table Grid"]
    _no_borders(out)
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    for c, signer in enumerate(block.signers):
        target = out.cell(0, c)
        target.width = Cm(width_cm / len(block.signers))
        lines = [x for x in (signer.sign, signer.name, signer.position, signer.date) if x]
        for k, line in enumerate(lines):
            paragraph = target.paragraphs[0] if k == 0 else target.add_paragraph()
            paragraph.paragraph_format.first_line_indent = None
            paragraph.paragraph_format.space_before = Pt(0)
            _align(paragraph, "center")
            _exact(paragraph, TABLE_SIZE)
            _add_run(paragraph, line, size=TABLE_SIZE)
    for row in out.rows:
        _row_flag(row, "w:cantSplit")


def _cover(doc: Document, report: Report) -> None:
    from docx.shared import Pt

    for k, line in enumerate(report.title):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = None
        _align(paragraph, "center")
        if k == 0 and report.cover:
            paragraph.paragraph_format.space_before = Pt(170)
        if report.cover and k == report.cover_split:  # the agency, set apart from the title
            paragraph.paragraph_format.space_before = Pt(60)
        _add_run(paragraph, line, bold=True, size=_TITLE_SIZE if report.cover else FONT_SIZE + 2)
    if not report.cover:
        doc.add_paragraph()


def _paragraph(doc: Document, block: Paragraph, final: bool) -> None:
    from docx.shared import Cm, Pt

    if block.style == "draft" and final:
        return
    paragraph = doc.add_paragraph()
    if block.style in ("center", "right"):
        _align(paragraph, "center")
        if block.style == "right":  # a sign-off block: centred lines in the right half, as Thai letters sign
            paragraph.paragraph_format.left_indent = Cm(8)
        paragraph.paragraph_format.space_before = Pt(6)
    elif block.style == "body":
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
        paragraph.paragraph_format.space_after = Pt(4)
        _thai_distribute(paragraph)
    else:
        paragraph.paragraph_format.space_after = Pt(4)
    if block.style == "draft":
        _shade_paragraph(paragraph, DRAFT_FILL)
    size = TABLE_SIZE if block.style in ("note", "draft") else None
    _exact(paragraph, size or FONT_SIZE)
    for n, line in enumerate(block.text.split("\n")):
        if n:
            paragraph.add_run().add_break()
        _add_run(paragraph, line, size=size)


def _blocks(doc: Document, blocks: tuple[Block, ...], report: Report, current: Any) -> None:
    from docx.shared import Cm

    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(xml_text(block.text), level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            _paragraph(doc, block, report.final)
        elif isinstance(block, Table):
            _table(doc, block, _text_width_cm(current), final=report.final)
        elif isinstance(block, Image):
            doc.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, _text_width_cm(current))))
            _align(doc.paragraphs[-1], "center")
            doc.paragraphs[-1].paragraph_format.keep_with_next = True
        elif isinstance(block, Contents):
            _contents(doc, report, block)
        elif isinstance(block, Signatures):
            _signatures(doc, block, _text_width_cm(current))


def _section(doc: Document, section: Section, report: Report, current: Any, new_page: bool) -> None:
    if section.title:
        heading = doc.add_heading(xml_text(section.title), level=1)
        heading.paragraph_format.page_break_before = new_page
        if section.front:
            _align(heading, "center")
    elif new_page:
        doc.add_page_break()
    _blocks(doc, section.blocks, report, current)


def build_docx(report: Report) -> Document:
    """The report as a python-docx Document, ready to save."""
    docx = _docx()
    from docx.enum.section import WD_SECTION

    doc: Document = docx.Document()
    _set_up_styles(doc)
    props = doc.core_properties
    props.title = xml_text(report.document_name)[:_TITLE_LIMIT]
    props.author = ""
    props.language = "th-TH"
    _page(doc.sections[0], _PORTRAIT)
    current = _PORTRAIT
    body_digits = "thaiNumbers" if report.digits == "thai" else "decimal"
    front_digits = "thaiLetters" if report.digits == "thai" else "lowerRoman"
    if report.cover:
        _cover(doc, report)
        _header(doc.sections[0], numbered=False, digits=report.digits)
    else:
        _cover(doc, report)
        _header(doc.sections[0], numbered=True, digits=report.digits)
        _numbering(doc.sections[0], body_digits, start=1)
    style: tuple[bool, bool] | None = None  # (front, landscape) of the current Word section
    started_body = not report.cover
    for number, section in enumerate(report.sections):
        wanted_style = (section.front, section.landscape)
        if report.cover and (style is None or wanted_style != style):
            spec = _LANDSCAPE if section.landscape else _PORTRAIT
            word_section = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(word_section, spec)
            current = spec
            _header(word_section, numbered=True, digits=report.digits)
            if section.front:
                _numbering(word_section, front_digits, start=1 if style is None else None)
            else:
                _numbering(word_section, body_digits, start=None if started_body else 1)
                started_body = True
            style = wanted_style
            new_page = False
        elif not report.cover and section.landscape != (current is _LANDSCAPE):
            spec = _LANDSCAPE if section.landscape else _PORTRAIT
            word_section = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(word_section, spec)
            current = spec
            new_page = False
        else:
            new_page = section.new_page and (number > 0 or not report.cover)
        _section(doc, section, report, current, new_page)
    _stamp_fonts(doc)
    return doc


def render_docx(report: Report, fh: BinaryIO) -> None:
    """Write the report as .docx to an open binary file."""
    build_docx(report).save(fh)
