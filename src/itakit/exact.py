"""Exact numbers: every score is a :class:`~fractions.Fraction` inside, rounded only for display.

Published ITA figures have two decimals, rounded half-up from unrounded values, so
the rounding here is half-up on the exact rational, never on a float.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from itertools import repeat
from operator import add, attrgetter, floordiv, mul

__all__ = [
    "FROM_THAI_DIGITS", "HUNDRED", "TO_THAI_DIGITS", "ZERO", "coprime_fractions", "decimal_fraction",
    "half_up_texts", "half_up_units", "half_up_units_of", "mean", "percent", "round_half_up", "to_fraction",
]

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
    if type(value) is Fraction:
        units = half_up_units(value, places)
        shown = _SHOWN.get((units, places))  # a national table shows the same few thousand figures again and again
        if shown is None:
            shown = Decimal(f"{units}E-{places}")  # exact, whatever the context's precision
            if -_SHOWN_UNITS <= units <= _SHOWN_UNITS:
                _SHOWN[(units, places)] = shown
        return shown
    if type(value) is Decimal and value and value.is_finite() and -_MAX_EXPONENT <= value.adjusted() < 26 - places:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -places:  # a figure already shown: nothing to round
            return Decimal(f"{value:.{places}f}")  # exact: only zeros are added, whatever the context's precision
    return Decimal(f"{half_up_units(to_fraction(value), places)}E-{places}")  # exact, whatever the context's precision


_SHOWN: dict[tuple[int, int], Decimal] = {}
"""Figures shown, by (whole units, places): Decimals are immutable, so one object serves every equal figure."""
_SHOWN_UNITS = 1_000_000
"""Figures of at most this many units are remembered (every score and total is far smaller)."""


def half_up_units(value: Fraction, places: int = 2) -> int:
    """``value`` × 10**places rounded half-up, as a whole number: :func:`round_half_up`'s digits, without a Decimal.

    Ranking compares displayed figures; comparing these whole numbers is the same and cheaper.
    """
    num, den = value.numerator, value.denominator
    # floor(|value| * 10**places + 1/2), in whole numbers (no Fraction arithmetic: it is called for every figure shown)
    whole: int = (2 * abs(num) * 10**places + den) // (2 * den)
    return -whole if num < 0 else whole


def mean(values: Iterable[Fraction], weights: Iterable[Fraction | int] | None = None) -> Fraction:
    """The exact mean of ``values``, or with ``weights`` the weighted mean Σ w·v ÷ Σ w (weights in any unit).

    Every mean of ITA is this one: a question over its sub-items, an indicator over its
    questions or sub-indicators, a tool over its indicators, the total over the tools (their
    weights sum to 100, so the weighted mean is the weighted sum ÷ 100), and the mean of many
    agencies.  Summed over one common denominator: a single reduction instead of one per
    addition (thousands of agencies are scored at once; see docs/performance.md).  ValueError
    for no values, or weights that do not pair with them or sum to nothing.
    """
    values = values if isinstance(values, (list, tuple)) else list(values)
    if not values:
        raise ValueError("the mean of no values")
    den = math.lcm(*(v.denominator for v in values))
    if weights is None:
        return Fraction(sum(v.numerator * (den // v.denominator) for v in values), den * len(values))
    weights = weights if isinstance(weights, (list, tuple)) else list(weights)
    if len(weights) != len(values):
        raise ValueError(f"{len(weights)} weights for {len(values)} values")
    if all(type(w) is int for w in weights):
        whole: Sequence[int] = weights  # type: ignore[assignment]
    else:  # whole weights in a common unit, which cancels out
        unit = math.lcm(*(w.denominator for w in weights))
        whole = [w.numerator * (unit // w.denominator) for w in weights]
    if sum(whole) == 0:
        raise ValueError("the weights sum to nothing")
    return Fraction(sum(w * v.numerator * (den // v.denominator) for w, v in zip(whole, values, strict=True)),
                    den * sum(whole))


def percent(part: Fraction | int, whole: Fraction | int) -> Fraction:
    """``part`` as a share of ``whole``, in percent (3 of 4 items passing: 75); ZeroDivisionError for no whole."""
    return HUNDRED * part / whole


def _plain_fractions(numerators: Sequence[int], denominators: Sequence[int]) -> list[Fraction]:
    return list(map(Fraction, numerators, denominators))


_Setter = Callable[[Fraction, int], None]
# CPython keeps a Fraction's terms in these two slots (3.11 to 3.13 at least); None where it does not
_TERMS: tuple[_Setter, _Setter] = tuple(  # type: ignore[assignment]
    getattr(Fraction.__dict__.get(name), "__set__", None) for name in ("_numerator", "_denominator"))


def _slot_fractions(numerators: Sequence[int], denominators: Sequence[int]) -> list[Fraction]:
    # Filling the slots in C loops skips Fraction.__new__'s checks and gcd, which the caller has done.
    made: list[Fraction] = list(map(object.__new__, repeat(Fraction, len(numerators))))
    set_numerator, set_denominator = _TERMS
    deque(map(set_numerator, made, numerators), 0)
    deque(map(set_denominator, made, denominators), 0)
    return made


def _slots_hold_the_terms() -> bool:
    """True when this Python's Fraction is the slotted class :func:`_slot_fractions` fills, and filling works."""
    try:
        made = _slot_fractions([-3], [4])[0]
    except (AttributeError, TypeError):  # no such slots (a setter is None), or a Fraction of another make
        return False
    plain = Fraction(-3, 4)
    return (made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
            and made + Fraction(1, 4) == Fraction(-1, 2) and made.as_integer_ratio() == (-3, 4))


