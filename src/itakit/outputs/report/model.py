"""A presentation-neutral report: sections of headings, paragraphs, tables and images.

:mod:`itakit.outputs.report.content` builds it from a rule set and a result; the renderers
(:mod:`~itakit.outputs.report.docx`, :mod:`~itakit.outputs.report.html`, :mod:`~itakit.outputs.report.markdown`,
:mod:`~itakit.outputs.report.text`) only lay it out, so every format says the same thing.
Text is plain Unicode (already in the chosen digits); a ``\\n`` in a cell or paragraph
is a line break.  Renderers escape it for their format, and none of them inserts
invisible characters into the words: line breaks between Thai words are the layout's
business (language attributes in Word, markup in HTML, boxes in the PDF).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

__all__ = [
    "Block",
    "Cell",
    "Contents",
    "Heading",
    "Image",
    "Paragraph",
    "Report",
    "Row",
    "Section",
    "Signature",
    "Signatures",
    "Table",
    "layout",
]

Align = Literal["left", "center", "right"]
RowKind = Literal["header", "body", "group", "total"]
TableSize = Literal["body", "table"]
ParagraphStyle = Literal["body", "plain", "note", "center", "right", "draft"]


def _cells(value: Iterable[Cell]) -> tuple[Cell, ...]:
    return tuple(value)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _rows(value: Iterable[Row]) -> tuple[Row, ...]:
    return tuple(value)


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(value)


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, got {value}")


@attrs.frozen
class Cell:
    """One table cell; ``rowspan``/``colspan`` as in HTML (covered cells are left out of later rows)."""

    text: str
    align: Align = "left"
    bold: bool = False
    rowspan: int = attrs.field(default=1, validator=_positive)
    colspan: int = attrs.field(default=1, validator=_positive)
    draft: bool = False
    """Drafted by itakit rather than confirmed by the agency: marked (highlighted) until the final copy."""


@attrs.frozen
class Row:
    """A table row: a header row (repeated on each page), a body row, a group title or a total."""

    cells: tuple[Cell, ...] = attrs.field(converter=_cells)
    kind: RowKind = "body"


@attrs.frozen
class Table:
    """A bordered table with relative column widths (they need not sum to anything).

    ``size`` is the type size: ``table`` (14 pt, the smallest a printed Thai table may use) or ``body`` (16 pt);
    ``keep`` holds a short table on one page; a ``group`` row is always kept with the row after it.
    """

    widths: tuple[int, ...] = attrs.field(converter=_ints)
    rows: tuple[Row, ...] = attrs.field(converter=_rows)
    caption: str = ""
    size: TableSize = "table"
    keep: bool = False

    def __attrs_post_init__(self) -> None:
        layout(self)  # refuses rows that do not fill the columns

    @property
    def columns(self) -> int:
        """How many columns the table has."""
        return len(self.widths)


@attrs.frozen
class Heading:
    """A sub-heading inside a section (level 2 under the section's level-1 title)."""

    text: str
    level: int = 2


@attrs.frozen
class Paragraph:
    """A paragraph: ``body`` is running text (indented, Thai distributed justification), ``plain`` is not
    indented, ``note`` is set smaller, ``center``/``right`` are aligned lines, and ``draft`` is a drafting note
    (shaded) that the final copy leaves out."""

    text: str
    style: ParagraphStyle = "body"


@attrs.frozen
class Contents:
    """The table of contents: the sections listed with the page each starts on (computed by the PDF's typesetter;
    a TOC field Word fills in; links in HTML), under the column labels ``topic`` and ``page`` (the phrases
    ``contents.topic`` and ``contents.page``; none when left empty)."""

    topic: str = ""
    page: str = ""


@attrs.frozen
class Signature:
    """One signer as printed: the signing line (with the role), the name line, the position line and the date
    line, each already worded (dotted lines to fill in where nothing was given)."""

    sign: str
    name: str
    position: str
    date: str = ""


def _signatures(value: Iterable[Signature]) -> tuple[Signature, ...]:
    return tuple(value)


@attrs.frozen
class Signatures:
    """The signature block that closes the report, signers side by side."""

    signers: tuple[Signature, ...] = attrs.field(converter=_signatures)


@attrs.frozen
class Image:
    """A PNG picture (the indicator chart), with the text a reader without it should get."""

    png: bytes = attrs.field(repr=False)
    alt: str
    width_cm: float = 16.0


Block = Heading | Paragraph | Table | Image | Contents | Signatures


@attrs.frozen
class Section:
    """A part of the report; ``landscape`` asks for a wide page (the measures tables); ``contents`` lists it in the
    contents; ``front`` marks front matter (คำนำ, สารบัญ), numbered apart so that section 1 starts on page ๑."""

    title: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    landscape: bool = False
    contents: bool = True
    new_page: bool = True
    """Start on a new page (the front matter and section 1 do; sections 2 and 3 follow on, as in agencies' reports)."""
    front: bool = False


@attrs.frozen
class Report:
    """A whole document: title lines (a cover page when ``cover``), then sections.

    ``digits`` is the numbering of page numbers; ``final`` drops the marking of drafted cells and the drafting
    notes; ``cover_split`` is the index of the first cover line set apart from the title (the agency's name);
    ``name`` is the document's title in its properties.
    """

    title: tuple[str, ...] = attrs.field(converter=_texts)
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    language: str = "th"
    cover: bool = False
    digits: Literal["thai", "arabic"] = "thai"
    final: bool = False
    cover_split: int | None = None
    name: str = ""

    @property
    def document_name(self) -> str:
        """The title for the file's properties: ``name``, else the title lines joined."""
        return self.name or " ".join(self.title)


def layout(table: Table) -> list[list[tuple[Cell, int, int] | None]]:
    """Place a table's cells on its grid: each slot holds (cell, row, column) where the cell starts, or None where covered.

    Raises ValueError when a row does not fill exactly the table's columns.
    """
    columns = len(table.widths)
    grid: list[list[tuple[Cell, int, int] | None]] = []
    covered: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(table.rows):
        line: list[tuple[Cell, int, int] | None] = []
        c = 0
        for cell in row.cells:
            while covered.get((r, c)):
                line.append(None)
                c += 1
            if c + cell.colspan > columns:
                raise ValueError(f"row {r + 1} has more cells than the table's {columns} columns")
            line.append((cell, r, c))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr or dc:
                        covered[(r + dr, c + dc)] = True
            line.extend([None] * (cell.colspan - 1))
            c += cell.colspan
        while c < columns and covered.get((r, c)):
            line.append(None)
            c += 1
        if c != columns:
            raise ValueError(f"row {r + 1} fills {c} of the table's {columns} columns")
        grid.append(line)
    return grid
