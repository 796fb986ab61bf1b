"""The page's forms read into itakit's own classes: a year, indicator scores, the report's details, the measures.

Each reader checks what it reads and refuses with every problem at once — the field, the
value found and what was expected, in Thai with the English words of the command line —
as a :class:`~itakit.web.refusals.Refused` with status 400.  The measures editor's fields
(``m3.measure``, ``m3.method`` …, one numbered group per row) become a
:class:`~itakit.inputs.planfile.MeasurePlan` exactly as a plan file would.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Literal

import attrs
from starlette.datastructures import FormData, UploadFile

from ..errors import Problem, Problems
from ..exact import HUNDRED, ZERO, decimal_fraction
from ..inputs.planfile import Measure, MeasurePlan, ReportDetails, Signer
from ..inputs.questions import QuestionSheet
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..thai import christian_year, to_arabic_digits
from .refusals import Refusal, Refused

__all__ = [
    "AUTO_YEAR", "EditorRow", "FORM", "MAX_ROWS", "MEASURES_FORM", "ReportOptions", "SIGNER_ROLES", "choose_year", "details_from",
    "file_of", "known_codes", "measures_from", "options_from", "row_label", "rows_as_posted", "scores_from", "text_of",
]

AUTO_YEAR = "auto"
FORM = "แบบฟอร์ม"
"""How a problem of a typed-in form names its 'file'."""
MEASURES_FORM = "ตารางมาตรการ"
MAX_ROWS = 500
"""At most this many measure rows in one form (a year has about a hundred codes)."""
SIGNER_ROLES = (("prepared_by", "ผู้จัดทำ"), ("checked_by", "ผู้ตรวจสอบ"), ("approved_by", "ผู้อนุมัติ"))
_BE_THRESHOLD = 2400
_LIST_SPLIT = re.compile(r"\s*\n\s*")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MAX_TEXT = 20_000


def text_of(form: FormData, name: str, default: str = "") -> str:
    """A text field's value, stripped (``default`` when it is missing or a file)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else default


def file_of(form: FormData, name: str) -> UploadFile | None:
    """The file chosen in a file field, or None when none was chosen."""
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None


def _refuse(problems: list[Problem], what: str = "ข้อมูลในแบบฟอร์ม") -> Refused:
    english = "\n".join(str(p) for p in problems)
    return Refused(Refusal(400, f"{what}ไม่ถูกต้อง", "แก้ช่องที่ระบุด้านล่างแล้วส่งใหม่อีกครั้ง", english, problems))


def choose_year(value: str, registry: Registry) -> int | None:
    """The fiscal year chosen in a year field: None for "automatic" (the year the file names, else the default)."""
    if value in ("", AUTO_YEAR):
        return None
    try:
        year = int(to_arabic_digits(value))
    except ValueError:
        year = None
    if year is None or year not in registry.years:
        years = ", ".join(str(y) for y in registry.years)
        raise _refuse([Problem(f"is not an installed year (expected one of {years})", FORM, column="ปีงบประมาณ",
                               value=value)])
    return year


def scores_from(form: FormData, rules: RuleSet, prefix: str, *, required: bool = False) -> dict[int, Decimal]:
    """The indicator scores typed into fields ``{prefix}{number}``: blank fields are left out, others must be 0–100.

    Thai digits are read; anything else that is not a plain decimal number is refused.
    """
    scores: dict[int, Decimal] = {}
    problems = Problems(FORM, limit=None)
    for ind in rules.indicators:
        text = text_of(form, f"{prefix}{ind.number}")
        label = f"ตัวชี้วัดที่ {ind.number} {ind.name_th}"
        if not text:
            if required:
                problems.add("is empty (expected a score from 0 to 100)", column=label)
            continue
        try:
            value = decimal_fraction(text)
        except ValueError:
            problems.add("is not a number (expected a score from 0 to 100, e.g. 95.03)", column=label, value=text)
            continue
        if not ZERO <= value <= HUNDRED:
            problems.add("is out of range (expected a score from 0 to 100)", column=label, value=text)
            continue
        scores[ind.number] = Decimal(to_arabic_digits(text))  # exact, as typed
    if not scores and not problems:
        problems.add("no indicator score was given (expected at least one score from 0 to 100)")
    if problems:
        raise _refuse(problems.items)
    return scores


def details_from(form: FormData) -> ReportDetails:
    """The report's details typed into the form: agency, district, province, preparing unit, the three signers."""
    def text(name: str) -> str | None:
        return text_of(form, name)[:_MAX_TEXT] or None

    signers = {}
    for role, _ in SIGNER_ROLES:
        name, position = text_of(form, f"{role}.name")[:_MAX_TEXT], text_of(form, f"{role}.position")[:_MAX_TEXT]
        signers[role] = Signer(name, position) if name or position else None
    return ReportDetails(agency=text("agency"), district=text("district"), province=text("province"),
                         unit=text("unit"), **signers)


@attrs.frozen
class ReportOptions:
    """How the documents are written: digits, whether to add the chart, whether this is the copy to sign."""

    digits: Literal["thai", "arabic"] = "thai"
    chart: bool = False
    final: bool = False


def options_from(form: FormData) -> ReportOptions:
    """The document options of the report form (Thai digits unless Arabic ones are chosen)."""
    return ReportOptions("arabic" if text_of(form, "digits") == "arabic" else "thai",
                         text_of(form, "chart") == "on", text_of(form, "final") == "on")


@attrs.frozen
class EditorRow:
    """One row of the measures editor: a plan entry written out, every field as the form shows it."""

    index: int
    code: str
    label: str
    deficiency: str
    measure: str
    method: str
    responsible: str
    start: str
    end: str
    follow_up: str
    omit: bool


