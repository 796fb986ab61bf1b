"""The one place that decides where a result stands: its rating, the next better one, what is short, the routes there.

Every consumer asks here: ``Result.next_grade`` and its JSON, ``itakit grade``, ``itakit
plan`` (and ``--format json``), summaries and comparisons.  The next better rating is
always the level right above the result's own (never a skip).  For a rating declared as
data (:class:`~itakit.rules.rating.Rating`) the shortfall is read off the levels exactly:
the total by so much, such a tool by so much.  When a plugin's ``itakit_grade`` hook
decides, the hook is evaluated on candidate results (tools raised to each candidate floor,
the total to the level's band) and the first candidate it rates high enough gives the
shortfall, each floor then lowered cent by cent while the hook still agrees, so the figure
said is one the hook was seen to accept; when none does, the answer is "could not be
determined", never a guess.

A *route* is a set of target displayed indicator scores that, applied to the input and
scored again, gives exactly one better rating; each is checked by scoring it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from ..exact import HUNDRED, ZERO, mean, round_half_up
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..rules.rating import Grade, RatingLevel, Shortfall
from .explain import explain_rating, hook_decides
from .result import Result
from .search import Rescore, Route, apply_route, ceil_cents, least_floors, rescoring_data, search_level

__all__ = [
    "Rescore",
    "Route",
    "Standing",
    "apply_route",
    "ceil_cents",
    "grade_options",
    "hook_decides",
    "hook_rating",
    "possible_level",
    "standing_margin",
    "rescoring_data",
    "routes",
    "standing",
]

_FULL = Decimal("100.00")
_HALF_CENT = Fraction(1, 200)
_TINY = Fraction(1, 10**9)


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


def _shown_tools(result: Result) -> dict[str, Decimal]:
    return {t.code: t.display_score for t in result.tools}


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
    if not hook_decides(rule_set, result, registry):
        return Standing(grade, target, target.shortfall(shown, tools))
    found = search_level(rule_set, result, target, rescore, exact=False, hooked=True)
    if found is None:
        return Standing(grade, target, None, exact=False, found=False)
    floors = least_floors(rule_set, result, target, rescore, found)  # the hook's own need, cent by cent
    short = [(code, floor - tools[code]) for code, floor in floors.items() if tools[code] < floor]
    return Standing(grade, target, Shortfall(max(target.min_total - shown, Decimal("0.00")), tuple(short)), exact=False)


def routes(rule_set: RuleSet, result: Result, registry: Registry, rescore: Rescore) -> tuple[Route, ...]:
    """One route per better rating that can be reached, the next one first; each checked by scoring it again."""
    if result.grade is None or result.total is None:
        return ()
    index = rule_set.effective_rating.index(result.grade.code)
    if index is None:
        return ()
    hooked = hook_decides(rule_set, result, registry)
    start = {i.number: i.score for i in result.indicators}
    out = []
    for level in reversed(rule_set.rating_levels[:index]):
        found = search_level(rule_set, result, level, rescore, exact=True, hooked=hooked)
        if found is None:
            continue
        raised = tuple((n, round_half_up(s)) for n, s in sorted(found.scores.items()) if s != start[n])
        assert found.result.total is not None
        out.append(Route(level.code, raised, round_half_up(found.result.total)))
    return tuple(out)


def standing_margin(rule_set: RuleSet, result: Result) -> Decimal | None:
    """Displayed points the total stands above the least total its own rating level needs (what it may lose and
    still pass at that level); None for a failing level — a margin above ไม่ผ่าน means nothing — and when the
    year's data would not give the result its rating (a plugin's hook decided)."""
    explained = explain_rating(rule_set, result)
    return None if explained is None else explained.margin


def grade_options(
    rule_set: RuleSet, total: Decimal, tools: Mapping[str, Decimal]
) -> tuple[tuple[RatingLevel, Shortfall], ...]:
    """The levels a displayed total allows, best first, each with what it still needs of the tools.

    Tools not given are taken as unknown: a level asking something of them is listed with
    that floor as its need, and a level no tool scores could give with this total (by the
    tools' weights) is left out — with weights 30/30/40 a tool shown below 85.00 keeps the
    total below 95.50, so 95.51 is never ผ่าน.  With every tool given, the first level
    listed is the rating.
    """
    out = []
    codes = [t.code for t in rule_set.tools]
    for level in rule_set.rating_levels:
        if level.min_total > total or (set(tools) != set(codes) and not possible_level(rule_set, level, total, tools)):
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


def possible_level(rule_set: RuleSet, level: RatingLevel, total: Decimal, tools: Mapping[str, Decimal]) -> bool:
    """Whether some scores of the tools not given (those given as displayed) make a result whose displayed total is
    ``total`` get exactly ``level``: meet its floors and fail the level above it (its total, or one tool's floor)."""
    low: dict[str, Fraction] = {}
    high: dict[str, Fraction] = {}
    for tool in rule_set.tools:
        if tool.code in tools:
            shown = Fraction(tools[tool.code])
            low[tool.code], high[tool.code] = max(shown - _HALF_CENT, ZERO), min(shown + _HALF_CENT - _TINY, HUNDRED)
        else:
            low[tool.code], high[tool.code] = ZERO, HUNDRED
        floor = level.tool_floor(tool.code)
        if floor is not None:
            low[tool.code] = max(low[tool.code], Fraction(floor) - _HALF_CENT)
        if low[tool.code] > high[tool.code]:
            return False
    levels = rule_set.rating_levels
    place = levels.index(level)
    above = levels[place - 1] if place else None
    window = (Fraction(total) - _HALF_CENT, Fraction(total) + _HALF_CENT - _TINY)

    def reaches(high_of: Mapping[str, Fraction]) -> bool:
        weights = [t.weight for t in rule_set.tools]
        least = mean([low[t.code] for t in rule_set.tools], weights)
        most = mean([high_of[t.code] for t in rule_set.tools], weights)
        return least <= window[1] and most >= window[0]

    if above is None or above.min_total > total:
        return reaches(high)
    for code, floor in above.floors(list(high)).items():  # one tool kept below the floor of the level above
        capped = {**high, code: min(high[code], Fraction(floor) - _HALF_CENT - _TINY)}
        if capped[code] >= low[code] and reaches(capped):
            return True
    return False


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


