"""Count chunks of raw answers whose agencies are interleaved (rows in submission order) into one list of ints.

A national file in submission order mixes thousands of agencies in every chunk, so it
cannot be counted a run of one agency at a time.  Counting (agency, answer) pairs in a
dict per column works, but each dict ends up with tens of thousands of entries and
nearly every insertion misses the CPU caches.  Instead each agency gets a block of a
list of ints: a slot for its respondents, then, per answer column, a slot per option of
the column's scale and one for blank.  Each distinct cell text is looked up once and
remembered as the offset of its slot, so a chunk is counted row by row with
``counts[agency's block + offset] += 1``: a dict lookup at C speed and one list slot
per cell, and the slots a row touches lie close together.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, cycle, repeat
from operator import add, itemgetter
from typing import cast

from .meaning import NO_AGENCY, UNREADABLE, Meaning

__all__ = ["InterleavedCounts"]

_CELLS_CACHED = 1_000_000
"""Distinct agency cells remembered at most (a cache, not a record of the file)."""


class InterleavedCounts:
    """What the interleaved chunks of one file held, per agency: respondents and each answer column's counts.

    The rows have the layout's width; its agency column names the agency and its answer
    columns are counted.  What a cell means (:class:`~itakit.inputs.answers.meaning.Meaning`)
    is asked once per distinct text; agency *n*'s block starts at *n* × :attr:`size`.
    """

    def __init__(self, meaning: Meaning) -> None:
        layout = meaning.layout
        assert layout.agency is not None
        self.meaning = meaning
        self.keys = list(layout.keys)
        self.positions = [{key: i for i, key in enumerate(keys)} for keys in self.keys]
        # An agency's block: its respondents at 0, then per answer column the options and blank.
        self.offsets: list[int] = []
        size = 1
        for keys in self.keys:
            self.offsets.append(size)
            size += len(keys) + 1
        self.size = size
        self.slot: list[dict[str, int]] = [{} for _ in self.keys]  # per answer column: cell text -> offset
        self.cells: dict[str, int] = {}  # raw agency cell -> the start of its agency's block
        self.respondent: dict[str, int] = {}  # raw agency cell -> 0, the offset of the respondents
        # The cells of a row that are counted, in row order, and what each cell's text maps to.
        col_index = list(layout.columns)
        used = sorted([layout.agency, *col_index])
        self.pick = None if used == list(range(layout.width)) else itemgetter(*used)
        by_column = dict(zip(col_index, self.slot, strict=True))
        by_column[layout.agency] = self.respondent
        self.lookups = [by_column[j] for j in used]
        # (where in a counted row, which answer column) for each answer column
        self.answer_at = [(at, col_index.index(j)) for at, j in enumerate(used) if j != layout.agency]
        self.counts: list[int] = []

    def count(self, records: Sequence[Sequence[str]], agencies: Sequence[str]) -> bool:
        """Count a chunk of rows of the layout's width whose agency cells are ``agencies``.

        False, with nothing counted, when a cell is not an answer or names no agency.
        """
        starts = self._starts(agencies)
        if starts is None:
            return False
        rows = records if self.pick is None else list(map(self.pick, records))
        per_row = len(self.lookups)
        found: list[int | None] = list(map(dict.get, cycle(self.lookups), chain.from_iterable(rows)))
        try:
            sum(found)  # type: ignore[arg-type]  # the quickest check that every text was known: None stops it
        except TypeError:
            if not self._learn(rows):
                return False
            found = list(map(dict.get, cycle(self.lookups), chain.from_iterable(rows)))
        offsets = cast("list[int]", found)
        counts = self.counts
        for slot in map(add, chain.from_iterable(map(repeat, starts, repeat(per_row))), offsets):
            counts[slot] += 1
        return True

    def _starts(self, agencies: Sequence[str]) -> list[int] | None:
        """Where each row's agency block starts; None when a row names no agency."""
        cells = self.cells
        starts = list(map(cells.get, agencies))
        if None not in starts:
            return starts  # type: ignore[return-value]
        if len(cells) > _CELLS_CACHED:
            cells.clear()
            self.respondent.clear()
        named = True
        for raw in [raw for raw in dict.fromkeys(agencies) if raw not in cells]:
            number = self.meaning.agency(raw)
            if number == NO_AGENCY:
                named = False
                break
            cells[raw] = number * self.size
            self.respondent[raw] = 0
        self.grow(self.meaning.agencies)
        return list(map(cells.__getitem__, agencies)) if named else None

    def grow(self, agencies: int) -> None:
        """Make room for the blocks of ``agencies`` agencies."""
        added = agencies * self.size - len(self.counts)
        if added > 0:
            self.counts.extend([0] * added)

    def _learn(self, rows: Sequence[Sequence[str]]) -> bool:
        """Give each new text of the answer columns its offset; False when one is not an answer."""
        columns = list(zip(*rows, strict=False))
        for at, pos in self.answer_at:
            slot = self.slot[pos]
            offset = self.offsets[pos]
            blank = offset + len(self.keys[pos])
            positions = self.positions[pos]
            for raw in set(columns[at]) - slot.keys():
                key = self.meaning.answer(pos, raw)
                if key is UNREADABLE:
                    return False
                slot[raw] = blank if key == "" else offset + positions[key]
        return True
