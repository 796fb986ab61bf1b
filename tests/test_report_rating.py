"""The report in the rating era: section 1.2 explains the year's levels from its data, section 2 says why a
tool held the rating back, the planner gives checked routes, and unconfirmed values are marked."""

from __future__ import annotations

import itakit
from itakit.outputs.report import build_report, render_markdown

SCORES_2568 = {**dict.fromkeys(range(1, 6), "98"), **dict.fromkeys(range(6, 9), "84"), 9: "99.5", 10: "99.5"}


def _report(year: int, scores: dict[int, str]) -> str:
    rules = itakit.rule_set(year)
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=scores))
    return render_markdown(build_report(rules, result, agency="หน่วยงานทดสอบ", digits="arabic"))


def test_section_1_2_lists_the_levels_with_their_tool_conditions_and_the_inference_note():
    text = _report(2568, SCORES_2568)
    assert "| ผ่านดีเยี่ยม | ตั้งแต่ 95.00 | ทุกเครื่องมือตั้งแต่ 95.00 | ผ่าน |" in text
    assert "| ผ่านดี | ตั้งแต่ 85.00 | ทุกเครื่องมือตั้งแต่ 85.00 | ผ่าน |" in text
    assert "| ไม่ผ่าน | ต่ำกว่าระดับข้างบน | - | ไม่ผ่าน |" in text
    assert ("หมายเหตุ: น้ำหนักของเครื่องมือ (IIT ร้อยละ 30 EIT ร้อยละ 30 OIT ร้อยละ 40) และเงื่อนไขของแต่ละระดับ "
            "ของปี พ.ศ. 2568 ยังไม่มีแหล่งข้อมูลทางการยืนยัน") in text


def test_section_2_says_which_tool_held_the_rating_back():
    text = _report(2568, SCORES_2568)
    assert ("ได้คะแนนเฉลี่ย 94.40 จากคะแนนเต็ม 100 คะแนน อยู่ในระดับ ผ่าน ซึ่งผ่านเกณฑ์ (85.00 คะแนนขึ้นไป) "
            "แม้คะแนนเฉลี่ย 94.40 จะถึงเกณฑ์ของระดับผ่านดี แต่ EIT 84.00 ต่ำกว่า 85.00 ที่ระดับผ่านดีต้องการ "
            "จึงได้ระดับผ่าน") in text


def test_the_planner_gives_the_tool_shortfall_and_checked_routes_not_a_zero_point_gap():
    text = _report(2568, SCORES_2568)
    assert "คะแนนเฉลี่ย 94.40 อยู่ในระดับ ผ่าน จะถึงระดับ ผ่านดี เมื่อ EIT ขาดอีก 1.00 คะแนน" in text
    assert "ถึงระดับ ผ่านดี: ยกตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน เป็นอย่างน้อย 86.99 คะแนนเฉลี่ยจะเป็น 94.70" in text
    assert "ขาดอีก 0.00 คะแนน" not in text


def test_2565_keeps_its_bands_and_needs_no_note():
    text = _report(2565, {1: "99.84", 2: "99.49", 3: "99.35", 4: "99.51", 5: "99.92",
                          6: "95.03", 7: "92.99", 8: "93.07", 9: "96.00", 10: "100.00"})
    assert "| 95.00 - 100.00 | AA | ดีเยี่ยม | ผ่าน |" in text
    assert "เพราะคะแนนเฉลี่ย 97.20 อยู่ในช่วง 95.00 - 100.00 ของระดับ AA" in text
    assert "ยังไม่มีแหล่งข้อมูลทางการยืนยัน" not in text


def test_csv_and_excel_exports_say_when_the_rules_are_not_verified(tmp_path):
    import openpyxl

    from itakit.outputs.render import to_csv
    from itakit.outputs.xlsx_export import write_xlsx

    rules = itakit.rule_set(2568)
    result = itakit.score(rules, itakit.AgencyData(agency="A", indicator_scores=SCORES_2568))
    header, row = to_csv([result], rules).splitlines()
    assert header.endswith(",total,grade,passed,rules_verified") and row.endswith(",94.40,ผ่าน,true,false")
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [result], rules)
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]][-1] == "rules_verified" and [c.value for c in sheet[2]][-1] is False
    rules_2565 = itakit.rule_set(2565)
    assert "rules_verified" not in to_csv([itakit.score(rules_2565, itakit.AgencyData(indicator_scores=SCORES_2568))],
                                          rules_2565)
