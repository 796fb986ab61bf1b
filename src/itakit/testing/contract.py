"""The contract a year's rule set, and its plugin's rating hook, must keep: checks a plugin author runs.

Two ways to use it, in the manner of zarr's ``StoreTests`` and fsspec's abstract test
classes:

* subclass :class:`RuleSetContract` in your own tests and set ``rule_set`` (and
  optionally ``registry``, the plugins whose ``itakit_grade`` hooks rate results)::

      from itakit.testing import RuleSetContract

      class TestMyRules(RuleSetContract):
          rule_set = my_plugin.rule_set()
          registry = itakit.Registry(autoload=False, plugins=[my_plugin])

* or call :func:`check_rule_set` for the structure alone; it raises one
  :class:`AssertionError` listing every problem.

The structural checks (:mod:`itakit.testing.structure`) read the rule set's public
fields only (tools, bands, scales, pass line), independently of
:class:`~itakit.rules.model.RuleSet`'s own validation, so they also judge a rule set forged
with ``attrs``/``object.__setattr__`` tricks, built by a future model, or a duck-typed
stand-in.  The scoring properties are Hypothesis
properties over inputs drawn by :mod:`itakit.testing.strategies`.

What the contract expects of a rating (declared as data, or decided by an ``itakit_grade``
hook): for every complete result of the year the grade's ``code`` is one of the year's
rating levels (the bands, for a year graded by its bands) and its ``passed`` is that
level's; it may hold a result *below* the best level its displayed total could reach (from
2566 low tool scores do this) but never lift it *above*; raising any input never lowers
the rating — probed at random points and at the x.x4/x.x5 edges of the total and of each
tool, around every threshold the data names and every whole number; all-best input gets
the top level and all-worst input the lowest.  Where no plugin's hook answers, the grade
must be exactly what the year's data gives; where the data declares a rating and a hook
also answers, the two must agree.  A hook judges the displayed figures: two results that
display the same total and tool scores get the same rating (:mod:`itakit.testing.hooks`),
and every band of a year graded by bands plus a hook is a level the hook gives somewhere.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..exact import HUNDRED, ZERO
from ..inputs.data import AgencyData, AnswerTally
from ..rules.grading import grade_by_data
from ..rules.model import Grade, RuleSet
from ..rules.plugins import Registry, get_registry
from ..scoring.result import IndicatorResult, Result, ToolResult
from ..scoring.score import score
from .edges import edge_probes, rating_edges
from .hooks import undisplayed_problems, unreached_levels
from .order import check_file_order, check_input_order
from .strategies import FORMS, Form, agency_data, best_key, effective_points, worst_key
from .structure import rule_set_problems

__all__ = [
    "RuleSetContract",
    "check_extremes",
    "check_file_order",
    "check_input_order",
    "check_raising",
    "check_rating_edges",
    "edge_probes",
    "rating_edges",
    "check_rule_set",
    "check_total_in_range",
    "extreme_input",
    "raised_inputs",
    "rating_problems",
    "rule_set_problems",
    "undisplayed_problems",
    "unreached_levels",
]


# == structure ===============================================================================


def _uniform_result(rule_set: RuleSet, value: Decimal, registry: Registry) -> Result:
    data = AgencyData(indicator_scores={ind.number: value for ind in rule_set.indicators})
    return score(rule_set, data, registry=registry)


def check_rule_set(rule_set: Any, registry: Registry | None = None) -> None:
    """Raise one AssertionError listing every structural problem of a rule set; do nothing when it is sound.

    With a ``registry``, a sound rule set is also graded at both edges of every band
    (every indicator at that figure) and the grades are checked as :func:`rating_problems` does.
    """
    problems = rule_set_problems(rule_set)
    if not problems and registry is not None:
        edges = {edge for band in rule_set.bands for edge in (band.lower, band.upper)}
        edges.update(level.min_total for level in rule_set.rating_levels)
        for edge in sorted(edges):
            problems.extend(rating_problems(rule_set, _uniform_result(rule_set, edge, registry), registry))
        problems = list(dict.fromkeys(problems))
    if problems:
        year = getattr(rule_set, "year", "?")
        lines = "\n".join(f"  - {p}" for p in problems)
        raise AssertionError(f"rule set {year} breaks the itakit contract ({len(problems)} problem(s)):\n{lines}")


# == scoring properties ======================================================================


def _band_rank(rule_set: RuleSet) -> dict[str, int]:
    """Each rating level's code with its rank, the lowest level 0 (a higher rank is a better rating)."""
    levels = rule_set.rating_levels
    return {level.code: len(levels) - 1 - n for n, level in enumerate(levels)}


