"""Thai words, found once per text, so that a layout can break lines between words and never inside one.

Thai is written without spaces between words, and layout engines guess where a word
ends from their own dictionaries, which split compounds ("ตัว/ชี้วัด", "งบ/ประมาณ").  The
HTML report and the PDF get the words from here instead: PyThaiNLP's dictionary tokenizer
(engine "newmm", no download), with a compound too long for a narrow column
(อำนวยความสะดวก) split into the dictionary words it is made of.  Each renderer then
says "keep this word whole" in its own terms — a no-wrap span in HTML, an unbreakable
box in the PDF — so no invisible character is ever written into the text.  The Word
document needs none of this: its runs are marked as Thai and Word (or LibreOffice)
breaks them with its own dictionary.

The dictionary and tokenizer are built once per process.  Without PyThaiNLP (extra
``report``) a text is one token and the layout engine breaks it as it can.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = ["NARROW", "WIDE", "is_thai", "letters", "project_words", "words"]

_ENGINE = "newmm"
"""PyThaiNLP's default dictionary tokenizer (maximal matching, no download): it keeps สาธารณะ, โปร่งใส and ภายนอก
whole where "longest" splits them (สา|ธารณะ, โปร่ง|ใส, ภาย|นอก)."""
NARROW = 12
"""Letters (not counting vowel and tone marks) a word may have and still be held whole in a narrow column."""
WIDE = 20
"""The same in running text, where only a name as long as สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ
must be cut (องค์การบริหารส่วนตำบล stays whole)."""

_MARKS = frozenset(chr(c) for c in (0x0E31, 0x0E33, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))


def is_thai(ch: str) -> bool:
    """Whether a character is a Thai letter, vowel, tone mark or digit."""
    return "\u0e00" <= ch <= "\u0e7f"


@cache
def project_words() -> frozenset[str]:
    """The words this project keeps whole beyond PyThaiNLP's dictionary (``thaiwords.txt``, one a line)."""
    text = resources.files(__package__).joinpath("thaiwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


class _Dictionary:
    """PyThaiNLP's word list and the project's, answering the one question its maximal-matching tokenizer asks
    (``prefixes``) from a set: ready in milliseconds, where building its trie takes a second at every start."""

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self.lengths = sorted({len(w) for w in words})

    def __bool__(self) -> bool:
        return bool(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words of the dictionary that ``text`` has at ``start``, shortest first."""
        room = len(text) - start
        found = []
        for length in self.lengths:
            if length > room:
                break
            piece = text[start:start + length]
            if piece in self.words:
                found.append(piece)
        return found


@cache
def _tools() -> tuple[Any, _Dictionary] | None:
    """PyThaiNLP's tokenizer and the dictionary it matches against (its own word list: the project's words are
    joined after tokenizing, so that they never change how the words around them are cut)."""
    try:
        from pythainlp.corpus import thai_words
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        return None
    return word_tokenize, _Dictionary(frozenset(thai_words()))


def letters(word: str) -> int:
    """How many letters a word has, not counting vowel and tone marks above or below (its width, roughly)."""
    return sum(1 for ch in word if ch not in _MARKS)


def _merged(tokens: list[str]) -> list[str]:
    """Adjacent tokens joined where together they spell one of the project's words (ตัว ชี้ วัด → ตัวชี้วัด),
    the longest first."""
    keep = project_words()
    longest = max((len(w) for w in keep), default=0)
    out: list[str] = []
    k = 0
    while k < len(tokens):
        best = 1
        text = tokens[k]
        for j in range(k + 1, len(tokens)):
            text += tokens[j]
            if len(text) > longest:
                break
            if text in keep:
                best = j - k + 1
        out.append("".join(tokens[k:k + best]))
        k += best
    return out


def _parts(word: str, tokenize: Any, trie: Any, hold: int) -> list[str]:
    """A compound longer than ``hold`` letters as the dictionary words it is made of: the longest dictionary prefix
    that leaves a remainder of whole words, then the remainder alike (itself when it is made of none)."""
    if letters(word) <= hold or not all(is_thai(ch) for ch in word):
        return [word]
    for prefix in sorted((p for p in trie.prefixes(word) if len(p) < len(word)), key=len, reverse=True):
        rest = tokenize(word[len(prefix):], engine=_ENGINE, custom_dict=trie)
        if letters(prefix) >= 2 and rest and all(letters(r) >= 2 for r in rest):
            return [prefix] + [piece for part in _merged(rest) for piece in _parts(part, tokenize, trie, hold)]
    return [word]


@lru_cache(maxsize=8192)
def words(text: str, *, hold: int = NARROW) -> tuple[str, ...]:
    """``text`` cut into tokens whose concatenation is ``text``: each Thai word is a token to keep whole — a
    compound of more than ``hold`` letters cut into the dictionary words it is made of (:data:`NARROW` suits a
    table column, :data:`WIDE` running text) — and spaces and other text are tokens of their own."""
    if not any(is_thai(ch) for ch in text):
        return (text,) if text else ()
    tools = _tools()
    if tools is None:
        return (text,)
    tokenize, trie = tools
    tokens = tokenize(text, engine=_ENGINE, custom_dict=trie, keep_whitespace=True)
    if sum(len(t) for t in tokens) != len(text):
        return (text,)
    out: list[str] = []
    at = 0
    source = []
    for token in tokens:
        source.append(text[at:at + len(token)])  # the engine lower-cases Latin letters: keep the text's own
        at += len(token)
    for word in _merged(source):
        out += _parts(word, tokenize, trie, hold) if word not in project_words() else [word]
    return tuple(out)
