"""The one place that decides where a result stands: its rating, the next better one, what is short, the routes there.

Every consumer asks here: ``Result.next_grade`` and its JSON, ``itakit grade``, ``itakit
plan`` (and ``--format json``), summaries and comparisons.  The next better rating is
always the level right above the result's own (never a skip).  For a rating declared as
data (:class:`~itakit.rules.rating.Rating`) the shortfall is read off the levels exactly:
the total by so much, such a tool by so much.  When a plugin's ``itakit_grade`` hook
decides, the hook is evaluated on candidate results (tools raised to each candidate floor,
the total to the level's band) and the first candidate it rates high enough gives the
shortfall; when none does, the answer is "no route found", never a guess.

A *route* is a set of target displayed indicator scores that, applied to the input and
scored again, gives exactly one better rating; each is checked by scoring it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..exact import HUNDRED, ZERO, round_half_up
from ..inputs.data import AgencyData
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..rules.rating import Grade, RatingLevel, Shortfall
from .result import Result

__all__ = [
    "Rescore",
    "Route",
    "Standing",
    "apply_route",
    "ceil_cents",
    "describe_rating",
    "grade_options",
    "held_back_reasons",
    "hook_rating",
    "standing_margin",
    "rescoring_data",
    "routes",
    "standing",
]

Rescore = Callable[[AgencyData], Result]
"""Scores an input again by the same rule set and registry (how routes and hook searches are checked)."""

_HALF_CENT = Fraction(1, 200)
_FULL = Decimal("100.00")


def ceil_cents(value: Fraction) -> Decimal:
    """The smallest two-decimal figure at or above an exact value, for "at least" targets."""
    cents = -((-value * 100) // 1)
    return Decimal(int(cents)).scaleb(-2)


@attrs.frozen
class Standing:
    """Where a result stands: its rating, the next better level, and what it lacks for that level.

    ``shortfall`` is None at the top, without a total, or when no route to ``next`` was found
    (``found`` is then False).  ``exact`` is True when the shortfall is read off the year's data,
    False when it was found by evaluating a plugin's rating hook on candidate results.
    """

    grade: Grade | None
    next: RatingLevel | None = None
    shortfall: Shortfall | None = None
    exact: bool = True
    found: bool = True


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


def _shown_tools(result: Result) -> dict[str, Decimal]:
    return {t.code: t.display_score for t in result.tools}


def _rank(rule_set: RuleSet, code: str | None) -> int | None:
    """A rating's place from the worst (0); higher is better.  None for a code that is not a level."""
    if code is None:
        return None
    index = rule_set.effective_rating.index(code)
    return None if index is None else len(rule_set.rating_levels) - 1 - index


def _hooked(rule_set: RuleSet, result: Result, registry: Registry) -> bool:
    """True when some plugin's own ``itakit_grade`` answers for this result (the data alone does not decide)."""
    if registry.grades_by_bands_only():  # no plugin grades: the built-in one applies the year's data
        return False
    bare = attrs.evolve(result, grade=None, next_grade=None, points_to_next_grade=None)
    return bool(registry.rating_answers(rule_set, bare))


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


# -- raising indicators to meet conditions ------------------------------------------------------

_SHAPES: dict[int, tuple[RuleSet, dict[int, Fraction], dict[str, tuple[tuple[int, Fraction], ...]]]] = {}


def _shape(rule_set: RuleSet) -> tuple[dict[int, Fraction], dict[str, tuple[tuple[int, Fraction], ...]]]:
    """A rule set's indicator shares of the total and each tool's indicators with their share of the tool (cached)."""
    known = _SHAPES.get(id(rule_set))
    if known is not None and known[0] is rule_set:
        return known[1], known[2]
    tools = {}
    for tool in rule_set.tools:
        weight = sum((i.weight for i in tool.indicators), ZERO)
        tools[tool.code] = tuple((i.number, i.weight / weight) for i in tool.indicators)
    shares = dict(rule_set.weights_by_indicator())
    if len(_SHAPES) > 64:
        _SHAPES.clear()
    _SHAPES[id(rule_set)] = (rule_set, shares, tools)
    return shares, tools


def _tool_score(rule_set: RuleSet, code: str, scores: Mapping[int, Fraction]) -> Fraction:
    return sum((w * scores[n] for n, w in _shape(rule_set)[1][code]), ZERO)


def _total(rule_set: RuleSet, scores: Mapping[int, Fraction]) -> Fraction:
    shares = _shape(rule_set)[0]
    return sum((shares[n] * s for n, s in scores.items()), ZERO) / HUNDRED


