"""What the report says (outputs/report/content.py and the section builders), independent of its format.

The seed's figures and order; the seed's section 3 form (ตัวชี้วัด (คะแนน) | ข้อบกพร่อง | ข้อเสนอแนะ, one
recommendation per deficiency); every weak question in the measures tables; official wording without software
vocabulary; ties named together; drafting marks only in a draft.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import itakit
from itakit.outputs.report.model import Paragraph, Section
from reporting import (
    AGENCY,
    INDICATORS,
    REALISTIC,
    SOFTWARE_WORDS,
    WEAK_EIT,
    WEAK_IIT,
    full_text,
    report,
    scored,
    tables,
    texts,
)


@pytest.fixture(scope="module")
def draft():
    return report()


@pytest.fixture(scope="module")
def final():
    return report(final=True)


def test_the_realistic_example_reproduces_the_seed():
    result = scored()
    assert [str(i.display_score) for i in result.indicators] == [
        "99.84", "99.49", "99.35", "99.51", "99.92", "95.03", "92.99", "93.07", "96.00", "100.00"]
    assert str(result.display_total) == "97.20" and result.grade.code == "AA"
    assert result.ranks == (3, 5, 6, 4, 2, 8, 10, 9, 7, 1)
    assert [i.code for i in result.items if not i.passed] == ["o29"]


def test_sections_in_the_seed_order_front_matter_apart(draft):
    assert [s.title for s in draft.sections] == [
        "คำนำ", "สารบัญ", "๑. กรอบการประเมินคุณธรรมและความโปร่งใส", "๒. ผลการประเมินคุณธรรมและความโปร่งใส",
        "๓. การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
        "๔. แนวทางมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"]
    assert [s.front for s in draft.sections] == [True, True, False, False, False, False]
    assert [s.landscape for s in draft.sections] == [False] * 5 + [True]
    assert draft.title[-2:] == (AGENCY, "อำเภอกระบุรี จังหวัดระนอง") and draft.cover_split == 3


def test_the_foreword_names_the_indicators_the_preparer_and_the_date(draft):
    foreword = [b.text for b in draft.sections[0].blocks if isinstance(b, Paragraph)]
    assert any("(๑) การปฏิบัติหน้าที่" in t and "และ (๑๐) การป้องกันการทุจริต" in t for t in foreword)
    assert any("ได้คะแนน ๙๗.๒๐ คะแนน อยู่ในระดับ AA สำนักปลัด องค์การบริหารส่วนตำบลลำเลียงหวังเป็นอย่างยิ่ง" in t
               for t in foreword)
    assert foreword[-1] == "สำนักปลัด\nองค์การบริหารส่วนตำบลลำเลียง\nตุลาคม ๒๕๖๕"


def test_results_tables_by_tool_with_ranks_and_the_total(draft):
    result_tables = [b for b in draft.sections[3].blocks if hasattr(b, "rows")]
    cells = [[c.text for c in row.cells] for t in result_tables for row in t.rows]
    indicators = [r for r in cells if r[0].startswith("ตัวชี้วัดที่")]
    assert [r[1] for r in indicators] == ["๙๙.๘๔", "๙๙.๔๙", "๙๙.๓๕", "๙๙.๕๑", "๙๙.๙๒", "๙๕.๐๓", "๙๒.๙๙", "๙๓.๐๗",
                                          "๙๖.๐๐", "๑๐๐.๐๐"]
    assert [r[2] for r in indicators] == ["๓", "๕", "๖", "๔", "๒", "๘", "๑๐", "๙", "๗", "๑"]
    assert ["คะแนนรวม", "๙๗.๒๐", "ระดับ AA"] in cells
    assert ["คะแนน IIT", "๙๙.๖๒", ""] in cells and ["คะแนน EIT", "๙๓.๗๐", ""] in cells
    assert cells[0] == ["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity and Transparency "
                        "Assessment: IIT)"]


def test_section_3_has_the_seed_table_with_one_recommendation_per_deficiency(draft):
    section3 = tables(draft, "ตัวชี้วัด")
    deficiency_tables = [t for t in section3 if [c.text for c in t.rows[0].cells] == [
        "ตัวชี้วัด", "ข้อบกพร่อง", "ข้อเสนอแนะ"]]
    assert len(deficiency_tables) == 3  # IIT, EIT, OIT
    iit = deficiency_tables[0]
    body = [[c.text for c in row.cells] for row in iit.rows[1:]]
    first = body[0]
    assert first[0] == "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (คะแนน ๙๙.๘๔)"
    assert first[1].startswith("ข้อ ๒ (๙๙.") and "คะแนน)" in first[1]
    # indicator 2 has three weak questions: three rows, each numbered, each with its own recommendation
    indicator2 = [row for row in body if row[0].startswith("๒. ") or row[0].startswith("๓. ")][:2]
    assert indicator2 and all(row[-1][:2] in ("๒.", "๓.") for row in indicator2)
    recommendations = [row[-1] for row in body]
    assert len(set(recommendations)) == len(recommendations)  # never the same advice twice
    assert not any("รายละเอียดตามข้อ" in r and r.count("มาตรการ") > 1 for r in recommendations)
    oit = [[c.text for c in row.cells] for row in deficiency_tables[2].rows[1:]]
    assert oit[0][0] == "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (คะแนน ๙๖.๐๐)"
    assert oit[0][1].startswith("ข้อ O๒๙ แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ไม่ผ่านเกณฑ์ เนื่องจาก")
    assert "ตัวชี้วัดที่ ๙ จะได้ ๑๐๐.๐๐ คะแนน และคะแนนรวมจะเพิ่มขึ้นเป็น ๙๘.๐๐ คะแนน" in oit[0][2]


def test_every_weak_question_and_o29_are_in_the_measures_tables(draft):
    iit, eit, oit = tables(draft, "ที่")
    subjects = {row.cells[2].text.split(" ", 1)[0] for t in (iit, eit, oit) for row in t.rows[1:]}
    assert set(WEAK_IIT) <= subjects and set(WEAK_EIT) <= subjects and "O๒๙" in subjects
    deficiencies = [row.cells[3].text for t in (iit, eit, oit) for row in t.rows[1:]]
    assert len(set(deficiencies)) == len(deficiencies) == 24
    assert [c.text for c in iit.rows[0].cells] == [
        "ที่", "ตัวชี้วัดการประเมิน IIT", "หัวข้อย่อยการประเมิน",
        "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน",
        "การกำหนดแนวทาง/มาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมจริยธรรมและความโปร่งใส",
        "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามและรายงานผลการดำเนินการ"]
    periods = {row.cells[7].text for t in (iit, eit, oit) for row in t.rows[1:]}
    assert periods == {"พ.ย. ๖๕ ถึง มี.ค. ๖๖"}


def test_section_4_is_titled_with_the_agency_and_the_coming_year(draft):
    section4: Section = draft.sections[-1]
    opening = [b.text for b in section4.blocks if isinstance(b, Paragraph)]
    assert opening[0] == ("แนวทางมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
                          "องค์การบริหารส่วนตำบลลำเลียง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
    assert opening[1].startswith("ตามที่ได้มีการวิเคราะห์ผลคะแนน") and opening[2].startswith("ดังนั้น ")


@pytest.mark.parametrize("which", ["draft", "final"])
def test_no_software_vocabulary_and_no_invisible_characters(which, draft, final):
    model = draft if which == "draft" else final
    text = full_text(model)
    signed = "\n".join(t for t in texts(final))
    for word in SOFTWARE_WORDS:
        assert word not in signed, word
    assert not re.search("[\u200b\u2060\ufeff]", text)
    drafting = [b for s in model.sections for b in s.blocks if isinstance(b, Paragraph) and b.style == "draft"]
    assert bool(drafting) == (which == "draft")
    shaded = [c for s in model.sections for b in s.blocks if hasattr(b, "rows") for r in b.rows for c in r.cells
              if c.draft]
    assert bool(shaded) == (which == "draft")


def test_none_of_the_reviews_stock_phrases_is_repeated(final):
    text = full_text(final)
    for phrase in ("ในสายตาของ", "ถูกมองว่า", "ไม่รู้ว่า", "ตามรายละเอียดในส่วนที่", "หากตัวชี้วัดนี้ได้คะแนนเต็ม",
                   "และ มาตรการ", "เพราะคะแนนเฉลี่ย", "ที่ระดับ"):
        assert phrase not in text, phrase
    for phrase in ("ผู้มาติดต่อบางส่วนยังเห็นว่า", "ไม่มากพอ"):
        assert text.count(phrase) <= 3, phrase


def test_ties_are_named_together():
    rules = itakit.rule_set(2568)
    result = itakit.score(rules, itakit.read_input(str(INDICATORS).replace("lamliang-2565-indicators",
                                                                           "agency-2568-indicators"), rules).agencies[0])
    text = full_text(itakit.outputs.report.build_report(rules, result, agency="เทศบาลตำบลตัวอย่าง"))
    assert ("ตัวชี้วัดที่ได้คะแนนสูงสุด คือ ตัวชี้วัดที่ ๙ และ ๑๐ (๙๙.๕๐ คะแนน) และตัวชี้วัดที่ได้คะแนนต่ำสุด "
            "คือ ตัวชี้วัดที่ ๖–๘ (๘๔.๐๐ คะแนน)") in text


def test_indicator_level_input_still_gets_specific_rows():
    model = report(str(INDICATORS))
    iit, eit, oit = tables(model, "ที่")
    subjects = [row.cells[2].text for t in (iit, eit, oit) for row in t.rows[1:]]
    assert subjects[0] == "ภาพรวมของตัวชี้วัดการปฏิบัติหน้าที่"
    deficiencies = [row.cells[3].text for t in (iit, eit, oit) for row in t.rows[1:]]
    assert len(set(deficiencies)) == len(deficiencies) == 9  # every indicator but 10, each its own text


def test_arabic_digits_everywhere():
    text = full_text(report(digits="arabic", date_line="ตุลาคม 2565"))
    assert "97.20" in text and not re.search("[๐-๙]", text)


def test_the_planner_ends_section_3_with_the_margin_above_aa(final):
    text = full_text(final)
    assert ("คะแนนรวม ๙๗.๒๐ คะแนน อยู่ในระดับ AA ซึ่งเป็นระดับสูงสุด และสูงกว่าคะแนนขั้นต่ำของระดับ AA "
            "(๙๕.๐๐ คะแนน) อยู่ ๒.๒๐ คะแนน") in text


def test_headings_and_phrases_do_not_repeat_openings(final):
    paragraphs = [b.text for s in final.sections for b in s.blocks if isinstance(b, Paragraph)]
    openings = Counter(" ".join(p.split()[:3]) for p in paragraphs if len(p) > 40)
    assert max(openings.values()) <= 3, openings.most_common(3)


def test_the_report_reads_the_same_file_as_the_cli(tmp_path):
    out = tmp_path / "r.md"
    assert itakit.cli.main(["report", str(REALISTIC), "--agency", AGENCY, "--date", "2565-10-31", "-o",
                            str(out)]) == 0
    assert "ตุลาคม ๒๕๖๕" in out.read_text(encoding="utf-8")
