"""Scoring one agency and many (scoring/score.py): exact totals as the weighted mean of the indicators, ranks
of displayed figures, and every problem of every agency gathered into one error."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itakit
from itakit.rules.grading import grade_by_bands
from itakit.scoring.score import rank, rescorer

scores = st.fractions(min_value=0, max_value=100, max_denominator=10_000)
indicator_maps = st.fixed_dictionaries({n: scores for n in range(1, 11)})


def _score(rules, registry, values):
    return itakit.score(rules, itakit.AgencyData(indicator_scores=values), registry=registry)


@given(indicator_maps)
def test_total_in_bounds_and_equals_weighted_mean(rules, registry, values):
    result = _score(rules, registry, values)
    assert 0 <= result.total <= 100
    weights = rules.weights_by_indicator()
    assert result.total == sum(weights[n] * v for n, v in values.items()) / 100


@given(indicator_maps, st.integers(1, 10), scores)
def test_raising_one_indicator_never_lowers_the_total(rules, registry, values, number, new):
    before = _score(rules, registry, values).total
    raised = dict(values)
    raised[number] = max(new, values[number])
    assert _score(rules, registry, raised).total >= before


@given(indicator_maps)
def test_grade_agrees_with_displayed_total(rules, registry, values):
    result = _score(rules, registry, values)
    shown = result.display_total
    band = next(b for b in rules.bands if b.lower <= shown <= b.upper)
    assert result.grade.code == band.code
    assert result.passed == (shown >= rules.pass_line)
    assert grade_by_bands(rules, shown).code == band.code


@given(indicator_maps)
def test_ranks_are_competition_ranks_of_displayed_scores(rules, registry, values):
    result = _score(rules, registry, values)
    shown = {i.number: i.display_score for i in result.indicators}
    for ind in result.indicators:
        assert ind.rank == 1 + sum(1 for v in shown.values() if v > shown[ind.number])


def test_equal_displayed_figures_share_the_better_rank():
    ranks = rank({1: Fraction(9984, 100), 2: Fraction(99835, 1000), 3: Fraction(95), 4: Fraction(100)})
    assert ranks == {1: 2, 2: 2, 3: 4, 4: 1}  # 99.835 shows as 99.84, as 99.84 does


# -- problems: every agency's, gathered -------------------------------------------------------------


def test_every_problem_of_every_agency_is_raised_at_once_saying_whose_it_is(rules, registry):
    agencies = [
        itakit.AgencyData(agency="A", indicator_scores={11: Fraction(50)}, source="x.csv"),
        itakit.AgencyData(agency="B", source="x.csv"),
        itakit.AgencyData(indicator_scores={1: Fraction(50)}, question_scores={"zz": Fraction(1)}, source="y.csv"),
    ]
    with pytest.raises(itakit.DataError, match="there is no indicator 11") as caught:
        itakit.score_many(rules, agencies, registry=registry)
    assert [str(p) for p in caught.value.problems] == [
        "x.csv: agency 'A': there is no indicator 11 in 2565 (expected one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)",
        "x.csv: agency 'B': there is nothing to score",
        "y.csv: 'zz' is not a question code of 2565",
        "y.csv: IIT has indicators 1, 2, 3, 4, 5: indicators 2, 3, 4, 5 are missing (give every indicator of a tool, "
        "or leave the tool out)",
    ]
    assert caught.value.truncated == 0


def test_a_problem_located_by_its_line_is_not_labelled_again(rules, registry, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("agency,1,2,3,4,5\nA,1,2,3,4,5\nB,1,2,3,4,x\n", encoding="utf-8")
    with pytest.raises(itakit.DataError, match="line 3") as caught:
        itakit.read_input(path, rules)
    assert [p.message for p in caught.value.problems] == ["is not a number (expected a score from 0 to 100)"]


def test_a_rescorer_scores_again_and_again_like_score(rules, registry):
    again = rescorer(rules, registry)
    data = itakit.AgencyData(indicator_scores=dict.fromkeys(range(1, 11), Fraction(9720, 100)))
    first, second = again(data), again(data)
    assert first == second and first.display_total == itakit.score(rules, data, registry=registry).display_total
    assert str(first.display_total) == "97.20" and first.grade.code == "AA"
