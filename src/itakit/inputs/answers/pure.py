"""Count raw survey answers per agency and sub-item in pure Python: fast, exact, in memory that does not grow with respondents.

A national raw-answer file has over a million rows; scoring needs only how many
respondents of each agency gave each answer to each sub-item.  So instead of turning
every cell into points, rows are taken in chunks, each chunk is turned into columns
(a list per column, built at C speed), and equal cell texts are counted per agency
with the C counting loop behind :class:`collections.Counter`.  Each *distinct* cell
text is cleaned and looked up on its answer scale only once
(:class:`~itakit.inputs.answers.meaning.Meaning`).  Rows of one agency usually come
together, so a chunk is counted a run of rows of one agency at a time; interleaved
agencies are counted into one list of ints instead
(:mod:`itakit.inputs.answers.interleaved`), with the same result.

A chunk that holds anything unusual (a row of the wrong width, a missing agency
name, an answer that is not on its scale) is read row by row instead, exactly as
before, so every problem is reported with its line and column, in file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, islice, repeat
from operator import add, itemgetter, ne

from ... import progress
from ..data import AgencyData
from ..table import REPEATED_HEADER, Problems, Raw, check_width, is_repeated_header
from .counts import AnswerCounts, agency_data
from .interleaved import InterleavedCounts
from .layout import AnswerLayout
from .meaning import BLANK, NO_AGENCY, UNREADABLE, Meaning, ids_problem, looks_like_ids

try:  # the C loop that Counter.update uses; it counts into any dict
    from _collections import _count_elements
except ImportError:  # pragma: no cover - other Python implementations

    def _count_elements(mapping: dict[str, int], iterable: Iterable[str]) -> None:
        get = mapping.get
        for elem in iterable:
            mapping[elem] = get(elem, 0) + 1


__all__ = ["PureCounter", "count_rows"]

_ONE = 0
"""The agency number of one agency's own survey (no agency column)."""


