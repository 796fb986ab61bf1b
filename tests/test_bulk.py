"""Scoring every agency of a counted table at once gives exactly the results (and problems) of one by one.

The bulk path works in int64 numpy arrays where no step can overflow and in Python
ints elsewhere; it shares equal Fractions and question results between agencies and
builds them without re-normalising.  These properties drive it with counts small and
huge (forcing each fallback), sub-items nobody answered, extra inputs and unknown
columns, and compare it with the general path agency by agency.
"""

from __future__ import annotations

import builtins
import math
import sys
from collections.abc import Mapping
from contextlib import contextmanager
from fractions import Fraction
from itertools import repeat

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
from itakit.inputs.data import AgencyData, AnswerTally, CountedAnswers
from itakit.scoring import result as result_module
from itakit.scoring import score as scoring
from itakit.scoring.result import IndicatorResult, QuestionResult, ToolResult, many


class _Table:
    """A :class:`~itakit.inputs.data.CountTable` over plain dict tallies, optionally with ``column_arrays``."""

    def __init__(self, rows: list[dict[str, AnswerTally]], codes: tuple[str, ...]) -> None:
        self.rows = rows
        self.codes = codes

    @property
    def size(self) -> int:
        return len(self.rows)

    def tally(self, row: int, code: str) -> AnswerTally:
        if code not in self.codes:
            raise KeyError(code)
        return self.rows[row][code]

    def column_sums(self, code: str, points: Mapping[str, int]) -> tuple[list[int], list[int]] | None:
        if code not in self.codes or any(k not in points for r in self.rows for k in r[code].counts):
            return None
        return ([sum(points[k] * n for k, n in r[code].counts.items()) for r in self.rows],
                [sum(r[code].counts.values()) for r in self.rows])

    def blanks(self, row: int) -> int:
        return sum(self.rows[row][code].blank for code in self.codes)


class _ArrayTable(_Table):
    def column_arrays(self, code: str, points: Mapping[str, int]):  # noqa: ANN201
        import numpy

        got = self.column_sums(code, points)
        if got is None or max(got[0] + got[1], default=0) >= 1 << 62:
            return None
        return numpy.asarray(got[0], dtype=numpy.int64), numpy.asarray(got[1], dtype=numpy.int64)


_SIZES = {"small": (0, 40), "big": (1 << 20, 1 << 34), "huge": (1 << 61, 1 << 70)}


@st.composite
def _agencies(draw, rules):
    """Agencies' tallies of the IIT (and maybe EIT) sub-items; some counts big or huge, some sub-items unanswered."""
    eit = draw(st.booleans())
    codes = [c for c in rules.sub_item_codes if c.startswith("i") or eit]
    if draw(st.integers(0, 9)) == 0:
        codes.remove(draw(st.sampled_from(codes)))  # a tool partly given: the general path names what is missing
    if draw(st.integers(0, 9)) == 0:
        codes.append("x1")  # a column the rules do not know: every agency is left to the general path
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        size = draw(st.sampled_from(["small"] * 4 + ["big", "huge"]))
        low, high = _SIZES[size]
        answers = {}
        for code in codes:
            keys = ["4", "3", "2", "1"] if code == "x1" else rules.scale(rules.sub_item(code)[1].scale).keys
            counts = {k: n for k in keys if (n := draw(st.integers(low, high) | st.just(0)))}
            if not counts and draw(st.integers(0, 5)):
                counts = {keys[0]: draw(st.integers(1, high))}
            answers[code] = AnswerTally(counts, draw(st.integers(0, 3)))
        rows.append(answers)
    return rows, tuple(codes)


def _outcome(rules, agencies):
    try:
        return itakit.score_many(rules, agencies)
    except itakit.DataError as exc:
        return exc.problems


