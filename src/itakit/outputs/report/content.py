"""What the analysis report says, built from a rule set, a result and the planner, before any format is chosen.

The parts, as agencies hand them in (the seed's order): a cover, คำนำ and สารบัญ
(:mod:`.front`); 1 the framework and levels and 2 the results with ranks (:mod:`.results`);
3 the overall judgement and, per tool, the deficiencies with one recommendation each,
closed by the way to a better level (:mod:`.analysis`, :mod:`.planning`); 4 the measures
tables (:mod:`.measures`) and the signature block.  Every word comes from the phrase
file (:mod:`itakit.outputs.phrases`); every number is written here, in the chosen digits;
the renderers only lay it out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ...inputs.planfile import MeasurePlan, ReportDetails
from ...inputs.questions import QuestionSheet
from ...rules.model import RuleSet
from ...scoring.planner import ImprovementPlan, plan_improvements
from ...scoring.result import Result
from ...thai import Digits, format_date
from ..fmt import Fmt
from ..phrases import Phrases, layers_for
from .analysis import analysis_section
from .context import ReportContext
from .front import contents_section, cover_lines, foreword_section, signature_block
from .measures import MEASURE_COLUMNS, measures_section
from .model import Image, Report, Section
from .planning import planner_blocks
from .results import framework_section, results_section

__all__ = ["MEASURE_COLUMNS", "build_plan_report", "build_report", "report_phrases"]


def report_phrases(rules: RuleSet, f: Fmt, phrases: str | Path | None = None) -> Phrases:
    """The phrases of a document: the user's file (``phrases``, else ``ITAKIT_PHRASES``), the year plugin's, built-in."""
    return Phrases(layers_for(phrases, getattr(rules, "phrases", None)), f)


def _context(rules: RuleSet, result: Result, *, agency: str | None, digits: Digits, plan: ImprovementPlan | None,
             measures: MeasurePlan | None, details: ReportDetails | None, previous: Result | None, final: bool,
             date_line: str | None, questions: QuestionSheet | None, phrases: str | Path | None) -> ReportContext:
    if plan is None:
        plan = plan_improvements(rules, result)
    if details is None:
        details = (measures.details if measures is not None else None) or ReportDetails()
    name = agency or details.agency or result.agency or ""
    f = Fmt(digits)
    p = report_phrases(rules, f, phrases)
    if date_line is None:
        date_line = format_date(date.today(), style="month_year", digits=digits)
    return ReportContext(rules, result, plan, f, p, name or p("common.agency"), details, measures, questions,
                         previous, final, date_line)


def build_report(
    rule_set: RuleSet,
    result: Result,
    *,
    agency: str | None = None,
    digits: Digits = "thai",
    plan: ImprovementPlan | None = None,
    measures: MeasurePlan | None = None,
    chart: bool = False,
    details: ReportDetails | None = None,
    previous: Result | None = None,
    final: bool = False,
    date_line: str | None = None,
    questions: QuestionSheet | None = None,
    phrases: str | Path | None = None,
) -> Report:
    """Build the analysis report of one agency's result (the planner is computed when not given).

    ``details`` (agency, district, province, preparing unit, signers) default to the plan file's
    ``[report]`` table; ``measures`` is the agency's plan of measures (its entries replace drafted text
    cell by cell); ``previous`` is last year's result, for the comparison; ``questions`` the agency's
    question-level results (for years whose rules list no questions); ``final`` drops the drafting marks
    and notes; ``date_line`` ends the foreword (the current month, "ธันวาคม ๒๕๖๙", by default);
    ``phrases`` a phrase file whose sentences replace the built-in ones.  ``chart=True`` adds a bar chart
    of the indicator scores (needs the ``chart`` extra and a Thai font).
    """
    ctx = _context(rule_set, result, agency=agency, digits=digits, plan=plan, measures=measures, details=details,
                   previous=previous, final=final, date_line=date_line, questions=questions, phrases=phrases)
    chart_block = None
    if chart:
        from .chart import CHART_WIDTH_CM, indicator_chart

        png = indicator_chart(rule_set, result, digits=digits,
                              axis_label=lambda start: ctx.p("results.chart_axis", start=start))
        chart_block = Image(png, alt=ctx.p("results.chart_alt"), width_cm=CHART_WIDTH_CM)
    sections = [
        foreword_section(ctx),
        contents_section(ctx),
        framework_section(ctx),
        results_section(ctx, chart_block),
        analysis_section(ctx),
        measures_section(ctx, closing=signature_block(ctx)),
    ]
    lines, split = cover_lines(ctx)
    return Report(tuple(lines), tuple(sections), cover=True, digits=digits, final=final, cover_split=split,
                  name=" ".join(lines))


def build_plan_report(
    rule_set: RuleSet,
    result: Result,
    plan: ImprovementPlan | None = None,
    *,
    agency: str | None = None,
    digits: Digits = "arabic",
    phrases: str | Path | None = None,
) -> Report:
    """The way to a better level alone, as a small report (what ``itakit plan`` prints)."""
    ctx = _context(rule_set, result, agency=agency, digits=digits, plan=plan, measures=None, details=None,
                   previous=None, final=True, date_line="", questions=None, phrases=phrases)
    title = [f"{ctx.p('planner.heading')} ITA {ctx.f.year(rule_set.year)}"]
    if agency or result.agency:
        title.append(agency or result.agency or "")
    return Report(tuple(title), (Section("", tuple(planner_blocks(ctx, items=True))),), digits=digits)
