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

from ..exact import TO_THAI_DIGITS, round_half_up
from ..rules.model import RuleSet
from ..scoring.batch import AgencyChange, Comparison, GroupSummary, Summary
from ..thai import Digits
from .render import neutralise_cell
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


def _digits(text: str, digits: Digits) -> str:
    return text.translate(TO_THAI_DIGITS) if digits == "thai" else text


def _num(value: Decimal | None, digits: Digits = "arabic") -> str:
    return "-" if value is None else _digits(f"{value:.2f}", digits)


def _signed(value: Decimal | None, digits: Digits = "arabic") -> str:
    return "-" if value is None else _digits(f"{value:+.2f}", digits)


def _count(n: int, digits: Digits) -> str:
    return _digits(f"{n:,}", digits)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _pct(value: Fraction) -> Decimal:
    return round_half_up(value)


# -- summary ---------------------------------------------------------------------------------


def _group_text(g: GroupSummary, summary: Summary, rules: RuleSet, digits: Digits) -> list[str]:
    d = digits
    lines = [f"  หน่วยงาน {_count(g.agencies, d)} · มีคะแนนรวม {_count(g.with_total, d)}"]
    lines.append("  ระดับ " + " · ".join(f"{c.code} {_count(c.count, d)}" for c in g.grades))
    levels = " · ".join(summary.passing_levels)
    if g.display_share is None:
        lines.append(f"  ผ่านเกณฑ์ (passing: ระดับ {levels}): ไม่มีหน่วยงานที่มีคะแนนรวม")
    else:
        verdict = "ถึงเป้าหมาย (meets the target)" if g.meets_target else "ไม่ถึงเป้าหมาย (below the target)"
        lines.append(
            f"  ผ่านเกณฑ์ (passing: ระดับ {levels}) {_count(g.passing, d)} หน่วยงาน = ร้อยละ {_num(g.display_share, d)}"
            f" · เป้าหมายร้อยละ {_num(_pct(g.target_share), d)}: {verdict}"
        )
        if not summary.pass_line_alone:  # the pass line of the total is one condition of passing, not all of it
            lines.append(
                f"  คะแนนรวม {_num(summary.pass_line, d)} ขึ้นไป {_count(g.total_at_pass_line, d)} หน่วยงาน"
                f" (เงื่อนไขหนึ่งของการผ่านเกณฑ์: the total at the pass line, one condition of passing)"
            )
    means = [f"คะแนนเฉลี่ย {_num(g.display_mean_total, d)}"]
    means += [f"{t.code} {_num(t.display_mean, d)}" for t in g.tools]
    lines.append("  " + " · ".join(means))
    if g.indicators:
        lines.append("  ตัวชี้วัด " + " · ".join(
            f"{_digits(str(i.number), d)}: {_num(i.display_mean, d)}" for i in g.indicators))
    if g.weakest:
        lines.append("  ตัวชี้วัดที่คะแนนต่ำสุด (weakest): " + " · ".join(
            f"{_digits(str(i.number), d)} {i.name_th} {_num(i.display_mean, d)}" for i in g.weakest))
    return lines


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
    d = digits
    lines = [f"สรุปผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {_digits(str(summary.year), d)}", "",
             "ทุกหน่วยงาน (all agencies)"]
    lines += _group_text(summary.overall, summary, rule_set, d)
    for g in summary.groups:
        lines += ["", f"{summary.by}: {group_label(g.name)}"]
        lines += _group_text(g, summary, rule_set, d)
    if summary.unverified:
        lines += ["", "หมายเหตุ: สรุปนี้คำนวณด้วยเกณฑ์ที่ยังไม่มีแหล่งทางการยืนยัน (rules not verified: "
                  + "; ".join(summary.unverified) + ")"]
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


def _agency_line(a: AgencyChange, digits: Digits) -> str:
    d = digits
    name = a.agency if a.agency is not None else "(หน่วยงาน)"
    if a.status == "old only":
        return f"{name}: มีเฉพาะปีเก่า (old year only) · {_num(a.old_total, d)} {a.old_grade or '-'}"
    if a.status == "new only":
        return f"{name}: มีเฉพาะปีใหม่ (new year only) · {_num(a.new_total, d)} {a.new_grade or '-'}"
    grade = f"{a.old_grade or '-'} → {a.new_grade or '-'}"
    parts = ", ".join(
        f"{_digits(i.label, d)} {_signed(i.change, d)}" if i.change is not None
        else f"{_digits(i.label, d)} {'ปีเก่า (old only) ' + _num(i.old, d) if i.new is None else 'ปีใหม่ (new only) ' + _num(i.new, d)}"
        for i in a.indicators
    )
    return (f"{name}: {_num(a.old_total, d)} → {_num(a.new_total, d)} ({_signed(a.total_change, d)}) · {grade}"
            + (f" · ตัวชี้วัด {parts}" if parts else ""))


def comparison_to_text(comparison: Comparison, *, digits: Digits = "arabic") -> str:
    """Counts of who improved, declined, passed and fell, then a line per agency with its changes."""
    d = digits
    c = comparison
    years = f"{_digits(str(c.old_year), d)} → {_digits(str(c.new_year), d)}"
    lines = [
        f"เปรียบเทียบผลการประเมิน ITA {years}: {_count(len(c.agencies), d)} หน่วยงาน",
        f"คะแนนรวมเพิ่มขึ้น {_count(c.improved, d)} · ลดลง {_count(c.declined, d)}"
        f" · ผ่านเกณฑ์ใหม่ {_count(c.newly_passed, d)} · ตกเกณฑ์ {_count(c.newly_failed, d)}"
        f" · มีเฉพาะปีเก่า {_count(c.only_old, d)} · มีเฉพาะปีใหม่ {_count(c.only_new, d)}",
        "",
    ]
    if c.frameworks_differ:
        lines[2:2] = ["กรอบการประเมินของสองปีต่างกัน (the two years' frameworks differ; indicators are paired by number "
                      "and name, and those without a partner are shown as old only or new only):",
                      *(f"  - {d}" for d in c.differences), ""]
    lines += [_agency_line(a, d) for a in c.agencies]
    if not c.rules_verified:
        lines += ["", "หมายเหตุ: ผลของปีใดปีหนึ่งคำนวณด้วยเกณฑ์ที่ยังไม่มีแหล่งทางการยืนยัน (rules not verified)"]
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
