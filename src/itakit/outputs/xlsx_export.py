"""Write results as an Excel workbook (.xlsx): a row per agency, numbers as numbers shown with two decimals.

Presentation only.  The results sheet has the columns of ``--format csv`` (agency, the
indicator numbers, tools, total, grade…), so it can be read back as a many-agency input.
Every text cell is made safe first: a value starting with ``=``, ``+``, ``-`` or ``@`` is
neutralised, so Excel never runs it as a formula, and characters Excel refuses are replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..atomic import write_atomic_with
from ..errors import missing_extra
from ..rules.model import RuleSet
from ..safetext import writable
from ..scoring.result import Result
from .render import neutralise_cell

__all__ = ["safe_text", "workbook_of", "write_xlsx"]

_TWO_DECIMALS = "0.00"


def safe_text(value: str) -> str:
    """Text for a spreadsheet cell: characters Excel cannot hold replaced (safetext), a formula-like start neutralised."""
    return neutralise_cell(writable(value, to="html"))


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise missing_extra("writing .xlsx files", "openpyxl", "xlsx") from None
    return openpyxl


def workbook_of(results: Sequence[Result], rule_set: RuleSet) -> Any:
    """An openpyxl workbook of the results: sheet ``ITA <year>`` with a row per agency, and the indicator names."""
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(f"ITA {rule_set.year}")
    sheet.freeze_panes = "B2"
    numbers = [i.number for i in rule_set.indicators]
    tools = [t.code for t in rule_set.tools]
    answers = any(r.respondents for r in results)
    extra = ["respondents", "blank_answers", "unreadable"] if answers else []
    unsure = bool(rule_set.unverified)  # rules with unconfirmed values say so on every row
    sheet.append(["agency", *numbers, *tools, "total", "grade", "passed", *extra, *(["rules_verified"] if unsure else [])])

    def number(value: Decimal | None) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes Decimal exactly
        cell.number_format = _TWO_DECIMALS
        return cell

    for r in results:
        scored = {i.number: i.display_score for i in r.indicators}
        tool_scores = {t.code: t.display_score for t in r.tools}
        row: list[Any] = [
            safe_text(r.agency or ""),
            *(number(scored.get(n)) for n in numbers),
            *(number(tool_scores.get(t)) for t in tools),
            number(r.display_total),
            None if r.grade is None else safe_text(r.grade.code),
            r.passed,
        ]
        if answers:
            row += [r.respondents, r.blank_answers, len(r.unreadable)]
        if unsure:
            row.append(False)
        sheet.append(row)

    names = workbook.create_sheet("indicators")
    names.append(["number", "tool", "name_th", "name_en"])
    for ind in rule_set.indicators:
        names.append([ind.number, rule_set.tool_of(ind.number).code, safe_text(ind.name_th), safe_text(ind.name_en)])
    return workbook


def write_xlsx(path: str | Path, results: Sequence[Result], rule_set: RuleSet) -> None:
    """Write the results to an .xlsx file atomically (the old file stays until the new one is whole)."""
    workbook = workbook_of(results, rule_set)
    write_atomic_with(path, workbook.save)
