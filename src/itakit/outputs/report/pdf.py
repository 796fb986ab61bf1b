"""Render a report as the PDF an agency publishes, typeset by Typst (extra ``pdf``).

The report goes to Typst as data — a JSON document next to the layout template
``typst/report.typ`` in a private temporary folder — never as markup, so nothing an
officer typed can change the layout.  Typst was chosen by measuring (docs/performance.md,
README's dependency list): it installs from PyPI as one wheel with no system libraries,
sets a report in a fraction of a second, numbers the contents list from the pages the
sections really start on, keeps table rows whole and repeats header rows, and the text
copied out of its PDFs is the Thai that was written (sara am and tone marks intact).

Lines break only between Thai words: each line reaches the template as tokens from
:func:`.thaiwords.words`, and a Thai word is set in an unbreakable box.  The font is
TH Sarabun New where installed, else its metric twin Laksaman (Debian's
``fonts-tlwg-laksaman-ttf``); without either the PDF is refused, saying what to install.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from ...errors import ItakitError, UsageError, missing_extra
from .model import Cell, Contents, Heading, Image, Paragraph, Report, Section, Signatures, Table, layout
from .thaiwords import WIDE, is_thai, letters, words

__all__ = ["FONT_DIR_ENV", "SIZES", "THAI_FONTS", "document_data", "pdf_fonts", "render_pdf"]

THAI_FONTS = ("TH Sarabun New", "TH SarabunPSK", "Laksaman")
"""The fonts of Thai official documents, in the order they are preferred (Laksaman is TH Sarabun New's twin)."""
FONT_DIR_ENV = "ITAKIT_FONT_DIR"
"""An extra folder to look for fonts in (for a TH Sarabun New that is not installed system-wide)."""
SIZES = {"body": 16, "table": 14, "note": 14}
"""Type sizes in points: body text, tables (the least a printed Thai table may use), notes."""
TEXT_WIDTH_CM = {"portrait": 16.0, "landscape": 27.1}
"""The width of the text on a portrait and a landscape A4 page (the template's margins)."""
_local = threading.local()


def _typst() -> Any:
    try:
        import typst
    except ImportError:
        raise missing_extra("writing a PDF", "Typst (the typst package)", "pdf", "write .docx or .html") from None
    return typst


def _font_paths() -> list[str]:
    extra = os.environ.get(FONT_DIR_ENV)
    return [extra] if extra and Path(extra).is_dir() else []


@cache
def pdf_fonts() -> tuple[str, ...]:
    """The Thai fonts the PDF will use, the preferred first; UsageError naming what to install when there is none."""
    typst = _typst()
    families = {name.casefold(): name for name in typst.Fonts(font_paths=_font_paths()).families()}
    found = tuple(families[f.casefold()] for f in THAI_FONTS if f.casefold() in families)
    if not found:
        raise UsageError(
            "writing a PDF needs a Thai font: TH Sarabun New (the font of Thai official documents), or its twin "
            "Laksaman — on Debian or Ubuntu: apt-get install fonts-tlwg-laksaman-ttf; or put TH Sarabun New's "
            f"files in a folder named by {FONT_DIR_ENV}")
    return found


def _compiler() -> Any:
    """One Typst compiler per thread (fonts found once per thread; the web server renders in several threads)."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _typst().Compiler(font_paths=_font_paths())
        _local.compiler = compiler
    return compiler


_LETTERS_PER_CM = {"body": 3.0, "table": 3.4}
"""Thai letters (marks aside) that fit in a centimetre at the body and table sizes, less a margin of safety."""


_CLOSING = frozenset(")]}”’,.:;!?ฯๆ%")
_OPENING = frozenset("([{“‘")


_BEFORE_NUMBER = ("ที่", "ข้อ", "ร้อยละ", "พ.ศ.")
"""Words that stay on the line of the number after them (ตัวชี้วัดที่ ๑๐, ร้อยละ ๘๐, พ.ศ. ๒๕๖๕)."""


def _glued(tokens: tuple[str, ...]) -> list[str]:
    """Tokens with punctuation held to its word, as in Word: a line never starts with ")" or ends with "(", a
    no-break space (the dash of a list of units) holds the next word, and a number stays with the word naming it."""
    out: list[str] = []
    for token in tokens:
        if out and token != " " and out[-1] != " " and (token[0] in _CLOSING or out[-1][-1] in _OPENING
                                                         or out[-1][-1] == "\u00a0" or token[0] == "\u00a0"):
            out[-1] += token
        elif (len(out) >= 2 and out[-1] == " " and token[:1].isdigit()
              and out[-2].endswith(_BEFORE_NUMBER)):
            out.pop()
            out[-1] += " " + token
        else:
            out.append(token)
    return out


def _lines(text: str, hold: int = WIDE) -> list[list[str]]:
    """Lines as tokens: a Thai word of at most ``hold`` letters is kept whole (the template boxes it); a longer one
    is cut into the words it is made of, and one still too long for its column is left to the typesetter."""
    out = []
    for line in text.split("\n"):
        out.append([t if letters(t) <= hold or not any(is_thai(c) for c in t) else f"\u0000{t}"
                    for t in _glued(words(line, hold=hold))])
    return out


def _cell(cell: Cell, width_cm: float, size: str) -> dict[str, Any]:
    hold = max(3, int(width_cm * _LETTERS_PER_CM[size]) - 1)
    return {"lines": _lines(cell.text, hold), "align": cell.align, "bold": cell.bold, "rowspan": cell.rowspan,
            "colspan": cell.colspan, "draft": cell.draft}


def _table(block: Table, width_cm: float) -> dict[str, Any]:
    total = sum(block.widths) or 1
    rows = []
    for slots in layout(block):
        cells = []
        for slot in slots:
            if slot is None:
                continue
            cell, _, col = slot
            span = sum(block.widths[col:col + cell.colspan]) * width_cm / total
            cells.append(_cell(cell, span, block.size))
        rows.append(cells)
    return {"type": "table", "widths": list(block.widths), "size": SIZES[block.size], "keep": block.keep,
            "rows": [{"kind": row.kind, "cells": cells} for row, cells in zip(block.rows, rows, strict=True)]}


def _block(block: object, images: dict[str, bytes], width_cm: float) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"type": "heading", "text": list(words(block.text, hold=WIDE)), "level": block.level}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "style": block.style, "lines": _lines(block.text)}
    if isinstance(block, Table):
        return _table(block, width_cm)
    if isinstance(block, Image):
        name = f"image{len(images) + 1}.png"
        images[name] = block.png
        return {"type": "image", "file": name, "width_cm": block.width_cm, "alt": block.alt}
    if isinstance(block, Contents):
        return {"type": "contents", "topic": list(words(block.topic)), "page": list(words(block.page))}
    if isinstance(block, Signatures):
        return {"type": "signatures", "signers": [
            {"sign": list(words(s.sign)), "name": list(words(s.name)), "position": list(words(s.position)),
             "date": list(words(s.date))} for s in block.signers]}
    raise TypeError(f"a report block the PDF cannot lay out: {type(block).__name__}")


def _section(section: Section, images: dict[str, bytes]) -> dict[str, Any]:
    width = TEXT_WIDTH_CM["landscape" if section.landscape else "portrait"]
    return {"title": list(words(section.title, hold=WIDE)), "contents": section.contents,
            "new_page": section.new_page, "blocks": [_block(b, images, width) for b in section.blocks]}


def document_data(report: Report, fonts: tuple[str, ...] = ("Laksaman",)) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The report as the template's data (sections grouped by page style), and the images it names."""
    images: dict[str, bytes] = {}
    groups: list[dict[str, Any]] = []
    for section in report.sections:
        style = (section.front, section.landscape)
        if not groups or (groups[-1]["front"], groups[-1]["landscape"]) != style:
            restart = not groups or groups[-1]["front"] != section.front
            groups.append({"front": section.front, "landscape": section.landscape, "restart": restart,
                           "sections": []})
        groups[-1]["sections"].append(_section(section, images))
    contents = next((b for s in report.sections for b in s.blocks if isinstance(b, Contents)), Contents())
    data = {
        "title": report.document_name, "author": "", "digits": report.digits, "final": report.final,
        "fonts": list(fonts), "sizes": SIZES,
        "cover": [list(words(line, hold=WIDE)) for line in report.title] if report.cover else [],
        "heading": [] if report.cover else [list(words(line, hold=WIDE)) for line in report.title],
        "cover_split": report.cover_split if report.cover_split is not None else -1,
        "labels": {"contents_topic": list(words(contents.topic)), "contents_page": list(words(contents.page))},
        "groups": groups,
    }
    return data, images


def render_pdf(report: Report, fh: BinaryIO) -> None:
    """Write the report as a PDF to an open binary file."""
    typst = _typst()
    fonts = pdf_fonts()
    data, images = document_data(report, fonts)
    template = resources.files(__package__).joinpath("typst", "report.typ").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="itakit-pdf-") as folder:
        root = Path(folder)
        (root / "report.typ").write_text(template, encoding="utf-8")
        (root / "document.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for name, png in images.items():
            (root / name).write_bytes(png)
        try:
            pdf = _compiler().compile(input=str(root / "report.typ"), root=str(root))
        except typst.TypstError as exc:
            raise ItakitError(f"the PDF could not be typeset: {exc}") from exc
    fh.write(pdf)
