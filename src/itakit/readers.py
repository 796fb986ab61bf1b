"""Read an agency's figures from a file into :class:`~itakit.inputs.AgencyData`, refusing what it cannot read.

A file's shape is told by its header (see ``docs/input-formats.md``):

* ``indicator,score`` — one agency, a row per indicator;
* ``question,score`` — one agency, a row per question (``i…``, ``e…``) or OIT item (``o…``);
* ``agency,1,2,…`` — many agencies, a row each, with any extra columns kept for grouping;
* raw answers — a column per sub-item code (``i2``, ``i1.1``…), optional ``agency``,
  ``respondent`` and ``timestamp`` columns, a row per respondent.

Every problem in a file is collected (up to :data:`MAX_PROBLEMS`) and raised together
as one :class:`~itakit.errors.DataError` naming file, line, column and value.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Literal, TextIO

import attrs

from .errors import DataError, Problem, UsageError
from .exact import FROM_THAI_DIGITS, HUNDRED, ZERO, to_fraction
from .inputs import AgencyData
from .model import RuleSet, normalise_answer

__all__ = [
    "MAX_PROBLEMS", "InputFile", "Table", "clean_cell", "parse_table", "read_csv_table", "read_input",
    "sniff_delimiter", "table_from_text",
]

MAX_PROBLEMS = 50
Shape = Literal["indicators", "questions", "agencies", "answers"]

_HEADER_ALIASES = {
    "indicator": "indicator", "ตัวชี้วัด": "indicator",
    "score": "score", "คะแนน": "score", "ผลคะแนน": "score",
    "question": "question", "ข้อคำถาม": "question", "item": "question", "code": "question",
    "agency": "agency", "หน่วยงาน": "agency",
    "respondent": "respondent", "ผู้ตอบ": "respondent",
    "timestamp": "timestamp", "ประทับเวลา": "timestamp",
}
_META_COLUMNS = {"agency", "respondent", "timestamp"}
_PASS = {"pass", "passed", "ผ่าน", "yes", "y", "true", "มี", "ใช่"}
_FAIL = {"fail", "failed", "ไม่ผ่าน", "no", "n", "false", "ไม่มี", "ไม่ใช่"}
_CODE_LIKE = re.compile(r"^[a-z]\d+(\.\d+)?$")
_NUMBER_LIKE = re.compile(r"^\d+$")


@attrs.frozen
class Table:
    """A file's header and its rows as text, each row with the line it started on.

    ``rows`` is an iterable that may be read only once (readers stream large files
    rather than hold them in memory); lines that hold nothing are not in it.
    """

    file: str
    header: tuple[str, ...]
    rows: Iterable[tuple[int, tuple[str, ...]]]
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


class _Problems:
    """Collects problems up to a limit and raises them together."""

    def __init__(self, file: str, table: Table | None = None) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0
        self.row_name = table.row_name if table is not None else "line"
        self.letters: dict[str, str] = {}
        if table is not None:
            for head, letter in zip(table.header, table.column_letters):
                self.letters.setdefault(head, letter)

    def add(self, message: str, row: int | None = None, column: str | None = None, value: str | None = None) -> None:
        if len(self.items) < MAX_PROBLEMS:
            letter = self.letters.get(column) if column is not None else None
            self.items.append(Problem(message, self.file, row, column, value,
                                      column_letter=letter, row_name=self.row_name))
        else:
            self.dropped += 1

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items, truncated=self.dropped)


def _norm_header(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").translate(FROM_THAI_DIGITS).split()).casefold()


# -- reading text into a Table --------------------------------------------------------


_DELIMITERS = (",", "\t", ";")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _unreadable(name: str, exc: OSError) -> UsageError:
    """The usage error for a file that cannot be opened: missing, a folder, or not readable."""
    if isinstance(exc, FileNotFoundError):
        return UsageError(f"{name}: no such file")
    if isinstance(exc, IsADirectoryError):
        return UsageError(f"{name}: is a folder, not a file")
    return UsageError(f"{name}: cannot read: {exc.strerror or exc}")


def clean_cell(text: str) -> str:
    """A cell's text without the spaces and zero-width characters around it (Thai text often carries them)."""
    return text.strip().strip(_ZERO_WIDTH).strip()


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
        raise _unreadable(name, exc) from None
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
    return Table(name, first[1], records, first[0])


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


