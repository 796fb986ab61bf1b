"""The published rating cases of 2566-2568 (../shared/ITA.md, "Published rating cases") as golden tests (issue 22, item 10).

Each case is the agency's (or NACC's) own statement of a total and a rating; where it says why
(a tool below 85; the Office of the Auditor General's system-improvement indicator 81.78 in
2568) the tool or indicator scores follow it, the rest are invented to make the stated total.
The property behind the guards: with weights 30/30/40 a tool shown below 85.00 is below 84.995,
so a total shown at 95.51 or more is never ผ่าน, and a stated "95.60 ผ่าน" cannot be right.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itakit
import itakit_rules_2566
import itakit_rules_2567
import itakit_rules_2568
from itakit.scoring.standing import grade_options

RULES = {2566: itakit_rules_2566.rule_set(), 2567: itakit_rules_2567.rule_set(), 2568: itakit_rules_2568.rule_set()}
REGISTRY = itakit.Registry(autoload=False, plugins=[itakit_rules_2566, itakit_rules_2567, itakit_rules_2568])


def _scores(iit, eit, oit):
    """Indicator scores: IIT's five and OIT's two alike; EIT's three alike, or as given (a tuple of three)."""
    eits = eit if isinstance(eit, tuple) else (eit,) * 3
    return {**dict.fromkeys(range(1, 6), iit), 6: eits[0], 7: eits[1], 8: eits[2], 9: oit, 10: oit}


CASES = [  # agency, year, total, rating, (IIT, EIT, OIT) making it, what the case tells
    ("Thai PBS", 2566, "95.81", "ผ่านดี", ("100", "90", "97.025"), "95 or more alone is not ผ่านดีเยี่ยม"),
    ("National Science Museum", 2566, "97.29", "ผ่านดี", ("100", "94.30", "97.50"), "the same"),
    ("IPST (สสวท.)", 2566, "86.78", "ผ่าน", ("90", "80", "89.45"), "a tool below 85"),
    ("IPST (สสวท.)", 2567, "91.15", "ผ่าน", ("95", "84", "93.625"), "a tool below 85"),
    ("Office of the Auditor General", 2567, "92.43", "ผ่านดี", ("90", "90", "96.075"), "every tool at 85 or more"),
    ("Office of the Auditor General", 2568, "94.64", "ผ่าน", ("100", ("85", "85", "81.78"), "98.655"),
     "EIT below 85 (stated), its system-improvement indicator 81.78"),
    ("Uttaradit Province", 2567, "98.82", "ผ่านดีเยี่ยม", ("99", "98", "99.30"), "every tool at 95 or more"),
]


@pytest.mark.parametrize(("agency", "year", "total", "rating", "tools", "why"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_each_published_case_is_rated_as_published(agency, year, total, rating, tools, why):
    rules = RULES[year]
    result = itakit.score(rules, itakit.AgencyData(agency=agency, indicator_scores=_scores(*tools)), registry=REGISTRY)
    assert (str(result.display_total), result.grade.code, result.passed) == (total, rating, True)
    assert rating in [level.code for level, _ in grade_options(rules, Decimal(total), {})]  # the pair is possible
    if year == 2568:
        assert result.tool("EIT").display_score < 85 and result.indicator(8).display_score == Decimal("81.78")


@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_impossible_published_pairs_are_never_allowed(year):
    rules = RULES[year]

    def allowed(total):
        return [level.code for level, _ in grade_options(rules, Decimal(total), {})]

    assert "ผ่าน" not in allowed("95.60") and "ผ่านดีเยี่ยม" not in allowed("89.43")
    assert "ผ่าน" in allowed("95.50") and "ผ่าน" not in allowed("95.51")  # 0.3 × 84.995 + 70 = 95.4985 shows 95.50


@settings(max_examples=300, deadline=None)
@given(year=st.sampled_from([2566, 2567, 2568]),
       cents=st.lists(st.integers(7_500, 10_000), min_size=10, max_size=10),
       extra=st.lists(st.integers(0, 99), min_size=10, max_size=10))
def test_a_displayed_total_of_95_51_or_more_is_never_pass(year, cents, extra):
    scores = {n: Fraction(c, 100) + Fraction(min(e, 0 if c == 10_000 else 99), 10_000)
              for n, (c, e) in enumerate(zip(cents, extra, strict=True), start=1)}
    result = itakit.score(RULES[year], itakit.AgencyData(indicator_scores=scores), registry=REGISTRY)
    if result.display_total >= Decimal("95.51"):
        assert result.grade.code != "ผ่าน"


@settings(max_examples=100, deadline=None)
@given(year=st.sampled_from([2566, 2567, 2568]), low=st.integers(0, 8_499), rest=st.integers(8_500, 10_000))
def test_the_highest_total_with_a_tool_below_85_shows_95_50_at_most(year, low, rest):
    """The edge of the property: one tool (the lightest, IIT or EIT) as high as it can be below 84.995."""
    exact_low = Fraction(low, 100) + Fraction(4999, 1_000_000)
    result = itakit.score(RULES[year], itakit.AgencyData(indicator_scores=_scores(exact_low, Fraction(rest, 100), 100)),
                          registry=REGISTRY)
    assert result.grade.code in ("ผ่าน", "ไม่ผ่าน") and result.display_total <= Decimal("95.50")
