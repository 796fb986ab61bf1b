"""Read an agency's figures from a file of any format into :class:`~itakit.inputs.data.AgencyData`.

The one module that knows every format: it tells a file's kind by its name and first
bytes, hands it to the format's reader (text, Excel, JSON, survey export) and the
resulting table to :func:`~itakit.inputs.shapes.parse_table`.
"""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs

from ..atomic import check_input
from ..errors import DataError, Problem, UsageError
from ..rules.model import RuleSet
from .shapes import HEADER_ALIASES, parse_table
from .table import InputFile, norm_header, read_csv_table, unreadable

__all__ = ["HEAD_RECORDS", "NeedsQuestions", "read_head", "read_input", "year_named_by"]

HEAD_RECORDS = 200
"""Records :func:`read_head` reads after the header: enough to tell a file's shape and whether it fits a year."""


class NeedsQuestions(DataError):
    """Question-level, item-level or raw-answer input for a year whose rules hold only indicators."""

_TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _kind_of(path: Path) -> Literal["text", "xlsx", "json"]:
    """What reader a file needs, by its name and, for a misnamed file, by its first bytes."""
    name = str(path)
    check_input(path)  # a named pipe would hang here, or be read twice
    try:
        with open(path, "rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise unreadable(name, exc) from None
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
    if not rules.question_codes and not rules.item_codes:
        try:
            return _read(path, rules, encoding=encoding, sheet=sheet, mapping=mapping, skip_unreadable=skip_unreadable)
        except NeedsQuestions:
            raise
        except DataError as exc:
            if not any(_about_codes(p.message) for p in exc.problems):
                raise
            raise NeedsQuestions(
                [Problem(
                    f"the rules of {rules.year} are indicator-level (they hold no questions or checklist items), "
                    "so only indicator scores can be scored with them; for question-level, item-level or "
                    f"raw-answer input, a rule file with {rules.year}'s questions is needed (--rules FILE, e.g. a "
                    "copy of `itakit rules --year 2565` edited; or a year plugin, docs/plugins.md)", str(path)),
                 *exc.problems[:3]],
                truncated=max(0, len(exc.problems) - 3) + exc.truncated,
            ) from None
    return _read(path, rules, encoding=encoding, sheet=sheet, mapping=mapping, skip_unreadable=skip_unreadable)


def read_head(
    path: str | Path,
    rules: RuleSet,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    mapping: str | Path | None = None,
    skip_unreadable: bool = False,
) -> InputFile:
    """Read only a file's header and first :data:`HEAD_RECORDS` records, as :func:`read_input` reads them.

    Whether a file fits a year's rules shows there (its columns, its codes, its first
    answers); the command line asks it of every other installed year when the file does
    not fit the year used, without reading a large file again for each.
    """
    token = _HEAD.set(HEAD_RECORDS)
    try:
        return read_input(path, rules, encoding=encoding, sheet=sheet, mapping=mapping,
                          skip_unreadable=skip_unreadable)
    finally:
        _HEAD.reset(token)


_HEAD: contextvars.ContextVar[int | None] = contextvars.ContextVar("itakit_read_head", default=None)


def _about_codes(message: str) -> bool:
    """True for a reader's complaint that a question, item or column is unknown to the year."""
    return any(words in message for words in ("is not a question", "is not mapped to a question",
                                              "is not a result of", "not a question or checklist item code",
                                              "is not a checklist item code"))


def year_named_by(path: str | Path, years: Sequence[int]) -> int | None:
    """The installed year a file names: a JSON result's ``"year"``, else a Buddhist-Era year in the file name.

    How ``itakit`` picks the year when ``--year`` is left out (``lamliang-2565-indicators.csv``
    is read as 2565); None when the file names no installed year, or more than one.
    """
    import re

    path = Path(path)
    found: set[int] = set()
    if path.suffix.lower() == ".json":
        try:
            with open(path, "rb") as fh:
                head = fh.read(65536).decode("utf-8", "ignore")
        except OSError:
            head = ""
        found = {int(y) for y in re.findall(r'"year"\s*:\s*(\d{4})', head)} & set(years)
    if not found:
        found = {int(y) for y in re.findall(r"(?<!\d)(2[4-6]\d\d)(?!\d)", path.name)} & set(years)
    return found.pop() if len(found) == 1 else None


def _read(
    path: Path,
    rules: RuleSet,
    *,
    encoding: str | None,
    sheet: str | None,
    mapping: str | Path | None,
    skip_unreadable: bool,
) -> InputFile:
    kind = _kind_of(path)
    if sheet is not None and kind != "xlsx":
        raise UsageError(f"{path}: --sheet is for Excel workbooks (.xlsx), and this is not one")
    if kind == "json":
        if mapping is not None:
            raise UsageError(f"{path}: a mapping is for survey exports, not JSON results")
        from .jsonfile import read_json_results

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
    head = _HEAD.get()
    if head is not None:  # the header and the first records only (read_head)
        table = attrs.evolve(table, rows=itertools.islice(table.rows, head))
    if survey_map is not None or not _plainly_named(table.header, rules):
        from .survey import needs_translation, read_survey

        if survey_map is not None or needs_translation(table.header, rules):
            return read_survey(table, rules, survey_map, skip_unreadable=skip_unreadable)
    return parse_table(table, rules, skip_unreadable=skip_unreadable)


def _plainly_named(header: Sequence[str], rules: RuleSet) -> bool:
    """True when every column has one of the names :func:`parse_table` reads, and none is a timestamp.

    Such a header is never a survey export's, so the survey module (its question texts
    and patterns) need not be loaded to tell; any other header is asked of
    :func:`itakit.inputs.survey.needs_translation`.
    """
    codes = rules.sub_item_codes + rules.question_codes
    for head in header:
        norm = norm_header(head)
        if HEADER_ALIASES.get(norm, "timestamp") == "timestamp" and norm not in codes:
            return False
    return True