_CHUNK_RECORDS = 8192
"""Records read at a time; a reader holds no more than this many rows in memory."""

Chunk = tuple[Sequence[int], list[list[str]]]


class _Rows:
    """(line, cleaned cells) for every record that holds something, read lazily a chunk of records at a time.

    A fast reader may take :meth:`raw` instead (see :class:`itakit.tally.RawRows`): the
    remaining records in chunks, uncleaned and with their lines, so that it can clean
    each distinct cell text once instead of every cell.
    """

    def __init__(self, chunks: Iterator[Chunk], clean: Callable[[str], str] = str.strip) -> None:
        self._chunks = chunks
        self._lines: Sequence[int] = ()
        self._records: list[list[str]] = []
        self._next = 0  # the next record of the current chunk
        self._back: list[tuple[int, tuple[str, ...]]] = []
        self.clean = clean

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> tuple[int, tuple[str, ...]]:
        if self._back:
            return self._back.pop()
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

    def put_back(self, row: tuple[int, tuple[str, ...]]) -> _Rows:
        """Return a row taken to look at, so that it is read again first."""
        self._back.append(row)
        return self

    def raw(self) -> tuple[list[tuple[int, tuple[str, ...]]], Iterator[Chunk]]:
        """The rows put back (cleaned), and the remaining records, uncleaned, in chunks."""
        pending, self._back = self._back[::-1], []
        rest = (self._lines[self._next:], self._records[self._next:])
        self._lines, self._records, self._next = (), [], 0
        return pending, itertools.chain([rest] if rest[1] else [], self._chunks)


def _csv_records(
    lines: Iterable[str], name: str, encoding: str, delimiter: str = ",", *, closing: TextIO | None = None
) -> _Rows:
    """(line, cleaned cells) for every CSV record that holds something, read a chunk at a time; closes ``closing`` at the end."""
    return _Rows(_csv_raw_chunks(lines, name, encoding, delimiter, closing=closing), clean_cell)


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
        try:
            while True:
                records = list(itertools.islice(reader, _CHUNK_RECORDS))
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
                message = 'a quoted value is never closed (a " without its closing ")'
            elif "field larger than field limit" in message:
                message = "a value is too long (over 128 KiB); is a closing quote missing?"
            raise DataError(Problem(f"not readable as CSV: {message}", name, reader.line_num)) from None
    finally:
        if closing is not None:
            closing.close()


def table_from_text(text: str, name: str) -> Table:
    """Split CSV text into a :class:`Table` (for text already in memory, e.g. from another decoder)."""
    records = _csv_records(io.StringIO(text, newline=""), name, "utf-8")
    first = next(records, None)
    if first is None:
        raise DataError(Problem("the file is empty; expected a header such as 'indicator,score'", name))
    return Table(name, first[1], records, first[0])


# -- turning a Table into agencies --------------------------------------------------------


def _detect(table: Table, rules: RuleSet) -> Shape:
    cols = [_HEADER_ALIASES.get(_norm_header(h), _norm_header(h)) for h in table.header]
    if cols == ["indicator", "score"]:
        return "indicators"
    if cols == ["question", "score"]:
        return "questions"
    if cols and cols[0] == "agency" and any(_NUMBER_LIKE.match(c) for c in cols[1:]):
        return "agencies"
    known = set(rules.sub_item_codes) | set(rules.question_codes)
    if any(c in known for c in cols):
        return "answers"
    raise DataError(
        Problem(
            "the header does not tell what the file holds; expected 'indicator,score', "
            "'question,score', 'agency,1,2,…' or a column per question code (i1.1, i2, …, e15)",
            table.file, table.header_line, value=",".join(table.header),
        )
    )


