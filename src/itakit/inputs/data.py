"""What an agency brings to be scored: indicator scores, question scores, OIT item results, answer tallies.

Readers produce these, scoring consumes them.  Raw survey answers are kept as
*tallies* (how many respondents gave each answer to each sub-item) because a mean
over respondents only needs the counts: it is exact, independent of row order, and
the memory it needs does not grow with the number of respondents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

import attrs

from ..exact import HUNDRED, ZERO, to_fraction

__all__ = ["AgencyData", "AnswerTally", "ArrayTable", "CountTable", "CountedAnswers", "Place", "Stated", "counted_tally"]


def _as_dict(value: Mapping[Any, Any]) -> dict[Any, Any]:
    # A Python function rather than the builtin ``dict``: attrs inspects a converter's
    # signature, and inspecting a builtin costs milliseconds at import (see docs/performance.md).
    return dict(value)


def _as_tuple(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(value)


def _score_map(value: Mapping[Any, Any]) -> dict[object, Fraction]:
    out: dict[object, Fraction] = {}
    for key, raw in dict(value).items():
        frac = to_fraction(raw)
        if not ZERO <= frac <= HUNDRED:
            raise ValueError(f"score {raw!r} for {key!r} is outside 0-100")
        out[key] = frac
    return out


def _indicator_map(value: Mapping[Any, Any]) -> dict[int, Fraction]:
    return {int(str(k)): v for k, v in _score_map(value).items()}


def _question_map(value: Mapping[Any, Any]) -> dict[str, Fraction]:
    return {str(k): v for k, v in _score_map(value).items()}


def _item_map(value: Mapping[Any, Any]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for key, passed in dict(value).items():
        if not isinstance(passed, bool):
            raise ValueError(f"checklist item {key!r}: expected True (pass) or False (fail), got {passed!r}")
        out[str(key)] = passed
    return out


@attrs.frozen
class AnswerTally:
    """Counts of each answer key given to one sub-item, plus how many left it blank."""

    counts: Mapping[str, int] = attrs.field(factory=dict, converter=_as_dict)
    blank: int = 0

    def __attrs_post_init__(self) -> None:
        if self.blank < 0 or any(n < 0 for n in self.counts.values()):
            raise ValueError("answer counts cannot be negative")

    @classmethod
    def counted(cls, counts: dict[str, int], blank: int) -> AnswerTally:
        """A tally a reader counted itself (a new dict of positive counts it hands over), built without re-checking.

        National files make hundreds of thousands of tallies; the checks of the ordinary
        constructor would cost a tenth of the reading time.
        """
        return counted_tally(counts, blank) if cls is AnswerTally else cls(counts, blank)

    @property
    def answered(self) -> int:
        """How many respondents gave a readable answer."""
        return sum(self.counts.values())

    def __add__(self, other: AnswerTally) -> AnswerTally:
        merged = dict(self.counts)
        for key, n in other.counts.items():
            merged[key] = merged.get(key, 0) + n
        return AnswerTally(merged, self.blank + other.blank)


def _make_counted() -> Callable[[dict[str, int], int], AnswerTally]:
    """A constructor of counted tallies that sets the two slots directly (C calls only; 423,453 tallies nationally)."""
    new = object.__new__
    set_counts = AnswerTally.__dict__["counts"].__set__
    set_blank = AnswerTally.__dict__["blank"].__set__

    def counted(counts: dict[str, int], blank: int) -> AnswerTally:
        tally: AnswerTally = new(AnswerTally)
        set_counts(tally, counts)
        set_blank(tally, blank)
        return tally

    return counted


counted_tally = _make_counted()
"""A tally a reader counted itself, built without re-checking: :meth:`AnswerTally.counted` in one call."""


class CountTable(Protocol):
    """A reader's integer table of answer counts, one row per agency (the ``fast`` engine's)."""

    @property
    def codes(self) -> tuple[str, ...]:
        """The sub-item codes it counted, in column order."""

    @property
    def size(self) -> int:
        """How many agencies (rows) it holds."""

    def tally(self, row: int, code: str) -> AnswerTally:
        """One agency's tally of one sub-item (KeyError for a code it did not count)."""

    def column_sums(self, code: str, points: Mapping[str, int]) -> tuple[list[int], list[int]] | None:
        """Every agency's (Σ points × count, respondents who answered) of a sub-item, by row.

        None for a code it did not count or when one of its keys has no points.
        """

    def blanks(self, row: int) -> int:
        """How many blank answers one agency left, over all sub-items."""


