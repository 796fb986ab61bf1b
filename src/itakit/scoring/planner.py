"""The improvement planner: where an agency's next points are cheapest, computed exactly from its result.

Three answers, all pure arithmetic over a :class:`~itakit.rules.model.RuleSet` and a
:class:`~itakit.scoring.result.Result`: how much the total gains per point of each indicator
(its share of the total); what passing each failed OIT item would make of its
indicator and of the total (found by scoring the item results again with that item
passed, so it is exactly what scoring would say); and the smallest change that
reaches the next grade — the fewest OIT items to pass, and the fewest points on any
single indicator.  A grade is reached when the *displayed* (half-up, two-decimal)
total reaches the band, as the grade itself is decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..exact import HUNDRED, ZERO, round_half_up
from ..inputs.data import AgencyData
from ..rules.model import RuleSet
from ..rules.plugins import Registry, get_registry
from .result import ItemResult, Result
from .score import rescorer, score
from .standing import Route, routes, standing_margin

__all__ = [
    "GradeRoute",
    "ImprovementPlan",
    "IndicatorGain",
    "ItemGain",
    "QuestionGain",
    "ceil_cents",
    "plan_improvements",
]

_HALF_CENT = Fraction(1, 200)


def ceil_cents(value: Fraction) -> Decimal:
    """The smallest two-decimal figure at or above an exact value, for "at least" targets."""
    cents = -((-value * 100) // 1)  # ceiling of value * 100
    return Decimal(int(cents)).scaleb(-2)


@attrs.frozen
class IndicatorGain:
    """One indicator's leverage: the total gained per point of it, its room to 100, and what it alone would need."""

    number: int
    name_th: str
    name_en: str
    tool: str
    score: Fraction
    share: Fraction
    """The indicator's share of the total, in percent (2565: 6 for IIT, 10 for EIT, 20 for OIT)."""
    needed_for_next_grade: Fraction | None = None
    """Points this indicator alone must gain for the next grade; None at the top, without a total, or if 100 is not enough."""

    @property
    def gain_per_point(self) -> Fraction:
        """How much the total rises when this indicator rises by one point."""
        return self.share / HUNDRED

    @property
    def headroom(self) -> Fraction:
        """Points left to full marks."""
        return HUNDRED - self.score

    @property
    def gain_if_full(self) -> Fraction:
        """How much the total would rise if this indicator reached 100."""
        return self.headroom * self.gain_per_point

    @property
    def target_score(self) -> Decimal | None:
        """The displayed score this indicator alone must reach (rounded up) for the next grade, or None."""
        if self.needed_for_next_grade is None:
            return None
        return min(ceil_cents(self.score + self.needed_for_next_grade), Decimal("100.00"))


@attrs.frozen
class QuestionGain:
    """A survey question below full marks, and what full marks on it would add to its indicator and the total."""

    code: str
    indicator: int
    tool: str
    text_th: str
    text_en: str
    score: Fraction
    gain_if_full: Fraction
    """Rise of the total if this question alone scored 100."""
    reverse: bool | None = None
    """True when every sub-item is reverse-scored (the question asks about bad conduct), False when none is, None when mixed."""


@attrs.frozen
class ItemGain:
    """A failed OIT item and the indicator and total the agency would have had if it had passed."""

    code: str
    name_th: str
    name_en: str
    indicator: int
    sub_indicator: str
    indicator_before: Fraction
    indicator_after: Fraction
    total_before: Fraction | None
    total_after: Fraction | None
    grade_after: str | None = None

    @property
    def gain(self) -> Fraction | None:
        """Rise of the total if this item passed (None without a total)."""
        if self.total_before is None or self.total_after is None:
            return None
        return self.total_after - self.total_before

    @property
    def display_gain(self) -> Decimal | None:
        """The rise as a reader would see it: displayed total after minus displayed total before."""
        if self.total_before is None or self.total_after is None:
            return None
        return round_half_up(self.total_after) - round_half_up(self.total_before)


@attrs.frozen
class GradeRoute:
    """The smallest changes that lift the displayed total into the next grade's band."""

    target: str
    target_lower: Decimal
    points_needed: Decimal
    """Displayed points the total lacks (``Result.points_to_next_grade``)."""
    items: tuple[str, ...] | None = None
    """The fewest failed OIT items whose passing reaches the target, or None when passing all is not enough or items are unknown."""
    items_total_after: Fraction | None = None
    indicator: int | None = None
    """The indicator needing the fewest points of its own to reach the target alone, or None when no single one can."""
    indicator_points: Fraction | None = None
    indicator_target: Decimal | None = None
    combination: tuple[tuple[int, Decimal], ...] = ()
    """When no single change is enough: after passing every failed item, the indicators to raise
    together and the displayed score each must reach, largest share of the total first (the fewest
    points in all); empty when a single change suffices or even full marks fall short."""

    @property
    def single_change_suffices(self) -> bool:
        """True when one kind of change alone (items, or one indicator) reaches the target."""
        return self.items is not None or self.indicator is not None


