"""Results read back exactly, exports that agree, stated figures guarded, weighted points in (issue 22, items 4, 5, 7, 8)."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
from itakit.cli import main
from itakit.outputs.render import to_csv, to_json
from itakit.outputs.xlsx_export import write_xlsx
from itakit.scoring.batch import rank_agencies
from itakit.testing.strategies import agency_data, rule_sets

BARE = itakit.Registry(autoload=False, plugins=[])


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _thirds():
    """Three tools weighing a third each, one indicator each; 92.00 is the best level's least total."""
    tools = [itakit.Tool(code, f"เครื่องมือ {code}", f"tool {code}", "100/3",
                         [itakit.Indicator(n, f"ตัวชี้วัด {n}", f"indicator {n}")])
             for n, code in enumerate(("AIT", "BIT", "CIT"), start=1)]
    rating = itakit.Rating([
        itakit.RatingLevel("ยอด", "ยอด", "top", True, "92.00"),
        itakit.RatingLevel("ผ่าน", "ผ่าน", "pass", True, "85.00"),
        itakit.RatingLevel("ตก", "ตก", "fail", False),
    ])
    return itakit.RuleSet(2591, "ปีสมมติ ๒๕๙๑", "thirds (fictional)", tools, (), "85.00", rating=rating)


THIRDS = _thirds()


def _write(fmt, path, results, rules, many=True):
    ranks = rank_agencies(results) if many else None
    if fmt == "xlsx":
        write_xlsx(path, results, rules, ranks)
    elif fmt == "json":
        path.write_text(to_json(results, many=many, agency_ranks=ranks), encoding="utf-8")
    else:
        path.write_text(to_csv(results, rules, agency_ranks=ranks), encoding="utf-8")


def _shown(r):
    return (r.agency, r.display_total, tuple((t.code, t.display_score) for t in r.tools),
            None if r.grade is None else r.grade.code, r.passed, dict(r.extra))


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_91_99_stays_91_99_and_its_rating_with_weights_in_thirds(tmp_path, fmt):
    data = itakit.AgencyData(agency="อบต.สมมติ", indicator_scores={1: "91.995", 2: "91.995", 3: "91.985"},
                             extra={"province": "ระนอง"})
    result = itakit.score(THIRDS, data, registry=BARE)
    assert (str(result.display_total), result.grade.code) == ("91.99", "ผ่าน")
    again = itakit.score(THIRDS, itakit.AgencyData(indicator_scores={1: "92.00", 2: "92.00", 3: "91.99"}), registry=BARE)
    assert (str(again.display_total), again.grade.code) == ("92.00", "ยอด")  # what recomputing the displayed would say
    path = tmp_path / f"result.{fmt}"
    _write(fmt, path, [result], THIRDS)
    back = itakit.score_many(THIRDS, itakit.read_input(path, THIRDS).agencies, registry=BARE)
    assert [_shown(r) for r in back] == [_shown(result)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data(), fmt=st.sampled_from(["json", "csv", "xlsx"]))
def test_any_result_reads_back_with_its_total_tools_and_rating(tmp_path, data, fmt):
    rules = data.draw(rule_sets(rated=data.draw(st.booleans()), max_tools=4, max_indicators=3), label="rules")
    count = data.draw(st.integers(1, 3), label="agencies")
    inputs = [data.draw(agency_data(rules, "indicators"), label=f"agency {k}") for k in range(count)]
    results = itakit.score_many(rules, [
        itakit.AgencyData(agency=f"หน่วยงาน {k}", indicator_scores=d.indicator_scores, extra={"type": f"t{k % 2}"})
        for k, d in enumerate(inputs)], registry=BARE)
    path = tmp_path / f"back.{fmt}"
    _write(fmt, path, results, rules)
    back = itakit.score_many(rules, itakit.read_input(path, rules).agencies, registry=BARE)
    assert [_shown(r) for r in back] == [_shown(r) for r in results]


# -- exports agree -----------------------------------------------------------------------------------


