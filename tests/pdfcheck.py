"""Reading a rendered PDF back with poppler, for the rendering checks: page sizes, page text, wrapped lines.

``pdftotext -bbox-layout`` gives each text block (a paragraph or a table cell) with its
lines; two lines of one block are a place where the layout wrapped the text, so the
break between them can be checked against Thai syllables and dictionary words
(PyThaiNLP).  poppler sometimes puts a space after a tall consonant's shifted tone mark
(ป้ อง): spaces are ignored when texts are compared.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

POPPLER = bool(shutil.which("pdftotext") and shutil.which("pdfinfo"))
_THAI = re.compile("[\u0e01-\u0e4e]")


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True)
    return [(float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout)]


def page_text(pdf: Path, page: int, *, layout: bool = False, raw: bool = False) -> str:
    """A page's text: as laid out (``layout``), in the order it was drawn (``raw``: a table cell's text stays
    together), or poppler's reading order."""
    mode = ["-layout"] if layout else ["-raw"] if raw else []
    args = ["pdftotext", "-f", str(page), "-l", str(page), *mode, str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    """Text without whitespace, NFC: what stays of a text whatever spaces poppler adds or drops."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def wrapped_lines(pdf: Path, page: int) -> list[tuple[str, str]]:
    """Each place on a page where a block's text wraps: (the line before, the line after)."""
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", done.stdout).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    pairs = []
    for block in ET.fromstring(xml).iter("block"):
        lines = [(float(line.get("xMin", 0)), float(line.get("yMin", 0)), float(line.get("yMax", 0)),
                  "".join(w.text or "" for w in line.iter("word"))) for line in block.iter("line")]
        for (x1, t1, b1, text1), (x2, t2, _b2, text2) in zip(lines, lines[1:], strict=False):
            # a wrap: the next line starts in the same column (or left of a first-line indent), one line below;
            # poppler also puts neighbouring table cells in one block, and those are no wrap (glyph boxes are
            # taller than the line spacing, so lines are compared by their tops)
            same_column = abs(x2 - x1) < 3 or 0 < x1 - x2 < 60
            if same_column and 0 < t2 - t1 < 1.2 * (b1 - t1):
                pairs.append((text1, text2))
    return pairs


@cache
def _tokenizers() -> tuple[object, object]:
    from pythainlp.tokenize import syllable_tokenize, word_tokenize

    return syllable_tokenize, word_tokenize


def _cuts(tokens: list[str]) -> set[int]:
    at, cuts = 0, {0}
    for token in tokens:
        at += len(token)
        cuts.add(at)
    return cuts


def inside(before: str, after: str) -> tuple[bool, bool]:
    """Whether the break between two wrapped lines falls inside a syllable, and inside a dictionary word (only
    between two Thai letters; a break beside a space, a digit or punctuation is never inside either)."""
    a, b = squeeze(before), squeeze(after)
    if not (a and b and _THAI.match(a[-1]) and _THAI.match(b[0])):
        return False, False
    tail = re.split(r"[^\u0e01-\u0e4e]", a)[-1][-12:]
    head = re.split(r"[^\u0e01-\u0e4e]", b)[0][:12]
    if b[len(head):len(head) + 1] == ".":  # an abbreviation (พ.ศ., ป.ป.ช.) is a word of its own
        return False, False
    joined, at = tail + head, len(tail)
    syllables, tokens = _tokenizers()
    in_syllable = at not in _cuts(syllables(joined, engine="dict"))  # type: ignore[operator]
    in_word = at not in _cuts(tokens(joined, engine="newmm"))  # type: ignore[operator]
    return in_syllable, in_word


def line_breaks(pdf: Path, pages: list[int]) -> tuple[int, list[str], list[str]]:
    """How many wrapped lines the pages have, and the breaks inside a syllable and inside a dictionary word."""
    total, syllable, word = 0, [], []
    for page in pages:
        for before, after in wrapped_lines(pdf, page):
            total += 1
            in_syllable, in_word = inside(before, after)
            where = f"p.{page}: …{squeeze(before)[-10:]}|{squeeze(after)[:10]}…"
            if in_syllable:
                syllable.append(where)
            if in_word:
                word.append(where)
    return total, syllable, word
