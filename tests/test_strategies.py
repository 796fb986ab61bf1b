"""The Hypothesis strategies of itakit.testing: valid, varied rule sets and complete inputs for them."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import itakit
from itakit.testing import check_rule_set, contract, rule_set_problems
from itakit.testing import strategies as its

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@given(its.rule_sets())
def test_rule_sets_are_sound_by_the_model_and_by_the_contract(rule_set):
    assert isinstance(rule_set, itakit.RuleSet)  # the model's own validation accepted it
    assert rule_set_problems(rule_set) == []
    assert sum(t.weight for t in rule_set.tools) == 100
    assert all(isinstance(t.weight, Fraction) for t in rule_set.tools)


@given(its.grade_bands())
def test_bands_partition_0_to_100_with_a_monotone_pass(drawn):
    bands, pass_line = drawn
    ordered = sorted(bands, key=lambda b: b.lower)
    assert ordered[0].lower == 0 and ordered[-1].upper == 100
    for low, high in zip(ordered, ordered[1:], strict=False):
        assert high.lower == low.upper + Decimal("0.01")
    assert [b.passed for b in ordered] == sorted(b.passed for b in ordered)
    assert pass_line == next(b.lower for b in ordered if b.passed)
    assert not ordered[0].passed and ordered[-1].passed


@given(st.integers(1, 6).flatmap(lambda n: st.tuples(st.just(n), its.tool_weights(n))))
def test_tool_weights_sum_to_exactly_100(drawn):
    n, weights = drawn
    assert len(weights) == n and sum(weights) == 100 and all(w > 0 for w in weights)


@given(its.answer_scales())
def test_scales_run_from_0_to_100(scale):
    points = [o.points for o in scale.options]
    assert min(points) == 0 and max(points) == 100
    assert its.effective_points(scale, its.best_key(scale, False), False) == 100
    assert its.effective_points(scale, its.best_key(scale, True), True) == 100
    assert its.effective_points(scale, its.worst_key(scale, True), True) == 0


def _find(predicate):
    return find(its.rule_sets(), predicate, settings=settings(max_examples=2000, database=None, phases=[Phase.generate]))


def test_rule_sets_are_varied():
    many_tools = _find(lambda r: len(r.tools) >= 3 and any(t.weight.denominator > 1 for t in r.tools))
    assert len(many_tools.tools) >= 3
    both = _find(lambda r: {i.kind for i in r.indicators} == {"survey", "checklist"})
    assert {i.kind for i in both.indicators} == {"survey", "checklist"}
    parts = _find(lambda r: any(len(q.sub_items) == 3 and any(s.reverse for s in q.sub_items)
                                for _, _, q in r.iter_questions()))
    assert any(len(q.sub_items) == 3 for _, _, q in parts.iter_questions())
    scales = _find(lambda r: len(r.scales) >= 2 and any(len(s.options) >= 4 for s in r.scales))
    assert len(scales.scales) >= 2
    bands = _find(lambda r: len(r.bands) >= 5)
    assert len(bands.bands) >= 5
    weighted = _find(lambda r: len({i.weight for i in r.indicators}) > 1)
    assert len({i.weight for i in weighted.indicators}) > 1


@given(st.data())
def test_inputs_cover_every_code_of_the_rule_set(data):
    rule_set = data.draw(its.rule_sets())
    assert set(data.draw(its.indicator_scores(rule_set))) == {i.number for i in rule_set.indicators}
    assert set(data.draw(its.question_scores(rule_set))) == set(rule_set.question_codes)
    assert set(data.draw(its.item_results(rule_set))) == set(rule_set.item_codes)
    tallies = data.draw(its.answer_tallies(rule_set))
    assert set(tallies) == set(rule_set.sub_item_codes)
    for code, tally in tallies.items():
        scale = rule_set.scale(rule_set.sub_item(code)[1].scale)
        assert tally.answered >= 1 and set(tally.counts) <= set(scale.keys)
    rows = data.draw(its.raw_answers(rule_set))
    assert rows and all(set(row) == set(rule_set.sub_item_codes) for row in rows)
    counted = its.tally_rows(rule_set, rows)
    assert all(t.answered >= 1 for t in counted.values())
    assert sum(t.answered + t.blank for t in counted.values()) == len(rows) * len(rule_set.sub_item_codes)


@SLOW
@given(st.data(), st.sampled_from(its.FORMS))
def test_agency_data_is_complete_in_every_form(registry, data, form):
    rule_set = data.draw(its.rule_sets())
    agency = data.draw(its.agency_data(rule_set, form))
    if form == "indicators":
        assert set(agency.indicator_scores) == {i.number for i in rule_set.indicators}
    if form == "answers":
        assert not agency.indicator_scores and not agency.question_scores
    result = itakit.score(rule_set, agency, registry=registry)
    assert result.is_complete and 0 <= result.total <= 100
    assert result.grade.code in {b.code for b in rule_set.bands}


@SLOW
@given(st.data())
def test_the_contract_holds_on_every_generated_rule_set(registry, data):
    """The contract's checks pass on any valid rule set: they demand nothing the model does not promise."""
    rule_set = data.draw(its.rule_sets(max_tools=3))
    check_rule_set(rule_set, registry)
    agency = data.draw(its.agency_data(rule_set))
    contract.check_total_in_range(rule_set, agency, registry)
    what, raised = data.draw(contract.raised_inputs(rule_set, agency))
    contract.check_raising(rule_set, agency, raised, what, registry)
    contract.check_extremes(rule_set, registry, best=True)
    contract.check_extremes(rule_set, registry, best=False)
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    contract.check_input_order(rule_set, agency, rnd, registry)
    contract.check_file_order(rule_set, agency, rnd, registry)


def test_the_testing_package_is_not_imported_by_the_core():
    import subprocess
    import sys

    code = "import sys, itakit, itakit.cli; print('itakit.testing' in sys.modules, 'hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