def _score(text: str, problems: _Problems, row: int, column: str) -> Fraction | None:
    if not text:
        problems.add("the score is missing (expected a number from 0 to 100)", row, column)
        return None
    try:
        value = to_fraction(text)
    except ValueError:
        problems.add("is not a number (expected a score from 0 to 100)", row, column, text)
        return None
    if not ZERO <= value <= HUNDRED:
        problems.add("is out of range (expected a score from 0 to 100)", row, column, text)
        return None
    return value


def _check_width(cells: Sequence[str], width: int, problems: _Problems, row: int) -> None:
    if len(cells) > width and any(cells[width:]):
        problems.add(f"the row has {len(cells)} values but the header has {width} columns", row)


def _read_indicators(table: Table, rules: RuleSet, problems: _Problems) -> AgencyData:
    scores: dict[int, Fraction] = {}
    first_line: dict[int, int] = {}
    col_ind, col_score = table.header[0], table.header[1]
    for line, cells in table.rows:
        _check_width(cells, 2, problems, line)
        label = (cells[0] if cells else "").translate(FROM_THAI_DIGITS)
        label = label.replace("ตัวชี้วัดที่", "").strip()
        if not _NUMBER_LIKE.match(label):
            problems.add("is not an indicator number (expected a whole number such as 1 or ๑)",
                         line, col_ind, cells[0] if cells else "")
            continue
        number = int(label)
        try:
            rules.indicator(number)
        except KeyError:
            known = ", ".join(str(i.number) for i in rules.indicators)
            problems.add(f"is not an indicator of {rules.year} (expected one of {known})",
                         line, col_ind, cells[0])
            continue
        if number in first_line:
            problems.add(f"is given twice (first on {problems.row_name} {first_line[number]})",
                         line, col_ind, cells[0])
            continue
        first_line[number] = line
        value = _score(cells[1] if len(cells) > 1 else "", problems, line, col_score)
        if value is not None:
            scores[number] = value
    return AgencyData(indicator_scores=scores, source=table.file)


def _item_result(text: str) -> bool | None:
    folded = normalise_answer(text)
    if folded in _PASS:
        return True
    if folded in _FAIL:
        return False
    try:
        value = to_fraction(folded)
    except ValueError:
        return None
    return True if value == HUNDRED else False if value == ZERO else None


def _read_questions(table: Table, rules: RuleSet, problems: _Problems) -> AgencyData:
    scores: dict[str, Fraction] = {}
    items: dict[str, bool] = {}
    first_line: dict[str, int] = {}
    col_code, col_score = table.header[0], table.header[1]
    for line, cells in table.rows:
        _check_width(cells, 2, problems, line)
        code = _norm_header(cells[0]) if cells else ""
        value_text = cells[1] if len(cells) > 1 else ""
        if code in first_line:
            problems.add(f"is given twice (first on {problems.row_name} {first_line[code]})", line, col_code, cells[0])
            continue
        if code in rules.item_codes:
            first_line[code] = line
            passed = _item_result(value_text)
            if passed is None:
                problems.add("is not an OIT result (expected 100 or 0, pass or fail, ผ่าน or ไม่ผ่าน, "
                             "yes or no, มี or ไม่มี)", line, col_score, value_text)
            else:
                items[code] = passed
        elif code in rules.question_codes:
            first_line[code] = line
            value = _score(value_text, problems, line, col_score)
            if value is not None:
                scores[code] = value
        elif code in rules.sub_item_codes:
            question = rules.sub_item(code)[0].code
            problems.add(f"is a sub-item; give the score of the whole question {question}",
                         line, col_code, cells[0])
        else:
            problems.add(f"is not a question or OIT item code of {rules.year} "
                         f"(expected i1-i30, e1-e15 or o1-o43 style codes)", line, col_code, cells[0] if cells else "")
    return AgencyData(question_scores=scores, item_results=items, source=table.file)


