"""A deliberately broken rule set (and a rating hook that cheats) fail the contract, with messages naming what is wrong."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import types

import attrs
import pytest

import itakit
import itakit_rules_2565
from broken_rules import BREAKAGES, LIFTING_RATING, everything_broken
from conftest import ROOT
from itakit.testing import check_rule_set, contract, rule_set_problems


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_each_breakage_is_named_exactly(rules, name):
    make, expected = BREAKAGES[name]
    broken = make(rules)
    assert rule_set_problems(broken) == expected
    with pytest.raises(AssertionError, match="breaks the itakit contract") as caught:
        check_rule_set(broken)
    for line in expected:
        assert f"\n  - {line}" in str(caught.value)


def test_every_problem_is_listed_at_once(rules):
    with pytest.raises(AssertionError, match=r"\(9 problem\(s\)\)") as caught:
        check_rule_set(everything_broken(rules))
    message = str(caught.value)
    assert message.startswith("rule set 2565 breaks the itakit contract (9 problem(s)):\n")
    expected = [line for _, lines in BREAKAGES.values() for line in lines]
    assert sorted(message.splitlines()[1:]) == sorted(f"  - {line}" for line in expected)


def test_the_sound_rules_have_no_problems(rules, registry):
    assert rule_set_problems(rules) == []
    check_rule_set(rules, registry)  # does not raise


def test_a_duck_typed_stand_in_is_judged_too():
    """A rule set from a future model, or any object with the same fields, is checked field by field."""
    ns = types.SimpleNamespace
    scale = ns(code="yn", options=[ns(key="yes", points=100), ns(key="no", points=0)])
    question = ns(code="q1", sub_items=[ns(code="q1", scale="yn", reverse=False)])
    tool = ns(code="ALL", weight=100, indicators=[ns(number=1, weight=1, questions=[question], sub_indicators=[])])
    bands = [ns(code="pass", lower="50.00", upper="100.00", passed=True),
             ns(code="fail", lower="0.00", upper="49.98", passed=False)]
    stand_in = ns(year=2600, tools=[tool], bands=bands, pass_line="50.00", scales=[scale])
    assert rule_set_problems(stand_in) == [
        "bands: nothing covers 49.99-49.99 (a gap between fail, ending at 49.98, and pass, starting at 50.00)"
    ]
    assert rule_set_problems(ns(year=2600, tools=[], bands=[], pass_line="85", scales=[])) == [
        "tools: there are none", "bands: there are none",
    ]


def test_a_common_era_year_and_upper_case_codes_are_named(rules):
    upper = attrs.evolve(rules.indicator(1).questions[1], code="I2",
                         sub_items=[attrs.evolve(rules.indicator(1).questions[1].sub_items[0], code="I2")])
    first = attrs.evolve(rules.tools[0], indicators=[
        attrs.evolve(rules.indicator(1), questions=[upper if q.code == "i2" else q for q in rules.indicator(1).questions]),
        *rules.tools[0].indicators[1:],
    ])
    odd = attrs.evolve(rules, year=2022, tools=[first, *rules.tools[1:]])  # the model itself accepts both
    assert rule_set_problems(odd) == [
        "year: 2022 looks like a Common-Era year; itakit years are Buddhist Era (2565 = 2022)",
        "question 'I2': the code 'I2' is not lower case without spaces or commas; input files name questions "
        "and items case-folded, so it could never be matched",
    ]


def _registry_with(plugin, name="cheat", distribution="bad-rating"):
    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    registry.register(plugin, name=name, distribution=distribution)
    return registry


def test_a_rating_hook_that_lifts_results_is_caught(rules):
    registry = _registry_with(LIFTING_RATING)
    with pytest.raises(AssertionError, match="rated 'AA' by bad-rating") as caught:
        check_rule_set(rules, registry)
    assert (
        "  - total 0.00 (tools IIT 0.00, EIT 0.00, OIT 0.00): rated 'AA' by bad-rating (plugin cheat), better than "
        "'F', the band of the total; a rating may hold a result below the band of its total (for its tool scores), "
        "never lift it above"
    ) in str(caught.value).splitlines()
    with pytest.raises(AssertionError, match=r"all-worst input \(indicators\) is rated 'AA', not 'F', the lowest band"):
        contract.check_extremes(rules, registry, best=False)


def test_a_rating_hook_that_invents_grades_or_passes_is_caught(rules):
    @itakit.hookimpl
    def itakit_grade(rule_set, result):
        shown = result.display_total
        if shown >= 85:
            return itakit.Grade("ผ่าน", True)  # not a band of 2565
        return itakit.Grade("F", True)  # F does not pass

    registry = _registry_with(types.SimpleNamespace(itakit_grade=itakit_grade))
    high = itakit.score(rules, itakit.AgencyData(indicator_scores=dict.fromkeys(range(1, 11), 90)), registry=registry)
    assert contract.rating_problems(rules, high, registry) == [
        "total 90.00 (tools IIT 90.00, EIT 90.00, OIT 90.00): rated 'ผ่าน' by bad-rating (plugin cheat), which is not "
        "one of the bands (AA, A, B, C, D, E, F); a rating hook must award one of the year's bands"
    ]
    low = itakit.score(rules, itakit.AgencyData(indicator_scores=dict.fromkeys(range(1, 11), 10)), registry=registry)
    assert contract.rating_problems(rules, low, registry) == [
        "total 10.00 (tools IIT 10.00, EIT 10.00, OIT 10.00): rated 'F' with passed=True by bad-rating (plugin cheat), "
        "but the band 'F' has passed=False"
    ]


def test_a_rating_that_drops_when_a_score_rises_is_caught(rules):
    @itakit.hookimpl
    def itakit_grade(rule_set, result):
        if result.tool("EIT").display_score >= 99:
            return rule_set.band_for(0).grade()  # "too good to be true": not monotone
        return None

    registry = _registry_with(types.SimpleNamespace(itakit_grade=itakit_grade))
    before = itakit.AgencyData(indicator_scores={**dict.fromkeys(range(1, 11), 98)})
    after = attrs.evolve(before, indicator_scores={**before.indicator_scores, 6: 100, 7: 100, 8: 100})
    with pytest.raises(AssertionError, match="lowered the rating from 'AA'") as caught:
        contract.check_raising(rules, before, after, "the EIT indicators from 98 to 100", registry)
    assert str(caught.value) == (
        "raising the EIT indicators from 98 to 100 lowered the rating from 'AA' (total 98.00, tools IIT 98.00, "
        "EIT 98.00, OIT 98.00) to 'F' (total 98.60, tools IIT 98.00, EIT 100.00, OIT 98.00)"
    )


def test_a_scorer_that_lowers_the_total_is_caught(rules, registry):
    """The raising check compares real scores: fed a 'raised' input that is in fact lower, it fails and says so."""
    before = itakit.AgencyData(indicator_scores=dict.fromkeys(range(1, 11), 90))
    lower = itakit.AgencyData(indicator_scores={**before.indicator_scores, 9: 80})
    with pytest.raises(AssertionError, match=r"^raising indicator 9 lowered the total from 90 \(90.00\) to 88 \(88.00\)$"):
        contract.check_raising(rules, before, lower, "indicator 9", registry)


CONTRACT_RUN = textwrap.dedent(
    """
    import itakit, itakit_rules_2565
    from itakit.testing import RuleSetContract
    from broken_rules import LIFTING_RATING, everything_broken

    class TestBrokenRules(RuleSetContract):
        rule_set = everything_broken()
        registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
        max_examples = 20

    class TestLiftingRating(RuleSetContract):
        rule_set = itakit_rules_2565.rule_set()
        registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565, LIFTING_RATING])
        max_examples = 20

    class TestMissingRuleSet(RuleSetContract):
        pass
    """
)


def test_the_contract_class_fails_readably_under_pytest(tmp_path):
    (tmp_path / "test_my_rules.py").write_text(CONTRACT_RUN, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(  # failures are expected: no need to shrink them
        "from hypothesis import Phase, settings\n"
        "settings.register_profile('no-shrink', phases=[Phase.explicit, Phase.generate])\n"
        "settings.load_profile('no-shrink')\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs", "--tb=short", "test_my_rules.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "tests")},
    )
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    # the broken rules: the structure test fails naming every problem; scoring properties are skipped
    assert "FAILED test_my_rules.py::TestBrokenRules::test_structure" in out
    assert "rule set 2565 breaks the itakit contract (9 problem(s)):" in out
    assert "tool weights: IIT 30 + EIT 30 + OIT 30 = 90, expected 100" in out
    assert "the rule set's structure is broken (see test_structure): scoring is not checked" in out
    # the lifting rating: the rating checks fail, the rating-blind ones pass
    for name in ("test_structure", "test_rating_agrees_with_the_bands", "test_all_worst_input_gives_0_and_the_lowest_grade",
                 "test_total_is_within_0_and_100"):
        assert f"FAILED test_my_rules.py::TestLiftingRating::{name}" in out
    for name in ("test_all_best_input_gives_100_and_the_top_grade", "test_input_order_does_not_matter",
                 "test_file_row_order_does_not_matter"):
        assert f"TestLiftingRating::{name} " not in out.split("short test summary")[1]
    assert "never lift it above" in out
    # forgetting to set rule_set says what to do
    assert "TestMissingRuleSet: set `rule_set = ...` on the class, or override the contract_rule_set fixture" in out


DROPS_RUN = textwrap.dedent(
    """
    import itakit_rules_2568
    from itakit.testing import RuleSetContract
    from broken_rules import DROPS_AT_85
    from rating_plugins import CAPPING, band_only_rules, registry_with

    class TestDropsWithBands(RuleSetContract):
        rule_set = band_only_rules
        registry = registry_with(DROPS_AT_85)
        max_examples = 30

    class TestDropsWithDeclaredRating(RuleSetContract):
        rule_set = itakit_rules_2568.rule_set
        registry = registry_with(DROPS_AT_85)
        max_examples = 30

    class TestCapping(RuleSetContract):
        rule_set = band_only_rules
        registry = registry_with(CAPPING)
        max_examples = 10
    """
)


def test_the_contract_fails_the_hook_that_drops_at_85(tmp_path):
    """Issue 11: a hook dropping to ไม่ผ่าน whenever a tool shows 85.00-85.99 passed 8 of 8; now the edge probes fail it."""
    (tmp_path / "test_drops.py").write_text(DROPS_RUN, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        "from hypothesis import Phase, settings\n"
        "settings.register_profile('no-shrink', phases=[Phase.explicit, Phase.generate])\n"
        "settings.load_profile('no-shrink')\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs", "--tb=line", "test_drops.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "tests")},
    )
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    summary = out.split("short test summary")[1]
    for cls in ("TestDropsWithBands", "TestDropsWithDeclaredRating"):
        # the id alone, or followed by " - reason" where the terminal is wide enough (not the *_of_random_agencies test)
        assert re.search(rf"FAILED test_drops\.py::{cls}::test_rating_never_drops_at_the_edges( - |\n)", summary), summary
    assert "lowered the rating" in out
    assert "the two must agree" in out  # the declared rating and the hook disagree
    assert "TestCapping::" not in summary, summary  # a hook written to the docs keeps passing
