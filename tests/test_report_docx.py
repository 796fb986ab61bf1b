"""The Word report: seed figures in Thai digits, ranks in order, TH Sarabun New in the complex-script slots, A4."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest

from conftest import EXAMPLES
from itakit.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THAI = re.compile("[\u0e00-\u0e7f]")
SEED_RANKS_THAI = ["๓", "๕", "๖", "๔", "๒", "๘", "๑๐", "๙", "๗", "๑"]


def _report(tmp_path, *args, source="lamliang-2565-indicators.csv", agency="องค์การบริหารส่วนตำบลลำเลียง"):
    out = tmp_path / "report.docx"
    code = main(["report", str(EXAMPLES / source), "--agency", agency, "-o", str(out), *args])
    assert code == 0
    return out


def _open(path):
    """The document with its word-break marks taken out (zero-width spaces, word joiners, the no-break space
    after a list dash), so texts compare as written."""
    document = docx.Document(str(path))
    for t in document.element.body.iter(f"{W}t"):
        if t.text and ("\u200b" in t.text or "\u2060" in t.text):
            t.text = t.text.replace("\u200b", "").replace("\u2060", "")
        if t.text and "-\xa0" in t.text:
            t.text = t.text.replace("-\xa0", "- ")
    return document


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _results_table(document):
    (table,) = [t for t in document.tables if [c.text for c in t.rows[0].cells] == ["ตัวชี้วัด", "ผลคะแนน", "อันดับ"]]
    return table


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("docx"))


def test_seed_report_holds_total_grade_and_ranks_in_thai_digits(seed_docx):
    document = _open(seed_docx)
    text = _all_text(document)
    assert "๙๗.๒๐" in text and "AA" in text and "97.20" not in text
    assert "องค์การบริหารส่วนตำบลลำเลียง ได้คะแนนเฉลี่ย ๙๗.๒๐" in text
    table = _results_table(document)
    ranks = [row.cells[2].text for row in table.rows if row.cells[0].text.startswith("ตัวชี้วัดที่")]
    assert ranks == SEED_RANKS_THAI
    scores = [row.cells[1].text for row in table.rows if row.cells[0].text.startswith("ตัวชี้วัดที่")]
    assert scores == ["๙๙.๘๔", "๙๙.๔๙", "๙๙.๓๕", "๙๙.๕๑", "๙๙.๙๒", "๙๕.๐๓", "๙๒.๙๙", "๙๓.๐๗", "๙๖.๐๐", "๑๐๐.๐๐"]
    last = table.rows[-1].cells
    assert [last[0].text, last[1].text, last[2].text] == ["คะแนนเฉลี่ย", "๙๗.๒๐", "ระดับ AA"]


def test_framework_and_grade_tables_come_from_the_rule_set(seed_docx):
    document = _open(seed_docx)
    framework, bands = document.tables[0], document.tables[1]
    assert [c.text for c in framework.rows[0].cells] == ["เครื่องมือ", "ตัวชี้วัด", "น้ำหนัก"]
    assert framework.rows[1].cells[0].text == "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"
    assert framework.rows[1].cells[2].text == "ร้อยละ ๓๐"
    assert framework.rows[9].cells[1].text == "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล"
    assert framework.rows[9].cells[2].text == "ร้อยละ ๔๐"
    assert [r.cells[0].text for r in bands.rows[1:]] == [
        "๙๕.๐๐ - ๑๐๐.๐๐", "๘๕.๐๐ - ๙๔.๙๙", "๗๕.๐๐ - ๘๔.๙๙", "๖๕.๐๐ - ๗๔.๙๙",
        "๕๕.๐๐ - ๖๔.๙๙", "๕๐.๐๐ - ๕๔.๙๙", "๐.๐๐ - ๔๙.๙๙"]
    assert [r.cells[1].text for r in bands.rows[1:]] == ["AA", "A", "B", "C", "D", "E", "F"]


def test_thai_runs_carry_th_sarabun_new_in_the_complex_script_slot(seed_docx):
    from lxml import etree

    with zipfile.ZipFile(seed_docx) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    for style_id, half_points in (("Normal", "32"), ("Heading1", "36"), ("Heading2", "32")):
        (style,) = styles.findall(f"{W}style[@{W}styleId='{style_id}']")
        fonts = style.find(f"{W}rPr/{W}rFonts")
        assert {fonts.get(f"{W}{slot}") for slot in ("cs", "ascii", "hAnsi", "eastAsia")} == {"TH Sarabun New"}
        assert fonts.get(f"{W}cstheme") is None and fonts.get(f"{W}asciiTheme") is None
        assert style.find(f"{W}rPr/{W}szCs").get(f"{W}val") == half_points
        assert style.find(f"{W}rPr/{W}sz").get(f"{W}val") == half_points
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}cs") == "TH Sarabun New"
    assert defaults.find(f"{W}szCs").get(f"{W}val") == "32"
    thai_runs = [r for r in body.iter(f"{W}r") if THAI.search("".join(t.text or "" for t in r.iter(f"{W}t")))]
    assert len(thai_runs) > 100
    for run in thai_runs:
        assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}cs") == "TH Sarabun New"
    # bold Thai needs the complex-script bold too
    bold = [r for r in thai_runs if r.find(f"{W}rPr/{W}b") is not None]
    assert bold and all(r.find(f"{W}rPr/{W}bCs") is not None for r in bold)


def test_a4_bordered_tables_and_a_landscape_measures_page(seed_docx):
    document = _open(seed_docx)
    first = document.sections[0]
    assert (first.page_width.twips, first.page_height.twips) == (11906, 16838)  # A4 as Word writes it
    assert round(first.left_margin.cm, 2) == 3.0
    last = document.sections[-1]
    assert (last.page_width.twips, last.page_height.twips) == (16838, 11906)
    assert {t.style.name for t in document.tables} == {"Table Grid"}
    measures = [t for t in document.tables if t.rows[0].cells[0].text == "ที่"][-1]
    assert [c.text for c in measures.rows[0].cells] == [
        "ที่", "ตัวชี้วัด", "หัวข้อย่อยการประเมิน", "ข้อบกพร่อง", "มาตรการ", "วิธีการดำเนินการ",
        "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามและรายงานผล"]
    assert measures.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on each page


def test_arabic_digits(tmp_path):
    document = _open(_report(tmp_path, "--digits", "arabic"))
    text = _all_text(document)
    assert "97.20" in text and "๙๗.๒๐" not in text
    ranks = [row.cells[2].text for row in _results_table(document).rows if row.cells[0].text.startswith("ตัวชี้วัดที่")]
    assert ranks == ["3", "5", "6", "4", "2", "8", "10", "9", "7", "1"]


def test_agency_name_appears_literally(tmp_path):
    name = "<script>alert(1)</script>"
    document = _open(_report(tmp_path, agency=name))
    assert document.paragraphs[3].text == name
    assert f"{name} ได้คะแนนเฉลี่ย ๙๗.๒๐" in _all_text(document)


def test_question_level_report_has_an_o29_row_filled_from_the_plan(tmp_path):
    # Changed by issue 12: section 4 is three tables (IIT, EIT, OIT) with a row per indicator listing every
    # question below full marks, drafted from the catalogue; the plan still overrides cell by cell.
    out = _report(tmp_path, "--plan", str(EXAMPLES / "lamliang-2565-plan.toml"),
                  source="lamliang-2565-questions.csv")
    document = _open(out)
    iit, eit, oit = [t for t in document.tables if t.rows[0].cells[0].text == "ที่"]
    o29 = [c.text for c in oit.rows[1].cells]
    assert o29[0] == "๑." and o29[1] == "การเปิดเผยข้อมูล"
    assert o29[2] == "O๒๙ แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    assert o29[3].startswith("คู่มือการจัดการเรื่องร้องเรียนที่เผยแพร่ยังไม่แยก")
    assert o29[4] == "มาตรการจัดทำแนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตโดยเฉพาะ"
    assert o29[5].splitlines()[0].startswith("๑. ยกร่างแนวปฏิบัติ") and o29[5].splitlines()[2].startswith("๓. ")
    assert o29[6] == "- สำนักปลัด"
    assert o29[7] == "พ.ย. ๖๕ ถึง ธ.ค. ๖๕"
    # e6 takes the defaults for what it leaves out; its method is the plan's, the others' the catalogue's
    (ind7,) = [[c.text for c in row.cells] for row in eit.rows if row.cells[1].text == "ประสิทธิภาพการสื่อสาร"]
    assert ind7[0] == "๒." and ind7[2].startswith("E๖ การเผยแพร่ข้อมูล")
    assert ind7[6].splitlines() == ["- สำนักปลัด", "- กองคลัง", "- กองช่าง", "- กองการศึกษา ศาสนาและวัฒนธรรม"]
    assert ind7[7] == "พ.ย. ๖๕ ถึง มี.ค. ๖๖"
    assert ind7[4].splitlines()[0] == "๑. มาตรการเพิ่มช่องทางเผยแพร่ข้อมูลที่เข้าถึงง่าย"
    # no placeholder anywhere: the catalogue drafts every cell the plan leaves out
    assert "(ให้หน่วยงานกำหนด)" not in _all_text(document)
    # the planner line is in section 3
    assert "ถ้ารายการ o29 แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ผ่าน ตัวชี้วัดที่ ๙ จะเป็น " \
        "๑๐๐.๐๐ และคะแนนเฉลี่ยจะเป็น ๙๘.๐๐ (เพิ่มขึ้น ๐.๘๐)" in _all_text(document)
