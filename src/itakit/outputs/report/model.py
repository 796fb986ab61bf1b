"""A presentation-neutral report: sections of headings, paragraphs, tables and images.

:mod:`itakit.outputs.report.content` builds it from a rule set and a result; the renderers
(:mod:`~itakit.outputs.report.docx`, :mod:`~itakit.outputs.report.html`, :mod:`~itakit.outputs.report.markdown`,
:mod:`~itakit.outputs.report.text`) only lay it out, so every format says the same thing.
Text is plain Unicode (already in the chosen digits); a ``\\n`` in a cell or paragraph
is a line break.  Renderers escape it for their format.
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
    """A bordered table with relative column widths (they need not sum to anything); ``small`` sets it in a smaller size."""

    widths: tuple[int, ...] = attrs.field(converter=_ints)
    rows: tuple[Row, ...] = attrs.field(converter=_rows)
    caption: str = ""
    small: bool = False
    compact: bool = False
    """Smaller still (the wide measures tables)."""

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
    """A paragraph of running text; ``note`` paragraphs are set smaller (remarks, sources)."""

    text: str
    style: Literal["body", "note", "center", "right"] = "body"


@attrs.frozen
class Contents:
    """The table of contents: a Word TOC field (filled when the document is opened or updated), links in HTML."""

    title: str = "สารบัญ"


@attrs.frozen
class Signature:
    """One signer: the role (ผู้จัดทำ, ผู้ตรวจ, ผู้อนุมัติ), name and position (blank lines to sign on when not given)."""

    role: str
    name: str = ""
    position: str = ""


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
    """A part of the report; ``landscape`` asks for a wide page (the measures tables); ``contents`` lists it in the TOC."""

    title: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    landscape: bool = False
    contents: bool = True
    new_page: bool = True
    """Start on a new page (the front matter and section 1 do; sections 2 and 3 follow on, as in agencies' reports)."""


@attrs.frozen
class Report:
    """A whole report: title lines (a cover page when ``cover``), then sections.

    ``digits`` is the numbering of page numbers; ``final`` drops the marking of drafted cells.
    """

    title: tuple[str, ...] = attrs.field(converter=_texts)
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    language: str = "th"
    cover: bool = False
    digits: Literal["thai", "arabic"] = "thai"
    final: bool = False


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
