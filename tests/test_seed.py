"""The seed agency (อบต.ลำเลียง, FY 2565) must come out exactly as published."""

from __future__ import annotations

from decimal import Decimal

import itakit
from conftest import EXAMPLES, SEED_RANKS, SEED_SCORES


def _check_seed(result: itakit.Result) -> None:
    assert result.display_total == Decimal("97.20")
    assert result.grade is not None and result.grade.code == "AA"
    assert result.passed is True
    assert result.ranks == SEED_RANKS
    assert {t.code: t.display_score for t in result.tools} == {
        "IIT": Decimal("99.62"), "EIT": Decimal("93.70"), "OIT": Decimal("98.00"),
    }
    assert [str(i.display_score) for i in result.indicators] == list(SEED_SCORES.values())
    assert result.next_grade is None and result.points_to_next_grade is None


def test_seed_from_indicator_scores(rules, registry):
    _check_seed(itakit.score(rules, itakit.AgencyData(indicator_scores=SEED_SCORES), registry=registry))


def test_seed_example_files_give_the_published_result(rules, registry):
    for name in ("lamliang-2565-indicators.csv", "lamliang-2565-questions.csv"):
        data = itakit.read_input(EXAMPLES / name, rules)
        assert len(data.agencies) == 1
        _check_seed(itakit.score(rules, data.agencies[0], registry=registry))


def test_question_file_scores_oit_from_items(rules, registry):
    data = itakit.read_input(EXAMPLES / "lamliang-2565-questions.csv", rules)
    result = itakit.score(rules, data.agencies[0], registry=registry)
    assert result.indicator(9).source == "items"
    assert [i.code for i in result.items if not i.passed] == ["o29"]
    assert len(result.questions) == 45


def test_only_o29_failing_gives_96(rules, registry):
    items = {code: code != "o29" for code in rules.item_codes}
    result = itakit.score(rules, itakit.AgencyData(item_results=items), registry=registry)
    assert result.indicator(9).display_score == Decimal("96.00")
    assert result.indicator(10).display_score == Decimal("100.00")
    assert result.tool("OIT").display_score == Decimal("98.00")
    assert result.total is None and result.grade is None and result.missing_tools == ("IIT", "EIT")


def test_every_item_passing_gives_100(rules, registry):
    items = {code: True for code in rules.item_codes}
    result = itakit.score(rules, itakit.AgencyData(item_results=items), registry=registry)
    assert result.indicator(9).display_score == Decimal("100.00")
    assert result.tool("OIT").display_score == Decimal("100.00")


def test_sub_indicator_mean_not_item_mean(rules, registry):
    # Failing one of 9.4's four items costs 25/5 = 5 points; one of 9.1's nine costs 100/9/5.
    items = {code: code != "o25" for code in rules.item_codes}
    result = itakit.score(rules, itakit.AgencyData(item_results=items), registry=registry)
    assert result.indicator(9).display_score == Decimal("95.00")
    items = {code: code != "o1" for code in rules.item_codes}
    result = itakit.score(rules, itakit.AgencyData(item_results=items), registry=registry)
    assert result.indicator(9).display_score == Decimal("97.78")


def test_total_is_computed_from_unrounded_indicators(rules, registry):
    # 0.3*mean(IIT)+... with an indicator of 100/3: the total must use the exact value.
    scores = {n: "100" for n in range(1, 11)}
    scores[1] = "100/3"
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=scores), registry=registry)
    # IIT = (100/3 + 400)/5 = 86.666…; total = 0.3*86.666… + 0.3*100 + 0.4*100 = 96.0
    assert result.total == 96
    assert result.indicator(1).display_score == Decimal("33.33")
