"""Byte streams of a CSV file for the columnar engine, checked on the way as the pure-Python reader would check them.

The engine (:mod:`itakit.inputs.columnar`) hands pyarrow a file either in parts cut at
newlines, counted side by side (:class:`Part`, only while no quote appears), or whole
in one stream (:class:`Whole`).  pyarrow's parser is laxer than Python's ``csv`` module
in ``strict`` mode, which the pure path uses: it reads ``"อบต.1"x`` as ``อบต.1x`` where
``csv`` refuses text after a closing quote.  :class:`Whole` therefore follows the quotes
of the bytes it passes on — which open a value and which close one, by their count —
and marks the stream *unusual* at a quote the strict reader would refuse (text after a
closing quote, a quote inside a value that does not start with one, a quote never
closed), so the engine leaves the file to the pure path, which reports it.  A file in
an encoding other than UTF-8 is decoded here (strictly, as the pure path decodes it) and
passed on as UTF-8, so the quotes are checked the same way in every encoding.
"""

from __future__ import annotations

import codecs
import io
from typing import Any

__all__ = ["Part", "Whole"]

_QUOTE = 0x22
_CR, _LF = 0x0D, 0x0A


class Part(io.RawIOBase):
    """One byte range of a file, read as a stream; notes (and stops at) a quote character, which may hold a newline."""

    def __init__(self, path: str, start: int, end: int) -> None:
        super().__init__()
        self.fh = open(path, "rb", buffering=0)  # noqa: SIM115 - closed in close()
        self.fh.seek(start)
        self.left = end - start
        self.quoted = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self.quoted or self.left <= 0:
            return b""
        data = self.fh.read(self.left if size is None or size < 0 else min(size, self.left))
        self.left -= len(data)
        if b'"' in data:
            self.quoted = True  # a quoted cell may hold a newline: cutting the file at one is not safe
            return b""
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.fh.close()
        super().close()


class Whole(io.RawIOBase):
    """A whole file as UTF-8 bytes, its quotes checked as ``csv.reader(strict=True)`` would; see the module's docstring.

    ``unusual`` is set (and the stream ends early) at the first quote the strict
    reader would refuse, or at a byte the encoding cannot decode.
    """

    def __init__(self, path: str, encoding: str, delimiter: str, np: Any) -> None:
        super().__init__()
        self.fh = open(path, "rb")  # noqa: SIM115 - closed in close()
        self.np = np
        utf8 = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")  # pyarrow reads UTF-8 (and its BOM) itself
        self.decoder = None if utf8 else codecs.getincrementaldecoder(encoding)("strict")
        self.start = True
        self.separators = (ord(delimiter), _LF, _CR, _QUOTE)
        self.pending = b""  # UTF-8 bytes checked but not yet handed on
        self.quotes = 0  # quotes passed so far: an even count means the next one opens a value
        self.last = _LF  # the byte before what comes next (the start of the file counts as a line start)
        self.close_at_end = False  # the last byte passed was a closing quote: the next byte must end the value
        self.done = False
        self.unusual = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = 1 << 20 if size is None or size < 0 else max(size, 1)
        while len(self.pending) < want and not self.done:
            self._more(want)
        data, self.pending = self.pending[:want], self.pending[want:]
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _more(self, size: int) -> None:
        raw = self.fh.read(size)
        end = not raw
        if self.decoder is not None:
            try:
                raw = self.decoder.decode(raw, final=end).encode("utf-8")
            except UnicodeError:
                return self._stop()
        checked = raw
        if self.start and raw.startswith(codecs.BOM_UTF8):
            checked = raw[len(codecs.BOM_UTF8):]  # the mark is no value: the header starts after it
        self.start = False
        if checked and not self._checked(checked):
            return self._stop()
        if end:
            self.done = True
            if self.quotes % 2:
                self._stop()  # a quote never closed
            return None
        self.pending += raw
        return None

    def _stop(self) -> None:
        self.unusual = self.done = True
        self.pending = b""

    def _checked(self, data: bytes) -> bool:
        """Follow the quotes of the next bytes; False at one the strict reader would refuse."""
        np = self.np
        first = data[0]
        if self.close_at_end and first not in self.separators:
            return False  # text after a closing quote
        self.close_at_end = False
        if _QUOTE in data:
            array = np.frombuffer(data, dtype=np.uint8)
            at = np.flatnonzero(array == _QUOTE)
            opening, closing = (at[0::2], at[1::2]) if self.quotes % 2 == 0 else (at[1::2], at[0::2])
            self.quotes += len(at)
            d, lf, cr, quote = self.separators
            before = array[np.maximum(opening - 1, 0)]
            if len(opening) and opening[0] == 0:
                before[0] = self.last
            if not ((before == d) | (before == lf) | (before == cr) | (before == quote)).all():
                return False  # a quote inside a value that does not start with one: the strict reader's business
            inside = closing[closing + 1 < len(array)]
            after = array[inside + 1]
            if not ((after == d) | (after == lf) | (after == cr) | (after == quote)).all():
                return False  # text after a closing quote
            self.close_at_end = len(closing) > 0 and int(closing[-1]) == len(array) - 1
        self.last = data[-1]
        return True

    def close(self) -> None:
        self.fh.close()
        super().close()
