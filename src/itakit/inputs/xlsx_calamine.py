"""A worksheet's rows read by python-calamine (the ``fast`` extra), as exactly the texts openpyxl's path gives.

:func:`~itakit.inputs.xlsx.read_xlsx_table` opens a workbook with openpyxl as it always
has (its messages, its list of sheets, the sheet chosen) and then asks
:func:`calamine_rows` for the chosen sheet's rows.  calamine (Rust) parses a sheet many
times sooner than openpyxl parses it cell by cell in Python (the whole read takes about half
the time, docs/performance.md); each cell then becomes the
text openpyxl's path gives (:func:`calamine_text`).  Where calamine would read a sheet
differently, or its memory could not be bounded, :func:`calamine_rows` says so (None) and
openpyxl reads the sheet:

- python-calamine cannot be imported;
- the sheet unpacks to more than :data:`MAX_CALAMINE_SHEET_BYTES`, declares no dimension,
  or a dimension of more than :data:`MAX_CALAMINE_CELLS` cells (calamine holds the whole
  area in memory, blank cells included);
- a cell is not written as Excel writes one (``<c r="B7" s="3" t="s">``, a reference inside
  the declared dimension, type ``s``, ``n``, ``b``, ``str`` or ``inlineStr``): an error
  value (``t="e"``, which calamine reads as blank), an ISO date (``t="d"``), a cell outside
  the dimension, attributes in another order, a namespace prefix;
- a text holds an ``_xHHHH_`` escape or a carriage return (openpyxl keeps an escape as
  written and turns a carriage return into a line feed; calamine does neither);
- a number is negative (a date before 1900 is a time of day to calamine);
- calamine cannot read the file.

The differences that remain are in docs/input-formats.md; none can touch an answer or a score.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .table import CHUNK_RECORDS, Chunk, Rows, cell_text, clean_cell

__all__ = ["MAX_CALAMINE_CELLS", "MAX_CALAMINE_SHEET_BYTES", "calamine_rows", "calamine_text", "plain_sheet"]

MAX_CALAMINE_SHEET_BYTES = 256 * 1024**2
"""The largest sheet (unpacked) calamine reads (256 MiB, about 150,000 rows of 52 answers); a larger one is streamed."""
MAX_CALAMINE_CELLS = 10_000_000
"""The largest area (rows × columns of the declared dimension) calamine reads: it holds every cell of it in memory."""

Rest = Callable[[int], Iterator[tuple[int, tuple[str, ...]]]]
"""The rows of the sheet from a row number on, read by openpyxl: (Excel row number, cell texts)."""

_READ_BYTES = 1 << 22
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]{1,3})([1-9][0-9]{0,6})(?::([A-Z]{1,3})([1-9][0-9]{0,6}))?"')
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")


def calamine_text(value: object) -> str:
    """A value calamine gives as the text openpyxl's path gives for the same cell (:func:`~itakit.inputs.table.cell_text`).

    calamine gives every number as a float, openpyxl an int where the file wrote no point
    or exponent: both read as the same text.  A date-formatted whole number of days is a
    date to calamine and a datetime at midnight to openpyxl.
    """
    if type(value) is dt.date:
        return f"{value.isoformat()}T00:00:00"
    return cell_text(value)


def _at_most(bound: str, first: str, alphabet: str) -> str:
    """A regular expression for the strings (of ``alphabet`` after a ``first`` character) that are at most ``bound``.

    Compared as numbers written in that alphabet, so a shorter string is smaller: for
    row numbers ``first`` is ``1-9`` (no leading zero), for column letters ``A-Z``.
    """
    options = [f"[{first}][{alphabet}]{{0,{len(bound) - 2}}}"] if len(bound) > 1 else []
    for index, char in enumerate(bound):
        lower = "".join(c for c in _expand(first if index == 0 else alphabet) if c < char)
        if lower:
            options.append(f"{bound[:index]}[{lower}][{alphabet}]{{{len(bound) - index - 1}}}")
    options.append(bound)
    return "(?:" + "|".join(options) + ")"


def _expand(char_class: str) -> str:
    """The characters of a class written as one range (``A-Z``, ``1-9``)."""
    return "".join(chr(c) for c in range(ord(char_class[0]), ord(char_class[2]) + 1))


def _odd_cell(last_column: str, last_row: str) -> re.Pattern[bytes]:
    """A cell element not written as Excel writes one (``<c r="B7" s="3" t="s">``), or outside the dimension that
    ends at ``last_column`` ``last_row``: an error value or ISO date, other attributes or their order, quotes."""
    tail = (rf' r="{_at_most(last_column, "A-Z", "A-Z")}{_at_most(last_row, "1-9", "0-9")}"'
            r'(?: s="[0-9]{1,6}")?(?: t="(?:s|n|b|str|inlineStr)")?(?: ?/)?>')
    return re.compile(rf"<c(?=[\s/>])(?!{tail})".encode())


def plain_sheet(path: str | Path, part: str) -> bool:
    """True when calamine may read the sheet stored at ``part``: every cell written plainly inside a small
    enough declared dimension, no error values or ISO dates, no text that calamine would read differently."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(part)
            if info.file_size > MAX_CALAMINE_SHEET_BYTES:
                return False
            if "xl/sharedStrings.xml" in archive.namelist() and not _plain_text(archive, "xl/sharedStrings.xml"):
                return False
            return _plain_cells(archive, part)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def _parts(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's bytes in pieces that each end before a ``<`` (an element is never split), the last in full."""
    carry = b""
    with archive.open(part) as fh:
        while block := fh.read(_READ_BYTES):
            block = carry + block
            cut = block.rfind(b"<")
            if cut <= 0:
                carry = block
                continue
            carry = block[cut:]
            yield block[:cut]
    if carry:
        yield carry


def _odd_text(piece: bytes) -> bool:
    """A carriage return or an ``_xHHHH_`` escape: texts openpyxl and calamine read differently."""
    return b"\r" in piece or (b"_x" in piece and _ESCAPE.search(piece) is not None)


def _plain_text(archive: zipfile.ZipFile, part: str) -> bool:
    return not any(_odd_text(piece) for piece in _parts(archive, part))


def _plain_cells(archive: zipfile.ZipFile, part: str) -> bool:
    pieces = _parts(archive, part)
    head = b""
    for piece in pieces:  # the dimension comes before the cells
        head += piece
        if b"<sheetData" in head or len(head) > 1 << 20:
            break
    found = _DIMENSION.search(head)
    if found is None or b"<sheetData" not in head:
        return False
    last_column = (found.group(3) or found.group(1)).decode()
    last_row = (found.group(4) or found.group(2)).decode()
    columns = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(last_column)))
    if columns * int(last_row) > MAX_CALAMINE_CELLS:
        return False
    odd = _odd_cell(last_column, last_row)
    for piece in itertools.chain([head], pieces):
        if odd.search(piece) is not None or _odd_text(piece) or b"<v>-" in piece:
            return False  # (a negative date is a time of day to calamine)
        if b":c" in piece and _PREFIXED_CELL.search(piece) is not None:
            return False  # calamine takes <x:c> for a cell whatever its namespace
    return True


