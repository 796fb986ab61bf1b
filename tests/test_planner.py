"""The improvement planner: gains per point, failed OIT items re-scored, and the smallest way to the next grade."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itakit
from conftest import EXAMPLES, SEED_SCORES
from itakit.cli import main
from itakit.exact import round_half_up
from itakit.scoring.planner import ceil_cents, plan_improvements


def _read(rules, name):
    return itakit.read_input(EXAMPLES / name, rules).agencies[0]


def test_passing_o29_brings_the_seed_total_to_98(rules, registry):
    result = itakit.score(rules, _read(rules, "lamliang-2565-questions.csv"), registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    assert [g.code for g in plan.failed_items] == ["o29"]
    o29 = plan.item("o29")
    assert (o29.indicator, o29.sub_indicator) == (9, "9.5")
    assert (o29.indicator_before, o29.indicator_after) == (96, 100)
    assert o29.total_after == o29.total_before + Fraction(4, 5)  # exact: 97.1956 -> 97.9956
    assert round_half_up(o29.total_after) == Decimal("98.00")
    assert o29.gain == Fraction(4, 5) and o29.display_gain == Decimal("0.80")
    assert o29.grade_after == "AA"


def test_gain_per_point_is_the_indicator_share_of_the_total(rules, registry):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=SEED_SCORES), registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    assert {g.number: g.gain_per_point for g in plan.gains} == {
        1: Fraction(3, 50), 2: Fraction(3, 50), 3: Fraction(3, 50), 4: Fraction(3, 50), 5: Fraction(3, 50),
        6: Fraction(1, 10), 7: Fraction(1, 10), 8: Fraction(1, 10), 9: Fraction(1, 5), 10: Fraction(1, 5),
    }
    # indicator 7 (92.99) is worth 0.701 to the total at full marks, indicator 9 (96.00) 0.80
    assert plan.gain(7).gain_if_full == Fraction(701, 1000)
    assert plan.gain(9).gain_if_full == Fraction(4, 5)
    # top grade: no route, and the total stands 2.20 above the AA line
    assert plan.route is None and plan.margin == Decimal("2.20")
    assert plan.failed_items == () and plan.questions == ()


def test_weakest_questions_come_lowest_first_with_their_gain(rules, registry):
    result = itakit.score(rules, _read(rules, "lamliang-2565-questions.csv"), registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    assert len(plan.questions) == 45  # every survey question of the example is below 100
    assert [q.code for q in plan.questions[:6]] == ["e6", "e7", "e8", "e9", "e10", "e11"]
    e6 = plan.questions[0]
    assert e6.score == Fraction("92.99") and e6.tool == "EIT"
    # one question of five in indicator 7 (10 % of the total): 7.01 / 5 * 0.10
    assert e6.gain_if_full == Fraction("7.01") / 5 / 10
    assert e6.text_th.startswith("การเผยแพร่ข้อมูลของหน่วยงาน")
    reverse = {q.code: q.reverse for q in plan.questions}
    assert reverse["i9"] is True and reverse["i7"] is False and reverse["i11"] is None


def _below_aa(rules, registry, failing=("o29", "o30", "o1", "o40")):
    items = {code: code not in failing for code in rules.item_codes}
    data = itakit.AgencyData(indicator_scores={n: 90 for n in range(1, 9)}, item_results=items)
    return itakit.score(rules, data, registry=registry)


def test_fewest_items_to_next_grade(rules, registry):
    scores = {1: 95, 2: 95, 3: 95, 4: 95, 5: 95, 6: 93, 7: 93, 8: 93}
    items = {code: code not in ("o1", "o29", "o30", "o42") for code in rules.item_codes}
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=scores, item_results=items), registry=registry)
    # OIT: 9 = (800/9 + 100 + 100 + 100 + 60) / 5, 10 = (100 + 50) / 2 -> total 89.36, grade A
    assert (result.display_total, result.grade.code, result.next_grade) == (Decimal("89.36"), "A", "AA")
    plan = plan_improvements(rules, result, registry=registry)
    # o42 (1 of 2 items of 10.2: +25 on indicator 10) adds 5.00; o29 and o30 0.80 each; o1 (1 of 9) 0.44
    assert [g.code for g in plan.failed_items] == ["o42", "o29", "o30", "o1"]
    assert [g.gain for g in plan.failed_items] == [5, Fraction(4, 5), Fraction(4, 5), Fraction(4, 9)]
    route = plan.route
    assert route.target == "AA" and route.points_needed == Decimal("5.64")
    assert route.items == ("o42", "o29") and round_half_up(route.items_total_after) == Decimal("95.16")
    # no single indicator has room enough for 5.64 points of total, and two items do it: no combination
    assert route.indicator is None and route.combination == () and route.single_change_suffices


def test_cheapest_single_indicator(rules, registry):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores={n: 94 for n in range(1, 11)}), registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    route = plan.route
    # 94.00 needs 94.995 - 94 = 0.995 of total: 4.975 points on an OIT indicator (20 %), the least of any
    assert route.items is None and route.indicator == 9
    assert route.indicator_points == Fraction("4.975") and route.indicator_target == Decimal("98.98")
    assert plan.gain(10).needed_for_next_grade == Fraction("4.975")
    assert plan.gain(6).needed_for_next_grade is None  # 9.95 points, but only 6 to full marks
    raised = itakit.AgencyData(indicator_scores={**{n: 94 for n in range(1, 11)}, 9: Decimal("98.98")})
    assert itakit.score(rules, raised, registry=registry).grade.code == "AA"
    lower = itakit.AgencyData(indicator_scores={**{n: 94 for n in range(1, 11)}, 9: Decimal("98.97")})
    assert itakit.score(rules, lower, registry=registry).grade.code == "A"


def test_combination_when_no_single_change_is_enough(rules, registry):
    result = _below_aa(rules, registry)
    plan = plan_improvements(rules, result, registry=registry)
    route = plan.route
    assert (result.display_total, route.target) == (Decimal("90.71"), "AA")
    assert route.items is None and route.indicator is None and not route.single_change_suffices
    # after passing all four items the total is 94.00; indicator 6 must add 0.995 -> 99.95
    assert route.combination == ((6, Decimal("99.95")),)
    data = itakit.AgencyData(indicator_scores={**{n: 90 for n in range(1, 9)}, 6: Decimal("99.95")},
                             item_results={code: True for code in rules.item_codes})
    assert itakit.score(rules, data, registry=registry).grade.code == "AA"


def test_an_incomplete_result_has_gains_but_no_route(rules, registry):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores={1: 90, 2: 90, 3: 90, 4: 90, 5: 90}),
                          registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    assert plan.total is None and plan.route is None and plan.margin is None
    assert [g.number for g in plan.gains] == [1, 2, 3, 4, 5] and plan.gain(1).gain_per_point == Fraction(3, 50)


def test_ceil_cents():
    assert ceil_cents(Fraction("97.001")) == Decimal("97.01")
    assert ceil_cents(Fraction("97.00")) == Decimal("97.00")
    assert ceil_cents(Fraction(1, 3)) == Decimal("0.34")


# -- properties ----------------------------------------------------------------------

scores = st.fractions(min_value=50, max_value=100, max_denominator=100)
few_items = st.sets(st.sampled_from([f"o{n}" for n in range(1, 44)]), max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({n: scores for n in range(1, 9)}), few_items)
def test_route_is_right_and_minimal(rules, registry, values, failing):
    items = {code: code not in failing for code in rules.item_codes}
    data = itakit.AgencyData(indicator_scores=values, item_results=items)
    result = itakit.score(rules, data, registry=registry)
    plan = plan_improvements(rules, result, registry=registry)
    if result.next_grade is None:
        assert plan.route is None
        return
    route = plan.route
    lower = route.target_lower

    def reaches(passed=(), raised=None):
        scores = dict(values)
        scores.update(raised or {})
        fixed = {**items, **{code: True for code in passed}}
        total = itakit.score(rules, itakit.AgencyData(indicator_scores=scores, item_results=fixed),
                             registry=registry).total
        return round_half_up(total) >= lower

    if route.items is not None:
        assert reaches(route.items)
        # no smaller set of failed items is enough
        for smaller in itertools.combinations(sorted(failing), len(route.items) - 1):
            assert not reaches(smaller)
    else:
        assert not reaches(sorted(failing))
    if route.indicator is not None:
        n, target = route.indicator, route.indicator_target
        if n <= 8:  # survey indicators move freely; the OIT ones are given by items here
            assert reaches(raised={n: target})
            if target - Decimal("0.01") >= values[n]:
                assert not reaches(raised={n: target - Decimal("0.01")})


def test_cli_plan_prints_the_o29_line(capsys):
    code = main(["plan", str(EXAMPLES / "lamliang-2565-questions.csv")])
    out = capsys.readouterr().out
    assert code == 0
    (line,) = [line for line in out.splitlines() if "o29" in line]
    assert "คะแนนรวมจะเพิ่มขึ้นเป็น 98.00 คะแนน" in line
    assert "ตัวชี้วัดที่ 9 จะได้ 100.00 คะแนน" in line
    assert "ซึ่งเป็นระดับสูงสุด และสูงกว่าคะแนนขั้นต่ำของระดับ AA (95.00 คะแนน) อยู่ 2.20 คะแนน" in out


def test_cli_plan_in_thai_digits_and_route(tmp_path, capsys):
    code = main(["plan", str(EXAMPLES / "lamliang-2565-questions.csv"), "--digits", "thai"])
    out = capsys.readouterr().out
    assert code == 0 and "คะแนนรวมจะเพิ่มขึ้นเป็น ๙๘.๐๐ คะแนน" in out and "98.00" not in out
    path = tmp_path / "a.csv"
    path.write_text("indicator,score\n" + "".join(f"{n},94\n" for n in range(1, 11)), encoding="utf-8")
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert ("คะแนนรวม 94.00 คะแนน อยู่ในระดับ A หากต้องการยกระดับเป็น AA (95.00 คะแนนขึ้นไป) "
            "ต้องเพิ่มคะแนนรวมอีกอย่างน้อย 1.00 คะแนน") in out
    assert "เพิ่มคะแนนตัวชี้วัดที่ 9 การเปิดเผยข้อมูล จาก 94.00 คะแนน ให้ได้อย่างน้อย 98.98 คะแนน" in out


@pytest.mark.parametrize("body", ["indicator,score\n1,x\n"])
def test_cli_plan_bad_input_exits_1(tmp_path, capsys, body):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    assert main(["plan", str(path)]) == 1
    assert "'x'" in capsys.readouterr().err
