"""The exceptions itakit raises on purpose, so callers can catch exactly these.

Every error the library means to raise derives from :class:`ItakitError`; the CLI
turns them into a message and an exit code instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import attrs

__all__ = [
    "MAX_PROBLEMS",
    "DataError",
    "ItakitError",
    "PluginError",
    "Problem",
    "Problems",
    "RuleSetError",
    "Sheet",
    "UsageError",
    "install_hint",
    "missing_extra",
]

MAX_PROBLEMS = 50
"""Problems collected from one input before the rest are only counted."""


class ItakitError(Exception):
    """Base of every error itakit raises deliberately."""

    exit_code = 1


class UsageError(ItakitError):
    """The caller asked for something that cannot be done (unknown year, bad option)."""

    exit_code = 2


def install_hint(extra: str) -> str:
    """How to install an extra, both from a package index and from a clone of the repository."""
    return f"pip install 'itakit[{extra}]' (from a clone of the repository: pip install '.[{extra}]')"


def missing_extra(what: str, library: str, extra: str, instead: str = "") -> UsageError:
    """The usage error for a feature whose optional library is not installed, with both install commands."""
    tail = f"; or {instead}" if instead else ""
    return UsageError(f"{what} needs {library}: {install_hint(extra)}{tail}")


class RuleSetError(ItakitError, ValueError):
    """A rule set that cannot be right: the message names the offending field."""


class PluginError(ItakitError):
    """A plugin could not be loaded, or two plugins claim the same year."""


@attrs.frozen
class Problem:
    """One thing wrong with an input: where it is, what was found, what was expected."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    column_letter: str | None = attrs.field(default=None, kw_only=True)
    """The spreadsheet letter of the column (``C``), when the input is a spreadsheet or a survey export."""
    row_name: str = attrs.field(default="line", kw_only=True)
    """What ``row`` counts: ``line`` in a text file, ``row`` in a spreadsheet."""

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"{self.row_name} {self.row}")
        if self.column_letter is not None:
            where.append(f"column {self.column_letter}" + (f" ({self.column!r})" if self.column else ""))
        elif self.column is not None:
            where.append(f"column {self.column!r}")
        found = f"{self.value!r} " if self.value is not None else ""
        prefix = ", ".join(where)
        return f"{prefix}: {found}{self.message}" if prefix else f"{found}{self.message}"


class DataError(ItakitError, ValueError):
    """An input that cannot be scored; carries every :class:`Problem` found, not only the first."""

    def __init__(self, problems: Iterable[Problem] | Problem | str, *, truncated: int = 0) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.truncated = truncated
        lines = [str(p) for p in self.problems]
        if truncated:
            lines.append(f"... and {truncated} more problem(s) not shown")
        super().__init__("\n".join(lines))

    def first(self, limit: int = MAX_PROBLEMS) -> DataError:
        """This error as shown to a person: its first ``limit`` problems, the rest counted (itself when that is all)."""
        if len(self.problems) <= limit:
            return self
        return DataError(self.problems[:limit], truncated=self.truncated + len(self.problems) - limit)


class Sheet(Protocol):
    """What a collector needs of a table to locate its problems: the header, the columns' letters, what a row is."""

    @property
    def header(self) -> Sequence[str]: ...

    @property
    def column_letters(self) -> Sequence[str]: ...

    @property
    def row_name(self) -> str: ...


def _by_row(problem: Problem) -> tuple[bool, int]:
    return problem.row is None, problem.row or 0


