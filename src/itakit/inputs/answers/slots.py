"""Count coded cells into a row of counts per agency, at C speed: the core of the pure counters.

An agency's row of counts has a *slot* for its respondents (slot 0), then, per answer
column, a slot per option of the column's scale and one for blanks.  Each distinct cell
text is looked up once (:class:`~itakit.inputs.answers.meaning.Meaning`) and remembered
as its slot, so a block of rows is coded in one C pass — ``map(getitem, …)`` over the
block's cells into ``bytes`` (one byte a cell while the slots number 256 at most) — and
each run of rows of one agency is appended to that agency's buffer.  A buffer is counted
(``collections.Counter``'s C loop, one call for all its cells) into the agency's row when
it fills, and at the end: memory follows the agencies, not the rows; Python does no work
per cell, and little per row.  Rows in submission order (agencies interleaved) and rows
grouped by agency cost the same.
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, cycle, islice, repeat
from operator import add, getitem, ne, sub
from typing import Any

from .counts import AnswerCounts, agency_data
from .meaning import BLANK, NO_AGENCY, UNREADABLE, Meaning

try:  # the C loop that Counter.update uses; it counts into any dict
    from _collections import _count_elements
except ImportError:  # pragma: no cover - other Python implementations

    def _count_elements(mapping: dict[Any, int], iterable: Iterable[Any]) -> None:
        get = mapping.get
        for elem in iterable:
            mapping[elem] = get(elem, 0) + 1


__all__ = ["BUFFER_CELLS", "SlotCounter", "Undecodable"]

BUFFER_CELLS = 2048
"""Coded cells an agency's buffer holds before they are counted into its row."""
_CELLS_CACHED = 1 << 20
"""Distinct agency cells whose slot is remembered at most (a cache, not a record of the file)."""


class Undecodable(Exception):
    """A cell's bytes are not text in the file's encoding (the row-by-row reader reports where)."""


