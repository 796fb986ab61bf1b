"""Plan files (TOML and CSV) for section 4: fields, defaults, Buddhist-Era dates, and refusals naming line and key."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itakit
from clihelp import run
from conftest import EXAMPLES
from itakit.errors import DataError, UsageError
from itakit.inputs.planfile import Measure, MeasurePlan, ReportDetails, Signer, read_measure_plan
from itakit.outputs.plan_toml import plan_toml


def test_example_plan(rules):
    plan = itakit.read_measure_plan(EXAMPLES / "lamliang-2565-plan.toml", rules)
    assert plan.codes == ("i2", "i7", "e6", "o29")
    o29 = plan.get("o29")
    assert o29.period == (date(2022, 11, 1), date(2022, 12, 31)) and o29.responsible == ("สำนักปลัด",)
    assert len(o29.method) == 3 and o29.deficiency.startswith("คู่มือ")
    i2 = plan.get("i2")  # takes the defaults for what it leaves out
    assert i2.responsible == ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม")
    assert i2.period == (date(2022, 11, 1), date(2023, 3, 31))
    assert i2.follow_up == ("รายงานความคืบหน้าในที่ประชุมพนักงานประจำเดือน",)
    assert plan.get("e15").measure is None and plan.get("e15").period == i2.period


def test_buddhist_era_dates_and_indicator_codes(tmp_path, rules):
    path = tmp_path / "p.toml"
    path.write_text('[7]\nmeasure = "m"\nperiod = { start = "๒๕๖๕-๑๑-๐๑", end = 2566-03-31 }\n', encoding="utf-8")
    plan = itakit.read_measure_plan(path, rules)
    assert plan.get("7").period == (date(2022, 11, 1), date(2023, 3, 31))
    assert itakit.read_measure_plan(path, rules).defaults is None and plan.get("8") is None


def test_toml_problems_name_line_and_key(tmp_path, rules):
    path = tmp_path / "p.toml"
    path.write_text(
        '[defaults]\nresponsible = ["สำนักปลัด"]\n\n'
        '[i2]\nmeasure = "x"\ncolour = "red"\n\n'
        '[o99]\nmeasure = "y"\n\n'
        '[o29]\nmethod = 3\nperiod = { start = "2022-13-01", end = 2023-01-01 }\n', encoding="utf-8")
    with pytest.raises(DataError, match="key i2.colour: is not a plan field") as exc:
        itakit.read_measure_plan(path, rules)
    problems = [(p.file, p.row, p.message) for p in exc.value.problems]
    assert problems == [
        (str(path), 6, "key i2.colour: is not a plan field (expected one of deficiency, measure, method, "
                       "responsible, period, follow_up, omit, indicator)"),
        (str(path), 8, "key o99: is not a question, checklist item or indicator of 2565 (expected a code of IIT i1-i30, "
                       "EIT e1-e15, OIT o1-o43, an indicator number, or 'defaults')"),
        (str(path), 12, "key o29.method = '3': must be text or a list of texts"),
        (str(path), 13, "key o29.period.start = '2022-13-01': is not a date (expected YYYY-MM-DD, "
                        "e.g. 2022-11-01 or 2565-11-01)"),
    ]


def test_bad_toml_syntax(tmp_path, rules):
    path = tmp_path / "p.toml"
    path.write_text("[i2\nmeasure = 1\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid TOML.*line 1"):
        itakit.read_measure_plan(path, rules)


def test_csv_plan(tmp_path, rules):
    path = tmp_path / "p.csv"
    path.write_text(
        "code,measure,method,responsible,period_start,period_end,follow_up\n"
        '*,,,สำนักปลัด;กองคลัง,2022-11-01,2023-03-31,\n'
        'o29,ทำแนวปฏิบัติ,"ยกร่าง\nประกาศใช้",สำนักปลัด,,,รายงานผู้บริหาร\n'
        "E6,เพิ่มช่องทาง,,,,,\n", encoding="utf-8")
    plan = itakit.read_measure_plan(path, rules)
    assert plan.codes == ("o29", "e6")
    o29 = plan.get("o29")
    assert o29.method == ("ยกร่าง", "ประกาศใช้") and o29.responsible == ("สำนักปลัด",)
    assert o29.period == (date(2022, 11, 1), date(2023, 3, 31)) and o29.follow_up == ("รายงานผู้บริหาร",)
    assert plan.get("e6").responsible == ("สำนักปลัด", "กองคลัง")


def test_csv_problems_name_line_and_column(tmp_path, rules):
    path = tmp_path / "p.csv"
    path.write_text("code,measure,period_start,period_end\ni2,x,2565-11-01,\nq1,y,,\ni2,z,,\n"
                    "o29,w,2022-05-01,2022-01-01\n", encoding="utf-8")
    with pytest.raises(DataError, match="is given twice") as exc:
        itakit.read_measure_plan(path, rules)
    assert [(p.row, p.column, p.value) for p in exc.value.problems] == [
        (2, "period_end", ""), (3, "code", "q1"), (4, "code", "i2"), (5, "period_end", None)]
    assert "is given twice (first on line 2)" in exc.value.problems[2].message
    assert "ends (2022-01-01) before it starts (2022-05-01)" in exc.value.problems[3].message
    bad = tmp_path / "h.csv"
    bad.write_text("code,measure,colour\n", encoding="utf-8")
    with pytest.raises(DataError, match="is not a plan column") as exc:
        itakit.read_measure_plan(bad, rules)
    assert [(p.row, p.column) for p in exc.value.problems] == [(1, "colour")]


def test_wrong_extension_or_missing_file(tmp_path, rules):
    with pytest.raises(UsageError, match="must end in .toml or .csv"):
        itakit.read_measure_plan(tmp_path / "p.json", rules)
    with pytest.raises(UsageError, match="no such file"):
        itakit.read_measure_plan(tmp_path / "p.toml", rules)


# -- saving a plan (--save-plan, the web page) ------------------------------------------




_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).map(
    lambda s: s.strip()).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    deficiency=_TEXT, measure=_TEXT, method=st.lists(_TEXT, min_size=1, max_size=4),
    unit=_TEXT, name=_TEXT, start=st.dates(date(2000, 1, 1), date(2030, 1, 1)),
    omit=st.booleans(),
)
def test_a_saved_plan_reads_back_the_same(tmp_path_factory, deficiency, measure, method, unit, name, start, omit):
    rules = itakit.rule_set(2565)
    entries = (
        Measure("i2", deficiency=deficiency, measure=measure, method=method, responsible=(unit,),
                period=(start, date(2031, 1, 1)), follow_up=(measure,)),
        Measure("o29", omit=omit, measure=measure),
        Measure("7", deficiency=deficiency),
    )
    plan = MeasurePlan(entries, None, None, ReportDetails(agency=name, unit=unit, approved_by=Signer(name, unit)),
                       2565)
    path = tmp_path_factory.mktemp("plan") / "plan.toml"
    path.write_text(plan_toml(plan), encoding="utf-8")
    back = read_measure_plan(path, rules)
    assert back.entries == plan.entries
    assert back.details == plan.details
    assert back.year == 2565


def test_a_saved_plan_of_another_year_is_refused_naming_it(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(plan_toml(MeasurePlan((Measure("i2", measure="x"),), year=2565)), encoding="utf-8")
    with pytest.raises(DataError, match=r"answers the result of 2565.*rules of 2568 \(give --year 2565\)"):
        read_measure_plan(path, itakit.rule_set(2568))


def test_an_omitted_code_leaves_the_measures_table():
    from itakit.outputs.report import drafted_plan
    from itakit.scoring.planner import plan_improvements

    rules = itakit.rule_set(2565)
    result = itakit.score(rules, itakit.read_input("examples/lamliang-2565-questions-realistic.csv", rules).agencies[0])
    plan = plan_improvements(rules, result)
    drafted = drafted_plan(rules, result, plan)
    assert "i2" in drafted.codes and "o29" in drafted.codes
    kept = drafted_plan(rules, result, plan, MeasurePlan((Measure("i2", omit=True),)))
    assert "i2" not in [e.code for e in kept.entries if not e.omit]
    assert [e.code for e in kept.entries if e.omit] == ["i2"]


# -- a plan with absurd values -----------------------------------------------------------------------------------


def test_a_plan_with_huge_numbers_is_not_an_internal_error(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('[i2]\nmeasure = 1e400\nbudget = 1e400\n', encoding="utf-8")
    code, _, err = run(capsys, "report", EXAMPLES / "lamliang-2565-indicators.csv", "--agency", "A",
                       "--plan", plan, "-o", tmp_path / "r.md")
    assert code in (0, 1) and "internal error" not in err and "Traceback" not in err
