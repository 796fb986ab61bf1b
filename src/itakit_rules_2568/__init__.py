"""ITA rules for fiscal year 2568 (2025), shipped as an itakit plugin: indicator-level, rated by data.

The rules are data, in ``ita2568.toml`` beside this file, each value marked with its
provenance (the rating rule beyond the pass line, and the weights, are inferred); this
module only hands them to itakit.  The year's questions and OIT items are not public, so
the rule set scores indicator scores only.
"""

from __future__ import annotations

from functools import cache

from itakit import RuleSet, hookimpl, load_packaged_rule_set

__all__ = ["RULES_FILE", "itakit_rule_sets", "rule_set"]

RULES_FILE = "ita2568.toml"


@cache
def rule_set() -> RuleSet:
    """The 2568 rule set, read once from the TOML file shipped with this package."""
    return load_packaged_rule_set(__name__, RULES_FILE)


@hookimpl
def itakit_rule_sets() -> list[RuleSet]:
    """Offer the 2568 rule set."""
    return [rule_set()]
