"""Where a result stands (scoring/standing.py and the search it asks, scoring/search.py): its rating, the next
better level (never a skip), exactly what is short of it, and the routes there, each checked by scoring it again."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings

import itakit
import itakit_rules_2565
from itakit.scoring.standing import apply_route, grade_options, hook_rating, possible_level, routes, standing_margin
from itakit.testing.strategies import agency_data
from rating_plugins import CAPPING, R2568, SHIPPED, agency, band_only_rules, rate, registry_with

# -- the one place that decides -------------------------------------------------------------------


def test_next_grade_is_the_next_level_with_the_exact_shortfall():
    result = rate(R2568, agency(100, 60, 100))  # total 88.00, rated ผ่าน for EIT 60
    assert (str(result.display_total), result.grade.code) == ("88.00", "ผ่าน")
    assert result.next_grade == "ผ่านดี"  # not ผ่านดีเยี่ยม: never a skip
    assert result.points_to_next_grade == Decimal("0.00")
    assert result.tools_to_next_grade == {"EIT": Decimal("25.00")}
    top = rate(R2568, agency(90, 90, 90))
    assert (top.grade.code, top.next_grade, top.points_to_next_grade, top.tools_to_next_grade) == (
        "ผ่านดี", "ผ่านดีเยี่ยม", Decimal("5.00"), {"IIT": Decimal("5.00"), "EIT": Decimal("5.00"), "OIT": Decimal("5.00")})


def test_a_hook_only_rating_gets_its_next_level_by_evaluating_the_hook():
    registry = registry_with(CAPPING)
    result = rate(band_only_rules(), agency(100, 60, 100), registry)  # band ผ่าน (88.00), capped ผ่าน
    assert (result.grade.code, result.next_grade) == ("ผ่าน", "ผ่านดี")
    assert result.points_to_next_grade == Decimal("2.00")  # the band of ผ่านดี starts at 90.00
    assert result.tools_to_next_grade == {"EIT": Decimal("25.00")}  # found: EIT at 85 gives 95.50, held at ผ่านดี


def test_the_margin_is_above_the_own_level():
    result = rate(R2568, agency(100, 60, 100))
    plan = itakit.plan_improvements(R2568, result, registry=SHIPPED)
    assert plan.margin == Decimal("3.00")  # 88.00 - 85.00, what ผ่าน may lose


def test_the_margin_is_the_displayed_total_above_the_own_levels_least():
    assert standing_margin(R2568, rate(R2568, agency(100, 60, 100))) == Decimal("3.00")
    assert standing_margin(R2568, rate(R2568, agency(80, 80, 80))) is None  # a margin above ไม่ผ่าน means nothing


# -- what a bare total allows (itakit grade) --------------------------------------------------------


def _options(total, tools):
    return [(level.code, short.tools) for level, short in grade_options(R2568, Decimal(total), tools)]


def test_a_total_without_tools_lists_every_level_it_allows_with_its_floors():
    floors = lambda f: tuple((code, Decimal(f)) for code in ("IIT", "EIT", "OIT"))  # noqa: E731
    assert _options("96.00", {}) == [("ผ่านดีเยี่ยม", floors("95.00")), ("ผ่านดี", floors("85.00"))]
    assert _options("94.40", {"IIT": Decimal("98.00"), "EIT": Decimal("84.00"), "OIT": Decimal("99.50")}) == [
        ("ผ่าน", ())]  # every tool given: the first level is the rating


def test_a_level_no_tool_scores_could_give_with_the_total_is_left_out():
    levels = {level.code: level for level in R2568.rating_levels}
    # with weights 30/30/40 a tool shown below 85.00 keeps the total below 95.50: 95.51 is never ผ่าน
    assert not possible_level(R2568, levels["ผ่าน"], Decimal("95.51"), {})
    assert possible_level(R2568, levels["ผ่าน"], Decimal("95.49"), {})
    assert "ผ่าน" not in [code for code, _ in _options("95.51", {})]


def test_a_hook_rates_a_bare_total_only_when_every_tool_is_given():
    assert hook_rating(SHIPPED, R2568, Decimal(95), {}) is None  # no hook rates 2568: its data decides
    registry = registry_with(CAPPING)
    rules = band_only_rules()
    assert hook_rating(registry, rules, Decimal(95), {}) == ""  # tools not given: more is needed
    tools = {"IIT": Decimal("100.00"), "EIT": Decimal("85.00"), "OIT": Decimal("100.00")}
    assert hook_rating(registry, rules, Decimal("95.50"), tools) == "ผ่านดี"


# -- routes -----------------------------------------------------------------------------------------


def _check_routes(rules, registry, data):
    result = rate(rules, data, registry)
    found = routes(rules, result, registry, lambda d: rate(rules, d, registry))
    order = [level.code for level in rules.rating_levels]
    for route in found:
        assert order.index(route.grade) < order.index(result.grade.code)
        after = rate(rules, apply_route(rules, data, route), registry)
        assert (after.grade.code, after.display_total) == (route.grade, route.total)
    if result.next_grade is not None and result.next_grade not in {r.grade for r in found}:
        # the next level had no exact route: only when raising overshoots it (checked by its own rescoring)
        assert result.points_to_next_grade is None or found
    return found


ROUTE_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUTE_SETTINGS
@given(data=agency_data(itakit_rules_2565.rule_set(), "indicators"))
def test_every_route_reaches_its_rating_2565(data):
    _check_routes(itakit_rules_2565.rule_set(), SHIPPED, data)


@ROUTE_SETTINGS
@given(data=agency_data(R2568, "indicators"))
def test_every_route_reaches_its_rating_2568(data):
    _check_routes(R2568, SHIPPED, data)


@ROUTE_SETTINGS
@given(data=agency_data(band_only_rules(), "indicators"))
def test_every_route_reaches_its_rating_with_a_tool_dependent_hook(data):
    _check_routes(band_only_rules(), registry_with(CAPPING), data)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=agency_data(itakit_rules_2565.rule_set(), "mixed"))
def test_routes_apply_to_question_and_item_input_too(data):
    _check_routes(itakit_rules_2565.rule_set(), SHIPPED, data)