def test_csv_excel_and_json_carry_the_same_fields_and_the_inputs_columns(tmp_path, capsys):
    source = "examples/synthetic-agencies-2568.csv"
    code, out, _ = run(capsys, "score", source, "--year", "2568", "--format", "csv")
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert header[-5:] == ["passed", "agency_rank", "rules_verified", "province", "type"]
    assert run(capsys, "score", source, "--year", "2568", "-o", tmp_path / "r.xlsx")[0] == 0
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)["ITA 2568"]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert [str(h) for h in rows[0]] == header  # indicator numbers are numbers in the sheet
    code, out, _ = run(capsys, "score", source, "--year", "2568", "--format", "json")
    first = json.loads(out)[0]
    assert first["agency_rank"] == rows[1][header.index("agency_rank")] and first["extra"]["province"] == rows[1][-2]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_summary_by_province_works_on_itakits_own_export(tmp_path, capsys, fmt):
    source = "examples/synthetic-agencies-2568.csv"
    out_file = tmp_path / f"export-2568.{fmt}"
    if fmt == "csv":
        code, out, _ = run(capsys, "score", source, "--year", "2568", "--format", "csv", "-o", out_file)
    elif fmt == "json":
        code, out, _ = run(capsys, "score", source, "--year", "2568", "--format", "json", "-o", out_file)
    else:
        code, out, _ = run(capsys, "score", source, "--year", "2568", "-o", out_file)
    assert code == 0
    direct = json.loads(run(capsys, "summary", source, "--year", "2568", "--by", "province", "--format", "json")[1])
    code, again, err = run(capsys, "summary", out_file, "--year", "2568", "--by", "province", "--format", "json")
    assert code == 0, err
    again = json.loads(again)
    for one, other in zip([direct["overall"], *direct["groups"]], [again["overall"], *again["groups"]], strict=True):
        for key in ("name", "agencies", "with_total", "grades", "passing", "share_passing", "total_at_pass_line"):
            assert one[key] == other[key]
        # averages of the displayed figures an export holds: within a hundredth of those of the exact scores
        pairs = [(one["mean_total"], other["mean_total"]), *zip(one["tools"].values(), other["tools"].values(), strict=True)]
        assert all(abs(a - b) <= 0.011 for a, b in pairs)


# -- guards --------------------------------------------------------------------------------------------


