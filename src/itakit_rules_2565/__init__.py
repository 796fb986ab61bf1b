"""ITA rules for fiscal year 2565 (2022), shipped as an itakit plugin.

The rules themselves are data, in ``ita2565.toml`` beside this file, each value
marked with its provenance; this module only hands them to itakit.
"""

from __future__ import annotations

from functools import cache

from itakit import RuleSet, hookimpl, load_packaged_rule_set

__all__ = ["RULES_FILE", "itakit_rule_sets", "rule_set"]

RULES_FILE = "ita2565.toml"


@cache
def rule_set() -> RuleSet:
    """The 2565 rule set, read once from the TOML file shipped with this package."""
    return load_packaged_rule_set(__name__, RULES_FILE)


@hookimpl
def itakit_rule_sets() -> list[RuleSet]:
    """Offer the 2565 rule set."""
    return [rule_set()]
