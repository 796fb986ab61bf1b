"""Read a sheet of an Excel workbook (.xlsx) as a streaming :class:`~itakit.inputs.table.Table`.

openpyxl opens the workbook in read-only mode with the values Excel last computed for
formulas, and picks the sheet.  With python-calamine installed (the ``fast`` extra) calamine
reads the sheet's cells, in about half the time, as exactly the texts openpyxl's path gives
(:mod:`~itakit.inputs.xlsx_calamine`, which leaves any sheet it would read differently to
openpyxl); otherwise openpyxl streams the rows.  A number is read as typed: openpyxl gives an
int for a whole number and a float otherwise, read back through its shortest repr (``99.84``,
not ``99.840000000000003``), so scores stay exact.  Messages name Excel row numbers and
column letters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem, UsageError, missing_extra
from .table import PlainRows, RowSource, Table, cell_text
from .xlsx_calamine import calamine_rows

__all__ = ["MAX_PART_BYTES", "MAX_SHEET_BYTES", "MAX_UNPACKED_BYTES", "cell_text", "check_unpacked_size",
           "read_xlsx_table"]  # cell_text lives in table.py, where the calamine reader shares it

MAX_SHEET_BYTES = 2 * 1024**3
"""The most a worksheet may unpack to (2 GiB): sheets are streamed, so this bounds time, not memory."""
MAX_PART_BYTES = 64 * 1024**2
"""The most any other part (shared strings, styles…) may unpack to (64 MiB): openpyxl holds those in memory."""
MAX_UNPACKED_BYTES = 4 * 1024**3
"""The most the whole workbook may unpack to (4 GiB)."""

_TITLE_ROWS = 5
Row = tuple[str, ...]


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise missing_extra("reading .xlsx files", "openpyxl", "xlsx") from None
    return openpyxl


def _last_filled(cells: Sequence[str]) -> int:
    """One past the index of the last non-blank cell (0 for a blank row)."""
    for index in range(len(cells) - 1, -1, -1):
        if cells[index]:
            return index + 1
    return 0


def _merged_header(top: Row, below: Row) -> Row | None:
    """The header of a two-row heading (titles merged over column names), or None if ``below`` is data.

    It is a two-row heading when the top row has a title over a blank cell below it (a
    title merged down) and a blank over a named cell (a title merged across, or none):
    each blank cell of the lower row then takes the title above it.
    """
    width = max(_last_filled(top), _last_filled(below))
    top = top + ("",) * (width - len(top))
    below = below + ("",) * (width - len(below))
    title_over_blank = any(t and not b for t, b in zip(top, below, strict=False))
    blank_over_name = any(b and not t for t, b in zip(top, below, strict=False))
    if not (title_over_blank and blank_over_name):
        return None
    merged = tuple(b or t for t, b in zip(top, below, strict=False))
    return merged if all(merged) else None


def check_unpacked_size(path: str | Path) -> None:
    """Refuse a workbook whose parts would unpack past the limits, from the sizes its zip directory declares.

    A small file can unpack to gigabytes (a "zip bomb"); the declared sizes are read
    before anything is unpacked, and reading never unpacks more than a part declares.
    """
    import zipfile

    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(Problem(
            f"cannot be opened as an Excel workbook (.xlsx): {type(exc).__name__}: {exc}; open it in Excel and save it again "
            "as .xlsx, or save it as CSV", name)) from None
    total = 0
    for part in parts:
        total += part.file_size
        is_sheet = part.filename.startswith("xl/worksheets/")
        limit = MAX_SHEET_BYTES if is_sheet else MAX_PART_BYTES
        if part.file_size > limit:
            raise DataError(Problem(
                f"its part {part.filename} unpacks to {part.file_size / 1024**2:,.0f} MiB, more than the "
                f"{limit // 1024**2:,} MiB itakit reads (docs/input-formats.md); save the sheet as CSV", name))
    if total > MAX_UNPACKED_BYTES:
        raise DataError(Problem(
            f"unpacks to {total / 1024**2:,.0f} MiB, more than the {MAX_UNPACKED_BYTES // 1024**2:,} MiB itakit "
            "reads (docs/input-formats.md); save the sheet as CSV", name))


def read_xlsx_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """Open a sheet of an .xlsx workbook (the first, or the one named) as a :class:`Table` with Excel row numbers.

    The header is the first row that holds something; a lone title above it (one cell
    over a wider header) is passed over, and a two-row heading under merged titles is
    read as one header row.
    """
    check_unpacked_size(path)
    openpyxl = _openpyxl()
    name = str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of error for a broken file
        raise DataError(Problem(
            f"cannot be opened as an Excel workbook (.xlsx): {type(exc).__name__}: {exc}; "
            "open it in Excel and save it again as .xlsx, or save it as CSV", name)) from None
    try:
        worksheet = _pick_sheet(workbook, sheet, name)
        label = f"{name}, sheet {worksheet.title!r}"
        part = getattr(worksheet, "_worksheet_path", None)  # the sheet's part of the zip file
        rows: RowSource | None = calamine_rows(path, worksheet.title, part, partial(_rows_from, path, worksheet.title, label))
        if rows is None:
            rows = PlainRows(_sheet_rows(workbook, worksheet, label))
        else:
            workbook.close()
        header_line, header, rows = _find_header(rows, label)
    except BaseException:
        workbook.close()
        raise
    letters = tuple(openpyxl.utils.get_column_letter(i + 1) for i in range(len(header)))
    return Table(label, header, rows, header_line, row_name="row", column_letters=letters)


def _pick_sheet(workbook: Any, sheet: str | None, name: str) -> Any:
    sheets = list(workbook.worksheets)
    if not sheets:
        raise DataError(Problem("the workbook has no worksheets", name))
    if sheet is None:
        return sheets[0]
    for candidate in sheets:
        if candidate.title == sheet:
            return candidate
    folded = " ".join(sheet.split()).casefold()
    for candidate in sheets:
        if " ".join(candidate.title.split()).casefold() == folded:
            return candidate
    titles = ", ".join(repr(s.title) for s in sheets)
    raise UsageError(f"{name}: there is no sheet {sheet!r}; the workbook has {titles}")


def _rows_from(path: str | Path, title: str, label: str, first: int) -> Iterator[tuple[int, Row]]:
    """The sheet's rows from row ``first`` on, read by openpyxl (the rest of a sheet calamine could not read)."""
    workbook = _openpyxl().load_workbook(path, read_only=True, data_only=True)
    return _sheet_rows(workbook, workbook[title], label, first)


