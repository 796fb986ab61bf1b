"""The hooks a year plugin implements.

A plugin is any module or object with functions named like these hooks and marked
with :data:`hookimpl`; it is announced to itakit through the ``itakit`` entry-point
group (see ``docs/plugins.md``).  Every hook name starts with ``itakit_``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from ..scoring.result import Result
    from .model import Grade, RuleSet

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

PROJECT_NAME = "itakit"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marker of itakit's hook specifications (the ``itakit_*`` functions of this module); a plugin needs ``hookimpl``."""
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marker for a plugin's hook implementations: ``@hookimpl def itakit_rule_sets(): ...``."""


@hookspec
def itakit_rule_sets() -> Iterable[RuleSet]:
    """Return the rule sets this plugin provides, one per fiscal year.

    Called once per plugin when itakit first needs the installed years; every
    plugin's answer is collected.  Two plugins offering the same year is an error
    that names both, raised when that year is asked for.
    """


@hookspec(firstresult=True)
def itakit_grade(rule_set: RuleSet, result: Result) -> Grade | None:
    """Decide the grade or rating of a complete result, or return None to leave it to others.

    ``result`` carries every indicator, tool score and the exact total, but no grade
    yet.  Implement this when a year's rating is not a plain band of the total (from
    2566 the rating also looks at tool scores) *and* cannot be said as a ``[rating]`` in
    the rule file; return None for years that are not yours.  ``firstresult``: the first
    non-None answer wins, and itakit's built-in implementation, which applies
    ``rule_set.rating`` (or looks the displayed total up in ``rule_set.bands``), runs last.
    """