class SlotCounter:
    """Every agency's row of counts, from blocks of coded cells and from rows counted one by one.

    ``decode`` turns a raw cell (bytes) into text; None when cells are text already.  The
    cells of a block are given flat, row after row, each row holding the agency cell at
    ``agency_at`` and answer column *pos* at ``answer_at[pos]``, then (``marker``) a cell
    ``b"\\n"`` that ends the row, nothing else.  A new cell longer than ``limit`` is as
    unusual as one that names no agency or holds no answer.
    """

    def __init__(self, meaning: Meaning, *, agency_at: int, answer_at: Sequence[int],
                 decode: Callable[[Any], str] | None = None, marker: bool = False, limit: int | None = None) -> None:
        layout = meaning.layout
        self.meaning = meaning
        self.decode = decode
        self.keys = layout.keys
        self.offsets: list[int] = []
        width = 1  # slot 0: the respondents
        for keys in self.keys:
            self.offsets.append(width)
            width += len(keys) + 1
        self.width = width
        self.index = [{key: k for k, key in enumerate(keys)} for keys in self.keys]
        self.row_width = 1 + len(answer_at) + marker
        self.agency_at = agency_at
        self.answer_at = list(answer_at)
        self.limit = limit
        # per cell of a row: raw text -> slot (the agency's cell counts the respondent, slot 0)
        self.agency_cells: defaultdict[Any, int] = defaultdict(int)
        self.lookups: list[Any] = [None] * self.row_width
        self.lookups[agency_at] = self.agency_cells
        for at in self.answer_at:
            self.lookups[at] = {}
        if marker:
            self.lookups[-1] = {b"\n": width}  # one slot past the row's: counted, never kept
        self.pos_at = {at: pos for pos, at in enumerate(self.answer_at)}
        self.sizes = [len(keys) + 1 for keys in self.keys]  # each answer column's slots
        self.marker = marker
        self.derived: dict[int, int] = {}  # answer column -> the slot worked out at the end (see _choose_derived)
        self.skip: bytes | None = None
        self.code: Callable[..., Any] = bytes if width + marker <= 256 else _short_array
        self.buffer: Callable[[], Any] = bytearray if width + marker <= 256 else _short_array
        self.extend: Callable[[Any, Any], None] = bytearray.extend if width + marker <= 256 else array.extend
        self.number_of: dict[Any, int] = {}  # raw agency cell -> the agency's number
        self.buffers: dict[Any, Any] = {}  # raw agency cell -> its coded cells not yet counted
        self.rows: list[list[int] | None] = []  # agency number -> its row of counts (None: nothing counted yet)
        self.unreadable: dict[int, list[str]] = {}

    def slot(self, pos: int, key: str) -> int:
        """The slot of an option key (BLANK: the blank slot) of answer column ``pos``."""
        return self.offsets[pos] + (len(self.keys[pos]) if key == BLANK else self.index[pos][key])

    def _text(self, raw: Any) -> str:
        if self.decode is None:
            return raw  # type: ignore[no-any-return]
        try:
            return self.decode(raw)
        except UnicodeError:
            raise Undecodable from None

    def _row(self, number: int) -> list[int]:
        rows = self.rows
        if len(rows) <= number:
            rows.extend([None] * (number + 1 - len(rows)))
        row = rows[number]
        if row is None:
            row = rows[number] = [0] * self.width
        return row

    # -- blocks at C speed ----------------------------------------------------------------

    def block(self, flat: list[Any], rows: int) -> bool:
        """Count a block of ``rows`` rows given as their cells, flat; False (nothing counted) when one names no
        agency or holds no answer (raises Undecodable when a cell is not text)."""
        width = self.row_width
        agencies = flat[self.agency_at::width]
        numbers = self.number_of
        if not numbers.keys() >= set(agencies):
            for raw in dict.fromkeys(agencies):  # new agency cells, in the order they first appear
                if raw not in numbers:
                    if self.limit is not None and len(raw) > self.limit:
                        return False
                    number = self.meaning.agency(self._text(raw))
                    if number == NO_AGENCY:
                        return False
                    numbers[raw] = number
                    self.buffers[raw] = self.buffer()
                    if len(self.rows) <= number:
                        self.rows.extend([None] * (number + 1 - len(self.rows)))
        try:
            codes = self.code(map(getitem, cycle(self.lookups), flat))
        except KeyError:
            if not self._learn(flat):
                return False
            codes = self.code(map(getitem, cycle(self.lookups), flat))
        if len(self.agency_cells) > _CELLS_CACHED:
            self.agency_cells.clear()  # a cache of agency cells, bounded
        if self.skip is None and self.code is bytes:
            self._choose_derived(codes)
        changed = list(map(ne, agencies, islice(agencies, 1, None)))  # where a run of one agency's rows ends
        bounds = [0, *compress(range(width, rows * width, width), changed), rows * width]
        runs = [agencies[start // width] for start in bounds[:-1]] if len(bounds) < rows + 1 else agencies
        buffers = self.buffers
        # each run's coded cells appended to its agency's buffer, in C
        deque(map(self.extend, map(buffers.__getitem__, runs),
                  map(codes.__getitem__, map(slice, bounds, islice(bounds, 1, None)))), 0)
        for raw in set(runs):
            buffer = buffers[raw]
            if len(buffer) >= BUFFER_CELLS:
                self._flush(raw, buffer)
        return True

    def _learn(self, flat: list[Any]) -> bool:
        """Give each new text of the answer columns its slot; False when one is not an answer."""
        width = self.row_width
        meaning = self.meaning
        for at, pos in self.pos_at.items():
            lookup = self.lookups[at]
            for raw in set(flat[at::width]) - lookup.keys():
                if self.limit is not None and len(raw) > self.limit:
                    return False
                key = meaning.answer(pos, self._text(raw))
                if key is UNREADABLE:
                    return False
                lookup[raw] = self.slot(pos, key)
        return True

    def _choose_derived(self, codes: Any) -> None:
        """Pick, per answer column, the slot most cells of a first block hold: it is left out of the counting
        (deleted in C) and worked out at the end as respondents less the column's other slots."""
        width = self.row_width
        derived = {}
        for pos, at in enumerate(self.answer_at):
            column = codes[at::width]
            start = self.offsets[pos]
            derived[pos] = max(range(start, start + self.sizes[pos]), key=column.count)
        self.derived = derived
        self.skip = bytes([0, *derived.values(), *([self.width] if self.marker else [])])

    def _flush(self, raw: Any, buffer: Any) -> None:
        """Count an agency's buffer into its row (one C loop over its cells, those of derived slots deleted first)."""
        counted: dict[int, int] = {}
        _count_elements(counted, buffer.translate(None, self.skip) if self.skip else buffer)
        new = list(map(counted.get, range(self.width), repeat(0)))
        new[0] = len(buffer) // self.row_width
        del buffer[:]
        number = self.number_of[raw]
        row = self.rows[number]
        self.rows[number] = new if row is None else list(map(add, row, new))

    # -- a row at a time (the reference) --------------------------------------------------

    def count_row(self, number: int, texts: Sequence[str]) -> None:
        """Count one respondent of agency ``number`` whose answers (option keys or BLANK) are ``texts``."""
        row = self._row(number)
        row[0] += 1
        derived = self.derived
        for pos, key in enumerate(texts):
            slot = self.slot(pos, key)
            if derived.get(pos) != slot:
                row[slot] += 1

    # -- the result ----------------------------------------------------------------------

    def agencies(self, source: str, names: Sequence[str | None]) -> list[Any]:
        """One AgencyData per agency (``names``: by number), in order, its tallies a row of one count table."""
        for raw, buffer in self.buffers.items():
            if buffer:
                self._flush(raw, buffer)
        self.buffers.clear()
        kept = [number for number, row in enumerate(self.rows) if row is not None and row[0]]
        rows: list[list[int]] = [self.rows[k] for k in kept]  # type: ignore[misc]
        columns = list(map(list, zip(*rows, strict=True))) if rows else [[] for _ in range(self.width)]
        for pos, slot in self.derived.items():  # respondents less the column's other slots
            start = self.offsets[pos]
            left = columns[0]
            for other in range(start, start + self.sizes[pos]):
                if other != slot:
                    left = list(map(sub, left, columns[other]))
            columns[slot] = left
        counts = AnswerCounts(self.meaning.layout.codes, self.keys, columns=columns[1:], size=len(rows))
        unreadable = {row: self.unreadable[k] for row, k in enumerate(kept) if k in self.unreadable}
        return agency_data(counts, [names[k] for k in kept], columns[0], unreadable, source)


def _short_array(values: Iterable[int] = ()) -> array[int]:
    """Slots as two bytes each, for layouts of more than 256 slots."""
    return array("H", values)
