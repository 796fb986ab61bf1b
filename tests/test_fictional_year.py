"""A hidden year plugin of the shape issue 22 names, written from the docs alone: every figure, label, count,
export and message checked (issue 22, "Done when").

Year 2593 (tests/fictional_year): five tools, CIT and SIT invented, weighing 100/3 and 50/3 each;
twelve indicators with unequal weights; five levels whose floors name different tools; the
lowest passing level, ผ่าน, needs a total of 72.50 *and* OIT at 60.  The expected figures are
worked out by hand in the comments.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings

import fictional_year
import itakit
import itakit_rules_2565
from conftest import ROOT
from itakit.cli import main
from itakit.scoring.explain import Condition, explain_rating
from itakit.scoring.standing import apply_route, routes
from itakit.testing import RuleSetContract
from itakit.testing.strategies import agency_data

RULES = fictional_year.rule_set()
FILE = ROOT / "tests" / "fictional_year" / "ita2593.toml"
REGISTRY = itakit.Registry(autoload=False, plugins=[fictional_year, itakit_rules_2565])
D = Decimal

# A: IIT (90+80+70+2·95)/5 = 86.00, EIT (91.11+88.88)/2 = 89.995 → 90.00, OIT (55+54.99)/2 = 54.995 → 55.00,
#    CIT (100+3·88)/4 = 91.00, SIT (100+85)/2 = 92.50; total (100/3·86 + 50/3·328.49)/100 = 83.415 → 83.42:
#    past the pass line 72.50, but OIT below ผ่าน's floor 60: ไม่ผ่าน.
A = {1: "90", 2: "80", 3: "70", 4: "95", 5: "91.11", 6: "88.88", 7: "55", 8: "54.99", 9: "100", 10: "88", 11: "100",
     12: "85"}
# B: IIT 90, EIT 95, OIT 95, CIT 79.99, SIT 100: total (3000 + 50/3·369.99)/100 = 91.665 → 91.67; ดีมาก needs CIT 80: ดี.
B = {**dict.fromkeys((1, 2, 3, 4), "90"), 5: "95", 6: "95", 7: "95", 8: "95", 9: "79.99", 10: "79.99", 11: "100", 12: "100"}
D_ = dict.fromkeys(range(1, 13), "96")   # every tool 96, total 96.00: เลิศ
E = dict.fromkeys(range(1, 13), "50")    # 50.00: ไม่ผ่าน by the total
# F: OIT 60, the rest 75: total (2500 + 50/3·285)/100 = 72.50 exactly: ผ่าน, at the pass line and the OIT floor
F = {**dict.fromkeys(range(1, 13), "75"), 7: "60", 8: "60"}
AGENCIES = [("A", "ระนอง", A), ("B", "ระนอง", B), ("D", "ชุมพร", D_), ("E", "ชุมพร", E), ("F", "ชุมพร", F)]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def score(scores, agency=None):
    return itakit.score(RULES, itakit.AgencyData(agency=agency, indicator_scores=scores), registry=REGISTRY)


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "fictional-2593.csv"
    lines = ["agency,province," + ",".join(map(str, range(1, 13)))]
    lines += [f"{name},{province}," + ",".join(scores[n] for n in range(1, 13)) for name, province, scores in AGENCIES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_figures_and_ratings_are_exact():
    got = {name: score(scores, name) for name, _, scores in AGENCIES}
    assert {n: (str(r.display_total), r.grade.code, r.passed) for n, r in got.items()} == {
        "A": ("83.42", "ไม่ผ่าน", False), "B": ("91.67", "ดี", True), "D": ("96.00", "เลิศ", True),
        "E": ("50.00", "ไม่ผ่าน", False), "F": ("72.50", "ผ่าน", True)}
    a = got["A"]
    assert [(t.code, t.score) for t in a.tools] == [
        ("IIT", 86), ("EIT", Fraction("89.995")), ("OIT", Fraction("54.995")), ("CIT", 91), ("SIT", Fraction("92.5"))]
    assert a.total == Fraction("83.415") and a.ranks == (5, 9, 10, 3, 4, 6, 11, 12, 1, 7, 1, 8)
    assert (a.next_grade, a.points_to_next_grade, a.tools_to_next_grade) == ("ผ่าน", D("0.00"), {"OIT": D("5.00")})
    assert (got["B"].next_grade, got["B"].tools_to_next_grade) == ("ดีมาก", {"CIT": D("0.01")})


def test_the_floor_on_the_passing_level_decides_and_its_provenance_is_the_plugins():
    a = score(A)
    why = explain_rating(RULES, a, REGISTRY)
    assert why.passed is False and why.total_at_pass_line and why.margin is None
    assert why.held_back_by == (Condition("OIT", D("60.00"), D("55.00"), why.better[0].provenance),)
    assert why.better[0].provenance == itakit.Provenance("V", "the pass line and the OIT floor",
                                                         "Ministry of Make-believe, circular 7/2593")
    assert why.rating_provenance.source == "Fictional Gazette, vol. 7 (2593)"
    assert why.rules_from == "plugin fictional_year" and "itakit" not in why.rules_from
    assert [(w.code, w.weight, w.provenance.source) for w in why.weights] == [
        ("IIT", Fraction(100, 3), "Fictional Gazette, vol. 7 (2593)"),
        *((code, Fraction(50, 3), "Fictional Gazette, vol. 7 (2593)") for code in ("EIT", "OIT", "CIT", "SIT"))]
    assert why.better[0].provenance.describe("th") == ("ยืนยันโดยแหล่งข้อมูลสาธารณะ; ที่มา: Ministry of Make-believe, "
                                                       "circular 7/2593; the pass line and the OIT floor")
    assert [b.code for b in why.better] == ["ผ่าน", "ดี", "ดีมาก", "เลิศ"]
    assert [(c.subject, str(c.needed), c.met) for c in why.better[2].conditions] == [
        ("total", "90.00", False), ("IIT", "85.00", True), ("OIT", "60.00", False), ("CIT", "80.00", True),
        ("SIT", "70.00", True)]
    f = explain_rating(RULES, score(F), REGISTRY)
    assert (f.grade.code, f.margin, f.held_back_by[0].subject) == ("ผ่าน", D("0.00"), "total")


def test_the_text_result_names_the_floor(capsys, table):
    code, out, _ = run(capsys, "score", table, "--rules", FILE)
    assert code == 0
    first = out.split("\n\n\n")[0] if "\n\n\n" in out else out
    assert "คะแนนเฉลี่ย" in first and "83.42  ระดับ ไม่ผ่าน  ไม่ผ่านเกณฑ์" in out
    assert "OIT อีก 5.00 คะแนน ถึงระดับ ผ่าน (OIT 5.00 points to grade ผ่าน)" in out
    assert "CIT อีก 0.01 คะแนน ถึงระดับ ดีมาก" in out
    assert "rules not verified: tool weights IIT 33.3333, EIT 16.6667, OIT 16.6667, CIT 16.6667, SIT 16.6667" in out


def test_summary_counts_passing_by_the_levels(capsys, table):
    code, out, _ = run(capsys, "summary", table, "--rules", FILE, "--by", "province")
    assert code == 0
    assert "ระดับ เลิศ 1 · ดีมาก 0 · ดี 1 · ผ่าน 1 · ไม่ผ่าน 2" in out
    assert "ผ่านเกณฑ์ (passing: ระดับ เลิศ · ดีมาก · ดี · ผ่าน) 3 หน่วยงาน = ร้อยละ 60.00" in out
    assert "คะแนนรวม 72.50 ขึ้นไป 4 หน่วยงาน (เงื่อนไขหนึ่งของการผ่านเกณฑ์" in out
    code, out, _ = run(capsys, "summary", table, "--rules", FILE, "--by", "province", "--format", "json")
    data = json.loads(out)
    assert (data["overall"]["passing"], data["overall"]["total_at_pass_line"], data["overall"]["share_passing"]) == (
        3, 4, 60.0)
    assert [(g["name"], g["passing"], g["total_at_pass_line"]) for g in data["groups"]] == [
        ("ระนอง", 1, 2), ("ชุมพร", 2, 2)]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_read_back_with_the_same_figures(capsys, table, tmp_path, fmt):
    out_file = tmp_path / f"export.{fmt}"
    assert run(capsys, "score", table, "--rules", FILE, "-o", out_file, *(["--format", fmt] if fmt != "xlsx" else []))[0] == 0
    a = run(capsys, "score", table, "--rules", FILE, "--format", "json")[1]
    b = run(capsys, "score", out_file, "--rules", FILE, "--format", "json")[1]
    strip = [{k: v for k, v in r.items() if k != "indicators"} for r in json.loads(a)]
    assert [{k: v for k, v in r.items() if k != "indicators"} for r in json.loads(b)] == strip
    if fmt == "csv":
        header = out_file.read_text(encoding="utf-8").splitlines()[0]
        assert header == ("agency,1,2,3,4,5,6,7,8,9,10,11,12,IIT,EIT,OIT,CIT,SIT,total,grade,passed,agency_rank,"
                          "rules_verified,province")
    code, out, err = run(capsys, "summary", out_file, "--rules", FILE, "--by", "province", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["overall"]["passing"] == 3


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=agency_data(RULES, "indicators"))
def test_any_result_reads_back_exactly_with_weights_in_thirds(data):
    import tempfile
    from pathlib import Path

    from itakit.outputs.render import to_csv

    result = itakit.score(RULES, itakit.AgencyData(agency="X", indicator_scores=data.indicator_scores), registry=REGISTRY)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_text(to_csv([result], RULES), encoding="utf-8")
        back = itakit.score_many(RULES, itakit.read_input(path, RULES).agencies, registry=REGISTRY)[0]
    assert (back.display_total, [t.display_score for t in back.tools], back.grade) == (
        result.display_total, [t.display_score for t in result.tools], result.grade)


def test_every_route_reaches_its_rating():
    # A (83.42, ไม่ผ่าน for OIT) cannot be exactly ผ่าน: with OIT at 60 its total and SIT already make it ดี
    expected = {"A": ["ดี", "ดีมาก", "เลิศ"], "B": ["ดีมาก", "เลิศ"], "D": [], "E": ["ผ่าน", "ดี", "ดีมาก", "เลิศ"],
                "F": ["ดี", "ดีมาก", "เลิศ"]}
    for name, _, scores in AGENCIES:
        data = itakit.AgencyData(indicator_scores=scores)
        result = score(scores)
        found = routes(RULES, result, REGISTRY, lambda d: itakit.score(RULES, d, registry=REGISTRY))
        assert [r.grade for r in found] == expected[name]
        for route in found:
            after = itakit.score(RULES, apply_route(RULES, data, route), registry=REGISTRY)
            assert (after.grade.code, after.display_total) == (route.grade, route.total)


def test_grade_command_and_messages(capsys, tmp_path):
    code, out, _ = run(capsys, "grade", "83.42", "--rules", FILE, "--tool", "IIT=86", "--tool", "EIT=90", "--tool",
                       "OIT=55", "--tool", "CIT=91", "--tool", "SIT=92.50")
    assert code == 0 and out.startswith("83.42  ไม่ผ่าน  ไม่ผ่านเกณฑ์ (not passed)  · to ผ่าน, OIT +5.00  (2593)")
    path = tmp_path / "items.csv"
    path.write_text("question,score\ns1,maybe\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path, "--rules", FILE)
    assert code == 1 and "'maybe' is not a result of SIT item s1 (expected 100 or 0" in err and "OIT" not in err
    path.write_text("agency,1,s1\nA,90,100\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path, "--rules", FILE)
    assert code == 1 and "'s1' is the code of SIT item s1; a many-agency table takes indicator numbers" in err
    path.write_text("question,score\nx9,1\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path, "--rules", FILE)
    assert code == 1 and "is not a question or checklist item code of 2593 (expected SIT s1-s3)" in err
    path.write_text("agency,IIT,EIT,OIT,CIT,SIT/20\nA,90,90,90,90,15\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path, "--rules", FILE)
    assert code == 1 and "names SIT points out of 20, but SIT weighs 50/3 in 2593; write 'SIT points'" in err
    path.write_text("agency,IIT,EIT,OIT,CIT,SIT points,grade\nA,86,90,55,91,15.42,ดี\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path, "--rules", FILE)
    assert code == 1 and "states the rating 'ดี', but the rules of 2593 give 'ไม่ผ่าน'" in err
    assert "ดี needs OIT at least 60.00 (it is 55.00)" in err


def test_compare_with_2565_pairs_indicators_by_name_and_says_the_frameworks_differ(capsys, table):
    rules_old = itakit_rules_2565.rule_set()
    from itakit.scoring.batch import compare

    old_results = [itakit.score(rules_old, itakit.AgencyData(agency="A", indicator_scores=dict.fromkeys(range(1, 11), 90)))]
    c = compare(old_results, [score(A, "A")], old_rules=rules_old, new_rules=RULES)
    assert c.frameworks_differ
    assert c.differences[0] == "tools: old IIT, EIT, OIT; new IIT, EIT, OIT, CIT, SIT"
    assert {(p.old, p.new) for p in c.pairs} >= {(1, 1), (5, 4), (6, 5), (9, 7), (10, 8), (4, None), (8, None),
                                                  (None, 9), (None, 12)}
    assert (c.newly_failed, c.agencies[0].old_grade, c.agencies[0].new_grade) == (1, "A", "ไม่ผ่าน")


class TestFictionalYearContract(RuleSetContract):
    """The contract suite passes the fictional year (declared rating, no hook)."""

    rule_set = RULES
    registry = REGISTRY
    max_examples = 10


def test_the_report_names_the_floor_on_the_passing_level_and_quotes_the_plugins_provenance():
    from itakit.outputs.report import build_report, render_markdown

    draft = render_markdown(build_report(RULES, score(A, "A"), agency="หน่วยงาน A", digits="arabic",
                                         date_line="ตุลาคม 2593"))
    assert ("หน่วยงาน Aได้คะแนน 83.42 คะแนน จากคะแนนเต็ม 100 คะแนน อยู่ในระดับ “ไม่ผ่าน” และยังไม่ผ่านเกณฑ์การประเมิน "
            "แม้คะแนนรวมจะถึงเกณฑ์ของระดับ “ผ่าน” แต่คะแนน OIT (55.00 คะแนน) ต่ำกว่าเกณฑ์ขั้นต่ำรายเครื่องมือ 60.00 คะแนน "
            "ที่กำหนดไว้สำหรับระดับ “ผ่าน” จึงได้ระดับ “ไม่ผ่าน”") in draft
    assert "(คะแนนรวม 72.50 คะแนนขึ้นไป)" not in draft  # the total alone does not decide passing in this year
    assert "สูงกว่าคะแนนขั้นต่ำ" not in draft  # no margin above a failing level
    assert "Fictional Gazette, vol. 7 (2593)" in draft and "อนุมาน" not in draft  # the plugin's own words, not ours
    final = render_markdown(build_report(RULES, score(A, "A"), agency="หน่วยงาน A", final=True))
    assert "Fictional Gazette" not in final and "หมายเหตุสำหรับผู้จัดทำ" not in final
