"""Thai presentation of numbers and dates for ITA reports.

Numbers are rounded half-up (the convention of Thai government reports, not
Babel's default half-even), grouped with Babel's ``th`` locale data and
written in Thai (๐–๙) or Arabic (0–9) digits.  Dates use the Buddhist Era
(พ.ศ. = ค.ศ. + 543) and the Thai government fiscal year (ปีงบประมาณ), which
runs 1 October – 30 September and is named by the Buddhist-Era year it ends in.

Babel is used only for locale data (grouping separator, month names): it has
no Buddhist calendar, and ``numbering_system=`` does not switch ``th`` to Thai
digits, so both are done here.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .exact import FROM_THAI_DIGITS, TO_THAI_DIGITS, round_half_up

__all__ = [
    "BE_YEARS_FROM",
    "Digits",
    "buddhist_year",
    "christian_year",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_date",
    "format_number",
    "format_period",
    "format_year",
    "month_name",
    "parse_date",
    "parse_number",
    "percent_phrase",
    "to_arabic_digits",
    "to_thai_digits",
]

Digits = Literal["thai", "arabic"]

_LOCALE = "th"
_BE_OFFSET = 543
_FISCAL_YEAR_START_MONTH = 10


# After Thai digits are mapped to Arabic: optional minus, integer part either
# plain or grouped in threes with commas, optional fraction.  [0-9] rather
# than \d, because \d (and Decimal()) also accept other scripts' digits.
BE_YEARS_FROM = 2400
"""A year this large is of the Buddhist Era (2565), not the Christian one (2022): no date itakit reads is that old."""
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_NUMBER_RE = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def _render(text: str, digits: str) -> str:
    """Return ASCII-digit ``text`` in the requested digit style (the one place ``digits`` is validated)."""
    if digits == "thai":
        return text.translate(TO_THAI_DIGITS)
    if digits == "arabic":
        return text
    raise ValueError(f"digits must be 'thai' or 'arabic', not {digits!r}")


def to_thai_digits(text: str) -> str:
    """Replace Arabic digits 0–9 in ``text`` with Thai digits ๐–๙, leaving everything else alone."""
    return text.translate(TO_THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ in ``text`` with Arabic digits 0–9, e.g. before parsing or comparing."""
    return text.translate(FROM_THAI_DIGITS)


