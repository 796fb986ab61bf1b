"""Exact numbers (itakit.exact): reading, half-up rounding, the one mean and share, Fractions built in bulk."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itakit import exact
from itakit.exact import mean, percent, round_half_up

fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6)


# -- the one mean -------------------------------------------------------------------------------------


@given(st.lists(fractions, min_size=1, max_size=30))
def test_the_mean_is_the_exact_sum_over_the_count(values):
    assert mean(values) == sum(values, Fraction(0)) / len(values)
    assert mean(iter(values)) == mean(tuple(values))  # any iterable


@given(st.lists(st.tuples(fractions, st.fractions(min_value=Fraction(1, 100), max_value=100, max_denominator=1000)),
                min_size=1, max_size=12))
def test_the_weighted_mean_is_the_weighted_sum_over_the_weights(pairs):
    values, weights = [v for v, _ in pairs], [w for _, w in pairs]
    expected = sum((w * v for v, w in pairs), Fraction(0)) / sum(weights, Fraction(0))
    assert mean(values, weights) == expected
    assert mean(values, [w * 7 for w in weights]) == expected  # the unit of the weights cancels out


def test_the_total_is_the_weighted_mean_of_the_tools():
    """30/30/40 sum to 100: the weighted mean is the weighted sum over 100, the total of ITA."""
    tools = [Fraction(9984, 100), Fraction(9503, 100), Fraction(98)]
    assert mean(tools, [30, 30, 40]) == (30 * tools[0] + 30 * tools[1] + 40 * tools[2]) / 100
    assert mean([Fraction(1, 3), Fraction(1, 6)]) == Fraction(1, 4)
    assert mean([Fraction(100), Fraction(80)], [Fraction(1, 2), Fraction(3, 2)]) == Fraction(85)


def test_a_mean_of_nothing_or_of_mismatched_weights_is_refused():
    with pytest.raises(ValueError, match="the mean of no values"):
        mean([])
    with pytest.raises(ValueError, match="2 weights for 3 values"):
        mean([Fraction(1)] * 3, [1, 2])
    with pytest.raises(ValueError, match="the weights sum to nothing"):
        mean([Fraction(1), Fraction(2)], [1, -1])


def test_a_share_is_in_percent():
    assert percent(3, 4) == 75 and percent(1, 3) == Fraction(100, 3) and percent(Fraction(1, 2), 1) == 50
    with pytest.raises(ZeroDivisionError, match=r"Fraction\(\d+, 0\)|division by zero"):
        percent(1, 0)


# -- half-up rounding --------------------------------------------------------------------------------


def test_round_half_up_rounds_ties_away_from_zero():
    assert round_half_up(Fraction(19439, 200)) == Decimal("97.20")  # 97.195
    assert round_half_up(Fraction(-1, 200)) == Decimal("-0.01")
    assert round_half_up(Decimal("94.995")) == Decimal("95.00")
    assert round_half_up(Fraction(675346, 10000)) == Decimal("67.53")


@given(st.fractions(min_value=0, max_value=100))
def test_round_half_up_is_within_half_a_cent(value):
    shown = round_half_up(value)
    assert abs(Fraction(shown) - value) <= Fraction(1, 200)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**30, max_value=10**30), st.integers(0, 12))
def test_a_decimal_already_shown_is_rounded_as_its_exact_value_is(value, places):
    """The shortcut for a Decimal with no more places than asked gives what rounding its exact fraction gives."""
    assert round_half_up(value, places) == round_half_up(Fraction(value), places)
    assert str(round_half_up(value, places)) == str(round_half_up(Fraction(value), places))


@given(st.fractions(), st.integers(0, 4))
def test_half_up_units_are_the_digits_round_half_up_shows(value, places):
    assert exact.round_half_up(value, places) == Decimal(f"{exact.half_up_units(value, places)}E-{places}")


@given(st.lists(st.one_of(st.fractions(), st.fractions(min_value=0, max_value=100, max_denominator=10**9)),
                max_size=40), st.integers(0, 4))
def test_figures_rounded_at_once_are_those_rounded_one_by_one(values, places):
    """A column's displayed figures (units and text, negatives and far-off values too) are round_half_up's, each."""
    assert exact.half_up_units_of(values, places) == [exact.half_up_units(v, places) for v in values]
    assert exact.half_up_texts(values, places) == [str(round_half_up(v, places)) for v in values]
    assert exact.half_up_texts(values, places) == [str(round_half_up(v, places)) for v in values]  # remembered


def test_figures_rounded_at_once_take_any_exact_number():
    values = [Decimal("94.995"), 7, Fraction(19439, 200)]
    assert exact.half_up_texts(values) == ["95.00", "7.00", "97.20"]  # type: ignore[arg-type]


# -- reading numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("97.20", Fraction(972, 10)), ("๙๗.๒๐", Fraction(972, 10)),
                                             ("100/3", Fraction(100, 3)), (0.1, Fraction(1, 10)), (7, Fraction(7))])
def test_to_fraction_reads_decimals_ratios_thai_digits_and_float_reprs(text, value):
    assert exact.to_fraction(text) == value


@pytest.mark.parametrize(("value", "says"), [(True, "is not a number"), ("abc", "is not a number"),
                                             ("1/0", "is not a number"), (float("nan"), "not a finite number"),
                                             ("1e999999999", "too far from any score")])
def test_to_fraction_refuses_what_is_no_score(value, says):
    with pytest.raises(ValueError, match=says):
        exact.to_fraction(value)


@pytest.mark.parametrize("text", ["1_00", "1/2", "0x10", "NaN", "Infinity", "9e", "1,5", " 9 9"])
def test_a_data_cell_is_a_plain_decimal_only(text):
    with pytest.raises(ValueError, match="is not a decimal number"):
        exact.decimal_fraction(text)
    assert exact.decimal_fraction("๙.๙๘๔e1") == Fraction(9984, 100)


# -- Fractions built in bulk -------------------------------------------------------------------------


@given(st.lists(st.tuples(st.integers(-10**30, 10**30), st.integers(1, 10**30)), max_size=20))
def test_coprime_fractions_equal_fraction_on_both_branches(pairs):
    reduced = [(n // math.gcd(n, d), d // math.gcd(n, d)) for n, d in pairs]
    nums, dens = [n for n, _ in reduced], [d for _, d in reduced]
    expected = [Fraction(n, d) for n, d in reduced]
    for build in (exact._slot_fractions, exact._plain_fractions, exact.coprime_fractions):
        made = build(nums, dens)
        assert made == expected
        assert [(f.numerator, f.denominator, hash(f), repr(f)) for f in made] == [
            (f.numerator, f.denominator, hash(f), repr(f)) for f in expected]
        assert all(type(f) is Fraction and type(f.numerator) is int for f in made)


def test_this_python_fills_the_slots(monkeypatch):
    assert exact._slots_hold_the_terms()  # CPython 3.11-3.13: the fast branch is the one used
    assert exact._COPRIME is exact._slot_fractions
    monkeypatch.setattr(exact, "_TERMS", (None, None))
    assert not exact._slots_hold_the_terms()  # a Fraction without those slots: the plain branch
