"""The example plugin passes itakit's contract suite, and rates by tool scores as well as the total."""

from __future__ import annotations

import pytest

import itakit
import ita_rules_example
from itakit.testing import RuleSetContract

REGISTRY = itakit.Registry(autoload=False, plugins=[ita_rules_example])


class TestExample2599(RuleSetContract):
    """Every check of the contract: structure, scoring properties, and the rating hook."""

    rule_set = ita_rules_example.rule_set  # a RuleSet, or a function returning one
    registry = REGISTRY


def _rate(scores: dict[int, object]) -> itakit.Result:
    data = itakit.AgencyData(indicator_scores=scores)
    return itakit.score(ita_rules_example.rule_set(), data, registry=REGISTRY)


@pytest.mark.parametrize(
    ("iit", "eit", "oit", "total", "rating"),
    [
        (99, 99, 99, "99.00", "ผ่านดีเยี่ยม"),   # every tool at 90 or more: the band of the total
        (99, 89, 100, "96.40", "ผ่านดี"),        # a tool below 90 holds an excellent total at ผ่านดี
        (99, 84, 100, "94.90", "ผ่าน"),          # a tool below 85 holds it at ผ่าน
        (90, 60, 90, "81.00", "ไม่ผ่าน"),        # a failing total is never lifted
        (100, "84.995", 100, "95.50", "ผ่านดี"),  # the displayed 85.00 counts, not the exact 84.995
    ],
)
def test_the_rating_looks_at_tool_scores(iit, eit, oit, total, rating):
    scores = {**dict.fromkeys(range(1, 6), iit), **dict.fromkeys(range(6, 9), eit), 9: oit, 10: oit}
    result = _rate(scores)
    assert (str(result.display_total), result.grade.code) == (total, rating)


def test_the_checklist_is_renumbered():
    rules = ita_rules_example.rule_set()
    assert len(rules.item_codes) == 44
    assert rules.item("o10")[1].code == "9.1" and rules.item("o10")[2].name_en == "Personal data protection policy"
    assert [s.code for s in rules.indicator(9).sub_indicators] == ["9.1", "9.2", "9.3", "9.4"]
    assert len(rules.indicator(9).sub_indicators[1].items) == 15  # administration and budget merged


def test_it_says_it_is_not_official():
    rules = ita_rules_example.rule_set()
    assert "NOT official" in rules.name_en and "ไม่ใช่เกณฑ์ทางการ" in rules.name_th
    assert "NOT OFFICIAL" in rules.notes
