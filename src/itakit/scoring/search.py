"""Raised indicator scores that reach a rating level: the search behind the next rating's shortfall and the routes.

A candidate starts from the result's exact indicator scores and raises some of them to
two-decimal targets (never above 100): first each tool to the floor the level sets it,
then the total to the level's least total, spending the points where they count most.
What makes the search complete is how a level is reached *exactly* (a route to ผ่าน must
not overshoot into ผ่านดี): the result must meet the level and fail the level right
above it, so the candidates are the ways to fail that one condition at a time — keep one
tool displayed below the floor the level above sets it (its indicators may still rise,
but only so far), or keep the total below the level above's least total.  Raising the
other tools never harms a rating declared as data (levels are ordered), so for such a
rating one of these candidates reaches the level whenever any raising does: when none
does, none exists.  A rating decided by a plugin's hook is probed wider — tool floors at
every figure the data names, the total raised through every subset of the tools — and
every candidate is judged by the hook itself, by scoring it again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import combinations

import attrs

from ..exact import HUNDRED, ZERO
from ..inputs.data import AgencyData
from ..rules.model import RuleSet
from ..rules.rating import RatingLevel
from .result import Result

__all__ = [
    "Candidate",
    "Found",
    "Rescore",
    "Route",
    "apply_route",
    "ceil_cents",
    "rescoring_data",
    "search_level",
]

Rescore = Callable[[AgencyData], Result]
"""Scores an input again by the same rule set and registry (how routes and hook searches are checked)."""

_HALF_CENT = Fraction(1, 200)
_CENT = Fraction(1, 100)
_FULL = Decimal("100.00")


def ceil_cents(value: Fraction) -> Decimal:
    """The smallest two-decimal figure at or above an exact value, for "at least" targets."""
    cents = -((-value * 100) // 1)
    return Decimal(int(cents)).scaleb(-2)


@attrs.frozen
class Route:
    """Target displayed scores for the indicators to raise, and the rating and total they give when scored again."""

    grade: str
    indicator_scores: tuple[tuple[int, Decimal], ...]
    total: Decimal

    def to_dict(self) -> dict[str, object]:
        """The route as JSON-ready data (``itakit plan --format json``)."""
        return {
            "grade": self.grade,
            "indicator_scores": {str(n): str(score) for n, score in self.indicator_scores},
            "total": str(self.total),
        }


def rescoring_data(result: Result) -> AgencyData:
    """Input that scores to ``result`` again: indicators as exact scores, except those scored from OIT items."""
    return AgencyData(
        agency=result.agency,
        indicator_scores={i.number: i.score for i in result.indicators if i.source != "items"},
        item_results={item.code: item.passed for item in result.items},
        extra=result.extra,
    )


def apply_route(rule_set: RuleSet, data: AgencyData, scores: Mapping[int, object] | Route) -> AgencyData:
    """An input with some indicators replaced by given scores (their questions, answers and items dropped)."""
    given = dict(scores.indicator_scores) if isinstance(scores, Route) else dict(scores)
    numbers = set(given)
    questions = {q.code for n in numbers for q in rule_set.indicator(n).questions}
    subs = {s.code for n in numbers for q in rule_set.indicator(n).questions for s in q.sub_items}
    items = {i.code for n in numbers for i in rule_set.indicator(n).items}
    return attrs.evolve(
        data,
        indicator_scores={**data.indicator_scores, **given},
        question_scores={c: v for c, v in data.question_scores.items() if c not in questions},
        answers={c: v for c, v in data.answers.items() if c not in subs},
        item_results={c: v for c, v in data.item_results.items() if c not in items},
    )


# -- a rule set's weights, as the search needs them, in whole numbers -------------------------------


class _Shape:
    """A rule set's weights as whole numbers: with indicator scores ``x`` counted in units of ``1/S``, a
    tool's exact score is ``Σ coef[n]·x[n] / (den[tool]·S)`` and the total ``Σ share_coef[n]·x[n] / (total_den·S)``.

    The search raises thousands of candidates nationally; Fractions would cost most of its time.
    """

    def __init__(self, rule_set: RuleSet) -> None:
        self.shares = dict(rule_set.weights_by_indicator())
        self.tool_of: dict[int, str] = {}
        self.members: dict[str, tuple[int, ...]] = {}
        self.within: dict[int, Fraction] = {}
        self.coef: dict[int, int] = {}
        self.den: dict[str, int] = {}
        for tool in rule_set.tools:
            weight = sum((i.weight for i in tool.indicators), ZERO)
            within = {i.number: i.weight / weight for i in tool.indicators}
            den = math.lcm(*(w.denominator for w in within.values()))
            self.members[tool.code] = tuple(within)
            self.den[tool.code] = den
            for number, w in within.items():
                self.tool_of[number] = tool.code
                self.within[number] = w
                self.coef[number] = int(w * den)
        per_point = {n: share / HUNDRED for n, share in self.shares.items()}
        self.total_den = math.lcm(*(w.denominator for w in per_point.values()))
        self.share_coef = {n: int(w * self.total_den) for n, w in per_point.items()}
        self.levels = tuple(  # each level's least total and tool floors, in cents, the best first
            (int(level.min_total * 100), tuple((code, int(f * 100)) for code, f in level.floors(self.members).items()),
             level.code)
            for level in rule_set.rating_levels
        )

    def level_of(self, total: int, tools: Mapping[str, int]) -> str:
        """The code of the level displayed figures (in cents) reach by the year's data."""
        for least, floors, code in self.levels:
            if total >= least and all(tools[t] >= f for t, f in floors):
                return code
        return self.levels[-1][2]


