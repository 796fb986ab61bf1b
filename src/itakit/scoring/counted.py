"""Finish scoring every agency of a counted table at once: tool scores, indicator ranks and the result objects.

Once :mod:`itakit.scoring.bulk` has scored each indicator for every agency of a counted
table, what is left per agency is the same few steps: each tool's weighted mean of its
indicators, each indicator's rank among those scored (by displayed figure), and the
objects that hold them.  They are done here for all agencies at once, in int64 numpy
arrays checked not to overflow (Python ints for an agency whose numbers would not fit),
with the same exact values as :class:`~itakit.scoring.score`'s agency-by-agency path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from itertools import compress, repeat
from math import gcd
from operator import add, attrgetter, floordiv, gt, is_, itemgetter, mul
from typing import Any

from ..exact import coprime_fractions, half_up_units, mean
from ..inputs.data import AgencyData, CountedAnswers, CountTable
from ..rules.model import Indicator, Tool
from .bulk import LIMIT, Checked, Scores, lowest, numpy_for
from .result import IndicatorResult, QuestionResult, Result, ToolResult, many

__all__ = ["Agency", "Weights", "counted_results", "score_counted"]

Weights = tuple[tuple[int, ...], int]
"""A tool's indicator weights as whole numbers over a denominator of their own, and their sum."""
Agency = tuple[tuple[QuestionResult, ...], tuple[IndicatorResult, ...], tuple[ToolResult, ...]]
"""One agency's question results, indicator results (in the rule set's order) and tool results."""


def score_counted(
    tools: Sequence[tuple[Tool, Weights, Sequence[tuple[Indicator, Scores]]]],
    order: Sequence[tuple[Indicator, str]],
    size: int,
) -> list[Agency | None]:
    """Every agency's results from the tools a counted table scores in full, by row.

    ``tools`` are those tools with each indicator scored for every agency, in the rule
    set's order; ``order`` is every indicator of the rule set with its tool's code.  An
    agency's entry is None when nobody of it answered some sub-item (the general path
    then names it).
    """
    scored = {ind.number: scores for _, _, indicators in tools for ind, scores in indicators}
    numpy = numpy_for(size)
    tool_results = [
        many(ToolResult, size, repeat(tool.code), repeat(tool.name_th), repeat(tool.name_en), repeat(tool.weight),
             _tool_scores(numpy, weights, [scores for _, scores in indicators], size))
        for tool, weights, indicators in tools
    ]
    ranks = dict(zip(scored, _ranks(numpy, list(scored.values()), size), strict=True))
    indicator_results = [
        many(IndicatorResult, size, repeat(ind.number), repeat(ind.name_th), repeat(ind.name_en), repeat(code),
             scored[ind.number].scores, ranks[ind.number], repeat("answers"))
        for ind, code in order
        if ind.number in scored
    ]
    questions = [results for scores in scored.values() for results in scores.questions]
    out: list[Agency | None] = list(zip(zip(*questions, strict=True), zip(*indicator_results, strict=True),
                                        zip(*tool_results, strict=True), strict=True))
    for scores in scored.values():
        for row in scores.silent:
            out[row] = None
    return out


def _arrays(np: Any, scores: Sequence[Scores]) -> tuple[list[Any], list[Any]] | None:
    """Each indicator's numerators and denominators as int64 arrays; None when one does not fit (or is negative)."""
    if np is None:
        return None
    try:
        nums = [np.asarray(s.numerators, dtype=np.int64) for s in scores]
        dens = [np.asarray(s.denominators, dtype=np.int64) for s in scores]
    except OverflowError:
        return None
    if any((n < 0).any() for n in nums):
        return None
    return nums, dens