@attrs.frozen
class ImprovementPlan:
    """Everything the planner found for one result; see :func:`plan_improvements`."""

    year: int
    total: Fraction | None
    grade: str | None
    gains: tuple[IndicatorGain, ...]
    questions: tuple[QuestionGain, ...] = ()
    """Questions below full marks, lowest score first (empty for indicator-level input)."""
    failed_items: tuple[ItemGain, ...] = ()
    """Failed OIT items, the largest gain first."""
    route: GradeRoute | None = None
    """How to reach the next grade; None at the top grade or without a total."""
    margin: Decimal | None = None
    """Displayed points the total stands above the least total of its own rating level (what it may lose and keep
    it); None for a failing level (a margin above ไม่ผ่าน means nothing) and for a rating a plugin's hook decided
    otherwise than the year's data would."""
    routes: tuple[Route, ...] = ()
    """One checked route per better rating that can be reached (:func:`itakit.scoring.standing.routes`)."""

    @property
    def display_total(self) -> Decimal | None:
        """The total as published, two decimals."""
        return None if self.total is None else round_half_up(self.total)

    def gain(self, number: int) -> IndicatorGain:
        """The leverage of one indicator (KeyError if it was not scored)."""
        for gain in self.gains:
            if gain.number == number:
                return gain
        raise KeyError(number)

    def item(self, code: str) -> ItemGain:
        """The gain of one failed OIT item (KeyError if it did not fail)."""
        for item in self.failed_items:
            if item.code == code:
                return item
        raise KeyError(code)


def _rescoring_data(result: Result) -> AgencyData:
    """Input that scores to ``result`` again: indicators as scores, except those scored from OIT items."""
    return AgencyData(
        agency=result.agency,
        indicator_scores={i.number: i.score for i in result.indicators if i.source != "items"},
        item_results={item.code: item.passed for item in result.items},
    )


def _with_passed(data: AgencyData, codes: Sequence[str]) -> AgencyData:
    results: dict[object, object] = {}
    results.update(data.item_results)
    for code in codes:
        results[code] = True
    return attrs.evolve(data, item_results=results)


def _question_reverse(rules: RuleSet, code: str) -> bool | None:
    flags = {sub.reverse for sub in rules.question(code)[1].sub_items}
    return flags.pop() if len(flags) == 1 else None


def plan_improvements(
    rule_set: RuleSet, result: Result, *, registry: Registry | None = None
) -> ImprovementPlan:
    """Work out where the agency's next points are cheapest, exactly; see the module docstring.

    ``registry`` supplies the grading hooks used when failed items are re-scored (the
    process-wide one by default).
    """
    registry = registry or get_registry()
    shares = rule_set.weights_by_indicator()
    total = result.total
    target = None
    needed_total: Fraction | None = None
    # A single change on the total alone is advice only when the total is all that is short (no tool,
    # no rating hook deciding); otherwise the checked routes below are the advice.
    total_only = not result.tools_to_next_grade and result.points_to_next_grade is not None
    if total is not None and result.next_grade is not None:
        target = rule_set.effective_rating.level(result.next_grade)
        if target is not None and total_only:
            needed_total = Fraction(target.min_total) - _HALF_CENT - total  # half-up: x.xx5 shows as the edge

    gains = []
    for ind in result.indicators:
        share = shares[ind.number]
        needed = None
        if needed_total is not None and share > 0:
            points = needed_total * HUNDRED / share
            if ind.score + points <= HUNDRED:
                needed = points
        gains.append(IndicatorGain(ind.number, ind.name_th, ind.name_en, ind.tool, ind.score, share, needed))

    questions = []
    for q in result.questions:
        if q.score >= HUNDRED:
            continue
        indicator = rule_set.indicator(q.indicator)
        per_question = shares[q.indicator] / HUNDRED / len(indicator.questions)
        questions.append(
            QuestionGain(q.code, q.indicator, rule_set.tool_of(q.indicator).code, q.text_th, q.text_en,
                         q.score, (HUNDRED - q.score) * per_question, _question_reverse(rule_set, q.code))
        )
    order = {code: n for n, code in enumerate(rule_set.question_codes)}
    questions.sort(key=lambda g: (g.score, order.get(g.code, 0)))

    failed = _failed_items(rule_set, result, registry)

    checked = routes(rule_set, result, registry, rescorer(rule_set, registry)) if total is not None else ()
    route = None
    if target is not None and needed_total is not None and result.points_to_next_grade is not None:
        route = _route(rule_set, result, registry, failed, gains, target.code, target.min_total)
    elif target is not None and result.points_to_next_grade is not None:
        first = next((r for r in checked if r.grade == target.code), None)
        route = GradeRoute(
            target=target.code, target_lower=target.min_total, points_needed=result.points_to_next_grade,
            combination=() if first is None else first.indicator_scores,
        )
    margin = standing_margin(rule_set, result)
    return ImprovementPlan(
        year=result.year,
        total=total,
        grade=None if result.grade is None else result.grade.code,
        gains=tuple(gains),
        questions=tuple(questions),
        failed_items=failed,
        route=route,
        margin=margin,
        routes=checked,
    )


