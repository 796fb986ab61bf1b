"""Deliberately broken versions of the 2565 rules, forged past the model's own validation, for the contract's tests."""

from __future__ import annotations

import copy
import types
from typing import Any

import attrs

import itakit
import itakit_rules_2565


def forge(obj: Any, **changes: Any) -> Any:
    """A copy of a frozen attrs object with fields replaced, skipping its validation (as a buggy plugin might)."""
    clone = copy.copy(obj)
    for name, value in changes.items():
        object.__setattr__(clone, name, value)
    return clone


def _map_tools(rules: itakit.RuleSet, change) -> tuple[itakit.Tool, ...]:
    return tuple(attrs.evolve(t, indicators=tuple(change(i) for i in t.indicators)) for t in rules.tools)


def weights_sum_to_90(rules: itakit.RuleSet) -> itakit.RuleSet:
    tools = tuple(attrs.evolve(t, weight=30) if t.code == "OIT" else t for t in rules.tools)
    return forge(rules, tools=tools)


def band_gap_and_overlap(rules: itakit.RuleSet) -> itakit.RuleSet:
    def change(band: itakit.GradeBand) -> itakit.GradeBand:
        if band.code == "A":
            return attrs.evolve(band, lower="86.00")
        if band.code == "C":
            return attrs.evolve(band, upper="75.00")
        return band

    return forge(rules, bands=tuple(change(b) for b in rules.bands))


def band_passes_below_the_pass_line(rules: itakit.RuleSet) -> itakit.RuleSet:
    return forge(rules, bands=tuple(attrs.evolve(b, passed=True) if b.code == "B" else b for b in rules.bands))


def duplicate_item_code(rules: itakit.RuleSet) -> itakit.RuleSet:
    def change(ind: itakit.Indicator) -> itakit.Indicator:
        if ind.number != 9:
            return ind
        first = ind.sub_indicators[0]
        items = tuple(attrs.evolve(i, code="o4") if i.code == "o5" else i for i in first.items)
        return attrs.evolve(ind, sub_indicators=(attrs.evolve(first, items=items), *ind.sub_indicators[1:]))

    return forge(rules, tools=_map_tools(rules, change))


def question_in_two_indicators(rules: itakit.RuleSet) -> itakit.RuleSet:
    i7 = rules.question("i7")[1]

    def change(ind: itakit.Indicator) -> itakit.Indicator:
        return attrs.evolve(ind, questions=(*ind.questions, i7)) if ind.number == 3 else ind

    return forge(rules, tools=_map_tools(rules, change))


def missing_scale(rules: itakit.RuleSet) -> itakit.RuleSet:
    def change(ind: itakit.Indicator) -> itakit.Indicator:
        if ind.number != 1:
            return ind
        questions = tuple(
            attrs.evolve(q, sub_items=(attrs.evolve(q.sub_items[0], scale="level5"),)) if q.code == "i2" else q
            for q in ind.questions
        )
        return attrs.evolve(ind, questions=questions)

    return forge(rules, tools=_map_tools(rules, change))


def scale_point_above_100(rules: itakit.RuleSet) -> itakit.RuleSet:
    level4 = rules.scale("level4")
    options = tuple(forge(o, points=120) if o.key == "4" else o for o in level4.options)
    scales = tuple(forge(s, options=options) if s.code == "level4" else s for s in rules.scales)
    return forge(rules, scales=scales)


BREAKAGES = {
    "weights_sum_to_90": (weights_sum_to_90, [
        "tool weights: IIT 30 + EIT 30 + OIT 30 = 90, expected 100",
    ]),
    "band_gap_and_overlap": (band_gap_and_overlap, [
        "bands: C (65.00-75.00) and B (75.00-84.99) overlap at 75.00",
        "bands: nothing covers 85.00-85.99 (a gap between B, ending at 84.99, and A, starting at 86.00)",
    ]),
    "band_passes_below_the_pass_line": (band_passes_below_the_pass_line, [
        "band 'B' (75.00-84.99) is below the pass line 85.00 but passes (passed = true)",
    ]),
    "duplicate_item_code": (duplicate_item_code, [
        "the code 'o4' is used twice: by OIT item o4 of sub-indicator 9.1 and by OIT item o4 of sub-indicator 9.1",
    ]),
    "question_in_two_indicators": (question_in_two_indicators, [
        "question 'i7' is in more than one indicator (2 and 3); every question belongs to exactly one",
    ]),
    "missing_scale": (missing_scale, [
        "sub-item 'i2': its scale 'level5' is not among the scales (level4, yesno)",
    ]),
    "scale_point_above_100": (scale_point_above_100, [
        "scale 'level4': option '4' is worth 120, outside 0-100",
        "scale 'level4': its options are worth 0-120; a scale must run from 0 to 100 so that all-best answers "
        "score 100 and all-worst answers 0 (either way round, for reverse-scored items)",
    ]),
}


def everything_broken(rules: itakit.RuleSet | None = None) -> itakit.RuleSet:
    """The 2565 rules with every breakage above at once."""
    rules = rules or itakit_rules_2565.rule_set()
    for make, _ in BREAKAGES.values():
        rules = make(rules)
    return rules


@itakit.hookimpl
def _lift_everything(rule_set, result):
    return rule_set.bands_descending[0].grade()


LIFTING_RATING = types.SimpleNamespace(itakit_grade=_lift_everything)
"""A rating plugin that awards the top band to every result: it lifts results above their total's band."""


from rating_plugins import DROPS_AT_85  # noqa: E402 - the broken tool-dependent hook of issue 11, kept with its kin

__all__ = ["BREAKAGES", "DROPS_AT_85", "LIFTING_RATING", "everything_broken", "forge"]
