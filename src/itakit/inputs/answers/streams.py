"""Byte streams of a CSV file for the columnar engine, and the check that its quotes are as the strict reader takes them.

The engine (:mod:`itakit.inputs.columnar`) hands pyarrow a file either in parts cut at
newlines, counted side by side (:class:`Part`, only while no quote appears), or whole.
pyarrow's parser is laxer than Python's ``csv`` module in ``strict`` mode, which the pure
path uses: it reads ``"อบต.1"x`` as ``อบต.1x`` where ``csv`` refuses text after a closing
quote.  :class:`Quotes` therefore follows the quotes of the bytes — which open a value
and which close one, by their count — and notes the first the strict reader would refuse
(text after a closing quote, a quote inside a value that does not start with one, a quote
never closed), so the engine leaves the file to the pure path, which reports it.

A large file whose quotes, commas and newlines are the ASCII bytes (UTF-8, cp874) is cut
after newlines into parts, each read through a :class:`Part` that follows its quotes as
it passes them to pyarrow; a cut that fell inside a quoted value shows as an odd count
of quotes at the end of the part before it, and the file is then counted again in one
stream.  One stream is read by pyarrow itself while :class:`QuoteScan` checks its bytes
in a thread of its own, or, in another encoding (UTF-16), decoded by :class:`Decoded` —
strictly, as the pure path decodes it — and handed on as UTF-8, checked on the way.
"""

from __future__ import annotations

import codecs
import io
import threading
from typing import Any

__all__ = ["Decoded", "Part", "QuoteScan", "Quotes"]

_QUOTE = 0x22
_CR, _LF = 0x0D, 0x0A
_READ = 4 << 20
"""Bytes a scan reads at a time."""


class Part(io.RawIOBase):
    """One byte range of a file, cut after a newline, read as a stream, its quotes followed (:class:`Quotes`) from there.

    ``unusual`` is set (and the part ends early) at a quote out of place, counted from
    the part's start as if a record began there; ``finished`` once it was read to its
    end.  Whether the cut really fell between records shows at the end of the part
    before it: an even count of quotes there (:meth:`Quotes.end`).
    """

    def __init__(self, path: str, start: int, end: int, quotes: Quotes) -> None:
        super().__init__()
        self.fh = open(path, "rb", buffering=0)  # noqa: SIM115 - closed in close()
        self.fh.seek(start)
        self.left = end - start
        self.quotes = quotes
        self.unusual = False
        self.finished = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self.unusual:
            return b""
        if self.left <= 0:
            self.finished = True
            return b""
        data = self.fh.read(self.left if size is None or size < 0 else min(size, self.left))
        self.left -= len(data)
        if not data:
            self.finished = True
        elif not self.quotes.take(data):
            self.unusual = True
            return b""
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.fh.close()
        super().close()


class Quotes:
    """The quotes of a CSV text's bytes, followed piece by piece as ``csv.reader(strict=True)`` would take them.

    A quote opens a value when an even number came before it, and must then follow a
    delimiter, a line break or the start of the file (else it is part of a value that
    does not start with one: the strict reader reads it literally, which this count
    cannot follow); a quote that closes a value must be followed by a delimiter, a line
    break, the end of the file, or a second quote (a quote written twice).
    """

    def __init__(self, delimiter: str, np: Any, *, file_start: bool = True) -> None:
        self.np = np
        self.separators = (ord(delimiter), _LF, _CR, _QUOTE)
        self.count = 0  # quotes so far: an even count means the next one opens a value
        self.last = _LF  # the byte before what comes next (the start of the file counts as a line start)
        self.close_at_end = False  # the last byte was a closing quote: the next one must end the value
        self.start = file_start  # where a byte-order mark may stand

    def take(self, data: bytes) -> bool:
        """Follow the next bytes; False at the first quote the strict reader would refuse.

        A chunk without a quote costs one byte search; with quotes, a few numpy passes
        over their places.
        """
        if self.start:
            self.start = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]  # the mark is no value: the header starts after it
        if not data:
            return True
        if self.close_at_end and data[0] not in self.separators:
            return False  # text after a closing quote
        self.close_at_end = False
        if _QUOTE in data:
            np = self.np
            array = np.frombuffer(data, dtype=np.uint8)
            at = np.flatnonzero(array == _QUOTE)
            opening, closing = (at[0::2], at[1::2]) if self.count % 2 == 0 else (at[1::2], at[0::2])
            self.count += len(at)
            d, lf, cr, quote = self.separators
            before = array[np.maximum(opening - 1, 0)]
            if len(opening) and opening[0] == 0:
                before[0] = self.last
            if not ((before == d) | (before == lf) | (before == cr) | (before == quote)).all():
                return False  # a quote inside a value that does not start with one
            inside = closing[closing + 1 < len(array)]
            after = array[inside + 1]
            if not ((after == d) | (after == lf) | (after == cr) | (after == quote)).all():
                return False  # text after a closing quote
            self.close_at_end = len(closing) > 0 and int(closing[-1]) == len(array) - 1
        self.last = data[-1]
        return True

    def end(self) -> bool:
        """At the end of the file: False when a quote was never closed."""
        return self.count % 2 == 0


class QuoteScan:
    """A file's quotes checked in a thread of its own (:class:`Quotes`) while pyarrow parses it from disk.

    For a file whose quotes, delimiters and line breaks are ASCII bytes (UTF-8, cp874).
    ``on_unusual`` is called from the thread at the first quote out of place, so the
    parse can stop early; :meth:`finish` waits and says whether one was found.
    """

    def __init__(self, path: str, delimiter: str, np: Any, on_unusual: Any = None) -> None:
        self.path = path
        self.quotes = Quotes(delimiter, np)
        self.on_unusual = on_unusual
        self.unusual = False
        self.stopped = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                while not self.stopped:
                    data = fh.read(_READ)
                    if not data:
                        self.unusual = not self.quotes.end()
                        break
                    if not self.quotes.take(data):
                        self.unusual = True
                        break
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by finish()
            self.error = exc
            self.unusual = True
        if self.unusual and self.on_unusual is not None:
            self.on_unusual()

    def stop(self) -> None:
        """Stop early (the parse failed anyway)."""
        self.stopped = True

    def finish(self) -> bool:
        """Wait for the scan; True when the file holds a quote the strict reader refuses (or could not be read)."""
        self.thread.join()
        if self.error is not None and not isinstance(self.error, OSError):
            raise self.error  # too little memory, say: not the file's doing
        return self.unusual


class Decoded(io.RawIOBase):
    """A whole file in another encoding (UTF-16), decoded strictly and handed on as UTF-8, its quotes checked.

    ``unusual`` is set (and the stream ends early) at a byte the encoding cannot decode
    or at the first quote the strict reader would refuse.
    """

    def __init__(self, path: str, encoding: str, delimiter: str, np: Any) -> None:
        super().__init__()
        self.fh = open(path, "rb")  # noqa: SIM115 - closed in close()
        self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.quotes = Quotes(delimiter, np)
        self.pending = b""  # UTF-8 bytes checked but not yet handed on
        self.done = False
        self.unusual = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = _READ if size is None or size < 0 else max(size, 1)
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
        try:
            text = self.decoder.decode(raw, final=end).encode("utf-8")
        except UnicodeError:
            return self._stop()
        if not self.quotes.take(text) or (end and not self.quotes.end()):
            return self._stop()
        self.pending += text
        self.done = end
        return None

    def _stop(self) -> None:
        self.unusual = self.done = True
        self.pending = b""

    def close(self) -> None:
        self.fh.close()
        super().close()
