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

from collections.abc import Callable, Sequence
from itertools import chain, compress, cycle, repeat
from operator import add, itemgetter
from typing import cast

from ..rules.model import AnswerScale

__all__ = ["InterleavedCounts"]

_CELLS_CACHED = 1_000_000
"""Distinct agency cells remembered at most (a cache, not a record of the file)."""


class InterleavedCounts:
    """What the interleaved chunks of one file held, per agency: respondents and each answer column's counts.

    The rows have ``width`` cells; ``agency_col`` names the agency and ``col_index`` are
    the answer columns, in the order of ``scales``.  ``kind(pos, raw)`` says what a cell
    text means in answer column ``pos`` (an option key, ``""`` for blank, None when it is
    not an answer) and ``agency_name(raw)`` names the agency a cell names (``""`` for
    none); each is asked once per distinct text.
    """

    def __init__(
        self,
        width: int,
        agency_col: int,
        col_index: Sequence[int],
        scales: Sequence[AnswerScale],
        kind: Callable[[int, str], str | None],
        agency_name: Callable[[str], str],
    ) -> None:
        self.kind = kind
        self.agency_name = agency_name
        self.keys = [scale.keys for scale in scales]
        self.positions = [{key: i for i, key in enumerate(keys)} for keys in self.keys]
        # An agency's block: its respondents at 0, then per answer column the options and blank.
        self.offsets: list[int] = []
        size = 1
        for keys in self.keys:
            self.offsets.append(size)
            size += len(keys) + 1
        self.size = size
        self.slot: list[dict[str, int]] = [{} for _ in scales]  # per answer column: cell text -> offset
        self.cells: dict[str, int] = {}  # raw agency cell -> the start of its agency's block
        self.respondent: dict[str, int] = {}  # raw agency cell -> 0, the offset of the respondents
        # The cells of a row that are counted, in row order, and what each cell's text maps to.
        used = sorted([agency_col, *col_index])
        self.pick = None if used == list(range(width)) else itemgetter(*used)
        by_column = dict(zip(col_index, self.slot, strict=True))
        by_column[agency_col] = self.respondent
        self.lookups = [by_column[j] for j in used]
        # (where in a counted row, which answer column) for each answer column
        self.answer_at = [(at, col_index.index(j)) for at, j in enumerate(used) if j != agency_col]
        self.ids: dict[str, int] = {}  # agency name -> its number (its block starts at number × size)
        self.counts: list[int] = []

    def count(self, records: Sequence[Sequence[str]], agencies: Sequence[str]) -> list[str] | None:
        """Count a chunk of rows of ``width`` cells whose agency cells are ``agencies``.

        Returns the agencies counted here for the first time, in the order they appear;
        None, with nothing counted, when a cell is not an answer or names no agency.
        """
        new: list[str] = []
        starts = self._starts(agencies, new)
        if starts is None:
            return None
        rows = records if self.pick is None else list(map(self.pick, records))
        per_row = len(self.lookups)
        found: list[int | None] = list(map(dict.get, cycle(self.lookups), chain.from_iterable(rows)))
        try:
            sum(found)  # type: ignore[arg-type]  # the quickest check that every text was known: None stops it
        except TypeError:
            if not self._learn(rows):
                return None
            found = list(map(dict.get, cycle(self.lookups), chain.from_iterable(rows)))
        offsets = cast("list[int]", found)
        counts = self.counts
        for slot in map(add, chain.from_iterable(map(repeat, starts, repeat(per_row))), offsets):
            counts[slot] += 1
        return new

    def _starts(self, agencies: Sequence[str], new: list[str]) -> list[int] | None:
        """Where each row's agency block starts; None when a row names no agency.

        Agencies not seen before are numbered, and added to ``new``, in the order they appear.
        """
        cells = self.cells
        starts = list(map(cells.get, agencies))
        if None not in starts:
            return starts  # type: ignore[return-value]
        if len(cells) > _CELLS_CACHED:
            cells.clear()
            self.respondent.clear()
        numbers = self.ids
        named = True
        for raw in [raw for raw in dict.fromkeys(agencies) if raw not in cells]:
            name = self.agency_name(raw)
            if not name:
                named = False
                break
            number = numbers.get(name)
            if number is None:
                number = numbers[name] = len(numbers)
                new.append(name)
            cells[raw] = number * self.size
            self.respondent[raw] = 0
        added = len(numbers) * self.size - len(self.counts)
        if added:  # room for the new agencies' blocks
            self.counts.extend([0] * added)
        return list(map(cells.__getitem__, agencies)) if named else None

    def _learn(self, rows: Sequence[Sequence[str]]) -> bool:
        """Give each new text of the answer columns its offset; False when one is not an answer."""
        columns = list(zip(*rows, strict=False))
        for at, pos in self.answer_at:
            slot = self.slot[pos]
            offset = self.offsets[pos]
            blank = offset + len(self.keys[pos])
            positions = self.positions[pos]
            for raw in set(columns[at]) - slot.keys():
                key = self.kind(pos, raw)
                if key is None:
                    return False
                slot[raw] = blank if key == "" else offset + positions[key]
        return True

    def tallies(self, name: str | None) -> tuple[int, list[tuple[dict[str, int], int]]] | None:
        """An agency's respondents and, per answer column, (nonzero counts by answer key, blank count); None if never counted here."""
        number = self.ids.get(name) if name is not None else None
        if number is None:
            return None
        start = number * self.size
        block = self.counts[start:start + self.size]
        out = []
        for keys, offset in zip(self.keys, self.offsets, strict=True):
            mine = block[offset:offset + len(keys) + 1]
            out.append((dict(compress(zip(keys, mine, strict=False), mine)), mine[-1]))
        return block[0], out
