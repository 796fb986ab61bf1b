"""Why a result has its rating, as data (issue 22, items 1-3): conditions, what held it back, margin, provenance."""

from __future__ import annotations

from decimal import Decimal

import attrs

import itakit
import itakit_rules_2565
import itakit_rules_2568
from itakit.outputs.render import held_back_reasons
from itakit.rules.plugins import get_registry
from itakit.scoring.explain import Condition, explain_rating
from itakit.scoring.standing import standing_margin
from rating_plugins import CAPPING, band_only_rules, registry_with

SHIPPED = itakit.Registry(autoload=False, plugins=[itakit_rules_2565, itakit_rules_2568])
R2568 = itakit_rules_2568.rule_set()
R2565 = itakit_rules_2565.rule_set()
D = Decimal


def agency(iit, eit, oit):
    return itakit.AgencyData(indicator_scores={**dict.fromkeys(range(1, 6), iit), **dict.fromkeys(range(6, 9), eit),
                                               9: oit, 10: oit})


def test_a_tool_below_a_floor_is_what_held_a_2568_rating_back():
    result = itakit.score(R2568, agency(98, 84, "99.5"), registry=SHIPPED)
    why = explain_rating(R2568, result, get_registry())
    assert (why.grade.code, why.passed, why.decided_by, why.determined) == ("ผ่าน", True, "rating", True)
    assert [c.subject for c in why.level.conditions] == ["total"] and why.level.met
    assert [b.code for b in why.better] == ["ผ่านดี", "ผ่านดีเยี่ยม"] and why.next.code == "ผ่านดี"
    assert why.held_back_by == (Condition("EIT", D("85.00"), D("84.00"), why.better[0].provenance),)
    assert why.held_back_by[0].short == D("1.00")
    assert why.margin == D("9.40") and why.ceiling == "ผ่านดี" and why.total_at_pass_line
    # the provenance is the rule set's own words, never itakit's
    assert why.level.provenance.status == "V" and "Nation Thailand" in why.level.provenance.source
    assert why.better[0].provenance.status == "U" and "university" in why.better[0].provenance.source
    assert why.rating_provenance.note.startswith("inferred") and why.rules_from == "itakit (plugin ita2568)"
    assert held_back_reasons(R2568, result, digits="arabic") == ("EIT 84.00 ต่ำกว่า 85.00 ที่ระดับผ่านดีต้องการ",)


def _floor_rules():
    """The lowest passing level needs OIT at 60 as well as a total of 72.50."""
    rating = itakit.Rating([
        itakit.RatingLevel("ดี", "ดี", "good", True, "85.00", "85.00"),
        itakit.RatingLevel("ผ่าน", "ผ่าน", "pass", True, "72.50", None, {"OIT": "60.00"},
                           provenance=itakit.Provenance("U", "our guess", "Plugin Press, 2599")),
        itakit.RatingLevel("ไม่ผ่าน", "ไม่ผ่าน", "not passed", False),
    ])
    return attrs.evolve(R2568, year=2595, rating=rating, bands=(), pass_line="72.50")


def test_a_floor_on_the_passing_level_is_named_and_no_margin_is_given_above_a_failing_level():
    rules = _floor_rules()
    result = itakit.score(rules, agency(100, 100, 55), registry=itakit.Registry(autoload=False, plugins=[]))
    assert (str(result.display_total), result.grade.code, result.passed) == ("82.00", "ไม่ผ่าน", False)
    why = explain_rating(rules, result)
    assert why.passed is False and why.total_at_pass_line  # the total is past the pass line, yet it fails
    assert why.held_back_by == (Condition("OIT", D("60.00"), D("55.00"), why.better[0].provenance),)
    assert why.better[0].provenance == itakit.Provenance("U", "our guess", "Plugin Press, 2599")
    assert why.margin is None and standing_margin(rules, result) is None
    assert why.ceiling == "ผ่าน" and why.level.conditions == ()
    assert held_back_reasons(rules, result, digits="arabic") == ("OIT 55.00 ต่ำกว่า 60.00 ที่ระดับผ่านต้องการ",)
    assert held_back_reasons(rules, result, language="en") == ("OIT 55.00 is below the 60.00 that pass needs",)


def test_a_2565_grade_is_held_back_by_the_total_and_a_failing_grade_has_no_margin():
    result = itakit.score(R2565, itakit.AgencyData(indicator_scores=dict.fromkeys(range(1, 11), "94.99")))
    why = explain_rating(R2565, result, SHIPPED)
    assert (why.grade.code, why.decided_by, why.margin) == ("A", "bands", D("9.99"))
    assert why.held_back_by == (Condition("total", D("95.00"), D("94.99"), why.better[0].provenance),)
    assert held_back_reasons(R2565, result) == ()  # the total decided: no tool to name
    low = itakit.score(R2565, itakit.AgencyData(indicator_scores=dict.fromkeys(range(1, 11), 80)))
    assert (low.grade.code, explain_rating(R2565, low).margin) == ("B", None)


def test_a_rating_a_hook_decided_is_explained_by_what_evaluating_the_hook_found():
    registry = registry_with(CAPPING)
    rules = band_only_rules()
    result = itakit.score(rules, agency(100, 80, 100), registry=registry)  # 94.00: band ผ่านดี, held at ผ่าน
    why = explain_rating(rules, result, registry)
    assert (why.grade.code, why.decided_by, why.margin) == ("ผ่าน", "hook", None)
    assert why.hook == "test-rating (plugin rating-0)" and why.rules_from == "test-2597 (plugin rules-2597)"
    assert why.held_back_by == (Condition("EIT", D("85.00"), D("80.00"), found_by_hook=True),)
    assert held_back_reasons(rules, result, digits="arabic") == ("EIT 80.00 ต่ำกว่า 85.00 ที่ระดับผ่านดีต้องการ",)
