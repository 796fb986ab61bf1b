"""Summarise a national indicator table in a fraction of a second, exactly, with whole numbers.

``itakit summary`` over 8,303 agencies should cost little more than reading the CSV
(docs/performance.md).  Building a full :class:`~itakit.result.Result` per agency
costs tens of microseconds each, so a *clean* table — every score a plain number from
0 to 100 with at most two decimals, every agency named once, graded by the year's
bands — is summarised here column by column: each score is a whole number of
hundredths, each agency's total one integer dot product over a common denominator,
so every figure is exact and equals what :func:`itakit.batch.summarise` gives over
scored results (the tests check this on generated tables).  Anything else — a bad
cell, a duplicate name, a year whose plugin grades by more than the total — returns
None, and the caller takes the ordinary path, which reports every problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from .batch import NATIONAL_TARGET_SHARE, GradeCount, GroupSummary, MeanScore, Summary, _group_column
from .exact import to_fraction
from .model import RuleSet
from .plugins import Registry
from .readers import _CODE_LIKE, _NUMBER_LIKE, _detect, _norm_header, read_csv_table

__all__ = ["summarise_csv"]

_PLAIN = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?$")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _hundredths(text: str) -> int | None:
    """A plain score as whole hundredths (``"87.5"`` → 8750), or None for anything else."""
    m = _PLAIN.match(text.translate(_THAI_DIGITS))
    if m is None:
        return None
    value = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    return value if value <= 10_000 else None


class _Plan:
    """The year's weights as whole numbers: total = Σ coefficient × hundredths / denominator."""

    def __init__(self, rules: RuleSet, present: set[int]) -> None:
        self.tools = []  # (tool, [(indicator number, integer weight)], weight sum)
        self.missing = []
        self.partial = False
        for tool in rules.tools:
            numbers = [i.number for i in tool.indicators]
            have = [n for n in numbers if n in present]
            if not have:
                self.missing.append(tool.code)
                continue
            if len(have) < len(numbers):
                self.partial = True  # the ordinary path reports the missing indicators
                continue
            scale = math.lcm(*(i.weight.denominator for i in tool.indicators))
            weights = [(i.number, int(i.weight * scale)) for i in tool.indicators]
            self.tools.append((tool, weights, sum(w for _, w in weights)))
        # total = Σ_t W_t/100 · Σ_i w_i h_i / (100 Σ w) = Σ_i coef_i h_i / den
        den = 1
        for tool, _, wsum in self.tools:
            den = math.lcm(den, 100 * 100 * wsum * tool.weight.denominator)
        self.den = den
        self.coef: dict[int, int] = {}
        for tool, weights, wsum in self.tools:
            factor = tool.weight.numerator * (den // (100 * 100 * wsum * tool.weight.denominator))
            for number, w in weights:
                self.coef[number] = w * factor


class _Row:
    """One agency: its scores in hundredths, and its total as (numerator, displayed hundredths, band code)."""

    __slots__ = ("band", "num", "passed", "values")

    def __init__(self, values: list[int], plan: _Plan, coefs: list[int], bands: list[tuple[int, int, str]],
                 pass_line: int) -> None:
        self.values = values
        self.num = 0
        self.band = ""
        self.passed = False
        if not plan.missing:
            self.num = num = sum(c * v for c, v in zip(coefs, values))
            shown = (200 * num + plan.den) // (2 * plan.den)  # half-up to hundredths
            for lower, upper, code in bands:
                if lower <= shown <= upper:
                    self.band = code
                    break
            self.passed = shown >= pass_line


def _summarise(
    name: str | None,
    rows: Sequence[_Row],
    columns: list[int],
    plan: _Plan,
    rules: RuleSet,
    target: Fraction,
    weakest: int,
) -> GroupSummary:
    count = len(rows)
    position = {n: k for k, n in enumerate(columns)}
    sums = [sum(col) for col in zip(*(row.values for row in rows))]
    indicators = tuple(
        MeanScore(str(i.number), i.name_th, Fraction(sums[position[i.number]], 100 * count), count, i.number)
        for i in rules.indicators
        if i.number in position
    )
    tools = tuple(
        MeanScore(
            tool.code, tool.name_th,
            Fraction(sum(w * sums[position[n]] for n, w in weights), 100 * wsum * count), count,
        )
        for tool, weights, wsum in plan.tools
    )
    grades = {b.code: 0 for b in rules.bands_descending}
    at_line = 0
    mean_total = None
    with_total = 0
    if not plan.missing:
        for row in rows:
            grades[row.band] += 1
        at_line = sum(row.passed for row in rows)
        with_total = count
        mean_total = Fraction(sum(row.num for row in rows), plan.den * count)
    lowest = sorted(indicators, key=lambda m: (m.mean, m.number))[:weakest]
    return GroupSummary(
        name=name,
        agencies=count,
        with_total=with_total,
        grades=tuple(GradeCount(code, n) for code, n in grades.items()),
        at_pass_line=at_line,
        mean_total=mean_total,
        tools=tools,
        indicators=indicators,
        weakest=tuple(lowest),
        target_share=target,
    )


def summarise_csv(
    path: str | Path,
    rule_set: RuleSet,
    *,
    registry: Registry,
    by: str | None = None,
    target_share: object = NATIONAL_TARGET_SHARE,
    weakest: int = 3,
) -> Summary | None:
    """The :class:`~itakit.batch.Summary` of a clean many-agency CSV table, or None when it needs the ordinary path.

    Equal to ``summarise(score_many(rules, read_input(path, rules).agencies), rules, ...)``
    whenever it returns a summary.
    """
    if not registry.grades_by_bands_only():
        return None  # a plugin rates by more than the total: every agency needs a full Result
    table = read_csv_table(path)
    try:
        if _detect(table, rule_set) != "agencies":
            return None
    except Exception:  # noqa: BLE001 - the ordinary path reports it
        return None
    known = {i.number for i in rule_set.indicators}
    numbers: list[tuple[int, int]] = []  # (column index, indicator number)
    extras: dict[int, str] = {}
    seen: set[str] = set()
    for index, head in enumerate(table.header[1:], start=1):
        norm = _norm_header(head)
        if norm in seen or _CODE_LIKE.match(norm):
            return None
        seen.add(norm)
        if _NUMBER_LIKE.match(norm):
            if int(norm) not in known:
                return None
            numbers.append((index, int(norm)))
        else:
            extras[index] = head
    plan = _Plan(rule_set, {n for _, n in numbers})
    if plan.partial or not numbers:
        return None
    width = len(table.header)
    cache: dict[str, int | None] = {}
    rows: list[tuple[str, list[int]]] = []
    group_values: list[dict[str, str]] = []
    for _, cells in table.rows:
        if len(cells) != width or not cells[0]:
            return None
        values = []
        for index, _ in numbers:
            text = cells[index]
            value = cache.get(text, -1)
            if value == -1:
                value = cache[text] = _hundredths(text)
            if value is None:
                return None
            values.append(value)
        rows.append((cells[0], values))
        if extras:
            group_values.append({extras[i]: cells[i] for i in extras})
    if not rows or len({name for name, _ in rows}) != len(rows):
        return None
    target = to_fraction(target_share)
    columns = [n for _, n in numbers]
    order = {i.number: k for k, i in enumerate(rule_set.indicators)}
    perm = sorted(range(len(columns)), key=lambda k: order[columns[k]])
    columns = [columns[k] for k in perm]
    bands = [(int(b.lower * 100), int(b.upper * 100), b.code) for b in rule_set.bands_descending]
    coefs = [plan.coef.get(n, 0) for n in columns]
    pass_line = int(rule_set.pass_line * 100)
    scored = [_Row([values[k] for k in perm], plan, coefs, bands, pass_line) for _, values in rows]
    overall = _summarise(None, scored, columns, plan, rule_set, target, weakest)
    groups: tuple[GroupSummary, ...] = ()
    column = None
    if by is not None:
        column = _group_column(_Extras(group_values), by)
        members: dict[str, list[_Row]] = {}
        for row, extra in zip(scored, group_values):
            members.setdefault(extra.get(column, ""), []).append(row)
        groups = tuple(
            _summarise(name, rs, columns, plan, rule_set, target, weakest) for name, rs in members.items()
        )
    return Summary(rule_set.year, rule_set.pass_line, target, overall, column, groups)


class _Extras(list):  # type: ignore[type-arg]
    """Stand-ins for results, carrying only ``extra``, so :func:`_group_column` can name the columns."""

    def __init__(self, extras: list[dict[str, str]]) -> None:
        super().__init__(_Extra(e) for e in extras[:1])


class _Extra:
    def __init__(self, extra: dict[str, str]) -> None:
        self.extra = extra
