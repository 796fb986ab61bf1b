"""ITA rules for fiscal year 2566 (2023), shipped as an itakit plugin: indicator-level, rated by data.

The rules are data, in ``ita2566.toml`` beside this file, each value marked with its
provenance (the rating rule beyond the pass line, and the weights, are inferred); this
module only hands them to itakit.  The year's questions and OIT items are not public, so
the rule set scores indicator scores only.
"""

from __future__ import annotations

from functools import cache

from itakit import RuleSet, hookimpl, load_packaged_rule_set

__all__ = ["RULES_FILE", "itakit_rule_sets", "rule_set"]

RULES_FILE = "ita2566.toml"


@cache
def rule_set() -> RuleSet:
    """The 2566 rule set, read once from the TOML file shipped with this package."""
    return load_packaged_rule_set(__name__, RULES_FILE)


@hookimpl
def itakit_rule_sets() -> list[RuleSet]:
    """Offer the 2566 rule set."""
    return [rule_set()]
