"""What the report says, before any format: tables from the rule set, weak points, measures rows."""

from __future__ import annotations

import attrs
import pytest

import itakit
from conftest import EXAMPLES, SEED_SCORES
from itakit.outputs.report import PLACEHOLDER, Table, build_report, render_text
from itakit.outputs.report.content import measure_rows
from itakit.outputs.report.model import Cell, Row, layout
from itakit.scoring.planner import plan_improvements


def _tables(report, section):
    return [b for b in report.sections[section].blocks if isinstance(b, Table)]


def _texts(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_another_years_bands_give_their_own_grade_table(rules, registry):
    bands = [
        itakit.GradeBand("ผ่านดีเยี่ยม", "95.00", "100.00", True, "ผ่านดีเยี่ยม"),
        itakit.GradeBand("ผ่าน", "85.00", "94.99", True, "ผ่าน"),
        itakit.GradeBand("ไม่ผ่าน", "0.00", "84.99", False, "ไม่ผ่าน"),
    ]
    other = attrs.evolve(rules, year=2599, bands=bands)
    result = itakit.score(other, itakit.AgencyData(indicator_scores=SEED_SCORES), registry=registry)
    report = build_report(other, result, agency="A", digits="arabic")
    framework, grades = _tables(report, 0)
    assert _texts(grades)[1:] == [
        ["95.00 - 100.00", "ผ่านดีเยี่ยม", "ผ่านดีเยี่ยม", "ผ่าน"],
        ["85.00 - 94.99", "ผ่าน", "ผ่าน", "ผ่าน"],
        ["0.00 - 84.99", "ไม่ผ่าน", "ไม่ผ่าน", "ไม่ผ่าน"],
    ]
    assert report.title[2] == "ประจำปีงบประมาณ พ.ศ. 2599"
    assert framework.rows[1].cells[0].rowspan == 5 and framework.rows[1].cells[2].text == "ร้อยละ 30"


def test_indicator_level_input_lists_weak_indicators(rules, registry):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=SEED_SCORES), registry=registry)
    report = build_report(rules, result, agency="A", digits="arabic")
    text = render_text(report)
    assert "ข้อมูลของเครื่องมือนี้เป็นคะแนนรายตัวชี้วัด จึงไม่มีคะแนนรายข้อคำถาม" in text
    weak_eit = [t for t in _tables(report, 2) if t.rows[1].cells[0].text.startswith("ตัวชี้วัดที่ 7")]
    assert _texts(weak_eit[0])[1:] == [
        ["ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร", "92.99", "7.01", "0.70"],
        ["ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน", "93.07", "6.93", "0.69"],
        ["ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน", "95.03", "4.97", "0.50"],
    ]
    (measures,) = _tables(report, 3)
    subjects = [row.cells[1].text for row in measures.rows[1:]]
    assert subjects == [f"ตัวชี้วัดที่ {n} {rules.indicator(n).name_th}" for n in range(1, 10)]  # all but 10
    assert measures.rows[7].cells[3].text == "ตัวชี้วัดนี้ได้ 92.99 ขาดอีก 7.01 จึงเต็ม (หากได้เต็ม คะแนนเฉลี่ยจะเพิ่มขึ้น 0.70)"
    assert {row.cells[4].text for row in measures.rows[1:]} == {PLACEHOLDER}


