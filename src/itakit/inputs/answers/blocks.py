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
                          decode=partial(bytes.decode, encoding="utf-8" if codec == "utf-8-sig" else codec))
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
    commas = width - 1
    every = len(counted) == width
    keep = [i in counted for i in range(width)]
    others = [not k for k in keep]
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
            lines = data.split(b"\n")
            last = lines.pop()  # what follows the last line break
            if last and len(data) == BLOCK_BYTES:  # the start of a line: read again with the next block
                if not lines:
                    raise _Unusual  # a line longer than a block
                fh.seek(-len(last), 1)
                last = b""
            if b"\r" in data:
                lines, last = _without_carriage_returns(lines, last)
            if last:
                lines.append(last)  # the last line of the file, without a line break
            if b"" in lines:
                lines = list(filter(None, lines))  # an empty line holds no record
            if not lines:
                continue
            if set(map(bytes.count, lines, repeat(delimiter))) != {commas}:
                raise _Unusual  # a row wider or narrower than the header
            if len(data) > limit and max(map(len, lines)) > limit:
                raise _Unusual  # a value may be longer than the csv module takes
            rows = len(lines)
            flat = delimiter.join(lines).split(delimiter)
            if not every:
                unused = b"".join(compress(flat, cycle(others)))
                if not unused.isascii():
                    try:
                        decode(unused)
                    except UnicodeError:
                        raise _Unusual from None
                flat = list(compress(flat, cycle(keep)))
            if not counter.block(flat, rows):
                raise _Unusual
            rows_read += rows
            report.advance(rows)
            if looks_like_ids(counter.meaning.agencies, rows_read):
                raise _Unusual  # an id column, not agencies: the reference refuses it, early


def _without_carriage_returns(lines: list[bytes], last: bytes) -> tuple[list[bytes], bytes]:
    """Lines ended by CR LF without their CR; raises _Unusual for a carriage return anywhere else (a line break too)."""
    ended = sum(map(bytes.endswith, lines, repeat(b"\r")))
    if sum(map(bytes.count, lines, repeat(b"\r"))) != ended or last.count(b"\r") > last.endswith(b"\r"):
        raise _Unusual
    return list(map(bytes.removesuffix, lines, repeat(b"\r"))), last.removesuffix(b"\r")

