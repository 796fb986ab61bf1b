"""Tell which text encoding a file is in, and say exactly where a byte cannot be read.

Agencies' files come as UTF-8 (with or without a byte-order mark), UTF-16 ("Unicode
Text" saved from Excel) or the old Thai Windows encoding cp874, of which TIS-620 is a
subset.  Detection: a byte-order mark decides; otherwise text that reads as strict UTF-8
*is* UTF-8 (Thai in cp874 almost never does), and text that does not is tried as cp874.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import BinaryIO

import attrs

from ..errors import DataError, Problem, UsageError

__all__ = [
    "ENCODINGS", "Undecodable", "codec_for", "describe", "detect_encoding", "find_undecodable", "refuse_utf32",
    "without_guess",
]

ENCODINGS: dict[str, str] = {
    "utf-8": "utf-8-sig", "utf8": "utf-8-sig", "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16", "utf16": "utf-16",
    "utf-16le": "utf-16-le", "utf-16-le": "utf-16-le", "utf-16be": "utf-16-be", "utf-16-be": "utf-16-be",
    "cp874": "cp874", "windows-874": "cp874", "tis-620": "cp874", "tis620": "cp874", "tis_620": "cp874",
}
"""Names ``--encoding`` accepts, and the codec each is read with (TIS-620 is read as cp874, its superset)."""

_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
          "utf-16-be": "UTF-16", "cp874": "cp874 (TIS-620)"}
_CHUNK = 1 << 20
_WINDOW = 1 << 16


def codec_for(name: str) -> str:
    """The codec for an encoding name given by a user; raises UsageError naming the accepted ones."""
    codec = ENCODINGS.get(name.strip().lower().replace(" ", ""))
    if codec is None:
        raise UsageError(f"{name!r} is not an encoding itakit reads (expected utf-8, utf-16, cp874 or tis-620)")
    return codec


def without_guess(path: str | Path, codec: str) -> str:
    """The codec to open a file with: ``utf-16`` without a byte-order mark is read as Excel writes it, little-endian."""
    if codec != "utf-16":
        return codec
    with open(path, "rb") as fh:
        head = fh.read(2)
    return codec if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-16-le"


def describe(codec: str) -> str:
    """A codec's name as users know it (``cp874 (TIS-620)``, ``UTF-16``)."""
    return _NAMES.get(codec, codec)


@attrs.frozen
class Undecodable:
    """The first byte of a file that its encoding cannot read: the line it is on and its value."""

    line: int
    byte: int

    def problem(self, file: str, codec: str, hint: str) -> Problem:
        """The byte as a :class:`Problem` for a DataError."""
        return Problem(
            f"byte {self.byte:#04x} cannot be read as {describe(codec)} text; {hint}", file, self.line
        )


def _lines_in(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def find_undecodable(path: str | Path, codec: str) -> Undecodable | None:
    """Scan a file with a codec and return where it first fails (None when all of it reads)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        if codec == "utf-16":
            codec = "utf-16-be" if head[:2] == codecs.BOM_UTF16_BE else "utf-16-le"
            skip = 2 if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else 0
        elif codec == "utf-8-sig":
            codec, skip = "utf-8", 3 if head[:3] == codecs.BOM_UTF8 else 0
        else:
            skip = 0
        fh.seek(skip)
        decoder = codecs.getincrementaldecoder(codec)()
        lines = 0
        while True:
            chunk = fh.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                before = exc.object[: exc.start].decode(codec, errors="replace")
                return Undecodable(lines + _lines_in(before) + 1, exc.object[exc.start])
            lines += _lines_in(text)
            if not chunk:
                return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when a sample without BOM looks like UTF-16 text (Latin or Thai)."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    high_odd = sum(1 for b in odd if b in (0x00, 0x0E)) / len(odd)
    high_even = sum(1 for b in even if b in (0x00, 0x0E)) / len(even)
    if high_odd > 0.9 and odd.count(0) > 0 and high_even < 0.5:
        return "utf-16-le"
    if high_even > 0.9 and even.count(0) > 0 and high_odd < 0.5:
        return "utf-16-be"
    return None


def _first_non_ascii(fh: BinaryIO) -> bytes | None:
    """A window of bytes from the first byte above 0x7F (None when the file is all ASCII)."""
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return None
        if not chunk.isascii():
            at = next(i for i, b in enumerate(chunk) if b > 0x7F)
            window = chunk[at:at + _WINDOW]
            if len(window) < _WINDOW:
                window += fh.read(_WINDOW - len(window))
            return window


def _reads_as(window: bytes, codec: str) -> bool:
    try:
        codecs.getincrementaldecoder(codec)().decode(window, final=False)
    except UnicodeDecodeError:
        return False
    return True


def refuse_utf32(head: bytes, name: str) -> None:
    """Refuse a file that starts as UTF-32 text (a byte-order mark, or one ASCII character in four bytes).

    UTF-32's little-endian mark begins with UTF-16's, so without this check such a file
    would be read as UTF-16 full of NULs.
    """
    looks_le = len(head) == 4 and head[0] and not any(head[1:])
    looks_be = len(head) == 4 and head[3] and not any(head[:3])
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or looks_le or looks_be:
        raise DataError(Problem("is UTF-32 text, which itakit does not read; save it as UTF-8 "
                                "(or UTF-16, cp874)", name, 1))


def detect_encoding(path: str | Path, *, hint: str = "save it as UTF-8 or give --encoding") -> str:
    """The codec a text file is in: by its BOM, else UTF-8 if it reads as UTF-8, else cp874.

    Raises :class:`~itakit.errors.DataError` naming the line and byte when the file is
    neither UTF-8 nor cp874 text.
    """
    name = str(path)
    with open(path, "rb") as fh:
        head = fh.read(_WINDOW)
        refuse_utf32(head[:4], name)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if b"\x00" in head:
            found = _utf16_without_bom(head[: len(head) // 2 * 2])
            return found or "utf-8-sig"  # the CSV reader then says the file holds NUL bytes
        fh.seek(0)
        window = _first_non_ascii(fh)
    if window is None:
        return "utf-8-sig"
    if _reads_as(window, "utf-8"):
        return "utf-8-sig"
    if _reads_as(window, "cp874"):
        return "cp874"
    bad = find_undecodable(path, "utf-8-sig")
    line, byte = (bad.line, bad.byte) if bad else (None, window[0])
    raise DataError(Problem(
        f"byte {byte:#04x} cannot be read as UTF-8 or cp874 (TIS-620) text; {hint}", name, line
    ))