def _read_agencies(table: Table, rules: RuleSet, problems: _Problems) -> list[AgencyData]:
    numbers: dict[int, int] = {}  # column index -> indicator number
    extras: dict[int, str] = {}
    seen_headers: dict[str, int] = {}
    for index, head in enumerate(table.header[1:], start=1):
        norm = _norm_header(head)
        if norm in seen_headers:
            problems.add("appears twice in the header", table.header_line, head, head)
            continue
        seen_headers[norm] = index
        if _NUMBER_LIKE.match(norm):
            number = int(norm)
            try:
                rules.indicator(number)
            except KeyError:
                known = ", ".join(str(i.number) for i in rules.indicators)
                problems.add(f"is not an indicator of {rules.year} (expected one of {known})",
                             table.header_line, head, head)
                continue
            numbers[index] = number
        elif _CODE_LIKE.match(norm):
            problems.add("is a question code; a many-agency table takes indicator numbers as columns",
                         table.header_line, head, head)
        else:
            extras[index] = head
    agencies: list[AgencyData] = []
    first_line: dict[str, int] = {}
    width = len(table.header)
    for line, cells in table.rows:
        _check_width(cells, width, problems, line)
        name = cells[0] if cells else ""
        if not name:
            problems.add("the agency name is missing", line, table.header[0])
            continue
        if name in first_line:
            problems.add(f"appears twice (first on {problems.row_name} {first_line[name]})", line, table.header[0], name)
            continue
        first_line[name] = line
        scores = {}
        for index, number in numbers.items():
            value = _score(cells[index] if index < len(cells) else "", problems, line, table.header[index])
            if value is not None:
                scores[number] = value
        extra = {extras[i]: (cells[i] if i < len(cells) else "") for i in extras}
        agencies.append(AgencyData(agency=name, indicator_scores=scores, extra=extra, source=table.file))
    return agencies


def _read_answers(
    table: Table, rules: RuleSet, problems: _Problems, *, skip_unreadable: bool = False
) -> list[AgencyData]:
    columns: dict[int, str] = {}  # column index -> sub-item code
    agency_col: int | None = None
    seen: dict[str, int] = {}
    for index, head in enumerate(table.header):
        norm = _HEADER_ALIASES.get(_norm_header(head), _norm_header(head))
        if norm in seen:
            problems.add("appears twice in the header", table.header_line, head, head)
            continue
        seen[norm] = index
        if norm in _META_COLUMNS:
            if norm == "agency":
                agency_col = index
            continue
        if norm in rules.sub_item_codes:
            columns[index] = norm
        elif norm in rules.question_codes:
            subs = ", ".join(s.code for s in rules.question(norm)[1].sub_items)
            problems.add(f"is ambiguous: question {norm} has sub-items ({subs}) that may be scored in "
                         "different directions; give a column per sub-item", table.header_line, head, head)
        else:
            problems.add(f"is not an answer column of {rules.year} (expected a sub-item code such as "
                         "i1.1 or i2, or agency, respondent, timestamp)", table.header_line, head, head)
    problems.raise_if_any()

    scales = {code: rules.scale(rules.sub_item(code)[1].scale) for code in columns.values()}
    # The counting loop lives in tally.py: chunked, column-wise and at C speed (docs/performance.md).
    from .tally import count_answers

    return count_answers(
        table.rows, header=table.header, columns=columns, scales=scales, agency_col=agency_col,
        problems=problems, source=table.file, skip_unreadable=skip_unreadable,
    )


def parse_table(table: Table, rules: RuleSet, *, skip_unreadable: bool = False) -> InputFile:
    """Tell a table's shape from its header and read its agencies; raises DataError listing every problem."""
    shape = _detect(table, rules)
    problems = _Problems(table.file, table)
    rows = iter(table.rows)
    first = next(rows, None)
    if first is None:
        problems.add("the file has a header but no data rows", table.header_line)
        problems.raise_if_any()
    assert first is not None  # raise_if_any raised otherwise
    put_back = getattr(rows, "put_back", None)
    table = attrs.evolve(table, rows=put_back(first) if put_back else itertools.chain([first], rows))
    agencies: Iterable[AgencyData]
    if shape == "indicators":
        agencies = [_read_indicators(table, rules, problems)]
    elif shape == "questions":
        agencies = [_read_questions(table, rules, problems)]
    elif shape == "agencies":
        agencies = _read_agencies(table, rules, problems)
    else:
        agencies = _read_answers(table, rules, problems, skip_unreadable=skip_unreadable)
    problems.raise_if_any()
    return InputFile(table.file, shape, tuple(agencies))


_TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _kind_of(path: Path) -> Literal["text", "xlsx", "json"]:
    """What reader a file needs, by its name and, for a misnamed file, by its first bytes."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    suffix = path.suffix.lower()
    if magic.startswith(_OLE_MAGIC):
        raise DataError(Problem(
            "is an old Excel 97-2003 workbook (.xls) or a password-protected one, which itakit cannot "
            "read; save it as an Excel workbook (.xlsx) without a password, or as CSV", name))
    if suffix == ".xls":
        raise DataError(Problem("an .xls file must be an Excel 97-2003 workbook, and this one is not; "
                                "save the data as .xlsx or CSV", name))
    if suffix in _XLSX_SUFFIXES:
        return "xlsx"
    if magic.startswith(_ZIP_MAGIC):
        if suffix in _TEXT_SUFFIXES or suffix == ".json":
            raise DataError(Problem(
                f"is a zip archive (an Excel workbook?), not {suffix[1:].upper()} text; "
                "if it is a workbook, name it .xlsx", name))
        return "xlsx"
    if suffix == ".json":
        return "json"
    return "text"


def read_input(
    path: str | Path,
    rules: RuleSet,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    mapping: str | Path | None = None,
    skip_unreadable: bool = False,
) -> InputFile:
    """Read an input file of any shape for a rule set; raises DataError listing every problem found.

    The reader follows the file name: ``.csv``/``.txt``/``.tsv`` text (encoding detected,
    or ``encoding``: utf-8, utf-16, cp874/tis-620), ``.xlsx`` (``sheet`` by name, the first
    by default) and ``.json`` (results as written by ``itakit score --format json``).
    ``mapping`` is a file telling which question each column of a survey export answers
    (see ``docs/surveys.md``); survey exports whose headers start with codes need none.
    """
    path = Path(path)
    kind = _kind_of(path)
    if sheet is not None and kind != "xlsx":
        raise UsageError(f"{path}: --sheet is for Excel workbooks (.xlsx), and this is not one")
    if kind == "json":
        if mapping is not None:
            raise UsageError(f"{path}: a mapping is for survey exports, not JSON results")
        from .jsoninput import read_json_results

        return read_json_results(path, rules, encoding=encoding)
    survey_map = None
    if mapping is not None:
        from .survey import load_mapping

        survey_map = load_mapping(mapping, rules)
    if kind == "xlsx":
        if encoding is not None:
            raise UsageError(f"{path}: --encoding is for text files; an Excel workbook says its own encoding")
        from .xlsx import read_xlsx_table

        table = read_xlsx_table(path, sheet=sheet)
    else:
        table = read_csv_table(path, encoding=encoding)
    if survey_map is not None or not _plainly_named(table.header, rules):
        from .survey import needs_translation, read_survey

        if survey_map is not None or needs_translation(table.header, rules):
            return read_survey(table, rules, survey_map, skip_unreadable=skip_unreadable)
    return parse_table(table, rules, skip_unreadable=skip_unreadable)


def _plainly_named(header: Sequence[str], rules: RuleSet) -> bool:
    """True when every column has one of the names :func:`parse_table` reads, and none is a timestamp.

    Such a header is never a survey export's, so the survey module (its question texts
    and patterns) need not be loaded to tell; any other header is asked of
    :func:`itakit.survey.needs_translation`.
    """
    codes = rules.sub_item_codes + rules.question_codes
    for head in header:
        norm = _norm_header(head)
        if _HEADER_ALIASES.get(norm, "timestamp") == "timestamp" and norm not in codes:
            return False
    return True
