"""Many agencies at once: rank them, summarise them (overall and per group), compare two years (:mod:`.comparison`).

Pure computation over :class:`~itakit.scoring.result.Result` objects, giving frozen results:
a provincial office's or a ministry's view of hundreds or thousands of agencies —
who passed, who fell, which indicator drags a group down.  Averages are exact
Fractions (shown rounded half-up like every other figure); ranks and shares follow
the displayed totals, as published tables do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..errors import UsageError
from ..exact import mean, percent, round_half_up, to_fraction
from ..inputs.table import text_key
from ..rules.model import RuleSet
from .comparison import AgencyChange, Comparison, IndicatorChange, IndicatorPair, compare
from .result import Result

__all__ = [
    "NATIONAL_TARGET_SHARE",
    "AgencyChange",
    "Comparison",
    "GradeCount",
    "GroupSummary",
    "IndicatorChange",
    "IndicatorPair",
    "MeanScore",
    "Summary",
    "compare",
    "group_results",
    "passing_terms",
    "rank_agencies",
    "summarise",
]

NATIONAL_TARGET_SHARE = Fraction(80)
"""The anti-corruption master plan's aim: at least 80 % of agencies passing."""


def _display(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_up(value)


def _fraction(value: object) -> Fraction:
    return to_fraction(value)


# -- ranks ------------------------------------------------------------------------------


def rank_agencies(results: Sequence[Result]) -> tuple[int | None, ...]:
    """Each result's rank among the others by displayed total (1 = highest), in the order given.

    Equal displayed totals share the better rank and the next rank is skipped
    (95.00, 94.00, 94.00, 90.00 rank 1, 2, 2, 4); a result without a total has no rank (None).
    """
    shown = [r.display_total for r in results]
    ordered = sorted((s for s in shown if s is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return tuple(None if s is None else first[s] for s in shown)


# -- summary ----------------------------------------------------------------------------


@attrs.frozen
class GradeCount:
    """How many agencies of a group got one grade."""

    code: str
    count: int


@attrs.frozen
class MeanScore:
    """The mean score of a tool (``code`` IIT, EIT…) or an indicator (``number``) over a group's agencies."""

    code: str
    name_th: str
    mean: Fraction
    count: int
    """How many agencies had this tool or indicator scored."""
    number: int | None = None

    @property
    def display_mean(self) -> Decimal:
        """The mean as published, two decimals."""
        return round_half_up(self.mean)


@attrs.frozen
class GroupSummary:
    """The figures of one group of agencies (all of them, or those sharing a province, a type…)."""

    name: str | None
    """The group's value in the grouping column; None for all agencies together."""
    agencies: int
    with_total: int
    """Agencies that have a total (every tool scored)."""
    grades: tuple[GradeCount, ...]
    """Every grade of the year in band order, best first, zero counts included."""
    passing: int
    """Agencies that pass: their rating level's ``passed`` is true, whatever decided it (the total, a tool's
    floor, a plugin's hook).  The one meaning of passing in every output."""
    mean_total: Fraction | None
    tools: tuple[MeanScore, ...]
    indicators: tuple[MeanScore, ...]
    weakest: tuple[MeanScore, ...]
    """The indicators with the lowest means, lowest first."""
    target_share: Fraction = NATIONAL_TARGET_SHARE
    total_at_pass_line: int = 0
    """Agencies whose displayed total is at the pass line or above: one condition of passing, which a year's
    lowest passing level may join with tool floors (then fewer agencies pass than reach the pass line)."""

    @property
    def share_passing(self) -> Fraction | None:
        """The percentage of agencies with a total that pass (None when none has a total)."""
        return None if not self.with_total else percent(self.passing, self.with_total)

    @property
    def display_share(self) -> Decimal | None:
        """That percentage as published, two decimals."""
        return _display(self.share_passing)

    @property
    def at_pass_line(self) -> int:
        """Deprecated name of :attr:`passing` (kept for callers of 0.x; it always counted passing agencies)."""
        return self.passing

    @property
    def share_at_pass_line(self) -> Fraction | None:
        """Deprecated name of :attr:`share_passing`."""
        return self.share_passing

    @property
    def meets_target(self) -> bool | None:
        """Whether the displayed share reaches the target share (None without totals)."""
        shown = self.display_share
        return None if shown is None else shown >= round_half_up(self.target_share)

    @property
    def display_mean_total(self) -> Decimal | None:
        """The mean total as published, two decimals."""
        return _display(self.mean_total)

    def grade_count(self, code: str) -> int:
        """How many agencies got this grade."""
        for grade in self.grades:
            if grade.code == code:
                return grade.count
        raise KeyError(code)


@attrs.frozen
class Summary:
    """A year's results summarised: all agencies, and each group of ``by`` when it was given."""

    year: int
    pass_line: Decimal
    target_share: Fraction
    overall: GroupSummary
    by: str | None = None
    groups: tuple[GroupSummary, ...] = ()
    unverified: tuple[str, ...] = ()
    """The year's values no public source confirms (``RuleSet.unverified``); the outputs say so."""
    passing_levels: tuple[str, ...] = ()
    """The codes of the year's passing levels, best first (what "passing" counts)."""
    pass_line_alone: bool = True
    """True when reaching the pass line is all passing asks (no passing level has tool floors the total
    alone would not imply); False when the lowest passing level also sets tool floors."""


def passing_terms(rule_set: RuleSet) -> tuple[tuple[str, ...], bool]:
    """The codes of a year's passing levels, and whether a total at the pass line alone passes."""
    levels = rule_set.rating_levels
    passing = tuple(level.code for level in levels if level.passed)
    lowest = next((level for level in reversed(levels) if level.passed), None)
    return passing, lowest is None or not lowest.has_tool_conditions


def group_column(results: Sequence[Result], by: str) -> str:
    """The extra column ``by`` names (exactly, or ignoring case and spaces); UsageError naming the columns there are."""
    columns: list[str] = []
    for r in results:
        for key in r.extra:
            if key not in columns:
                columns.append(key)
    if by in columns:
        return by
    folded = {" ".join(c.split()).casefold(): c for c in columns}
    found = folded.get(" ".join(by.split()).casefold())
    if found is not None:
        return found
    if not columns:
        raise UsageError(f"cannot group by {by!r}: the file has no columns besides the agency and its scores")
    raise UsageError(f"cannot group by {by!r}: no such column (the file has {', '.join(columns)})")


def _summarise_group(
    name: str | None, results: Sequence[Result], rules: RuleSet, target: Fraction, weakest: int
) -> GroupSummary:
    counts = {level.code: 0 for level in rules.rating_levels}  # the rating mix, best first
    totals: list[Fraction] = []
    passing = at_line = 0
    tool_scores: dict[str, list[Fraction]] = {t.code: [] for t in rules.tools}
    ind_scores: dict[int, list[Fraction]] = {i.number: [] for i in rules.indicators}
    for r in results:
        if r.total is not None:
            totals.append(r.total)
            if r.grade is not None:
                counts[r.grade.code] = counts.get(r.grade.code, 0) + 1
            if r.grade is not None and r.grade.passed:  # passing is the rating level's, not the total's
                passing += 1
            if round_half_up(r.total) >= rules.pass_line:
                at_line += 1
        for t in r.tools:
            tool_scores.setdefault(t.code, []).append(t.score)
        for i in r.indicators:
            ind_scores.setdefault(i.number, []).append(i.score)
    tools = tuple(
        MeanScore(t.code, t.name_th, mean(tool_scores[t.code]), len(tool_scores[t.code]))
        for t in rules.tools
        if tool_scores[t.code]
    )
    indicators = tuple(
        MeanScore(str(i.number), i.name_th, mean(ind_scores[i.number]), len(ind_scores[i.number]), i.number)
        for i in rules.indicators
        if ind_scores[i.number]
    )
    lowest = sorted(indicators, key=lambda m: (m.mean, m.number))[:weakest]
    return GroupSummary(
        name=name,
        agencies=len(results),
        with_total=len(totals),
        grades=tuple(GradeCount(code, n) for code, n in counts.items()),
        passing=passing,
        mean_total=mean(totals) if totals else None,
        tools=tools,
        indicators=indicators,
        weakest=tuple(lowest),
        target_share=target,
        total_at_pass_line=at_line,
    )


def summarise(
    results: Sequence[Result],
    rule_set: RuleSet,
    *,
    by: str | None = None,
    target_share: object = NATIONAL_TARGET_SHARE,
    weakest: int = 3,
) -> Summary:
    """Summarise many agencies' results: grades, the share passing against a target, means, weakest indicators.

    ``by`` names an extra column of the input (province, agency type…) to summarise
    each of its groups as well, in the order the groups first appear; an unknown
    column is a :class:`~itakit.errors.UsageError` naming the columns there are.
    ``target_share`` is the percentage of agencies that should pass
    (80 under the national anti-corruption master plan); ``weakest`` how many of the
    lowest indicators to list.
    """
    target = _fraction(target_share)
    overall = _summarise_group(None, results, rule_set, target, weakest)
    groups: tuple[GroupSummary, ...] = ()
    column = None
    if by is not None:
        column = group_column(results, by)
        groups = tuple(
            _summarise_group(name, members, rule_set, target, weakest)
            for name, members in group_results(results, column).items()
        )
    return Summary(rule_set.year, rule_set.pass_line, target, overall, column, groups, rule_set.unverified,
                   *passing_terms(rule_set))


def group_results(results: Sequence[Result], column: str) -> Mapping[str, list[Result]]:
    """Results grouped by the value of an extra column, groups in order of first appearance."""
    members: dict[str, list[Result]] = {}
    shown: dict[str, str] = {}  # a group's identity -> its value as first written
    for r in results:
        value = r.extra.get(column, "")
        members.setdefault(shown.setdefault(text_key(value), value), []).append(r)
    return members
