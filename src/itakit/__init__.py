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
    from .batch import Comparison, Summary, compare, rank_agencies, summarise
    from .errors import DataError, ItakitError, PluginError, Problem, RuleSetError, UsageError
    from .exact import round_half_up, to_fraction
    from .hookspecs import hookimpl, hookspec
    from .inputs import AgencyData, AnswerTally
    from .model import (
        AnswerOption,
        AnswerScale,
        Grade,
        GradeBand,
        Indicator,
        OITItem,
        Provenance,
        Question,
        RuleSet,
        SubIndicator,
        SubItem,
        Tool,
    )
    from .planfile import Measure, MeasurePlan, read_measure_plan
    from .planner import GradeRoute, ImprovementPlan, IndicatorGain, ItemGain, QuestionGain, plan_improvements
    from .plugins import PluginInfo, Registry, get_registry
    from .readers import InputFile, read_input
    from .result import IndicatorResult, ItemResult, QuestionResult, Result, ToolResult
    from .rulefile import compile_rule_file, load_packaged_rule_set, load_rule_set, parse_rule_set
    from .scoring import rank, score, score_many
    from .survey import SurveyMapping, load_mapping, starter_mapping

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
    "Registry",
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
    "round_half_up",
    "rule_set",
    "score",
    "score_many",
    "starter_mapping",
    "to_fraction",
    # many agencies (itakit.batch), imported on first use so that `itakit score` starts fast
    "Comparison",
    "Summary",
    "compare",
    "rank_agencies",
    "summarise",
]

#: Where each public name lives.  Modules load when one of their names is first used, so
#: that ``import itakit`` costs nothing and each command loads only what it needs.
_EXPORTS = {
    **dict.fromkeys(("Comparison", "Summary", "compare", "rank_agencies", "summarise"), "batch"),
    **dict.fromkeys(("DataError", "ItakitError", "PluginError", "Problem", "RuleSetError", "UsageError"), "errors"),
    **dict.fromkeys(("round_half_up", "to_fraction"), "exact"),
    **dict.fromkeys(("hookimpl", "hookspec"), "hookspecs"),
    **dict.fromkeys(("AgencyData", "AnswerTally"), "inputs"),
    **dict.fromkeys(("AnswerOption", "AnswerScale", "Grade", "GradeBand", "Indicator", "OITItem", "Provenance",
                     "Question", "RuleSet", "SubIndicator", "SubItem", "Tool"), "model"),
    **dict.fromkeys(("Measure", "MeasurePlan", "read_measure_plan"), "planfile"),
    **dict.fromkeys(("GradeRoute", "ImprovementPlan", "IndicatorGain", "ItemGain", "QuestionGain",
                     "plan_improvements"), "planner"),
    **dict.fromkeys(("PluginInfo", "Registry", "get_registry"), "plugins"),
    **dict.fromkeys(("InputFile", "read_input"), "readers"),
    **dict.fromkeys(("IndicatorResult", "ItemResult", "QuestionResult", "Result", "ToolResult"), "result"),
    **dict.fromkeys(("compile_rule_file", "load_packaged_rule_set", "load_rule_set", "parse_rule_set"), "rulefile"),
    **dict.fromkeys(("rank", "score", "score_many"), "scoring"),
    **dict.fromkeys(("SurveyMapping", "load_mapping", "starter_mapping"), "survey"),
}


def __getattr__(name: str) -> object:
    """Load a public name (or a submodule, as ``itakit.render``) on first use."""
    from importlib import import_module

    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        try:
            return import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module 'itakit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def rule_set(year: int | None = None) -> RuleSet:
    """The installed rule set of a fiscal year (Buddhist Era), or of the newest year when None."""
    from .plugins import get_registry

    return get_registry().rule_set(year)
