"""Present many agencies at once: a summary (overall and per group) and a two-year comparison, as text, JSON or CSV.

Presentation only, like :mod:`itakit.outputs.render`: it reads the frozen results of
:mod:`itakit.scoring.batch` and never changes them.  Text can use Thai or Arabic digits;
JSON and CSV always use Arabic digits, and CSV cells are neutralised for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..exact import round_half_up
from ..rules.model import RuleSet
from ..scoring.batch import AgencyChange, Comparison, GroupSummary, Summary
from ..thai import Digits
from .phrases import Phrases
from .render import neutralise_cell, text_phrases
from .schema import SCHEMA_VERSION

__all__ = [
    "BLANK_GROUP",
    "comparison_to_csv",
    "indicator_cells",
    "indicator_columns",
    "comparison_to_json",
    "comparison_to_text",
    "group_label",
    "summary_to_csv",
    "summary_to_json",
    "summary_to_text",
]

ALL = "(all)"
"""How the row of all agencies together is labelled in a summary's CSV."""


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _pct(value: Fraction) -> Decimal:
    return round_half_up(value)


# -- summary ---------------------------------------------------------------------------------


def _group_text(g: GroupSummary, summary: Summary, p: Phrases) -> list[str]:
    lines = [p("text.summary.agencies", agencies=g.agencies, with_total=g.with_total),
             p("text.summary.levels", counts=" · ".join(p("text.summary.level_count", code=c.code, count=c.count)
                                                       for c in g.grades))]
    levels = " · ".join(summary.passing_levels)
    if g.display_share is None:
        lines.append(p("text.summary.passing_none", levels=levels))
    else:
        verdict = p("text.summary.meets_target" if g.meets_target else "text.summary.below_target")
        lines.append(p("text.summary.passing", levels=levels, passing=g.passing, share=g.display_share,
                       target=_pct(g.target_share), verdict=verdict))
        if not summary.pass_line_alone:  # the pass line of the total is one condition of passing, not all of it
            lines.append(p("text.summary.at_pass_line", pass_line=summary.pass_line, count=g.total_at_pass_line))
    means = [p("text.summary.mean_total", mean=g.display_mean_total)]
    means += [p("text.summary.tool_mean", code=t.code, mean=t.display_mean) for t in g.tools]
    lines.append(" · ".join(means))
    if g.indicators:
        lines.append(p("text.summary.indicators", means=" · ".join(
            p("text.summary.indicator_mean", number=i.number, mean=i.display_mean) for i in g.indicators)))
    if g.weakest:
        lines.append(p("text.summary.weakest", items=" · ".join(
            p("text.summary.weak_indicator", number=i.number, name=i.name_th, mean=i.display_mean)
            for i in g.weakest)))
    return ["  " + line for line in lines]


BLANK_GROUP = "(ไม่ระบุ)"
"""How the text summary names the group of agencies whose grouping column is blank."""


def group_label(name: str | None) -> str:
    """A group's name as the text summary shows it, never the same for two groups.

    A blank name is :data:`BLANK_GROUP`; a name that starts with a bracket or a quote
    (so could be read as that label, or as another name quoted) is shown in quotes “…”.
    """
    if not name:
        return BLANK_GROUP
    return f"“{name}”" if name.startswith(("(", "“")) else name


def summary_to_text(summary: Summary, rule_set: RuleSet, *, digits: Digits = "arabic") -> str:
    """A readable summary: the rating mix, the share passing against the target, means, weakest indicators."""
    p = text_phrases(digits)
    lines = [p("text.summary.title", year=summary.year), "", p("text.summary.all")]
    lines += _group_text(summary.overall, summary, p)
    for g in summary.groups:
        lines += ["", p("text.summary.group", by=summary.by, name=group_label(g.name))]
        lines += _group_text(g, summary, p)
    if summary.unverified:
        lines += ["", p("text.summary.unverified", notes="; ".join(summary.unverified))]
    return "\n".join(lines) + "\n"


