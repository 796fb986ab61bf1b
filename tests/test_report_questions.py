"""The agency's question-level results (inputs/questions.py, ``report --questions``): every weak question of a
rating-era year named in sections 3 and 4, each with its own deficiency; bad files refused with their lines."""

from __future__ import annotations

import pytest

import itakit
from conftest import EXAMPLES
from itakit.cli import main
from itakit.inputs.questions import read_question_sheet
from reporting import full_text, tables

INDICATORS_2568 = EXAMPLES / "agency-2568-indicators.csv"
QUESTIONS_2568 = EXAMPLES / "agency-2568-questions.csv"


@pytest.fixture(scope="module")
def rules68():
    return itakit.rule_set(2568)


@pytest.fixture(scope="module")
def model(rules68):
    result = itakit.score(rules68, itakit.read_input(INDICATORS_2568, rules68).agencies[0])
    sheet = read_question_sheet(QUESTIONS_2568, rules68)
    return itakit.outputs.report.build_report(rules68, result, agency="เทศบาลตำบลตัวอย่าง", questions=sheet,
                                              final=True)


def test_the_example_sheet_adds_up_to_the_indicator_figures(rules68):
    sheet = read_question_sheet(QUESTIONS_2568, rules68)
    assert len(sheet.rows) == 53 and len(sheet.of(1)) == 6 and len(sheet.of(6)) == 5
    result = itakit.score(rules68, itakit.read_input(INDICATORS_2568, rules68).agencies[0])
    assert sheet.disagreements(rules68, {i.number: i.score for i in result.indicators}) == []
    assert [r.code for r in sheet.rows if r.is_item and not r.passed] == ["o8", "o40"]


def test_every_weak_question_is_in_the_measures_tables_each_with_its_own_deficiency(model, rules68):
    sheet = read_question_sheet(QUESTIONS_2568, rules68)
    weak = [r for r in sheet.rows if r.weak]
    iit, eit, oit = tables(model, "ที่")
    rows = [[c.text for c in row.cells] for t in (iit, eit, oit) for row in t.rows[1:]]
    assert len(rows) == len(weak) == 41
    subjects = [r[2] for r in rows]
    for detail, subject in zip(weak, subjects, strict=True):
        assert detail.text.split(" มากน้อยเพียงใด")[0][:30] in subject
    deficiencies = [r[3] for r in rows]
    assert len(set(deficiencies)) == len(deficiencies)


def test_section_3_names_the_weak_questions_and_the_tool_that_caps_the_rating(model):
    text = full_text(model)
    assert "ข้อ E๖ (๘๐.๐๐ คะแนน)" in text or "ข้อ E๒ (๘๐.๐๐ คะแนน)" in text
    assert "คะแนน EIT (๘๔.๐๐ คะแนน) ต่ำกว่าเกณฑ์ขั้นต่ำรายเครื่องมือ ๘๕.๐๐ คะแนนของระดับ “ผ่านดี”" in text
    assert "ข้อ O๘ นโยบายคุ้มครองข้อมูลส่วนบุคคล ไม่ผ่านเกณฑ์" in text


def test_the_rating_sentences_are_said_the_right_way_round(model):
    text = full_text(model)
    assert ("แม้คะแนนรวมจะถึงเกณฑ์ของระดับ “ผ่านดี” แต่คะแนน EIT (๘๔.๐๐ คะแนน) ต่ำกว่าเกณฑ์ขั้นต่ำรายเครื่องมือ "
            "๘๕.๐๐ คะแนน ที่กำหนดไว้สำหรับระดับ “ผ่านดี” จึงได้ระดับ “ผ่าน”") in text
    assert "หากคะแนน EIT เพิ่มขึ้นอีกอย่างน้อย ๑.๐๐ คะแนน (เป็น ๘๕.๐๐ คะแนน) จะได้ระดับ “ผ่านดี”" in text
    assert "ขาดอีก ๑.๐๐ คะแนน" not in text.replace("ขาดอีก ๑.๐๐)", "")
    assert "EIT ต้องได้อย่างน้อย ๙๕.๐๐ คะแนน (เพิ่มขึ้น ๑๑.๐๐ คะแนน) เช่น ตัวชี้วัดที่ ๖–๘ ได้ตัวละ ๙๕.๐๐ คะแนนขึ้นไป" \
        in text


def test_the_cli_says_where_the_detail_disagrees_with_the_figures(tmp_path, capsys):
    sheet = tmp_path / "q-2568.csv"
    lines = QUESTIONS_2568.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",40"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["report", str(INDICATORS_2568), "--year", "2568", "--agency", "ก", "--questions", str(sheet),
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "indicator 1: the mean of its 6 questions" in err and "the report uses 98.00" in err


@pytest.mark.parametrize(("content", "message"), [
    ("ตัวชี้วัด,ข้อ,ข้อคำถาม,คะแนน\n1,i1,ข้อความ,120\n", r"line 2, column 'คะแนน': '120' is out of range"),
    ("ตัวชี้วัด,ข้อ,ข้อคำถาม,คะแนน\n11,i1,ข้อความ,90\n", r"line 2, column 'ตัวชี้วัด': '11' the indicator is missing"),
    ("ตัวชี้วัด,ข้อ,ข้อคำถาม,คะแนน\n1,i1,,90\n", r"line 2, column 'ข้อคำถาม': the question text is missing"),
    ("ตัวชี้วัด,ข้อ,ข้อคำถาม,คะแนน\n9,o1,โครงสร้าง,บางส่วน\n", r"'บางส่วน' is not a number"),
    ("ตัวชี้วัด,ข้อ,ข้อคำถาม,คะแนน\n1,i1,ก,90\n1,i1,ข,90\n", r"line 3, column 'ข้อ': 'i1' is given twice"),
    ("a,b\n1,2\n", r"the header must name at least a question code and a score column"),
])
def test_a_bad_sheet_is_refused_with_its_line(tmp_path, rules68, content, message):
    path = tmp_path / "q.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(itakit.DataError, match=message):
        read_question_sheet(path, rules68)


def test_2565_codes_are_checked_against_the_rules(tmp_path):
    rules = itakit.rule_set(2565)
    path = tmp_path / "q.csv"
    path.write_text("question,score\ni7,90\ni99,80\ne3,70\n", encoding="utf-8")
    with pytest.raises(itakit.DataError, match=r"line 3, column 'question': 'i99' is not a question or item of 2565"):
        read_question_sheet(path, rules)
    path.write_text("question,score\ni7,90\n", encoding="utf-8")
    (row,) = read_question_sheet(path, rules).rows
    assert row.indicator == 2 and row.text.startswith("ท่านรู้เกี่ยวกับแผนการใช้จ่ายงบประมาณ")
