"""Why a request is refused, as the Thai page says it: a status, a title, what to do, and the located problems.

Every refusal of the web page is one :class:`Refusal`: a 4xx status, a Thai title and
explanation, the English words of the command line in small print, and for a file that
cannot be read every :class:`~itakit.errors.Problem` — file, line or row, column, value —
exactly as ``itakit score`` prints them, with the uploaded file named by its own name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from ..errors import DataError, ItakitError, Problem

__all__ = ["ProblemRow", "Refusal", "Refused", "from_error", "problem_rows"]


def _problems(value: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(value)


@attrs.frozen
class Refusal:
    """What the error page shows, and the status it is sent with."""

    status: int
    title: str
    """A Thai heading: what happened."""
    advice: str
    """A Thai sentence: what to do about it."""
    english: str = ""
    """The command line's English message (or a short English gloss), shown in small print."""
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_problems)
    truncated: int = 0
    """Problems found but not listed (as ``DataError.truncated``)."""

    def __attrs_post_init__(self) -> None:
        if not 400 <= self.status <= 599:
            raise ValueError(f"a refusal's status is 4xx or 5xx, not {self.status}")


class Refused(Exception):
    """Raised by a route to answer with the error page of its :class:`Refusal`."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.english or refusal.title)
        self.refusal = refusal


@attrs.frozen
class ProblemRow:
    """One problem as a row of the error page's table, in Thai column names."""

    file: str
    place: str
    """``บรรทัด 3`` (a text file's line) or ``แถว 3`` (a spreadsheet's row), or empty."""
    column: str
    value: str
    message: str
    cli: str
    """The same problem exactly as the command line prints it."""


_ROW_NAMES = {"line": "บรรทัด", "row": "แถว"}


def problem_rows(problems: Iterable[Problem]) -> tuple[ProblemRow, ...]:
    """The problems as table rows: where (file, line, column), the value found, and the message."""
    rows = []
    for p in problems:
        place = f"{_ROW_NAMES.get(p.row_name, p.row_name)} {p.row}" if p.row is not None else ""
        column = ""
        if p.column_letter is not None:
            column = p.column_letter + (f" ({p.column})" if p.column else "")
        elif p.column is not None:
            column = p.column
        rows.append(ProblemRow(p.file or "", place, column, "" if p.value is None else p.value, p.message, str(p)))
    return tuple(rows)


def _renamed(problem: Problem, rename: Callable[[str], str]) -> Problem:
    return attrs.evolve(problem, file=None if problem.file is None else rename(problem.file),
                        message=rename(problem.message))


def from_error(exc: ItakitError, rename: Callable[[str], str] = str, *, what: str = "ไฟล์") -> Refusal:
    """The refusal of an itakit error: every problem of a DataError, the message of any other (a UsageError…).

    ``rename`` turns the private temporary path of an upload back into the name the file
    was uploaded with, wherever a message or problem names it.
    """
    if isinstance(exc, DataError):
        shown = exc.first()  # many agencies' problems: the first ones, the rest counted
        return Refusal(
            400, f"อ่าน{what}นี้ไม่ได้",
            f"แก้{what}ตามรายการด้านล่าง (ตำแหน่ง ค่าที่พบ และสิ่งที่ควรเป็น) แล้วส่งใหม่อีกครั้ง",
            rename(str(shown)), tuple(_renamed(p, rename) for p in shown.problems), shown.truncated,
        )
    return Refusal(400, f"ใช้{what}นี้ไม่ได้", "อ่านข้อความด้านล่าง แก้ไขแล้วส่งใหม่อีกครั้ง", rename(str(exc)))