def _general(rules, agencies):
    """Agency by agency, neither from a table nor by the per-agency plan."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scoring._Scorer, "from_answers_only", lambda self, ind: None)
        mp.setattr(scoring._Scorer, "from_counts_only", lambda self: None)
        mp.setattr(scoring, "counted_results", lambda year, verified, agencies, tables, counted: [None] * len(agencies))
        return _outcome(rules, agencies)


def _terms_are_plain(results) -> None:
    """Every Fraction in the results has int terms in lowest form, as Fraction() itself makes them."""
    if not isinstance(results, list) or not results or not isinstance(results[0], itakit.Result):
        return
    for result in results:
        values = [q.score for q in result.questions] + [i.score for i in result.indicators]
        for value in values + [t.score for t in result.tools]:
            assert type(value.numerator) is int and type(value.denominator) is int
            assert value.denominator > 0 and math.gcd(value.numerator, value.denominator) == 1


@contextmanager
def _numpy(present: bool):
    """numpy loaded (bulk scoring uses it, whatever the table's size), or made unimportable (Python ints)."""
    if present:
        pytest.importorskip("numpy")
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(sys.modules, "numpy", None)
        yield


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), arrays=st.booleans(), extra=st.booleans())
def test_a_counted_table_scores_as_the_general_path(rules, data, arrays, extra):
    pytest.importorskip("numpy")
    rows, codes = data.draw(_agencies(rules))
    table = (_ArrayTable if arrays else _Table)(rows, codes)
    oit = {9: "96", 10: "100"} if extra else {}  # a full result (total, grade, standing) from the table's path too
    counted = [AgencyData(agency=f"a{r}", answers=CountedAnswers(table, r), indicator_scores=oit if r % 2 else {},
                          respondents=7, source="t.csv") for r in range(len(rows))]
    plain = [AgencyData(agency=f"a{r}", answers=answers, indicator_scores=oit if r % 2 else {},
                        respondents=7, source="t.csv") for r, answers in enumerate(rows)]
    expected = _general(rules, plain)
    got = _outcome(rules, counted)
    assert got == expected
    _terms_are_plain(got)
    assert _outcome(rules, plain) == expected  # the per-agency plan of dict tallies, too


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_without_numpy_a_counted_table_scores_the_same(rules, data):
    rows, codes = data.draw(_agencies(rules))
    counted = [AgencyData(agency=f"a{r}", answers=CountedAnswers(_Table(rows, codes), r)) for r in range(len(rows))]
    expected = _general(rules, [AgencyData(agency=f"a{r}", answers=a) for r, a in enumerate(rows)])
    with _numpy(False):
        assert _outcome(rules, counted) == expected


def test_agencies_of_two_tables_and_silent_sub_items(rules):
    """Each table is scored once; an agency whose staff all skipped a sub-item is named by the general path."""
    codes = tuple(c for c in rules.sub_item_codes if c.startswith("i"))
    full = {c: AnswerTally({rules.scale(rules.sub_item(c)[1].scale).keys[0]: 3}) for c in codes}
    silent = dict(full, **{codes[4]: AnswerTally({}, 3)})
    first, second = _Table([full, full], codes), _Table([full, silent, full], codes)
    agencies = [AgencyData(agency=f"{name}{r}", answers=CountedAnswers(table, r))
                for name, table in (("x", first), ("y", second)) for r in range(table.size)]
    problems = _outcome(rules, agencies)
    assert [p.message for p in problems] == [
        f"agency 'y1': no respondent answered {codes[4]}; a question needs at least one answer",
        "agency 'y1': IIT has indicators 1, 2, 3, 4, 5: indicator 1 is missing "
        "(give every indicator of a tool, or leave the tool out)"]
    ok = [a for a in agencies if a.agency != "y1"]
    results = _outcome(rules, ok)
    assert results == _general(rules, [AgencyData(agency=a.agency, answers=dict(a.answers)) for a in ok])
    assert results[0].questions[0] is results[1].questions[0]  # equal results are shared, being immutable


@pytest.mark.parametrize("stated", [False, True])
def test_results_made_at_once_carry_each_agencys_own_fields(rules, stated):
    """The results of a counted table's agencies, made at once (one table alone, or looked at agency by agency
    when some agency states an empty Stated), equal the general path's: name, respondents, blanks, unreadable
    answers and other columns included."""
    from itakit.inputs.data import Stated

    codes = tuple(c for c in rules.sub_item_codes if c.startswith("i"))
    keys = [rules.scale(rules.sub_item(c)[1].scale).keys for c in codes]
    rows = [{c: AnswerTally({k[0]: 2 + r, k[-1]: r}, r % 3) for c, k in zip(codes, keys, strict=True)}
            for r in range(5)]
    table = _Table(rows, codes)

    def agencies(answers):  # noqa: ANN001, ANN202
        return [AgencyData(agency=f"a{r}", answers=answers(r), respondents=9 + r, unreadable=[f"line {r}"] * (r % 2),
                           extra={"province": f"p{r}"}, stated=Stated() if stated and r == 2 else None)
                for r in range(len(rows))]

    got = _outcome(rules, agencies(lambda r: CountedAnswers(table, r)))
    assert got == _general(rules, agencies(lambda r: rows[r]))
    assert [(r.respondents, r.blank_answers, r.unreadable, r.extra) for r in got] == [
        (9 + r, (r % 3) * len(codes), (f"line {r}",) * (r % 2), {"province": f"p{r}"}) for r in range(5)]
    assert got[0].extra is not got[1].extra and got[0].missing_tools == ("EIT", "OIT")