def _tools(result: Result) -> str:
    return ", ".join(f"{t.code} {t.display_score}" for t in result.tools)


def _who(info: Any) -> str:
    if info.distribution.startswith("(registered"):
        return f"plugin {info.name}"
    return f"{info.distribution} (plugin {info.name})"


def rating_problems(rule_set: RuleSet, result: Result, registry: Registry) -> list[str]:
    """What is wrong with a scored result's grade, by the contract's expectations of a rating hook (see the module)."""
    shown = result.display_total
    if shown is None:
        return [] if result.grade is None else [f"a result without a total was graded {result.grade!r}"]
    rating = rule_set.effective_rating
    band = rating.ceiling(shown)
    grade = result.grade
    where = f"total {shown} (tools {_tools(result)})"
    if not isinstance(grade, Grade):
        return [f"{where}: the grade is {grade!r}, not an itakit.Grade"]
    bare = attrs.evolve(result, grade=None, next_grade=None, points_to_next_grade=None)
    answers = registry.rating_answers(rule_set, bare)
    by_data = grade_by_data(rule_set, shown, {t.code: t.display_score for t in result.tools})
    if not answers:
        if grade != by_data:
            if rule_set.rating is None:
                return [f"{where}: graded {grade.code!r}, but no plugin's itakit_grade answered and the band holding {shown} is {band.code!r}"]
            return [f"{where}: graded {grade.code!r}, but no plugin's itakit_grade answered and the year's declared rating gives {by_data.code!r}"]
        return []
    who = " and ".join(_who(info) for info, _ in answers)
    problems = []
    for info, answer in answers:
        if not isinstance(answer, Grade):
            problems.append(f"{where}: itakit_grade of {_who(info)} returned {answer!r}, not an itakit.Grade")
    chosen = rating.level(grade.code)
    if chosen is None:
        codes = ", ".join(level.code for level in rating.levels)
        kind = "bands" if rule_set.rating is None else "rating levels"
        problems.append(f"{where}: rated {grade.code!r} by {who}, which is not one of the {kind} ({codes}); a rating hook must award one of the year's {kind}")
        return problems
    if grade.passed != chosen.passed:
        kind = "band" if rule_set.rating is None else "level"
        problems.append(
            f"{where}: rated {grade.code!r} with passed={grade.passed} by {who}, but the {kind} {chosen.code!r} has passed={chosen.passed}"
        )
    rank = _band_rank(rule_set)
    if rank[chosen.code] > rank[band.code]:
        problems.append(
            f"{where}: rated {grade.code!r} by {who}, better than {band.code!r}, the band of the total; a rating may "
            "hold a result below the band of its total (for its tool scores), never lift it above"
        )
    if rule_set.rating is not None and rule_set.rating.has_tool_conditions and grade.code != by_data.code:
        problems.append(
            f"{where}: rated {grade.code!r} by {who}, but the year's declared rating (its data) gives {by_data.code!r}; "
            "where a rule set declares its rating as data and a plugin's hook also rates, the two must agree"
        )
    return problems


def _score(rule_set: RuleSet, data: AgencyData, registry: Registry) -> Result:
    return score(rule_set, data, registry=registry)


def check_total_in_range(rule_set: RuleSet, data: AgencyData, registry: Registry) -> Result:
    """A complete input gets a total, tool and indicator scores within 0–100, and a grade that keeps the contract."""
    result = _score(rule_set, data, registry)
    if result.total is None:
        raise AssertionError(f"a complete input got no total (missing tools: {', '.join(result.missing_tools)})")
    if not ZERO <= result.total <= HUNDRED:
        raise AssertionError(f"the total {result.total} ({result.display_total}) is outside 0-100")
    parts: list[ToolResult | IndicatorResult] = [*result.tools, *result.indicators]
    for part in parts:
        if not ZERO <= part.score <= HUNDRED:
            name = getattr(part, "code", None) or f"indicator {getattr(part, 'number', '?')}"
            raise AssertionError(f"{name} scored {part.score}, outside 0-100")
    problems = rating_problems(rule_set, result, registry)
    if problems:
        raise AssertionError("\n".join(problems))
    return result


def _better_key(rule_set: RuleSet, code: str, key: str) -> str | None:
    _, sub = rule_set.sub_item(code)
    scale = rule_set.scale(sub.scale)
    here = effective_points(scale, key, sub.reverse)
    better = [k for k in scale.keys if effective_points(scale, k, sub.reverse) > here]
    return min(better, key=lambda k: effective_points(scale, k, sub.reverse)) if better else None


