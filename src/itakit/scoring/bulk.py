"""Score one survey indicator for every agency of a counted table at once, exactly as one by one.

The ``fast`` reader keeps answer counts as one integer table (agencies × answer
options, :class:`~itakit.inputs.data.CountTable`).  Scoring an indicator then needs,
per sub-item, Σ points × count and the number who answered — one matrix product for
all agencies — and per agency one Fraction per question and one per indicator, built
in a tight loop instead of walking 51 tallies per agency.  The arithmetic is the one of
:mod:`itakit.scoring.score`'s plan, in whole numbers until each question's Fraction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from ..inputs.data import CountTable
from ..rules.model import Indicator, Question
from .result import QuestionResult

__all__ = ["Plan", "Scored", "score_table"]

Plan = Sequence[tuple[Question, Sequence[tuple[str, int, dict[str, int]]]]]
"""Each question of an indicator with its sub-items' (code, denominator, {option key: numerator})."""
Scored = tuple[tuple[QuestionResult, ...], Fraction]
"""One agency's question results and its indicator score."""


def _mean(values: Sequence[Fraction]) -> Fraction:
    """The mean over one common denominator: a single reduction."""
    den = math.lcm(*(v.denominator for v in values))
    return Fraction(sum(v.numerator * (den // v.denominator) for v in values), den * len(values))


def score_table(table: CountTable, indicator: Indicator, plan: Plan) -> list[Scored | None] | None:
    """Every agency's (question results, indicator score), by row of ``table``.

    None when the table lacks a sub-item or holds a key with no points (the general
    path then scores and reports); an agency's entry is None when nobody of it answered
    some sub-item (likewise left to the general path, which names the column).
    """
    columns: list[tuple[Question, list[tuple[list[int], list[int], int]]]] = []
    for question, subs in plan:
        parts = []
        for code, den, points in subs:
            got = table.column_sums(code, points)
            if got is None:
                return None
            parts.append((got[0], got[1], den))
        columns.append((question, parts))
    number = indicator.number
    out: list[Scored | None] = []
    for row in range(table.size):
        questions: list[QuestionResult] = []
        scores: list[Fraction] = []
        for question, parts in columns:
            if len(parts) == 1:
                totals, answered_by, den = parts[0]
                answered = answered_by[row]
                if not answered:
                    break
                score = Fraction(totals[row], den * answered)
            else:
                pairs = []
                answered = 0
                for totals, answered_by, den in parts:
                    count = answered_by[row]
                    if not count:
                        break
                    pairs.append((totals[row], den * count))
                    if count > answered:
                        answered = count
                else:
                    common = math.lcm(*(d for _, d in pairs))
                    score = Fraction(sum(t * (common // d) for t, d in pairs), common * len(pairs))
                if len(pairs) < len(parts):
                    break
            scores.append(score)
            questions.append(QuestionResult(question.code, number, question.text_th, question.text_en, score, answered))
        else:
            out.append((tuple(questions), _mean(scores)))
            continue
        out.append(None)
    return out