def _failed_items(rules: RuleSet, result: Result, registry: Registry | None) -> tuple[ItemGain, ...]:
    failed: list[ItemResult] = [item for item in result.items if not item.passed]
    if not failed:
        return ()
    data = _rescoring_data(result)
    gains = []
    for item in failed:
        after = score(rules, _with_passed(data, [item.code]), registry=registry)
        gains.append(
            ItemGain(
                item.code, item.name_th, item.name_en, item.indicator, item.sub_indicator,
                result.indicator(item.indicator).score, after.indicator(item.indicator).score,
                result.total, after.total, None if after.grade is None else after.grade.code,
            )
        )
    order = {code: n for n, code in enumerate(rules.item_codes)}
    shares = rules.weights_by_indicator()
    # largest rise of the total first (also right without a total: the indicator's rise times its share)
    gains.sort(key=lambda g: (-(g.indicator_after - g.indicator_before) * shares[g.indicator], order.get(g.code, 0)))
    return tuple(gains)


def _route(
    rules: RuleSet,
    result: Result,
    registry: Registry | None,
    failed: tuple[ItemGain, ...],
    gains: list[IndicatorGain],
    target: str,
    target_lower: Decimal,
) -> GradeRoute:
    assert result.total is not None and result.points_to_next_grade is not None
    items: tuple[str, ...] | None = None
    items_total: Fraction | None = None
    if failed:
        # Each item adds to the total independently (a sub-indicator is linear in its passes),
        # so taking the largest gains first gives the fewest items; scoring again confirms it.
        running = result.total
        chosen: list[str] = []
        for item in failed:  # already sorted by gain, largest first
            gain = item.gain or ZERO
            chosen.append(item.code)
            running += gain
            if round_half_up(running) >= target_lower:
                break
        if round_half_up(running) >= target_lower:
            after = score(rules, _with_passed(_rescoring_data(result), chosen), registry=registry)
            if after.total is not None and _reaches(rules, after, target):
                items, items_total = tuple(chosen), after.total
    feasible = [g for g in gains if g.needed_for_next_grade is not None]
    best = min(feasible, key=lambda g: (g.needed_for_next_grade, g.number), default=None)
    if best is not None and best.target_score is not None:
        data = _rescoring_data(result)
        raised = attrs.evolve(data, indicator_scores={**data.indicator_scores, best.number: best.target_score},
                              item_results={c: v for c, v in data.item_results.items()
                                            if rules.item(c)[0].number != best.number})
        after = score(rules, raised, registry=registry)
        if not _reaches(rules, after, target):
            best = None
    combination: tuple[tuple[int, Decimal], ...] = ()
    if items is None and best is None:
        combination = _combination(rules, result, registry, failed, gains, target_lower)
        if combination:  # checked like every other advice: applied and scored again (a hook may want more)
            data = _with_passed(_rescoring_data(result), [i.code for i in failed])
            targets = dict(combination)
            applied = attrs.evolve(data, indicator_scores={**data.indicator_scores, **targets},
                                   item_results={c: v for c, v in data.item_results.items()
                                                 if rules.item(c)[0].number not in targets})
            if not _reaches(rules, score(rules, applied, registry=registry), target):
                combination = ()
    return GradeRoute(
        target=target,
        target_lower=target_lower,
        points_needed=result.points_to_next_grade,
        items=items,
        items_total_after=items_total,
        indicator=None if best is None else best.number,
        indicator_points=None if best is None else best.needed_for_next_grade,
        indicator_target=None if best is None else best.target_score,
        combination=combination,
    )


def _reaches(rules: RuleSet, after: Result, target: str) -> bool:
    """True when a rescored result is rated ``target`` or better."""
    order = [level.code for level in rules.rating_levels]
    if after.grade is None or after.grade.code not in order or target not in order:
        return False
    return order.index(after.grade.code) <= order.index(target)


def _combination(
    rules: RuleSet,
    result: Result,
    registry: Registry | None,
    failed: tuple[ItemGain, ...],
    gains: list[IndicatorGain],
    target_lower: Decimal,
) -> tuple[tuple[int, Decimal], ...]:
    """Pass every failed item, then raise indicators by largest share first until the target is reached."""
    assert result.total is not None
    data = _rescoring_data(result)
    after = score(rules, _with_passed(data, [i.code for i in failed]), registry=registry) if failed else result
    assert after.total is not None
    missing = Fraction(target_lower) - _HALF_CENT - after.total
    steps: list[tuple[int, Decimal]] = []
    shares = {g.number: g.share for g in gains}
    candidates = sorted(after.indicators, key=lambda i: (-shares[i.number], i.score, i.number))
    for ind in candidates:
        if missing <= 0:
            break
        room = HUNDRED - ind.score
        if room <= 0 or shares[ind.number] <= 0:
            continue
        points = min(room, missing * HUNDRED / shares[ind.number])
        steps.append((ind.number, min(ceil_cents(ind.score + points), Decimal("100.00"))))
        missing -= points * shares[ind.number] / HUNDRED
    return tuple(steps) if missing <= 0 else ()
