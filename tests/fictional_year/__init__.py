"""A fictional year plugin (2593), written as docs/plugins.md says: its rules are data, in ita2593.toml beside it."""

from __future__ import annotations

from functools import cache

from itakit import RuleSet, hookimpl, load_packaged_rule_set


@cache
def rule_set() -> RuleSet:
    """The fictional 2593 rules, read once."""
    return load_packaged_rule_set(__name__, "ita2593.toml")


@hookimpl
def itakit_rule_sets() -> list[RuleSet]:
    """Offer the fictional year."""
    return [rule_set()]
