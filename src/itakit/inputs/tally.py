"""Count raw survey answers per agency and sub-item: fast, exact, and in memory that does not grow with respondents.

A national raw-answer file has over a million rows; scoring needs only how many
respondents of each agency gave each answer to each sub-item.  So instead of turning
every cell into points, rows are taken in chunks, each chunk is turned into columns
(a list per column, built at C speed), and equal cell texts are counted per agency
with the C counting loop behind :class:`collections.Counter`.  Each *distinct* cell
text is cleaned and looked up on its answer scale only once.  Rows of one agency
usually come together, so a chunk is counted a run of rows of one agency at a time;
interleaved agencies are counted into one list of ints instead
(:mod:`itakit.inputs.interleaved`), with the same result.

A chunk that holds anything unusual (a row of the wrong width, a missing agency
name, an answer that is not on its scale) is read row by row instead, exactly as
before, so every problem is reported with its line and column, in file order.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import compress, islice
from operator import itemgetter, ne
from typing import TYPE_CHECKING, Protocol

from .. import progress
from ..rules.model import AnswerScale
from .data import AgencyData, counted_tally
from .interleaved import InterleavedCounts

if TYPE_CHECKING:
    from .table import Problems

try:  # the C loop that Counter.update uses; it counts into any dict
    from _collections import _count_elements
except ImportError:  # pragma: no cover - other Python implementations

    def _count_elements(mapping: dict[str, int], iterable: Iterable[str]) -> None:
        get = mapping.get
        for elem in iterable:
            mapping[elem] = get(elem, 0) + 1


__all__ = ["CHUNK_ROWS", "MANY_AGENCIES", "AnswerCounter", "RawRows", "count_answers", "looks_like_ids", "paused_gc"]

CHUNK_ROWS = 8192
"""Rows counted at a time: memory is bounded by this, not by the file's length."""

MANY_AGENCIES = 20_000
"""More agencies than this (a national file has about 8,300), at fewer than two respondents each, is an id column."""


def looks_like_ids(agencies: int, rows: int) -> bool:
    """True when an agency column holds about one name per row, more than any assessment has: respondent ids.

    Every agency costs memory (its tallies), so such a file would grow to gigabytes; it
    is refused as soon as it shows, whichever path counts it.
    """
    return agencies > MANY_AGENCIES and agencies * 2 > rows


def _ids_problem(agencies: int, rows: int, column: str) -> str:
    return (f"holds {agencies:,} different agency names in its first {rows:,} rows, about one a row: it looks like "
            "a respondent id, not the agency (a national file has some 8,300 agencies); put the agency's name in "
            "this column (an id may go in a column named 'respondent')")


_BLANK = ""
"""What a blank cell maps to (it is counted as blank, not as an answer)."""
_UNREADABLE = None

Row = tuple[int, Sequence[str]]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small, acyclic objects are built.

    Counting a national file builds hundreds of thousands of small dicts that are kept;
    each one nudges the collector to rescan all of them, which doubled the reading
    time in the benchmark (docs/performance.md).  They hold no cycles, so nothing is lost.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class RawRows(Protocol):
    """Rows that can also be read uncleaned, so a fast reader can clean each distinct cell once.

    ``raw()`` hands over the rows already read (cleaned) and the remaining records in
    chunks of (lines, uncleaned cells) — records that hold nothing included, which the
    fast reader skips itself; ``clean`` is what the table does to every cell.  The rows
    must not be iterated after ``raw()``.
    """

    clean: Callable[[str], str]

    def raw(self) -> tuple[list[Row], Iterator[tuple[Sequence[int], Sequence[Sequence[str]]]]]: ...


