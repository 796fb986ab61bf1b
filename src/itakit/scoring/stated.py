"""Figures a file states beside its indicator scores: checked against them, then kept, and a stated rating guarded.

A result written by itakit and read back, or a table of published figures, states the total,
the tool scores and the grade or rating as displayed (two decimals).  Recomputing them from
the displayed indicator scores can move the last digit (with weights in thirds, 91.99 can
come back as 92.00 and change the rating), so a stated figure is taken as the result's when
the indicators can give it: each indicator given with two decimals stands for any exact value
that displays so, each tool for the weighted range of its indicators, the total for the
weighted range of its tools.  A stated figure outside that range is refused, naming it and
what the indicators give.  A stated grade must be one of the year's levels and the one the
year's rules give the displayed figures; a stated ``passed`` must be that level's.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from ..errors import Problem, Problems
from ..exact import HUNDRED, ZERO, mean, round_half_up
from ..inputs.data import Place, Stated
from ..inputs.shapes import level_named
from ..rules.model import Grade, RuleSet
from .result import IndicatorResult, Result, ToolResult

__all__ = ["grade_problems", "reconcile"]

_HALF_CENT = Fraction(1, 200)
Range = tuple[Fraction, Fraction]


def _problem(problems: Problems, message: str, place: Place | None) -> None:
    """A problem with a stated figure, located where the file states it (a cell, or a JSON path)."""
    if place is None:
        problems.add(message)
    elif place.path is not None:
        problems.at(place.path, message)
    else:
        problems.add(message, place.row, place.column, place.text, row_name=place.row_name)


def _indicator_range(ind: IndicatorResult) -> Range:
    """The exact values an indicator given as a two-decimal figure stands for (a point for anything finer)."""
    v = ind.score
    if ind.source == "indicator" and (v * 100).denominator == 1:
        return max(v - _HALF_CENT, ZERO), min(v + _HALF_CENT, HUNDRED)
    return v, v


def _shows(low: Fraction, high: Fraction, figure: Decimal) -> bool:
    """True when some value in [low, high] displays (half-up) as ``figure``."""
    shown = Fraction(figure)
    return low < shown + _HALF_CENT and high >= shown - _HALF_CENT


def _figure(value: Fraction) -> str:
    return format(round_half_up(value, 4).normalize(), "f")


def reconcile(
    rules: RuleSet, stated: Stated, indicators: Sequence[IndicatorResult], tools: Sequence[ToolResult],
    file: str | None,
) -> tuple[list[ToolResult], Fraction | None, tuple[str, ...], list[Problem]]:
    """The tool scores and total a result keeps when a file states them; the tools still missing; the problems."""
    problems = Problems(file, limit=None)
    ranges = {i.number: _indicator_range(i) for i in indicators}
    computed = {t.code: t for t in tools}
    kept: list[ToolResult] = []
    tool_ranges: dict[str, Range] = {}
    for tool in rules.tools:
        figure = stated.tools.get(tool.code)
        points = stated.points.get(tool.code)
        here = computed.get(tool.code)
        if here is not None:
            weights = [i.weight for i in tool.indicators]
            low = mean([ranges[i.number][0] for i in tool.indicators], weights)
            high = mean([ranges[i.number][1] for i in tool.indicators], weights)
        else:
            low, high = ZERO, HUNDRED
        score = None if here is None else here.score
        place = stated.places.get(f"tool:{tool.code}")
        if points is not None:  # weighted points out of the tool's weight: a window of percentages
            per = HUNDRED / tool.weight
            window = (max(ZERO, (Fraction(points) - _HALF_CENT) * per), min(HUNDRED, (Fraction(points) + _HALF_CENT) * per))
            if here is not None and not (low < window[1] and high >= window[0]):
                numbers = ", ".join(str(i.number) for i in tool.indicators)
                _problem(problems,
                    f"states {tool.code} {points} of {_figure(tool.weight)} weighted points ({_figure(Fraction(points) * per)} %), "
                    f"which its indicators ({numbers}) cannot give: they give {round_half_up(here.score)} % "
                    f"({round_half_up(here.score / per)} points)", place)
                continue
            low, high = max(low, window[0]), min(high, window[1])
            if score is None:
                score = Fraction(points) * per
        if figure is not None:
            if here is not None and not _shows(low, high, figure):
                numbers = ", ".join(str(i.number) for i in tool.indicators)
                _problem(problems,
                    f"states {tool.code} {figure}, which its indicators ({numbers}) cannot give: they give "
                    f"{round_half_up(here.score)} (between {_figure(low)} and {_figure(high)} before rounding); give the "
                    "tool score the indicators make, or correct the indicators", place)
                continue
            if points is not None and not _shows(low, high, figure):
                _problem(problems, f"states {tool.code} {figure} % and {points} weighted points, which disagree", place)
                continue
            score = Fraction(figure)  # the displayed figure is the result's
            low, high = max(low, score - _HALF_CENT), min(high, score + _HALF_CENT)
        if score is None:
            continue
        kept.append(here if score == getattr(here, "score", None) and here is not None
                    else ToolResult(tool.code, tool.name_th, tool.name_en, tool.weight, score))
        tool_ranges[tool.code] = (low, high)
    missing = tuple(t.code for t in rules.tools if t.code not in tool_ranges
                    and t.code not in stated.tools and t.code not in stated.points)
    total: Fraction | None = None
    if not missing and len(kept) == len(rules.tools):
        total = mean([t.score for t in kept], [t.weight for t in kept])
        if stated.total is not None:
            weights = [t.weight for t in rules.tools]
            low = mean([tool_ranges[t.code][0] for t in rules.tools], weights)
            high = mean([tool_ranges[t.code][1] for t in rules.tools], weights)
            if _shows(low, high, stated.total):
                total = Fraction(stated.total)
            else:
                parts = ", ".join(f"{t.code} {round_half_up(t.score)}" for t in kept)
                _problem(problems,
                    f"states the total {stated.total}, which the tool scores ({parts}) cannot give: they give "
                    f"{round_half_up(total)} (between {_figure(low)} and {_figure(high)} before rounding)",
                    stated.places.get("total"))
    elif stated.total is not None and not problems:
        _problem(problems, f"states the total {stated.total}, but {', '.join(missing) or 'some tool'} has no score; "
                 "a total needs every tool", stated.places.get("total"))
    return kept, total, missing, problems.items


def _why(rules: RuleSet, result: Result, claimed: str) -> str:
    """What the stated level asks that the figures lack, or that they reach a level it is not."""
    level = rules.effective_rating.level(claimed)
    if level is None or result.total is None:
        return ""
    total = round_half_up(result.total)
    tools = {t.code: t.display_score for t in result.tools}
    short = level.shortfall(total, tools)
    lacks = [f"a total of {level.min_total} (it is {total})"] if short.total > 0 else []
    lacks += [f"{code} at least {level.tool_floor(code)} (it is {tools[code]})" for code, _ in short.tools]
    if lacks:
        return f"; {claimed} needs {' and '.join(lacks)}"
    return f"; the figures meet every condition of {claimed}, but also those of a better level" if (
        result.grade is not None and rules.rating_levels.index(level)
        > (rules.effective_rating.index(result.grade.code) or 0)) else ""


def grade_problems(rules: RuleSet, stated: Stated, result: Result, grade: Grade | None, file: str | None) -> list[Problem]:
    """What is wrong with a stated grade (or ``passed``) for a graded result: not a level of the year, or not the one
    the year's rules give its displayed figures."""
    problems = Problems(file, limit=None)
    codes = ", ".join(level.code for level in rules.rating_levels)
    figures = ", ".join([f"total {result.display_total}", *(f"{t.code} {t.display_score}" for t in result.tools)])
    if stated.grade is not None:
        claimed = level_named(rules, stated.grade)
        place = stated.places.get("grade")
        if claimed is None:
            _problem(problems, f"the grade {stated.grade!r} is not one of {rules.year}'s levels ({codes})", place)
        elif grade is not None and claimed != grade.code:
            _problem(problems,
                f"states the rating {claimed!r}, but the rules of {rules.year} give {grade.code!r} for {figures}"
                f"{_why(rules, result, claimed)}", place)
    if stated.passed is not None and grade is not None and stated.passed != grade.passed:
        said, is_ = ("passed", "does not pass") if stated.passed else ("not passed", "passes")
        _problem(problems, f"states {said}, but {grade.code!r}, the level the rules of {rules.year} give {figures}, {is_}",
                 stated.places.get("passed"))
    return problems.items
