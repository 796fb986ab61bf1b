"""Read what an agency did with each measure of its plan: the status file of ``itakit followup``.

One row per measure, named by its id (the plan's table key: ``i2``, ``o29``, ``7``): its
status (ดำเนินการแล้ว, อยู่ระหว่างดำเนินการ or ยังไม่ได้ดำเนินการ — or done, in progress,
not started), what came of it, and where the evidence is (a link or a document's name).
CSV, TSV or an Excel workbook.  Every bad row is refused with its line, column and value,
all at once; an id the plan does not have is refused too, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import attrs

from ..errors import DataError, Problem, Problems, UsageError
from .table import Table, norm_header, read_csv_table

__all__ = ["STATUSES", "MeasureStatus", "Status", "read_status_file"]

Status = Literal["done", "doing", "not_started"]
STATUSES: dict[str, Status] = {
    "ดำเนินการแล้ว": "done", "เสร็จแล้ว": "done", "แล้วเสร็จ": "done", "done": "done", "completed": "done",
    "อยู่ระหว่างดำเนินการ": "doing", "กำลังดำเนินการ": "doing", "in progress": "doing", "doing": "doing",
    "ยังไม่ได้ดำเนินการ": "not_started", "ยังไม่ดำเนินการ": "not_started", "not started": "not_started",
}
"""The words a status cell may hold (folded), and what each means."""
_ALIASES = {
    "id": "id", "measure": "id", "measure id": "id", "code": "id", "รหัส": "id", "รหัสมาตรการ": "id", "ข้อ": "id",
    "status": "status", "สถานะ": "status", "สถานะการดำเนินการ": "status",
    "result": "result", "ผล": "result", "ผลการดำเนินการ": "result",
    "evidence": "evidence", "หลักฐาน": "evidence", "เอกสารอ้างอิง": "evidence", "link": "evidence",
}


@attrs.frozen
class MeasureStatus:
    """What was done with one measure: its status, the result in words, and the evidence."""

    id: str
    status: Status
    result: str = ""
    evidence: str = ""
    line: int | None = attrs.field(default=None, eq=False)


def _table(path: Path) -> Table:
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        from .xlsx import read_xlsx_table

        return read_xlsx_table(path)
    return read_csv_table(path)


def read_status_file(path: str | Path, ids: Iterable[str]) -> Mapping[str, MeasureStatus]:
    """The statuses by measure id; ``ids`` are the plan's measures (any other id is refused, with its line)."""
    target = Path(path)
    if not target.is_file():
        raise UsageError(f"{target}: no such file")
    table = _table(target)
    columns: dict[str, int] = {}
    for k, head in enumerate(table.header):
        role = _ALIASES.get(norm_header(head))
        if role is not None and role not in columns:
            columns[role] = k
    if "id" not in columns or "status" not in columns:
        raise DataError(Problem(
            "the header must name the measure id and its status (for example 'id,status,result,evidence' or "
            "'รหัส,สถานะ,ผลการดำเนินการ,หลักฐาน')", table.file, table.header_line, value=",".join(table.header)))
    known = {i.casefold(): i for i in ids}
    problems = Problems(table.file, table)
    found: dict[str, MeasureStatus] = {}
    lines: dict[str, int] = {}
    for line, cells in table.rows:
        def cell(role: str, cells: tuple[str, ...] = cells) -> str:
            k = columns.get(role)
            return cells[k].strip() if k is not None and k < len(cells) else ""

        raw_id = cell("id")
        measure = known.get(raw_id.casefold())
        if measure is None:
            problems.add(f"is not a measure of the plan (its ids: {', '.join(sorted(known.values())[:12])}"
                         + (" …" if len(known) > 12 else "") + ")", line, table.header[columns["id"]], raw_id)
            continue
        if measure in lines:
            problems.given_twice(lines[measure], line, table.header[columns["id"]], raw_id)
            continue
        lines[measure] = line
        status = STATUSES.get(" ".join(cell("status").casefold().split()))
        if status is None:
            problems.add("is not a status (expected ดำเนินการแล้ว, อยู่ระหว่างดำเนินการ or ยังไม่ได้ดำเนินการ; or done, "
                         "in progress, not started)", line, table.header[columns["status"]], cell("status"))
            continue
        found[measure] = MeasureStatus(measure, status, cell("result"), cell("evidence"), line)
    problems.raise_if_any()
    return found
