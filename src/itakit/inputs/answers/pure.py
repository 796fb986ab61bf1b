"""Count a table's raw answers row by row where they are unusual, in C-speed blocks where not: the reference counter.

Whatever the table (a CSV file in any encoding, a spreadsheet, a survey export's kept
columns, the head of a file), its rows come a chunk at a time, uncleaned
(:meth:`~itakit.inputs.table.RowSource.raw`).  A chunk whose rows all have the header's
width, each naming an agency and holding only answers, is counted as one block of coded
cells (:class:`~itakit.inputs.answers.slots.SlotCounter`); any other chunk is read row by
row, exactly as a plain reader would, so that every problem is reported with its line
and column, in file order, and ``--skip-unreadable`` lists what it counted as blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, compress, cycle
from operator import itemgetter

from ... import progress
from ..data import AgencyData
from ..table import REPEATED_HEADER, Problems, Raw, check_width, is_repeated_header
from .layout import AnswerLayout
from .meaning import BLANK, NO_AGENCY, UNREADABLE, Meaning, ids_problem, looks_like_ids
from .slots import SlotCounter

__all__ = ["RowCounter", "count_rows"]

_ONE = 0
"""The agency number of one agency's own survey (no agency column)."""


class RowCounter:
    """The counts of one table, gathered chunk by chunk: whole chunks as blocks where they can be, else row by row."""

    def __init__(self, meaning: Meaning, problems: Problems, skip_unreadable: bool) -> None:
        layout = meaning.layout
        self.meaning = meaning
        self.layout = layout
        self.problems = problems
        self.skip_unreadable = skip_unreadable
        a = layout.agency
        counted = sorted([*([] if a is None else [a]), *layout.columns])
        self.every = counted == list(range(layout.width))  # no respondent or timestamp column to leave out
        self.selector = [i in counted for i in range(layout.width)]
        self.slots = SlotCounter(meaning, agency_at=counted.index(a) if a is not None else 0,
                                 answer_at=[counted.index(j) for j in layout.columns])

    @property
    def agencies(self) -> int:
        """How many agencies were met so far."""
        return self.meaning.agencies if self.layout.agency is not None else min(1, len(self.slots.rows))

    def chunk(self, records: Sequence[Sequence[str]]) -> bool:
        """Count a chunk as one block; False (nothing counted) when it needs the row-by-row reading."""
        layout = self.layout
        if layout.agency is None or not layout.columns:
            return False  # one agency's own survey: small, and blank rows need row-by-row care
        if len(set(map(len, records))) != 1 or len(records[0]) != layout.width:
            return False
        cells = chain.from_iterable(records)
        flat = list(cells if self.every else compress(cells, cycle(self.selector)))
        return self.slots.block(flat, len(records))

    def rows(self, lines: Sequence[int], records: Sequence[Sequence[str]]) -> None:
        """Count a chunk row by row, reporting every problem with its line and column."""
        problems = self.problems
        layout = self.layout
        header = layout.header
        width = layout.width
        a = layout.agency
        meaning = self.meaning
        clean = meaning.clean
        for line, record in zip(lines, records, strict=False):
            cells = tuple(map(clean, record)) if clean is not None else record
            if not any(cells):
                continue
            if is_repeated_header(cells, header):
                problems.add(REPEATED_HEADER, line)
                continue
            check_width(cells, width, problems, line)
            agency = _ONE
            if a is not None:
                agency = meaning.agency(cells[a]) if a < len(cells) else NO_AGENCY
                if agency == NO_AGENCY:
                    problems.add("the agency name is missing", line, header[a])
                    continue
            keys = []
            for pos, index in enumerate(layout.columns):
                text = cells[index] if index < len(cells) else ""
                key = meaning.answer(pos, text) if text else BLANK
                if key is UNREADABLE:
                    expected = meaning.expected(pos)
                    if self.skip_unreadable:
                        self.slots.unreadable.setdefault(agency, []).append(
                            f"line {line}, column {header[index]!r}: {text!r} ({expected}); counted as blank")
                    else:
                        problems.add(f"is not an answer on the {layout.scales[pos].label_en} ({expected})",
                                     line, header[index], text)
                    key = BLANK
                keys.append(key)
            self.slots.count_row(agency, keys)

    def result(self, source: str) -> list[AgencyData]:
        """One AgencyData per agency, in the order agencies first appear, its tallies a row of one count table."""
        names: Sequence[str | None] = self.meaning.names if self.layout.agency is not None else [None]
        return self.slots.agencies(source, names)


def count_rows(raw: Raw, layout: AnswerLayout, problems: Problems, *, source: str,
               skip_unreadable: bool = False) -> list[AgencyData]:
    """Tally raw answers per agency (or for one agency when the layout has no agency column), in pure Python.

    ``raw`` are the table's rows handed over raw: the rows already looked at (cleaned)
    are counted first, then the rest a chunk at a time, each distinct text cleaned once.
    Problems go to ``problems`` exactly as a row-by-row reading would report them; the
    caller raises them.
    """
    meaning = Meaning(layout, None)
    counter = RowCounter(meaning, problems, skip_unreadable)
    report = progress.current()
    a = layout.agency
    with progress.paused_gc():
        report.begin(f"reading {source}", unit="rows")
        try:
            pending = raw.pending
            if pending:  # rows the caller already looked at, cleaned
                counter.rows(list(map(itemgetter(0), pending)), list(map(itemgetter(1), pending)))
                report.advance(len(pending))
            meaning.clean = raw.clean
            read = len(pending)
            for lines, records in raw.chunks:
                if not counter.chunk(records):
                    counter.rows(lines, records)
                report.advance(len(records))
                read += len(records)
                if a is not None and looks_like_ids(counter.agencies, read):
                    problems.add(ids_problem(counter.agencies, read), None, layout.header[a])
                    return []
        finally:
            report.end()
        return counter.result(source)
