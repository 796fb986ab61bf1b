"""Count a raw-answer CSV file in pure Python straight from its bytes: each distinct cell decoded once.

Python's ``csv`` module makes a text object of every cell, decoding each from UTF-8: in
a file of Thai answer labels that is most of the time spent.  For a plain file — no
quote character, no NUL, line breaks ``\\n`` or ``\\r\\n``, every row as wide as the
header — the strict ``csv`` reader does nothing but split lines at line breaks and cells
at the delimiter, so this counter splits 2 MiB blocks of bytes itself (a few C calls a
block), codes the cells by the bytes they hold
(:class:`~itakit.inputs.answers.slots.SlotCounter`) and decodes each *distinct* cell once,
strictly (an undecodable byte in a column not counted is looked for too).  Splitting at
ASCII bytes never cuts a character in UTF-8 or cp874, so checking the distinct cells
checks every byte.

Anything else — a quote, an odd row, a cell that is no answer or names no agency, a byte
that is not text, a value longer than the ``csv`` module takes — makes :func:`count_file`
return None, and the reference counter (:mod:`~itakit.inputs.answers.pure`) reads the
file and reports it, so both give one answer for every file.
"""

from __future__ import annotations

import csv
from functools import partial
from itertools import compress, cycle, repeat

from ... import progress
from ..data import AgencyData
from ..table import CsvSource, clean_cell
from .layout import AnswerLayout
from .meaning import Meaning, looks_like_ids
from .slots import SlotCounter, Undecodable

__all__ = ["BLOCK_BYTES", "ENCODINGS", "count_file"]

BLOCK_BYTES = 2 << 20
"""Bytes read at a time: memory follows this (and the agencies), not the file."""
ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf_8", "utf8", "cp874"})
"""Encodings whose line breaks, delimiters and quotes are single ASCII bytes that no character contains."""


class _Unusual(Exception):
    """Something the reference counter reads and reports instead."""


def count_file(source: CsvSource, layout: AnswerLayout, *, file: str) -> list[AgencyData] | None:
    """Tally a plain raw-answer CSV file per agency from its bytes; None when the reference counter must read it.

    The result equals :func:`itakit.inputs.answers.pure.count_rows`'s on the same file.
    """
    codec = source.encoding.lower()
    if (codec not in ENCODINGS or layout.agency is None or not layout.columns or source.header_line != 1
            or not source.header_is_one_line or len(source.delimiter) != 1 or not source.delimiter.isascii()):
        return None
    meaning = Meaning(layout, clean_cell)
    file_columns = [source.columns[j] for j in layout.columns]
    agency_column = source.columns[layout.agency]
    counted = sorted([agency_column, *file_columns])
    counter = SlotCounter(meaning, agency_at=counted.index(agency_column),
                          answer_at=[counted.index(j) for j in file_columns],
                          decode=partial(bytes.decode, encoding="utf-8" if codec == "utf-8-sig" else codec),
                          marker=True, limit=csv.field_size_limit())
    report = progress.current()
    with progress.paused_gc():
        report.begin(f"reading {file}", unit="rows")
        try:
            _count(source, counter, counted, report)
        except (_Unusual, Undecodable, OSError):
            return None
        finally:
            report.end()
        names: list[str | None] = list(meaning.names)
        return counter.agencies(file, names)


def _count(source: CsvSource, counter: SlotCounter, counted: list[int], report: progress.Progress) -> None:
    delimiter = source.delimiter.encode("ascii")
    width = source.width
    marker = delimiter + b"\n" + delimiter  # a line break becomes a cell of its own after each row
    every = len(counted) == width
    keep = [*(i in counted for i in range(width)), True]
    others = [*(i not in counted for i in range(width)), False]
    limit = csv.field_size_limit()  # the reference's csv module refuses a longer value
    decode = counter.decode
    assert decode is not None
    rows_read = 0
    with open(source.path, "rb") as fh:
        header = fh.readline(BLOCK_BYTES)
        if not header.endswith(b"\n") or b"\r" in header[:-2] or header.endswith(b"\r\r\n"):
            raise _Unusual  # a lone carriage return is a line break to the csv module
        while True:
            data = fh.read(BLOCK_BYTES)
            if not data:
                break
            if b'"' in data or b"\0" in data:
                raise _Unusual  # quotes follow the csv module's rules; NUL it refuses
            if len(data) == BLOCK_BYTES:  # more follows: the block ends after its last line break
                end = data.rfind(b"\n") + 1
                if not end:
                    raise _Unusual  # a line longer than a block
                if end < len(data):
                    fh.seek(end - len(data), 1)
                    data = data[:end]
            elif not data.endswith(b"\n"):
                data += b"\n"  # the last line of the file, without a line break
            if b"\r" in data:
                if data.count(b"\r") != data.count(b"\r\n"):
                    raise _Unusual  # a lone carriage return (a line break to the csv module)
                data = data.replace(b"\r\n", b"\n")
            rows = data.count(b"\n")
            flat = data.replace(b"\n", marker).split(delimiter)
            flat.pop()  # what follows the last line break: nothing
            if len(flat) != rows * (width + 1) or flat[width::width + 1].count(b"\n") != rows:
                flat, rows = _lines(data, width, marker, delimiter)  # empty lines, or a row of another width
            if not every:
                unused = list(compress(flat, cycle(others)))
                if max(map(len, unused), default=0) > limit:
                    raise _Unusual  # a value longer than the csv module takes
                text = b"".join(unused)
                if not text.isascii():
                    try:
                        decode(text)
                    except UnicodeError:
                        raise _Unusual from None
                flat = list(compress(flat, cycle(keep)))
            if not counter.block(flat, rows):
                raise _Unusual
            rows_read += rows
            report.advance(rows)
            if looks_like_ids(counter.meaning.agencies, rows_read):
                raise _Unusual  # an id column, not agencies: the reference refuses it, early


def _lines(data: bytes, width: int, marker: bytes, delimiter: bytes) -> tuple[list[bytes], int]:
    """The cells of a block with empty lines (no record), each row followed by a line-break cell; raises _Unusual
    for a row wider or narrower than the header."""
    lines = list(filter(None, data.split(b"\n")))
    if set(map(bytes.count, lines, repeat(delimiter))) - {width - 1}:
        raise _Unusual
    if not lines:
        return [], 0
    flat = marker.join(lines).split(delimiter)
    flat.append(b"\n")
    return flat, len(lines)