@st.composite
def raised_inputs(draw: st.DrawFn, rule_set: RuleSet, data: AgencyData) -> tuple[str, AgencyData]:
    """One input raised: an indicator or question score moved up, a failed OIT item passed, or one
    respondent's answer moved one step toward the best option of its sub-item (reverse items respected).

    Returns a description of the change and the changed input (unchanged when all is at its best).
    """
    targets: list[tuple[str, Any, Any]] = []
    targets += [("indicator", n, v) for n, v in data.indicator_scores.items() if v < HUNDRED]
    targets += [("question", c, v) for c, v in data.question_scores.items() if v < HUNDRED]
    targets += [("item", c, None) for c, ok in data.item_results.items() if not ok]
    for code, tally in data.answers.items():
        for key, n in tally.counts.items():
            better = _better_key(rule_set, code, key) if n else None
            if better is not None:
                targets.append(("answer", code, (key, better)))
    if not targets:
        return "nothing (every input is already at its best)", data
    kind, where, value = draw(st.sampled_from(targets))
    if kind in ("indicator", "question"):
        step = Fraction(draw(st.integers(1, 100)), 100)
        new = value + (HUNDRED - value) * step
        if kind == "indicator":
            changed = attrs.evolve(data, indicator_scores={**data.indicator_scores, where: new})
        else:
            changed = attrs.evolve(data, question_scores={**data.question_scores, where: new})
        return f"{kind} {where} from {value} to {new}", changed
    if kind == "item":
        return f"{rule_set.code_kind(where)} from fail to pass", attrs.evolve(data, item_results={**data.item_results, where: True})
    key, better = value
    tally = data.answers[where]
    counts = dict(tally.counts)
    counts[key] -= 1
    counts[better] = counts.get(better, 0) + 1
    reverse = " (reverse-scored)" if rule_set.sub_item(where)[1].reverse else ""
    return (
        f"one respondent's answer to {where}{reverse} from {key!r} to {better!r}",
        attrs.evolve(data, answers={**data.answers, where: AnswerTally(counts, tally.blank)}),
    )


def check_raising(rule_set: RuleSet, data: AgencyData, raised: AgencyData, what: str, registry: Registry) -> None:
    """Raising an input (``what`` says which) never lowers the total, nor the rating."""
    before = _score(rule_set, data, registry)
    after = _score(rule_set, raised, registry)
    assert before.total is not None and after.total is not None
    if after.total < before.total:
        raise AssertionError(
            f"raising {what} lowered the total from {before.total} ({before.display_total}) "
            f"to {after.total} ({after.display_total})"
        )
    rank = _band_rank(rule_set)
    if before.grade is not None and after.grade is not None and rank.get(after.grade.code, -1) < rank.get(before.grade.code, -1):
        raise AssertionError(
            f"raising {what} lowered the rating from {before.grade.code!r} (total {before.display_total}, "
            f"tools {_tools(before)}) to {after.grade.code!r} (total {after.display_total}, tools {_tools(after)})"
        )


def check_rating_edges(
    rule_set: RuleSet, registry: Registry, base: Mapping[int, Fraction], wheres: Sequence[str] | None = None,
    edges: Sequence[Decimal] | None = None,
) -> None:
    """Across every edge of the total and of each tool, raising one indicator never lowers the rating.

    ``base`` gives the indicators not being probed.  Raises one AssertionError naming the first drop found.
    """
    wheres = list(wheres) if wheres is not None else [*(t.code for t in rule_set.tools), "total"]
    for where in wheres:
        for edge in edges if edges is not None else rating_edges(rule_set):
            probe = edge_probes(rule_set, base, where, edge)
            if probe is None:
                continue
            what, before, after = probe
            check_raising(rule_set, before, after, what, registry)
            problems = rating_problems(rule_set, _score(rule_set, after, registry), registry)
            if problems:
                raise AssertionError("\n".join(problems))


def extreme_input(rule_set: RuleSet, form: Form, *, best: bool) -> AgencyData:
    """The all-best (or all-worst) input in one form: every score 100, every item passed, every answer the best one."""
    top = HUNDRED if best else ZERO
    if form == "indicators":
        return AgencyData(indicator_scores={ind.number: top for ind in rule_set.indicators})
    items = dict.fromkeys(rule_set.item_codes, best)
    scores_only = {ind.number: top for ind in rule_set.indicators if ind.kind == "score"}  # nothing finer to give
    if form == "questions":
        return AgencyData(indicator_scores=scores_only, question_scores=dict.fromkeys(rule_set.question_codes, top),
                          item_results=items)
    pick = best_key if best else worst_key
    answers = {}
    for code in rule_set.sub_item_codes:
        _, sub = rule_set.sub_item(code)
        answers[code] = AnswerTally({pick(rule_set.scale(sub.scale), sub.reverse): 1})
    return AgencyData(indicator_scores=scores_only, item_results=items, answers=answers)


