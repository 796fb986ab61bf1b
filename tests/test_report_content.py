"""What the report says, before any format: tables from the rule set, weak points, measures rows."""

from __future__ import annotations

import attrs
import pytest

import itakit
from conftest import EXAMPLES, SEED_SCORES
from itakit.outputs.report import Table, build_report, render_text
from itakit.outputs.report.content import measure_rows
from itakit.outputs.report.model import Cell, Row, layout
from itakit.scoring.planner import plan_improvements


def _tables(report, section):
    """The tables of numbered section ``section + 1`` (0 is the framework, 3 the measures)."""
    (found,) = [s for s in report.sections if s.title.startswith(f"{section + 1}.")]
    return [b for b in found.blocks if isinstance(b, Table)]


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
    assert "ข้อมูลที่ให้มาเป็นคะแนนรายตัวชี้วัด จึงวิเคราะห์ได้ในระดับตัวชี้วัดเท่านั้น" in text
    weak_eit = [t for t in _tables(report, 2) if t.rows[1].cells[0].text.startswith("ตัวชี้วัดที่ 7")]
    assert _texts(weak_eit[0])[1:] == [
        ["ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร", "92.99", "7.01", "0.70"],
        ["ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน", "93.07", "6.93", "0.69"],
        ["ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน", "95.03", "4.97", "0.50"],
    ]
    # issue 12: one table per tool, a row per indicator below full marks, no placeholders
    iit, eit, oit = _tables(report, 3)
    names = [row.cells[1].text for t in (iit, eit, oit) for row in t.rows[1:]]
    assert names == [rules.indicator(n).name_th for n in range(1, 10)]  # all but 10
    assert eit.rows[2].cells[3].text == "ตัวชี้วัดนี้ได้ 92.99 ขาดอีก 7.01 จึงเต็ม (หากได้เต็ม คะแนนเฉลี่ยจะเพิ่มขึ้น 0.70)"
    assert eit.rows[2].cells[4].text == "มาตรการยกระดับประสิทธิภาพการสื่อสาร" and eit.rows[2].cells[4].draft
    assert "(ให้หน่วยงานกำหนด)" not in text


def test_question_level_input_analyses_every_question_with_its_text(rules, registry):
    data = itakit.read_input(EXAMPLES / "lamliang-2565-questions.csv", rules).agencies[0]
    result = itakit.score(rules, data, registry=registry)
    report = build_report(rules, result, agency="A", digits="arabic")
    text = render_text(report)
    # every one of the 30 weak questions is named in section 3 with its score and deficiency
    assert "ข้อบกพร่อง: ข้อที่ยังไม่ได้คะแนนเต็มมี 5 ข้อ ได้แก่ 1) ข้อ e6 (92.99) " \
           + rules.measures.get("e6").deficiency in text
    assert ("รายการ o29 แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ยังไม่ผ่าน: "
            + rules.measures.get("o29").deficiency + " หากเผยแพร่ให้ผ่าน ตัวชี้วัดที่ 9 จะเป็น 100.00 "
            "และคะแนนเฉลี่ยจะเป็น 98.00 (เพิ่มขึ้น 0.80)") in text
    iit, eit, oit = _tables(report, 3)
    o29 = oit.rows[1].cells
    assert o29[2].text.startswith("o29 ")
    assert o29[3].text == rules.measures.get("o29").deficiency
    e8 = [row.cells for row in eit.rows if "e8 " in row.cells[2].text][0]
    assert rules.measures.get("e8").deficiency in e8[3].text


def test_measure_rows_list_every_weak_question_and_plan_extras(rules, registry):
    data = itakit.read_input(EXAMPLES / "lamliang-2565-questions-realistic.csv", rules).agencies[0]
    result = itakit.score(rules, data, registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    rows = measure_rows(rules, result, plan)
    assert [(r.tool, r.indicator, [d.code for d in r.entries]) for r in rows] == [
        ("IIT", 1, ["i2"]), ("IIT", 2, ["i7", "i8", "i12"]), ("IIT", 3, ["i13", "i15"]),
        ("IIT", 4, ["i20", "i23"]), ("IIT", 5, ["i30"]),
        ("EIT", 6, ["e1", "e2", "e3", "e5"]), ("EIT", 7, ["e6", "e7", "e8", "e9", "e10"]),
        ("EIT", 8, ["e11", "e12", "e13", "e14", "e15"]), ("OIT", 9, ["o29"])]
    measures = itakit.read_measure_plan(EXAMPLES / "lamliang-2565-plan.toml", rules)
    rows = measure_rows(rules, result, plan, measures)
    o29 = rows[-1].entries[0]
    assert o29.measure.startswith("มาตรการจัดทำแนวปฏิบัติ") and "measure" not in o29.drafted
    assert o29.drafted == frozenset()  # the plan and its defaults give every field
    assert [d.code for d in rows[0].entries] == ["i2"] and rows[0].entries[0].measure == "มาตรการให้บริการทุกคนด้วยมาตรฐานเดียวกัน"


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
    assert "ทุกข้อคำถาม รายการ และตัวชี้วัดได้คะแนนเต็ม จึงไม่มีประเด็นที่ต้องแก้ไข" in render_text(report)


def test_table_layout_refuses_rows_that_do_not_fit():
    with pytest.raises(ValueError, match="fills 1 of the table's 2 columns"):
        Table((1, 1), [Row([Cell("a")])])
    grid = layout(Table((1, 1), [Row([Cell("a", rowspan=2), Cell("b")]), Row([Cell("c")])]))
    assert grid[1][0] is None and grid[1][1][0].text == "c"
