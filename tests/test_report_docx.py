"""The Word report (outputs/report/docx.py): plain Thai text marked as Thai, print sizes, page numbering, layout."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from lxml import etree

from conftest import EXAMPLES
from itakit.cli import main
from reporting import AGENCY, INDICATORS, INVISIBLE, REALISTIC

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THAI = re.compile("[\u0e00-\u0e7f]")


def _report(tmp_path, *args, source=REALISTIC, agency=AGENCY, name="report.docx"):
    out = tmp_path / name
    assert main(["report", str(source), "--agency", agency, "--district", "กระบุรี", "--province", "ระนอง",
                 "-o", str(out), *args]) == 0
    return out


def _xml(path, part="word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def realistic(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("docx"))


@pytest.fixture(scope="module")
def document(realistic):
    return docx.Document(str(realistic))


def test_the_seed_figures_in_thai_digits(document):
    text = _all_text(document)
    assert "๙๗.๒๐" in text and "97.20" not in text
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    indicators = [r for r in rows if r[0].startswith("ตัวชี้วัดที่") and len(r) == 3
                  and re.fullmatch("[๐-๙]+\\.[๐-๙]{2}", r[1])]
    assert [r[2] for r in indicators] == ["๓", "๕", "๖", "๔", "๒", "๘", "๑๐", "๙", "๗", "๑"]
    assert ["คะแนนรวม", "๙๗.๒๐", "ระดับ AA"] in rows


def test_the_text_is_plain_nothing_invisible_inside_words(realistic):
    body = _xml(realistic)
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert THAI.search(text)
    for mark in INVISIBLE:
        assert mark not in text, repr(mark)
    assert "มาตรการ" in text and "ดำเนินการ" in text and "ผู้รับผิดชอบ" in text


def test_thai_is_marked_as_thai_and_set_in_th_sarabun_new(realistic):
    styles = _xml(realistic, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}bidi") == "th-TH"
    assert defaults.find(f"{W}rFonts").get(f"{W}cs") == "TH Sarabun New"
    assert defaults.find(f"{W}szCs").get(f"{W}val") == "32"
    body = _xml(realistic)
    thai_runs = [r for r in body.iter(f"{W}r") if THAI.search("".join(t.text or "" for t in r.iter(f"{W}t")))]
    assert len(thai_runs) > 200
    assert all(r.find(f"{W}rPr/{W}rFonts").get(f"{W}cs") == "TH Sarabun New" for r in thai_runs)
    bold = [r for r in thai_runs if r.find(f"{W}rPr/{W}b") is not None]
    assert bold and all(r.find(f"{W}rPr/{W}bCs") is not None for r in bold)


def test_print_sizes_tables_at_14_pt_or_more(realistic):
    body = _xml(realistic)
    sizes = []
    for r in body.iter(f"{W}r"):
        if not "".join(t.text or "" for t in r.iter(f"{W}t")).strip():
            continue
        size = r.find(f"{W}rPr/{W}szCs")
        if size is not None:
            sizes.append(int(size.get(f"{W}val")))
    assert sizes and min(sizes) >= 28  # half-points: 14 pt


def test_body_paragraphs_are_thai_distributed(realistic):
    body = _xml(realistic)
    justified = [p for p in body.iter(f"{W}p") if (jc := p.find(f"{W}pPr/{W}jc")) is not None
                 and jc.get(f"{W}val") == "thaiDistribute"]
    assert len(justified) >= 10


def test_pages_numbered_from_section_1_the_front_matter_apart(document, realistic):
    sections = document.sections
    numbering = [(s._sectPr.find(f"{W}pgNumType").get(f"{W}fmt") if s._sectPr.find(f"{W}pgNumType") is not None
                  else None, s._sectPr.find(f"{W}pgNumType").get(f"{W}start")
                  if s._sectPr.find(f"{W}pgNumType") is not None else None) for s in sections]
    assert numbering[1] == ("thaiLetters", "1")  # คำนำ ก, สารบัญ ข
    assert numbering[2] == ("thaiNumbers", "1")  # section 1 on page ๑
    assert numbering[-1] == ("thaiNumbers", None)  # the landscape measures continue the count
    first = sections[0]
    assert (first.page_width.twips, first.page_height.twips) == (11906, 16838)
    last = sections[-1]
    assert (last.page_width.twips, last.page_height.twips) == (16838, 11906)
    header_xml = etree.tostring(sections[0].header._element).decode()
    assert "PAGE" not in header_xml  # the cover carries no number
    assert "PAGE" in etree.tostring(sections[2].header._element).decode()


def test_contents_is_a_toc_field_under_topic_and_page(realistic, document):
    body = etree.tostring(_xml(realistic)).decode()
    assert 'TOC \\o "1-1"' in body
    assert any(p.text == "หัวข้อ\tหน้า" for p in document.paragraphs)


def test_measures_rows_keep_whole_and_header_rows_repeat(document):
    measures = [t for t in document.tables if t.rows[0].cells[0].text == "ที่"]
    assert len(measures) == 3
    for table in measures:
        assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows)


def test_drafted_cells_are_shaded_until_the_final_copy(tmp_path, realistic):
    def shaded(path):
        return sum(1 for s in _xml(path).iter(f"{W}shd") if s.get(f"{W}fill") == "FFF2CC")

    assert shaded(realistic) > 20
    assert shaded(_report(tmp_path, "--final", name="final.docx")) == 0


def test_arabic_digits(tmp_path):
    text = _all_text(docx.Document(str(_report(tmp_path, "--digits", "arabic", "--date", "2022-10-31"))))
    assert "97.20" in text and not re.search("[๐-๙]", text)


def test_the_agency_name_is_written_literally(tmp_path):
    name = "<script>alert(1)</script>"
    text = _all_text(docx.Document(str(_report(tmp_path, agency=name, source=INDICATORS))))
    assert f"{name}ได้คะแนน ๙๗.๒๐ คะแนน" in text


def test_a_title_longer_than_word_allows_is_cut_in_the_properties_only(tmp_path):
    name = "องค์การบริหารส่วนตำบล" + "ลำเลียงใหญ่" * 12  # a 96-character name and a long district make > 255
    out = _report(tmp_path, agency=name, source=INDICATORS)
    document = docx.Document(str(out))
    assert len(document.core_properties.title) <= 255
    assert name in _all_text(document)


def test_the_plan_fills_its_cells_and_the_rest_stays_drafted(tmp_path):
    out = _report(tmp_path, "--plan", str(EXAMPLES / "lamliang-2565-plan.toml"))
    document = docx.Document(str(out))
    oit = [t for t in document.tables if t.rows[0].cells[0].text == "ที่"][-1]
    o29 = [c.text for c in oit.rows[1].cells]
    assert o29[2] == "O๒๙ แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    assert o29[3].startswith("คู่มือการจัดการเรื่องร้องเรียนที่เผยแพร่ยังไม่แยก")
    assert o29[4] == "มาตรการจัดทำแนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตโดยเฉพาะ"
    assert o29[6] == "-\xa0สำนักปลัด"
    assert o29[7] == "พ.ย. ๖๕ ถึง ธ.ค. ๖๕"