def test_question_level_input_lists_the_weakest_questions_with_their_text(rules, registry):
    data = itakit.read_input(EXAMPLES / "lamliang-2565-questions.csv", rules).agencies[0]
    result = itakit.score(rules, data, registry=registry)
    report = build_report(rules, result, agency="A", digits="arabic")
    tables = _tables(report, 2)
    eit = [t for t in tables if t.rows[0].cells[1].text == "ข้อคำถาม" and t.rows[1].cells[0].text == "e6"][0]
    assert [r.cells[0].text for r in eit.rows[1:]] == ["e6", "e7", "e8", "e9", "e10"]
    assert eit.rows[1].cells[1].text == rules.question("e6")[1].text_th
    assert eit.rows[1].cells[3].text == "92.99" and eit.rows[1].cells[4].text == "0.14"
    failed = [t for t in tables if t.rows[0].cells[1].text == "รายการที่ไม่ผ่าน"][0]
    assert _texts(failed)[1] == ["o29", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "9.5",
                                 "96.00 เป็น 100.00", "98.00 (+0.80)"]
    text = render_text(report)
    assert "ข้อคำถามที่ได้คะแนนต่ำสุด 5 ข้อ (จากทั้งหมด 30 ข้อที่ยังไม่ได้คะแนนเต็ม)" in text
    (measures,) = _tables(report, 3)
    o29 = measures.rows[-1].cells
    assert o29[2].text.startswith("o29 ")
    assert o29[3].text == ("ข้อมูลที่เผยแพร่ยังไม่ผ่านเกณฑ์ของรายการนี้ ทำให้ตัวชี้วัดย่อย 9.5 การส่งเสริมความโปร่งใส "
                           "ได้ 80.00 และตัวชี้วัดที่ 9 ได้ 96.00 (หากผ่าน คะแนนเฉลี่ยจะเพิ่มขึ้น 0.80)")
    e8 = [row.cells for row in measures.rows if row.cells[2].text.startswith("e8 ")][0]
    assert e8[3].text == "ผลคะแนน 92.99 ต่ำกว่าคะแนนเต็ม 7.01: ผู้ตอบบางส่วนตอบว่า “ไม่มี”"
    i16 = [row.cells for row in measures.rows if row.cells[2].text.startswith("i16 ")][0]
    assert i16[3].text.endswith("ผู้ตอบบางส่วนยังรับรู้ว่ามีสิ่งที่ข้อนี้ถามถึงเกิดขึ้นอยู่บ้าง")


def test_measure_rows_cap_and_plan_extras(rules, registry):
    data = itakit.read_input(EXAMPLES / "lamliang-2565-questions.csv", rules).agencies[0]
    result = itakit.score(rules, data, registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    rows = measure_rows(rules, result, plan, max_questions=2)
    assert [(r.kind, r.code) for r in rows] == [
        ("question", "i13"), ("question", "i14"), ("question", "e6"), ("question", "e7"), ("item", "o29")]
    measures = itakit.read_measure_plan(EXAMPLES / "lamliang-2565-plan.toml", rules)
    rows = measure_rows(rules, result, plan, measures, max_questions=2)
    assert [r.code for r in rows] == ["i13", "i14", "e6", "e7", "o29", "i2", "i7"]
    assert rows[4].measure.measure.startswith("มาตรการจัดทำแนวปฏิบัติ")


def test_incomplete_input_says_there_is_no_total(rules, registry):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores={1: 90, 2: 90, 3: 90, 4: 90, 5: 90}),
                          registry=registry)
    text = render_text(build_report(rules, result, agency="A", digits="arabic"))
    assert "ข้อมูลที่ให้มาไม่ครบทุกเครื่องมือ (ขาด EIT, OIT) จึงยังไม่มีคะแนนเฉลี่ยและระดับผลการประเมิน" in text
    assert "ไม่มีข้อมูลของเครื่องมือนี้ในไฟล์ที่ให้มา" in text
    assert "ยังไม่มีคะแนนเฉลี่ย (ข้อมูลไม่ครบทุกเครื่องมือ) จึงคำนวณระดับถัดไปไม่ได้" in text


def test_a_perfect_agency_has_nothing_to_fix(rules, registry):
    data = itakit.AgencyData(indicator_scores={n: 100 for n in range(1, 9)},
                             item_results={c: True for c in rules.item_codes})
    result = itakit.score(rules, data, registry=registry)
    report = build_report(rules, result, agency="A", digits="arabic")
    assert _tables(report, 3) == []
    assert "ผ่านการตรวจทุกรายการ (43 รายการ)" in render_text(report)


def test_table_layout_refuses_rows_that_do_not_fit():
    with pytest.raises(ValueError, match="fills 1 of the table's 2 columns"):
        Table((1, 1), [Row([Cell("a")])])
    grid = layout(Table((1, 1), [Row([Cell("a", rowspan=2), Cell("b")]), Row([Cell("c")])]))
    assert grid[1][0] is None and grid[1][1][0].text == "c"