class AnswerCounter:
    """The counts of one file, gathered chunk by chunk; also what a cell text means (shared with the columnar engine)."""

    def __init__(
        self,
        header: Sequence[str],
        columns: Mapping[int, str],
        scales: Mapping[str, AnswerScale],
        agency_col: int | None,
        problems: Problems,
        skip_unreadable: bool,
        clean: Callable[[str], str] | None,
    ) -> None:
        self.header = tuple(header)
        self.width = len(header)
        self.col_index = tuple(columns)  # header positions of the answer columns
        self.codes = tuple(columns.values())
        self.scales = tuple(scales[code] for code in self.codes)
        self.agency_col = agency_col
        self.problems = problems
        self.skip_unreadable = skip_unreadable
        self.clean = clean
        # Per answer column: every cell text seen -> option key, _BLANK, or _UNREADABLE.
        self.kinds: list[dict[str, str | None]] = [{} for _ in self.codes]
        # Per answer column: the texts that are their own option key (most answers are),
        # and the texts that are an answer or blank.
        self.identity: list[set[str]] = [set() for _ in self.codes]
        self.readable: list[set[str]] = [set() for _ in self.codes]
        self.names: dict[str, str] = {}  # raw agency cell -> the agency's name as first written
        self.shown: dict[str, str] = {}  # an agency's identity (text_key) -> its name as first written
        self.counts: dict[str | None, list[dict[str, int]]] = {}  # agency -> per column: text -> n
        # Agency -> respondents, in the order agencies first appear (each chunk's counts are in
        # ``counts`` or, for interleaved chunks, in ``interleaved``).
        self.respondents: dict[str | None, int] = {}
        self.unreadable: dict[str | None, list[str]] = {}
        self.interleaved = (None if agency_col is None else InterleavedCounts(
            self.width, agency_col, self.col_index, self.scales, self.kind, self.agency_name))

    # -- what a cell means -----------------------------------------------------------

    def kind(self, pos: int, raw: str) -> str | None:
        """The option key a cell text means in answer column ``pos`` (``""`` blank, None unreadable)."""
        kinds = self.kinds[pos]
        if raw in kinds:
            return kinds[raw]
        text = self.clean(raw) if self.clean is not None else raw
        if not text:
            key: str | None = _BLANK
        else:
            option = self.scales[pos].option(text)
            key = None if option is None else option.key
            if key == raw:
                self.identity[pos].add(raw)
        if key is not _UNREADABLE:
            self.readable[pos].add(raw)
        kinds[raw] = key
        return key

    def agency_name(self, raw: str) -> str:
        """The agency a cell names (``""`` when it names none), worked out once per distinct cell text."""
        name = self.names.get(raw)
        if name is None:
            name = self.same_agency(self.clean(raw) if self.clean is not None else raw)
            if len(self.names) < 1_000_000:  # bounded: a cache, not a record of the file
                self.names[raw] = name
        return name

    def same_agency(self, name: str) -> str:
        """The name as first written of the agency ``name`` is (the same under :func:`~itakit.inputs.table.text_key`)."""
        from .table import text_key, unneutralise

        name = unneutralise(name)
        key = text_key(name)
        if not key:
            return _BLANK
        return self.shown.setdefault(key, name)

    def per_agency(self, name: str | None) -> list[dict[str, int]]:
        per = self.counts.get(name)
        if per is None:
            per = self.counts[name] = [{} for _ in self.codes]
            self.respondents.setdefault(name, 0)
        return per

    # -- a chunk at C speed ------------------------------------------------------------

    def fast(self, records: Sequence[Sequence[str]]) -> bool:
        """Count a chunk at C speed; False (nothing counted) when it needs the row-by-row reading.

        Runs of one agency are counted column by column; a chunk of interleaved agencies goes
        to :class:`~itakit.inputs.interleaved.InterleavedCounts`.
        """
        width = self.width
        a = self.agency_col
        if a is None:
            return False  # one agency's own survey: small, and blank rows need row-by-row care
        if len(set(map(len, records))) != 1 or len(records[0]) != width:
            return False
        agencies = list(map(itemgetter(a), records))
        changed = list(map(ne, agencies, islice(agencies, 1, None)))  # where a run of one agency ends
        if (changed.count(True) + 1) * 8 > len(records) and self.interleaved is not None and self.col_index:
            new = self.interleaved.count(records, agencies)
            if new is None:
                return False
            for name in new:  # in the order they first appear
                self.respondents.setdefault(name, 0)
            return True
        bounds = [0, *compress(range(1, len(records)), changed), len(records)]
        runs = [(agencies[start], end - start) for start, end in zip(bounds, bounds[1:], strict=False)]
        names = [self.agency_name(raw) for raw, _ in runs]
        if _BLANK in names:
            return False
        wanted = self.col_index
        counted: list[tuple[str, int, int, bool]] = []
        start = 0
        for (_, k), name in zip(runs, names, strict=False):
            created = name not in self.respondents
            per = self.per_agency(name)
            end = start + k
            columns = list(zip(*records[start:end], strict=False))  # the run's rows, turned into columns
            for counts, j in zip(per, wanted, strict=False):
                _count_elements(counts, columns[j])
            self.respondents[name] += k
            counted.append((name, start, end, created))
            start = end
        if self._all_readable(name for name, _, _, _ in counted):
            return True
        for name, start, end, created in reversed(counted):  # take the chunk back out
            per = self.counts[name]
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
            self.respondents[name] -= end - start
            if created:
                del self.counts[name], self.respondents[name]
        return False

    def _all_readable(self, names: Iterable[str]) -> bool:
        """True when every text counted for these agencies is an answer or blank (checking new texts once)."""
        readable = self.readable
        for name in dict.fromkeys(names):
            for pos, counts in enumerate(self.counts[name]):
                if counts.keys() <= readable[pos]:
                    continue
                for raw in counts.keys() - readable[pos]:
                    if self.kind(pos, raw) is _UNREADABLE:
                        return False
        return True

    # -- a chunk row by row (the reference behaviour) ------------------------------------

    def slow(self, lines: Sequence[int], records: Sequence[Sequence[str]]) -> None:
        """Count a chunk row by row, reporting every problem with its line and column."""
        from .table import REPEATED_HEADER, check_width, is_repeated_header

        problems = self.problems
        header = self.header
        width = self.width
        a = self.agency_col
        clean = self.clean
        for line, record in zip(lines, records, strict=False):
            cells = tuple(map(clean, record)) if clean is not None else record
            if not any(cells):
                continue
            if is_repeated_header(cells, header):
                problems.add(REPEATED_HEADER, line)
                continue
            check_width(cells, width, problems, line)
            agency = None
            if a is not None:
                agency = self.agency_name(cells[a]) if a < len(cells) else ""
                if not agency:
                    problems.add("the agency name is missing", line, header[a])
                    continue
            per = self.per_agency(agency)
            self.respondents[agency] += 1
            for pos, index in enumerate(self.col_index):
                text = cells[index] if index < len(cells) else ""
                counts = per[pos]
                if not text:
                    counts[_BLANK] = counts.get(_BLANK, 0) + 1
                    continue
                if self.kind(pos, text) is _UNREADABLE:
                    scale = self.scales[pos]
                    labels = " / ".join(o.labels[0] if o.labels else o.key for o in scale.options)
                    expected = f"expected {', '.join(scale.keys)} or {labels}"
                    if self.skip_unreadable:
                        counts[_BLANK] = counts.get(_BLANK, 0) + 1
                        self.unreadable.setdefault(agency, []).append(
                            f"line {line}, column {header[index]!r}: {text!r} ({expected}); counted as blank"
                        )
                    else:
                        problems.add(f"is not an answer on the {scale.label_en} ({expected})",
                                     line, header[index], text)
                    continue
                counts[text] = counts.get(text, 0) + 1

    # -- the result ---------------------------------------------------------------------

    def agencies(self, source: str) -> list[AgencyData]:
        """One AgencyData per agency, in the order agencies first appear, with a tally per answer column."""
        out = []
        for agency, respondents in self.respondents.items():
            per = self.counts.pop(agency, None)
            flat = None if self.interleaved is None else self.interleaved.tallies(agency)
            if flat is not None:
                respondents += flat[0]
            answers = {}
            for pos, code in enumerate(self.codes):
                counts, blank = flat[1][pos] if flat is not None else ({}, 0)
                if per is None:
                    answers[code] = counted_tally(counts, blank)
                    continue
                raw_counts = per[pos]
                blank += raw_counts.pop(_BLANK, 0)
                if not counts and raw_counts.keys() <= self.identity[pos]:
                    counts = raw_counts
                else:
                    kinds = self.kinds[pos]
                    for raw, n in raw_counts.items():
                        key = kinds[raw] if raw in kinds else self.kind(pos, raw)
                        if key is _BLANK or key is _UNREADABLE:  # _UNREADABLE never counted; be safe
                            blank += n
                        else:
                            counts[key] = counts.get(key, 0) + n
                answers[code] = counted_tally(counts, blank)
            out.append(
                AgencyData(agency=agency, answers=answers, respondents=respondents,
                           unreadable=self.unreadable.get(agency, ()), source=source)
            )
        return out


