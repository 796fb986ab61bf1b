"""The Arrow engine's count table, shared by the parts of a file, and each part's counting into it (numpy).

:mod:`~itakit.inputs.answers.arrow` turns each block of a file into places in one table
(agency × answer column); a :class:`Gatherer` per part counts them without holding the
engine's lock, and adds whole tables to the :class:`SharedTable` under it, so parts counted
side by side overlap their numpy work.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["Gatherer", "SharedTable"]


class SharedTable:
    """The count table of a file (agencies × answer columns) and each agency's respondents, shared by the parts.

    Parts add to it under the engine's lock, whole blocks at a time (:class:`Gatherer`); it
    grows by ``rows_at_once`` agencies at a time, never copied.
    """

    def __init__(self, np: Any, width: int, lock: threading.Lock, rows_at_once: int) -> None:
        self.np = np
        self.width = width
        self.lock = lock
        self.rows_at_once = rows_at_once
        self.tables: list[Any] = []  # rows_at_once agencies each, agencies × width
        self.respondents = np.zeros(0, dtype=np.int64)

    @property
    def capacity(self) -> int:
        return len(self.tables) * self.rows_at_once

    def grow(self, agencies: int) -> None:
        """Make room for ``agencies`` agencies."""
        if agencies <= self.capacity:
            return
        np = self.np
        with self.lock:
            step = self.rows_at_once
            more = -(-(agencies - self.capacity) // step)
            if more > 0:
                self.tables.extend(np.zeros((step, self.width), dtype=np.int64) for _ in range(more))
                self.respondents = np.concatenate([self.respondents, np.zeros(more * step, dtype=np.int64)])

    def add_rows(self, rows: Any, block: Any, respondents: Any) -> None:
        """Add a block table: its rows' counts (``block``, one row per agency of ``rows``) and respondents."""
        with self.lock:
            for table, first in zip(self.tables, range(0, self.capacity, self.rows_at_once), strict=True):
                mine = (rows >= first) & (rows < first + self.rows_at_once)
                if mine.any():
                    table[rows[mine] - first] += block[mine]
            self.respondents[rows] += respondents

    def add_counted(self, counted: Any, respondents: Any) -> None:
        """Add the counts of the first agencies, flat (agency × width + column), and their respondents."""
        size = self.rows_at_once * self.width
        with self.lock:
            for k, table in enumerate(self.tables):
                part = counted[k * size:(k + 1) * size]
                if not part.size:
                    break
                table.reshape(-1)[:part.size] += part
            self.respondents[:respondents.size] += respondents

    def result(self, order: list[int]) -> tuple[Any, Any]:
        """The counts and respondents of the agencies in ``order`` (rows of the table), as one matrix and a vector."""
        np = self.np
        rows = np.asarray(order, dtype=np.int64)
        matrix = np.empty((len(order), self.width), dtype=np.int64)
        for table, first in zip(self.tables, range(0, self.capacity, self.rows_at_once), strict=True):
            mine = np.flatnonzero((rows >= first) & (rows < first + self.rows_at_once))
            matrix[mine] = table[rows[mine] - first]
        return matrix, self.respondents[rows]


class Gatherer:
    """One part's counting: each block's cells counted outside the lock, then added to the shared :class:`SharedTable`.

    A block of few agencies (grouped rows) is counted into a small block table and added in.
    The cells of a block of many (interleaved rows) are gathered as flat places (agency row ×
    width + column) in one reused array, and one ``numpy.bincount`` per ``cells`` of them
    adds them all up: the cost follows the cells, not the blocks or the agencies, memory stays
    bounded, and parts side by side hold the lock only to add whole tables.
    """

    def __init__(self, np: Any, table: SharedTable, cells: int) -> None:
        self.np = np
        self.table = table
        self.width = table.width
        self.limit = max(cells, 1)
        self.pending = np.empty(0, dtype=np.int64)  # interleaved cells' places, gathered until a flush (reused)
        self.rows: list[Any] = []
        self.cells = 0
        self.top = 0  # one past the highest agency row gathered

    def add(self, ids: list[int], local: Any, places: Any, agencies: int) -> None:
        """Add one block: its agencies' rows in the table (``ids``), each row's agency among them (``local``),
        and per answer column each cell's column in the table (``places``, answer columns × rows; reused)."""
        np = self.np
        self.table.grow(agencies)
        rows = np.asarray(ids, dtype=np.int64)
        width = self.width
        if len(ids) * width <= places.size and len(set(ids)) == len(ids):
            # few agencies in the block (grouped rows): count into a small block table, add it in
            places += local.astype(np.int64) * width
            block = np.bincount(places.reshape(-1), minlength=len(ids) * width).reshape(len(ids), width)
            self.table.add_rows(rows, block, np.bincount(local, minlength=len(ids)))
            return
        # many agencies (interleaved rows): keep the cells' places, add them up later
        agency_rows = rows[local]
        places += agency_rows * width
        if self.cells + places.size > self.pending.size:
            self.flush()
            if places.size > self.pending.size:
                self.pending = np.empty(max(places.size, self.limit), dtype=np.int64)
        self.pending[self.cells:self.cells + places.size] = places.reshape(-1)
        self.rows.append(agency_rows)
        self.cells += places.size
        self.top = max(self.top, max(ids) + 1)
        if self.cells >= self.limit:
            self.flush()

    def flush(self) -> None:
        """Add the gathered cells to the table."""
        if not self.cells:
            return
        np = self.np
        counted = np.bincount(self.pending[:self.cells], minlength=self.top * self.width)
        respondents = np.bincount(np.concatenate(self.rows), minlength=self.top)
        self.table.add_counted(counted, respondents)
        self.rows.clear()
        self.cells = 0
