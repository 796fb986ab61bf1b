"""Advice is never false for a rating a hook decides, and the contract judges hooks by the displayed figures (issue 22, item 3)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
from conftest import ROOT
from itakit.testing.hooks import undisplayed_problems, unreached_levels
from rating_plugins import CAPPING, EXACT_FLOOR, NEVER_GOOD, band_only_rules, registry_with

RULES = band_only_rules()
EIT = (6, 7, 8)


def _agency(iit, eit, oit):
    return itakit.AgencyData(indicator_scores={**dict.fromkeys(range(1, 6), iit), **dict.fromkeys(EIT, eit), 9: oit, 10: oit})


def test_a_hook_judging_the_exact_score_gets_true_advice_from_evaluating_it():
    registry = registry_with(EXACT_FLOOR)
    result = itakit.score(RULES, _agency(100, Fraction(89996, 1000), 100), registry=registry)
    assert (str(result.display_total), result.tool("EIT").display_score, result.grade.code) == (
        "97.00", Decimal("90.00"), "ผ่านดี")
    # EIT shows 90.00 and the hook wants more than that: the smallest displayed figure it accepts is 90.01
    assert (result.next_grade, result.points_to_next_grade, result.tools_to_next_grade) == (
        "ผ่านดีเยี่ยม", Decimal("0.00"), {"EIT": Decimal("0.01")})
    raised = itakit.score(RULES, _agency(100, Fraction(90005, 1000), 100), registry=registry)  # shows 90.01
    assert raised.grade.code == "ผ่านดีเยี่ยม"


def test_the_contract_finds_a_hook_that_judges_an_undisplayed_score():
    problems = undisplayed_problems(RULES, registry_with(EXACT_FLOOR))
    assert problems and all("judges a figure that is not displayed" in p for p in problems)
    assert problems[0].startswith("IIT exactly 84.995 and 85.004999 both display as 85.00 (total shown 95.50")
    assert undisplayed_problems(RULES, registry_with(CAPPING)) == []


def test_the_contract_reports_a_band_the_hook_never_gives():
    assert unreached_levels(RULES, registry_with(NEVER_GOOD)) == [
        "the band 'ผ่านดี' (90.00-94.99) is never given by the rating hook in 54 probes (every indicator alike across "
        "each band, and tools at full marks with the rest putting the total at each band's ends): a level the bands "
        "declare must be one the hook can give, or the bands say what is not so"]
    assert unreached_levels(RULES, registry_with(CAPPING)) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(iit=st.integers(7000, 10_000), eit=st.integers(7000, 10_000), oit=st.integers(7000, 10_000),
       hook=st.sampled_from([CAPPING, EXACT_FLOOR]))
def test_each_tool_shortfall_a_hook_rating_states_is_accepted_by_the_hook(iit, eit, oit, hook):
    registry = registry_with(hook)
    scores = _agency(Fraction(iit, 100) - Fraction(1, 300), Fraction(eit, 100) - Fraction(1, 300), Fraction(oit, 100))
    result = itakit.score(RULES, scores, registry=registry)
    if result.next_grade is None or result.points_to_next_grade is None or result.points_to_next_grade > 0:
        return
    raised = dict(scores.indicator_scores)
    for code, points in result.tools_to_next_grade.items():  # each short tool at the least exact value showing its need
        need = Fraction(result.tool(code).display_score + points) - Fraction(1, 200)
        for ind in RULES.tool(code).indicators:
            raised[ind.number] = max(raised[ind.number], need)
    after = itakit.score(RULES, itakit.AgencyData(indicator_scores=raised), registry=registry)
    order = [level.code for level in RULES.rating_levels]
    assert order.index(after.grade.code) <= order.index(result.next_grade), (result, after)


HOOKS_RUN = textwrap.dedent(
    """
    from itakit.testing import RuleSetContract
    from rating_plugins import EXACT_FLOOR, NEVER_GOOD, band_only_rules, registry_with

    class TestExactFloor(RuleSetContract):
        rule_set = band_only_rules
        registry = registry_with(EXACT_FLOOR)
        max_examples = 5

    class TestNeverGood(RuleSetContract):
        rule_set = band_only_rules
        registry = registry_with(NEVER_GOOD)
        max_examples = 5
    """
)


def test_the_contract_class_fails_both_hooks(tmp_path):
    (tmp_path / "test_hooks.py").write_text(HOOKS_RUN, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs", "--tb=line", "-k",
         "displayed_figures or hook_gives", "test_hooks.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "tests")},
    )
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    summary = out.split("short test summary")[1]
    assert re.search(r"FAILED test_hooks\.py::TestExactFloor::test_rating_follows_the_displayed_figures", summary)
    assert re.search(r"FAILED test_hooks\.py::TestNeverGood::test_every_band_is_a_level_the_hook_gives", summary)
    assert "TestExactFloor::test_every_band" not in summary and "TestNeverGood::test_rating_follows" not in summary
