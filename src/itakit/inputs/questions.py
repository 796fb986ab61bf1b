"""Read an agency's question-level results as NACC's system lists them, for the report's weak questions.

From 2566 the question texts and OIT items are not public, so a year's rules list none;
yet every agency sees its own results question by question in NACC's system: indicator,
question code, question text and score (0–100, or ผ่าน/ไม่ผ่าน for a checklist item).
``itakit report … --questions FILE`` reads that list (CSV, TSV, or an Excel workbook) so
that sections 3 and 4 name every weak question with its own text.  The scores of the
result still come from the indicator figures; :meth:`QuestionSheet.disagreements` says
where the detail does not add up to them.

Where the year's rules do list questions (2565), every code is checked against them and
a text left blank is taken from the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs

from ..errors import DataError, Problem, Problems, UsageError
from ..exact import HUNDRED, round_half_up
from ..rules.model import RuleSet
from ..thai import to_arabic_digits
from .shapes import item_cell, score_cell
from .table import Table, norm_header, read_csv_table

__all__ = ["QuestionDetail", "QuestionSheet", "read_question_sheet"]

_ALIASES = {
    "indicator": "indicator", "ตัวชี้วัด": "indicator", "ตัวชี้วัดที่": "indicator",
    "question": "code", "code": "code", "ข้อ": "code", "รหัส": "code", "ข้อที่": "code", "item": "code",
    "รายการ": "code",
    "text": "text", "ข้อคำถาม": "text", "คำถาม": "text", "ประเด็น": "text", "หัวข้อ": "text",
    "รายละเอียด": "text", "name": "text",
    "score": "score", "คะแนน": "score", "ผลคะแนน": "score", "ผล": "score", "ผลการประเมิน": "score",
}
_NUMBER = re.compile(r"(\d+)")
_CODE = re.compile(r"^[A-Za-z]{0,4}\d+(?:\.\d+)?$")


def _texts(value: Iterable[QuestionDetail]) -> tuple[QuestionDetail, ...]:
    return tuple(value)


@attrs.frozen
class QuestionDetail:
    """One question or checklist item of the agency's results: its indicator, code, text and score.

    ``score`` is 0–100 for a survey question; for a checklist item it is 100 (passed) or 0 (failed) and
    ``passed`` says which.
    """

    indicator: int
    code: str
    text: str
    score: Fraction
    passed: bool | None = None
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def is_item(self) -> bool:
        """True for a checklist (OIT) item, scored pass or fail."""
        return self.passed is not None

    @property
    def weak(self) -> bool:
        """Below full marks (a question) or failed (an item)."""
        return self.passed is False if self.passed is not None else self.score < HUNDRED


@attrs.frozen
class QuestionSheet:
    """The whole list, in file order, and the file it came from."""

    rows: tuple[QuestionDetail, ...] = attrs.field(converter=_texts)
    source: str = ""

    def of(self, indicator: int) -> tuple[QuestionDetail, ...]:
        """The rows of one indicator, in file order."""
        return tuple(r for r in self.rows if r.indicator == indicator)

    def weak(self, indicator: int) -> tuple[QuestionDetail, ...]:
        """The rows of one indicator below full marks or failed."""
        return tuple(r for r in self.of(indicator) if r.weak)

    def disagreements(self, rules: RuleSet, indicator_scores: Mapping[int, Fraction]) -> list[str]:
        """Where the detail does not add up to the indicator figures: a survey indicator whose questions' mean,
        shown to two decimals, is not the indicator's shown score (the figures decide; this is said, not fixed)."""
        out = []
        for ind in rules.indicators:
            rows = [r for r in self.of(ind.number) if not r.is_item]
            if not rows or ind.number not in indicator_scores:
                continue
            mean = sum((r.score for r in rows), Fraction(0)) / len(rows)
            shown, given = round_half_up(mean), round_half_up(indicator_scores[ind.number])
            if abs(shown - given) > Decimal("0.01"):
                out.append(f"indicator {ind.number}: the mean of its {len(rows)} questions in {self.source} is "
                           f"{shown}, but its score is {given}; the report uses {given}")
        return out


def _worded_result(text: str) -> bool:
    """A result written as pass or fail (ผ่าน, ไม่ผ่าน …) rather than as a number: a checklist item's."""
    try:
        Decimal(to_arabic_digits(text))
    except ArithmeticError:
        return item_cell(text) is not None
    return False