def _round_half_up(value: Decimal | Fraction | int, places: int) -> Decimal:
    """Round ``value`` exactly to ``places`` decimals, ties away from zero (Decimal's ROUND_HALF_UP)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, Fraction, int)):
        raise TypeError(
            f"expected Decimal, Fraction or int, not {type(value).__name__} "
            "(floats are refused because they are not exact)"
        )
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise ValueError(f"places must be a non-negative int, not {places!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"cannot format non-finite number {value!r}")
    return round_half_up(value, places)


def format_number(
    value: Decimal | Fraction | int,
    places: int = 2,
    *,
    digits: Digits = "thai",
    grouping: bool = True,
) -> str:
    """Format ``value`` rounded half-up to exactly ``places`` decimals, e.g. 97.2 → "๙๗.๒๐".

    Fractions are rounded exactly; floats and bools raise TypeError because
    report figures must not carry binary rounding error.
    """
    return _formatted(_round_half_up(value, places), places, digits, grouping)


@functools.lru_cache(maxsize=8192)
def _formatted(rounded: Decimal, places: int, digits: Digits, grouping: bool) -> str:
    """An already rounded figure in the Thai locale's number pattern (``#,##0.00``: a comma every three digits,
    a full stop before the decimals), remembered: a national plan formats the same figures over and over.

    Written with Python's format specification, which places the same separators exactly (the
    figure is rounded already, so nothing is rounded again): Babel's th pattern gives the same
    text (tests/test_thai.py checks it for any figure), but loading its locale data costs a
    command about 40 ms, more than a national summary's own work.
    """
    return _render(f"{rounded:{',' if grouping else ''}.{places}f}", digits)


def parse_number(text: str) -> Decimal:
    """Parse a number written with Thai, Arabic or mixed digits (optional grouping commas and minus) into an exact Decimal."""
    candidate = to_arabic_digits(text.strip())
    if not _NUMBER_RE.fullmatch(candidate):
        raise ValueError(f"not a number: {text!r}")
    return Decimal(candidate.replace(",", ""))


def parse_date(text: str) -> date:
    """A date written ``YYYY-MM-DD`` in Arabic or Thai digits, its year Buddhist Era (2400 or later) or Christian.

    The Buddhist-Era year is converted before the date is checked, so 29 February of a
    leap year is a date whichever era names it: ``2567-02-29`` is 29 February 2024.
    ValueError for anything else.
    """
    found = _DATE_RE.fullmatch(text.strip().translate(FROM_THAI_DIGITS))
    if found is None:
        raise ValueError(f"not a date (expected YYYY-MM-DD): {text!r}")
    year, month, day = (int(part) for part in found.groups())
    if year >= BE_YEARS_FROM:
        year = christian_year(year)
    return date(year, month, day)


def buddhist_year(ce_year: int) -> int:
    """Convert a Christian-Era (ค.ศ.) year to the Buddhist-Era (พ.ศ.) year used in Thai documents."""
    return ce_year + _BE_OFFSET


def christian_year(be_year: int) -> int:
    """Convert a Buddhist-Era (พ.ศ.) year back to the Christian-Era (ค.ศ.) year used by ``datetime``."""
    return be_year - _BE_OFFSET


def fiscal_year(day: date) -> int:
    """Return the Buddhist-Era fiscal year (ปีงบประมาณ) containing ``day``; FY 2565 is 1 Oct 2021 – 30 Sep 2022."""
    be_year = buddhist_year(day.year)
    return be_year + 1 if day.month >= _FISCAL_YEAR_START_MONTH else be_year


def fiscal_year_bounds(be_year: int) -> tuple[date, date]:
    """Return the first and last day (1 October, 30 September) of Buddhist-Era fiscal year ``be_year``."""
    ce_year = christian_year(be_year)
    return date(ce_year - 1, _FISCAL_YEAR_START_MONTH, 1), date(ce_year, 9, 30)


def month_name(month: int, *, abbreviated: bool = False) -> str:
    """Return the Thai name of ``month`` (1–12), wide ("ตุลาคม") or abbreviated ("ต.ค."), from Babel's locale data."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be an int from 1 to 12, not {month!r}")
    from babel.dates import get_month_names

    names = get_month_names("abbreviated" if abbreviated else "wide", locale=_LOCALE)
    return str(names[month])


def format_year(be_year: int, *, digits: Digits = "thai", prefix: bool = True) -> str:
    """Write a Buddhist-Era year without grouping, e.g. "พ.ศ. ๒๕๖๕" (or "๒๕๖๕" with ``prefix=False``)."""
    text = _render(str(be_year), digits)
    return f"พ.ศ. {text}" if prefix else text


def _short_year(be_year: int) -> str:
    """Return the last two digits of a Buddhist-Era year, zero-padded ("65" for 2565)."""
    return f"{be_year % 100:02d}"


def format_date(
    day: date,
    *,
    style: Literal["long", "month_year", "short"] = "long",
    digits: Digits = "thai",
) -> str:
    """Write ``day`` in Thai with its Buddhist-Era year: "๑ ตุลาคม ๒๕๖๕" (long), "ตุลาคม ๒๕๖๕" (month_year) or "๑ ต.ค. ๖๕" (short).

    Babel's own ``th`` date formats use the Christian year ("ค.ศ. 2022"), hence this function.
    """
    be_year = buddhist_year(day.year)
    if style == "long":
        text = f"{day.day} {month_name(day.month)} {be_year}"
    elif style == "month_year":
        text = f"{month_name(day.month)} {be_year}"
    elif style == "short":
        text = f"{day.day} {month_name(day.month, abbreviated=True)} {_short_year(be_year)}"
    else:
        raise ValueError(f"style must be 'long', 'month_year' or 'short', not {style!r}")
    return _render(text, digits)


def format_period(start: date, end: date, *, digits: Digits = "thai") -> str:
    """Write a reporting period by month, e.g. "พ.ย. ๖๕ ถึง มี.ค. ๖๖" for 1 Nov 2022 – 31 Mar 2023."""
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")

    def part(day: date) -> str:
        return f"{month_name(day.month, abbreviated=True)} {_short_year(buddhist_year(day.year))}"

    return _render(f"{part(start)} ถึง {part(end)}", digits)


def percent_phrase(value: Decimal | Fraction | int, places: int = 0, *, digits: Digits = "thai") -> str:
    """Write a percentage the way Thai reports do, e.g. 97 → "ร้อยละ ๙๗"; ``value`` is already in percent, not a ratio."""
    return f"ร้อยละ {format_number(value, places, digits=digits)}"