def _tool_scores(np: Any, weights: Weights, scores: Sequence[Scores], size: int) -> list[Fraction]:
    """A tool's score for every agency: the weighted mean of its indicators' scores."""
    whole, weight_sum = weights
    if np is None:
        return _tool_scores_in_python(whole, weight_sum, scores)
    arrays = _arrays(np, scores) if weight_sum <= LIMIT else None
    if arrays is None:
        return [mean([s.scores[row] for s in scores], whole) for row in range(size)]
    ops = Checked(np, size)
    common = np.ones(size, dtype=np.int64)
    for den in arrays[1]:
        common = ops.lcm(common, den)
    total = np.zeros(size, dtype=np.int64)
    for weight, num, den in zip(whole, *arrays, strict=True):
        total = ops.add(total, ops.mul(ops.mul(num, common // den), weight))
    total, common = lowest(np, total, ops.mul(common, weight_sum))
    out = coprime_fractions(total.tolist(), common.tolist())
    for row in np.flatnonzero(ops.over).tolist():
        out[row] = mean([s.scores[row] for s in scores], whole)
    return out


def _tool_scores_in_python(whole: Sequence[int], weight_sum: int, scores: Sequence[Scores]) -> list[Fraction]:
    """:func:`_tool_scores` in Python ints, column by column (each step one ``map`` of a C function over every
    agency), as the arrays are: Σ weight × score over one common denominator, in lowest terms."""
    dens = [s.denominators for s in scores]
    common = list(map(math.lcm, *dens)) if len(dens) > 1 else dens[0]
    total = list(repeat(0, len(common)))
    for weight, s, den in zip(whole, scores, dens, strict=True):
        total = list(map(add, total, map(mul, map(mul, s.numerators, map(floordiv, common, den)), repeat(weight))))
    denominators = list(map(mul, common, repeat(weight_sum)))
    divisors = list(map(gcd, total, denominators))
    return coprime_fractions(list(map(floordiv, total, divisors)), list(map(floordiv, denominators, divisors)))


def _ranks(np: Any, scores: Sequence[Scores], size: int) -> list[list[int]]:
    """Each indicator's rank among ``scores`` for every agency, as :func:`itakit.scoring.score.rank` gives it.

    A rank is one more than the number of indicators whose displayed figure is higher.
    """
    arrays = _arrays(np, scores)
    if arrays is None:
        units = [_shown_units(s) for s in scores]
    else:
        units = []
        for s, num, den in zip(scores, *arrays, strict=True):
            ops = Checked(np, size)
            # floor(value × 100 + 1/2) = (200 × num + den) // (2 × den), as exact.half_up_units
            shown = (ops.add(ops.mul(num, 200), den) // ops.mul(den, 2)).tolist()
            for row in np.flatnonzero(ops.over).tolist():
                shown[row] = half_up_units(s.scores[row])
            units.append(shown)
        try:
            table = np.asarray(units, dtype=np.int64)
        except OverflowError:  # a score far beyond 100: not from this world's scales, but exact all the same
            pass
        else:
            return [(1 + (table > mine).sum(axis=0)).tolist() for mine in table]
    return [list(map(sum, zip(*(map(gt, u, mine) for u in units), repeat(1)))) for mine in units]


def _shown_units(scores: Scores) -> list[int]:
    """Every agency's displayed figure in hundredths (:func:`itakit.exact.half_up_units`), column by column."""
    nums, dens = scores.numerators, scores.denominators
    if min(nums, default=0) < 0:
        return [half_up_units(value) for value in scores.scores]
    # floor(value × 100 + 1/2) = (200 × num + den) // (2 × den)
    return list(map(floordiv, map(add, map(mul, nums, repeat(200)), dens), map(mul, dens, repeat(2))))


def counted_results(year: int, verified: bool, agencies: Sequence[AgencyData],
                    tables: Mapping[int, tuple[CountTable, int]],
                    counted: Callable[[CountTable], tuple[Sequence[Agency | None], tuple[str, ...]] | None],
                    ) -> list[Result | None]:
    """By place, the ungraded result of each agency that brings only a counted table's answers, all made at once;
    None for every other agency (scored alone).

    Equal to what :func:`itakit.scoring.score`'s scorer makes of such an agency before grading
    (``year`` and ``verified`` the rule set's): ``counted`` gives a table's agencies, all scored
    together (:meth:`~itakit.scoring.cache.ScoringCache.counted`), and what is left per agency —
    its result object — is filled a field at a time over all of them (:func:`~itakit.scoring.result.many`).
    ``tables`` are the agencies bringing dict tallies, seen as a counted table
    (:func:`~itakit.inputs.answers.counts.tables_of_tallies`).
    """
    ready: list[Result | None] = [None] * len(agencies)
    for table, places, rows in _counted_places(agencies, tables):
        found = counted(table)
        if found is None:
            continue
        scored, omitted = found
        parts: list[Agency | None] = list(map(scored.__getitem__, rows))
        if None in parts:  # rows left to the general path (nobody of the agency answered some sub-item)
            keep = [part is not None for part in parts]
            places, rows, parts = list(compress(places, keep)), list(compress(rows, keep)), list(compress(parts, keep))
        if not places:
            continue
        given = list(map(agencies.__getitem__, places))
        tools = list(map(_TOOLS_OF, parts))  # type: ignore[arg-type]
        totals = (repeat(None) if omitted else
                  [mean([t.score for t in each], [t.weight for t in each]) for each in tools])
        blanks = (map(table.blanks, rows) if isinstance(given[0].answers, CountedAnswers)
                  else [sum(map(_BLANK_OF, d.answers.values())) for d in given])
        made = many(
            Result, len(places), repeat(year), map(_INDICATORS_OF, parts), tools, totals,  # type: ignore[arg-type]
            repeat(None), repeat(omitted), map(_AGENCY, given), map(_QUESTIONS_OF, parts), repeat(()),  # type: ignore[arg-type]
            map(_RESPONDENTS, given), map(tuple, map(_UNREADABLE, given)), blanks, repeat(None), repeat(None),
            repeat({}), repeat(verified), map(_EXTRA, given))
        for place, result in zip(places, made, strict=True):
            ready[place] = result
    return ready


_QUESTIONS_OF, _INDICATORS_OF, _TOOLS_OF = itemgetter(0), itemgetter(1), itemgetter(2)
_AGENCY, _RESPONDENTS, _UNREADABLE, _EXTRA = (attrgetter(name) for name in ("agency", "respondents", "unreadable",
                                                                             "extra"))
_ANSWERS, _TABLE, _ROW, _BLANK_OF = attrgetter("answers"), attrgetter("table"), attrgetter("row"), attrgetter("blank")
_GIVEN = tuple(map(attrgetter, ("indicator_scores", "question_scores", "item_results", "stated")))
"""What an agency may bring besides raw answers (a Stated, even an empty one, is looked at agency by agency)."""


def _counted_places(agencies: Sequence[AgencyData], tables: Mapping[int, tuple[CountTable, int]]
                    ) -> list[tuple[CountTable, list[int], list[int]]]:
    """The agencies that bring only a counted table's answers (or dict tallies seen as one, ``tables``), grouped
    by table: (table, their places, their rows there)."""
    if not tables and not any(any(map(given, agencies)) for given in _GIVEN):  # the usual national file: at once
        answers = list(map(_ANSWERS, agencies))
        if set(map(type, answers)) == {CountedAnswers}:
            found = list(map(_TABLE, answers))
            if all(map(is_, found, repeat(found[0]))):  # one table
                return [(found[0], list(range(len(agencies))), list(map(_ROW, answers)))] if answers[0] else []
    groups: list[tuple[CountTable, list[int], list[int]]] = []  # by table, in order of first appearance (a few)
    for place, data in enumerate(agencies):
        tallies = data.answers
        if (not tallies or data.indicator_scores or data.question_scores or data.item_results
                or not (data.stated is None or data.stated.is_empty)):
            continue
        if place in tables:
            table, row = tables[place]
        elif isinstance(tallies, CountedAnswers):
            table, row = tallies.table, tallies.row
        else:
            continue
        group = next((group for group in groups if group[0] is table), None)
        if group is None:
            group = (table, [], [])
            groups.append(group)
        group[1].append(place)
        group[2].append(row)
    return groups