def _raise_to(
    scores: dict[int, Fraction], order: Sequence[int], share: Mapping[int, Fraction], measure: Callable[[], Fraction],
    need: Fraction,
) -> bool:
    """Raise indicators in ``order`` (each to a two-decimal figure, at most 100) until ``measure()`` reaches ``need``."""
    for number in order:
        now = measure()
        if now >= need:
            return True
        if share[number] <= 0 or scores[number] >= HUNDRED:
            continue
        wanted = scores[number] + (need - now) / share[number]
        scores[number] = max(scores[number], Fraction(min(ceil_cents(wanted), _FULL)))
    return measure() >= need


def _candidate(
    rule_set: RuleSet, start: Mapping[int, Fraction], min_total: Decimal, floors: Mapping[str, Decimal],
    total_order: Sequence[int],
) -> dict[int, Fraction] | None:
    """Indicator scores meeting a displayed total and displayed tool floors, raising as little as the order allows."""
    scores = dict(start)
    shares, shape = _shape(rule_set)
    for code, floor in floors.items():
        within = dict(shape[code])
        if _tool_score(rule_set, code, scores) >= Fraction(floor) - _HALF_CENT:
            continue
        order = sorted(within, key=lambda n: (-within[n], scores[n], n))
        if not _raise_to(scores, order, within, lambda c=code: _tool_score(rule_set, c, scores),  # type: ignore[misc]
                         Fraction(floor) - _HALF_CENT):
            return None
    per_point = {n: s / HUNDRED for n, s in shares.items()}
    if not _raise_to(scores, total_order, per_point, lambda: _total(rule_set, scores), Fraction(min_total) - _HALF_CENT):
        return None
    return scores


def _orders(rule_set: RuleSet, scores: Mapping[int, Fraction], *, only_first: bool = False) -> list[list[int]]:
    """Ways to raise the total: every indicator by largest share first, then one tool's indicators alone."""
    shares, shape = _shape(rule_set)

    def key(n: int) -> tuple[Fraction, Fraction, int]:
        return (-shares[n], scores[n], n)

    every = sorted(shares, key=key)
    if only_first:
        return [every]
    alone = [sorted((n for n, _ in members), key=key) for members in shape.values()]
    return [every, *alone]


def _floors_to_try(
    rule_set: RuleSet, level: RatingLevel, tools: Mapping[str, Decimal], *, sweep: bool
) -> list[dict[str, Decimal]]:
    """Tool floors to try for a level: its own, then every tool at each figure the data names (and, with
    ``sweep``, every multiple of 5 from 50), lowest first; floors the tools already meet are tried once."""
    codes = [t.code for t in rule_set.tools]
    own = level.floors(codes)
    figures = {rule_set.pass_line, *(b.lower for b in rule_set.bands)}
    for other in rule_set.rating_levels:
        figures.update(other.floors(codes).values())
        figures.add(other.min_total)
    if sweep:
        figures.update(Decimal(n).quantize(Decimal("0.01")) for n in range(50, 101, 5))
    tries, seen = [], set()
    for floors in [own, *({code: max(f, own.get(code, f)) for code in codes} for f in sorted(figures))]:
        binding = tuple(sorted((c, f) for c, f in floors.items() if tools[c] < f))
        if binding not in seen:
            seen.add(binding)
            tries.append(floors)
    return tries


def _search(
    rule_set: RuleSet, result: Result, level: RatingLevel, registry: Registry, rescore: Rescore, *, exact_level: bool,
    hooked: bool,
) -> tuple[dict[int, Fraction], Result, dict[str, Decimal]] | None:
    """The cheapest indicator scores found whose rescoring reaches ``level`` (exactly, or at least)."""
    start = {i.number: i.score for i in result.indicators}
    want = _rank(rule_set, level.code)
    tools = _shown_tools(result)
    tries = _floors_to_try(rule_set, level, tools, sweep=exact_level) if hooked else [level.floors(tools)]
    orders = _orders(rule_set, start, only_first=not exact_level)  # a shortfall needs one way, not the cheapest
    for floors in tries:
        found: list[tuple[Fraction, dict[int, Fraction], Result]] = []
        for order in orders:
            scores = _candidate(rule_set, start, level.min_total, floors, order)
            if scores is None:
                continue
            raised = {n: s for n, s in scores.items() if s != start[n]}
            after = rescore(apply_route(rule_set, rescoring_data(result), raised))
            got = _rank(rule_set, None if after.grade is None else after.grade.code)
            if got is None or want is None or (got != want if exact_level else got < want):
                continue
            cost = sum((s - start[n] for n, s in raised.items()), ZERO)
            found.append((cost, scores, after))
        if found:
            _, scores, after = min(found, key=lambda f: f[0])
            return scores, after, floors
    return None


