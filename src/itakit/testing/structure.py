"""The structure a rule set must have, checked from its public fields alone.

Independent of :class:`~itakit.rules.model.RuleSet`'s own validation, so it also judges a rule
set forged with ``attrs``/``object.__setattr__`` tricks, built by a future model, or a
duck-typed stand-in with the same fields (tools, bands, scales, pass line, year).
Needs nothing beyond the core: no pytest, no Hypothesis.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from ..exact import HUNDRED, ZERO, round_half_up, to_fraction

__all__ = ["rule_set_problems"]

_CENT = Decimal("0.01")
_CSV_CODE_TROUBLE = (",", '"', " ", "\t", "\n")



def _two_places(value: object, what: str, problems: list[str]) -> Decimal | None:
    try:
        dec = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append(f"{what}: {value!r} is not a number")
        return None
    if not dec.is_finite() or dec != dec.quantize(_CENT):
        problems.append(f"{what}: {value} is not a figure with two decimals")
        return None
    return dec.quantize(_CENT)


def _fraction(value: object, what: str, problems: list[str]) -> Fraction | None:
    try:
        return to_fraction(value)
    except ValueError:
        problems.append(f"{what}: {value!r} is not a number")
        return None


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(round_half_up(value, 4))


def _check_scales(rule_set: Any, problems: list[str]) -> dict[str, Any]:
    scales: dict[str, Any] = {}
    for scale in getattr(rule_set, "scales", ()) or ():
        code = getattr(scale, "code", "")
        if code in scales:
            problems.append(f"scale {code!r}: the code is used twice")
            continue
        scales[code] = scale
        options = tuple(getattr(scale, "options", ()) or ())
        if not options:
            problems.append(f"scale {code!r}: it has no options")
            continue
        points = []
        keys: set[str] = set()
        for option in options:
            key = getattr(option, "key", "")
            if key in keys:
                problems.append(f"scale {code!r}: the option key {key!r} is used twice")
            keys.add(key)
            value = _fraction(getattr(option, "points", None), f"scale {code!r}: option {key!r}", problems)
            if value is None:
                continue
            if not ZERO <= value <= HUNDRED:
                problems.append(f"scale {code!r}: option {key!r} is worth {_show(value)}, outside 0-100")
            points.append(value)
        if points and (min(points) != ZERO or max(points) != HUNDRED):
            problems.append(
                f"scale {code!r}: its options are worth {_show(min(points))}-{_show(max(points))}; a scale must "
                "run from 0 to 100 so that all-best answers score 100 and all-worst answers 0 "
                "(either way round, for reverse-scored items)"
            )
    return scales


def _check_code_for_files(code: str, what: str, problems: list[str]) -> None:
    if code != code.strip().casefold() or any(ch in code for ch in _CSV_CODE_TROUBLE):
        problems.append(
            f"{what}: the code {code!r} is not lower case without spaces or commas; input files "
            "name questions and items case-folded, so it could never be matched"
        )


def _check_tools(rule_set: Any, scales: Mapping[str, Any], problems: list[str]) -> None:
    tools = tuple(getattr(rule_set, "tools", ()) or ())
    if not tools:
        problems.append("tools: there are none")
        return
    weights: list[tuple[str, Fraction]] = []
    for tool in tools:
        value = _fraction(getattr(tool, "weight", None), f"tool {tool.code}: weight", problems)
        if value is None:
            continue
        if not ZERO <= value <= HUNDRED:
            problems.append(f"tool {tool.code}: weight {_show(value)} is outside 0-100")
        weights.append((tool.code, value))
    if len(weights) == len(tools):
        total = sum((w for _, w in weights), ZERO)
        if total != HUNDRED:
            parts = " + ".join(f"{code} {_show(w)}" for code, w in weights)
            problems.append(f"tool weights: {parts} = {_show(total)}, expected 100")

    owners: dict[str, str] = {}  # every code -> what first used it

    def claim(code: str, owner: str) -> None:
        if not code:
            problems.append(f"{owner}: the code is empty")
        elif code in owners:
            problems.append(f"the code {code!r} is used twice: by {owners[code]} and by {owner}")
        else:
            owners[code] = owner

    numbers: dict[int, str] = {}
    question_home: dict[str, list[int]] = {}
    for tool in tools:
        claim(tool.code, f"tool {tool.code}")
        indicators = tuple(getattr(tool, "indicators", ()) or ())
        if not indicators:
            problems.append(f"tool {tool.code}: it has no indicators")
        for ind in indicators:
            where = f"indicator {ind.number}"
            if ind.number in numbers:
                problems.append(f"{where}: the number is used twice (tools {numbers[ind.number]} and {tool.code})")
            numbers[ind.number] = tool.code
            weight = _fraction(getattr(ind, "weight", 1), f"{where}: weight", problems)
            if weight is not None and weight <= 0:
                problems.append(f"{where}: weight {_show(weight)} must be positive")
            questions = tuple(getattr(ind, "questions", ()) or ())
            subs = tuple(getattr(ind, "sub_indicators", ()) or ())
            if questions and subs:  # neither: an indicator-level rule set, scored from indicator scores alone
                problems.append(f"{where}: give either questions or sub-indicators, not both")
            for q in questions:
                homes = question_home.setdefault(q.code, [])
                homes.append(ind.number)
                if len(homes) == 2 and homes[0] == homes[1]:
                    problems.append(f"question {q.code!r} appears twice in indicator {ind.number}")
                elif len(homes) == 2:
                    problems.append(
                        f"question {q.code!r} is in more than one indicator ({homes[0]} and {homes[1]}); "
                        "every question belongs to exactly one"
                    )
                if len(homes) > 1:
                    continue
                claim(q.code, f"question {q.code} of {where}")
                _check_code_for_files(q.code, f"question {q.code!r}", problems)
                sub_items = tuple(getattr(q, "sub_items", ()) or ())
                if not sub_items:
                    problems.append(f"question {q.code!r}: it has no sub-items")
                elif len(sub_items) == 1 and sub_items[0].code != q.code:
                    problems.append(
                        f"question {q.code!r}: its single sub-item is coded {sub_items[0].code!r}; "
                        "a one-part question's sub-item carries the question's own code"
                    )
                for sub in sub_items:
                    if sub.code != q.code:
                        claim(sub.code, f"sub-item {sub.code} of question {q.code}")
                        _check_code_for_files(sub.code, f"sub-item {sub.code!r}", problems)
                    if sub.scale not in scales:
                        known = ", ".join(scales) or "none"
                        problems.append(f"sub-item {sub.code!r}: its scale {sub.scale!r} is not among the scales ({known})")
            for si in subs:
                claim(si.code, f"sub-indicator {si.code} of {where}")
                items = tuple(getattr(si, "items", ()) or ())
                if not items:
                    problems.append(f"sub-indicator {si.code!r}: it has no items")
                for item in items:
                    claim(item.code, f"{tool.code} item {item.code} of sub-indicator {si.code}")
                    _check_code_for_files(item.code, f"{tool.code} item {item.code!r}", problems)


def _check_bands(rule_set: Any, problems: list[str]) -> None:
    bands = tuple(getattr(rule_set, "bands", ()) or ())
    if not bands:
        problems.append("bands: there are none")
        return
    seen: set[str] = set()
    spans: list[tuple[Decimal, Decimal, Any]] = []
    for band in bands:
        if band.code in seen:
            problems.append(f"bands: the grade {band.code!r} is used twice")
        seen.add(band.code)
        lower = _two_places(band.lower, f"band {band.code!r}: lower", problems)
        upper = _two_places(band.upper, f"band {band.code!r}: upper", problems)
        if lower is None or upper is None:
            continue
        if lower > upper:
            problems.append(f"band {band.code!r}: lower {lower} is above upper {upper}")
            continue
        if lower < 0 or upper > 100:
            problems.append(f"band {band.code!r}: {lower}-{upper} reaches outside 0.00-100.00")
        spans.append((lower, upper, band))
    if not spans:
        return
    spans.sort(key=lambda s: (s[0], s[1]))
    first = spans[0]
    if first[0] > 0:
        problems.append(f"bands: nothing covers 0.00-{first[0] - _CENT} (the lowest band {first[2].code} starts at {first[0]})")
    reach, reacher = first[1], first[2]
    for lower, upper, band in spans[1:]:
        if lower > reach + _CENT:
            problems.append(
                f"bands: nothing covers {reach + _CENT}-{lower - _CENT} (a gap between {reacher.code}, "
                f"ending at {reach}, and {band.code}, starting at {lower})"
            )
        elif lower <= reach:
            end = min(reach, upper)
            at = str(lower) if end == lower else f"{lower}-{end}"
            problems.append(
                f"bands: {reacher.code} ({reacher.lower}-{reacher.upper}) and {band.code} ({lower}-{upper}) "
                f"overlap at {at}"
            )
        if upper > reach:
            reach, reacher = upper, band
    if reach < 100:
        problems.append(f"bands: nothing covers {reach + _CENT}-100.00 (the highest band {reacher.code} ends at {reach})")

    pass_line = _two_places(getattr(rule_set, "pass_line", None), "pass_line", problems)
    if pass_line is None:
        return
    if not 0 <= pass_line <= 100:
        problems.append(f"pass_line: {pass_line} is outside 0-100")
    for lower, upper, band in spans:
        span = f"band {band.code!r} ({lower}-{upper})"
        if lower >= pass_line and not band.passed:
            problems.append(f"{span} is at or above the pass line {pass_line} but does not pass (passed = false)")
        elif upper < pass_line and band.passed:
            problems.append(f"{span} is below the pass line {pass_line} but passes (passed = true)")
        elif lower < pass_line <= upper:
            problems.append(f"{span} straddles the pass line {pass_line}; a band must lie wholly above or below it")


def rule_set_problems(rule_set: Any) -> list[str]:
    """Every structural problem of a rule set (or a duck-typed stand-in), as readable sentences; empty when sound.

    Weights sum to 100; bands cover 0.00–100.00 at 0.01 with neither gap nor overlap,
    pass from the pass line up and fail below it; codes are used once (and are lower
    case, as input files need); every question is in exactly one indicator; every
    sub-item's scale exists; every scale's points lie in 0–100 and reach both ends.
    """
    problems: list[str] = []
    year = getattr(rule_set, "year", None)
    if not isinstance(year, int) or isinstance(year, bool):
        problems.append(f"year: {year!r} is not a whole number")
    elif year < 2500:
        problems.append(f"year: {year} looks like a Common-Era year; itakit years are Buddhist Era (2565 = 2022)")
    scales = _check_scales(rule_set, problems)
    _check_tools(rule_set, scales, problems)
    _check_bands(rule_set, problems)
    return problems