def check_extremes(rule_set: RuleSet, registry: Registry, *, best: bool) -> None:
    """All-best input in every form totals exactly 100 and gets the top level; all-worst, 0 and the lowest level."""
    levels = rule_set.rating_levels
    want_total, want_band = (HUNDRED, levels[0]) if best else (ZERO, levels[-1])
    label = "all-best" if best else "all-worst"
    problems = []
    finer = bool(rule_set.question_codes or rule_set.item_codes)  # an indicator-level rule set has one form
    for form in ("indicators", "questions", "answers") if finer else ("indicators",):
        result = _score(rule_set, extreme_input(rule_set, form, best=best), registry)
        if result.total != want_total:
            problems.append(f"{label} input ({form}) totals {result.total} ({result.display_total}), not {want_total}")
        if result.grade is None or result.grade.code != want_band.code:
            got = None if result.grade is None else result.grade.code
            problems.append(
                f"{label} input ({form}) is rated {got!r}, not {want_band.code!r}, the {'top' if best else 'lowest'} band "
                f"(total {result.display_total}, tools {_tools(result)})"
            )
    if problems:
        raise AssertionError("\n".join(problems))


# == the test class ===========================================================================


class RuleSetContract:
    """The contract suite: subclass it in your tests (name the subclass ``Test…``) and set ``rule_set``
    (a rule set, or a function returning one, such as your plugin's cached loader).

    ``registry`` (default: the process-wide one, from installed entry points) supplies the
    ``itakit_grade`` hooks that rate results; give one holding your plugin so its rating is
    checked.  ``max_examples`` sets how many inputs Hypothesis draws per property.  To build
    the rule set from fixtures instead, override the ``contract_rule_set`` (and
    ``contract_registry``) fixtures; they may use session-scoped fixtures of your own.  When the structure is broken,
    ``test_structure`` fails listing every problem and the scoring properties are skipped.
    """

    rule_set: ClassVar[RuleSet | None] = None
    registry: ClassVar[Registry | None] = None
    max_examples: ClassVar[int] = 50
    unreachable_levels: ClassVar[tuple[str, ...]] = ()
    """Band codes the plugin's hook is known never to give (then say why in your docs); the rest must be given."""

    @pytest.fixture
    def contract_rule_set(self, request: pytest.FixtureRequest) -> RuleSet:
        """The rule set under test: the class's ``rule_set`` (a RuleSet, or a function returning one)."""
        rule_set = getattr(request.cls, "rule_set", None)
        if callable(rule_set) and not isinstance(rule_set, RuleSet):
            rule_set = rule_set()
        if rule_set is None:
            pytest.fail(
                f"{request.cls.__name__}: set `rule_set = ...` on the class, or override the "
                "contract_rule_set fixture", pytrace=False,
            )
        return rule_set

    @pytest.fixture
    def contract_registry(self, request: pytest.FixtureRequest) -> Registry:
        """The plugins that grade results: the class's ``registry``, else the process-wide one."""
        return getattr(request.cls, "registry", None) or get_registry()

    # -- helpers -------------------------------------------------------------------------------

    def _settings(self) -> Callable[[Any], Any]:
        return settings(
            max_examples=type(self).max_examples,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )

    @staticmethod
    def _sound(rule_set: RuleSet) -> RuleSet:
        if rule_set_problems(rule_set):
            pytest.skip("the rule set's structure is broken (see test_structure): scoring is not checked")
        return rule_set

    # -- structure -----------------------------------------------------------------------------

    def test_structure(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """Weights, bands, pass line, codes, questions, scales (see :func:`rule_set_problems`), and grades at band edges."""
        check_rule_set(contract_rule_set, contract_registry)

    # -- scoring properties ----------------------------------------------------------------------

    def test_total_is_within_0_and_100(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """Any complete input in any form gets a total, tool and indicator scores within 0–100."""
        rules, registry = self._sound(contract_rule_set), contract_registry

        @self._settings()
        @given(data=agency_data(rules))
        def check(data: AgencyData) -> None:
            check_total_in_range(rules, data, registry)

        check()

    def test_raising_an_input_never_lowers_the_total_or_the_rating(
        self, contract_rule_set: RuleSet, contract_registry: Registry
    ) -> None:
        """Raising a score, passing an item or moving one answer toward the best never lowers total or rating."""
        rules, registry = self._sound(contract_rule_set), contract_registry

        @self._settings()
        @given(data=st.data(), form=st.sampled_from(FORMS))
        def check(data: st.DataObject, form: Form) -> None:
            before = data.draw(agency_data(rules, form), label="input")
            what, after = data.draw(raised_inputs(rules, before), label="raised")
            check_raising(rules, before, after, what, registry)

        check()

    def test_all_best_input_gives_100_and_the_top_grade(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """Every score 100, every item passed, every answer the best: total 100 and the top band, in every form."""
        check_extremes(self._sound(contract_rule_set), contract_registry, best=True)

    def test_all_worst_input_gives_0_and_the_lowest_grade(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """Every score 0, every item failed, every answer the worst: total 0 and the lowest band, in every form."""
        check_extremes(self._sound(contract_rule_set), contract_registry, best=False)

    def test_rating_agrees_with_the_bands(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """The grade is the band of the displayed total, or a rating hook's band no better than it."""
        rules, registry = self._sound(contract_rule_set), contract_registry

        @self._settings()
        @given(data=agency_data(rules, "indicators"))
        def check(data: AgencyData) -> None:
            problems = rating_problems(rules, _score(rules, data, registry), registry)
            if problems:
                raise AssertionError("\n".join(problems))

        check()

    def test_rating_never_drops_at_the_edges(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """Raising one indicator across the x.x4/x.x5 edge of the total or of a tool never lowers the rating:
        every edge (thresholds of the data, every whole number), the other indicators at 100, at 60 and at 0."""
        rules, registry = self._sound(contract_rule_set), contract_registry
        named = rating_edges(rules, whole_numbers=False)  # the thresholds the data names
        for fill, edges in ((HUNDRED, None), (Fraction(60), named), (ZERO, named)):
            check_rating_edges(rules, registry, dict.fromkeys((i.number for i in rules.indicators), fill), edges=edges)

    def test_rating_never_drops_at_the_edges_of_random_agencies(
        self, contract_rule_set: RuleSet, contract_registry: Registry
    ) -> None:
        """The same at random agencies: a tool (or the total) put just below an edge, then one indicator raised over it."""
        rules, registry = self._sound(contract_rule_set), contract_registry
        wheres = [*(t.code for t in rules.tools), "total"]

        @self._settings()
        @given(base=agency_data(rules, "indicators"), where=st.sampled_from(wheres),
               edge=st.sampled_from(rating_edges(rules)))
        def check(base: AgencyData, where: str, edge: Decimal) -> None:
            check_rating_edges(rules, registry, base.indicator_scores, [where], [edge])

        check()

    def test_rating_follows_the_displayed_figures(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """A rating hook gives the same rating to two results whose displayed figures are all the same: each tool (and
        everything at once) at the lowest and the highest exact value that display as each edge."""
        problems = undisplayed_problems(self._sound(contract_rule_set), contract_registry)
        if problems:
            raise AssertionError("\n".join(problems))

    def test_every_band_is_a_level_the_hook_gives(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """For a year graded by bands plus a rating hook, the hook gives every band somewhere (``unreachable_levels``
        lists those it is meant never to give)."""
        allowed = set(type(self).unreachable_levels)
        problems = [p for p in unreached_levels(self._sound(contract_rule_set), contract_registry)
                    if not any(f"band {code!r} " in p for code in allowed)]
        if problems:
            raise AssertionError("\n".join(problems))

    def test_input_order_does_not_matter(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """Shuffling the input's mappings and tallies changes nothing in the result."""
        rules, registry = self._sound(contract_rule_set), contract_registry

        @self._settings()
        @given(data=agency_data(rules), rnd=st.randoms(use_true_random=False))
        def check(data: AgencyData, rnd: random.Random) -> None:
            check_input_order(rules, data, rnd, registry)

        check()

    def test_file_row_order_does_not_matter(self, contract_rule_set: RuleSet, contract_registry: Registry) -> None:
        """Input written to CSV files scores as it does directly, with the rows in any order."""
        rules, registry = self._sound(contract_rule_set), contract_registry

        @self._settings()
        @given(data=agency_data(rules), rnd=st.randoms(use_true_random=False))
        def check(data: AgencyData, rnd: random.Random) -> None:
            check_file_order(rules, data, rnd, registry)

        check()