@pytest.mark.parametrize("slots", [True, False])
def test_many_builds_what_the_constructors_build(monkeypatch, slots):
    scores = [Fraction(1, 3), Fraction(2), Fraction(0)]
    if not slots:
        for cls in (QuestionResult, IndicatorResult, ToolResult):
            monkeypatch.setitem(result_module._SETTERS, cls, None)
    built = many(QuestionResult, 3, repeat("i1"), repeat(1), repeat("ก"), repeat("Q"), scores, [4, 5, 6])
    assert built == [QuestionResult("i1", 1, "ก", "Q", s, n) for s, n in zip(scores, [4, 5, 6], strict=True)]
    assert [hash(q) for q in built] == [hash(QuestionResult("i1", 1, "ก", "Q", s, n))
                                        for s, n in zip(scores, [4, 5, 6], strict=True)]
    built = many(IndicatorResult, 2, repeat(3), repeat("t"), repeat("e"), repeat("IIT"), scores, [1, 2],
                 repeat("answers"))
    assert built == [IndicatorResult(3, "t", "e", "IIT", scores[0], 1, "answers"),
                     IndicatorResult(3, "t", "e", "IIT", scores[1], 2, "answers")]
    built = many(ToolResult, 1, repeat("IIT"), repeat("t"), repeat("e"), repeat(Fraction(30)), scores)
    assert built == [ToolResult("IIT", "t", "e", Fraction(30), scores[0])]
    with pytest.raises(attrs.exceptions.FrozenInstanceError, match="can.t set attribute"):
        built[0].score = Fraction(1)  # still frozen


def test_a_class_that_converts_is_filled_with_converted_values():
    from types import MappingProxyType

    columns = dict(year=2565, indicators=(), tools=(), total=Fraction(1, 3), grade=None, missing_tools=("OIT",),
                   agency="ก", questions=(), items=(), respondents=4, unreadable=("x",), blank_answers=2,
                   next_grade=None, points_to_next_grade=None, tools_to_next_grade=MappingProxyType({}),
                   rules_verified=True, extra=MappingProxyType({"province": "น่าน"}))
    assert result_module._slot_setters(itakit.Result) is not None  # plain converters: run a column at a time
    built = many(itakit.Result, 2, *(repeat(value) for value in columns.values()))
    expected = itakit.Result(**columns)
    assert built == [expected, expected]
    assert [hash(r) for r in built] == [hash(expected)] * 2
    assert type(built[0].extra) is dict and built[0].extra == {"province": "น่าน"}  # converted, as __init__ does
    assert built[0].extra is not built[1].extra and type(built[1].tools_to_next_grade) is dict


def test_a_class_that_validates_or_hooks_is_built_by_its_constructor():
    @attrs.frozen
    class Checked:
        value: int = attrs.field(validator=attrs.validators.instance_of(int))

    assert result_module._slot_setters(Checked) is None
    with pytest.raises(TypeError, match="must be <class 'int'>"):
        many(Checked, 1, ["1"])
    assert result_module._slot_setters(itakit.AnswerTally) is None  # a post-init hook
    assert result_module._slot_setters(QuestionResult) is not None


@st.composite
def _scores(draw):
    """A score of 0-100, with small terms or with terms near the top of int64 (200 × numerator overflows)."""
    if draw(st.booleans()):
        return draw(st.fractions(min_value=0, max_value=100, max_denominator=1000))
    den = draw(st.integers(1 << 54, 1 << 56))
    return Fraction(draw(st.integers(0, 100 * den)), den)