def _chunks(rows: Iterable[Row]) -> Iterator[tuple[list[int], list[Sequence[str]]]]:
    """(lines, cells) a chunk at a time, for rows that offer no raw access."""
    rows = iter(rows)
    while True:
        chunk = list(islice(rows, CHUNK_ROWS))
        if not chunk:
            return
        yield list(map(itemgetter(0), chunk)), list(map(itemgetter(1), chunk))


def count_answers(
    rows: Iterable[Row],
    *,
    header: Sequence[str],
    columns: Mapping[int, str],
    scales: Mapping[str, AnswerScale],
    agency_col: int | None,
    problems: Problems,
    source: str,
    skip_unreadable: bool = False,
) -> list[AgencyData]:
    """Tally raw answers per agency (or for one agency when ``agency_col`` is None).

    ``rows`` are (line, cells); when they offer :class:`RawRows` access the cells are
    read uncleaned, a chunk at a time, and each distinct text is cleaned once.  Problems
    go to ``problems`` exactly as a row-by-row reading would report them; the caller
    raises them.
    """
    clean: Callable[[str], str] | None = None
    pending: list[Row] = []
    raw = getattr(rows, "raw", None)
    if callable(raw):
        pending, chunks = raw()
        clean = rows.clean  # type: ignore[attr-defined]
    else:
        chunks = _chunks(rows)
    counter = AnswerCounter(header, columns, scales, agency_col, problems, skip_unreadable, None)
    report = progress.current()
    with paused_gc():
        report.begin(f"reading {source}", unit="rows")
        try:
            if pending:  # rows the caller already looked at, cleaned
                counter.slow(list(map(itemgetter(0), pending)), list(map(itemgetter(1), pending)))
                report.advance(len(pending))
            counter.clean = clean
            read = len(pending)
            for lines, records in chunks:
                if not counter.fast(records):
                    counter.slow(lines, records)
                report.advance(len(records))
                read += len(records)
                if agency_col is not None and looks_like_ids(len(counter.respondents), read):
                    problems.add(_ids_problem(len(counter.respondents), read, header[agency_col]), None,
                                 header[agency_col])
                    return []
        finally:
            report.end()
        return counter.agencies(source)
