"""The count table both counters return: how many respondents of each agency gave each answer to each sub-item.

Scoring needs nothing else from raw answers.  One row per agency; per sub-item one
column per option key (in scale order) and one for blanks.  The Arrow counter hands
over one numpy int64 matrix; the pure counter (and :func:`tables_of_tallies`, for
agencies given as dicts of tallies) one list of Python ints per column.  Either way
:class:`AnswerCounts` is a :class:`~itakit.inputs.data.ArrayTable`: each agency's
tallies are built only when asked for (:class:`~itakit.inputs.data.CountedAnswers`),
and scoring sums points over every agency at once (:mod:`itakit.scoring.bulk`).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from itertools import chain, compress, repeat
from operator import add, attrgetter, itemgetter, mul
from typing import Any

from ..data import AgencyData, AnswerTally, CountedAnswers, counted_tally

__all__ = ["NUMPY_ROWS", "AnswerCounts", "agency_data", "numpy_for", "tables_of_tallies"]

NUMPY_ROWS = 3000
"""Fewer agencies than this are scored in Python ints unless numpy is loaded already: importing it
(about 0.1 s) would cost more than it saves."""

_COUNTS = attrgetter("counts")
_BLANK = attrgetter("blank")


def numpy_for(size: int) -> Any:
    """numpy to work on ``size`` agencies at once, or None: not installed, or not worth loading for so few."""
    if "numpy" in sys.modules:
        return sys.modules["numpy"]  # None where it was made unimportable
    if size < NUMPY_ROWS:
        return None
    try:
        import numpy
    except ImportError:
        return None
    return numpy


class AnswerCounts:
    """Answer counts per agency (rows) and sub-item option (columns: each sub-item's keys, then its blanks).

    Give ``matrix`` (a numpy int64 array, agencies × columns) or ``columns`` (a list of
    Python ints per column, one per agency); ``keys`` are each sub-item's option keys.
    """

    def __init__(self, codes: Sequence[str], keys: Sequence[Sequence[str]], *, matrix: Any = None,
                 columns: Sequence[list[int]] | None = None, size: int | None = None) -> None:
        if (matrix is None) == (columns is None):
            raise ValueError("give the counts as a matrix or as columns")
        self.codes = tuple(codes)
        self.keys = tuple(tuple(k) for k in keys)
        starts = []
        start = 0
        for k in self.keys:
            starts.append(start)
            start += len(k) + 1
        self.width = start
        self.layout = {code: (k, s) for code, k, s in zip(self.codes, self.keys, starts, strict=True)}
        self.matrix = matrix
        self.columns = columns
        if matrix is not None:
            self._size = len(matrix)
        else:
            assert columns is not None
            if len(columns) != self.width:
                raise ValueError(f"expected {self.width} columns of counts, got {len(columns)}")
            self._size = len(columns[0]) if columns else (size or 0)
        self.cached: dict[str, tuple[Mapping[str, int], list[int] | None, list[int] | None]] = {}
        self.blank_totals: list[int] | None = None
        self.arrays: dict[str, Any] = {}

    @property
    def size(self) -> int:
        """How many agencies (rows) it holds."""
        return self._size

    def _row(self, row: int, start: int, stop: int) -> list[int]:
        if self.matrix is not None:
            return self.matrix[row, start:stop].tolist()  # type: ignore[no-any-return]
        assert self.columns is not None
        return [column[row] for column in self.columns[start:stop]]

    def _block(self, code: str) -> Any:
        """One sub-item's counts of its option keys (not its blanks), agencies × keys, as int64; None when too large."""
        keys, start = self.layout[code]
        if self.matrix is not None:
            return self.matrix[:, start:start + len(keys)]
        if code not in self.arrays:
            np = numpy_for(self._size)
            assert np is not None and self.columns is not None
            try:
                block = np.array(self.columns[start:start + len(keys)], dtype=np.int64).reshape(len(keys), self._size).T
            except OverflowError:
                block = None
            self.arrays[code] = block
        return self.arrays[code]

    def tally(self, row: int, code: str) -> AnswerTally:
        """One agency's tally of one sub-item: the answers given (nonzero counts, as counted), then the blanks."""
        keys, start = self.layout[code]
        counts = self._row(row, start, start + len(keys) + 1)
        return counted_tally(dict(compress(zip(keys, counts, strict=False), counts)), counts[-1])

    def blanks(self, row: int) -> int:
        """How many blank answers one agency left, over all sub-items."""
        if self.blank_totals is None:
            places = [start + len(keys) for keys, start in self.layout.values()]
            if self.matrix is not None:
                self.blank_totals = self.matrix[:, places].sum(axis=1).tolist() if places else [0] * self._size
            else:
                assert self.columns is not None
                totals = [0] * self._size
                for place in places:
                    totals = list(map(add, totals, self.columns[place]))
                self.blank_totals = totals
        return self.blank_totals[row]

    def column_sums(self, code: str, points: Mapping[str, int]) -> tuple[list[int], list[int]] | None:
        """Every agency's (Σ points × count, respondents who answered) of a sub-item, by row, exactly.

        None for a code it did not count or when one of its keys has no points.
        """
        if code not in self.layout:
            return None
        hit = self.cached.get(code)
        if hit is None or hit[0] is not points:  # the scorer keeps one points table per scale: identity suffices
            hit = self.cached[code] = (points, *self._sums(code, points))
        totals, answered = hit[1], hit[2]
        if totals is None or answered is None:
            return None
        return totals, answered

    def column_arrays(self, code: str, points: Mapping[str, int]) -> tuple[Any, Any] | None:
        """:meth:`column_sums` as two int64 numpy arrays; None also without numpy or when a sum might not fit int64."""
        if code not in self.layout:
            return None
        keys, _ = self.layout[code]
        if any(key not in points for key in keys):
            return None
        if self.matrix is None and numpy_for(self._size) is None:
            return None
        block = self._block(code)
        if block is None or (block.size and int(block.max()) * len(keys) >= 1 << 62):
            return None  # beyond int64, or answered counts that might not fit
        np = sys.modules["numpy"]
        answered = block.sum(axis=1)
        vector = [points[key] for key in keys]
        if max((abs(v) for v in vector), default=0) * (int(answered.max()) if len(answered) else 0) >= 1 << 62:
            return None
        return block @ np.asarray(vector, dtype=np.int64), answered

    def _sums(self, code: str, points: Mapping[str, int]) -> tuple[list[int] | None, list[int] | None]:
        keys, start = self.layout[code]
        if any(key not in points for key in keys):
            return None, None
        arrays = self.column_arrays(code, points) if self.matrix is not None else None
        if arrays is not None:  # int64 cannot overflow: the C product is exact
            return arrays[0].tolist(), arrays[1].tolist()
        totals = [0] * self._size
        answered = [0] * self._size
        for k, key in enumerate(keys):
            column = self._column(start + k)
            if points[key]:  # an answer worth nothing adds nothing (the lowest level, "no")
                totals = list(map(add, totals, map(mul, repeat(points[key]), column)))
            answered = list(map(add, answered, column))
        return totals, answered

    def _column(self, place: int) -> list[int]:
        if self.matrix is not None:
            return self.matrix[:, place].tolist()  # type: ignore[no-any-return]
        assert self.columns is not None
        return self.columns[place]


def agency_data(counts: AnswerCounts, names: Sequence[str | None], respondents: Sequence[int],
                unreadable: Mapping[int, list[str]], source: str) -> list[AgencyData]:
    """One AgencyData per row of ``counts``, in order: its name, tallies (that row), respondents and unreadable answers."""
    return [AgencyData(agency=name, answers=CountedAnswers(counts, row), respondents=n,
                       unreadable=unreadable.get(row, ()), source=source)
            for row, (name, n) in enumerate(zip(names, respondents, strict=True))]


def tables_of_tallies(agencies: Sequence[AgencyData]) -> dict[int, tuple[AnswerCounts, int]]:
    """Agencies that bring only dict tallies, by place, each with the count table of its group and its row there.

    Agencies group by their columns (in order); a group of one is left out (scoring it
    alone costs no more).  So the tallies of agencies read from one file, or given by a
    caller, are scored all at once like a counter's table.
    """
    groups: dict[tuple[str, ...], list[tuple[int, Mapping[str, AnswerTally]]]] = {}
    for place, data in enumerate(agencies):
        answers = data.answers
        if (isinstance(answers, dict) and answers and not data.indicator_scores and not data.question_scores
                and not data.item_results):
            groups.setdefault(tuple(answers), []).append((place, answers))
    found: dict[int, tuple[AnswerCounts, int]] = {}
    for codes, members in groups.items():
        if len(members) > 1:
            table = _from_tallies([list(answers.values()) for _, answers in members], codes)
            found.update((place, (table, row)) for row, (place, _) in enumerate(members))
    return found


def _from_tallies(rows: list[list[AnswerTally]], codes: tuple[str, ...]) -> AnswerCounts:
    """A count table of agencies' tallies over the same codes (each row's tallies in the order of ``codes``).

    Each sub-item's keys are those counted in some row (zero counts are left out, as every
    counter leaves them out), in the order first met.
    """
    keys: list[tuple[str, ...]] = []
    columns: list[list[int]] = []
    for j in range(len(codes)):
        tallies = list(map(itemgetter(j), rows))
        counts: list[dict[str, int]] = list(map(_COUNTS, tallies))
        found = []
        for key in dict.fromkeys(chain.from_iterable(map(dict.keys, counts))):
            column = list(map(dict.get, counts, repeat(key), repeat(0)))
            if any(column):
                found.append(key)
                columns.append(column)
        keys.append(tuple(found))
        columns.append(list(map(_BLANK, tallies)))
    return AnswerCounts(codes, keys, columns=columns, size=len(rows))
