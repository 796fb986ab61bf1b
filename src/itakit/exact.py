"""Exact numbers: every score is a :class:`~fractions.Fraction` inside, rounded only for display.

Published ITA figures have two decimals, rounded half-up from unrounded values, so
the rounding here is half-up on the exact rational, never on a float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = ["FROM_THAI_DIGITS", "HUNDRED", "TO_THAI_DIGITS", "ZERO", "decimal_fraction", "round_half_up", "to_fraction"]

ZERO = Fraction(0)
HUNDRED = Fraction(100)

FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
"""``str.translate`` table turning Thai digits (U+0E50–U+0E59) into Arabic ones."""
TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
"""``str.translate`` table turning Arabic digits into Thai ones."""
_MAX_EXPONENT = 1000


def to_fraction(value: object) -> Fraction:
    """Read an exact number from a Fraction, Decimal, int, float or numeric text (Thai digits allowed).

    Floats are read through their shortest repr (``0.1`` means one tenth), text may
    be a decimal (``"97.20"``, ``"๙๗.๒๐"``) or a ratio (``"100/3"``).  Raises
    :class:`ValueError` for anything else, including NaN, infinities and booleans.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().translate(FROM_THAI_DIGITS)
        if "/" in text:
            num, _, den = text.partition("/")
            try:
                return Fraction(int(num.strip()), int(den.strip()))
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"{value!r} is not a number") from None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        if value and abs(value.adjusted()) > _MAX_EXPONENT:
            # 1e999999999 is a valid Decimal, but making it a Fraction would take hours.
            raise ValueError(f"{value!r} is too far from any score to be read")
        return Fraction(value)
    raise ValueError(f"{value!r} is not a number")


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")


def decimal_fraction(text: str) -> Fraction:
    """Read a data cell's number strictly: a decimal in Thai or Arabic digits, optional sign and exponent.

    No underscores (``1_00``), ratios (``1/2``), spaces inside, NaN or infinities: what a
    data file holds is a figure as typed, and anything else is more likely a mistake than
    a number.  (Rule files keep :func:`to_fraction`'s ratio syntax.)  Raises ValueError.
    """
    plain = text.strip().translate(FROM_THAI_DIGITS)
    if _DECIMAL.fullmatch(plain) is None:
        raise ValueError(f"{text!r} is not a decimal number")
    return to_fraction(plain)


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round an exact value half-up (away from zero on a tie) to ``places`` decimals.

    >>> round_half_up(Fraction(19439, 200))  # 97.195
    Decimal('97.20')
    """
    frac = to_fraction(value)
    num, den = frac.numerator, frac.denominator
    # floor(|value| * 10**places + 1/2), in whole numbers (no Fraction arithmetic: it is called for every figure shown)
    whole = (2 * abs(num) * 10**places + den) // (2 * den)
    if num < 0:
        whole = -whole
    return Decimal(f"{whole}E-{places}")  # exact, whatever the decimal context's precision