# -- the answers ---------------------------------------------------------------------------------


def standing(rule_set: RuleSet, result: Result, registry: Registry, rescore: Rescore) -> Standing:
    """Where a graded result stands: the next better rating (never a skip) and exactly what is short of it."""
    grade = result.grade
    if grade is None or result.total is None:
        return Standing(grade)
    levels = rule_set.rating_levels
    index = rule_set.effective_rating.index(grade.code)
    if index is None or index == 0:
        return Standing(grade)
    target = levels[index - 1]
    shown, tools = round_half_up(result.total), _shown_tools(result)
    if not _hooked(rule_set, result, registry):
        return Standing(grade, target, target.shortfall(shown, tools))
    found = _search(rule_set, result, target, registry, rescore, exact_level=False, hooked=True)
    if found is None:
        return Standing(grade, target, None, exact=False, found=False)
    _, _, floors = found
    short = [(code, floor - tools[code]) for code, floor in floors.items() if tools[code] < floor]
    return Standing(grade, target, Shortfall(max(target.min_total - shown, Decimal("0.00")), tuple(short)), exact=False)


def routes(rule_set: RuleSet, result: Result, registry: Registry, rescore: Rescore) -> tuple[Route, ...]:
    """One route per better rating that can be reached, the next one first; each checked by scoring it again."""
    if result.grade is None or result.total is None:
        return ()
    index = rule_set.effective_rating.index(result.grade.code)
    if index is None:
        return ()
    hooked = _hooked(rule_set, result, registry)
    start = {i.number: i.score for i in result.indicators}
    out = []
    for level in reversed(rule_set.rating_levels[:index]):
        found = _search(rule_set, result, level, registry, rescore, exact_level=True, hooked=hooked)
        if found is None:
            continue
        scores, after, _ = found
        raised = tuple((n, round_half_up(s)) for n, s in sorted(scores.items()) if s != start[n])
        assert after.total is not None
        out.append(Route(level.code, raised, round_half_up(after.total)))
    return tuple(out)


def standing_margin(rule_set: RuleSet, result: Result) -> Decimal | None:
    """Displayed points the total stands above the least total its own rating level needs (what it may lose)."""
    if result.grade is None or result.total is None:
        return None
    level = rule_set.effective_rating.level(result.grade.code)
    if level is None:
        return None
    return round_half_up(result.total) - level.min_total


def grade_options(
    rule_set: RuleSet, total: Decimal, tools: Mapping[str, Decimal]
) -> tuple[tuple[RatingLevel, Shortfall], ...]:
    """The levels a displayed total allows, best first, each with what it still needs of the tools.

    Tools not given are taken as unknown: a level asking something of them is listed with
    that floor as its need.  With every tool given, the first level listed is the rating.
    """
    out = []
    codes = [t.code for t in rule_set.tools]
    for level in rule_set.rating_levels:
        if level.min_total > total:
            continue
        needs = []
        for code, floor in level.floors(codes).items():
            if code not in tools:
                needs.append((code, floor))
            elif tools[code] < floor:
                break
        else:
            out.append((level, Shortfall(Decimal("0.00"), tuple(needs))))
            if not needs:
                break
    return tuple(out)


def hook_rating(registry: Registry, rule_set: RuleSet, total: Fraction, tools: Mapping[str, Decimal]) -> str | None:
    """What a plugin's rating hook says of a bare total and tool scores (``itakit grade``).

    None when no plugin's hook rates this year (its data decides); the rating's code when one
    does and every tool is given; "" when one does and it needs more (tools not given, or
    more of the result than a total and tool scores).
    """
    if registry.grades_by_bands_only():
        return None
    from .result import ToolResult

    codes = [t.code for t in rule_set.tools]
    given = dict(tools) if set(tools) == set(codes) else dict.fromkeys(codes, _FULL)
    parts = tuple(ToolResult(t.code, t.name_th, t.name_en, t.weight, Fraction(given[t.code])) for t in rule_set.tools)
    try:
        answers = registry.rating_answers(rule_set, Result(year=rule_set.year, indicators=(), tools=parts, total=total))
    except Exception:  # noqa: BLE001 - a hook that reads more than tools and total needs the agency's file
        return ""
    if not answers:
        return None
    if set(tools) != set(codes):
        return ""
    return str(getattr(answers[0][1], "code", answers[0][1]))