def _indicator(text: str, rules: RuleSet) -> int | None:
    match = _NUMBER.search(to_arabic_digits(text))
    if match is None:
        return None
    number = int(match.group(1))
    return number if any(i.number == number for i in rules.indicators) else None


def _table(path: Path, encoding: str | None, sheet: str | None) -> Table:
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        from .xlsx import read_xlsx_table

        return read_xlsx_table(path, sheet=sheet)
    return read_csv_table(path, encoding=encoding)


def read_question_sheet(path: str | Path, rules: RuleSet, *, encoding: str | None = None,
                        sheet: str | None = None) -> QuestionSheet:
    """Read the agency's question-level results; every problem is reported at once, with file, line and column."""
    target = Path(path)
    if not target.is_file():
        raise UsageError(f"{target}: no such file")
    table = _table(target, encoding, sheet)
    name = table.file
    columns: dict[str, int] = {}
    for k, head in enumerate(table.header):
        role = _ALIASES.get(norm_header(head))
        if role is not None and role not in columns:
            columns[role] = k
    missing = [c for c in ("code", "score") if c not in columns]
    if missing:
        raise DataError(Problem(
            "the header must name at least a question code and a score column (for example "
            "'indicator,question,text,score' or 'ตัวชี้วัด,ข้อ,ข้อคำถาม,คะแนน'); missing: " + ", ".join(missing),
            name, table.header_line, value=",".join(table.header)))
    problems = Problems(name, table)
    known = {code: (ind, q) for code in rules.question_codes for ind, q in [rules.question(code)]}
    items = {code: rules.item(code) for code in rules.item_codes}
    rows: list[QuestionDetail] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        def cell(role: str, cells: tuple[str, ...] = cells) -> str:
            k = columns.get(role)
            return cells[k].strip() if k is not None and k < len(cells) else ""

        code_text = cell("code")
        if not code_text:
            problems.add("the question code is missing", line, table.header[columns["code"]])
            continue
        code = to_arabic_digits(code_text).strip()
        if not _CODE.match(code):
            problems.add("is not a question code (expected a code such as i7, e12 or o29)", line,
                         table.header[columns["code"]], code_text)
            continue
        key = code.casefold()
        if key in seen:
            problems.given_twice(seen[key], line, table.header[columns["code"]], code_text)
            continue
        seen[key] = line
        indicator = _indicator(cell("indicator"), rules) if "indicator" in columns else None
        text = cell("text")
        if key in known:
            ind, question = known[key]
            if indicator is not None and indicator != ind.number:
                problems.add(f"is not the indicator of {key} (it belongs to indicator {ind.number})", line,
                             table.header[columns["indicator"]], cell("indicator"))
                continue
            indicator, text, checklist = ind.number, text or question.text_th, False
        elif key in items:
            ind, _, item = items[key]
            indicator, text, checklist = ind.number, text or item.name_th, True
        elif rules.question_codes or rules.item_codes:
            problems.add(f"is not a question or item of {rules.year}", line, table.header[columns["code"]],
                         code_text)
            continue
        else:
            if indicator is None:
                problems.add(f"the indicator is missing or not one of {rules.year}'s (expected a number "
                             f"1–{len(rules.indicators)})", line,
                             table.header[columns["indicator"]] if "indicator" in columns else None,
                             cell("indicator") or None)
                continue
            checklist = rules.indicator(indicator).kind == "checklist" or _worded_result(cell("score"))
        if not text:
            problems.add("the question text is missing (the rules of this year do not word it)", line,
                         table.header[columns["text"]] if "text" in columns else None)
            continue
        raw = cell("score")
        if checklist:
            passed = item_cell(raw)
            if passed is None:
                problems.add("is not a checklist result (expected ผ่าน or ไม่ผ่าน, pass or fail, 100 or 0)", line,
                             table.header[columns["score"]], raw)
                continue
            rows.append(QuestionDetail(indicator, key, text, HUNDRED if passed else Fraction(0), passed, line))
        else:
            score = score_cell(raw, problems, line, table.header[columns["score"]])
            if score is not None:
                rows.append(QuestionDetail(indicator, key, text, score, None, line))
    problems.raise_if_any()
    if not rows:
        raise DataError(Problem("holds no questions (a header and no rows)", name))
    return QuestionSheet(rows, name)
