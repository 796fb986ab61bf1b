"""What the analysis report says, built from a rule set, a result and the planner, before any format is chosen.

The parts, as agencies hand them in: a cover, คำนำ and สารบัญ (:mod:`.front`); 1 the
framework and grade bands and 2 the results with ranks (:mod:`.results`); 3 the
written analysis per tool and indicator, opened by the overall judgement and closed
by the planner (:mod:`.analysis`, :mod:`.planning`); 4 the measures tables, drafted
from the year's catalogue and the agency's plan file, then the signature block
(:mod:`.measures`).  Every number is written here, in the chosen digits; the
renderers only lay it out.
"""

from __future__ import annotations

from ...inputs.planfile import MeasurePlan, ReportDetails
from ...rules.model import RuleSet
from ...scoring.planner import ImprovementPlan, plan_improvements
from ...scoring.result import Result
from ...thai import Digits
from .analysis import analysis_section
from .fmt import Fmt
from .front import contents_section, cover_lines, foreword_section, judgement_blocks, signature_block
from .measures import MEASURE_COLUMNS, MeasureRow, measure_rows, measures_section
from .model import Image, Report, Section
from .planning import planner_blocks
from .results import framework_section, results_section

__all__ = ["MEASURE_COLUMNS", "MeasureRow", "build_plan_report", "build_report", "measure_rows"]


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
) -> Report:
    """Build the analysis report of one agency's result (planner computed when not given).

    ``details`` (agency, district, province, preparing unit, signers) default to the plan
    file's ``[report]`` table; ``previous`` is last year's result, for the comparison;
    ``final`` drops the marking of drafted cells; ``date_line`` ends the foreword
    ("ตุลาคม ๒๕๖๕").  ``chart=True`` adds a bar chart of the indicator scores (needs the
    ``chart`` extra and a Thai font).
    """
    if plan is None:
        plan = plan_improvements(rule_set, result)
    if details is None and measures is not None:
        details = measures.details
    if agency is None:
        agency = (details.agency if details is not None else None) or result.agency
    f = Fmt(digits)
    chart_block = None
    if chart:
        from .chart import CHART_WIDTH_CM, indicator_chart

        chart_block = Image(indicator_chart(rule_set, result, digits=digits),
                            alt="แผนภูมิแท่งคะแนนรายตัวชี้วัด", width_cm=CHART_WIDTH_CM)
    sections = [
        foreword_section(rule_set, result, agency, details, f, date_line),
        contents_section(),
        framework_section(rule_set, f),
        results_section(rule_set, result, agency, f, chart_block),
        analysis_section(rule_set, result, plan, measures, agency, f,
                         opening=judgement_blocks(rule_set, result, agency, f, previous)),
        measures_section(rule_set, result, plan, measures, f, final=final, closing=signature_block(details)),
    ]
    return Report(tuple(cover_lines(rule_set, agency, details, f)), tuple(sections), cover=True, digits=digits,
                  final=final)


def build_plan_report(
    rule_set: RuleSet,
    result: Result,
    plan: ImprovementPlan | None = None,
    *,
    agency: str | None = None,
    digits: Digits = "arabic",
) -> Report:
    """The planner alone, as a small report (what ``itakit plan`` prints)."""
    if plan is None:
        plan = plan_improvements(rule_set, result)
    f = Fmt(digits)
    agency = agency if agency is not None else result.agency
    title = [f"แนวทางยกระดับคะแนน ITA ประจำปีงบประมาณ {f.year(rule_set.year)}"]
    if agency:
        title.append(agency)
    return Report(tuple(title), (Section("", tuple(planner_blocks(rule_set, result, plan, f))),), digits=digits)
