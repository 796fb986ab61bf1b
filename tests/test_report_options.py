"""The report's inputs besides the result: the plan's [report] table, last year, a year without question texts,
the measures catalogue's errors, the chart's axis."""

from __future__ import annotations

import attrs
import pytest

import itakit
from conftest import EXAMPLES
from itakit.cli import main
from itakit.errors import RuleSetError
from itakit.outputs.report import build_report
from itakit.outputs.report.chart import axis_start
from itakit.rules.catalogue import MeasureCatalogue, parse_catalogue
from reporting import AGENCY, INDICATORS, REALISTIC, SOFTWARE_WORDS, full_text, tables


def test_plan_file_gives_agency_details_and_signers(tmp_path, rules):
    plan = tmp_path / "plan.toml"
    plan.write_text('[report]\nunit = "สำนักปลัด"\ndistrict = "อำเภอกระบุรี"\nprovince = "ระนอง"\n'
                    'prepared_by = { name = "นางสาวก ข", position = "นักวิเคราะห์นโยบายและแผน" }\n'
                    'approved_by = { name = "นายค ง", position = "นายกองค์การบริหารส่วนตำบลลำเลียง" }\n'
                    '[i13]\nmeasure = "มาตรการของหน่วยงานเอง"\n', encoding="utf-8")
    measures = itakit.read_measure_plan(plan, rules)
    assert measures.details.prepared_by.name == "นางสาวก ข"
    out = tmp_path / "r.md"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--plan", str(plan), "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "**อำเภอกระบุรี จังหวัดระนอง**" in md
    assert "(นางสาวก ข)<br>ตำแหน่ง นักวิเคราะห์นโยบายและแผน" in md and "(นายค ง)" in md
    assert "วันที่ ........ เดือน" in md  # a dated signature line
    assert "สำนักปลัด<br>องค์การบริหารส่วนตำบลลำเลียง" in md
    assert "มาตรการของหน่วยงานเอง" in md
    bad = tmp_path / "bad.toml"
    bad.write_text('[report]\nsigner = "x"\n', encoding="utf-8")
    with pytest.raises(itakit.DataError, match="key report.signer: is not a report field"):
        itakit.read_measure_plan(bad, rules)


def test_previous_year_is_compared_indicator_by_indicator(tmp_path):
    out = tmp_path / "r.md"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--previous",
                 str(EXAMPLES / "lamliang-2565-indicators.csv"), "-o", str(out)]) == 0
    md = out.read_text("utf-8")
    assert ("เมื่อเทียบกับผลการประเมินประจำปีงบประมาณ พ.ศ. ๒๕๖๔ ซึ่งได้ ๙๗.๒๐ คะแนน อยู่ในระดับ AA "
            "ผลการประเมินปีนี้เท่ากับปีก่อน") in md
    assert "| ตัวชี้วัด | ปีงบประมาณ พ.ศ. ๒๕๖๔ | ปีงบประมาณ พ.ศ. ๒๕๖๕ | เปลี่ยนแปลง |" in md


