"""The rendering check (issue 12): the realistic example's report as LibreOffice and Chromium print it.

Renders the .docx through LibreOffice (``soffice``) and the .html through headless
Chromium, then reads the PDF back with poppler (``pdfinfo``, ``pdftotext``) and checks:
the page count stays within a bound, section 4 takes at most five landscape pages, no
measures-table row is split across pages, and no line in a measures-table cell ends
inside a Thai word (lines may break only where the report marked a word boundary,
at a space, or beside a non-Thai character).  Skipped when the programs are missing; on
Debian: ``apt-get install libreoffice-writer chromium poppler-utils fonts-tlwg-laksaman-ttf``.
Run it alone with ``pytest tests/test_report_render.py`` (docs/report.md, "Rendering check").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest

from conftest import EXAMPLES
from itakit.cli import main

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
REALISTIC = EXAMPLES / "lamliang-2565-questions-realistic.csv"
ARGS = ["--agency", "องค์การบริหารส่วนตำบลลำเลียง", "--district", "กระบุรี", "--province", "ระนอง", "--chart"]
MAX_PAGES = 24
MAX_MEASURES_PAGES = 5
_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}
_BREAKABLE = re.compile(r"[\s\u200b]")


def _thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


def _normal(text: str) -> tuple[str, set[int]]:
    """Text as pdftotext can be compared with it: NFKC, without Thai above/below marks (pdftotext reorders them)
    and without spaces; plus the positions in it where a line may end (after a space, a zero-width space, a
    paragraph end, or beside a non-Thai character)."""
    out: list[str] = []
    breaks: set[int] = set()
    for ch in unicodedata.normalize("NFKC", text):
        if ch == "\u2060":  # word joiner: holds letters together, no break
            continue
        if _BREAKABLE.match(ch):
            breaks.add(len(out))
        elif ch not in _MARKS:
            out.append(ch)
    breaks.add(len(out))
    for k in range(1, len(out)):
        if not (_thai(out[k - 1]) and _thai(out[k])):
            breaks.add(k)
    return "".join(out), breaks


def _pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True)
    return [(float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout)]


def _columns(pdf: Path, page: int, edges: list[float]) -> list[list[str]]:
    """The text lines of each table column on a page: words placed by their left edge between ``edges`` (in points),
    grouped into lines by their top; poppler's own blocks merge neighbouring cells, positions do not."""
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", done.stdout).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    for word in ET.fromstring(xml).iter("word"):
        x, y = float(word.get("xMin", 0)), round(float(word.get("yMin", 0)))
        column = sum(1 for edge in edges if x >= edge) - 1
        if 0 <= column < len(edges) - 1:
            key = next((k for k in lines if k[0] == column and abs(k[1] - y) <= 2), (column, y))
            lines.setdefault(key, []).append((x, word.text or ""))
    out: list[list[str]] = [[] for _ in edges[:-1]]
    for (column, _y), words in sorted(lines.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        out[column].append("".join(text for _x, text in sorted(words)))
    return out


def _edges(left: float, width: float) -> list[float]:
    from itakit.outputs.report.measures import MEASURE_WIDTHS

    total = sum(MEASURE_WIDTHS)
    edges = [left - 2]
    for w in MEASURE_WIDTHS:
        edges.append(edges[-1] + width * w / total)
    edges[-1] += 4
    return edges


def _page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return _normal(done.stdout)[0]


def _cells(path: Path) -> list[list[str]]:
    """The measures tables' body rows, each as its cells' texts (with the report's word-break marks)."""
    document = docx.Document(str(path))
    tables = [t for t in document.tables if t.rows[0].cells[0].text.replace("\u200b", "") == "ที่"]
    return [[c.text for c in row.cells] for t in tables for row in t.rows[1:]]


def _check(pdf: Path, rows: list[list[str]], pages: list[int], edges: list[float]) -> None:
    columns = {p: [[_normal(line)[0] for line in col] for col in _columns(pdf, p, edges)] for p in pages}
    # no row split: the first and the last line of its deficiency cell are on one page
    for row in rows:
        lines = [_normal(line)[0] for line in row[3].splitlines() if _normal(line)[0]]
        head, tail = lines[0][:8], lines[-1][-8:]
        on = [p for p, cols in columns.items() if head in "".join(cols[3]) and tail in "".join(cols[3])]
        assert on, f"row {row[2][:30]!r} is split across pages (or not found)"
    # no line ends inside a Thai word: where two lines of a column continue one cell's text, the break between
    # them must be a place the report marked as a word boundary
    cells = [_normal(c) for row in rows for c in row]
    checked = 0
    for page, cols in columns.items():
        for column in cols[1:]:
            for upper, lower in zip(column, column[1:], strict=False):
                a, b = upper, lower
                if len(a) < 3 or len(b) < 3:
                    continue
                home = next(((text, breaks) for text, breaks in cells if a + b in text), None)
                if home is None:
                    continue
                text, breaks = home
                at = text.index(a + b) + len(a)
                checked += 1
                assert at in breaks, f"page {page}: a line ends inside a word: …{text[max(0, at - 8):at]}|{text[at:at + 8]}…"
    assert checked >= 3 * len(rows)  # the check saw the cells' lines, not nothing


@pytest.fixture(scope="module")
def work():
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@pytest.mark.skipif(not (SOFFICE and POPPLER), reason="needs LibreOffice (soffice) and poppler-utils")
def test_docx_through_libreoffice(work):
    out = work / "report.docx"
    assert main(["report", str(REALISTIC), *ARGS, "-o", str(out)]) == 0
    profile = work / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(out)], capture_output=True, check=True, timeout=300)
    pdf = work / "report.pdf"
    pages = _pages(pdf)
    assert 10 <= len(pages) <= MAX_PAGES
    landscape = [n for n, (w, h) in enumerate(pages, start=1) if w > h]
    assert 1 <= len(landscape) <= MAX_MEASURES_PAGES
    assert landscape == list(range(len(pages) - len(landscape) + 1, len(pages) + 1))  # section 4 closes the report
    width = pages[landscape[0] - 1][0]
    left = 1.27 / 2.54 * 72
    _check(pdf, _cells(out), landscape, _edges(left, width - 2 * left))


@pytest.mark.skipif(not (CHROMIUM and POPPLER), reason="needs Chromium and poppler-utils")
def test_html_through_chromium(work):
    out = work / "report.html"
    docx_out = work / "cells.docx"
    assert main(["report", str(REALISTIC), *ARGS, "-o", str(out)]) == 0
    assert main(["report", str(REALISTIC), *ARGS, "-o", str(docx_out)]) == 0
    pdf = work / "report-html.pdf"
    profile = work / "chromium-profile"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri()],
                   capture_output=True, timeout=300, check=False)
    pages = _pages(pdf)
    assert 10 <= len(pages) <= MAX_PAGES
    first = next(n for n in range(1, len(pages) + 1) if _normal("แนวทางมาตรการเพื่อขับเคลื่อน")[0] in _page_text(pdf, n)
                 and n > 3)  # past the contents
    width = pages[first - 1][0]
    left = right = 1.27 / 2.54 * 72  # @page margins of html.py
    _check(pdf, _cells(docx_out), list(range(first, len(pages) + 1)), _edges(left, width - left - right))
