"""The exceptions itakit raises on purpose, so callers can catch exactly these.

Every error the library means to raise derives from :class:`ItakitError`; the CLI
turns them into a message and an exit code instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DataError",
    "ItakitError",
    "PluginError",
    "Problem",
    "RuleSetError",
    "UsageError",
    "install_hint",
    "missing_extra",
]


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