class PureCounter:
    """The counts of one file, gathered chunk by chunk: runs of one agency as dicts of texts, interleaved agencies
    in one list of ints, anything unusual row by row."""

    def __init__(self, meaning: Meaning, problems: Problems, skip_unreadable: bool) -> None:
        layout = meaning.layout
        self.meaning = meaning
        self.layout = layout
        self.problems = problems
        self.skip_unreadable = skip_unreadable
        self.counts: dict[int, list[dict[str, int]]] = {}  # agency -> per answer column: text -> n
        self.respondents: dict[int, int] = {}  # agency -> respondents counted in ``counts``
        self.unreadable: dict[int, list[str]] = {}
        self.interleaved = None if layout.agency is None else InterleavedCounts(meaning)

    def per_agency(self, agency: int) -> list[dict[str, int]]:
        per = self.counts.get(agency)
        if per is None:
            per = self.counts[agency] = [{} for _ in self.layout.columns]
            self.respondents.setdefault(agency, 0)
        return per

    @property
    def agencies(self) -> int:
        """How many agencies were met so far."""
        return self.meaning.agencies if self.layout.agency is not None else min(1, len(self.respondents))

    # -- a chunk at C speed ------------------------------------------------------------

    def fast(self, records: Sequence[Sequence[str]]) -> bool:
        """Count a chunk at C speed; False (nothing counted) when it needs the row-by-row reading.

        Runs of one agency are counted column by column; a chunk of interleaved agencies goes
        to :class:`~itakit.inputs.answers.interleaved.InterleavedCounts`.
        """
        layout = self.layout
        a = layout.agency
        if a is None:
            return False  # one agency's own survey: small, and blank rows need row-by-row care
        if len(set(map(len, records))) != 1 or len(records[0]) != layout.width:
            return False
        agencies = list(map(itemgetter(a), records))
        changed = list(map(ne, agencies, islice(agencies, 1, None)))  # where a run of one agency ends
        if (changed.count(True) + 1) * 8 > len(records) and self.interleaved is not None and layout.columns:
            return self.interleaved.count(records, agencies)
        bounds = [0, *compress(range(1, len(records)), changed), len(records)]
        runs = [(agencies[start], end - start) for start, end in zip(bounds, bounds[1:], strict=False)]
        numbers = [self.meaning.agency(raw) for raw, _ in runs]
        if NO_AGENCY in numbers:
            return False
        wanted = layout.columns
        counted: list[tuple[int, int, int, bool]] = []
        start = 0
        for (_, k), number in zip(runs, numbers, strict=False):
            created = number not in self.respondents
            per = self.per_agency(number)
            end = start + k
            columns = list(zip(*records[start:end], strict=False))  # the run's rows, turned into columns
            for counts, j in zip(per, wanted, strict=False):
                _count_elements(counts, columns[j])
            self.respondents[number] += k
            counted.append((number, start, end, created))
            start = end
        if self._all_readable(number for number, _, _, _ in counted):
            return True
        for number, start, end, created in reversed(counted):  # take the chunk back out
            per = self.counts[number]
            columns = list(zip(*records[start:end], strict=False))
            for counts, j in zip(per, wanted, strict=False):
                taken: dict[str, int] = {}
                _count_elements(taken, columns[j])
                for raw, n in taken.items():
                    left = counts[raw] - n
                    if left:
                        counts[raw] = left
                    else:
                        del counts[raw]
            self.respondents[number] -= end - start
            if created:
                del self.counts[number], self.respondents[number]
        return False

    def _all_readable(self, numbers: Iterable[int]) -> bool:
        """True when every text counted for these agencies is an answer or blank (checking new texts once)."""
        readable = self.meaning.readable
        for number in dict.fromkeys(numbers):
            for pos, counts in enumerate(self.counts[number]):
                if counts.keys() <= readable[pos]:
                    continue
                for raw in counts.keys() - readable[pos]:
                    if self.meaning.answer(pos, raw) is UNREADABLE:
                        return False
        return True

    # -- a chunk row by row (the reference behaviour) ------------------------------------

    def slow(self, lines: Sequence[int], records: Sequence[Sequence[str]]) -> None:
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
            per = self.per_agency(agency)
            self.respondents[agency] += 1
            for pos, index in enumerate(layout.columns):
                text = cells[index] if index < len(cells) else ""
                counts = per[pos]
                if not text:
                    counts[BLANK] = counts.get(BLANK, 0) + 1
                    continue
                if meaning.answer(pos, text) is UNREADABLE:
                    expected = meaning.expected(pos)
                    if self.skip_unreadable:
                        counts[BLANK] = counts.get(BLANK, 0) + 1
                        self.unreadable.setdefault(agency, []).append(
                            f"line {line}, column {header[index]!r}: {text!r} ({expected}); counted as blank"
                        )
                    else:
                        problems.add(f"is not an answer on the {layout.scales[pos].label_en} ({expected})",
                                     line, header[index], text)
                    continue
                counts[text] = counts.get(text, 0) + 1

    # -- the result ---------------------------------------------------------------------

    def result(self, source: str) -> list[AgencyData]:
        """One AgencyData per agency, in the order agencies first appear, its tallies a row of one count table."""
        total = self.agencies
        respondents = [self.respondents.get(k, 0) for k in range(total)]
        flat: list[int] = []
        size = 0
        if self.interleaved is not None:
            self.interleaved.grow(total)
            flat, size = self.interleaved.counts, self.interleaved.size
            respondents = list(map(add, respondents, flat[0:total * size:size]))
        rows = [k for k in range(total) if respondents[k]]  # (an agency only named by a chunk read again is none)
        every = len(rows) == total
        keys = self.layout.keys
        columns: list[list[int]] = []
        at = 1  # the slot in an interleaved block
        for pos, options in enumerate(keys):
            slots = [[0] * len(rows) for _ in range(len(options) + 1)]
            if flat:
                for slot in range(len(options) + 1):
                    column = flat[at + slot:total * size:size]
                    slots[slot] = column if every else [column[k] for k in rows]
            at += len(options) + 1
            self._add_texts(pos, options, rows, slots)
            columns.extend(slots)
        names: list[str | None] = ([self.meaning.names[k] for k in rows] if self.layout.agency is not None
                                   else [None] * len(rows))
        counts = AnswerCounts(self.layout.codes, keys, columns=columns, size=len(rows))
        unreadable = {row: self.unreadable[k] for row, k in enumerate(rows) if k in self.unreadable}
        return agency_data(counts, names, [respondents[k] for k in rows], unreadable, source)

    def _add_texts(self, pos: int, options: tuple[str, ...], rows: list[int], slots: list[list[int]]) -> None:
        """Add the texts counted by runs and row by row in answer column ``pos`` into its slots (column by column)."""
        empty: dict[str, int] = {}
        dicts = [per[pos] if (per := self.counts.get(k)) is not None else empty for k in rows]
        texts: set[str] = set()
        for counts in dicts:
            texts.update(counts)
        if not texts:
            return
        where = {key: i for i, key in enumerate(options)}
        meaning = self.meaning
        for raw in texts:
            key = meaning.kinds[pos][raw] if raw in meaning.kinds[pos] else meaning.answer(pos, raw)
            slot = len(options) if key is BLANK or key is UNREADABLE else where[key]  # UNREADABLE is never counted
            slots[slot] = list(map(add, slots[slot], map(dict.get, dicts, repeat(raw), repeat(0))))


def count_rows(raw: Raw, layout: AnswerLayout, problems: Problems, *, source: str,
               skip_unreadable: bool = False) -> list[AgencyData]:
    """Tally raw answers per agency (or for one agency when the layout has no agency column), in pure Python.

    ``raw`` are the table's rows handed over raw: the rows already looked at (cleaned)
    are counted first, then the rest a chunk at a time, each distinct text cleaned once.
    Problems go to ``problems`` exactly as a row-by-row reading would report them; the
    caller raises them.
    """
    meaning = Meaning(layout, None)
    counter = PureCounter(meaning, problems, skip_unreadable)
    report = progress.current()
    a = layout.agency
    with progress.paused_gc():
        report.begin(f"reading {source}", unit="rows")
        try:
            pending = raw.pending
            if pending:  # rows the caller already looked at, cleaned
                counter.slow(list(map(itemgetter(0), pending)), list(map(itemgetter(1), pending)))
                report.advance(len(pending))
            meaning.clean = raw.clean
            read = len(pending)
            for lines, records in raw.chunks:
                if not counter.fast(records):
                    counter.slow(lines, records)
                report.advance(len(records))
                read += len(records)
                if a is not None and looks_like_ids(counter.agencies, read):
                    problems.add(ids_problem(counter.agencies, read), None, layout.header[a])
                    return []
        finally:
            report.end()
        return counter.result(source)
