"""The built-in grading plugin: the year's declared rating (total and tool scores), else the band of the total.

Registered with every plugin host like a third-party plugin, and run last, so a
year plugin's own ``itakit_grade`` answer always takes precedence.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..exact import round_half_up
from .hookspecs import hookimpl
from .model import Grade, RuleSet

if TYPE_CHECKING:  # a result is only read here; the scoring wing builds it
    from ..scoring.result import Result

__all__ = ["grade_by_bands", "grade_by_data"]


def grade_by_bands(rule_set: RuleSet, total: Decimal) -> Grade:
    """The grade of a total by the year's bands, judged on its displayed (half-up, two-decimal) figure."""
    return rule_set.band_for(round_half_up(total)).grade()


def grade_by_data(rule_set: RuleSet, total: Decimal, tools: dict[str, Decimal]) -> Grade:
    """The rating the year's data gives a displayed total and displayed tool scores (bands: the total alone)."""
    if rule_set.rating is None:
        return grade_by_bands(rule_set, total)
    return rule_set.rating.level_for(round_half_up(total), tools).grade()


@hookimpl(trylast=True)
def itakit_grade(rule_set: RuleSet, result: Result) -> Grade | None:
    """Grade a complete result by the year's declared rating, else by the band of its displayed total."""
    if result.total is None:
        return None
    shown = round_half_up(result.total)
    return grade_by_data(rule_set, shown, {t.code: t.display_score for t in result.tools})
