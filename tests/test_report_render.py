"""The rendering check: the realistic example's Word report as LibreOffice prints it and its HTML as Chromium
prints it, read back with poppler (the PDF itakit typesets itself is checked in tests/test_report_pdf.py).

For each: the page count stays within a bound, the measures tables fill the landscape pages that close the
report, no measures-table row is split across pages, no line ends inside a Thai syllable, and the number of line
ends inside dictionary words (where the word processor's dictionary and PyThaiNLP's disagree) is reported.
Skipped when the programs are missing; on Debian:
``apt-get install libreoffice-writer chromium poppler-utils fonts-tlwg-laksaman-ttf`` (docs/report.md,
"Rendering check").  Run it alone with ``pytest -s tests/test_report_render.py`` to see the counts.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from itakit.cli import main
from pdfcheck import POPPLER, line_breaks, page_sizes, page_text, squeeze
from reporting import AGENCY, REALISTIC, report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
ARGS = ["--agency", AGENCY, "--district", "กระบุรี", "--province", "ระนอง", "--chart", "--date", "2565-10-31"]
MAX_PAGES = 40


@pytest.fixture(scope="module")
def work():
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _rows() -> list[list[str]]:
    model = report(date_line="ตุลาคม ๒๕๖๕")
    return [[c.text for c in row.cells] for b in model.sections[-1].blocks if hasattr(b, "rows")
            for row in b.rows[1:] if len(row.cells) == 9]


def _check(pdf: Path, label: str, *, misread: int = 0) -> None:
    """``misread``: how many syllable breaks to allow for poppler reading the renderer's glyphs out of order
    (LibreOffice's PDFs give ตงั้ for ตั้ง), never more than one in a hundred wrapped lines."""
    sizes = page_sizes(pdf)
    assert 12 <= len(sizes) <= MAX_PAGES
    landscape = [n for n, (w, h) in enumerate(sizes, start=1) if w > h]
    if landscape:  # Word's landscape section; Chromium prints a named landscape page
        assert landscape == list(range(landscape[0], len(sizes) + 1))  # section 4 closes the report
    drawn = [squeeze(page_text(pdf, n, raw=True)) for n in range(1, len(sizes) + 1)]
    for row in _rows():
        cells = [squeeze(c) for c in row[3:6] if squeeze(c)]
        holding = [k for k, text in enumerate(drawn) if all(c[:16] in text and c[-16:] in text for c in cells)]
        assert holding, f"{label}: the row {row[2][:40]!r} is split across pages"
    total, in_syllable, in_word = line_breaks(pdf, list(range(1, len(sizes) + 1)))
    print(f"\n{label}: {len(sizes)} pages, {total} wrapped lines, {len(in_syllable)} inside a syllable, "
          f"{len(in_word)} inside a dictionary word")
    assert total > 200
    assert len(in_syllable) <= min(misread, total // 100), in_syllable[:5]


@pytest.mark.skipif(not (SOFFICE and POPPLER), reason="needs LibreOffice (soffice) and poppler-utils")
def test_docx_through_libreoffice(work):
    out = work / "report.docx"
    assert main(["report", str(REALISTIC), *ARGS, "-o", str(out)]) == 0
    profile = work / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(out)], capture_output=True, check=True, timeout=300)
    _check(work / "report.pdf", "Word via LibreOffice", misread=3)


@pytest.mark.skipif(not (CHROMIUM and POPPLER), reason="needs Chromium and poppler-utils")
def test_html_through_chromium(work):
    out = work / "report.html"
    assert main(["report", str(REALISTIC), *ARGS, "-o", str(out)]) == 0
    pdf = work / "report-html.pdf"
    profile = work / "chromium-profile"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri()],
                   capture_output=True, timeout=300, check=False)
    _check(pdf, "HTML via Chromium")
    assert "๑" in page_text(pdf, 2)  # Thai page numbers in the page margin