def known_codes(rules: RuleSet, sheet: QuestionSheet | None = None) -> dict[str, str]:
    """Every code a plan may name for ``rules``, with a Thai label: questions, OIT items, then indicators.

    The questions and items of the agency's question sheet count too (a year whose rules list none).
    """
    codes: dict[str, str] = {}
    for _, ind, q in rules.iter_questions():
        codes[q.code] = f"{q.code} {q.text_th}".strip() + f" (ตัวชี้วัดที่ {ind.number})"
    for row in sheet.rows if sheet is not None else ():
        codes.setdefault(row.code, f"{row.code} {row.text}".strip() + f" (ตัวชี้วัดที่ {row.indicator})")
    for ind in rules.indicators:
        for item in ind.items:
            codes[item.code] = f"{item.code} {item.name_th} (ตัวชี้วัดที่ {ind.number})"
    for ind in rules.indicators:
        codes[str(ind.number)] = f"ตัวชี้วัดที่ {ind.number} {ind.name_th} (ทั้งตัวชี้วัด)"
    return codes


def row_label(labels: dict[str, str], code: str) -> str:
    """A row's label beside its code badge: the code's label without the code it starts with."""
    label = labels.get(code, "")
    return label.removeprefix(code).lstrip() if label.startswith(code + " ") else label


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in _LIST_SPLIT.split(text[:_MAX_TEXT].strip()) if line)


def _date(text: str) -> date:
    """A date typed as YYYY-MM-DD (a date field's value); a Buddhist-Era year (2566-03-31) is read as such."""
    match = _DATE.fullmatch(to_arabic_digits(text).strip())
    if match is None:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    if year >= _BE_THRESHOLD:
        year = christian_year(year)
    return date(year, month, day)


def measures_from(form: FormData, rules: RuleSet, sheet: QuestionSheet | None = None) -> MeasurePlan | None:
    """The measures editor's rows as a plan, or None when the form has no editor (the report page's first visit).

    Row ``k`` is the fields ``m{k}.code``, ``.deficiency``, ``.measure``, ``.method``,
    ``.responsible``, ``.follow_up`` (one item a line), ``.start`` and ``.end`` (dates) and
    ``.omit`` (a checked box removes the row: ``omit = true``).  A blank field keeps the
    drafted text, as a field left out of a plan file does.
    """
    count_text = text_of(form, "m.count")
    if not count_text:
        return None
    if not count_text.isdigit() or int(count_text) > MAX_ROWS:
        raise _refuse([Problem(f"is not a row count (expected 0 to {MAX_ROWS})", MEASURES_FORM, column="m.count",
                               value=count_text)])
    known = known_codes(rules, sheet)
    problems = Problems(MEASURES_FORM, row_name="แถว", limit=None)
    entries: list[Measure] = []
    seen: dict[str, int] = {}
    for k in range(int(count_text)):
        code = text_of(form, f"m{k}.code")
        if not code:
            continue
        row = k + 1
        if code not in known:
            problems.add(f"is not a question, OIT item or indicator of {rules.year}", row, "รหัส (code)", code)
            continue
        if code in seen:
            problems.given_twice(seen[code], row, "รหัส (code)", code)
            continue
        seen[code] = row
        start, end = text_of(form, f"m{k}.start"), text_of(form, f"m{k}.end")
        period = None
        if start or end:
            days = []
            for label, text in (("เริ่ม (start)", start), ("สิ้นสุด (end)", end)):
                try:
                    days.append(_date(text))
                except ValueError:
                    problems.add("is not a date (expected YYYY-MM-DD, e.g. 2022-11-01 or 2565-11-01)", row,
                                 f"{code} ระยะเวลา{label}", text)
            if len(days) == 2:
                if days[1] < days[0]:
                    problems.add(f"ends before it starts ({days[0].isoformat()})", row,
                                 f"{code} ระยะเวลาสิ้นสุด (end)", end)
                else:
                    period = (days[0], days[1])
        entries.append(Measure(
            code,
            deficiency=text_of(form, f"m{k}.deficiency")[:_MAX_TEXT] or None,
            measure=text_of(form, f"m{k}.measure")[:_MAX_TEXT] or None,
            method=_lines(text_of(form, f"m{k}.method")),
            responsible=_lines(text_of(form, f"m{k}.responsible")),
            period=period,
            follow_up=_lines(text_of(form, f"m{k}.follow_up")),
            omit=text_of(form, f"m{k}.omit") == "on",
        ))
    if problems:
        raise _refuse(problems.items, "ตารางมาตรการ")
    return MeasurePlan(entries, year=rules.year)



def rows_as_posted(form: FormData, rules: RuleSet, sheet: QuestionSheet | None = None) -> tuple[EditorRow, ...]:
    """The editor's rows exactly as they were posted (to show them again beside what is wrong with them)."""
    count_text = text_of(form, "m.count")
    count = min(int(count_text), MAX_ROWS) if count_text.isdigit() else 0
    labels = known_codes(rules, sheet)
    rows: list[EditorRow] = []
    for k in range(count):
        code = text_of(form, f"m{k}.code")
        if not code:
            continue
        def field(name: str, k: int = k) -> str:
            return text_of(form, f"m{k}.{name}")[:_MAX_TEXT]

        rows.append(EditorRow(len(rows), code, row_label(labels, code), field("deficiency"), field("measure"),
                              field("method"), field("responsible"), field("start"), field("end"), field("follow_up"),
                              field("omit") == "on"))
    return tuple(rows)