def test_a_level_change_and_falling_indicators_are_named(tmp_path):
    before = tmp_path / "before-2565.csv"
    before.write_text("indicator,score\n" + "\n".join(f"{n},{s}" for n, s in
                      enumerate([90, 99, 99, 99, 99, 99, 99, 99, 99, 99], start=1)), encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--previous", str(before), "-o", str(out)]) == 0
    md = out.read_text("utf-8")
    assert "ตัวชี้วัดที่คะแนนลดลงจากปีก่อน ได้แก่ ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน" in md


def _without_question_texts(rules):
    tools = []
    for tool in rules.tools:
        indicators = [attrs.evolve(ind, questions=[attrs.evolve(q, text_th="", text_en="") for q in ind.questions])
                      if ind.questions else ind for ind in tool.indicators]
        tools.append(attrs.evolve(tool, indicators=indicators))
    return attrs.evolve(rules, year=2567, tools=tools, measures=None)


def test_a_year_without_question_texts_or_catalogue_is_analysed_by_indicator_without_jargon(rules, registry):
    bare = _without_question_texts(rules)
    result = itakit.score(bare, itakit.read_input(REALISTIC, bare).agencies[0], registry=registry)
    model = build_report(bare, result, agency="อบต.ก", digits="arabic", final=True)
    text = full_text(model)
    for word in SOFTWARE_WORDS:
        assert word not in text, word
    iit, eit, oit = tables(model, "ที่")
    subjects = [r.cells[2].text for t in (iit, eit) for r in t.rows[1:]]
    assert subjects[0] == "ภาพรวมของตัวชี้วัดการปฏิบัติหน้าที่" and len(subjects) == 8
    deficiencies = [r.cells[3].text for t in (iit, eit) for r in t.rows[1:]]
    assert len(set(deficiencies)) == 8
    assert oit.rows[1].cells[2].text.startswith("o29 ")
    assert oit.rows[1].cells[4].text == "มาตรการเผยแพร่ข้อมูล “แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ”"


def test_catalogue_errors_name_the_key(tmp_path):
    with pytest.raises(RuleSetError, match=r"cat: i1\.method: expected text or a list of texts"):
        parse_catalogue({"i1": {"subject": "หน่วยงาน", "deficiency": "ก", "strength": "ข", "measure": "ค",
                                "method": 3, "responsible": "ง", "follow_up": "จ"}}, "cat")
    with pytest.raises(RuleSetError, match=r"cat: i1: unknown key\(s\) 'owner'"):
        parse_catalogue({"i1": {"owner": "x"}}, "cat")
    with pytest.raises(RuleSetError, match="one to four non-empty steps"):
        parse_catalogue({"i1": {"subject": "หน่วยงาน", "deficiency": "ก", "strength": "ข", "measure": "ค",
                                "method": ["1", "2", "3", "4", "5"], "responsible": "ง", "follow_up": "จ"}}, "cat")
    source = tmp_path / "rules.toml"
    text = (EXAMPLES.parent / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    source.write_text(text.replace('measures = "package:itakit_rules_2565/measures2565.toml"',
                                   'measures = "nowhere.toml"'), encoding="utf-8")
    with pytest.raises(RuleSetError, match="the measures catalogue 'nowhere.toml' is not a file"):
        itakit.load_rule_set(source)
    copied = tmp_path / "copy.toml"  # a copied rule file still finds the packaged catalogue
    copied.write_text(text, encoding="utf-8")
    assert itakit.load_rule_set(copied).measures.get("o29").measure.startswith("มาตรการ")
    assert MeasureCatalogue().get("i1") is None


def test_chart_axis_starts_near_the_lowest_score():
    assert axis_start([99.84, 92.99, 100.0]) == 90.0
    assert axis_start([50.0, 100.0]) == 45.0
    assert axis_start([1.0]) == 0.0


def test_a_survey_export_read_through_its_mapping_gives_a_partial_report(tmp_path):
    out = tmp_path / "eit.md"
    assert main(["report", str(EXAMPLES / "practice-survey-2565-eit.csv"), "--year", "2565",
                 "--mapping", str(EXAMPLES / "practice-survey-2565-eit.mapping.toml"),
                 "--agency", "หน่วยงานทดลอง", "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "(ขาด IIT และ OIT) จึงยังไม่มีคะแนนรวมและระดับผลการประเมิน" in md
    assert "EIT ได้ ๘๐.๔๔ คะแนน" in md
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (External Integrity and Transparency Assessment: EIT)" in md


def test_last_years_grade_keeps_its_own_style_in_a_rating_year():
    """A 2566 report compared with 2565: the grade AA is named as a grade, this year's rating in quotes."""
    from reporting import report, scored

    model = report(str(EXAMPLES / "agency-2568-indicators.csv"), 2568,
                   previous=attrs.evolve(scored(str(INDICATORS)), year=2567))
    text = full_text(model)
    assert "พ.ศ. ๒๕๖๗ ซึ่งได้ ๙๗.๒๐ คะแนน อยู่ในระดับ AA ผลการประเมินปีนี้" in text
    assert "ระดับผลการประเมินเปลี่ยนจาก AA เป็น “" in text
