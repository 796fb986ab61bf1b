"""What each page shows, worked out from itakit's results into plain display values for the templates.

The templates only lay these out: every figure is already the text itakit prints (two
decimals, half-up: ``97.20``), every rating its code and Thai name, every sentence Thai.
Unconfirmed rules (2566–2568) carry their notes so that the page can mark them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..exact import round_half_up
from ..inputs.planfile import MeasurePlan
from ..inputs.questions import QuestionSheet
from ..outputs.render import held_back_reasons
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..scoring.batch import GroupSummary, Summary
from ..scoring.planner import ImprovementPlan
from ..scoring.result import Result
from .forms import EditorRow, known_codes, row_label

__all__ = [
    "AgencyRow", "Bar", "addable_codes", "EditorRow", "GainRow", "GroupRow", "IndicatorRow", "Outcome", "ResultView", "SummaryView", "ToolRow",
    "YearChoice", "editor_rows", "outcome", "result_view", "summary_view", "year_choices",
]


def _t(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(value)


def num(value: Fraction | Decimal | None) -> str:
    """A figure as itakit displays it: two decimals, half-up ("97.20"); empty for none."""
    return "" if value is None else str(round_half_up(value))


@attrs.frozen
class YearChoice:
    """One installed year for the year fields, marked when its rules are not all confirmed."""

    year: int
    verified: bool
    label: str


def year_choices(registry: Registry) -> tuple[YearChoice, ...]:
    """The installed years, newest first, each marked when its rules rest on values no public source confirms."""
    out = []
    for year in reversed(registry.years):
        verified = registry.rule_set(year).verified
        out.append(YearChoice(year, verified, f"{year}" if verified else f"{year} (เกณฑ์ยังไม่ยืนยัน)"))
    return tuple(out)


@attrs.frozen
class ToolRow:
    """A tool's line of the result: code, Thai name, weight in percent, score."""

    code: str
    name: str
    weight: str
    score: str


@attrs.frozen
class IndicatorRow:
    """An indicator's line of the result, with its rank and what full marks on it would add to the total."""

    number: int
    name: str
    tool: str
    score: str
    rank: int
    gain_if_full: str


@attrs.frozen
class Bar:
    """One bar of the chart: where it is drawn (SVG units) and what it says."""

    y: int
    width: int
    label: str
    score: str
    low: bool
    """Below the pass line."""


@attrs.frozen
class GainRow:
    """A question below full marks or a failed OIT item, and what it would add to the total."""

    code: str
    text: str
    score: str
    gain: str


@attrs.frozen
class Outcome:
    """Where a total stands: the figure, the rating and why, and what the next rating needs."""

    total: str
    grade: str
    grade_name: str
    passed: bool | None
    held_back: tuple[str, ...] = attrs.field(converter=_t)
    next_step: str
    routes: tuple[str, ...] = attrs.field(converter=_t)


@attrs.frozen
class ResultView:
    """Everything the result page shows of one agency."""

    year: int
    verified: bool
    unverified: tuple[str, ...] = attrs.field(converter=_t)
    agency: str
    outcome: Outcome | None
    missing_tools: tuple[str, ...] = attrs.field(converter=_t)
    tools: tuple[ToolRow, ...] = attrs.field(converter=_t)
    indicators: tuple[IndicatorRow, ...] = attrs.field(converter=_t)
    bars: tuple[Bar, ...] = attrs.field(converter=_t)
    chart_height: int
    pass_x: int
    chart_left: int
    pass_line: str
    questions: tuple[GainRow, ...] = attrs.field(converter=_t)
    items: tuple[GainRow, ...] = attrs.field(converter=_t)
    respondents: int
    blank_answers: int
    unreadable: tuple[str, ...] = attrs.field(converter=_t)


CHART_LEFT, CHART_WIDTH, BAR_STEP = 260, 420, 34


def _next_step(result: Result) -> str:
    if result.total is None:
        return ""
    if result.next_grade is None:
        return "อยู่ในระดับสูงสุดแล้ว (the top rating)"
    if result.points_to_next_grade is None:
        return f"ไม่พบทางถึงระดับ {result.next_grade} ด้วยการลองเพิ่มคะแนน (no route found)"
    parts = [f"คะแนนรวมอีก {result.points_to_next_grade} คะแนน"] if result.points_to_next_grade > 0 else []
    parts += [f"{code} อีก {points} คะแนน" for code, points in result.tools_to_next_grade.items()]
    return f"{' และ '.join(parts) or 'อีกเล็กน้อย'} ถึงระดับ {result.next_grade}"


