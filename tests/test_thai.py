"""Tests for itakit.thai: Thai digits, half-up number formatting, Buddhist-Era dates and fiscal years."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itakit.thai import (
    buddhist_year,
    christian_year,
    fiscal_year,
    fiscal_year_bounds,
    format_date,
    format_number,
    format_period,
    format_year,
    month_name,
    parse_number,
    percent_phrase,
    to_arabic_digits,
    to_thai_digits,
)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


# --- digits -----------------------------------------------------------------


def test_digit_maps_are_exact_inverses_on_all_ten_digits() -> None:
    assert to_thai_digits("0123456789") == THAI_DIGITS
    assert to_arabic_digits(THAI_DIGITS) == "0123456789"
    assert [ord(c) for c in THAI_DIGITS] == list(range(0x0E50, 0x0E5A))


def test_digit_maps_leave_other_text_alone() -> None:
    assert to_thai_digits("ปี 2565, ข้อ 3.1") == "ปี ๒๕๖๕, ข้อ ๓.๑"
    assert to_arabic_digits("ร้อยละ ๙๗.๒๐ (x)") == "ร้อยละ 97.20 (x)"


# --- format_number ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("97.2"), 2, "๙๗.๒๐"),
        (1300132, 0, "๑,๓๐๐,๑๓๒"),
        (Decimal("94.995"), 2, "๙๕.๐๐"),
        (Decimal("1234567.891"), 2, "๑,๒๓๔,๕๖๗.๘๙"),
        (0, 2, "๐.๐๐"),
        (97, 0, "๙๗"),
    ],
)
def test_format_number_thai(value: Decimal | int, places: int, expected: str) -> None:
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        # half-up, where Babel's default half-even would give 0.12 / 2 / 0.
        (Decimal("0.125"), 2, "0.13"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("1.5"), 0, "2"),
        # ties go away from zero for negatives too (ROUND_HALF_UP).
        (Decimal("-0.125"), 2, "-0.13"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("0.124999"), 2, "0.12"),
        (Decimal("-1234.5"), 2, "-1,234.50"),
        (Decimal("1E+3"), 2, "1,000.00"),
        (Decimal("97.2"), 3, "97.200"),
    ],
)
def test_format_number_half_up(value: Decimal, places: int, expected: str) -> None:
    assert format_number(value, places, digits="arabic") == expected


def test_format_number_negative_zero_is_plain_zero() -> None:
    assert format_number(Decimal("-0.001"), 2, digits="arabic") == "0.00"
    assert format_number(Decimal("-0"), 0, digits="arabic") == "0"


def test_format_number_fraction_is_exact() -> None:
    assert format_number(Fraction(100, 3), digits="arabic") == "33.33"
    assert format_number(Fraction(200, 3), digits="arabic") == "66.67"
    # 1/8 = 0.125 exactly: a tie, rounded up (a float detour could not be trusted here).
    assert format_number(Fraction(1, 8), digits="arabic") == "0.13"
    assert format_number(Fraction(-1, 8), digits="arabic") == "-0.13"
    assert format_number(Fraction(1, 3), 0, digits="arabic") == "0"


def test_format_number_grouping_off() -> None:
    assert format_number(1300132, 0, grouping=False) == "๑๓๐๐๑๓๒"
    assert format_number(Decimal("1234.5"), digits="arabic", grouping=False) == "1234.50"


def test_format_number_beyond_default_decimal_precision() -> None:
    big = Decimal("123456789012345678901234567890123456789.555")
    assert format_number(big, 2, digits="arabic") == (
        "123,456,789,012,345,678,901,234,567,890,123,456,789.56"
    )


@pytest.mark.parametrize("bad", [97.2, 1.0, True, False, "97", None])
def test_format_number_rejects_inexact_or_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError, match="expected Decimal, Fraction or int"):
        format_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_format_number_rejects_non_finite(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="cannot format non-finite number"):
        format_number(bad)


def test_format_number_rejects_negative_places() -> None:
    with pytest.raises(ValueError, match="places must be a non-negative int"):
        format_number(1, -1)


# --- digits keyword is validated identically everywhere ---------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda d: format_number(1, digits=d),
        lambda d: percent_phrase(1, digits=d),
        lambda d: format_year(2565, digits=d),
        lambda d: format_date(date(2022, 10, 1), digits=d),
        lambda d: format_period(date(2022, 10, 1), date(2022, 11, 1), digits=d),
    ],
)
@pytest.mark.parametrize("bad", ["latin", "Thai", "", "native"])
def test_bad_digits_keyword_is_refused(call, bad: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="digits must be 'thai' or 'arabic'"):
        call(bad)


# --- parse_number -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๙๗.๒๐", Decimal("97.20")),
        ("97.20", Decimal("97.20")),
        ("๙7.2๐", Decimal("97.20")),
        ("  ๑,๓๐๐,๑๓๒ \n", Decimal("1300132")),
        ("-1,234.50", Decimal("-1234.50")),
        ("-๐.๑๓", Decimal("-0.13")),
        ("0", Decimal("0")),
        ("1234", Decimal("1234")),
    ],
)
def test_parse_number_accepts(text: str, expected: Decimal) -> None:
    result = parse_number(text)
    assert result == expected
    assert str(result) == str(expected)  # exponent preserved, e.g. 97.20 keeps two places


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "abc", "1.2.3", "NaN", "nan", "Infinity", "-Infinity", "inf",
        "1e5", "+5", "--5", "5-", "1,23", "12,34,567", ",123", "1,234,", ".5", "5.",
        "1 234", "๑๒a", "١٢٣",  # Arabic-Indic digits: Decimal() would accept them
    ],
)
def test_parse_number_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a number") as info:
        parse_number(text)
    assert repr(text) in str(info.value)


# --- years, months, dates ---------------------------------------------------


def test_year_conversion() -> None:
    assert buddhist_year(2022) == 2565
    assert christian_year(2565) == 2022


def test_fiscal_year_examples() -> None:
    assert fiscal_year(date(2021, 9, 30)) == 2564
    assert fiscal_year(date(2021, 10, 1)) == 2565
    assert fiscal_year(date(2022, 9, 30)) == 2565
    assert fiscal_year(date(2022, 10, 1)) == 2566


def test_fiscal_year_bounds_example() -> None:
    assert fiscal_year_bounds(2565) == (date(2021, 10, 1), date(2022, 9, 30))


def test_month_names() -> None:
    assert month_name(10) == "ตุลาคม"
    assert month_name(10, abbreviated=True) == "ต.ค."
    assert month_name(1) == "มกราคม"
    assert month_name(3, abbreviated=True) == "มี.ค."
    assert month_name(11, abbreviated=True) == "พ.ย."


@pytest.mark.parametrize("bad", [0, 13, -1, True])
def test_month_name_refuses_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError, match="month must be an int from 1 to 12"):
        month_name(bad)


def test_format_year() -> None:
    assert format_year(2565) == "พ.ศ. ๒๕๖๕"
    assert format_year(2565, prefix=False) == "๒๕๖๕"
    assert format_year(2565, digits="arabic") == "พ.ศ. 2565"


def test_format_date_styles() -> None:
    day = date(2022, 10, 1)
    assert format_date(day) == "๑ ตุลาคม ๒๕๖๕"
    assert format_date(day, style="month_year") == "ตุลาคม ๒๕๖๕"
    assert format_date(day, style="short") == "๑ ต.ค. ๖๕"
    assert format_date(day, digits="arabic") == "1 ตุลาคม 2565"
    assert format_date(date(1962, 1, 31), style="short", digits="arabic") == "31 ม.ค. 05"


def test_format_date_refuses_unknown_style() -> None:
    with pytest.raises(ValueError, match="style must be 'long', 'month_year' or 'short'"):
        format_date(date(2022, 10, 1), style="full")  # type: ignore[arg-type]


def test_format_period() -> None:
    assert format_period(date(2022, 11, 1), date(2023, 3, 31)) == "พ.ย. ๖๕ ถึง มี.ค. ๖๖"
    assert format_period(date(2022, 11, 1), date(2023, 3, 31), digits="arabic") == "พ.ย. 65 ถึง มี.ค. 66"
    assert format_period(date(2022, 11, 1), date(2022, 11, 1)) == "พ.ย. ๖๕ ถึง พ.ย. ๖๕"


def test_format_period_refuses_reversed() -> None:
    with pytest.raises(ValueError, match=r"period ends \(2022-11-01\) before it starts \(2023-03-31\)"):
        format_period(date(2023, 3, 31), date(2022, 11, 1))


def test_percent_phrase() -> None:
    assert percent_phrase(97) == "ร้อยละ ๙๗"
    assert percent_phrase(Decimal("97.2"), 2) == "ร้อยละ ๙๗.๒๐"
    assert percent_phrase(97, 2) == "ร้อยละ ๙๗.๐๐"
    assert percent_phrase(Decimal("84.5")) == "ร้อยละ ๘๕"
    assert percent_phrase(Fraction(100, 3), 2, digits="arabic") == "ร้อยละ 33.33"


def test_percent_phrase_refuses_float() -> None:
    with pytest.raises(TypeError, match="floats are refused because they are not exact"):
        percent_phrase(97.0)  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------

two_place_decimals = st.decimals(
    min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)


@given(two_place_decimals, st.sampled_from(["thai", "arabic"]), st.booleans())
def test_format_then_parse_round_trips(d: Decimal, style: str, grouping: bool) -> None:
    text = format_number(d, 2, digits=style, grouping=grouping)  # type: ignore[arg-type]
    assert parse_number(text) == d
    fraction = to_arabic_digits(text).rsplit(".", 1)[1]
    assert len(fraction) == 2
    assert ("," in text) == (grouping and abs(d) >= 1000)
    if style == "thai":
        assert not any(c in "0123456789" for c in text)


@given(st.dates())
def test_fiscal_year_rule(d: date) -> None:
    expected = buddhist_year(d.year) + (1 if d.month >= 10 else 0)
    assert fiscal_year(d) == expected


@given(st.integers(min_value=1, max_value=9999))
def test_fiscal_year_changes_by_one_at_october_first(year: int) -> None:
    last_day = date(year, 9, 30)
    first_day = date(year, 10, 1)
    assert first_day - last_day == timedelta(days=1)
    assert fiscal_year(last_day) == buddhist_year(year)
    assert fiscal_year(first_day) == fiscal_year(last_day) + 1


@given(st.text(alphabet=st.characters(exclude_characters=THAI_DIGITS)))
def test_digit_round_trip(s: str) -> None:
    thai = to_thai_digits(s)
    assert not any(c in "0123456789" for c in thai)
    assert to_arabic_digits(thai) == s


# Dates whose fiscal year starts and ends inside datetime's range (years 1..9999).
@given(st.dates(min_value=date(1, 10, 1), max_value=date(9999, 9, 30)))
def test_fiscal_year_bounds_contain_date(d: date) -> None:
    first, last = fiscal_year_bounds(fiscal_year(d))
    assert first <= d <= last
    assert (first.month, first.day, last.month, last.day) == (10, 1, 9, 30)
    assert last.year == first.year + 1


@given(st.one_of(st.decimals(min_value=-999, max_value=999, allow_nan=False, allow_infinity=False, places=4),
                 st.decimals(min_value=-10**24, max_value=10**24, allow_nan=False, allow_infinity=False, places=3),
                 st.integers(min_value=-10**30, max_value=10**30).map(Decimal)),
       st.integers(min_value=0, max_value=4), st.booleans())
def test_numbers_are_written_as_babels_th_pattern_writes_them_without_loading_it(value, places, grouping):
    """itakit writes numbers with Python's format specification: it must agree with Babel's th pattern exactly."""
    from decimal import localcontext

    from babel.numbers import format_decimal

    from itakit.exact import round_half_up
    from itakit.thai import format_number

    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    rounded = round_half_up(value, places)
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, rounded.adjusted() + places + 2)  # room for Babel to quantize long numbers
        babel = format_decimal(rounded, format=pattern, locale="th", decimal_quantization=False)
    assert format_number(value, places, digits="arabic", grouping=grouping) == babel
