"""The plugin author's kit: Hypothesis strategies and the contract suite a year's rule set must pass.

Install with the ``testing`` extra (``pip install 'itakit[testing]'``, which brings
Hypothesis and pytest).  The core never imports this package.

* :mod:`itakit.testing.strategies` — valid rule sets of random shape, and inputs
  (indicator scores, question scores, OIT item results, raw answers) for a rule set;
* :mod:`itakit.testing.contract` — :class:`RuleSetContract`, a base test class to
  subclass, and :func:`check_rule_set`, a plain function; see ``docs/plugins.md``;
* :mod:`itakit.testing.structure` — :func:`rule_set_problems`, the structural checks
  alone, as sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .contract import RuleSetContract, check_rule_set, rule_set_problems

__all__ = ["RuleSetContract", "check_rule_set", "rule_set_problems"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so ``itakit.testing.strategies`` alone does not import pytest.
    if name in __all__:
        from . import contract

        return getattr(contract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
