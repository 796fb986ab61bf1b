"""itakit: Thailand's Integrity and Transparency Assessment (ITA), scored exactly, with the year's rules as plugins.

>>> import itakit
>>> rules = itakit.rule_set(2565)
>>> data = itakit.AgencyData(indicator_scores={1: "99.84", 2: "99.49", ...})  # doctest: +SKIP
>>> itakit.score(rules, data).display_total                                   # doctest: +SKIP
Decimal('97.20')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from .plugins import PluginInfo, Registry, get_registry
from .result import IndicatorResult, ItemResult, QuestionResult, Result, ToolResult
from .rulefile import compile_rule_file, load_packaged_rule_set, load_rule_set, parse_rule_set
from .scoring import rank, score, score_many

if TYPE_CHECKING:  # imported on first use (see _LAZY), so that `import itakit` stays light
    from .batch import Comparison, Summary, compare, rank_agencies, summarise
    from .planfile import Measure, MeasurePlan, read_measure_plan
    from .planner import GradeRoute, ImprovementPlan, IndicatorGain, ItemGain, QuestionGain, plan_improvements
    from .readers import InputFile, read_input
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

_LAZY = {
    "Comparison": "batch", "Summary": "batch", "compare": "batch", "rank_agencies": "batch", "summarise": "batch",
    "Measure": "planfile", "MeasurePlan": "planfile", "read_measure_plan": "planfile",
    "GradeRoute": "planner", "ImprovementPlan": "planner", "IndicatorGain": "planner", "ItemGain": "planner",
    "QuestionGain": "planner", "plan_improvements": "planner",
    "InputFile": "readers", "read_input": "readers",
    "SurveyMapping": "survey", "load_mapping": "survey", "starter_mapping": "survey",
}


def __getattr__(name: str) -> object:
    """Import the parts of the API that only some jobs need (readers, planner, batch…) when first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'itakit' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def rule_set(year: int | None = None) -> RuleSet:
    """The installed rule set of a fiscal year (Buddhist Era), or of the newest year when None."""
    return get_registry().rule_set(year)
