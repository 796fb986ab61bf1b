"""Scoring raw-answer tallies by the rule set's precomputed plan gives exactly the general path's results."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
from itakit.inputs.data import AgencyData, AnswerTally
from itakit.scoring import score as scoring


@st.composite
def tallies(draw, rules):
    """An agency's tallies for every IIT and EIT sub-item, sometimes with a label, a gap or nobody answering."""
    answers = {}
    for code in rules.sub_item_codes:
        scale = rules.scale(rules.sub_item(code)[1].scale)
        keys = [o.key for o in scale.options]
        counts = {k: n for k in keys if (n := draw(st.integers(0, 40)))}
        if draw(st.integers(0, 30)) == 0 and counts:  # a label instead of its key (API input)
            key = next(iter(counts))
            counts[scale.option(key).labels[0]] = counts.pop(key)
        if not counts and draw(st.booleans()):
            counts = {keys[-1]: 1}
        if draw(st.integers(0, 60)) == 0:
            continue  # a sub-item column missing
        answers[code] = AnswerTally(counts, draw(st.integers(0, 3)))
    return AgencyData(agency=draw(st.sampled_from(["A", "B"])), answers=answers, respondents=40)


def _general(monkeypatch_context, rules, agencies):
    with monkeypatch_context as mp:
        mp.setattr(scoring._Scorer, "from_answers_only", lambda self, ind: None)
        return _outcome(rules, agencies)


def _outcome(rules, agencies):
    try:
        return itakit.score_many(rules, agencies)
    except itakit.DataError as exc:
        return exc.problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_plan_gives_exactly_the_general_results(rules, data):
    agencies = [data.draw(tallies(rules)) for _ in range(data.draw(st.integers(1, 3)))]
    assert _outcome(rules, agencies) == _general(pytest.MonkeyPatch.context(), rules, agencies)


def test_the_plan_scores_a_known_agency(rules):
    """Every IIT/EIT sub-item answered 4 (or the best yes/no) by 3 and 1 (or the worst) by 1: 75 each."""
    answers = {}
    for code in rules.sub_item_codes:
        sub = rules.sub_item(code)[1]
        scale = rules.scale(sub.scale)
        best = max(scale.options, key=lambda o: scale.points(o.key, reverse=sub.reverse)).key
        worst = min(scale.options, key=lambda o: scale.points(o.key, reverse=sub.reverse)).key
        answers[code] = AnswerTally({best: 3, worst: 1})
    result = itakit.score(rules, AgencyData(answers=answers, respondents=4))
    assert [str(i.score) for i in result.indicators] == ["75"] * 8
    assert {q.answered for q in result.questions} == {4}
