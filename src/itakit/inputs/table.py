"""Text tables: a file's header and rows as cleaned text, and CSV reading in chunks.

Everything the shape readers (:mod:`itakit.inputs.shapes`) and the format readers
(:mod:`~itakit.inputs.xlsx`, :mod:`~itakit.inputs.survey`, :mod:`~itakit.inputs.answers`)
share lives here, so none of them needs another: this module imports nothing above
:mod:`itakit.inputs.data`.  A table's rows are a :class:`RowSource`, the one protocol
every reader of rows uses (take a row to look at and put it back, hand the rest over
uncleaned a chunk at a time, say where the file is on disk), whatever made them.
"""

from __future__ import annotations

import abc
import csv
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal, Self, TextIO

import attrs

from ..errors import MAX_PROBLEMS, DataError, Problem, Problems, UsageError
from ..thai import to_arabic_digits
from .data import AgencyData

__all__ = [
    "CHUNK_RECORDS", "FIRST_RECORDS", "HEADER_ALIASES", "MAX_PROBLEMS", "REPEATED_HEADER", "Chunk", "CsvSource", "InputFile", "PlainRows", "Problems",
    "Raw", "Row", "RowSource", "Rows", "Shape", "Table", "as_rows", "cell_text", "check_width", "clean_cell",
    "column_letter",
    "is_repeated_header", "norm_header", "read_csv_table", "sniff_delimiter", "text_key", "unneutralise", "unreadable",
]

Shape = Literal["indicators", "questions", "agencies", "answers"]
Row = tuple[int, tuple[str, ...]]
"""A row of a table: the line (or spreadsheet row) it started on, and its cells."""
Chunk = tuple[Sequence[int], Sequence[Sequence[str]]]
"""Records read together: their lines, and their cells as read (uncleaned)."""

CHUNK_RECORDS = 8192
"""Records read at a time; a reader holds no more than this many rows in memory."""
FIRST_RECORDS = 256
"""Records of a CSV file read with its header: enough to tell its shape and which years it fits
(:data:`~itakit.inputs.read.HEAD_RECORDS`), little when a counter then reads the file itself."""


@attrs.frozen
class Raw:
    """A table's rows handed over for counting (:meth:`RowSource.raw`).

    ``pending`` are the rows already taken (cleaned), ``chunks`` the remaining records a
    chunk at a time, uncleaned (records that hold nothing included), and ``clean`` what the
    table does to each cell (None: the cells are clean already), so a counter can clean
    each *distinct* text once instead of every cell.
    """

    pending: list[Row]
    chunks: Iterator[Chunk]
    clean: Callable[[str], str] | None


class RowSource(abc.ABC):
    """The rows of a table, read once: the one protocol every reader of a table's rows uses.

    Iterating gives (line, cleaned cells) for every row; :meth:`put_back` returns a row
    taken to look at; :meth:`raw` hands the rest over uncleaned, a chunk at a time; and
    :attr:`csv_source` says where the rows are on disk when they are a CSV file's, so a
    columnar engine may read the file itself.  :class:`Rows` (a CSV file),
    :class:`PlainRows` (any rows already in hand) and a survey export's kept columns
    implement it.
    """

    csv_source: CsvSource | None = None
    """The file on disk, when the rows are a CSV file's (see :class:`CsvSource`)."""

    def __init__(self) -> None:
        self._back: list[Row] = []  # rows put back, the last to be read first

    def __iter__(self) -> RowSource:
        return self

    def __next__(self) -> Row:
        """The next row that holds something: a row put back, else the source's next (:meth:`read`)."""
        return self._back.pop() if self._back else self.read()

    @abc.abstractmethod
    def read(self) -> Row:
        """The source's next row that holds something, past the rows put back."""

    def put_back(self, row: Row) -> Self:
        """Return a row taken to look at, so that it is read again first."""
        self._back.append(row)
        return self

    def held_back(self) -> list[Row]:
        """The rows put back, in the order they will be read, handed over (a :meth:`raw` begins with them)."""
        pending, self._back = self._back[::-1], []
        return pending

    @abc.abstractmethod
    def raw(self) -> Raw:
        """The rows put back, then the rest uncleaned in chunks; the rows must not be iterated after this."""


