"""Word boundaries in Thai text, marked with zero-width spaces so Word and LibreOffice break lines only there.

Thai is written without spaces between words; a word processor that does not know
where a word ends may break a line inside it ("วัฒนธรร/ม").  PyThaiNLP's dictionary
tokenizer ("newmm", which needs no download) finds the words, and a ZERO WIDTH SPACE
(U+200B) between two Thai words gives the layout engine a break opportunity there.
PyThaiNLP (extra ``report``) is optional: without it the text is left as it is.
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["ZWSP", "mark_word_breaks", "strip_word_breaks"]

ZWSP = "\u200b"
"""ZERO WIDTH SPACE: an invisible line-break opportunity."""


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


@cache
def _tokenizer() -> Any:
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        return None
    return word_tokenize


def mark_word_breaks(text: str) -> str:
    """``text`` with a zero-width space between adjacent Thai words (unchanged without PyThaiNLP or Thai)."""
    if not any(_is_thai(ch) for ch in text):
        return text
    tokenize = _tokenizer()
    if tokenize is None:
        return text
    out: list[str] = []
    for token in tokenize(strip_word_breaks(text), engine="newmm", keep_whitespace=True):
        if out and out[-1] and token and _is_thai(out[-1][-1]) and _is_thai(token[0]):
            out.append(ZWSP)
        out.append(token)
    return "".join(out)


def strip_word_breaks(text: str) -> str:
    """``text`` without zero-width spaces (for comparing or copying text out of a document)."""
    return text.replace(ZWSP, "")
