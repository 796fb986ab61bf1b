"""Summarise a national indicator table in a fraction of a second, exactly, with whole numbers.

``itakit summary`` over 8,303 agencies should cost little more than reading the CSV
(docs/performance.md).  Building a full :class:`~itakit.scoring.result.Result` per agency
costs tens of microseconds each, so a *clean* table — every score a plain number from
0 to 100 with at most two decimals, every agency named once, graded by the year's
bands or by its declared rating (levels asking for a displayed total and displayed tool
scores, as from 2566) — is summarised here column by column: each score is a whole number of
hundredths, each agency's tool scores and total integer dot products over common
denominators, displayed half-up in whole cents, so every figure, rating and count is exact
and equals what :func:`itakit.scoring.batch.summarise` gives over scored results (the tests
check this on generated tables).  Anything else — a bad cell, a duplicate name, a year whose
plugin's hook decides ratings — returns None, and the caller takes the ordinary path, which
reports every problem.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import repeat
from operator import add, itemgetter, mul
from pathlib import Path

from ..exact import to_fraction
from ..inputs.shapes import NUMBER_LIKE, RESULT_COLUMNS, detect_shape, is_year_code, stated_column
from ..inputs.table import norm_header, read_csv_table, text_key, unneutralise
from ..rules.model import Rating, RuleSet
from ..rules.plugins import Registry
from ..thai import to_arabic_digits
from .batch import NATIONAL_TARGET_SHARE, GradeCount, GroupSummary, MeanScore, Summary, group_column, passing_terms

__all__ = ["summarise_csv"]

_PLAIN = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?$")


def _hundredths(text: str) -> int | None:
    """A plain score as whole hundredths (``"87.5"`` → 8750), or None for anything else."""
    m = _PLAIN.match(to_arabic_digits(text))
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


class _Cells(dict):  # type: ignore[type-arg]
    """Cell text -> hundredths (None when not a plain score), each distinct text cleaned and parsed once."""

    def __init__(self, clean: Callable[[str], str]) -> None:
        super().__init__()
        self.clean = clean

    def __missing__(self, text: str) -> int | None:
        value = self[text] = _hundredths(self.clean(text))
        return value


def _summarise(
    name: str | None,
    rows: Sequence[int] | None,
    columns: list[list[int]],
    numbers: list[int],
    totals: list[int],
    bands: list[str],
    passed: list[bool],
    at_line: list[bool],
    plan: _Plan,
    rules: RuleSet,
    target: Fraction,
    weakest: int,
) -> GroupSummary:
    """One group's figures from the agencies at positions ``rows`` (None: every agency)."""

    def pick(values: list) -> Sequence:  # type: ignore[type-arg]
        if rows is None:
            return values
        return [values[rows[0]]] if len(rows) == 1 else itemgetter(*rows)(values)

    count = len(columns[0]) if rows is None else len(rows)
    position = {n: k for k, n in enumerate(numbers)}
    sums = [sum(pick(col)) for col in columns]
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
    grades = {level.code: 0 for level in rules.rating_levels}
    passing = reached = 0
    mean_total = None
    with_total = 0
    if not plan.missing:
        for code in pick(bands):
            grades[code] += 1
        passing = sum(pick(passed))
        reached = sum(pick(at_line))
        with_total = count
        mean_total = Fraction(sum(pick(totals)), plan.den * count)
    lowest = sorted(indicators, key=lambda m: (m.mean, m.number))[:weakest]
    return GroupSummary(
        name=name,
        agencies=count,
        with_total=with_total,
        grades=tuple(GradeCount(code, n) for code, n in grades.items()),
        passing=passing,
        mean_total=mean_total,
        tools=tools,
        indicators=indicators,
        weakest=tuple(lowest),
        target_share=target,
        total_at_pass_line=reached,
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
    """The :class:`~itakit.scoring.batch.Summary` of a clean many-agency CSV table, or None when it needs the ordinary path.

    Equal to ``summarise(score_many(rules, read_input(path, rules).agencies), rules, ...)``
    whenever it returns a summary.
    """
    if not registry.grades_by_bands_only():
        return None  # a plugin's hook rates: every agency needs a full Result for it to judge
    table = read_csv_table(path)
    try:
        if detect_shape(table, rule_set) != "agencies":
            return None
    except Exception:  # noqa: BLE001 - the ordinary path reports it
        return None
    known = {i.number for i in rule_set.indicators}
    numbers: list[tuple[int, int]] = []  # (column index, indicator number)
    extras: dict[int, str] = {}
    seen: set[str] = set()
    for index, head in enumerate(table.header[1:], start=1):
        norm = norm_header(head)
        if norm in seen or is_year_code(norm, rule_set):
            return None
        seen.add(norm)
        if NUMBER_LIKE.match(norm):
            if int(norm) not in known:
                return None
            numbers.append((index, int(norm)))
        elif stated_column(head, rule_set) is not None:
            return None  # a stated total, tool score or grade: checked and kept by the ordinary path
        elif norm not in RESULT_COLUMNS:
            extras[index] = head
    plan = _Plan(rule_set, {n for _, n in numbers})
    if plan.partial or not numbers:
        return None
    raw = table.rows.raw()
    clean = raw.clean or str
    records: list[Sequence[str]] = [cells for _, cells in raw.pending]
    for _, chunk in raw.chunks:
        records.extend(chunk)
    width = len(table.header)
    if not records or set(map(len, records)) != {width}:
        return None  # ragged or blank rows: the ordinary path says what is wrong
    keys = [text_key(unneutralise(name)) for name in map(clean, map(itemgetter(0), records))]
    if "" in keys or len(set(keys)) != len(keys) or norm_header(table.header[0]) in {k.casefold() for k in keys}:
        return None  # a missing or repeated name, or a repeated header row: the ordinary path says where
    numbers.sort(key=lambda pair: pair[1])  # the ordinary path keeps indicator order
    cells = _Cells(clean)
    columns = []
    for index, _ in numbers:
        column = list(map(cells.__getitem__, map(itemgetter(index), records)))
        if None in column:
            return None
        columns.append(column)
    order = [n for _, n in numbers]
    count = len(records)
    totals = [0] * count
    bands = [""] * count
    passed = [False] * count
    at_line = [False] * count
    if not plan.missing:  # each agency's total as one integer dot product over plan.den
        for coef, column in zip((plan.coef[n] for n in order), columns, strict=False):
            totals = list(map(add, totals, map(mul, repeat(coef, count), column)))
        den = plan.den
        shown = [(200 * num + den) // (2 * den) for num in totals]  # half-up to hundredths
        pass_line = int(rule_set.pass_line * 100)
        at_line = [v >= pass_line for v in shown]
        rating = rule_set.effective_rating
        if rating.has_tool_conditions:
            bands, passed = _rated(rating, shown, _shown_tools(plan, order, columns, count))
        else:
            limits = [(int(b.lower * 100), b.code) for b in sorted(rule_set.bands, key=lambda b: b.lower)]
            lowers = [low for low, _ in limits]
            bands = [limits[bisect_right(lowers, v) - 1][1] for v in shown]
            passes = {level.code: level.passed for level in rating.levels}
            passed = [passes[code] for code in bands]
    target = to_fraction(target_share)
    args = (columns, order, totals, bands, passed, at_line, plan, rule_set, target, weakest)
    overall = _summarise(None, None, *args)
    groups: tuple[GroupSummary, ...] = ()
    column_name = None
    if by is not None:
        first = {extras[i]: clean(records[0][i]) for i in extras}
        column_name = group_column([_Extra(first)], by)  # type: ignore[list-item]
        where = next(i for i in extras if extras[i] == column_name)
        members: dict[str, list[int]] = {}
        written: dict[str, str] = {}  # a group's identity -> its value as first written
        for k, value in enumerate(map(clean, map(itemgetter(where), records))):
            group = text_key(value)
            written.setdefault(group, value)
            members.setdefault(group, []).append(k)
        groups = tuple(_summarise(written[key], rows, *args) for key, rows in members.items())
    return Summary(rule_set.year, rule_set.pass_line, target, overall, column_name, groups, rule_set.unverified,
                   *passing_terms(rule_set))


def _shown_tools(plan: _Plan, order: list[int], columns: list[list[int]], count: int) -> dict[str, list[int]]:
    """Every agency's displayed score of each tool, in whole hundredths (half-up), from the hundredths of its indicators."""
    position = {n: k for k, n in enumerate(order)}
    out = {}
    for tool, weights, wsum in plan.tools:
        sums = [0] * count
        for number, w in weights:
            sums = list(map(add, sums, map(mul, repeat(w, count), columns[position[number]])))
        out[tool.code] = [(2 * v + wsum) // (2 * wsum) for v in sums]
    return out


def _rated(rating: Rating, shown: list[int], tools: dict[str, list[int]]) -> tuple[list[str], list[bool]]:
    """Each agency's rating level by the year's declared levels (displayed total and tool scores in hundredths),
    and whether it passes; equal figures are judged once."""
    codes = list(tools)
    levels = [(int(level.min_total * 100), [(codes.index(t), int(f * 100)) for t, f in level.floors(codes).items()],
               level.code, level.passed) for level in rating.levels]
    known: dict[tuple[int, ...], tuple[str, bool]] = {}
    bands, passed = [], []
    for key in zip(shown, *(tools[c] for c in codes), strict=True):
        answer = known.get(key)
        if answer is None:
            total, figures = key[0], key[1:]
            answer = next(((code, ok) for least, floors, code, ok in levels
                           if total >= least and all(figures[i] >= f for i, f in floors)), (levels[-1][2], levels[-1][3]))
            known[key] = answer
        bands.append(answer[0])
        passed.append(answer[1])
    return bands, passed


class _Extra:
    """A stand-in for a result, carrying only ``extra``, so :func:`group_column` can name the columns."""

    def __init__(self, extra: dict[str, str]) -> None:
        self.extra = extra
