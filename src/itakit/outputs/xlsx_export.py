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
from .render import neutralise_cell, table_header, table_rows

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


def workbook_of(
    results: Sequence[Result], rule_set: RuleSet, agency_ranks: Sequence[int | None] | None = None
) -> Any:
    """An openpyxl workbook of the results: sheet ``ITA <year>`` with the columns and rows of ``--format csv``
    (``agency_rank`` for many agencies, the input's other columns last), and the indicator names."""
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(f"ITA {rule_set.year}")
    sheet.freeze_panes = "B2"
    header: list[object] = list(table_header(results, rule_set, ranked=agency_ranks is not None))
    count = len(rule_set.indicators)
    header[1:1 + count] = [i.number for i in rule_set.indicators]  # indicator numbers as numbers, as before
    sheet.append([safe_text(h) if isinstance(h, str) else h for h in header])

    def cell(value: object) -> Any:
        if isinstance(value, str):
            return safe_text(value)
        if isinstance(value, Decimal):
            written = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes Decimal exactly
            written.number_format = _TWO_DECIMALS
            return written
        return value

    for row in table_rows(results, rule_set, agency_ranks):
        sheet.append([cell(value) for value in row])

    names = workbook.create_sheet("indicators")
    names.append(["number", "tool", "name_th", "name_en"])
    for ind in rule_set.indicators:
        names.append([ind.number, rule_set.tool_of(ind.number).code, safe_text(ind.name_th), safe_text(ind.name_en)])
    return workbook


def write_xlsx(
    path: str | Path, results: Sequence[Result], rule_set: RuleSet, agency_ranks: Sequence[int | None] | None = None
) -> None:
    """Write the results to an .xlsx file atomically (the old file stays until the new one is whole)."""
    workbook = workbook_of(results, rule_set, agency_ranks)
    write_atomic_with(path, workbook.save)
