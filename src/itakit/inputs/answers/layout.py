"""Where a raw-answer table holds its answers and its agency, read from the header: what the counters count.

A raw-answer table has a column per sub-item code (``i2``, ``i1.1``…), and maybe an
``agency``, a ``respondent`` and a ``timestamp`` column.  :func:`read_layout` reads the
header once, for both counters, and refuses what it cannot count: a column that is no
sub-item of the year, a question given as one column when its sub-items may be scored
in different directions, a column named twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ...rules.model import AnswerScale, RuleSet
from ..table import HEADER_ALIASES, Problems, Table, norm_header

__all__ = ["META_COLUMNS", "AnswerLayout", "read_layout"]

META_COLUMNS = frozenset({"agency", "respondent", "timestamp"})
"""Columns beside the answers: the agency counted by, and two that are kept out of the count."""


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class AnswerLayout:
    """The answer columns of a raw-answer table (header positions, sub-item codes, answer scales) and its agency column.

    Each answer column is counted per option key of its scale, in scale order
    (:attr:`keys`), with one more count for blanks.
    """

    header: tuple[str, ...] = attrs.field(converter=_tuple)
    columns: tuple[int, ...] = attrs.field(converter=_tuple)
    """The header positions of the answer columns, in header order."""
    codes: tuple[str, ...] = attrs.field(converter=_tuple)
    """Each answer column's sub-item code."""
    scales: tuple[AnswerScale, ...] = attrs.field(converter=_tuple)
    """Each answer column's scale."""
    agency: int | None = None
    """The header position of the agency column; None for one agency's own survey."""

    def __attrs_post_init__(self) -> None:
        if not len(self.columns) == len(self.codes) == len(self.scales):
            raise ValueError("an answer layout needs a code and a scale for each answer column")

    @property
    def width(self) -> int:
        """How many columns the header has."""
        return len(self.header)

    @property
    def keys(self) -> tuple[tuple[str, ...], ...]:
        """Each answer column's option keys, in scale order."""
        return tuple(scale.keys for scale in self.scales)

    @classmethod
    def of(cls, header: tuple[str, ...], columns: Mapping[int, str], scales: Mapping[str, AnswerScale],
           agency: int | None) -> AnswerLayout:
        """A layout from answer columns given as {header position: sub-item code} and each code's scale."""
        return cls(header, tuple(columns), tuple(columns.values()), tuple(scales[c] for c in columns.values()), agency)


def read_layout(table: Table, rules: RuleSet, problems: Problems) -> AnswerLayout:
    """The layout a raw-answer table's header gives; raises DataError (through ``problems``) listing each bad column."""
    columns: dict[int, str] = {}  # column index -> sub-item code
    agency: int | None = None
    seen: dict[str, int] = {}
    for index, head in enumerate(table.header):
        norm = HEADER_ALIASES.get(norm_header(head), norm_header(head))
        if norm in seen:
            problems.add("appears twice in the header", table.header_line, head, head)
            continue
        seen[norm] = index
        if norm in META_COLUMNS:
            if norm == "agency":
                agency = index
            continue
        if norm in rules.sub_item_codes:
            columns[index] = norm
        elif norm in rules.question_codes:
            subs = ", ".join(s.code for s in rules.question(norm)[1].sub_items)
            problems.add(f"is ambiguous: question {norm} has sub-items ({subs}) that may be scored in "
                         "different directions; give a column per sub-item", table.header_line, head, head)
        else:
            problems.add(f"is not an answer column of {rules.year} (expected a sub-item code such as "
                         "i1.1 or i2, or agency, respondent, timestamp)", table.header_line, head, head)
    problems.raise_if_any()
    scales = {code: rules.scale(rules.sub_item(code)[1].scale) for code in columns.values()}
    return AnswerLayout.of(table.header, columns, scales, agency)
