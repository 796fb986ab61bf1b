"""Test plugins whose rating hook looks at tool scores: one written to the docs (good), one broken at 85.00-85.99.

The rule set they rate, year 2597, is the 2568 rule set with its declared rating taken out and
replaced by bands of the total alone (as a plugin author following today's docs would write
it), so the hook is what holds a result back for its tool scores.
"""

from __future__ import annotations

import types
from decimal import Decimal
from functools import cache

import attrs

import itakit
import itakit_rules_2565
import itakit_rules_2566
import itakit_rules_2567
import itakit_rules_2568

YEAR = 2597


@cache
def band_only_rules() -> itakit.RuleSet:
    """A four-rating year decided by bands of the total plus a hook (no rating declared as data)."""
    base = itakit_rules_2568.rule_set()
    bands = [
        itakit.GradeBand("ผ่านดีเยี่ยม", "95.00", "100.00", True, "ผ่านดีเยี่ยม", "excellent pass"),
        itakit.GradeBand("ผ่านดี", "90.00", "94.99", True, "ผ่านดี", "good pass"),
        itakit.GradeBand("ผ่าน", "85.00", "89.99", True, "ผ่าน", "pass"),
        itakit.GradeBand("ไม่ผ่าน", "0.00", "84.99", False, "ไม่ผ่าน", "not passed"),
    ]
    return attrs.evolve(base, year=YEAR, rating=None, bands=bands)


def _band(rule_set: itakit.RuleSet, code: str) -> itakit.GradeBand:
    return next(b for b in rule_set.bands if b.code == code)


@itakit.hookimpl
def _capping_grade(rule_set, result):
    """The band of the total, held at ผ่าน by a tool below 85 and at ผ่านดี by one below 90 (a good hook)."""
    if rule_set.year != YEAR or result.total is None:
        return None
    band = rule_set.band_for(result.display_total)
    lowest = min(t.display_score for t in result.tools)
    if lowest < Decimal("85.00"):
        cap = _band(rule_set, "ผ่าน")
    elif lowest < Decimal("90.00"):
        cap = _band(rule_set, "ผ่านดี")
    else:
        return band.grade()
    return min(band, cap, key=lambda b: b.lower).grade()


CAPPING = types.SimpleNamespace(itakit_grade=_capping_grade)
"""A rating plugin as the docs describe: bands of the total, held back by low tool scores."""


@itakit.hookimpl
def _drops_at_85(rule_set, result):
    """Broken: drops to ไม่ผ่าน whenever one tool shows 85.00-85.99, else rates like CAPPING (or leaves it to the data)."""
    if result.total is None:
        return None
    if any(Decimal("85.00") <= t.display_score <= Decimal("85.99") for t in result.tools):
        return rule_set.rating_levels[-1].grade()
    return _capping_grade(rule_set, result)


DROPS_AT_85 = types.SimpleNamespace(itakit_grade=_drops_at_85)
"""The broken hook of issue 11: it passed the old contract suite 8 of 8, even at 500 examples."""


def registry_with(*plugins: object) -> itakit.Registry:
    """A registry holding the shipped 2568 rules, the band-only 2597 rules and the given rating plugins."""
    offer = types.SimpleNamespace(itakit_rule_sets=itakit.hookimpl(lambda: [band_only_rules()]))
    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2568])
    registry.register(offer, name="rules-2597", distribution="test-2597")
    for n, plugin in enumerate(plugins):
        registry.register(plugin, name=f"rating-{n}", distribution="test-rating")
    return registry


@itakit.hookimpl
def _exact_floor(rule_set, result):
    """Broken: like CAPPING, but judges the tool floors on the exact (undisplayed) scores (issue 22)."""
    if rule_set.year != YEAR or result.total is None:
        return None
    band = rule_set.band_for(result.display_total)
    lowest = min(t.score for t in result.tools)  # t.score, not t.display_score
    if lowest < 85:
        cap = _band(rule_set, "ผ่าน")
    elif lowest < 90:
        cap = _band(rule_set, "ผ่านดี")
    else:
        return band.grade()
    return min(band, cap, key=lambda b: b.lower).grade()


EXACT_FLOOR = types.SimpleNamespace(itakit_grade=_exact_floor)
"""A bands-only hook judging a tool floor on the undisplayed score: EIT 89.996 shows 90.00 yet is held back."""


@itakit.hookimpl
def _never_good(rule_set, result):
    """Broken: never gives ผ่านดี, which its bands declare (it gives ผ่าน instead)."""
    if rule_set.year != YEAR or result.total is None:
        return None
    band = rule_set.band_for(result.display_total)
    return (_band(rule_set, "ผ่าน") if band.code == "ผ่านดี" else band).grade()


NEVER_GOOD = types.SimpleNamespace(itakit_grade=_never_good)
"""A hook that never gives one of the levels its bands declare."""


# -- the shipped years, and one agency's figures rated by them ---------------------------------------------

R2568 = itakit_rules_2568.rule_set()


SHIPPED = itakit.Registry(autoload=False, plugins=[itakit_rules_2565, itakit_rules_2566, itakit_rules_2567,
                                                    itakit_rules_2568])


def agency(iit: object, eit: object, oit: object) -> itakit.AgencyData:
    """An agency whose IIT, EIT and OIT indicators all score these figures."""
    return itakit.AgencyData(indicator_scores={**dict.fromkeys(range(1, 6), iit), **dict.fromkeys(range(6, 9), eit),
                                               9: oit, 10: oit})


def rate(rules: itakit.RuleSet, data: itakit.AgencyData, registry: itakit.Registry = SHIPPED) -> itakit.Result:
    """The data scored and rated by the rules, through the shipped years' registry unless told."""
    return itakit.score(rules, data, registry=registry)