def _routes(rules: RuleSet, plan: ImprovementPlan) -> list[str]:
    out = []
    for route in plan.routes:
        steps = " · ".join(f"ตัวชี้วัดที่ {n} {rules.indicator(n).name_th} เป็น {score}"
                           for n, score in route.indicator_scores)
        out.append(f"ถึงระดับ {route.grade}: {steps} → คะแนนรวม {route.total}")
    single = plan.route
    if single is not None and single.items:
        out.append(f"ถึงระดับ {single.target}: ให้รายการ {', '.join(single.items)} ผ่าน → คะแนนรวม "
                   f"{num(single.items_total_after)}")
    if single is not None and single.indicator is not None and single.indicator_target is not None:
        out.append(f"ถึงระดับ {single.target}: ตัวชี้วัดที่ {single.indicator} "
                   f"{rules.indicator(single.indicator).name_th} เพียงตัวเดียวเป็น {single.indicator_target}")
    return list(dict.fromkeys(out))


def outcome(rules: RuleSet, result: Result, plan: ImprovementPlan) -> Outcome | None:
    """The total, rating, reasons and next steps of a result (None when the input had no total)."""
    if result.total is None or result.grade is None:
        return None
    level = rules.effective_rating.level(result.grade.code)
    name = level.name_th if level is not None and level.name_th != result.grade.code else ""
    return Outcome(num(result.total), result.grade.code, name, result.grade.passed,
                   held_back_reasons(rules, result, language="th", digits="arabic"), _next_step(result),
                   _routes(rules, plan))


def result_view(rules: RuleSet, result: Result, plan: ImprovementPlan, agency: str) -> ResultView:
    """The result page of one agency: total and rating, tools, indicators with ranks, chart, the weakest points."""
    gains = {g.number: g for g in plan.gains}
    indicators = [IndicatorRow(i.number, i.name_th, i.tool, num(i.score), i.rank,
                               num(gains[i.number].gain_if_full) if i.number in gains else "")
                  for i in result.indicators]
    weights = {t.code: t.weight for t in rules.tools}
    tools = [ToolRow(t.code, t.name_th, num(weights.get(t.code, t.weight)).removesuffix(".00"), num(t.score))
             for t in result.tools]
    bars = [Bar(20 + k * BAR_STEP, int(CHART_WIDTH * i.score / 100), f"{i.number}. {i.name_th}", num(i.score),
                round_half_up(i.score) < rules.pass_line)
            for k, i in enumerate(result.indicators)]
    questions = [GainRow(q.code, q.text_th, num(q.score), num(q.gain_if_full)) for q in plan.questions[:10]]
    items = [GainRow(g.code, g.name_th, "ไม่ผ่าน", num(g.gain)) for g in plan.failed_items]
    return ResultView(
        rules.year, rules.verified, rules.unverified, agency, outcome(rules, result, plan), result.missing_tools,
        tools, indicators, bars, 50 + len(bars) * BAR_STEP, CHART_LEFT + int(CHART_WIDTH * rules.pass_line / 100),
        CHART_LEFT, num(rules.pass_line), questions, items, result.respondents, result.blank_answers, result.unreadable,
    )


# -- many agencies ----------------------------------------------------------------------------


@attrs.frozen
class GroupRow:
    """One group's line of the summary (a province, an agency type…), or all agencies together."""

    name: str
    agencies: int
    with_total: int
    grades: str
    at_pass_line: int
    share: str
    meets_target: bool | None
    mean_total: str


@attrs.frozen
class AgencyRow:
    """One agency of a many-agency file: its place in the file (to pick it), name, columns, total, rating, rank."""

    index: int
    name: str
    extra: tuple[str, ...] = attrs.field(converter=_t)
    total: str
    grade: str
    passed: bool | None
    rank: int | None


