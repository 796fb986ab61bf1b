"""Many agencies: ranks among agencies, summary overall and per group, two-year comparison — hand-checked figures."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

import itakit
from clihelp import NBSP_NAME, PLAIN_NAME, SARA_AM, SARA_AM_SPLIT, SCORES, many_csv, run
from itakit.outputs.render_batch import comparison_to_csv, summary_to_csv
from itakit.scoring.batch import compare, rank_agencies, summarise

# Five agencies in two provinces.  A, B, D score the same on every indicator; C has 81 on
# indicator 1 and 80 elsewhere; E differs by indicator.
#   A: 100 everywhere                        total 100.00  AA
#   B: 90 everywhere                         total  90.00  A
#   C: IIT (81+80+80+80+80)/5 = 80.2, EIT 80, OIT 80
#      total 0.3*80.2 + 0.3*80 + 0.4*80 = 24.06 + 24 + 32 = 80.06  B
#   D: 90 everywhere                         total  90.00  A
#   E: IIT (60+70+80+90+100)/5 = 80, EIT (50+60+70)/3 = 60, OIT (40+60)/2 = 50
#      total 24 + 18 + 20 = 62.00  D
NEW = """agency,province,type,1,2,3,4,5,6,7,8,9,10
A,ระนอง,อบต.,100,100,100,100,100,100,100,100,100,100
B,ระนอง,เทศบาล,90,90,90,90,90,90,90,90,90,90
C,ระนอง,อบต.,81,80,80,80,80,80,80,80,80,80
D,ชุมพร,อบต.,90,90,90,90,90,90,90,90,90,90
E,ชุมพร,เทศบาล,60,70,80,90,100,50,60,70,40,60
"""
# The year before: A 95 (AA), B 86 (A), C 86 (A, passed), D 84 (B, not passed), F 70 (gone since).
OLD = """agency,province,1,2,3,4,5,6,7,8,9,10
A,ระนอง,95,95,95,95,95,95,95,95,95,95
B,ระนอง,86,86,86,86,86,86,86,86,86,86
C,ระนอง,86,86,86,86,86,86,86,86,86,86
D,ชุมพร,84,84,84,84,84,84,84,84,84,84
F,ชุมพร,70,70,70,70,70,70,70,70,70,70
"""


@pytest.fixture()
def new_file(tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(NEW, encoding="utf-8")
    return path


@pytest.fixture()
def old_file(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(OLD, encoding="utf-8")
    return path


def _results(path, rules, registry):
    return itakit.score_many(rules, itakit.read_input(path, rules).agencies, registry=registry)


def test_scores_of_the_example_agencies(new_file, rules, registry):
    results = _results(new_file, rules, registry)
    assert [str(r.display_total) for r in results] == ["100.00", "90.00", "80.06", "90.00", "62.00"]
    assert [r.grade.code for r in results] == ["AA", "A", "B", "A", "D"]
    assert results[0].extra == {"province": "ระนอง", "type": "อบต."}


def test_ranks_among_agencies_share_the_better_rank_on_ties(new_file, rules, registry):
    # totals 100, 90, 80.06, 90, 62: the two 90s share rank 2, and rank 3 is skipped
    assert rank_agencies(_results(new_file, rules, registry)) == (1, 2, 4, 2, 5)


def test_agencies_without_a_total_have_no_rank(rules, registry):
    iit_only = itakit.AgencyData(agency="X", indicator_scores={1: 90, 2: 90, 3: 90, 4: 90, 5: 90})
    full = itakit.AgencyData(agency="Y", indicator_scores={n: 70 for n in range(1, 11)})
    results = itakit.score_many(rules, [iit_only, full], registry=registry)
    assert rank_agencies(results) == (None, 1)


def test_summary_overall(new_file, rules, registry):
    s = summarise(_results(new_file, rules, registry), rules).overall
    assert (s.agencies, s.with_total) == (5, 5)
    # every band, in band order, zero counts included
    assert [(g.code, g.count) for g in s.grades] == [
        ("AA", 1), ("A", 2), ("B", 1), ("C", 0), ("D", 1), ("E", 0), ("F", 0)]
    # A, B, D reach 85: 3 of 5 = 60 %, below the national target of 80 %
    assert s.at_pass_line == 3 and s.share_at_pass_line == 60 and s.meets_target is False
    # (100 + 90 + 80.06 + 90 + 62) / 5 = 422.06 / 5 = 84.412
    assert s.mean_total == Fraction("84.412") and s.display_mean_total == Decimal("84.41")
    # IIT (100 + 90 + 80.2 + 90 + 80) / 5 = 88.04; EIT (100+90+80+90+60)/5 = 84; OIT (100+90+80+90+50)/5 = 82
    assert {t.code: t.display_mean for t in s.tools} == {
        "IIT": Decimal("88.04"), "EIT": Decimal("84.00"), "OIT": Decimal("82.00")}
    # indicators: A-D sum to 360 except indicator 1 (361); E adds its own score, /5
    means = {i.number: i.mean for i in s.indicators}
    assert means == {1: Fraction(421, 5), 2: 86, 3: 88, 4: 90, 5: 92, 6: 82, 7: 84, 8: 86, 9: 80, 10: 84}
    # weakest: 9 (80), 6 (82), then 7 and 10 tie at 84 (lower number first); 1 is 84.20
    assert [i.number for i in s.weakest] == [9, 6, 7]


def test_summary_by_province(new_file, rules, registry):
    summary = summarise(_results(new_file, rules, registry), rules, by="province")
    assert summary.by == "province"
    ranong, chumphon = summary.groups
    assert (ranong.name, ranong.agencies, chumphon.name, chumphon.agencies) == ("ระนอง", 3, "ชุมพร", 2)
    # ระนอง: A (AA), B (A), C (B); 2 of 3 at 85 or more = 66.67 %
    assert [g.count for g in ranong.grades] == [1, 1, 1, 0, 0, 0, 0]
    assert ranong.share_at_pass_line == Fraction(200, 3) and ranong.display_share == Decimal("66.67")
    # mean total (100 + 90 + 80.06) / 3 = 90.02; IIT (100 + 90 + 80.2) / 3 = 90.0666…
    assert ranong.display_mean_total == Decimal("90.02")
    assert ranong.tools[0].mean == Fraction("270.2") / 3 and ranong.tools[0].display_mean == Decimal("90.07")
    # indicator 1: (100 + 90 + 81) / 3 = 271/3 = 90.33; all others 90 -> weakest 2, 3, 4 (ties by number)
    assert ranong.indicators[0].mean == Fraction(271, 3)
    assert [i.number for i in ranong.weakest] == [2, 3, 4]
    # ชุมพร: D 90 (A), E 62 (D): 1 of 2 = 50 %; mean total 76; IIT (90+80)/2 = 85, EIT 75, OIT 70
    assert [g.count for g in chumphon.grades] == [0, 1, 0, 0, 1, 0, 0]
    assert chumphon.display_share == Decimal("50.00") and chumphon.meets_target is False
    assert chumphon.mean_total == 76
    assert [(t.code, t.mean) for t in chumphon.tools] == [("IIT", 85), ("EIT", 75), ("OIT", 70)]
    # indicator 9: (90 + 40) / 2 = 65, 6: 70, then 75 for 1, 7, 10
    assert [(i.number, i.mean) for i in chumphon.weakest] == [(9, 65), (6, 70), (1, 75)]


def test_summary_target_is_a_parameter(new_file, rules, registry):
    s = summarise(_results(new_file, rules, registry), rules, target_share=60).overall
    assert s.meets_target is True  # 60 % reaches a 60 % target


def test_unknowngroup_column_names_the_columns_there_are(new_file, rules, registry):
    with pytest.raises(itakit.UsageError, match=r"no such column \(the file has province, type\)"):
        summarise(_results(new_file, rules, registry), rules, by="district")


def testgroup_column_matches_without_case(new_file, rules, registry):
    assert summarise(_results(new_file, rules, registry), rules, by=" Province ").by == "province"


def test_compare_two_years(old_file, new_file, rules, registry):
    c = compare(_results(old_file, rules, registry), _results(new_file, rules, registry))
    by_name = {a.agency: a for a in c.agencies}
    # new-year order first, then the agency found only in the old year: none dropped
    assert [a.agency for a in c.agencies] == ["A", "B", "C", "D", "E", "F"]
    assert by_name["A"].total_change == Decimal("5.00") and not by_name["A"].grade_changed
    assert by_name["B"].total_change == Decimal("4.00")
    # C fell from 86.00 (A, passed) to 80.06 (B, not passed): -5.94
    c_change = by_name["C"]
    assert (c_change.old_total, c_change.new_total, c_change.total_change) == (
        Decimal("86.00"), Decimal("80.06"), Decimal("-5.94"))
    assert (c_change.old_grade, c_change.new_grade, c_change.grade_changed) == ("A", "B", True)
    assert [(i.number, i.change) for i in c_change.indicators][:2] == [(1, Decimal("-5.00")), (2, Decimal("-6.00"))]
    # D rose from 84.00 (B) to 90.00 (A) and now passes
    assert by_name["D"].total_change == Decimal("6.00") and (by_name["D"].old_passed, by_name["D"].new_passed) == (False, True)
    assert by_name["E"].status == "new only" and by_name["E"].old_total is None and by_name["E"].total_change is None
    assert by_name["F"].status == "old only" and by_name["F"].old_total == Decimal("70.00")
    assert (c.improved, c.declined, c.newly_passed, c.newly_failed, c.only_old, c.only_new) == (3, 1, 1, 1, 1, 1)


def test_compare_refuses_a_name_given_twice(rules, registry):
    one = itakit.AgencyData(agency="A", indicator_scores={n: 90 for n in range(1, 11)})
    results = itakit.score_many(rules, [one, one], registry=registry)
    with pytest.raises(itakit.DataError, match="the old results name the agency 'A' twice"):
        compare(results, results[:1])


def test_compare_csv_has_old_new_and_change_per_indicator(old_file, new_file, rules, registry):
    text = comparison_to_csv(compare(_results(old_file, rules, registry), _results(new_file, rules, registry)))
    header, *rows = text.splitlines()
    assert header.startswith("agency,status,old_total,new_total,total_change,old_grade,new_grade,1_old,1_new,1_change")
    assert rows[2].startswith("C,both,86.00,80.06,-5.94,A,B,86.00,81.00,-5.00,")
    assert rows[4].startswith("E,new only,,62.00,,,D,,60.00,,")
    assert rows[5].startswith("F,old only,70.00,,,C,,70.00,,,")


def test_summary_csv_rows(new_file, rules, registry):
    text = summary_to_csv(summarise(_results(new_file, rules, registry), rules, by="province"), rules)
    header, overall, ranong, chumphon = text.splitlines()
    assert header == ("province,agencies,with_total,AA,A,B,C,D,E,F,passing,share_passing,total_at_pass_line,target_share,"
                      "meets_target,mean_total,IIT,EIT,OIT,1,2,3,4,5,6,7,8,9,10,weakest")
    assert overall == ("(all),5,5,1,2,1,0,1,0,0,3,60.00,3,80.00,false,84.41,88.04,84.00,82.00,"
                       "84.20,86.00,88.00,90.00,92.00,82.00,84.00,86.00,80.00,84.00,9 6 7")
    assert ranong.startswith("ระนอง,3,3,1,1,1,0,0,0,0,2,66.67,2,80.00,false,90.02,90.07,")
    assert chumphon.startswith("ชุมพร,2,2,0,1,0,0,1,0,0,1,50.00,1,80.00,false,76.00,85.00,75.00,70.00,")


# -- the command line ---------------------------------------------------------------------


def test_cli_score_many_gives_each_agency_its_rank(new_file, capsys):
    code, out, _ = run(capsys, "score", str(new_file), "--format", "json")
    assert code == 0
    assert [(d["agency"], d["agency_rank"]) for d in json.loads(out)] == [
        ("A", 1), ("B", 2), ("C", 4), ("D", 2), ("E", 5)]
    code, out, _ = run(capsys, "score", str(new_file))
    assert "อันดับที่ 4 จาก 5 หน่วยงาน" in out


def test_cli_score_one_agency_has_no_agency_rank(capsys):
    from conftest import EXAMPLES

    code, out, _ = run(capsys, "score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--format", "json")
    assert code == 0 and "agency_rank" not in json.loads(out)


def test_cli_summary_text_json_csv(new_file, capsys):
    code, out, err = run(capsys, "summary", str(new_file), "--by", "province")
    assert code == 0 and err == ""
    assert "ระดับ AA 1 · A 2 · B 1 · C 0 · D 1 · E 0 · F 0" in out
    assert "ผ่านเกณฑ์ (passing: ระดับ AA · A) 3 หน่วยงาน = ร้อยละ 60.00 · เป้าหมายร้อยละ 80.00: ไม่ถึงเป้าหมาย" in out
    assert "province: ชุมพร" in out
    code, out, _ = run(capsys, "summary", str(new_file), "--by", "type", "--format", "json")
    data = json.loads(out)
    assert data["overall"]["grades"] == {"AA": 1, "A": 2, "B": 1, "C": 0, "D": 1, "E": 0, "F": 0}
    assert data["overall"]["share_passing"] == 60.0 and data["target_share"] == 80.0
    assert [(g["name"], g["agencies"]) for g in data["groups"]] == [("อบต.", 3), ("เทศบาล", 2)]
    assert data["overall"]["weakest"][0] == {"number": 9, "name": "การเปิดเผยข้อมูล", "mean": 80.0}
    code, out, _ = run(capsys, "summary", str(new_file), "--format", "csv", "--target", "60")
    assert out.splitlines()[1].startswith("(all),5,5,1,2,1,0,1,0,0,3,60.00,3,60.00,true,84.41,")


def test_cli_summary_thai_digits(new_file, capsys):
    code, out, _ = run(capsys, "summary", str(new_file), "--digits", "thai")
    assert code == 0 and "ร้อยละ ๖๐.๐๐" in out and "60.00" not in out


def test_cli_summary_unknown_column_is_a_usage_error(new_file, capsys):
    code, out, err = run(capsys, "summary", str(new_file), "--by", "district")
    assert code == 2 and out == ""
    assert "cannot group by 'district': no such column (the file has province, type)" in err


def test_cli_summary_reports_bad_cells_like_score(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(NEW.replace("E,ชุมพร,เทศบาล,60", "E,ชุมพร,เทศบาล,sixty"), encoding="utf-8")
    code, out, err = run(capsys, "summary", str(path))
    assert code == 1 and out == ""
    assert "line 6, column '1': 'sixty' is not a number" in err


def test_cli_compare(old_file, new_file, capsys):
    code, out, err = run(capsys, "compare", str(old_file), str(new_file))
    assert code == 0 and err == ""
    assert "คะแนนรวมเพิ่มขึ้น 3 · ลดลง 1 · ผ่านเกณฑ์ใหม่ 1 · ตกเกณฑ์ 1 · มีเฉพาะปีเก่า 1 · มีเฉพาะปีใหม่ 1" in out
    assert "C: 86.00 → 80.06 (-5.94) · A → B" in out
    assert "F: มีเฉพาะปีเก่า (old year only)" in out
    code, out, _ = run(capsys, "compare", str(old_file), str(new_file), "--format", "json",
                       "--year-old", "2565", "--year-new", "๒๕๖๕")
    data = json.loads(out)
    assert (data["old_year"], data["new_year"], data["newly_failed"]) == (2565, 2565, 1)
    d = next(a for a in data["agencies"] if a["agency"] == "D")
    assert (d["old_total"], d["new_total"], d["total_change"], d["old_grade"], d["new_grade"]) == (
        84.0, 90.0, 6.0, "B", "A")


def test_cli_compare_writes_atomically(old_file, new_file, tmp_path, capsys):
    out_path = tmp_path / "changes.csv"
    code, out, _ = run(capsys, "compare", str(old_file), str(new_file), "--format", "csv", "-o", str(out_path))
    assert code == 0 and out == ""
    assert out_path.read_text(encoding="utf-8").splitlines()[1].startswith("A,both,95.00,100.00,5.00,AA,AA")


def test_batch_guide_example_runs(monkeypatch, capsys):
    import re

    from conftest import ROOT

    (block,) = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "batch.md").read_text(encoding="utf-8"), flags=re.S)
    monkeypatch.chdir(ROOT)  # it reads the shipped examples/synthetic-agencies-2565.csv
    exec(compile(block, "docs/batch.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == ["(284, 124, 184, 219, 32)", "84.67 True ระนอง"]


# -- compare across frameworks (issue 22, item 6) ------------------------------------------------------------


def test_indicators_are_paired_by_number_and_name():
    from itakit.scoring.comparison import IndicatorPair, pair_indicators

    old = [(1, "การปฏิบัติหน้าที่"), (2, "การใช้งบประมาณ"), (3, "การใช้อำนาจ")]
    new = [(1, "การปฏิบัติหน้าที่"), (2, "การใช้อำนาจ"), (3, "การจัดซื้อจัดจ้าง")]
    assert pair_indicators(old, new) == (
        IndicatorPair(1, 1, "การปฏิบัติหน้าที่"), IndicatorPair(3, 2, "การใช้อำนาจ"),
        IndicatorPair(None, 3, "การจัดซื้อจัดจ้าง"), IndicatorPair(2, None, "การใช้งบประมาณ"))


def test_compare_across_frameworks_says_so_and_drops_nothing(capsys):
    import attrs

    import itakit_rules_2565

    old_rules = itakit_rules_2565.rule_set()
    tools = list(old_rules.tools)
    iit = tools[0]
    renamed = [attrs.evolve(iit.indicators[0], name_th="การปฏิบัติหน้าที่อย่างสุจริต"), *iit.indicators[1:]]
    tools[0] = attrs.evolve(iit, indicators=renamed)
    new_rules = attrs.evolve(old_rules, year=2594, tools=tools)
    scores = dict.fromkeys(range(1, 11), 90)
    old = [itakit.score(old_rules, itakit.AgencyData(agency="A", indicator_scores=scores))]
    new = [itakit.score(new_rules, itakit.AgencyData(agency="A", indicator_scores={**scores, 1: 95}))]
    c = compare(old, new, old_rules=old_rules, new_rules=new_rules)
    assert c.frameworks_differ and c.differences == (
        "indicator 1 of the new year (การปฏิบัติหน้าที่อย่างสุจริต) has no partner in the old year",
        "indicator 1 of the old year (การปฏิบัติหน้าที่) has no partner in the new year")
    one = [i for i in c.agencies[0].indicators if i.number == 1]
    assert [(i.old, i.new, i.change) for i in one] == [(None, Decimal("95.00"), None), (Decimal("90.00"), None, None)]
    from itakit.outputs.render_batch import comparison_to_csv, comparison_to_text

    text = comparison_to_text(c)
    assert "กรอบการประเมินของสองปีต่างกัน (the two years' frameworks differ" in text
    assert "1 ปีใหม่ (new only) 95.00" in text and "1 ปีเก่า (old only) 90.00" in text
    same = compare(old, old, old_rules=old_rules, new_rules=old_rules)
    assert not same.frameworks_differ and "frameworks differ" not in comparison_to_text(same)
    header, row = comparison_to_csv(c).splitlines()
    assert header.endswith(",2_old,2_new,2_change,3_old,3_new,3_change,4_old,4_new,4_change,5_old,5_new,5_change,"
                           "6_old,6_new,6_change,7_old,7_new,7_change,8_old,8_new,8_change,9_old,9_new,9_change,"
                           "10_old,10_new,10_change,1_old")
    assert header.startswith("agency,status,old_total,new_total,total_change,old_grade,new_grade,1_new,2_old,")
    assert row.startswith("A,both,90.00,90.30,0.30,A,A,95.00,90.00,90.00,0.00,") and row.endswith(",90.00")


# -- an agency written two ways is one agency --------------------------------------------------------------------


def test_compare_matches_an_agency_written_two_ways(capsys, tmp_path):
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text(many_csv([(SARA_AM_SPLIT, *SCORES), (NBSP_NAME, *SCORES)]), encoding="utf-8")
    new.write_text(many_csv([(SARA_AM, *SCORES), (PLAIN_NAME, *SCORES)]), encoding="utf-8")
    code, out, err = run(capsys, "compare", old, new, "--format", "json")
    assert code == 0, err
    import json

    agencies = json.loads(out)["agencies"]
    assert [(a["agency"], a["status"]) for a in agencies] == [(SARA_AM, "both"), (PLAIN_NAME, "both")]
