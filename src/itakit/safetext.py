"""Text as it can be written: the one place every output passes, so no name in a file can break one.

Names, group values and codes come from users' files and arguments, and may hold what
no output can take: a lone surrogate (a JSON ``"\\ud800"``, or a byte of an argument
that is not UTF-8, which Python keeps as ``"\\udcff"``) cannot be encoded as UTF-8;
control characters (NUL, ESC, the C1 range) are not text at all, and on a terminal an
escape sequence can retitle or clear the screen.  :func:`writable` replaces what cannot
be encoded by U+FFFD, and control characters by U+FFFD in files and markup or by a
visible escape (``\\x1b``) on a terminal; :func:`write_out` writes to a standard stream
the way a terminal or a redirected file needs, and refuses a stream whose encoding
cannot hold the text.
"""

from __future__ import annotations

import re
import sys
from typing import Literal, TextIO

from .errors import UsageError

__all__ = ["REPLACEMENT", "Target", "writable", "write_out"]

Target = Literal["file", "terminal", "html"]
"""Where text goes: a file (CSV, JSON, Markdown, plain text), a terminal, or markup (HTML, and the XML of Word and Excel)."""

REPLACEMENT = "\ufffd"
"""What stands for a character that cannot be written (U+FFFD REPLACEMENT CHARACTER)."""

_SURROGATES = "\ud800-\udfff"
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab, newline and carriage return; DEL; C1
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"  # not allowed in XML, parse errors in HTML
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates: they reorder what a terminal shows

_PATTERNS = {
    "file": f"[{_SURROGATES}{_CONTROLS}]",
    "html": f"[{_SURROGATES}{_CONTROLS}{_NONCHARACTERS}]",
    "terminal": f"[{_SURROGATES}{_CONTROLS}{_BIDI_CONTROLS}]|\r(?!\n)",
}
_compiled: dict[str, re.Pattern[str]] = {}
_QUICK = 1 << 16
"""Texts shorter than this are first tested with ``str.isprintable`` (no pattern to compile when nothing is wrong)."""


def _pattern(to: str) -> re.Pattern[str]:
    """The pattern of what ``to`` cannot take, compiled on first use (a command writes to one or two places)."""
    pattern = _compiled.get(to)
    if pattern is None:
        if to not in _PATTERNS:
            raise ValueError(f"to must be 'file', 'terminal' or 'html', not {to!r}")
        pattern = _compiled[to] = re.compile(_PATTERNS[to])
    return pattern


def _shown(match: re.Match[str]) -> str:
    """A character a terminal must not act on, written as its escape (``\\x1b``, ``\\u202e``)."""
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (Python's surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def writable(text: str, *, to: Target = "file") -> str:
    """``text`` safe to write ``to`` a file, a terminal or markup, as UTF-8.

    Lone surrogates become U+FFFD (on a terminal, one standing for a byte of a file name
    or an argument that was not UTF-8 is shown as that byte, ``\\xff``).  Control
    characters other than tab, newline and carriage return (NUL, ESC, DEL, the C1 range)
    become U+FFFD in a file or markup; markup also loses the noncharacters XML forbids
    (U+FFFE…).  On a terminal they, a carriage return not followed by a newline and the
    bidirectional overrides are shown escaped instead (``\\x1b``, ``\\u202e``), so
    nothing a file holds can move the cursor, retitle or clear the screen, or reorder a line.
    Markup characters (``<``, ``&``) are the renderer's to escape, not this function's.
    """
    if len(text) < _QUICK and text.replace("\n", "").replace("\t", "").isprintable():
        if to not in _PATTERNS:
            raise ValueError(f"to must be 'file', 'terminal' or 'html', not {to!r}")
        return text  # nothing to replace (a short text needs no pattern compiled: a command starts quicker)
    pattern = _pattern(to)
    return pattern.sub(_shown if to == "terminal" else REPLACEMENT, text)


def write_out(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` to a standard stream (standard output by default) safely.

    A terminal gets :func:`writable`'s terminal form; a pipe or a redirected file gets
    the file form, as ``-o`` would write it.  A stream whose encoding cannot hold the
    text (an ASCII-only locale and Thai names) is a :class:`~itakit.errors.UsageError`
    saying how to get UTF-8, never a half-written output or an internal error.
    """
    out = sys.stdout if stream is None else stream
    try:
        terminal = out.isatty()
    except (AttributeError, ValueError, OSError):
        terminal = False
    safe = writable(text, to="terminal" if terminal else "file")
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8"):
        try:
            safe.encode(encoding)
        except UnicodeEncodeError:
            raise UsageError(
                f"the output holds text that the encoding of standard output ({encoding}) cannot show; "
                "set PYTHONIOENCODING=utf-8 (or a UTF-8 locale such as LANG=C.UTF-8), or write to a file with -o"
            ) from None
        except LookupError:
            pass
    out.write(safe)
