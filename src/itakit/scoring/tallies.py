"""Many agencies' dict tallies seen as one count table, so that they too are scored all at once.

The pure-Python reader (and any caller of the API) gives each agency its tallies as a
dict of :class:`~itakit.inputs.data.AnswerTally`.  Agencies read from one file share
their columns; :func:`tally_tables` puts each such group behind the
:class:`~itakit.inputs.data.CountTable` protocol, and scoring then takes the path of the
``fast`` engine's table (:mod:`itakit.scoring.bulk`, :mod:`itakit.scoring.counted`):
the same exact results, with the per-agency work done once per column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain, repeat
from operator import add, attrgetter, mul
from typing import Any

from ..inputs.data import AgencyData, AnswerTally
from .bulk import numpy_for

__all__ = ["TallyTable", "tally_tables"]

_COUNTS = attrgetter("counts")
_BLANK = attrgetter("blank")


class TallyTable:
    """Agencies' dict tallies over the same sub-item codes, as one :class:`~itakit.inputs.data.ArrayTable`."""

    def __init__(self, rows: Sequence[dict[str, AnswerTally]], codes: tuple[str, ...]) -> None:
        self.rows = rows
        self.codes = codes
        self.columns: dict[str, list[dict[str, int]]] | None = None
        self.numpy = numpy_for(len(rows))

    @property
    def size(self) -> int:
        return len(self.rows)

    def tally(self, row: int, code: str) -> AnswerTally:
        return self.rows[row][code]

    def blanks(self, row: int) -> int:
        return sum(map(_BLANK, self.rows[row].values()))

    def _column(self, code: str) -> list[dict[str, int]] | None:
        """Every row's counts of one sub-item, or None for a code it does not hold or counts not in a dict."""
        if self.columns is None:  # all columns in one pass: each row holds the codes in the same order
            every = list(map(_COUNTS, chain.from_iterable(map(dict.values, self.rows))))
            width = len(self.codes)
            self.columns = {code: every[j::width] for j, code in enumerate(self.codes)}
        counts = self.columns.get(code)
        return counts if counts is not None and set(map(type, counts)) == {dict} else None

    def _counts(self, code: str, points: Mapping[str, int]) -> list[list[int]] | None:
        """Each of a scale's keys' counts by row, or None when some row holds another key (a label, say)."""
        counts = self._column(code)
        if counts is None:
            return None
        by_key = [list(map(dict.get, counts, repeat(key), repeat(0))) for key in points]
        answered = list(map(sum, map(dict.values, counts)))
        known = [0] * len(counts)
        for column in by_key:
            known = list(map(add, known, column))
        # a key off the scale with a count (zero counts are skipped by every path alike)
        return by_key if known == answered else None

    def column_sums(self, code: str, points: Mapping[str, int]) -> tuple[list[int], list[int]] | None:
        by_key = self._counts(code, points)
        if by_key is None:
            return None
        totals = [0] * len(self.rows)
        answered = [0] * len(self.rows)
        for value, column in zip(points.values(), by_key, strict=True):
            totals = list(map(add, totals, map(mul, repeat(value), column)))
            answered = list(map(add, answered, column))
        return totals, answered

    def column_arrays(self, code: str, points: Mapping[str, int]) -> tuple[Any, Any] | None:
        np = self.numpy
        counts = None if np is None else self._column(code)
        if counts is None:
            return None
        # every key and count of the column, row after row, and how many each row holds
        sizes = np.fromiter(map(len, counts), dtype=np.int64, count=len(counts))
        keys = list(chain.from_iterable(map(dict.keys, counts)))
        numbers = list(chain.from_iterable(map(dict.values, counts)))
        if not keys:
            return np.zeros(len(counts), dtype=np.int64), np.zeros(len(counts), dtype=np.int64)
        place = {key: k for k, key in enumerate(points)}
        try:
            where = np.fromiter(map(place.__getitem__, keys), dtype=np.int64, count=len(keys))
            found = np.asarray(numbers, dtype=np.int64)
        except (KeyError, OverflowError, TypeError):
            return None  # a key off the scale, or a count beyond int64: column_sums looks
        values = list(points.values())
        if len(found) * int(found.max()) * max((abs(v) for v in values), default=1) >= 1 << 62:
            return None  # the sums might not fit int64
        starts = np.cumsum(sizes) - sizes
        held = sizes > 0
        answered = np.zeros(len(counts), dtype=np.int64)
        totals = np.zeros(len(counts), dtype=np.int64)
        answered[held] = np.add.reduceat(found, starts[held])
        totals[held] = np.add.reduceat(np.asarray(values, dtype=np.int64)[where] * found, starts[held])
        return totals, answered


def tally_tables(agencies: Sequence[AgencyData]) -> dict[int, tuple[TallyTable, int]]:
    """Each agency that brings dict tallies alone, by place, with the table of its group and its row there.

    Agencies group by their columns (in order); a group of one is left out (scoring it
    alone costs no more).
    """
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, AnswerTally]]]] = {}
    for place, data in enumerate(agencies):
        answers = data.answers
        if (isinstance(answers, dict) and answers and not data.indicator_scores and not data.question_scores
                and not data.item_results):
            groups.setdefault(tuple(answers), []).append((place, answers))
    found: dict[int, tuple[TallyTable, int]] = {}
    for codes, members in groups.items():
        if len(members) > 1:
            table = TallyTable([answers for _, answers in members], codes)
            found.update((place, (table, row)) for row, (place, _) in enumerate(members))
    return found