class Problems:
    """The one problem collector: every reader adds what is wrong, located, and raises them all once.

    A user fixes a file in one go, so readers do not stop at the first problem: they
    :meth:`add` each one where it is (a row and column of a table, :meth:`at` a JSON path,
    :meth:`add_key` a TOML key), :meth:`merge` what another step found, and
    :meth:`raise_if_any` at the end.  Past ``limit`` problems (None: no limit) the rest are
    only counted, and the error says how many were left out.  Each message common to several
    readers is written here once (:meth:`given_twice`, :meth:`too_wide`).
    """

    def __init__(
        self,
        file: str | None = None,
        table: Sheet | None = None,
        *,
        row_name: str | None = None,
        limit: int | None = MAX_PROBLEMS,
        key_column: Callable[[str], str] | None = None,
    ) -> None:
        self.file = file
        self.items: list[Problem] = []
        """The problems kept, in the order found (at most ``limit``)."""
        self.dropped = 0
        """How many more were found past the limit."""
        self.limit = limit
        self.row_name = row_name or (table.row_name if table is not None else "line")
        """What the rows count: ``line`` in a text file, ``row`` in a spreadsheet."""
        self.letters: dict[str, str] = {}
        if table is not None:
            for head, letter in zip(table.header, table.column_letters, strict=False):
                self.letters.setdefault(head, letter)
        self.key_column = key_column
        """For a table whose columns stand for keys (a plan as CSV), the column a key is read from."""

    def __bool__(self) -> bool:
        return bool(self.items) or bool(self.dropped)

    def __len__(self) -> int:
        return len(self.items) + self.dropped

    def note(self, problem: Problem) -> None:
        """Keep a problem already made, or count it past the limit."""
        if self.limit is None or len(self.items) < self.limit:
            self.items.append(problem)
        else:
            self.dropped += 1

    def add(self, message: str, row: int | None = None, column: str | None = None, value: str | None = None, *,
            row_name: str | None = None) -> None:
        """A problem in a row (and a column, with the value found there) of the file; the column's letter is added
        when the table has letters."""
        if self.limit is not None and len(self.items) >= self.limit:
            self.dropped += 1
            return
        letter = self.letters.get(column) if column is not None else None
        self.items.append(Problem(message, self.file, row, column, value, column_letter=letter,
                                  row_name=row_name or self.row_name))

    def at(self, path: str, message: str) -> None:
        """A problem at a JSON path of the file (``$[2].indicators[3].score``)."""
        self.add(f"at {path}: {message}")

    def add_key(self, message: str, row: int | None = None, key: str | None = None, value: object = None) -> None:
        """A problem of a key of a TOML file (``key i2.period.end = '2022-13-01': …``), or, when the keys stand for
        columns (``key_column``), of the column it is read from."""
        shown = None if value is None else str(value)
        if key is None:
            self.add(message, row, None, shown)
        elif self.key_column is not None:
            self.add(message, row, self.key_column(key), shown)
        else:
            found = f" = {shown!r}" if shown is not None and shown != key.rsplit(".", 1)[-1] else ""
            self.add(f"key {key}{found}: {message}", row)

    def given_twice(self, first: int, row: int, column: str | None = None, value: str | None = None) -> None:
        """A value given a second time (a code, an indicator, an id), naming the row that gave it first."""
        self.add(f"is given twice (first on {self.row_name} {first})", row, column, value)

    def too_wide(self, values: int, width: int, row: int) -> None:
        """A row with more values than the header has columns."""
        self.add(f"the row has {values} values but the header has {width} columns", row)

    def merge(self, found: Problems | DataError | Iterable[Problem], *, about: str = "", by_row: bool = False) -> None:
        """Take in what another step found (a collector, a :class:`DataError`, problems), with what it left uncounted.

        ``about`` names what the problems are about (``agency 'A': ``) in front of each that does
        not locate itself by a row or a JSON path; ``by_row`` orders every problem kept by its row
        (those of no row last) before the limit is applied.
        """
        if isinstance(found, Problems):
            more, dropped = list(found.items), found.dropped
        elif isinstance(found, DataError):
            more, dropped = list(found.problems), found.truncated
        else:
            more, dropped = list(found), 0
        if about:
            more = [p if p.row is not None or p.message.startswith("at $") else
                    attrs.evolve(p, message=about + p.message) for p in more]
        every = [*self.items, *more]
        if by_row:
            every.sort(key=_by_row)
        keep = len(every) if self.limit is None else self.limit
        self.items = every[:keep]
        self.dropped += dropped + len(every[keep:])

    def error(self) -> DataError:
        """The :class:`DataError` of every problem collected."""
        return DataError(self.items, truncated=self.dropped)

    def raise_if_any(self) -> None:
        """Raise every problem collected at once, if there is any."""
        if self:
            raise self.error()
