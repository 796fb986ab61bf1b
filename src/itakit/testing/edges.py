"""Where a rating may change, and inputs either side of it: the edge probes of the contract suite.

A rating judged on displayed two-decimal figures can only change where a displayed figure
crosses a threshold, so the contract probes there: each tool (or the total) put exactly at
x.x4 below an edge, then one indicator raised until it is exactly at the half-cent that
displays as the edge.  Needs nothing beyond the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from ..exact import HUNDRED, ZERO, round_half_up
from ..inputs.data import AgencyData
from ..rules.model import RuleSet

__all__ = ["edge_probes", "rating_edges"]


def rating_edges(rule_set: RuleSet, *, whole_numbers: bool = True) -> tuple[Decimal, ...]:
    """Every displayed figure where a rating may change: thresholds the data names, and every whole number 1-100."""
    edges = {Decimal(n).quantize(Decimal("0.01")) for n in range(1, 101)} if whole_numbers else set()
    edges.add(rule_set.pass_line)
    for level in rule_set.rating_levels:
        edges.add(level.min_total)
        if level.min_every_tool is not None:
            edges.add(level.min_every_tool)
        edges.update(m for _, m in level.min_tools)
    edges.update(b.lower for b in rule_set.bands)
    return tuple(sorted(e for e in edges if e > 0))


_CENT = Fraction(1, 100)
_HALF_CENT = Fraction(1, 200)


def edge_probes(
    rule_set: RuleSet, base: Mapping[int, Fraction], where: str, edge: Decimal
) -> tuple[str, AgencyData, AgencyData] | None:
    """Two indicator-level inputs either side of an edge: ``where`` (a tool code, or "total") displayed at
    ``edge`` − 0.01 (exactly x.x4 below the half-cent), then one indicator raised so it is exactly ``edge`` − 0.005,
    which displays as ``edge``.  None when the edge cannot be reached that way."""
    scores = dict(base)
    below = Fraction(edge) - _CENT
    if where == "total":
        shares = rule_set.weights_by_indicator()
        scores = dict.fromkeys(scores, below)
        number = max(shares, key=lambda n: (shares[n], -n))
        raised = below + (_HALF_CENT) * HUNDRED / shares[number]
    else:
        tool = rule_set.tool(where)
        weight = sum((i.weight for i in tool.indicators), ZERO)
        for ind in tool.indicators:
            scores[ind.number] = below
        first = max(tool.indicators, key=lambda i: (i.weight, -i.number))
        number = first.number
        raised = below + _HALF_CENT * weight / first.weight
    if raised > HUNDRED or below < 0:
        return None
    before = AgencyData(indicator_scores=scores)
    after = AgencyData(indicator_scores={**scores, number: raised})
    what = f"indicator {number} so that {where} goes from {round_half_up(below)} to {edge} (exactly {float(Fraction(edge) - _HALF_CENT)})"
    return what, before, after
