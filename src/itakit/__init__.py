"""itakit: Thailand's Integrity and Transparency Assessment (ITA), scored exactly, with the year's rules as plugins.

>>> import itakit
>>> rules = itakit.rule_set(2565)
>>> data = itakit.AgencyData(indicator_scores={1: "99.84", 2: "99.49", ...})  # doctest: +SKIP
>>> itakit.score(rules, data).display_total                                   # doctest: +SKIP
Decimal('97.20')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # every name below is imported on first use (see __getattr__): `import itakit` stays light
    from .errors import DataError, ItakitError, PluginError, Problem, RuleSetError, UsageError
    from .exact import round_half_up, to_fraction
    from .inputs.data import AgencyData, AnswerTally, Stated
    from .inputs.planfile import Measure, MeasurePlan, ReportDetails, Signer, read_measure_plan
    from .inputs.questions import QuestionSheet, read_question_sheet
    from .inputs.read import read_input
    from .inputs.status import MeasureStatus, read_status_file
    from .inputs.survey import SurveyMapping, load_mapping, starter_mapping
    from .inputs.table import InputFile
    from .outputs.frames import to_arrow, to_pandas, to_polars
    from .outputs.plan_toml import plan_toml
    from .outputs.report import Report, build_report, drafted_plan, render_report, write_report
    from .outputs.report.followup import build_followup
    from .outputs.schema import SCHEMA_VERSION, json_schema
    from .rules.hookspecs import hookimpl, hookspec
    from .rules.model import (
        AnswerOption,
        AnswerScale,
        Grade,
        GradeBand,
        Indicator,
        OITItem,
        Provenance,
        Question,
        Rating,
        RatingLevel,
        RuleSet,
        SubIndicator,
        SubItem,
        Tool,
    )
    from .rules.plugins import PluginInfo, Registry, get_registry
    from .rules.rulefile import compile_rule_file, load_packaged_rule_set, load_rule_set, parse_rule_set
    from .scoring.batch import Comparison, Summary, compare, rank_agencies, summarise
    from .scoring.explain import Condition, LevelCheck, RatingExplanation, explain_rating
    from .scoring.planner import GradeRoute, ImprovementPlan, IndicatorGain, ItemGain, QuestionGain, plan_improvements
    from .scoring.result import IndicatorResult, ItemResult, QuestionResult, Result, ToolResult
    from .scoring.score import rank, score, score_many
    from .scoring.standing import Route, Standing, routes, standing

#: The version of the installed itakit (the package's, as pip shows it).
__version__ = "0.1.0"

__all__ = [
    "AgencyData",
    "AnswerOption",
    "AnswerScale",
    "AnswerTally",
    "DataError",
    "Grade",
    "GradeBand",
    "Indicator",
    "IndicatorResult",
    "InputFile",
    "ItakitError",
    "ItemResult",
    "OITItem",
    "PluginError",
    "PluginInfo",
    "Problem",
    "Provenance",
    "Question",
    "QuestionResult",
    "Rating",
    "RatingLevel",
    "Registry",
    "Route",
    "Standing",
    "Result",
    "RuleSet",
    "RuleSetError",
    "SubIndicator",
    "SubItem",
    "SurveyMapping",
    "Tool",
    "ToolResult",
    "UsageError",
    "GradeRoute",
    "ImprovementPlan",
    "IndicatorGain",
    "ItemGain",
    "Measure",
    "MeasurePlan",
    "QuestionGain",
    "plan_improvements",
    "read_measure_plan",
    "ReportDetails",
    "Signer",
    "QuestionSheet",
    "read_question_sheet",
    "MeasureStatus",
    "read_status_file",
    "Report",
    "build_report",
    "build_followup",
    "drafted_plan",
    "plan_toml",
    "render_report",
    "write_report",
    "__version__",
    "get_registry",
    "hookimpl",
    "hookspec",
    "load_mapping",
    "compile_rule_file",
    "load_packaged_rule_set",
    "load_rule_set",
    "parse_rule_set",
    "rank",
    "read_input",
    "routes",
    "standing",
    "round_half_up",
    "rule_set",
    "score",
    "score_many",
    "starter_mapping",
    "to_fraction",
    # why a result has its rating, and figures a file states (issue 22)
    "Condition",
    "LevelCheck",
    "RatingExplanation",
    "Stated",
    "explain_rating",
    # many agencies (itakit.scoring.batch), imported on first use so that `itakit score` starts fast
    "Comparison",
    "Summary",
    "compare",
    "rank_agencies",
    "summarise",
    # for tools built on itakit (issue 24): the JSON outputs' contract, and results as DataFrames
    "SCHEMA_VERSION",
    "json_schema",
    "to_arrow",
    "to_pandas",
    "to_polars",
]

#: Where each public name lives.  Modules load when one of their names is first used, so
#: that ``import itakit`` costs nothing and each command loads only what it needs.
_EXPORTS = {
    **dict.fromkeys(("Comparison", "Summary", "compare", "rank_agencies", "summarise"), "scoring.batch"),
    **dict.fromkeys(("DataError", "ItakitError", "PluginError", "Problem", "RuleSetError", "UsageError"), "errors"),
    **dict.fromkeys(("round_half_up", "to_fraction"), "exact"),
    **dict.fromkeys(("hookimpl", "hookspec"), "rules.hookspecs"),
    **dict.fromkeys(("AgencyData", "AnswerTally", "Stated"), "inputs.data"),
    **dict.fromkeys(("Condition", "LevelCheck", "RatingExplanation", "explain_rating"), "scoring.explain"),
    **dict.fromkeys(("AnswerOption", "AnswerScale", "Grade", "GradeBand", "Indicator", "OITItem", "Provenance",
                     "Question", "Rating", "RatingLevel", "RuleSet", "SubIndicator", "SubItem", "Tool"), "rules.model"),
    **dict.fromkeys(("Route", "Standing", "routes", "standing"), "scoring.standing"),
    **dict.fromkeys(("Measure", "MeasurePlan", "ReportDetails", "Signer", "read_measure_plan"), "inputs.planfile"),
    **dict.fromkeys(("QuestionSheet", "read_question_sheet"), "inputs.questions"),
    **dict.fromkeys(("MeasureStatus", "read_status_file"), "inputs.status"),
    **dict.fromkeys(("plan_toml",), "outputs.plan_toml"),
    **dict.fromkeys(("Report", "build_report", "drafted_plan", "render_report", "write_report"), "outputs.report"),
    **dict.fromkeys(("build_followup",), "outputs.report.followup"),
    **dict.fromkeys(("SCHEMA_VERSION", "json_schema"), "outputs.schema"),
    **dict.fromkeys(("to_arrow", "to_pandas", "to_polars"), "outputs.frames"),
    **dict.fromkeys(("GradeRoute", "ImprovementPlan", "IndicatorGain", "ItemGain", "QuestionGain",
                     "plan_improvements"), "scoring.planner"),
    **dict.fromkeys(("PluginInfo", "Registry", "get_registry"), "rules.plugins"),
    **dict.fromkeys(("InputFile",), "inputs.table"),
    **dict.fromkeys(("read_input",), "inputs.read"),
    **dict.fromkeys(("IndicatorResult", "ItemResult", "QuestionResult", "Result", "ToolResult"), "scoring.result"),
    **dict.fromkeys(("compile_rule_file", "load_packaged_rule_set", "load_rule_set", "parse_rule_set"), "rules.rulefile"),
    **dict.fromkeys(("rank", "score", "score_many"), "scoring.score"),
    **dict.fromkeys(("SurveyMapping", "load_mapping", "starter_mapping"), "inputs.survey"),
}


#: Modules that lived directly in ``itakit`` before the package took its four wings
#: (docs/architecture.md): ``itakit.outputs.report`` still reaches ``itakit.outputs.report``.
_MOVED = {
    "batch": "scoring.batch", "planner": "scoring.planner", "render": "outputs.render",
    "render_batch": "outputs.render_batch", "report": "outputs.report", "rulefile": "rules.rulefile",
    "plugins": "rules.plugins", "hookspecs": "rules.hookspecs", "model": "rules.model", "survey": "inputs.survey",
}


def __getattr__(name: str) -> object:
    """Load a public name (or a submodule, as ``itakit.outputs.render``) on first use."""
    from importlib import import_module

    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        try:
            return import_module(f".{_MOVED.get(name, name)}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module 'itakit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def rule_set(year: int | None = None) -> RuleSet:
    """The installed rule set of a fiscal year (Buddhist Era), or of ``Registry.default_year`` when None."""
    from .rules.plugins import get_registry

    return get_registry().rule_set(year)