def _json_2568(tmp_path, **changes):
    path = tmp_path / "result-2568.json"
    scores = {**dict.fromkeys(range(1, 6), 98.0), **dict.fromkeys(range(6, 9), 84.0), 9: 99.5, 10: 99.5}
    body = {"agency": "สำนักงานสมมติ", "year": 2568, "total": 94.4, "grade": "ผ่าน", "passed": True,
            "tools": {"IIT": 98.0, "EIT": 84.0, "OIT": 99.5},
            "indicators": [{"number": n, "score": s} for n, s in scores.items()], **changes}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_json_result_reads_back_with_its_total_and_grade(tmp_path, capsys):
    code, out, err = run(capsys, "score", _json_2568(tmp_path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)[0]
    assert (data["total"], data["grade"], data["tools"]) == (94.4, "ผ่าน", {"IIT": 98.0, "EIT": 84.0, "OIT": 99.5})


def test_a_stated_rating_the_rules_do_not_give_is_refused_naming_both(tmp_path, capsys):
    out_file = tmp_path / "out.json"
    code, out, err = run(capsys, "score", _json_2568(tmp_path, grade="ผ่านดีเยี่ยม"), "-o", out_file)
    assert code == 1 and not out_file.exists()
    assert ("at $.grade: states the rating 'ผ่านดีเยี่ยม', but the rules of 2568 give 'ผ่าน' for total 94.40, "
            "IIT 98.00, EIT 84.00, OIT 99.50; ผ่านดีเยี่ยม needs a total of 95.00 (it is 94.40) and EIT at least 95.00 "
            "(it is 84.00)") in err
    assert "Traceback" not in err


def test_a_grade_that_is_not_one_of_the_years_levels_is_refused(tmp_path, capsys):
    code, _, err = run(capsys, "score", _json_2568(tmp_path, grade="AA"))
    assert code == 1
    assert "at $.grade: 'AA' is not one of 2568's levels (ผ่านดีเยี่ยม, ผ่านดี, ผ่าน, ไม่ผ่าน)" in err


def test_stated_passed_and_tools_are_checked_too(tmp_path, capsys):
    code, _, err = run(capsys, "score", _json_2568(tmp_path, passed=False))
    assert code == 1 and "at $.passed: states not passed, but 'ผ่าน'" in err
    code, _, err = run(capsys, "score", _json_2568(tmp_path, tools={"IIT": 98.0, "EIT": 85.0, "OIT": 99.5}))
    assert code == 1 and "at $.tools.EIT: states EIT 85.00, which its indicators (6, 7, 8) cannot give: they give 84.00" in err


def test_a_csv_grade_column_is_guarded_like_json(tmp_path, capsys):
    path = tmp_path / "agencies-2568.csv"
    row = ",".join(["98"] * 5 + ["84"] * 3 + ["99.5"] * 2)
    path.write_text(f"agency,1,2,3,4,5,6,7,8,9,10,grade\nA,{row},ผ่าน\nB,{row},ผ่านดีเยี่ยม\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1
    assert "line 3, column 'grade': 'ผ่านดีเยี่ยม' states the rating 'ผ่านดีเยี่ยม', but the rules of 2568 give 'ผ่าน'" in err
    assert "line 2" not in err
    path.write_text(f"agency,1,2,3,4,5,6,7,8,9,10,grade\nC,{row},AA\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path, "--year", "2568")
    assert code == 1 and "line 2, column 'grade': 'AA' is not one of 2568's levels" in err
    code, _, err = run(capsys, "score", path)  # the year the file names: AA says it is a 2565 table
    assert code == 2 and "does not fit 2568" in err and "is not one of 2568's levels" in err and "give --year 2565" in err


# -- weighted points in ----------------------------------------------------------------------------------


def test_a_table_of_weighted_points_is_read_where_its_header_says_so(tmp_path, capsys):
    path = tmp_path / "group-2568.csv"
    path.write_text("agency,IIT/30,EIT/30,OIT/40,total\nก,29.40,25.20,39.80,94.40\nข,28.50,27.00,38.00,93.50\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "score", path, "--format", "json")
    assert code == 0, err
    got = {a["agency"]: (a["total"], a["grade"], a["tools"]) for a in json.loads(out)}
    assert got == {"ก": (94.4, "ผ่าน", {"IIT": 98.0, "EIT": 84.0, "OIT": 99.5}),
                   "ข": (93.5, "ผ่านดี", {"IIT": 95.0, "EIT": 90.0, "OIT": 95.0})}


def test_weighted_points_are_checked_against_the_indicators(tmp_path, capsys):
    path = tmp_path / "points-2568.csv"
    row = ",".join(["98"] * 5 + ["84"] * 3 + ["99.5"] * 2)
    path.write_text(f"agency,1,2,3,4,5,6,7,8,9,10,IIT (30),EIT points\nA,{row},29.40,25.20\nB,{row},29.40,26.00\n",
                    encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1
    assert ("line 3, column 'EIT points': '26.00' states EIT 26.00 of 30 weighted points (86.6667 %), which its "
            "indicators (6, 7, 8) cannot give: they give 84.00 % (25.20 points)") in err
    assert "line 2" not in err


def test_a_points_header_with_another_weight_is_refused(tmp_path, capsys):
    path = tmp_path / "points-2568.csv"
    path.write_text("agency,IIT/25,EIT/30,OIT/40\nA,20,20,30\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "names IIT points out of 25, but IIT weighs 30 in 2568; write 'IIT points'" in err


def test_tool_percentages_are_read_and_a_tool_level_table_is_scored(tmp_path, capsys):
    path = tmp_path / "tools-2568.csv"
    path.write_text("agency,IIT %,EIT,OIT\nA,98,84,99.5\n", encoding="utf-8")
    code, out, err = run(capsys, "score", path, "--format", "json")
    assert code == 0, err
    data = json.loads(out)[0]
    assert (data["total"], data["grade"], data["indicators"]) == (94.4, "ผ่าน", [])
    assert Fraction(str(data["total"])) == Fraction("94.4") and Decimal("94.40") == Decimal(str(data["total"])).quantize(Decimal("0.01"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_results_of_tool_scores_alone_print_and_read_back(tmp_path, capsys, fmt):
    path = tmp_path / "group-2568.csv"
    path.write_text("agency,IIT/30,EIT/30,OIT/40,total\nก,29.40,25.20,39.80,94.40\n", encoding="utf-8")
    code, out, _ = run(capsys, "score", path)
    assert code == 0 and "คะแนน IIT                          98.00  (ไม่มีคะแนนตัวชี้วัด" in out
    exported = tmp_path / f"export-2568.{fmt}"
    assert run(capsys, "score", path, "-o", exported, *(["--format", fmt] if fmt != "xlsx" else []))[0] == 0
    code, out, err = run(capsys, "score", exported, "--format", "json")
    assert code == 0, err
    assert [(a["total"], a["grade"], a["tools"]) for a in json.loads(out)] == [
        (94.4, "ผ่าน", {"IIT": 98.0, "EIT": 84.0, "OIT": 99.5})]
