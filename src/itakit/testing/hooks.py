"""What the contract asks of a plugin's rating hook beyond the edges: it judges displayed figures, and it can give
every level its bands declare.

A rating is published beside two-decimal figures, so two results that display the same
total and the same tool scores must get the same rating: a hook that reads a tool's exact
score (``t.score < 90``) instead of its displayed one (``t.display_score``) rates an agency
showing EIT 90.00 below one showing the same 90.00, and no advice built from the displayed
figures can be right for it.  :func:`undisplayed_problems` puts each tool (and everything at
once) at the lowest and the highest exact value that display as each edge, the rest the
same and the displayed total equal, and compares the hook's answers.
:func:`unreached_levels` looks for inputs the hook gives each band of a year graded by bands
plus a hook; a band the hook never gives is a level that exists only on paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from ..exact import HUNDRED, ZERO, round_half_up
from ..inputs.data import AgencyData
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..scoring.result import Result
from ..scoring.score import score
from .edges import rating_edges

__all__ = ["displayed_twins", "undisplayed_problems", "unreached_levels"]

_HALF_CENT = Fraction(1, 200)
_TINY = Fraction(1, 10**6)


def _total(rule_set: RuleSet, scores: Mapping[int, Fraction]) -> Fraction:
    shares = rule_set.weights_by_indicator()
    return sum((shares[n] * v for n, v in scores.items()), ZERO) / HUNDRED


def _same_total(rule_set: RuleSet, low: dict[int, Fraction], high: dict[int, Fraction], held: set[int]) -> bool:
    """Move one indicator outside ``held`` by the same amount in both inputs so both totals display alike."""
    shown_low, shown_high = round_half_up(_total(rule_set, low)), round_half_up(_total(rule_set, high))
    if shown_low == shown_high:
        return True
    shares = rule_set.weights_by_indicator()
    total_low, total_high = _total(rule_set, low), _total(rule_set, high)
    for shift in (Fraction(shown_high) - _HALF_CENT - total_low,           # both up into the higher window
                  Fraction(shown_low) + _HALF_CENT - _TINY - total_high):  # both down into the lower one
        for number in sorted((n for n in low if n not in held and shares[n] > 0), key=lambda n: -shares[n]):
            step = shift * HUNDRED / shares[number]
            if ZERO <= low[number] + step <= HUNDRED:
                low[number] += step
                high[number] += step
                return round_half_up(_total(rule_set, low)) == round_half_up(_total(rule_set, high))
    return False


def displayed_twins(
    rule_set: RuleSet, base: Mapping[int, Fraction], where: str, edge: Decimal
) -> tuple[AgencyData, AgencyData] | None:
    """Two indicator-level inputs whose every displayed figure is the same, ``where`` (a tool code, or ``"all"``)
    exactly at the lowest and at nearly the highest value that displays as ``edge``; None when there are none."""
    low_value, high_value = Fraction(edge) - _HALF_CENT, Fraction(edge) + _HALF_CENT - _TINY
    if low_value < 0 or high_value > HUNDRED:
        return None
    numbers = ({i.number for i in rule_set.indicators} if where == "all"
               else {i.number for i in rule_set.tool(where).indicators})
    low = {n: (low_value if n in numbers else Fraction(v)) for n, v in base.items()}
    high = {n: (high_value if n in numbers else Fraction(v)) for n, v in base.items()}
    if not _same_total(rule_set, low, high, numbers):
        return None
    return AgencyData(indicator_scores=low), AgencyData(indicator_scores=high)


def _shown(result: Result) -> tuple[object, ...]:
    return (result.display_total, *(t.display_score for t in result.tools), *(i.display_score for i in result.indicators))


def undisplayed_problems(
    rule_set: RuleSet, registry: Registry, fills: Iterable[Fraction] = (HUNDRED, Fraction(60)),
    edges: Sequence[Decimal] | None = None,
) -> list[str]:
    """Where a rating hook answers differently for two results that display exactly the same figures (at most one
    problem per tool); empty when no plugin's hook rates this year."""
    if registry.grades_by_bands_only():
        return []
    problems: list[str] = []
    wheres = ["all", *(t.code for t in rule_set.tools)]
    found: set[str] = set()
    for fill in fills:
        base = dict.fromkeys((i.number for i in rule_set.indicators), fill)
        for edge in edges if edges is not None else rating_edges(rule_set):
            for where in wheres:
                if where in found:
                    continue
                twins = displayed_twins(rule_set, base, where, edge)
                if twins is None:
                    continue
                low, high = (score(rule_set, data, registry=registry) for data in twins)
                if _shown(low) != _shown(high) or low.grade is None or high.grade is None:
                    continue
                if low.grade.code != high.grade.code:
                    found.add(where)
                    what = "every indicator" if where == "all" else where
                    problems.append(
                        f"{what} exactly {float(Fraction(edge) - _HALF_CENT)} and {float(Fraction(edge) + _HALF_CENT - _TINY)} "
                        f"both display as {edge} (total shown {low.display_total}, tools "
                        f"{', '.join(f'{t.code} {t.display_score}' for t in low.tools)}), yet the rating hook gives "
                        f"{low.grade.code!r} to one and {high.grade.code!r} to the other: it judges a figure that is "
                        "not displayed; a rating must follow the displayed (two-decimal, half-up) figures "
                        "(result.display_total, tool.display_score)"
                    )
    return problems


def _probes(rule_set: RuleSet, lower: Decimal, upper: Decimal) -> list[dict[int, Fraction]]:
    """Indicator scores whose total lies in a band: every indicator alike, or some tools at full marks and the rest
    at the figure that puts the total at the band's ends."""
    numbers = [i.number for i in rule_set.indicators]
    out = [dict.fromkeys(numbers, Fraction(v)) for v in (lower, upper, (lower + upper) / 2)]
    codes = [t.code for t in rule_set.tools]
    groups: list[tuple[str, ...]] = [(c,) for c in codes]
    groups += [(a, b) for k, a in enumerate(codes) for b in codes[k + 1:]]
    for group in groups:
        weight = sum((rule_set.tool(c).weight for c in group), ZERO)
        mine = {i.number for c in group for i in rule_set.tool(c).indicators}
        for v in (lower, upper):
            x = (Fraction(v) - (HUNDRED - weight)) * HUNDRED / weight
            if ZERO <= x <= HUNDRED:
                out.append({n: (x if n in mine else HUNDRED) for n in numbers})
    return out


def unreached_levels(rule_set: RuleSet, registry: Registry) -> list[str]:
    """The bands of a year graded by bands plus a rating hook that the hook never gives on the probes; empty
    for a year with a declared rating (its hook must agree with it) or without a hook."""
    if registry.grades_by_bands_only() or rule_set.rating is not None:
        return []
    given: set[str] = set()
    probes = 0
    for band in rule_set.bands:
        for scores in _probes(rule_set, band.lower, band.upper):
            probes += 1
            result = score(rule_set, AgencyData(indicator_scores=scores), registry=registry)
            if result.grade is not None:
                given.add(result.grade.code)
    return [
        f"the band {band.code!r} ({band.lower}-{band.upper}) is never given by the rating hook in {probes} probes "
        "(every indicator alike across each band, and tools at full marks with the rest putting the total at each "
        "band's ends): a level the bands declare must be one the hook can give, or the bands say what is not so"
        for band in rule_set.bands_descending if band.code not in given
    ]