class ArrayTable(CountTable, Protocol):
    """A :class:`CountTable` that also hands its column sums over as int64 numpy arrays (no list in between).

    Bulk scoring (:mod:`itakit.scoring.bulk`) uses ``column_arrays`` when a table has it,
    and ``column_sums`` otherwise or where it returns None.
    """

    def column_arrays(self, code: str, points: Mapping[str, int]) -> tuple[Any, Any] | None:
        """:meth:`column_sums` as two one-dimensional int64 numpy arrays, by row.

        None wherever ``column_sums`` gives None, and when a sum might not fit int64
        (``column_sums`` then gives them as Python ints).
        """


class CountedAnswers(Mapping[str, AnswerTally]):
    """One agency's tallies as a row of a reader's :class:`CountTable`, each tally built only when asked for.

    Equal to the dict of the same tallies.  Scoring reads the table's integer sums for
    all agencies at once (:mod:`itakit.scoring.bulk`) instead of walking 423,453 dicts nationally.
    """

    __slots__ = ("row", "table")

    def __init__(self, table: CountTable, row: int) -> None:
        self.table = table
        self.row = row

    def __getitem__(self, code: str) -> AnswerTally:
        return self.table.tally(self.row, code)

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.codes)

    def __len__(self) -> int:
        return len(self.table.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.table.codes

    def __repr__(self) -> str:
        return repr(dict(self))

    def blanks(self) -> int:
        """Blank answers over all sub-items."""
        return self.table.blanks(self.row)


@attrs.frozen
class Place:
    """Where a stated figure was read: a line (or spreadsheet row) and column, or a JSON path; and the text found."""

    row: int | None = None
    column: str | None = None
    path: str | None = None
    """A JSON path such as ``$[2].grade``, for results read from JSON."""
    text: str | None = None
    """The value as written (``"27.45"`` in a column of weighted points), for messages."""
    row_name: str = "line"


def _decimal_map(value: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return dict(value)


def _place_map(value: Mapping[str, Place]) -> dict[str, Place]:
    return dict(value)


@attrs.frozen
class Stated:
    """Figures a file states beside the indicator scores — a result written by itakit and read back, or a published
    table — all as displayed (two decimals, tool scores in percent whatever form they were written in).

    Scoring checks them against the indicator scores (a stated figure the indicators cannot give is refused)
    and then takes the displayed total and tool scores as the result's, so a result read back keeps its total,
    tool scores and rating; a stated grade or ``passed`` the year's rules do not give for those figures is
    refused, naming both.  ``places`` says where each was read (``"total"``, ``"grade"``, ``"passed"``,
    ``"tool:IIT"``), for messages.
    """

    total: Decimal | None = None
    tools: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_decimal_map)
    """Tool scores in percent (0-100), as displayed."""
    points: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_decimal_map)
    """Tool scores as weighted points (out of the tool's weight: IIT out of 30 in 2565), as displayed."""
    grade: str | None = None
    passed: bool | None = None
    places: Mapping[str, Place] = attrs.field(factory=dict, converter=_place_map, eq=False)

    @property
    def is_empty(self) -> bool:
        """True when nothing is stated."""
        return (self.total is None and not self.tools and not self.points and self.grade is None
                and self.passed is None)


def _answer_map(value: Mapping[str, AnswerTally]) -> Mapping[str, AnswerTally]:
    return value if isinstance(value, CountedAnswers) else dict(value)


@attrs.frozen
class AgencyData:
    """One agency's input for one year, in whatever mix of forms it came (each indicator from one form).

    ``indicator_scores`` are keyed by indicator number, ``question_scores`` by question
    code (points 0–100, already the right way round), ``item_results`` by OIT item
    code (True = pass) and ``answers`` by sub-item code.  Scores may be given as text,
    Decimal, int or Fraction; they are kept as exact Fractions.
    """

    agency: str | None = None
    indicator_scores: Mapping[int, Fraction] = attrs.field(factory=dict, converter=_indicator_map)
    question_scores: Mapping[str, Fraction] = attrs.field(factory=dict, converter=_question_map)
    item_results: Mapping[str, bool] = attrs.field(factory=dict, converter=_item_map)
    answers: Mapping[str, AnswerTally] = attrs.field(factory=dict, converter=_answer_map)
    respondents: int = 0
    """How many respondents' rows the tallies were counted from (0 when there are no raw answers)."""
    unreadable: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """Answers that could not be read and were counted as blank, each described with its place."""
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=_as_dict)
    """Other columns that came with the agency (province, agency type…), kept for grouping."""
    source: str | None = attrs.field(default=None, eq=False)
    """The file it was read from, for messages."""
    stated: Stated | None = attrs.field(default=None, kw_only=True)
    """Figures the file states beside the scores (a total, tool scores, a grade), checked and kept when scored."""

    @property
    def is_empty(self) -> bool:
        """True when there is nothing at all to score."""
        return not (self.indicator_scores or self.question_scores or self.item_results or self.answers
                    or (self.stated is not None and bool(self.stated.tools or self.stated.points)))