@attrs.frozen
class SummaryView:
    """Everything the summary page of a many-agency file shows."""

    year: int
    verified: bool
    unverified: tuple[str, ...] = attrs.field(converter=_t)
    overall: GroupRow
    target: str
    tools: tuple[tuple[str, str, str], ...] = attrs.field(converter=_t)
    weakest: tuple[tuple[int, str, str], ...] = attrs.field(converter=_t)
    grade_counts: tuple[tuple[str, int, str], ...] = attrs.field(converter=_t)
    """Each rating level: code, how many agencies, their share in percent."""
    by: str | None
    columns: tuple[str, ...] = attrs.field(converter=_t)
    groups: tuple[GroupRow, ...] = attrs.field(converter=_t)
    agencies: tuple[AgencyRow, ...] = attrs.field(converter=_t)


def _group(name: str, g: GroupSummary) -> GroupRow:
    grades = " · ".join(f"{c.code} {c.count}" for c in g.grades)
    return GroupRow(name, g.agencies, g.with_total, grades, g.at_pass_line, num(g.display_share),
                    g.meets_target, num(g.display_mean_total))


def summary_view(rules: RuleSet, summary: Summary, results: Sequence[Result], ranks: Sequence[int | None],
                 columns: Sequence[str]) -> SummaryView:
    """The summary page: the rating mix, the share passing against the target, means, groups, and every agency."""
    overall = summary.overall
    counted = overall.with_total or 1
    grade_counts = [(c.code, c.count, num(Fraction(100 * c.count, counted))) for c in overall.grades]
    agencies = [AgencyRow(k, r.agency or f"หน่วยงานที่ {k + 1}", [r.extra.get(c, "") for c in columns],
                          num(r.total), r.grade.code if r.grade else "", r.passed, rank)
                for k, (r, rank) in enumerate(zip(results, ranks, strict=True))]
    return SummaryView(
        rules.year, rules.verified, rules.unverified, _group("ทุกหน่วยงาน", overall), num(summary.target_share),
        [(t.code, t.name_th, num(t.mean)) for t in overall.tools],
        [(i.number or 0, i.name_th, num(i.mean)) for i in overall.weakest], grade_counts, summary.by, columns,
        [_group(g.name or "", g) for g in summary.groups], agencies,
    )


# -- the measures editor ------------------------------------------------------------------------


def addable_codes(rules: RuleSet, result: Result, sheet: QuestionSheet | None = None) -> tuple[str, ...]:
    """The codes a row can be added for: what the measures tables list for this input's shape.

    An indicator scored from its questions (or OIT items) lists them, one by one; an indicator
    scored as a whole (indicator-level input, or a year whose question texts are not public)
    is listed as the indicator itself, followed by its questions on the agency's question sheet.
    """
    listed: dict[int, list[str]] = {}
    for row in sheet.rows if sheet is not None else ():
        listed.setdefault(row.indicator, []).append(row.code)
    questions = {q.code for q in result.questions}
    items = {i.code for i in result.items}
    scored = {i.number for i in result.indicators}
    codes: list[str] = []
    for tool in rules.tools:
        worded = any(q.text_th for ind in tool.indicators for q in ind.questions)
        for ind in tool.indicators:
            if ind.number not in scored:
                continue
            if ind.kind == "survey" and worded and any(q.code in questions for q in ind.questions):
                codes += [q.code for q in ind.questions]
            elif ind.kind == "checklist" and any(i.code in items for i in ind.items):
                codes += [i.code for i in ind.items]
            else:
                codes += [str(ind.number), *listed.get(ind.number, ())]
    return tuple(dict.fromkeys(codes))


def editor_rows(rules: RuleSet, result: Result, plan: MeasurePlan, sheet: QuestionSheet | None = None,
                ) -> tuple[tuple[EditorRow, ...], tuple[tuple[str, str], ...]]:
    """The editor's rows for a written-out plan, and the codes that could still be added (with labels)."""
    labels = known_codes(rules, sheet)
    rows = []
    for k, m in enumerate(plan.entries):
        start, end = (m.period[0].isoformat(), m.period[1].isoformat()) if m.period is not None else ("", "")
        rows.append(EditorRow(k, m.code, row_label(labels, m.code), m.deficiency or "", m.measure or "",
                              "\n".join(m.method), "\n".join(m.responsible), start, end, "\n".join(m.follow_up),
                              m.omit))
    named = {m.code for m in plan.entries}
    return tuple(rows), tuple((code, labels.get(code, code)) for code in addable_codes(rules, result, sheet)
                              if code not in named)
