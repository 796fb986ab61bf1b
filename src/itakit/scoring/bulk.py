"""Score one survey indicator for every agency of a counted table at once, exactly as one by one.

The ``fast`` reader keeps answer counts as one integer table (agencies × answer
options, :class:`~itakit.inputs.data.CountTable`).  Scoring an indicator then needs,
per sub-item, Σ points × count and the number who answered (one matrix product for
all agencies), and from them each question's and the indicator's score.  That
arithmetic is done for all agencies at once in int64 numpy arrays, every step checked
not to overflow: an agency whose numbers would not fit (huge counts) is scored in
Python ints instead, one by one.  Each score is put in lowest terms by the same gcd
``Fraction`` would find, so the Fractions and results are exactly the general path's;
agencies with equal question results share one (immutable) object.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from itertools import compress, repeat
from math import gcd
from operator import add, floordiv, mul, not_
from typing import Any

from ..exact import coprime_fractions, mean
from ..inputs.answers.counts import NUMPY_ROWS, numpy_for
from ..inputs.data import CountTable
from ..rules.model import Indicator, Question
from .result import QuestionResult, many

__all__ = ["LIMIT", "NUMPY_ROWS", "Checked", "Plan", "Scored", "Scores", "lowest", "numpy_for", "score_table"]

Plan = Sequence[tuple[Question, Sequence[tuple[str, int, dict[str, int]]]]]
"""Each question of an indicator with its sub-items' (code, denominator, {option key: numerator})."""
Scored = tuple[tuple[QuestionResult, ...], Fraction]
"""One agency's question results and its indicator score."""
_Columns = list[tuple[Question, list[tuple[Sequence[int], Sequence[int], int]]]]
"""Each question with its sub-items' (every agency's Σ points × count, every agency's answered, denominator),
as lists or int64 arrays."""

LIMIT = (1 << 63) - 1
"""The largest int64: no product or sum in the arrays may exceed it."""


class Scores:
    """One indicator scored for every agency of a counted table, by row.

    ``questions`` holds each question's results and ``scores`` the indicator's scores,
    ``numerators`` and ``denominators`` the scores' terms (for the tool means and ranks
    :mod:`itakit.scoring.counted` works out at once); a row in ``silent`` (nobody of the
    agency answered some sub-item) holds nothing meaningful and is left to the general path.
    """

    __slots__ = ("denominators", "numerators", "questions", "scores", "silent")

    def __init__(self, questions: list[list[QuestionResult]], scores: list[Fraction], numerators: list[int],
                 denominators: list[int], silent: frozenset[int]) -> None:
        self.questions = questions
        self.scores = scores
        self.numerators = numerators
        self.denominators = denominators
        self.silent = silent

    def row(self, row: int) -> Scored | None:
        """One agency's question results and indicator score (None when it is left to the general path)."""
        if row in self.silent:
            return None
        return tuple(results[row] for results in self.questions), self.scores[row]


def score_table(table: CountTable, indicator: Indicator, plan: Plan) -> Scores | None:
    """The indicator scored for every agency of ``table``.

    None when the table lacks a sub-item or holds a key with no points (the general
    path then scores and reports).
    """
    if not plan:
        return None  # an indicator without questions is no survey: nothing to score at once
    arrays = getattr(table, "column_arrays", None)  # an ArrayTable's sums, already int64 arrays
    columns: _Columns = []
    for question, subs in plan:
        parts = []
        for code, den, points in subs:
            got = None if arrays is None else arrays(code, points)
            if got is None:
                got = table.column_sums(code, points)
                if got is None:
                    return None
            parts.append((got[0], got[1], den))
        columns.append((question, parts))
    number = indicator.number
    size = table.size
    whole = _in_whole_numbers(columns, size) if columns and size else None
    if whole is None:  # without numpy, or numbers beyond int64 from the start
        whole = _in_python(columns, size)
    np, per_question, (numerators, denominators), silent, redo = whole
    # QuestionResults by row (anything in the rows left to the general path)
    questions: list[list[Any]] = [
        _question_results(np, q, number, *terms) for (q, _), terms in zip(columns, per_question, strict=True)]
    for row in redo:  # Python ints, agency by agency
        scored = _score_row(columns, number, row)
        if scored is not None:
            silent.discard(row)
            for results, result in zip(questions, scored[0], strict=True):
                results[row] = result
            numerators[row], denominators[row] = scored[1].numerator, scored[1].denominator
    scores = coprime_fractions(numerators, denominators)
    return Scores(questions, scores, numerators, denominators, frozenset(silent))


_Whole = tuple[Any, list[tuple[Any, Any, Any]], tuple[list[int], list[int]], set[int], list[int]]
"""numpy (None when the terms are lists of Python ints), each question's (numerators, denominators, answered)
over all agencies, the indicator's (numerators, denominators), the rows where nobody answered some sub-item,
and the rows that overflowed int64."""


