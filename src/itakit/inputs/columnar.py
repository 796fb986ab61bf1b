"""Count a large raw-answer CSV file with pyarrow (the ``fast`` extra): integer work in C, exact results unchanged.

Scoring needs only how many respondents of each agency gave each answer to each
sub-item.  pyarrow's CSV reader parses the file on every core, block by block (so
memory follows the block and the number of agencies, not the file's length), with
each wanted column dictionary-encoded as it is parsed; counting (agency, answer)
pairs is then one ``numpy.bincount`` per column and block.  Python sees each
*distinct* cell text once: it is cleaned and looked up on its answer scale by the
same :class:`~itakit.inputs.tally.AnswerCounter` the pure-Python path uses, and each
distinct agency cell goes through the same one naming step
(:meth:`~itakit.inputs.tally.AnswerCounter.agency_name`).  The tallies, and so every
score, are identical to the pure path's (tests compare them).

Anything unusual — a row of the wrong width, a missing agency name, an answer not on
its scale, an encoding other than UTF-8, a file pyarrow cannot parse — makes
:func:`count_csv` return None, and the caller reads the file with the pure-Python
path, which reports every problem with its file, line, column and value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Any

from .. import progress
from ..rules.model import AnswerScale
from .data import AgencyData, AnswerTally, CountedAnswers, counted_tally
from .tally import AnswerCounter, paused_gc

if TYPE_CHECKING:
    from .table import CsvSource, Problems

__all__ = ["BLOCK_BYTES", "MIN_BYTES", "available", "count_csv"]

BLOCK_BYTES = 4 << 20
"""Bytes of CSV parsed per block: memory follows this (and the agencies), not the file."""
MIN_BYTES = 1 << 20
"""Files smaller than this are read by the pure path: loading pyarrow (about 0.3 s) would cost more."""

_UTF8 = {"utf-8", "utf-8-sig", "utf_8", "utf8"}


def _modules() -> tuple[Any, Any, Any] | None:
    """(numpy, pyarrow, pyarrow.csv), or None without the ``fast`` extra."""
    try:
        import numpy
        import pyarrow
        import pyarrow.csv
    except ImportError:
        return None
    return numpy, pyarrow, pyarrow.csv


def available() -> bool:
    """True when the ``fast`` extra (pyarrow and numpy) is installed."""
    return _modules() is not None


class _Unusual(Exception):
    """Something the engine leaves to the pure-Python path (which reports it, located)."""


def count_csv(
    source: CsvSource,
    *,
    header: Sequence[str],
    columns: Mapping[int, str],
    scales: Mapping[str, AnswerScale],
    agency_col: int,
    problems: Problems,
    file: str,
) -> list[AgencyData] | None:
    """Tally a raw-answer CSV file per agency with pyarrow; None when the pure-Python path must read it.

    ``columns`` maps the table's column positions to sub-item codes, ``agency_col`` is
    the table's agency column; ``source`` says where those columns are in the file.
    The result equals :func:`itakit.inputs.tally.count_answers`'s on the same file.
    """
    try:
        if os.path.getsize(source.path) < MIN_BYTES:
            return None  # small: the pure path is done before pyarrow would have loaded
    except OSError:
        return None
    if not available():
        return None
    modules = _modules()
    assert modules is not None
    if (source.encoding.lower() not in _UTF8 or source.header_line != 1 or not source.header_is_one_line
            or len(source.delimiter) != 1):
        return None
    from .table import clean_cell

    counter = AnswerCounter(header, columns, scales, agency_col, problems, False, clean_cell)
    report = progress.current()
    with paused_gc():
        report.begin(f"reading {file}", unit="rows")
        try:
            return _count(modules, source, counter, agency_col, file, report)
        except _Unusual:
            return None
        finally:
            report.end()


def _count(
    modules: tuple[Any, Any, Any],
    source: CsvSource,
    counter: AnswerCounter,
    agency_col: int,
    file: str,
    report: progress.Progress,
) -> list[AgencyData]:
    np, pa, pacsv = modules
    names = [f"c{i}" for i in range(source.width)]
    agency_name = names[source.columns[agency_col]]
    answer_names = [names[source.columns[j]] for j in counter.col_index]
    dictionary = pa.dictionary(pa.int32(), pa.string())
    wanted = [agency_name, *dict.fromkeys(answer_names)]
    try:
        reader = pacsv.open_csv(
            source.path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=source.delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted, column_types=dict.fromkeys(wanted, dictionary),
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, OSError) as exc:
        raise _Unusual from exc

    # Per answer column: the option keys, in a fixed order, then blank last.
    key_order = [tuple(o.key for o in scale.options) for scale in counter.scales]
    key_index = [{key: k for k, key in enumerate(keys)} for keys in key_order]
    widths = [len(keys) + 1 for keys in key_order]
    offsets = [sum(widths[:pos]) for pos in range(len(widths))]
    total_width = sum(widths)
    agencies: dict[str, int] = {}  # agency name -> its row in the counts, in order of first appearance
    counts = np.zeros((64, total_width), dtype=np.int64)
    respondents = np.zeros(64, dtype=np.int64)
    text_index: list[dict[str, int]] = [{} for _ in key_order]  # raw text -> position among its column's keys

    def position(pos: int, raw: str) -> int:
        found = text_index[pos].get(raw)
        if found is None:
            key = counter.kind(pos, raw)
            if key is None:
                raise _Unusual  # not an answer on its scale: the pure path reports it
            found = text_index[pos][raw] = widths[pos] - 1 if key == "" else key_index[pos][key]
        return found

    try:
        for batch in reader:
            rows = batch.num_rows
            if not rows:
                continue
            agency_column = batch.column(agency_name)
            batch_ids = []
            for raw in agency_column.dictionary.to_pylist():
                name = counter.agency_name(raw)
                if not name:
                    raise _Unusual  # a missing agency name, or a row that holds nothing
                batch_ids.append(agencies.setdefault(name, len(agencies)))
            known = len(agencies)
            if known > len(respondents):
                size = max(known, 2 * len(respondents))
                counts = np.concatenate([counts, np.zeros((size - len(counts), total_width), dtype=np.int64)])
                respondents = np.concatenate([respondents, np.zeros(size - len(respondents), dtype=np.int64)])
            ids = np.asarray(batch_ids, dtype=np.int64)
            local = _indices(np, agency_column)  # each row's agency, by its place in this block
            present = len(batch_ids)
            distinct = len(set(batch_ids)) == present  # two spellings of one name share a row otherwise
            respondents[:known] += np.bincount(ids[local], minlength=known)
            for pos, column_name in enumerate(answer_names):
                column = batch.column(column_name)
                to_key = np.asarray([position(pos, raw) for raw in column.dictionary.to_pylist()], dtype=np.int64)
                if not len(to_key):
                    continue
                width = widths[pos]
                block = np.bincount(local * width + to_key[_indices(np, column)], minlength=present * width)
                block = block.reshape(present, width)
                start = offsets[pos]
                if distinct:
                    counts[ids, start:start + width] += block
                else:
                    np.add.at(counts[:, start:start + width], ids, block)
            report.advance(rows)
    except pa.ArrowException as exc:
        raise _Unusual from exc  # a row of the wrong width, a bad quote…: read and reported row by row

    return _agency_data(counter, agencies, counts, respondents, key_order, offsets, file)


def _indices(np: Any, column: Any) -> Any:
    """A dictionary column's int32 indices as a numpy view of its buffer.

    ``Array.to_numpy`` would import pandas (about 0.4 s) whenever it is installed; the
    reader makes no nulls (``strings_can_be_null=False``), so the buffer is the column.
    """
    indices = column.indices
    if indices.null_count:
        raise _Unusual
    return np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices), offset=indices.offset * 4)


def _agency_data(
    counter: AnswerCounter,
    agencies: Mapping[str, int],
    counts: Any,
    respondents: Any,
    key_order: list[tuple[str, ...]],
    offsets: list[int],
    file: str,
) -> list[AgencyData]:
    """One AgencyData per agency, in order of first appearance, equal to what the pure path builds.

    The tallies stay rows of the integer table (:class:`~itakit.inputs.data.CountedAnswers`):
    each is built only when asked for, and scoring sums points over all agencies at once.
    """
    order = list(agencies.values())
    rows = counts[order] if order != list(range(len(order))) else counts[: len(order)]
    table = _Counts(rows, counter.codes, key_order, offsets)
    return [_agency(name, CountedAnswers(table, row), n, file)
            for row, (name, n) in enumerate(zip(agencies, respondents[order].tolist(), strict=True))]


def _agency(name: str, answers: CountedAnswers, respondents: int, file: str) -> AgencyData:
    return AgencyData(agency=name, answers=answers, respondents=respondents, source=file)


class _Counts:
    """Answer counts per agency (rows) and sub-item option (columns, each sub-item's keys then its blanks)."""

    def __init__(self, rows: Any, codes: Sequence[str], key_order: list[tuple[str, ...]], offsets: list[int]) -> None:
        self.rows = rows
        self.codes = tuple(codes)
        self.layout = {code: (keys, start) for code, keys, start in zip(codes, key_order, offsets, strict=True)}
        self.cached: dict[str, tuple[Mapping[str, int], list[int] | None, list[int] | None]] = {}
        self.blank_totals: list[int] | None = None

    def tally(self, row: int, code: str) -> AnswerTally:
        keys, start = self.layout[code]
        counts = self.rows[row, start:start + len(keys) + 1].tolist()
        # only the answers given (as the pure path counts them), then the blanks
        return counted_tally(dict(compress(zip(keys, counts, strict=False), counts)), counts[-1])

    @property
    def size(self) -> int:
        return len(self.rows)

    def column_sums(self, code: str, points: Mapping[str, int]) -> tuple[list[int], list[int]] | None:
        if code not in self.layout:
            return None
        hit = self.cached.get(code)
        if hit is None or hit[0] is not points:  # the scorer keeps one points table per scale: identity suffices
            hit = self.cached[code] = (points, *self._sums(code, points))
        totals, answered = hit[1], hit[2]
        if totals is None or answered is None:
            return None
        return totals, answered

    def _sums(self, code: str, points: Mapping[str, int]) -> tuple[list[int] | None, list[int] | None]:
        """Every agency's Σ points × count and answered count of one sub-item, exactly."""
        keys, start = self.layout[code]
        if any(key not in points for key in keys):
            return None, None
        block = self.rows[:, start:start + len(keys)]
        answered = block.sum(axis=1)
        vector = [points[key] for key in keys]
        largest = max((abs(v) for v in vector), default=0) * (int(answered.max()) if len(answered) else 0)
        if largest < 1 << 62:  # int64 cannot overflow: the C product is exact
            totals = block @ _int64(vector)
            return totals.tolist(), answered.tolist()
        return ([sum(p * n for p, n in zip(vector, r, strict=True)) for r in block.tolist()],
                answered.tolist())

    def blanks(self, row: int) -> int:
        if self.blank_totals is None:
            columns = [start + len(keys) for keys, start in self.layout.values()]
            self.blank_totals = self.rows[:, columns].sum(axis=1).tolist() if columns else [0] * len(self.rows)
        return self.blank_totals[row]


def _int64(values: list[int]) -> Any:
    """``values`` as a numpy int64 vector (numpy is imported only with the ``fast`` extra, when counting)."""
    import numpy

    return numpy.asarray(values, dtype=numpy.int64)
