"""The PDF an agency publishes (outputs/report/pdf.py and typst/report.typ), read back with poppler.

Thai page numbers from section 1 on (the cover unnumbered, the front matter ก ข ค), a contents list whose
numbers are the pages the sections start on, the measures on landscape pages only, no table row split across
pages, no line ending inside a syllable, the Thai that was written in the text copied out, and no software
vocabulary in the copy to sign.  Skipped without Typst, a Thai font or poppler (docs/report.md says how to
install them); CI installs them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from itakit.cli import main
from pdfcheck import POPPLER, line_breaks, page_sizes, page_text, squeeze
from reporting import AGENCY, REALISTIC, SOFTWARE_WORDS, report


def _pdf_ready() -> str:
    try:
        from itakit.outputs.report.pdf import pdf_fonts

        pdf_fonts()
    except Exception as exc:  # noqa: BLE001 - the reason to skip
        return str(exc)
    return "" if POPPLER else "needs poppler-utils (pdftotext, pdfinfo)"


REASON = _pdf_ready()
pytestmark = pytest.mark.skipif(bool(REASON), reason=REASON or "ready")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
FRONT = "กขคงจฉชซ"


@pytest.fixture(scope="module")
def final_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--district", "กระบุรี", "--province", "ระนอง",
                 "--final", "--date", "2565-10-31", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pages(final_pdf):
    return [page_text(final_pdf, n, layout=True) for n in range(1, len(page_sizes(final_pdf)) + 1)]


@pytest.fixture(scope="module")
def drawn(final_pdf):
    """Each page's text in the order it was drawn, without spaces: a table cell's text comes back whole."""
    return [squeeze(page_text(final_pdf, n, raw=True)) for n in range(1, len(page_sizes(final_pdf)) + 1)]


def _number(text: str) -> str:
    """The page number printed at the top of a page (its first non-empty line), or '' when there is none."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if re.fullmatch("[๐-๙]+|[" + FRONT + "]", first) else ""


def test_cover_unnumbered_front_matter_lettered_body_from_1(pages):
    numbers = [_number(text) for text in pages]
    assert numbers[0] == ""  # the cover
    contents = next(k for k, text in enumerate(pages) if "สารบัญ" in text.split("\n", 3)[-1][:200] or
                    re.search(r"^\s*สารบัญ\s*$", text, re.M))
    assert numbers[1:contents + 1] == list(FRONT[:contents])  # คำนำ ก …, สารบัญ
    body = numbers[contents + 1:]
    assert [int(n.translate(THAI_DIGITS)) for n in body] == list(range(1, len(body) + 1))
    assert "กรอบการประเมินคุณธรรมและความโปร่งใส" in pages[contents + 1]  # section 1 on page ๑


def test_contents_numbers_are_the_pages_the_sections_start_on(pages):
    contents = next(text for text in pages if re.search(r"^\s*สารบัญ\s*$", text, re.M))
    entries = re.findall(r"^\s*([๑-๔])\.\s+(\S.*?)\s{2,}([๐-๙]+)\s*$", contents, re.M)
    assert [e[0] for e in entries] == ["๑", "๒", "๓", "๔"]
    labels = [_number(text) for text in pages]
    for number, title, page in entries:
        heading = f"{number}. {title.split()[0]}"
        first = next(k for k, text in enumerate(pages) if squeeze(heading) in squeeze(text) and k > 3)
        assert labels[first] == page, (title, labels[first], page)


def test_measures_tables_only_on_landscape_pages(final_pdf, drawn):
    sizes = page_sizes(final_pdf)
    landscape = [k for k, (w, h) in enumerate(sizes) if w > h]
    measures = [k for k, text in enumerate(drawn) if "หัวข้อย่อยการประเมิน" in text]
    assert measures and set(measures) <= set(landscape)
    assert landscape == list(range(landscape[0], len(sizes)))  # section 4 closes the report
    portrait = [k for k in range(len(sizes)) if k not in landscape]
    assert all(w < h for w, h in (sizes[k] for k in portrait))


def test_the_text_copied_out_is_the_thai_written(pages):
    text = "\n".join(pages)
    for word in ("ดำเนินการ", "ผู้รับผิดชอบ", "คะแนน", "องค์การบริหารส่วนตำบลลำเลียง", "ความโปร่งใส", "ตัวชี้วัด"):
        assert word in text, word
    flat = squeeze(text)
    model_text = squeeze("\n".join(
        b.text for s in report(final=True, date_line="ตุลาคม ๒๕๖๕").sections for b in s.blocks
        if hasattr(b, "text") and getattr(b, "style", "body") == "body"))
    sample = model_text[:400]
    assert sample[:120] in flat  # running text comes back letter for letter (spaces aside)


def test_no_software_vocabulary_in_the_copy_to_sign(pages):
    text = "\n".join(pages)
    for word in SOFTWARE_WORDS:
        assert word not in text, word
    assert "หมายเหตุสำหรับผู้จัดทำ" not in text


def test_no_measures_row_is_split_across_pages(drawn):
    model = report(final=True, date_line="ตุลาคม ๒๕๖๕")
    rows = [[c.text for c in row.cells] for b in model.sections[-1].blocks if hasattr(b, "rows")
            for row in b.rows[1:] if len(row.cells) == 9]
    flat = drawn
    assert len(rows) == 24
    for row in rows:
        cells = [squeeze(c) for c in row[3:6] if squeeze(c)]
        holding = [k for k, text in enumerate(flat) if all(c[:20] in text and c[-20:] in text for c in cells)]
        assert holding, f"row {row[2][:40]!r} is split across pages"


def test_no_line_ends_inside_a_syllable(final_pdf):
    total, in_syllable, in_word = line_breaks(final_pdf, list(range(1, len(page_sizes(final_pdf)) + 1)))
    print(f"\nPDF: {total} wrapped lines, {len(in_syllable)} inside a syllable, {len(in_word)} inside a dictionary "
          "word (PyThaiNLP's; mostly compounds cut in narrow header cells)")
    assert total > 300
    assert in_syllable == []
    assert len(in_word) <= total // 10


def test_a_draft_carries_its_notes_and_the_cli_says_why(tmp_path, capsys):
    out = tmp_path / "r2568.pdf"
    source = REALISTIC.parent / "agency-2568-indicators.csv"
    assert main(["report", str(source), "--agency", "เทศบาลตำบลตัวอย่าง", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "not confirmed by NACC" in err and "--final leaves it out" in err
    text = "\n".join(page_text(out, n) for n in range(1, len(page_sizes(out)) + 1))
    assert "หมายเหตุสำหรับผู้จัดทำ" in squeeze(text) or "หมายเหตุสำหรับผู้จัดทำ" in text
    final = tmp_path / "final2568.pdf"
    assert main(["report", str(source), "--agency", "เทศบาลตำบลตัวอย่าง", "--final", "-o", str(final)]) == 0
    text = "\n".join(page_text(final, n) for n in range(1, len(page_sizes(final)) + 1))
    assert "หมายเหตุ" not in text and "อนุมาน" not in text and "itakit" not in text