# -- words for the report ---------------------------------------------------------------------


def _thai(value: object) -> str:
    from ..thai import to_thai_digits

    return to_thai_digits(str(value))


def describe_rating(rule_set: RuleSet, *, language: str = "th", digits: str = "thai") -> tuple[str, ...]:
    """One line per rating level from the year's data (total and tool conditions), best first, in Thai or English.

    For the report's section 1.2: "ผ่านดีเยี่ยม: คะแนนรวมตั้งแต่ ๙๕.๐๐ และทุกเครื่องมือตั้งแต่ ๙๕.๐๐ (ผ่านเกณฑ์)".
    """
    def num(value: object) -> str:
        return _thai(value) if digits == "thai" else str(value)

    lines = []
    for level in rule_set.rating_levels:
        if language == "th":
            parts = [f"คะแนนรวมตั้งแต่ {num(level.min_total)}" if level.min_total > 0 else "คะแนนรวมต่ำกว่าระดับข้างบน"]
            if level.min_every_tool is not None:
                parts.append(f"ทุกเครื่องมือตั้งแต่ {num(level.min_every_tool)}")
            parts += [f"{code} ตั้งแต่ {num(m)}" for code, m in level.min_tools]
            verdict = "ผ่านเกณฑ์" if level.passed else "ไม่ผ่านเกณฑ์"
            lines.append(f"{level.name_th or level.code}: {' และ'.join(parts)} ({verdict})")
        else:
            parts = [f"total at least {level.min_total}" if level.min_total > 0 else "any total below the levels above"]
            if level.min_every_tool is not None:
                parts.append(f"every tool at least {level.min_every_tool}")
            parts += [f"{code} at least {m}" for code, m in level.min_tools]
            verdict = "passed" if level.passed else "not passed"
            lines.append(f"{level.name_en or level.code}: {' and '.join(parts)} ({verdict})")
    if rule_set.unverified:
        if language == "th":
            lines.append("หมายเหตุ: เกณฑ์นี้อนุมานจากกรณีที่เผยแพร่ ยังไม่มีแหล่งทางการยืนยัน (" + "; ".join(rule_set.unverified) + ")")
        else:
            lines.append("Note: not confirmed by a public source: " + "; ".join(rule_set.unverified))
    return tuple(lines)


def held_back_reasons(
    rule_set: RuleSet, result: Result, *, language: str = "th", digits: str = "thai"
) -> tuple[str, ...]:
    """Why a result's rating is below what its total alone could reach: each tool under the floor it missed.

    For the report's section 2: ``("EIT ๘๔.๐๐ ต่ำกว่า ๘๕.๐๐ ที่ระดับผ่านดีต้องการ",)``; empty when no tool held it back.
    """
    if result.grade is None or result.total is None:
        return ()
    shown, tools = round_half_up(result.total), _shown_tools(result)
    rating = rule_set.effective_rating
    ceiling = rating.ceiling(shown)
    own = rating.index(result.grade.code)
    top = rating.index(ceiling.code)
    if own is None or top is None or own <= top:
        return ()
    def num(value: object) -> str:
        return _thai(value) if digits == "thai" else str(value)

    reasons: list[str] = []
    for level in rule_set.rating_levels[top:own]:  # the levels the total allowed but the tools did not
        short = level.shortfall(shown, tools)
        for code, _ in short.tools:
            floor = level.tool_floor(code)
            name = level.name_th if language == "th" else level.name_en
            if language == "th":
                text = f"{code} {num(tools[code])} ต่ำกว่า {num(floor)} ที่ระดับ{name or level.code}ต้องการ"
            else:
                text = f"{code} {tools[code]} is below the {floor} that {name or level.code} needs"
            if text not in reasons:
                reasons.append(text)
        if reasons:
            break
    if not reasons:  # a plugin's hook held it back: name the tools below the pass line, if any
        low: Iterable[tuple[str, Decimal]] = ((c, s) for c, s in tools.items() if s < rule_set.pass_line)
        for code, value in low:
            reasons.append(f"{code} {num(value)} ต่ำกว่า {num(rule_set.pass_line)}" if language == "th"
                           else f"{code} {value} is below {rule_set.pass_line}")
    return tuple(reasons)