class PlainRows(RowSource):
    """Rows already in hand (a spreadsheet's, a head of a file, a test's), their cells clean, as a :class:`RowSource`."""

    def __init__(self, rows: Iterable[Row]) -> None:
        super().__init__()
        self._rows = iter(rows)

    def read(self) -> Row:
        return next(self._rows)

    def raw(self) -> Raw:
        return Raw(self.held_back(), self._chunks(), None)

    def _chunks(self) -> Iterator[Chunk]:
        while True:
            chunk = list(itertools.islice(self._rows, CHUNK_RECORDS))
            if not chunk:
                return
            yield [line for line, _ in chunk], [cells for _, cells in chunk]


def as_rows(rows: Iterable[Row]) -> RowSource:
    """Any rows as a :class:`RowSource`: itself when it is one, else :class:`PlainRows` over it."""
    return rows if isinstance(rows, RowSource) else PlainRows(rows)


@attrs.frozen
class Table:
    """A file's header and its rows as text, each row with the line it started on.

    ``rows`` may be read only once (readers stream large files rather than hold them in
    memory); lines that hold nothing are not in it.  Any iterable of rows is taken, as a
    :class:`RowSource`.
    """

    file: str
    header: tuple[str, ...]
    rows: RowSource = attrs.field(converter=as_rows)
    header_line: int = 1
    row_name: str = "line"
    """What the row numbers count: ``line`` in a text file, ``row`` in a spreadsheet."""
    column_letters: tuple[str, ...] = ()
    """Spreadsheet letters of the columns (A, B, …), given when messages should name columns by letter."""


@attrs.frozen
class InputFile:
    """What a file held: its shape and one :class:`AgencyData` per agency in it."""

    file: str
    shape: Shape
    agencies: tuple[AgencyData, ...]

    @property
    def is_many(self) -> bool:
        """True for a many-agency table or raw answers grouped by an agency column."""
        return self.shape == "agencies" or any(a.agency for a in self.agencies)



HEADER_ALIASES = {
    "indicator": "indicator", "ตัวชี้วัด": "indicator",
    "score": "score", "คะแนน": "score", "ผลคะแนน": "score",
    "question": "question", "ข้อคำถาม": "question", "item": "question", "code": "question",
    "agency": "agency", "หน่วยงาน": "agency",
    "respondent": "respondent", "ผู้ตอบ": "respondent",
    "timestamp": "timestamp", "ประทับเวลา": "timestamp",
}
"""The names a column of a table may have (Thai or English, folded by :func:`norm_header`) -> what it holds."""


def norm_header(text: str) -> str:
    """A header or code folded for matching: :func:`text_key`, Thai digits made Arabic, case folded."""
    return text_key(to_arabic_digits(text)).casefold()


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def text_key(text: str) -> str:
    """The identity of a name, group value or code: equal keys mean the same agency (or group).

    Unicode NFC, sara am written as one character (U+0E4D U+0E32 → U+0E33), zero-width
    characters and soft hyphens dropped, and every run of white space (no-break spaces
    included) one space, trimmed.  Names are compared by this key and shown as first written.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if "\u0e4d" in text:
            text = text.replace("\u0e4d\u0e32", "\u0e33")
        if _INVISIBLE.search(text) is not None:
            text = _INVISIBLE.sub("", text)
    return " ".join(text.split())  # str.split() splits at every Unicode space, no-break ones included


def unneutralise(text: str) -> str:
    """A cell as it was before an export made it safe for spreadsheets: ``'=1+1`` reads back as ``=1+1``."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def is_repeated_header(cells: Sequence[str], header: Sequence[str]) -> bool:
    """True when a data row repeats the header (what joining two files with ``cat`` makes)."""
    return len(cells) >= 2 and len(cells) == len(header) and all(
        norm_header(c) == norm_header(h) for c, h in zip(cells, header, strict=True)
    )


REPEATED_HEADER = "is the header row repeated: were two files joined? (remove this row)"
"""The problem text for a data row that repeats the header."""


