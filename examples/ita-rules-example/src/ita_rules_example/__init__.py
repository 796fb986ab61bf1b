"""ILLUSTRATIVE ITA rules for a made-up fiscal year 2599 -- NOT official: an example itakit year plugin.

It shows what a plugin distribution outside itakit holds: the year's rules as a TOML
data file (``ita2599.toml``, the 2565 questions with a renumbered OIT checklist) and an
``itakit_grade`` hook that rates like the years from 2566 (ผ่านดีเยี่ยม / ผ่านดี / ผ่าน /
ไม่ผ่าน), looking at the tool scores as well as the total.  No cut-off here is official.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from itakit import Grade, GradeBand, Result, RuleSet, hookimpl, load_packaged_rule_set

__all__ = ["EXCELLENT_TOOL_FLOOR", "PASS_TOOL_FLOOR", "YEAR", "itakit_grade", "itakit_rule_sets", "rule_set"]

YEAR = 2599
RULES_FILE = "ita2599.toml"
PASS_TOOL_FLOOR = Decimal("85.00")
"""A tool displayed below this holds the rating at ผ่าน at best (as an EIT below 85 did in 2568)."""
EXCELLENT_TOOL_FLOOR = Decimal("90.00")
"""A tool displayed below this holds the rating at ผ่านดี at best."""


@cache
def rule_set() -> RuleSet:
    """The illustrative 2599 rule set, read once from the TOML file shipped with this package."""
    return load_packaged_rule_set(__name__, RULES_FILE)


@hookimpl
def itakit_rule_sets() -> list[RuleSet]:
    """Offer the illustrative 2599 rule set."""
    return [rule_set()]


def _band(rules: RuleSet, code: str) -> GradeBand:
    return next(b for b in rules.bands if b.code == code)


@hookimpl
def itakit_grade(rule_set: RuleSet, result: Result) -> Grade | None:
    """Rate a 2599 result: the band of its displayed total, held back by low tool scores.

    Never better than ผ่าน when any tool is displayed below 85.00, never better than
    ผ่านดี when any is below 90.00.  Other years are left to their own plugins (None).
    """
    if rule_set.year != YEAR or result.total is None:
        return None
    band = rule_set.band_for(result.display_total)
    lowest_tool = min(tool.display_score for tool in result.tools)
    if lowest_tool < PASS_TOOL_FLOOR:
        cap = _band(rule_set, "ผ่าน")
    elif lowest_tool < EXCELLENT_TOOL_FLOOR:
        cap = _band(rule_set, "ผ่านดี")
    else:
        return band.grade()
    return min(band, cap, key=lambda b: b.lower).grade()
