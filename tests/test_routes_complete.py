"""The planner finds a route to every better rating that raising indicators can reach (issue 23, item 4).

The regression: a level that needs two tools raised while the third is left below the floor
the level above sets it.  The property: on random declared ratings (floors naming random
tools), every rating an independent search reaches by raising indicators — every subset of
the tools at full marks, each tool held just under each floor of the data, random raises —
is among the planner's routes, and every route gives its rating when scored again.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
import itakit_rules_2568
from itakit.exact import HUNDRED
from itakit.scoring.standing import apply_route, routes
from itakit.testing.strategies import agency_data, rule_sets

REGISTRY = itakit.Registry(autoload=False, plugins=[])


def _rate(rules, data):
    return itakit.score(rules, data, registry=REGISTRY)


def _two_tools_rules():
    base = itakit_rules_2568.rule_set()
    rating = itakit.Rating([
        itakit.RatingLevel("TOP", "บน", "top", True, "85.00", None, {"IIT": "80.00", "EIT": "80.00", "OIT": "90.00"}),
        itakit.RatingLevel("MID", "กลาง", "middle", True, "85.00", None, {"IIT": "80.00", "EIT": "80.00"}),
        itakit.RatingLevel("LOW", "ล่าง", "low", False),
    ])
    return attrs.evolve(base, year=2596, rating=rating, bands=())


def test_a_level_needing_two_tools_raised_and_the_third_left_alone_is_found():
    rules = _two_tools_rules()
    data = itakit.AgencyData(indicator_scores={**dict.fromkeys(range(1, 9), 60), 9: 70, 10: 70})
    result = _rate(rules, data)
    assert (str(result.display_total), result.grade.code) == ("64.00", "LOW")
    found = {r.grade: r for r in routes(rules, result, REGISTRY, lambda d: _rate(rules, d))}
    assert set(found) == {"MID", "TOP"}
    mid = _rate(rules, apply_route(rules, data, found["MID"]))
    assert (mid.grade.code, str(mid.display_total)) == ("MID", str(found["MID"].total))
    assert mid.tool("OIT").display_score < Decimal("90.00")  # OIT held under TOP's floor
    assert mid.tool("IIT").display_score >= 80 and mid.tool("EIT").display_score >= 80


def _reachable(rules, data, result, extra, assignments=()):
    """Ratings reached by raising indicators in ways the planner does not choose itself."""
    start = dict(data.indicator_scores)
    figures = {Fraction(0)}
    for level in rules.rating_levels:
        figures.update(Fraction(f) - Fraction(1, 100) for f in level.floors([t.code for t in rules.tools]).values())
        figures.update(Fraction(f) for f in level.floors([t.code for t in rules.tools]).values())
    trials = []
    codes = [t.code for t in rules.tools]
    for size in range(1, len(codes) + 1):
        for subset in itertools.combinations(codes, size):  # some tools at full marks, the rest left alone
            full = {i.number for code in subset for i in rules.tool(code).indicators}
            trials.append({n: HUNDRED if n in full else s for n, s in start.items()})
            for held in codes:  # … and one tool held at a figure of the data
                if held in subset:
                    continue
                for figure in figures:
                    mine = {i.number for i in rules.tool(held).indicators}
                    trials.append({n: HUNDRED if n in full else max(s, figure) if n in mine else s
                                   for n, s in start.items()})
    trials += [{n: max(s, Fraction(v, 100)) for (n, s), v in zip(start.items(), raise_to, strict=False)}
               for raise_to in extra]
    values = sorted(figures | {HUNDRED})
    for picks in assignments:  # each tool's indicators raised to a figure of the data (or full marks, or not at all)
        trials.append({i.number: max(start[i.number], values[pick % len(values)])
                       for tool, pick in zip(rules.tools, picks, strict=False) for i in tool.indicators})
    reached = set()
    for scores in trials:
        scores = {n: min(v, HUNDRED) for n, v in scores.items()}
        after = _rate(rules, itakit.AgencyData(indicator_scores=scores))
        reached.add(after.grade.code)
    order = [level.code for level in rules.rating_levels]
    return {code for code in reached if order.index(code) < order.index(result.grade.code)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_reachable_better_rating_has_a_route(data):
    rules = data.draw(rule_sets(rated=True, max_tools=4, max_indicators=2), label="rules")
    given_data = data.draw(agency_data(rules, "indicators"), label="input")
    extra = data.draw(st.lists(st.lists(st.integers(0, 10_000), min_size=len(rules.indicators),
                                        max_size=len(rules.indicators)), max_size=8), label="random raises")
    picks = data.draw(st.lists(st.lists(st.integers(0, 50), min_size=len(rules.tools), max_size=len(rules.tools)),
                               max_size=30), label="tools raised to figures")
    result = _rate(rules, given_data)
    found = routes(rules, result, REGISTRY, lambda d: _rate(rules, d))
    for route in found:
        after = _rate(rules, apply_route(rules, given_data, route))
        assert (after.grade.code, after.display_total) == (route.grade, route.total)
    missing = _reachable(rules, given_data, result, extra, picks) - {r.grade for r in found}
    assert not missing, f"reachable but no route: {missing} (from {result.grade.code}, total {result.display_total})"