# -- reading text into a Table --------------------------------------------------------



_DELIMITERS = (",", "\t", ";")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def unreadable(name: str, exc: OSError) -> UsageError:
    """The usage error for a file that cannot be opened: missing, a folder, or not readable."""
    if isinstance(exc, FileNotFoundError):
        return UsageError(f"{name}: no such file")
    if isinstance(exc, IsADirectoryError):
        return UsageError(f"{name}: is a folder, not a file")
    return UsageError(f"{name}: cannot read: {exc.strerror or exc}")


def clean_cell(text: str) -> str:
    """A cell's text without the spaces and zero-width characters around it (Thai text often carries them)."""
    return text.strip().strip(_ZERO_WIDTH).strip()


def cell_text(value: object) -> str:
    """A spreadsheet cell's value as the text a CSV would hold: numbers exactly as typed, dates in ISO form, booleans true/false.

    A float is read back through its shortest repr (``99.84``, not ``99.840000000000003``),
    which is the number as typed, so scores stay exact; a whole one reads as Excel shows it
    (``1``, not ``1.0``), whether the file wrote ``1`` or ``1.0``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if abs(value) >= 1e16:
            return repr(value)
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return clean_cell(str(value))


def sniff_delimiter(line: str, default: str = ",") -> str:
    """The delimiter of a header line: whichever of comma, tab and semicolon occurs most outside quotes."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == default))
    return best if counts[best] else default