_COPRIME: Callable[[Sequence[int], Sequence[int]], list[Fraction]] = (
    _slot_fractions if _slots_hold_the_terms() else _plain_fractions
)


def coprime_fractions(numerators: Sequence[int], denominators: Sequence[int]) -> list[Fraction]:
    """Fractions of (int) pairs already in lowest terms with positive denominators, equal to ``Fraction(n, d)`` each.

    The bulk scorer divides out the common factors of a quarter of a million question
    scores at once (in numpy); ``Fraction(n, d)`` would look for them again, one by one.
    Where this Python's Fraction is not the class it knows, it falls back to exactly that.
    """
    return _COPRIME(numerators, denominators)


def _terms() -> tuple[Callable[[Fraction], int], Callable[[Fraction], int]]:
    """Getters of a Fraction's terms: its slots where :func:`_slots_hold_the_terms` (no property call), else the
    public properties."""
    if _COPRIME is _slot_fractions:
        return attrgetter("_numerator"), attrgetter("_denominator")
    return attrgetter("numerator"), attrgetter("denominator")


_TERMS_OF = _terms()


def half_up_units_of(values: Sequence[Fraction], places: int = 2) -> list[int]:
    """:func:`half_up_units` of each of ``values`` (Fractions), at once: a column of a national table in C loops."""
    numerator, denominator = _TERMS_OF
    nums = list(map(numerator, values))
    if min(nums, default=0) < 0:  # a negative score: no scale gives one, but exact all the same
        return [half_up_units(value, places) for value in values]
    dens = list(map(denominator, values))
    # floor(value × 10**places + 1/2) = (2 × 10**places × num + den) // (2 × den), as half_up_units
    return list(map(floordiv, map(add, map(mul, nums, repeat(2 * 10**places)), dens), map(mul, dens, repeat(2))))


def half_up_texts(values: Sequence[Fraction], places: int = 2) -> list[str]:
    """``str(round_half_up(value, places))`` of each of ``values``, at once (a CSV column of displayed figures).

    Fractions are rounded a column at a time (:func:`half_up_units_of`) and each figure's text is
    written once per process (a national table shows the same few thousand figures again and
    again); any other value goes through :func:`round_half_up` itself.
    """
    if not set(map(type, values)) <= {Fraction}:
        return [str(round_half_up(value, places)) for value in values]
    units = half_up_units_of(values, places)
    texts = _TEXTS.get(places, {})
    new = set(units).difference(texts)
    if new:  # a dict once published is never changed (another thread may be reading it): a new one replaces it
        texts = {**texts, **{unit: str(Decimal(f"{unit}E-{places}")) for unit in new}}  # round_half_up's Decimal
        if len(texts) <= _SHOWN_UNITS:  # figures far from any score are not kept
            _TEXTS[places] = texts
    return list(map(texts.__getitem__, units))


_TEXTS: dict[int, dict[int, str]] = {}
"""The text of each figure :func:`half_up_texts` has shown, by places and whole units (at most
``_SHOWN_UNITS`` of them per places)."""
