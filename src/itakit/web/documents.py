"""The documents the report page hands out: the analysis report in every format itakit writes, and the plan file.

The formats are whatever :data:`itakit.outputs.report.FORMATS` holds (a format added there
appears on the page by itself); each is made in memory and sent with a file name that
keeps its Thai (RFC 5987 ``filename*``) beside a plain ASCII one for old clients.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from urllib.parse import quote

import attrs

from ..inputs.planfile import MeasurePlan, ReportDetails
from ..inputs.questions import QuestionSheet
from ..outputs.plan_toml import plan_toml
from ..outputs.report import FORMATS, build_report, drafted_plan, render_report
from ..rules.model import RuleSet
from ..scoring.planner import ImprovementPlan
from ..scoring.result import Result
from .forms import ReportOptions

__all__ = ["PLAN_FORMAT", "DownloadFormat", "content_disposition", "document", "download_formats", "plan_file"]

PLAN_FORMAT = "plan"
"""The ``format`` value of the plan file's download button."""
_LABELS = {".docx": "Word (.docx)", ".pdf": "PDF (.pdf)", ".html": "HTML (.html)", ".md": "Markdown (.md)"}
_ALIASES = {".htm": ".html"}
_NEEDS = {".docx": ("docx", "report"), ".pdf": ("typst", "pdf")}
"""Formats that need an optional library: the module to look for and the extra that installs it."""
MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".toml": "application/toml; charset=utf-8",
}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|;]+")


@attrs.frozen
class DownloadFormat:
    """A document format offered on the report page, and whether this installation can write it."""

    suffix: str
    label: str
    available: bool
    missing_extra: str = ""


def download_formats() -> tuple[DownloadFormat, ...]:
    """Every format of :data:`FORMATS` once (``.htm`` is ``.html``), Word first, each marked if its library is missing."""
    order = list(_LABELS)
    suffixes = sorted((s for s in FORMATS if s not in _ALIASES),
                      key=lambda s: (order.index(s) if s in order else len(order), s))
    out = []
    for suffix in suffixes:
        module, extra = _NEEDS.get(suffix, ("", ""))
        available = not module or importlib.util.find_spec(module) is not None
        out.append(DownloadFormat(suffix, _LABELS.get(suffix, suffix.lstrip(".").upper()), available,
                                  "" if available else extra))
    return tuple(out)


def chart_available() -> bool:
    """Whether the report's chart can be drawn here (matplotlib installed)."""
    return importlib.util.find_spec("matplotlib") is not None


def _clean(text: str) -> str:
    return " ".join(_UNSAFE.sub(" ", unicodedata.normalize("NFC", text)).split())[:120]


def content_disposition(name: str, fallback: str) -> str:
    """An ``attachment`` header naming the file in Thai (RFC 5987) with an ASCII ``filename`` for older clients."""
    shown = _clean(name) or fallback
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", fallback).strip("-") or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(shown, safe='')}"


def file_names(rules: RuleSet, agency: str | None, suffix: str, *, plan: bool = False) -> tuple[str, str]:
    """The Thai file name of a download and its ASCII fallback."""
    if plan:
        thai = f"แผนมาตรการ ITA {rules.year}" + (f" {agency}" if agency else "") + suffix
        return thai, f"ita-plan-{rules.year}{suffix}"
    thai = f"รายงานผลการวิเคราะห์ ITA {rules.year}" + (f" {agency}" if agency else "") + suffix
    return thai, f"ita-report-{rules.year}{suffix}"


def document(rules: RuleSet, result: Result, plan: ImprovementPlan, details: ReportDetails,
             measures: MeasurePlan | None, options: ReportOptions, suffix: str,
             questions: QuestionSheet | None = None) -> bytes:
    """The analysis report as the bytes of one format, with the officer's details, measures and question sheet."""
    report = build_report(rules, result, agency=details.agency or result.agency, digits=options.digits, plan=plan,
                          measures=measures, chart=options.chart, details=details, final=options.final,
                          questions=questions)
    return render_report(report, suffix)


def plan_file(rules: RuleSet, result: Result, plan: ImprovementPlan, details: ReportDetails,
              measures: MeasurePlan | None, questions: QuestionSheet | None = None) -> str:
    """The plan file (TOML) of the measures as the editor shows them, every row written out, with the details."""
    return plan_toml(drafted_plan(rules, result, plan, measures, details, questions=questions))