def read_csv_table(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> Table:
    """Open a delimited text file as a streaming :class:`Table`.

    The encoding is detected (UTF-8 with or without BOM, UTF-16, cp874/TIS-620) unless
    given; the delimiter (comma, tab or semicolon) is told from the header line unless given.
    """
    from .decoding import codec_for, detect_encoding, without_guess

    name = str(path)
    try:
        codec = without_guess(path, codec_for(encoding)) if encoding else detect_encoding(path)
        fh = open(path, encoding=codec, newline="")  # noqa: SIM115 - closed by the row generator
    except OSError as exc:
        raise unreadable(name, exc) from None
    try:
        first_line = fh.readline()
    except UnicodeError:
        fh.close()
        raise _decode_error(name, codec) from None
    except BaseException:
        fh.close()
        raise
    if delimiter is None:
        default = "\t" if name.lower().endswith(".tsv") else ","
        delimiter = sniff_delimiter(first_line, default)
    records = _csv_records(itertools.chain([first_line], fh), name, codec, delimiter, closing=fh)
    try:
        first = next(records, None)
    except BaseException:
        fh.close()
        raise
    if first is None:
        fh.close()
        raise DataError(Problem("the file is empty; expected a header such as 'indicator,score'", name))
    header = first[1]
    records.csv_source = CsvSource(name, codec, delimiter, first[0], len(header), tuple(range(len(header))),
                                   header_is_one_line=not any("\n" in h or "\r" in h for h in header))
    return Table(name, header, records, first[0])


def _decode_error(name: str, codec: str) -> DataError:
    """A DataError naming the line and byte where a file stops being text in ``codec``."""
    from .decoding import Undecodable, describe, find_undecodable

    hint = "save it as UTF-8 CSV, or give the right --encoding (utf-8, utf-16, cp874)"
    try:
        bad = find_undecodable(name, codec)
    except OSError:
        bad = None
    if bad is None:
        return DataError(Problem(f"the file is not {describe(codec)} text; {hint}", name))
    return DataError(Undecodable(bad.line, bad.byte).problem(name, codec, hint))


@attrs.frozen
class CsvSource:
    """Where a table's rows come from on disk, so a columnar engine may read the file itself.

    ``columns`` are the file's column positions of the table's columns, in order (a
    survey export keeps only some of its columns).  Offered by :func:`read_csv_table`
    as ``rows.csv_source``; a reader that cannot use it reads the rows as usual.
    """

    path: str
    encoding: str
    delimiter: str
    header_line: int
    width: int
    """How many columns the file's header has."""
    columns: tuple[int, ...]
    header_is_one_line: bool = True

    def project(self, keep: Sequence[int]) -> CsvSource:
        """The source of a table made of some of this table's columns (by position)."""
        return attrs.evolve(self, columns=tuple(self.columns[i] for i in keep))


class Rows(RowSource):
    """(line, cleaned cells) for every record of a CSV file that holds something, read lazily a chunk of records at a time.

    A counter may take :meth:`raw` instead: the remaining records in chunks, uncleaned
    and with their lines, so that it can clean each distinct cell text once instead of every cell.
    """

    def __init__(self, chunks: Iterator[Chunk], clean: Callable[[str], str] = str.strip) -> None:
        self._chunks = chunks
        self._lines: Sequence[int] = ()
        self._records: Sequence[Sequence[str]] = []
        super().__init__()
        self._next = 0  # the next record of the current chunk
        self.clean = clean
        self.csv_source: CsvSource | None = None

    def read(self) -> Row:
        clean = self.clean
        while True:
            while self._next < len(self._records):
                index = self._next
                self._next += 1
                cells = tuple(map(clean, self._records[index]))
                if any(cells):
                    return self._lines[index], cells
            self._lines, self._records = next(self._chunks)  # StopIteration ends the rows
            self._next = 0

    def raw(self) -> Raw:
        pending = self.held_back()
        rest = (self._lines[self._next:], self._records[self._next:])
        self._lines, self._records, self._next = (), [], 0
        return Raw(pending, itertools.chain([rest] if rest[1] else [], self._chunks), self.clean)


def _csv_records(
    lines: Iterable[str], name: str, encoding: str, delimiter: str = ",", *, closing: TextIO | None = None
) -> Rows:
    """(line, cleaned cells) for every CSV record that holds something, read a chunk at a time; closes ``closing`` at the end."""
    return Rows(_csv_raw_chunks(lines, name, encoding, delimiter, closing=closing), clean_cell)


def _record_lines(start: int, records: list[list[str]]) -> list[int]:
    """The line each record starts on, for records some of which span lines (quoted line breaks)."""
    lines = []
    for record in records:
        lines.append(start)
        start += 1 + sum(c.count("\n") + c.count("\r") - c.count("\r\n") for c in record)
    return lines


def _csv_raw_chunks(
    lines: Iterable[str], name: str, encoding: str, delimiter: str = ",", *, closing: TextIO | None = None
) -> Iterator[Chunk]:
    """Yield (lines, records as read) for every CSV record, a chunk at a time, closing ``closing`` at the end."""
    try:
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        start = 1
        records: list[list[str]] = []
        size = min(CHUNK_RECORDS, FIRST_RECORDS)  # the header and a first look; a counter may read the file itself
        try:
            while True:
                records = []
                records.extend(itertools.islice(reader, size))  # kept up to a failing record
                size = CHUNK_RECORDS
                if not records:
                    break
                end = reader.line_num
                if end - start + 1 == len(records):  # one line each: the usual case
                    yield range(start, end + 1), records
                else:
                    yield _record_lines(start, records), records
                start = end + 1
        except UnicodeError:
            raise _decode_error(name, encoding) from None
        except csv.Error as exc:
            message = str(exc)
            if "NUL" in message or "\\x00" in message:
                message = "the file holds NUL bytes; it is not a CSV text file"
            elif "unexpected end of data" in message:
                # The reader fails at the end of the file; the value opened where the record began.
                opened = start + sum(1 + sum(c.count("\n") + c.count("\r") - c.count("\r\n") for c in r)
                                     for r in records)
                raise DataError(Problem('not readable as CSV: a quoted value is never closed (a " opens on this '
                                        'line without its closing ")', name, opened)) from None
            elif "field larger than field limit" in message:
                message = "a value is too long (over 128 KiB); is a closing quote missing?"
            raise DataError(Problem(f"not readable as CSV: {message}", name, reader.line_num)) from None
    finally:
        if closing is not None:
            closing.close()


# -- turning a Table into agencies --------------------------------------------------------


def check_width(cells: Sequence[str], width: int, problems: Problems, row: int) -> None:
    """Note a row that has values beyond the header's columns."""
    if len(cells) > width and any(cells[width:]):
        problems.too_wide(len(cells), width, row)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
