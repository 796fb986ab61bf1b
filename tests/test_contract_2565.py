"""The contract suite over the 2565 rules, exactly as a plugin author would run it over theirs."""

from __future__ import annotations

import pytest

import itakit
from itakit.testing import RuleSetContract


class TestRules2565(RuleSetContract):
    """Every check of itakit.testing.RuleSetContract, on the shipped 2565 rules graded by their bands."""

    @pytest.fixture
    def contract_rule_set(self, rules: itakit.RuleSet) -> itakit.RuleSet:
        return rules

    @pytest.fixture
    def contract_registry(self, registry: itakit.Registry) -> itakit.Registry:
        return registry


def test_2565_is_graded_by_its_bands_alone(rules, registry):
    """No plugin's itakit_grade answers for 2565, so the contract demands the plain band of the total."""
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=dict.fromkeys(range(1, 11), "94.995")), registry=registry)
    assert registry.rating_answers(rules, result) == ()
    assert (result.display_total, result.grade.code) == (itakit.round_half_up(94.995), "AA")
