"""The report in the rating era: section 1.2 explains the year's levels from its data, section 2 says why a
tool held the rating back, the planner gives checked routes, and unconfirmed values are marked."""

from __future__ import annotations

import itakit
from itakit.outputs.report import build_report, render_markdown

SCORES_2568 = {**dict.fromkeys(range(1, 6), "98"), **dict.fromkeys(range(6, 9), "84"), 9: "99.5", 10: "99.5"}


def _report(year: int, scores: dict[int, str], *, final: bool = False) -> str:
    rules = itakit.rule_set(year)
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=scores))
    return render_markdown(build_report(rules, result, agency="หน่วยงานทดสอบ", digits="arabic", final=final,
                                        date_line="ตุลาคม 2568"))


def test_section_1_2_lists_the_levels_with_their_tool_conditions_and_a_drafting_note():
    text = _report(2568, SCORES_2568)
    assert "| ผ่านดีเยี่ยม | ตั้งแต่ 95.00 ขึ้นไป | ทุกเครื่องมือตั้งแต่ 95.00 ขึ้นไป | ผ่าน |" in text
    assert "| ผ่านดี | ตั้งแต่ 85.00 ขึ้นไป | ทุกเครื่องมือตั้งแต่ 85.00 ขึ้นไป | ผ่าน |" in text
    assert "| ไม่ผ่าน | ต่ำกว่า 85.00 | – | ไม่ผ่าน |" in text
    assert ("หมายเหตุสำหรับผู้จัดทำ (ไม่ปรากฏในฉบับลงนาม): น้ำหนักของเครื่องมือ และเงื่อนไขของระดับผลการประเมินของปีงบประมาณ "
            "พ.ศ. 2568 ในรายงานนี้ยังไม่มีประกาศของสำนักงาน ป.ป.ช. ยืนยัน") in text
    final = _report(2568, SCORES_2568, final=True)
    assert "หมายเหตุ" not in final and "อนุมาน" not in final and "itakit" not in final


def test_section_2_says_which_tool_held_the_rating_back():
    text = _report(2568, SCORES_2568)
    assert ("หน่วยงานทดสอบได้คะแนน 94.40 คะแนน จากคะแนนเต็ม 100 คะแนน อยู่ในระดับ “ผ่าน” และผ่านเกณฑ์การประเมิน "
            "(คะแนนรวม 85.00 คะแนนขึ้นไป) แม้คะแนนรวมจะถึงเกณฑ์ของระดับ “ผ่านดี” แต่คะแนน EIT (84.00 คะแนน) "
            "ต่ำกว่าเกณฑ์ขั้นต่ำรายเครื่องมือ 85.00 คะแนน ที่กำหนดไว้สำหรับระดับ “ผ่านดี” จึงได้ระดับ “ผ่าน”") in text


def test_the_way_to_better_ratings_per_tool_not_a_zero_point_gap():
    text = _report(2568, SCORES_2568)
    assert ("คะแนนรวม 94.40 คะแนน อยู่ในระดับ “ผ่าน” หากคะแนน EIT เพิ่มขึ้นอีกอย่างน้อย 1.00 คะแนน "
            "(เป็น 85.00 คะแนน) จะได้ระดับ “ผ่านดี”") in text
    assert "| EIT | 84.00 | 85.00 (ขาดอีก 1.00) | 95.00 (ขาดอีก 11.00) |" in text
    assert "| IIT | 98.00 | 85.00 (ผ่านเกณฑ์แล้ว) | 95.00 (ผ่านเกณฑ์แล้ว) |" in text
    assert ("เพื่อให้ได้ระดับ “ผ่านดี” EIT ต้องได้อย่างน้อย 85.00 คะแนน (เพิ่มขึ้น 1.00 คะแนน) เช่น ตัวชี้วัดที่ 6–8 "
            "ได้ตัวละ 85.00 คะแนนขึ้นไป") in text
    assert "ขาดอีก 0.00" not in text and "ตรวจแล้ว" not in text


def test_2565_keeps_its_bands_and_needs_no_note():
    text = _report(2565, {1: "99.84", 2: "99.49", 3: "99.35", 4: "99.51", 5: "99.92",
                          6: "95.03", 7: "92.99", 8: "93.07", 9: "96.00", 10: "100.00"})
    assert "| 95.00 – 100.00 | AA | ผ่าน |" in text
    assert "อยู่ในระดับ AA และผ่านเกณฑ์การประเมิน (คะแนนรวม 85.00 คะแนนขึ้นไป)" in text
    assert "ยังไม่มีประกาศของสำนักงาน ป.ป.ช. ยืนยัน" not in text


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