def _group_dict(g: GroupSummary) -> dict[str, Any]:
    share = g.display_share
    return {
        "name": g.name,
        "agencies": g.agencies,
        "with_total": g.with_total,
        "grades": {c.code: c.count for c in g.grades},
        "passing": g.passing,
        "share_passing": _float(share),
        "total_at_pass_line": g.total_at_pass_line,
        "meets_target": g.meets_target,
        "mean_total": _float(g.display_mean_total),
        "tools": {t.code: float(t.display_mean) for t in g.tools},
        "indicators": {str(i.number): float(i.display_mean) for i in g.indicators},
        "weakest": [{"number": i.number, "name": i.name_th, "mean": float(i.display_mean)} for i in g.weakest],
    }


def summary_to_json(summary: Summary) -> str:
    """The summary as JSON: ``overall`` and, when grouped, ``groups`` (each with ``name``), figures to two decimals."""
    payload = {
        "schema_version": SCHEMA_VERSION,
        "year": summary.year,
        "pass_line": float(summary.pass_line),
        "passing_levels": list(summary.passing_levels),
        "target_share": float(_pct(summary.target_share)),
        "by": summary.by,
        "overall": _group_dict(summary.overall),
        "groups": [_group_dict(g) for g in summary.groups],
        "rules_verified": not summary.unverified,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def summary_to_csv(summary: Summary, rule_set: RuleSet) -> str:
    """A row for all agencies (labelled ``(all)``) and one per group: grades, share, target, means, weakest."""
    grades = [level.code for level in rule_set.rating_levels]
    tools = [t.code for t in rule_set.tools]
    numbers = [i.number for i in rule_set.indicators]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([summary.by or "group", "agencies", "with_total", *grades, "passing",
                     "share_passing", "total_at_pass_line", "target_share", "meets_target", "mean_total", *tools,
                     *map(str, numbers), "weakest"])
    for g in (summary.overall, *summary.groups):
        by_tool = {t.code: t.display_mean for t in g.tools}
        by_ind = {i.number: i.display_mean for i in g.indicators}
        counts = {c.code: c.count for c in g.grades}
        writer.writerow([
            ALL if g.name is None else neutralise_cell(g.name),
            g.agencies, g.with_total, *(counts.get(code, 0) for code in grades), g.passing,
            "" if g.display_share is None else str(g.display_share), g.total_at_pass_line, str(_pct(g.target_share)),
            "" if g.meets_target is None else str(g.meets_target).lower(),
            "" if g.display_mean_total is None else str(g.display_mean_total),
            *(str(by_tool.get(t, "")) for t in tools),
            *(str(by_ind.get(n, "")) for n in numbers),
            " ".join(str(i.number) for i in g.weakest),
        ])
    return out.getvalue()


# -- comparison -------------------------------------------------------------------------------


def _agency_line(a: AgencyChange, p: Phrases) -> str:
    name = a.agency if a.agency is not None else p("text.compare.unnamed")
    if a.status == "old only":
        return p("text.compare.old_only", name=name, total=a.old_total, grade=a.old_grade or "-")
    if a.status == "new only":
        return p("text.compare.new_only", name=name, total=a.new_total, grade=a.new_grade or "-")
    changes = ", ".join(
        p("text.compare.indicator_change", label=i.label, change=i.change) if i.change is not None
        else p("text.compare.indicator_old_only", label=i.label, score=i.old) if i.new is None
        else p("text.compare.indicator_new_only", label=i.label, score=i.new)
        for i in a.indicators
    )
    line = p("text.compare.agency", name=name, old=a.old_total, new=a.new_total, change=a.total_change,
             old_grade=a.old_grade or "-", new_grade=a.new_grade or "-")
    return line + (" · " + p("text.compare.indicators", changes=changes) if changes else "")


def comparison_to_text(comparison: Comparison, *, digits: Digits = "arabic") -> str:
    """Counts of who improved, declined, passed and fell, then a line per agency with its changes."""
    p = text_phrases(digits)
    c = comparison
    lines = [
        p("text.compare.title", old_year=c.old_year, new_year=c.new_year, agencies=len(c.agencies)),
        p("text.compare.counts", improved=c.improved, declined=c.declined, newly_passed=c.newly_passed,
          newly_failed=c.newly_failed, only_old=c.only_old, only_new=c.only_new),
        "",
    ]
    if c.frameworks_differ:
        lines[2:2] = [p("text.compare.frameworks_differ"), *(f"  - {d}" for d in c.differences), ""]
    lines += [_agency_line(a, p) for a in c.agencies]
    if not c.rules_verified:
        lines += ["", p("text.compare.unverified")]
    return "\n".join(lines) + "\n"


def _change_dict(a: AgencyChange) -> dict[str, Any]:
    return {
        "agency": a.agency,
        "status": a.status,
        "old_total": _float(a.old_total),
        "new_total": _float(a.new_total),
        "total_change": _float(a.total_change),
        "old_grade": a.old_grade,
        "new_grade": a.new_grade,
        "old_passed": a.old_passed,
        "new_passed": a.new_passed,
        "indicators": [
            {"number": i.number, **({"new_number": i.new_number} if i.new_number is not None else {}),
             "old": _float(i.old), "new": _float(i.new), "change": _float(i.change)}
            for i in a.indicators
        ],
    }


def comparison_to_json(comparison: Comparison) -> str:
    """The comparison as JSON: the counts, then ``agencies`` with each one's changes."""
    c = comparison
    payload = {
        "schema_version": SCHEMA_VERSION,
        "old_year": c.old_year,
        "new_year": c.new_year,
        "rules_verified": c.rules_verified,
        "improved": c.improved,
        "declined": c.declined,
        "newly_passed": c.newly_passed,
        "newly_failed": c.newly_failed,
        "old_only": c.only_old,
        "new_only": c.only_new,
        "frameworks_differ": c.frameworks_differ,
        "differences": list(c.differences),
        "indicator_pairs": [{"old": p.old, "new": p.new, "name": p.name} for p in c.pairs],
        "agencies": [_change_dict(a) for a in c.agencies],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def indicator_columns(comparison: Comparison) -> list[tuple[str, str, str]]:
    """The per-indicator columns of a comparison table, as (header, the change's label, ``old``/``new``/``change``):
    ``3_old``, ``3_new``, ``3_change`` for each pair, ``3→4_old``… when renumbered, and only its own year's column
    for an indicator one year lacks.  The CSV and the DataFrames (:mod:`itakit.outputs.frames`) share them."""
    columns: list[tuple[str, str, str]] = []
    if comparison.pairs:
        for p in comparison.pairs:
            parts = ("old", "new", "change") if p.paired else ("old",) if p.new is None else ("new",)
            columns += [(f"{p.label}_{part}", p.label, part) for part in parts]
    else:
        labels = sorted({i.label for a in comparison.agencies for i in a.indicators}, key=lambda x: (len(x), x))
        columns = [(f"{label}_{part}", label, part) for label in labels for part in ("old", "new", "change")]
    return columns


def indicator_cells(change: AgencyChange, columns: list[tuple[str, str, str]]) -> list[Decimal | None]:
    """One agency's figures under :func:`indicator_columns` (None where it has none)."""
    by_label = {(i.label, "old" if i.new is None else "new" if i.old is None else "both"): i for i in change.indicators}
    cells: list[Decimal | None] = []
    for _, label, part in columns:
        i = by_label.get((label, "both")) or by_label.get((label, part))
        cells.append(None if i is None else {"old": i.old, "new": i.new, "change": i.change}[part])
    return cells


def comparison_to_csv(comparison: Comparison) -> str:
    """A row per agency: status, old and new total and grade, the change, and old/new/change per indicator pair
    (columns ``3_old``, ``3_new``, ``3_change``; a renumbered indicator as ``3→4_old``…; an indicator one year lacks
    has only its own year's column, ``3_old`` or ``3_new``)."""
    columns = indicator_columns(comparison)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["agency", "status", "old_total", "new_total", "total_change", "old_grade", "new_grade",
                     *(header for header, _, _ in columns)])

    def cell(value: Decimal | None) -> str:
        return "" if value is None else str(value)

    for a in comparison.agencies:
        row = [neutralise_cell(a.agency or ""), a.status, cell(a.old_total), cell(a.new_total),
               cell(a.total_change), neutralise_cell(a.old_grade or ""), neutralise_cell(a.new_grade or "")]
        row += [cell(value) for value in indicator_cells(a, columns)]
        writer.writerow(row)
    return out.getvalue()
