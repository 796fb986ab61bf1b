"""Count a large raw-answer CSV file with pyarrow (the ``fast`` extra): integer work in C, exact results unchanged.

Scoring needs only how many respondents of each agency gave each answer to each
sub-item.  pyarrow's CSV reader parses the file block by block (so memory follows the
block and the number of agencies, not the file's length), with each wanted column
dictionary-encoded as it is parsed (a column of one-character answers is read as bytes);
a block's (agency, answer) cells then become places in one integer table (agencies ×
answer options), added up by ``numpy.bincount`` for all columns at once
(:mod:`~itakit.inputs.answers.gathering`).  A large file is cut after newlines into
one part per core, and the parts are parsed side by side; each follows its quotes, and
a cut that fell inside a quoted value (an odd count of quotes before it) has the file
counted again in one stream.  Python sees each *distinct* cell text once, and asks what
it means of the same :class:`~itakit.inputs.answers.meaning.Meaning` the pure counter
asks (an answer cell's option key; an agency cell's agency); agencies are put in order
of first appearance, each shown as first written, once every part is counted.  The
count table (:class:`~itakit.inputs.answers.counts.AnswerCounts`), and so every score,
is identical to the pure counter's (tests compare them).

Anything unusual — a row of the wrong width, a missing agency name, an answer not on
its scale, a cell its encoding cannot decode, a file pyarrow cannot parse — makes
:func:`count_csv` return None, and the caller reads the file with the pure-Python
path, which reports every problem with its file, line, column and value.  So does
whatever Python's strict ``csv`` reader refuses and pyarrow would take: a quote out of
place (:mod:`~itakit.inputs.answers.streams` follows the quotes), a value longer than the
``csv`` module's limit, a byte that is not UTF-8 in a column not counted (read as text
only to be checked).  Both paths give one answer for every file.
"""

from __future__ import annotations

import csv
import itertools
import os
import threading
from typing import Any

from ... import progress
from ..data import AgencyData
from ..table import CsvSource, clean_cell
from .counts import AnswerCounts, agency_data
from .gathering import Gatherer, SharedTable
from .layout import AnswerLayout
from .meaning import BLANK, NO_AGENCY, UNREADABLE, Meaning, looks_like_ids
from .streams import Decoded, Part, Quotes, QuoteScan

__all__ = ["BLOCK_BYTES", "FLUSH_CELLS", "MIN_BYTES", "PARTS", "PART_BYTES", "available", "count_csv"]

BLOCK_BYTES = 1 << 20
"""Bytes of CSV parsed per block: memory follows this (and the agencies), not the file."""
FLUSH_CELLS = 1 << 22
"""Cells of interleaved agencies gathered before they are added up (one ``numpy.bincount`` over the whole
table, so not too often); bounds memory (32 MiB of places)."""
ROWS_AT_ONCE = 2048
"""Agencies the count table grows by."""
PARTS = min(os.cpu_count() or 1, 8)
"""Parts of a large file counted side by side: one per core, at most eight."""
PART_BYTES = 4 << 20
"""A file is cut into parts only when each would hold at least this many bytes."""
MIN_BYTES = 1 << 20
"""Files smaller than this are read by the pure path: loading pyarrow (about 0.3 s) would cost more."""

_UTF8 = {"utf-8", "utf-8-sig", "utf_8", "utf8"}
_ASCII_SAFE = _UTF8 | {"cp874"}
"""Encodings in which a newline, a quote and a comma are the ASCII bytes, so a file can be cut into parts."""
_WHOLE_ONLY = {"utf-16", "utf-16-le", "utf-16-be"}
"""Encodings the engine reads in one stream only (pyarrow decodes them block by block)."""


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


