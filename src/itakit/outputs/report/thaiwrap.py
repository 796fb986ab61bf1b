"""Word boundaries in Thai text, marked with zero-width spaces so Word and LibreOffice break lines only there.

Thai is written without spaces between words; a word processor that does not know
where a word ends may break a line inside it ("วัฒนธรร/ม"), and LibreOffice's own
dictionary splits compounds ("งบ/ประมาณ").  PyThaiNLP's dictionary tokenizer (engine
"newmm", which needs no download) finds the words; a ZERO
WIDTH SPACE (U+200B) between two words gives the layout engine a break opportunity
there, and WORD JOINERs (U+2060) between a word's letters forbid one inside it.  A
compound too long to hold in a narrow column (อำนวยความสะดวก) is split into the
dictionary words it is made of first, so that the engine never has to break mid-word.
PyThaiNLP (extra ``report``) is optional: without it the text is left as it is.
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["WJ", "ZWSP", "mark_word_breaks", "strip_word_breaks"]

ZWSP = "\u200b"
"""ZERO WIDTH SPACE: an invisible line-break opportunity."""
WJ = "\u2060"
"""WORD JOINER: invisible, forbids a line break; holds a word's letters together where the layout engine's own
dictionary would split a compound (LibreOffice breaks งบประมาณ after งบ)."""
_ENGINE = "newmm"
"""PyThaiNLP's default dictionary tokenizer (maximal matching, no download): it keeps สาธารณะ, โปร่งใส and ภายนอก
whole where "longest" splits them (สา|ธารณะ, โปร่ง|ใส, ภาย|นอก)."""
_HOLD_MAX = 10
"""Letters (not counting vowel and tone marks) a word may have and still be held whole."""
_MARKS = frozenset(chr(c) for c in (0x0E31, 0x0E33, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))


def _joined(word: str) -> str:
    """A Thai word with a word joiner between its letters (never before a vowel or tone mark, which attach)."""
    out: list[str] = []
    for ch in word:
        if out and ch not in _MARKS and _is_thai(ch) and _is_thai(out[-1]):
            out.append(WJ)
        out.append(ch)
    return "".join(out)


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


@cache
def _dictionary() -> Any:
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


def _letters(word: str) -> int:
    return sum(1 for ch in word if ch not in _MARKS)


def _parts(word: str, tokenize: Any) -> list[str]:
    """A long compound as the shorter dictionary words it is made of (itself when it is not made of any)."""
    if _letters(word) <= _HOLD_MAX or not all(_is_thai(ch) for ch in word):
        return [word]
    trie = _dictionary()
    known = word in trie
    if known:
        trie.remove(word)
    try:
        parts = tokenize(word, engine=_ENGINE, custom_dict=trie)
    finally:
        if known:
            trie.add(word)
    if len(parts) < 2 or any(_letters(p) < 2 for p in parts) or "".join(parts) != word:
        return [word]
    return [piece for part in parts for piece in _parts(part, tokenize)]


@cache
def _tokenizer() -> Any:
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        return None
    return word_tokenize


def mark_word_breaks(text: str, *, hold: bool = True) -> str:
    """``text`` with a zero-width space between adjacent Thai words and, with ``hold``, a word joiner between the
    letters of each Thai word (unchanged without PyThaiNLP or without Thai).  Without ``hold`` the page's own
    rules must keep words whole (HTML: ``word-break: keep-all``)."""
    if not any(_is_thai(ch) for ch in text):
        return text
    tokenize = _tokenizer()
    if tokenize is None:
        return text
    source = strip_word_breaks(text)
    words = tokenize(source, engine=_ENGINE, keep_whitespace=True)
    if sum(len(w) for w in words) != len(source):
        return text
    out: list[str] = []
    at = 0
    for token in words:
        word = source[at:at + len(token)]  # the engine lower-cases Latin letters: keep the text's own
        at += len(token)
        for piece in _parts(word, tokenize):
            if out and out[-1] and piece and (_is_thai(out[-1][-1]) or out[-1][-1] == "/") and _is_thai(piece[0]):
                out.append(ZWSP)
            out.append(_joined(piece) if hold else piece)
    return "".join(out)


def strip_word_breaks(text: str) -> str:
    """``text`` without zero-width spaces and word joiners (for comparing or copying text out of a document)."""
    return text.replace(ZWSP, "").replace(WJ, "")
