"""The 2565 grade bands, judged on the displayed total."""

from __future__ import annotations

from decimal import Decimal

import pytest

import itakit
from itakit.rules.grading import grade_by_bands


@pytest.mark.parametrize(
    ("total", "grade", "passed"),
    [("100", "AA", True), ("95.00", "AA", True), ("94.99", "A", True), ("85.00", "A", True),
     ("84.99", "B", False), ("75", "B", False), ("74.99", "C", False), ("65", "C", False),
     ("64.99", "D", False), ("55", "D", False), ("54.99", "E", False), ("50", "E", False),
     ("49.99", "F", False), ("0", "F", False)],
)
def test_bands(rules, total, grade, passed):
    got = grade_by_bands(rules, Decimal(total))
    assert (got.code, got.passed) == (grade, passed)


def test_grade_follows_displayed_total(rules):
    # 94.995 is shown as 95.00, so it must be AA, never "95.00 A".
    assert grade_by_bands(rules, Decimal("94.995")).code == "AA"
    assert grade_by_bands(rules, Decimal("94.9949")).code == "A"


@pytest.mark.parametrize("total", ["-0.01", "100.01", "-5", "1000"])
def test_outside_range_refused(rules, total):
    with pytest.raises(ValueError, match="outside 0-100"):
        grade_by_bands(rules, Decimal(total))


def test_points_to_next_grade(rules, registry):
    scores = {n: "90" for n in range(1, 11)}
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=scores), registry=registry)
    assert result.grade.code == "A"
    assert (result.next_grade, result.points_to_next_grade) == ("AA", Decimal("5.00"))