def _in_whole_numbers(columns: _Columns, size: int) -> _Whole | None:
    """Every agency's question and indicator scores in lowest terms, in int64 arrays.

    None without numpy, or when a sum is negative or does not fit int64 to begin with;
    rows whose later steps would not fit are named, and their numbers are not to be used.
    """
    np = numpy_for(size)
    if np is None:
        return None
    ops = Checked(np, size)
    silent = np.zeros(size, dtype=bool)
    questions = []
    scores = []
    for _, parts in columns:
        try:
            subs = [(np.asarray(t, dtype=np.int64), np.asarray(a, dtype=np.int64), den) for t, a, den in parts]
        except OverflowError:
            return None
        if any(den > LIMIT or (t < 0).any() for t, _, den in subs):
            return None
        if len(subs) == 1:
            totals, answered, den = subs[0]
            silent |= answered == 0
            num, qden = totals, ops.mul(np.maximum(answered, 1), den)
        else:
            dens = []
            qden = np.ones(size, dtype=np.int64)
            for _, count, den in subs:
                silent |= count == 0
                dens.append(ops.mul(np.maximum(count, 1), den))
                qden = ops.lcm(qden, dens[-1])
            num = np.zeros(size, dtype=np.int64)
            for (totals, _, _), d in zip(subs, dens, strict=True):
                num = ops.add(num, ops.mul(totals, qden // d))
            qden = ops.mul(qden, len(subs))
            answered = np.maximum.reduce([count for _, count, _ in subs])
        num, qden = lowest(np, num, qden)
        scores.append((num, qden))
        questions.append((num, qden, answered))
    common = np.ones(size, dtype=np.int64)
    for _, qden in scores:
        common = ops.lcm(common, qden)
    total = np.zeros(size, dtype=np.int64)
    for num, qden in scores:
        total = ops.add(total, ops.mul(num, common // qden))
    total, common = lowest(np, total, ops.mul(common, len(scores)))
    return (np, questions, (total.tolist(), common.tolist()), set(np.flatnonzero(silent).tolist()),
            np.flatnonzero(ops.over & ~silent).tolist())


def _in_python(columns: _Columns, size: int) -> _Whole:
    """:func:`_in_whole_numbers` in Python ints (nothing overflows: ``redo`` is empty).

    Column by column, as the arrays are: each step one ``map`` of a C function over every
    agency (a row where nobody answered a sub-item is worked out with one respondent, as
    the arrays do, and named silent).  The questions' scores are not put in lowest terms
    here, Python ints needing no small terms to fit.
    """
    silent: set[int] = set()
    questions = []
    for _, parts in columns:
        subs = [(_ints(t), _ints(a), den) for t, a, den in parts]
        dens = []
        for _, answered, den in subs:
            if 0 in answered:  # rare: some agency's respondents all skipped this sub-item
                silent.update(compress(range(size), map(not_, answered)))
                answered = list(map(max, answered, repeat(1)))
            dens.append(answered if den == 1 else list(map(mul, answered, repeat(den))))
        if len(subs) == 1:
            total, qden = subs[0][0], dens[0]
        else:
            common = list(map(math.lcm, *dens))
            total = [0] * size
            for (totals, _, _), d in zip(subs, dens, strict=True):
                total = list(map(add, total, map(mul, totals, map(floordiv, common, d))))
            qden = list(map(mul, common, repeat(len(subs))))
        # left in the terms they come in: only the distinct results are put in lowest terms (_question_results),
        # and the indicator's score is, at the end
        questions.append((total, qden, list(map(max, *(a for _, a, _ in subs))) if len(subs) > 1 else subs[0][1]))
    common = list(map(math.lcm, *(d for _, d, _ in questions))) if len(questions) > 1 else questions[0][1]
    total = [0] * size
    for nums, qdens, _ in questions:
        total = list(map(add, total, map(mul, nums, map(floordiv, common, qdens))))
    numerators, denominators = _lowest(total, list(map(mul, common, repeat(len(questions)))))
    return None, questions, (numerators, denominators), silent, []


def _lowest(numerators: list[int], denominators: list[int]) -> tuple[list[int], list[int]]:
    """Each fraction in lowest terms (0 as 0/1)."""
    divisors = list(map(gcd, numerators, denominators))
    return list(map(floordiv, numerators, divisors)), list(map(floordiv, denominators, divisors))


def _ints(values: Sequence[int]) -> list[int]:
    """Python ints from a list (as it is: nothing changes it) or an int64 array."""
    if type(values) is list:
        return values
    tolist = getattr(values, "tolist", None)
    return tolist() if tolist is not None else list(values)


def _question_results(np: Any, q: Question, number: int, num: Any, den: Any, answered: Any) -> list[QuestionResult]:
    """One question's results for every agency, from its scores' terms and how many answered.

    Agencies with the same score and as many respondents share one result (and its
    Fraction; both are immutable): national tallies repeat them often, and each object
    made costs its making and the collector's look at it.
    ``np`` is None when the terms are lists of Python ints (in any terms: the distinct ones are put
    in lowest terms here), else int64 arrays in lowest terms.
    """
    if np is None:
        keys = list(zip(num, den, answered, strict=True))
        distinct = list(dict.fromkeys(keys))
        scores = coprime_fractions(*_lowest([n for n, _, _ in distinct], [d for _, d, _ in distinct]))
        made = many(QuestionResult, len(distinct), repeat(q.code), repeat(number), repeat(q.text_th),
                    repeat(q.text_en), scores, [a for _, _, a in distinct])
        return list(map(dict(zip(distinct, made, strict=True)).__getitem__, keys))
    size = len(num)
    top, most = _largest(den) + 1, _largest(answered) + 1
    if not size or _largest(num) > (LIMIT // most - top) // top:  # the three as one whole number would not fit
        return many(QuestionResult, size, repeat(q.code), repeat(number), repeat(q.text_th), repeat(q.text_en),
                    coprime_fractions(num.tolist(), den.tolist()), answered.tolist())
    first, which = _distinct(np, (num * top + den) * most + answered)  # one key: (score, answered)
    made = many(QuestionResult, len(first), repeat(q.code), repeat(number), repeat(q.text_th), repeat(q.text_en),
                coprime_fractions(num[first].tolist(), den[first].tolist()), answered[first].tolist())
    return list(map(made.__getitem__, which.tolist()))


def _distinct(np: Any, keys: Any) -> tuple[Any, Any]:
    """(a row holding each distinct key, each row's key by its place among them) of a non-empty int64 array."""
    order = np.argsort(keys)
    ordered = keys[order]
    starts = np.empty(len(keys), dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    which = np.empty(len(keys), dtype=np.int64)
    which[order] = np.cumsum(starts) - 1
    return order[starts], which


def lowest(np: Any, num: Any, den: Any) -> tuple[Any, Any]:
    """num/den in lowest terms, as Fraction would put them (num ≥ 0, den ≥ 1)."""
    g = np.gcd(num, den)
    return num // g, den // g


class Checked:
    """int64 arithmetic on whole numbers ≥ 0 that marks the rows where a result would overflow.

    A marked row's result is replaced by 1 (so later steps neither overflow nor divide by
    zero); its numbers are meaningless and the caller scores it in Python ints.  Each step
    first compares the largest operands (one scalar check), looking row by row only when
    those could overflow.
    """

    def __init__(self, np: Any, size: int) -> None:
        self.np = np
        self.over = np.zeros(size, dtype=bool)

    def mul(self, a: Any, b: Any) -> Any:
        """a × b, for a, b ≥ 0 (arrays, or one of them a Python int)."""
        if _largest(a) <= LIMIT // max(_largest(b), 1):
            return a * b
        big = a > LIMIT // self.np.maximum(b, 1)  # b = 0 (a row already marked): 0, which fits
        self.over |= big
        return self.np.where(big, 1, a) * self.np.where(big, 1, b)

    def add(self, a: Any, b: Any) -> Any:
        """a + b, for a, b ≥ 0."""
        if _largest(a) <= LIMIT - _largest(b):
            return a + b
        big = a > LIMIT - b
        self.over |= big
        return self.np.where(big, 1, a) + self.np.where(big, 0, b)

    def lcm(self, a: Any, b: Any) -> Any:
        """The least common multiple, for a, b ≥ 1; a gcd only where the two differ (mostly they are equal)."""
        np = self.np
        differ = np.flatnonzero(a != b)
        if not len(differ):
            return a
        common = a.copy() if len(differ) < len(a) else np.empty_like(a)
        x, y = a[differ], b[differ]
        reduced = x // np.gcd(x, y)
        if _largest(reduced) <= LIMIT // _largest(y):
            common[differ] = reduced * y
            return common
        big = reduced > LIMIT // y
        self.over[differ] |= big
        common[differ] = np.where(big, 1, reduced) * np.where(big, 1, y)
        return common


def _largest(values: Any) -> int:
    """The largest of an array's values (≥ 0), or the value itself, as a Python int."""
    return values if isinstance(values, int) else int(values.max()) if len(values) else 0


def _score_row(columns: _Columns, number: int, row: int) -> Scored | None:
    """One agency's question results and indicator score, in Python ints (None when nobody answered a sub-item)."""
    questions: list[QuestionResult] = []
    scores: list[Fraction] = []
    for question, parts in columns:
        pairs = []
        answered = 0
        for totals, answered_by, den in parts:
            count = int(answered_by[row])  # a Python int, from a list or an array
            if not count:
                return None
            pairs.append((int(totals[row]), den * count))
            answered = max(answered, count)
        if len(pairs) == 1:
            score = Fraction(*pairs[0])
        else:
            common = math.lcm(*(d for _, d in pairs))
            score = Fraction(sum(t * (common // d) for t, d in pairs), common * len(pairs))
        scores.append(score)
        questions.append(QuestionResult(question.code, number, question.text_th, question.text_en, score, answered))
    return tuple(questions), mean(scores)