def count_csv(source: CsvSource, layout: AnswerLayout, *, file: str) -> list[AgencyData] | None:
    """Tally a raw-answer CSV file per agency with pyarrow; None when the pure counter must read it.

    ``layout`` is the table's (its answer columns and agency column, which it must
    have); ``source`` says where the table's columns are in the file.  The result
    equals :func:`itakit.inputs.answers.pure.count_rows`'s on the same file.
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
    if (source.encoding.lower() not in _ASCII_SAFE | _WHOLE_ONLY or source.header_line != 1 or not source.header_is_one_line
            or len(source.delimiter) != 1):
        return None
    assert layout.agency is not None
    meaning = Meaning(layout, clean_cell)
    report = progress.current()
    with progress.paused_gc():
        report.begin(f"reading {file}", unit="rows")
        try:
            return _count(modules, source, meaning, file, report)
        except _Unusual:
            return None
        finally:
            report.end()
            modules[1].default_memory_pool().release_unused()  # the blocks' memory, cached by pyarrow: scoring is next


def _count(
    modules: tuple[Any, Any, Any],
    source: CsvSource,
    meaning: Meaning,
    file: str,
    report: progress.Progress,
) -> list[AgencyData]:
    """Count a large file in a few parts side by side (cut between records), else in one stream; quotes checked."""
    ranges = _ranges(source.path) if source.encoding.lower() in _ASCII_SAFE else []
    if len(ranges) > 1:
        engine = _Engine(modules, source, meaning, report, len(ranges))
        if engine.run_parts(ranges):
            return engine.result(file)
    engine = _Engine(modules, source, meaning, report, 1)  # one stream, in order
    if source.encoding.lower() in _ASCII_SAFE:  # pyarrow reads the file; its quotes are checked alongside
        scan = QuoteScan(source.path, source.delimiter, modules[0], on_unusual=engine.halt)
        try:
            engine.run(None, 0, first=True)
        except BaseException:
            scan.stop()  # the count failed anyway: the scan need not go on
            scan.finish()
            raise
        unusual = scan.finish()
    else:  # decoded here, strictly, and checked on the way
        decoded = Decoded(source.path, source.encoding, source.delimiter, modules[0])
        try:
            engine.run(decoded, 0, first=True)
        finally:
            decoded.close()
        unusual = decoded.unusual
    if unusual:
        raise _Unusual  # a quote the strict reader refuses, or a byte the encoding cannot decode
    return engine.result(file)


def _ranges(path: str) -> list[tuple[int, int]]:
    """Byte ranges of the file's data lines, cut after a newline, one per core (at most eight); one for small files."""
    parts = PARTS
    size = os.path.getsize(path)
    if parts < 2 or size < parts * PART_BYTES:
        return [(0, size)]
    with open(path, "rb") as fh:
        fh.readline()  # the header
        cuts = [fh.tell()]
        for k in range(1, parts):
            fh.seek(max(cuts[-1], cuts[0] + (size - cuts[0]) * k // parts))
            fh.readline()
            cuts.append(fh.tell())
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


class _Engine:
    """The counting of one file: each block's (agency, answer) cells into one integer table.

    Parts of the file may be counted side by side (pyarrow parses, and numpy counts, without
    the GIL); each part counts its blocks itself (:class:`~itakit.inputs.answers.gathering.Gatherer`)
    and one lock keeps what they share consistent — the meaning of texts met for the first
    time, the table they add to, the tally of rows read — and the agencies' order and names
    are settled at the end from each part's first appearances, in file order, so they
    are the pure path's whichever part was counted first.
    """

    def __init__(
        self, modules: tuple[Any, Any, Any], source: CsvSource, meaning: Meaning, report: progress.Progress, parts: int,
    ) -> None:
        self.np, self.pa, self.pacsv = modules
        self.source = source
        # pyarrow reads UTF-8 itself and decodes anything else block by block (a BOM is in the header line)
        self.encoding = "utf8" if source.encoding.lower() in _UTF8 else source.encoding
        self.limit = csv.field_size_limit()  # the pure path's csv module refuses a longer value
        self.meaning = meaning
        layout = meaning.layout
        assert layout.agency is not None
        self.report = report
        self.names = [f"c{i}" for i in range(source.width)]
        self.agency_name = self.names[source.columns[layout.agency]]
        self.answer_names = [self.names[source.columns[j]] for j in layout.columns]
        # Per answer column: the option keys, in scale order, then blank last.
        self.key_order = list(layout.keys)
        self.key_index = [{key: k for k, key in enumerate(keys)} for keys in self.key_order]
        self.widths = [len(keys) + 1 for keys in self.key_order]
        self.offsets = [sum(self.widths[:pos]) for pos in range(len(self.widths))]
        self.width = sum(self.widths)
        # Columns whose first records hold one ASCII character or none (digits, not labels) are
        # parsed as plain bytes and looked up by their one byte: no dictionary to build.
        self.short = _short_columns(source, {name: i for i, name in enumerate(self.names)}, self.answer_names)
        self.byte_luts: list[Any] = [self.np.full(257, -1, dtype=self.np.int64) for _ in self.key_order]
        self.compute: Any = None  # pyarrow.compute, loaded when a short column meets a longer cell
        # Per answer column: a block's dictionary (its distinct cells, UTF-8 bytes) -> each cell's column in the counts.
        self.luts: list[dict[tuple[bytes, ...], Any]] = [{} for _ in self.key_order]
        # per part: agency cells (UTF-8 bytes) -> the agency's number (its row in the counts), in order of appearance
        self.seen: list[dict[bytes, int]] = [{} for _ in range(parts)]
        self.lock = threading.Lock()  # around what the parts share: the meaning, the lookups, the table, the tally
        self.table = SharedTable(self.np, self.width, self.lock, ROWS_AT_ONCE)
        per_part = max(FLUSH_CELLS // parts, min(FLUSH_CELLS, 1 << 20))  # interleaved cells a part gathers
        self.gatherers = [Gatherer(self.np, self.table, per_part) for _ in range(parts)]
        self.stop = False
        self.others: list[str] = []  # columns read only to be checked (see _reader)
        self.rows_read = 0

    # -- reading ----------------------------------------------------------------------

    def _reader(self, stream: Part | Decoded | None, first: bool) -> Any:
        """pyarrow's reader of a part, of a decoded stream, or (None) of the file itself; ``first``: after the header.

        The other columns of UTF-8 bytes pyarrow has not decoded (so not checked) are read
        as text too, only so that pyarrow checks they are UTF-8, as the pure path decodes every byte.
        """
        pa, pacsv = self.pa, self.pacsv
        wanted = [self.agency_name, *dict.fromkeys(self.answer_names)]
        decoded = isinstance(stream, Decoded)
        encoding = "utf8" if decoded else self.encoding  # Decoded hands on UTF-8 it has decoded strictly
        self.others = [name for name in self.names if name not in wanted] if self.encoding == "utf8" else []
        # Bytes, not text: pyarrow would check every cell is UTF-8 (most of its parsing time for Thai
        # labels); each *distinct* cell is decoded here instead, strictly (see _text).
        dictionary = pa.dictionary(pa.int32(), pa.binary())
        return pacsv.open_csv(
            self.source.path if stream is None else stream,
            read_options=pacsv.ReadOptions(column_names=self.names, skip_rows=1 if first else 0,
                                           block_size=BLOCK_BYTES, encoding=encoding,
                                           use_threads=False),  # a stream is parsed in one thread anyway
            parse_options=pacsv.ParseOptions(delimiter=self.source.delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted + self.others,
                column_types={**dict.fromkeys(wanted, dictionary), **dict.fromkeys(self.short, pa.binary()),
                              **dict.fromkeys(self.others, pa.string())},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )

    def halt(self) -> None:
        """Stop counting at the next block (called from a quote scan's thread)."""
        self.stop = True

    def run(self, stream: Part | Decoded | None, part: int, *, first: bool = False) -> None:
        """Count one part of the file, or (``first``) the whole file from its header on."""
        pa = self.pa
        try:
            reader = self._reader(stream, first)
            try:
                for batch in reader:
                    if self.stop:
                        return
                    if batch.num_rows:
                        self._batch(batch, part)  # takes the lock only for what the parts share
                self.gatherers[part].flush()
            finally:
                reader.close()  # no read-ahead left running when this part stops early
        except (pa.ArrowException, OSError, UnicodeError) as exc:
            if isinstance(stream, (Part, Decoded)) and stream.unusual:
                return  # stopped at what the strict reader refuses: the caller judges
            raise _Unusual from exc  # a row of the wrong width, a bad quote…: read and reported row by row

    def run_parts(self, ranges: list[tuple[int, int]]) -> bool:
        """Count the parts side by side; False (count again in one stream) when a cut fell inside a quoted value.

        Each part follows its quotes from its start.  The first part starts after the
        header, between records; so does each next one while the part before it ended
        with an even count of quotes.  The first part that did not go well decides: a
        quote out of place or a parse error there is the file's (raises _Unusual, for the
        pure path to report); an odd count at its end, or a stop because another part
        failed, means a cut may not have fallen between records: False.
        """
        streams = [Part(self.source.path, a, b, Quotes(self.source.delimiter, self.np, file_start=False))
                   for a, b in ranges]
        failed: list[BaseException | None] = [None] * len(streams)

        def work(part: int) -> None:
            try:
                self.run(streams[part], part)
            except BaseException as exc:  # judged by the main thread, in the parts' order
                failed[part] = exc
            if failed[part] is not None or streams[part].unusual:
                self.stop = True  # the others need not go on

        threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(len(streams))]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        except BaseException:
            self.stop = True  # interrupted: the readers stop at their next block, and are waited for
            for thread in threads:
                if thread.is_alive():
                    thread.join()
            raise
        finally:
            for stream in streams:
                stream.close()
        for stream, error in zip(streams, failed, strict=True):
            if error is not None and not isinstance(error, _Unusual):
                raise error  # not the file's doing (an interruption, too little memory)
            if stream.finished and not stream.quotes.end():
                return False  # its end fell inside a quoted value: so may what failed at its end
            if error is not None or stream.unusual:
                raise _Unusual  # this part began between records: what it met is the file's
            if not stream.finished:
                return False  # stopped because a later part failed, which may have begun inside a value
        return True

    # -- counting ---------------------------------------------------------------------

    def _batch(self, batch: Any, part: int) -> None:
        np = self.np
        agency_column = batch.column(self.agency_name)
        texts = agency_column.dictionary.to_pylist()
        local = _indices(np, agency_column)  # each row's agency, by its place in this block's dictionary
        seen = self.seen[part]
        found = list(map(seen.get, texts))  # C speed for the agency cells seen before
        if None in found:
            with self.lock:
                self._learn(texts, local, seen)
            found = list(map(seen.get, texts))
        batch_ids: list[int] = found  # type: ignore[assignment]  # every cell is seen now
        for name in self.others:  # read only to be checked: no value longer than the csv module takes
            _check_lengths(np, batch.column(name), self.limit)
        places = np.empty((len(self.answer_names), batch.num_rows), dtype=np.int64)  # each cell's column in the table
        for pos, column_name in enumerate(self.answer_names):
            column = batch.column(column_name)
            if column_name in self.short:
                if self._bytes(pos, column, places[pos]):
                    continue
                column = self._encoded(column)
            answers = tuple(column.dictionary.to_pylist())
            lut = self.luts[pos].get(answers)
            if lut is None:
                with self.lock:
                    lut = self._lookup(pos, answers)
            np.take(lut, _indices(np, column), out=places[pos])
        self.gatherers[part].add(batch_ids, local, places, self.meaning.agencies)
        with self.lock:
            self.report.advance(batch.num_rows)
            self.rows_read += batch.num_rows
            if looks_like_ids(self.meaning.agencies, self.rows_read):
                raise _Unusual  # an id column, not agencies: the pure path refuses it, early

    def _learn(self, texts: list[bytes], local: Any, seen: dict[bytes, int]) -> None:
        """Note this part's new agency cells, in the order of their first rows."""
        new = [i for i, raw in enumerate(texts) if raw not in seen]
        if len(new) > 1:
            values, rows = self.np.unique(local, return_index=True)
            at = dict(zip(values.tolist(), rows.tolist(), strict=True))
            new.sort(key=at.__getitem__)
        for i in new:
            raw = texts[i]
            number = self.meaning.agency(self._text(raw))
            if number == NO_AGENCY:
                raise _Unusual  # a missing agency name, or a row that holds nothing
            seen[raw] = number

    def _bytes(self, pos: int, column: Any, out: Any) -> bool:
        """Place a plain-bytes column's cells by their one byte (256: blank); False when some cell is longer."""
        np = self.np
        if column.null_count:
            raise _Unusual
        rows = len(column)
        offsets = np.frombuffer(column.buffers()[1], dtype=np.int32, count=rows + 1, offset=column.offset * 4)
        starts = offsets[:-1]
        lengths = offsets[1:] - starts
        if rows and int(lengths.max()) > 1:
            return False
        data = column.buffers()[2]
        if data is None or not data.size:
            codes = np.full(rows, 256, dtype=np.int64)
        else:
            values = np.frombuffer(data, dtype=np.uint8)
            codes = np.where(lengths == 1, values[np.minimum(starts, values.size - 1)].astype(np.int64), 256)
        lut = self.byte_luts[pos]
        np.take(lut, codes, out=out)
        if rows and int(out.min()) < 0:  # a byte not met before: looked up once, then placed again
            with self.lock:
                for code in np.unique(codes[out < 0]).tolist():
                    raw = b"" if code == 256 else bytes((code,))
                    lut[code] = self._place(pos, self._text(raw))
            np.take(lut, codes, out=out)
        return True

    def _encoded(self, column: Any) -> Any:
        """A plain-bytes column as a dictionary column (for a block where a short column holds a longer cell)."""
        if self.compute is None:
            import pyarrow.compute

            self.compute = pyarrow.compute
        return self.compute.dictionary_encode(column)

    def _place(self, pos: int, text: str) -> int:
        """The column in the counts of a cell text of answer column ``pos`` (_Unusual when it is no answer there)."""
        key = self.meaning.answer(pos, text)
        if key is UNREADABLE:
            raise _Unusual  # not an answer on its scale: the pure path reports it
        return self.offsets[pos] + (self.widths[pos] - 1 if key == BLANK else self.key_index[pos][key])

    def _text(self, raw: bytes) -> str:
        """A distinct cell's text: strictly UTF-8 and no longer than the csv module takes, else _Unusual."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Unusual from None  # the pure path reports the byte, located
        if len(text) > self.limit:
            raise _Unusual  # longer than the csv module takes: the pure path refuses it
        return text

    def _lookup(self, pos: int, cells: tuple[bytes, ...]) -> Any:
        """The columns in the counts of a block's dictionary of answer column ``pos`` (called under the lock)."""
        known = self.luts[pos].get(cells)
        if known is not None:
            return known  # another part looked it up meanwhile
        found = [self._place(pos, self._text(raw)) for raw in cells]
        lut = self.luts[pos][cells] = self.np.asarray(found, dtype=self.np.int64)
        return lut

    def result(self, file: str) -> list[AgencyData]:
        """One AgencyData per agency, in order of first appearance, named as first written (as the pure path)."""
        order: dict[int, str] = {}
        for seen in self.seen:  # the parts in file order, each in its order of first appearance
            for raw, row in seen.items():
                if row not in order:
                    order[row] = self.meaning.written(raw.decode("utf-8"))
        matrix, respondents = self.table.result(list(order))
        self.table, self.gatherers = SharedTable(self.np, self.width, self.lock, ROWS_AT_ONCE), []  # the table's blocks go now
        counts = AnswerCounts(self.meaning.layout.codes, self.key_order, matrix=matrix)
        return agency_data(counts, list(order.values()), respondents.tolist(), {}, file)


SAMPLE_BYTES = 1 << 16
"""Bytes at the start of a file sampled to find its short columns."""


def _short_columns(source: CsvSource, index: dict[str, int], answer_names: list[str]) -> set[str]:
    """The answer columns whose sampled cells are all one ASCII character or blank (a guess: any cell is still read right)."""
    try:
        with open(source.path, "rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
        text = sample.decode(source.encoding, errors="replace")
    except (OSError, LookupError):
        return set()
    lines = text.splitlines()[1:-1]  # past the header; the last line may be cut
    if not lines or '"' in text:
        return set()
    records = list(csv.reader(lines, delimiter=source.delimiter))
    short = set()
    for name in dict.fromkeys(answer_names):
        at = index[name]
        if all(at < len(r) and len(r[at]) <= 1 and r[at] < "\x80" for r in records):
            short.add(name)
    return short


def _check_lengths(np: Any, column: Any, limit: int) -> None:
    """Raise _Unusual when a text column holds a value longer than ``limit`` characters (the csv module's limit).

    Byte lengths come from the column's offsets; only a value of more bytes than the
    limit (a character is one to four bytes) is counted in characters.
    """
    if not len(column):
        return
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32, count=len(column) + 1, offset=column.offset * 4)
    lengths = np.diff(offsets)
    if int(lengths.max()) > limit:
        for place in np.flatnonzero(lengths > limit).tolist():
            if len(column[place].as_py()) > limit:
                raise _Unusual


def _indices(np: Any, column: Any) -> Any:
    """A dictionary column's int32 indices as a numpy view of its buffer.

    ``Array.to_numpy`` would import pandas (about 0.4 s) whenever it is installed; the
    reader makes no nulls (``strings_can_be_null=False``), so the buffer is the column.
    """
    indices = column.indices
    if indices.null_count:
        raise _Unusual
    return np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices), offset=indices.offset * 4)