def _sheet_rows(workbook: Any, worksheet: Any, label: str, first: int = 1) -> Iterator[tuple[int, Row]]:
    """Yield (Excel row number, cell texts) for every row from ``first`` that holds something, closing the workbook at the end."""
    worksheet.reset_dimensions()  # trust the cells, not the size the writer claimed
    number = first - 1
    try:
        for number, values in enumerate(worksheet.iter_rows(min_row=first, values_only=True), start=first):
            cells = tuple(cell_text(v) for v in values)
            if any(cells):
                yield number, cells[: _last_filled(cells)]
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet can fail in many ways inside openpyxl
        raise DataError(Problem(
            f"the sheet cannot be read past this row: {type(exc).__name__}: {exc}", label, number + 1,
            row_name="row")) from None
    finally:
        workbook.close()


def _find_header(rows: RowSource, label: str) -> tuple[int, Row, RowSource]:
    """The header row (past lone title rows, merging a two-row heading) and the rows after it."""
    first = next(rows, None)
    if first is None:
        raise DataError(Problem("the sheet is empty; expected a header such as 'indicator,score'", label))
    skipped = 0
    while True:
        second = next(rows, None)
        if second is None:
            return first[0], first[1], rows
        one_title = sum(1 for c in first[1] if c) == 1
        if one_title and skipped < _TITLE_ROWS and sum(1 for c in second[1] if c) > 1:
            first, skipped = second, skipped + 1
            continue
        break
    if second[0] == first[0] + 1:
        merged = _merged_header(first[1], second[1])
        if merged is not None:
            return second[0], merged, rows
    return first[0], first[1], rows.put_back(second)