def calamine_rows(path: str | Path, title: str, part: str | None, rest: Rest) -> Rows | None:
    """The rows of the sheet ``title`` (stored at ``part``) read by calamine, or None: openpyxl is to read it.

    Rows are (Excel row number, cells) for every row that holds something, the cells
    cleaned as they are taken (or handed to a counter uncleaned, :meth:`Rows.raw`).  Should
    calamine fail on a value (an elapsed time of billions of years), ``rest`` reads the sheet from
    that row on: openpyxl's rows from the given row number.
    """
    try:
        import python_calamine
    except ImportError:
        return None
    if part is None or not plain_sheet(path, part.lstrip("/")):
        return None
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
            sheet = workbook.get_sheet_by_name(title)
    except (KeyboardInterrupt, SystemExit):  # pragma: no cover
        raise
    except BaseException:  # noqa: BLE001 - calamine's errors, and pyo3's PanicException (a BaseException)
        return None
    return Rows(_chunks(sheet, rest), clean_cell)


def _chunks(sheet: Any, rest: Rest) -> Iterator[Chunk]:
    """(Excel row numbers, cells) a chunk at a time: texts as read, other values as openpyxl's text, trailing blanks cut."""
    if sheet.start is None:  # an empty sheet (calamine cannot iterate one)
        return
    pad = [""] * sheet.start[1]  # calamine's rows begin at the first column that holds something
    lines: list[int] = []
    records: list[list[str]] = []
    values: list[Any]
    rows = sheet.iter_rows()
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            break
        except (KeyboardInterrupt, SystemExit):  # pragma: no cover
            raise
        except BaseException:  # noqa: BLE001 - a value calamine cannot convert; openpyxl reads the rest
            for line, cells in rest(number + 1):
                lines.append(line)
                records.append(list(cells))
            break
        number += 1
        try:
            "".join(values)  # all texts: the usual row
        except TypeError:
            values = [v if v.__class__ is str else calamine_text(v) for v in values]
        end = len(values)
        while end and not (values[end - 1] and clean_cell(values[end - 1])):
            end -= 1
        if not end:
            continue
        if end < len(values):
            values = values[:end]
        lines.append(number)
        records.append(pad + values if pad else values)
        if len(records) == CHUNK_RECORDS:
            yield lines, records
            lines, records = [], []
    if records:
        yield lines, records