def _shape(rule_set: RuleSet) -> _Shape:
    """The rule set's shape in cents, worked out once and kept with the rule set (:meth:`RuleSet.derived`)."""
    return rule_set.derived(_Shape)


# -- candidates ---------------------------------------------------------------------------------------


@attrs.frozen
class Candidate:
    """One way to try a level: tool floors to meet, tools (and the total) to keep displayed below a figure,
    and the indicators raised for the total, in order."""

    floors: Mapping[str, Decimal]
    order: tuple[int, ...]
    caps: Mapping[str, Decimal] = attrs.field(factory=dict)
    total_cap: Decimal | None = None


@attrs.frozen
class Found:
    """Indicator scores that reach a level, the rescored result, and the tool floors they were built for."""

    scores: Mapping[int, Fraction]
    result: Result
    floors: Mapping[str, Decimal]


class _State:
    """Indicator scores being raised, in units of ``1/unit`` (two-decimal targets are multiples of ``unit // 100``),
    with every tool's and the total's numerator kept up to date as they change."""

    def __init__(self, shape: _Shape, start: Mapping[int, Fraction]) -> None:
        self.shape = shape
        self.unit = math.lcm(100, *(v.denominator for v in start.values()))
        self.step = self.unit // 100
        self.start = {n: v.numerator * (self.unit // v.denominator) for n, v in start.items()}
        self.x = dict(self.start)
        self.tools = {code: sum(shape.coef[n] * self.x[n] for n in members) for code, members in shape.members.items()}
        self.total = sum(shape.share_coef[n] * v for n, v in self.x.items())

    def set(self, number: int, value: int) -> None:
        step = value - self.x[number]
        if step:
            self.x[number] = value
            self.tools[self.shape.tool_of[number]] += self.shape.coef[number] * step
            self.total += self.shape.share_coef[number] * step

    def edge(self, cents: int, den: int) -> int:
        """200 × the numerator at which a value over ``den·unit`` starts to display as ``cents`` (x.xx − 0.005)."""
        return (2 * cents - 1) * den * self.unit

    def shown(self, numerator: int, den: int) -> int:
        """A numerator over ``den·unit`` as displayed, in cents (half-up)."""
        return (200 * numerator + den * self.unit) // (2 * den * self.unit)

    @property
    def scores(self) -> dict[int, Fraction]:
        """The indicator scores as exact Fractions."""
        return {n: Fraction(v, self.unit) for n, v in self.x.items()}

    @property
    def cost(self) -> int:
        """The points raised, in units."""
        return sum(v - self.start[n] for n, v in self.x.items())

    def raise_to(self, order: Iterable[int], coef: Mapping[int, int], numerator: Callable[[], int], edge: int,
                 bound: Callable[[int], int]) -> bool:
        """Raise indicators in ``order`` (each to a two-decimal figure, at most its bound) until
        ``200 × numerator()`` reaches ``edge``."""
        x, step = self.x, self.step
        for number in order:
            gap = edge - 200 * numerator()
            if gap <= 0:
                return True
            weight = coef.get(number, 0)
            top = bound(number)
            if weight <= 0 or x[number] >= top:
                continue
            wanted = x[number] - (-gap // (200 * weight))
            wanted = -(-wanted // step) * step  # up to a two-decimal figure
            self.set(number, max(x[number], min(wanted, top)))
        return 200 * numerator() >= edge


def build(shape: _Shape, start: Mapping[int, Fraction], min_total: Decimal, how: Candidate) -> _State | None:
    """Indicator scores meeting a displayed total and tool floors within a candidate's caps, or None when they cannot."""
    state = _State(shape, start)
    x, tools, unit, step = state.x, state.tools, state.unit, state.step
    limits = {code: state.edge(int(cap * 100), shape.den[code]) for code, cap in how.caps.items()}
    full = 100 * unit

    def bound(number: int) -> int:  # a capped tool stays displayed below its cap
        code = shape.tool_of[number]
        if code not in limits:
            return full
        room = limits[code] - 200 * tools[code]
        if room <= 0:
            return x[number]
        top = x[number] - (-room // (200 * shape.coef[number])) - 1
        return max(x[number], min(top // step * step, full))

    for code, floor in how.floors.items():
        edge = state.edge(int(floor * 100), shape.den[code])
        if 200 * tools[code] >= edge:
            continue
        order = sorted(shape.members[code], key=lambda n: (-shape.coef[n], x[n], n))
        if not state.raise_to(order, shape.coef, lambda c=code: tools[c], edge, bound):  # type: ignore[misc]
            return None
    if not state.raise_to(how.order, shape.share_coef, lambda: state.total,
                          state.edge(int(min_total * 100), shape.total_den), bound):
        return None
    if any(200 * tools[code] >= limit for code, limit in limits.items()):
        return None
    if how.total_cap is not None and 200 * state.total >= state.edge(int(how.total_cap * 100), shape.total_den):
        return None
    return state


def _by_share(shape: _Shape, start: Mapping[int, Fraction], tools: Iterable[str], *, finest: bool = False) -> tuple[int, ...]:
    """The indicators of some tools in the order that raises the total with the fewest points (largest share
    first), or with the finest steps (smallest share first, to land on a total without overshooting)."""
    numbers = [n for code in tools for n in shape.members[code]]
    sign = 1 if finest else -1
    return tuple(sorted(numbers, key=lambda n: (sign * shape.share_coef[n], start[n], n)))


def _declared_candidates(
    rule_set: RuleSet, shape: _Shape, start: Mapping[int, Fraction], level: RatingLevel, shown: Mapping[str, Decimal],
    *, exact: bool,
) -> list[Candidate]:
    """Every way to reach a declared level: meet its floors, then fail the level above it one condition at a time."""
    codes = list(shape.members)
    floors = level.floors(codes)
    orders = [_by_share(shape, start, codes), _by_share(shape, start, codes, finest=True)]
    levels = rule_set.rating_levels
    place = levels.index(level)
    if not exact or place == 0:
        return [Candidate(floors, order) for order in orders[:1]]
    above = levels[place - 1]
    out = []
    if level.min_total < above.min_total:  # the total kept below the level above's
        out += [Candidate(floors, order, total_cap=above.min_total) for order in orders]
    for code, floor in above.floors(codes).items():  # one tool kept below the floor the level above sets it
        if shown[code] < floor and floors.get(code, Decimal(0)) < floor:
            out += [Candidate(floors, order, caps={code: floor}) for order in orders]
    return out


def _floors_to_try(rule_set: RuleSet, level: RatingLevel, tools: Mapping[str, Decimal]) -> list[dict[str, Decimal]]:
    """Tool floors to try for a hook-decided level: its own, then every tool at each figure the data names and
    every multiple of 5 from 50, lowest first; floors the tools already meet are tried once."""
    codes = list(tools)
    own = level.floors(codes)
    figures = {rule_set.pass_line, *(b.lower for b in rule_set.bands)}
    for other in rule_set.rating_levels:
        figures.update(other.floors(codes).values())
        figures.add(other.min_total)
    figures.update(Decimal(n).quantize(Decimal("0.01")) for n in range(50, 101, 5))
    tries, seen = [], set()
    for floors in [own, *({code: max(f, own.get(code, f)) for code in codes} for f in sorted(figures))]:
        binding = tuple(sorted((c, f) for c, f in floors.items() if tools[c] < f))
        if binding not in seen:
            seen.add(binding)
            tries.append(floors)
    return tries


def _subsets(codes: Sequence[str]) -> list[tuple[str, ...]]:
    """Every non-empty subset of the tools, the largest first."""
    return [combo for size in range(len(codes), 0, -1) for combo in combinations(codes, size)]


def _rank(rule_set: RuleSet, code: str | None) -> int | None:
    """A rating's place from the worst (0); higher is better.  None for a code that is not a level."""
    if code is None:
        return None
    index = rule_set.effective_rating.index(code)
    return None if index is None else len(rule_set.rating_levels) - 1 - index


def _raised(start: Mapping[int, Fraction], scores: Mapping[int, Fraction]) -> dict[int, Fraction]:
    return {n: s for n, s in scores.items() if s != start[n]}


def search_level(
    rule_set: RuleSet, result: Result, level: RatingLevel, rescore: Rescore, *, exact: bool, hooked: bool,
) -> Found | None:
    """The cheapest raised indicator scores found whose rescoring gives ``level`` (``exact``), or at least it.

    For a rating declared as data the candidates are judged by the data and only the
    cheapest is scored again (a check: it must give the same rating); for a rating decided
    by a plugin's hook every candidate is scored again, so the hook itself judges it.
    """
    shape = _shape(rule_set)
    start = {i.number: i.score for i in result.indicators}
    shown = {t.code: t.display_score for t in result.tools}
    want = _rank(rule_set, level.code)
    if want is None or set(start) != set(shape.shares):
        return None
    data = rescoring_data(result)

    def reaches(got: int | None) -> bool:
        return got is not None and (got == want if exact else got >= want)

    def checked(scores: Mapping[int, Fraction]) -> Result | None:
        after = rescore(apply_route(rule_set, data, _raised(start, scores)))
        return after if reaches(_rank(rule_set, None if after.grade is None else after.grade.code)) else None

    if not hooked:
        found: list[tuple[Fraction, int, _State, Candidate]] = []
        for how in _declared_candidates(rule_set, shape, start, level, shown, exact=exact):
            state = build(shape, start, level.min_total, how)
            if state is None:
                continue
            tools = {code: state.shown(value, shape.den[code]) for code, value in state.tools.items()}
            got = shape.level_of(state.shown(state.total, shape.total_den), tools)
            if reaches(_rank(rule_set, got)):
                found.append((Fraction(state.cost, state.unit), len(found), state, how))
        for _, _, state, how in sorted(found, key=lambda f: f[:2]):
            after = checked(state.scores)
            if after is not None:
                return Found(state.scores, after, dict(how.floors))
        return None

    codes = list(shape.members)
    tries = _floors_to_try(rule_set, level, shown)
    first = [_by_share(shape, start, codes), *(_by_share(shape, start, [c]) for c in codes)]
    rest = [_by_share(shape, start, combo) for combo in _subsets(codes) if 1 < len(combo) < len(codes)]
    if not exact:
        first, rest = first[:1], [*first[1:], *rest]
    for orders in (first, rest):
        for floors in tries:
            hits: list[tuple[Fraction, int, dict[int, Fraction], Result]] = []
            for order in orders:
                state = build(shape, start, level.min_total, Candidate(floors, order))
                if state is None:
                    continue
                after = checked(state.scores)
                if after is not None:
                    hits.append((Fraction(state.cost, state.unit), len(hits), state.scores, after))
            if hits:
                _, _, scores, after = min(hits, key=lambda h: h[:2])
                return Found(scores, after, dict(floors))
    return None


def least_floors(
    rule_set: RuleSet, result: Result, level: RatingLevel, rescore: Rescore, found: Found,
) -> dict[str, Decimal]:
    """The lowest displayed tool floors, cent by cent, at which a hook still gives at least ``level``.

    A found candidate's floors are figures the data names (90.00, 95.00 …); a hook may
    accept less.  Each floor above the tool's shown score is lowered by bisection while a
    candidate built for it is still rated the level by the hook (scored again each time),
    so the shortfall reported is what the hook needs, not the next round figure.
    """
    shape = _shape(rule_set)
    start = {i.number: i.score for i in result.indicators}
    shown = {t.code: t.display_score for t in result.tools}
    want = _rank(rule_set, level.code)
    data = rescoring_data(result)
    floors = dict(found.floors)
    orders = [_by_share(shape, start, list(shape.members)), *(_by_share(shape, start, [c]) for c in shape.members)]

    def works(trial: Mapping[str, Decimal]) -> bool:
        for order in orders:
            state = build(shape, start, level.min_total, Candidate(trial, order))
            if state is None:
                continue
            after = rescore(apply_route(rule_set, data, _raised(start, state.scores)))
            got = _rank(rule_set, None if after.grade is None else after.grade.code)
            if got is not None and want is not None and got >= want:
                return True
        return False

    for code in list(floors):
        low, high = int(shown[code] * 100), int(floors[code] * 100)  # low: not known to work; high: works
        if high <= low:
            continue
        while high - low > 1:
            mid = (low + high) // 2
            if works({**floors, code: Decimal(mid).scaleb(-2)}):
                high = mid
            else:
                low = mid
        floors[code] = Decimal(high).scaleb(-2)
    return floors
