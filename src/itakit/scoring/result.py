"""An agency's scored result: indicator scores and ranks, tool scores, total, grade.

Scores are exact Fractions; the ``display_*`` properties give the published
two-decimal figures (rounded half-up), and the grade always follows the displayed total.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from itertools import islice, repeat
from typing import Any, Literal, TypeVar

import attrs

from ..exact import round_half_up
from ..rules.model import Grade

__all__ = ["IndicatorResult", "ItemResult", "QuestionResult", "Result", "ToolResult", "many"]

Source = Literal["indicator", "questions", "answers", "items"]


def _as_dict(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


def _decimals(value: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return dict(value)


@attrs.frozen
class QuestionResult:
    """A survey question's score, and how many respondents answered it (0 when given as a score)."""

    code: str
    indicator: int
    text_th: str
    text_en: str
    score: Fraction
    answered: int = 0

    @property
    def display_score(self) -> Decimal:
        """The score as published, two decimals."""
        return round_half_up(self.score)


@attrs.frozen
class ItemResult:
    """An OIT item's pass or fail."""

    code: str
    indicator: int
    sub_indicator: str
    name_th: str
    name_en: str
    passed: bool


@attrs.frozen
class IndicatorResult:
    """One indicator's exact score, its rank among the scored indicators (1 = highest), and where it came from."""

    number: int
    name_th: str
    name_en: str
    tool: str
    score: Fraction
    rank: int
    source: Source

    @property
    def display_score(self) -> Decimal:
        """The score as published, two decimals."""
        return round_half_up(self.score)


@attrs.frozen
class ToolResult:
    """A tool's exact score (the weighted mean of its indicators) and its weight in the total."""

    code: str
    name_th: str
    name_en: str
    weight: Fraction
    score: Fraction

    @property
    def display_score(self) -> Decimal:
        """The score as published, two decimals."""
        return round_half_up(self.score)


@attrs.frozen
class Result:
    """The scored result of one agency for one year.

    ``total``, ``grade`` and ``passed`` are None when the input did not cover every
    tool (an agency's own IIT survey, say): ``missing_tools`` then names what is missing.
    """

    year: int
    indicators: tuple[IndicatorResult, ...]
    tools: tuple[ToolResult, ...]
    total: Fraction | None
    grade: Grade | None = None
    missing_tools: tuple[str, ...] = ()
    agency: str | None = None
    questions: tuple[QuestionResult, ...] = ()
    items: tuple[ItemResult, ...] = ()
    respondents: int = 0
    unreadable: tuple[str, ...] = ()
    blank_answers: int = 0
    """How many answers respondents left blank (summed over sub-items; unreadable ones counted as blank included)."""
    next_grade: str | None = None
    """The code of the next better rating (the level right above, never a skip), or None at the top or without a total."""
    points_to_next_grade: Decimal | None = None
    """How many displayed points the total lacks to reach ``next_grade`` (0.00 when only tools are short);
    None when no route to it was found (a plugin's rating hook that no candidate satisfied)."""
    tools_to_next_grade: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_decimals, hash=False)
    """Displayed points each tool below its floor lacks for ``next_grade`` (empty when no tool is short)."""
    rules_verified: bool = True
    """False when the rules that decided this result carry values no public source confirms (2566-2568's rating)."""
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=_as_dict, hash=False)
    """Other columns that came with the agency (province, agency type…), for grouping."""

    @property
    def is_complete(self) -> bool:
        """True when every tool was scored and there is a total."""
        return self.total is not None

    @property
    def display_total(self) -> Decimal | None:
        """The total as published, two decimals (None without a total)."""
        return None if self.total is None else round_half_up(self.total)

    @property
    def passed(self) -> bool | None:
        """Whether the grade passes (None without a total)."""
        return None if self.grade is None else self.grade.passed

    def indicator(self, number: int) -> IndicatorResult:
        """The result of one indicator (KeyError if it was not scored)."""
        for ind in self.indicators:
            if ind.number == number:
                return ind
        raise KeyError(number)

    def tool(self, code: str) -> ToolResult:
        """The result of one tool (KeyError if it was not scored)."""
        for tool in self.tools:
            if tool.code == code:
                return tool
        raise KeyError(code)

    @property
    def ranks(self) -> tuple[int, ...]:
        """Each scored indicator's rank, in indicator order."""
        return tuple(i.rank for i in self.indicators)


_T = TypeVar("_T", QuestionResult, IndicatorResult, ToolResult, Result)
_Setter = tuple[Callable[[Any, Any], None], Callable[[Any], Any] | None]
_SETTERS: dict[type, list[_Setter] | None] = {}


def _slot_setters(cls: type) -> list[_Setter] | None:
    """The slot setters of an attrs class's fields, in order, each with the field's converter (a plain function)
    or None, when its ``__init__`` would only convert and store them.

    None when a field has a validator or a converter that is handed more than the value, or is not set by
    ``__init__``, the class has a pre- or post-init hook, or it keeps a field outside a slot.
    """
    fields = attrs.fields(cls)
    if (any(f.validator or not f.init or isinstance(f.converter, attrs.Converter) for f in fields)
            or hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__")
            or set(getattr(cls, "__slots__", ())) != {f.name for f in fields} | {"__weakref__"}):
        return None
    setters = [getattr(cls.__dict__.get(f.name), "__set__", None) for f in fields]
    if None in setters:
        return None
    return [(setter, f.converter) for setter, f in zip(setters, fields, strict=True)]  # type: ignore[misc]


def many(cls: type[_T], size: int, *columns: Iterable[Any]) -> list[_T]:
    """``size`` results built at once, equal to ``cls(*values)`` for each row of ``columns`` (one per field, in order).

    Bulk scoring makes a quarter of a million question results nationally; filling the
    slots field by field over all of them (C loops) costs a fraction of an ``__init__``
    each, which would only store the same values (converted by a field's converter, a
    column at a time).  A column is any iterable of at least ``size`` values
    (``itertools.repeat`` for a value shared by all).
    """
    if cls not in _SETTERS:
        _SETTERS[cls] = _slot_setters(cls)
    setters = _SETTERS[cls]
    if setters is None or len(columns) != len(setters):
        return list(islice(map(cls, *columns), size))
    made: list[_T] = list(map(object.__new__, repeat(cls, size)))
    for (setter, convert), column in zip(setters, columns, strict=True):
        deque(map(setter, made, column if convert is None else map(convert, column)), 0)
    return made