@given(st.lists(st.lists(_scores(), min_size=3, max_size=3), min_size=1, max_size=5))
def test_ranks_at_once_are_the_ranks_one_by_one(rows):
    """Displayed figures compared whole (200 × numerator overflowing int64 included) rank as score.rank does."""
    from itakit.scoring import counted
    from itakit.scoring.bulk import Scores

    columns = [[row[i] for row in rows] for i in range(3)]
    scores = [Scores([], column, [f.numerator for f in column], [f.denominator for f in column], frozenset())
              for column in columns]
    expected = [scoring.rank(dict(enumerate(row))) for row in rows]
    for numpy in (pytest.importorskip("numpy"), None):
        got = counted._ranks(numpy, scores, len(rows))
        assert [[got[i][r] for i in range(3)] for r in range(len(rows))] == [[e[i] for i in range(3)] for e in expected]


@st.composite
def _dict_agencies(draw, rules):
    """Agencies as a reader or the API gives them: dict tallies, mostly of one file's columns in its order."""
    codes = [c for c in rules.sub_item_codes if c.startswith("i")]
    rows = []
    for _ in range(draw(st.integers(2, 6))):
        answers = {}
        for code in codes:
            scale = rules.scale(rules.sub_item(code)[1].scale)
            counts = {k: n for k in scale.keys if (n := draw(st.integers(0, 30)))}
            kind = draw(st.integers(0, 40))
            if kind == 0 and counts:  # a label instead of its key (API input)
                key = next(iter(counts))
                counts[scale.option(key).labels[0]] = counts.pop(key)
            elif kind == 1:
                counts["not a key"] = 0  # a key off the scale that nobody gave: every path skips it
            elif kind == 2:
                counts[scale.keys[0]] = draw(st.integers(1 << 62, 1 << 66))  # beyond int64
            answers[code] = AnswerTally(counts, draw(st.integers(0, 2)))
        if draw(st.integers(0, 15)) == 0:
            del answers[draw(st.sampled_from(codes))]  # a column missing: a group of its own
        if draw(st.integers(0, 15)) == 0:
            answers = dict(reversed(answers.items()))  # another column order: another group
        rows.append(AgencyData(agency=f"a{len(rows)}", answers=answers, respondents=30))
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), numpy=st.booleans())
def test_dict_tallies_of_many_agencies_score_at_once_as_one_by_one(rules, data, numpy):
    agencies = data.draw(_dict_agencies(rules))
    expected = _general(rules, agencies)
    with _numpy(numpy):
        got = _outcome(rules, agencies)
    assert got == expected
    _terms_are_plain(got)


def test_agencies_of_one_file_are_grouped_into_a_table(rules):
    from itakit.inputs.answers.counts import AnswerCounts, tables_of_tallies

    answers = {"i2": AnswerTally({"4": 2}), "i7": AnswerTally({"3": 1})}
    agencies = [AgencyData(answers=answers), AgencyData(answers=dict(reversed(answers.items()))),
                AgencyData(answers=answers, indicator_scores={9: 90}), AgencyData(answers=answers)]
    tables = tables_of_tallies(agencies)
    assert sorted(tables) == [0, 3]  # the other order stands alone; an agency with scores too is not counted
    table, row = tables[3]
    assert isinstance(table, AnswerCounts) and row == 1 and table.size == 2 and table.codes == ("i2", "i7")
    assert table.column_sums("i2", {"1": 0, "2": 1, "3": 2, "4": 3}) == ([6, 6], [2, 2])
    assert table.column_sums("e1", {"4": 3}) is None and table.column_sums("i2", {"1": 0}) is None
    assert [a.tolist() for a in table.column_arrays("i2", {"1": 0, "2": 1, "3": 2, "4": 3})] == [[6, 6], [2, 2]]
    assert table.tally(1, "i7") == answers["i7"] and table.blanks(0) == 0


def test_numpy_is_loaded_only_for_many_agencies(monkeypatch):
    """Loading numpy costs about 0.1 s: a few agencies are scored in Python ints unless it is loaded already."""
    from itakit.scoring import bulk

    tried = []
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "numpy":
            tried.append(name)
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "numpy", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse)
    assert bulk.numpy_for(bulk.NUMPY_ROWS - 1) is None and tried == []  # not even tried
    assert bulk.numpy_for(bulk.NUMPY_ROWS) is None and tried == ["numpy"]  # tried: not installed
