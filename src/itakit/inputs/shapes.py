"""The four shapes of a table, told from its header, and a reader for each.

* ``indicator,score`` — one agency, a row per indicator;
* ``question,score`` — one agency, a row per question (``i…``, ``e…``) or OIT item (``o…``);
* ``agency,1,2,…`` — many agencies, a row each, with any extra columns kept for grouping;
* raw answers — a column per sub-item code (``i2``, ``i1.1``…), optional ``agency``,
  ``respondent`` and ``timestamp`` columns, a row per respondent; counted by
  :mod:`itakit.inputs.answers`.

Every problem in a table is collected (up to :data:`~itakit.inputs.table.MAX_PROBLEMS`)
and raised together as one :class:`~itakit.errors.DataError` naming file, line, column and value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from ..errors import DataError, Problem
from ..exact import HUNDRED, ZERO, decimal_fraction
from ..rules.model import RuleSet, normalise_answer
from ..thai import to_arabic_digits
from .data import AgencyData, Place, Stated
from .table import (
    HEADER_ALIASES,
    REPEATED_HEADER,
    InputFile,
    Problems,
    Shape,
    Table,
    check_width,
    is_repeated_header,
    norm_header,
    text_key,
    unneutralise,
)

__all__ = [
    "CODE_LIKE", "HEADER_ALIASES", "NUMBER_LIKE", "RESULT_COLUMNS", "detect_shape", "is_year_code", "item_cell",
    "level_named", "parse_table", "score_cell", "stated_column",
]

_PASS = {"pass", "passed", "ผ่าน", "yes", "y", "true", "มี", "ใช่"}
_FAIL = {"fail", "failed", "ไม่ผ่าน", "no", "n", "false", "ไม่มี", "ไม่ใช่"}
CODE_LIKE = re.compile(r"^[a-z]\d+(\.\d+)?$")
NUMBER_LIKE = re.compile(r"^\d+$")


RESULT_COLUMNS = frozenset({"agency_rank", "rules_verified", "respondents", "blank_answers", "unreadable"})
"""Columns itakit's own exports add that are worked out again when the file is read back (not kept as extras)."""
_STATED_NAMES = {
    "total": "total", "คะแนนรวม": "total", "คะแนนเฉลี่ย": "total",
    "grade": "grade", "rating": "grade", "ระดับ": "grade", "ผลการประเมิน": "grade",
    "passed": "passed", "ผ่านเกณฑ์": "passed",
}
_POINTS = re.compile(r"^(?P<tool>[^\s/(%]+?)\s*(?:/\s*(?P<of>\d+(?:\.\d+)?)|\(\s*(?P<in>\d+(?:\.\d+)?)\s*\)"
                     r"|[\s_]*(?P<word>points|weighted points|คะแนนถ่วงน้ำหนัก))$")
_PERCENT = re.compile(r"^(?P<tool>[^\s/(%]+?)\s*(?:%|\(\s*%\s*\)|[\s_]*percent)?$")


def stated_column(head: str, rules: RuleSet) -> tuple[str, str | None] | str | None:
    """What a column of a many-agency table states beside the indicator scores, from its header.

    ``("total", None)``, ``("grade", None)``, ``("passed", None)``, ``("tool", "IIT")`` (a tool score in percent:
    ``IIT``, ``IIT %``) or ``("points", "IIT")`` (weighted points out of the tool's weight: ``IIT/30``,
    ``IIT (30)``, ``IIT points``); a message when the header names a tool with a weight the year does not give
    it; None for any other column.
    """
    norm = norm_header(head)
    if norm in _STATED_NAMES:
        return _STATED_NAMES[norm], None
    tools = {t.code.casefold(): t for t in rules.tools}
    match = _PERCENT.match(norm)
    if match and match.group("tool") in tools:
        return "tool", tools[match.group("tool")].code
    match = _POINTS.match(norm)
    if match and match.group("tool") in tools:
        tool = tools[match.group("tool")]
        given = match.group("of") or match.group("in")
        if given is not None and decimal_fraction(given) != tool.weight:
            weight = str(tool.weight)  # 30, or 50/3 for a weight in thirds
            return (f"names {tool.code} points out of {given}, but {tool.code} weighs {weight} in {rules.year}; "
                    f"write '{tool.code} points' (weighted points out of its weight) or {tool.code} "
                    "(a score from 0 to 100)")
        return "points", tool.code
    return None


def _tool_column(head: str, rules: RuleSet) -> bool:
    what = stated_column(head, rules)
    return isinstance(what, tuple) and what[0] in ("tool", "points")


def is_year_code(norm: str, rules: RuleSet) -> bool:
    """True when a normalised header names one of the year's question, sub-item or OIT item codes."""
    return CODE_LIKE.match(norm) is not None and (
        norm in rules.question_codes or norm in rules.sub_item_codes or norm in rules.item_codes
    )


def detect_shape(table: Table, rules: RuleSet) -> Shape:
    """The shape of a table, told from its header; raises DataError when the header fits none."""
    cols = [HEADER_ALIASES.get(norm_header(h), norm_header(h)) for h in table.header]
    if cols == ["indicator", "score"]:
        return "indicators"
    if cols == ["question", "score"]:
        return "questions"
    if cols and cols[0] == "agency" and any(NUMBER_LIKE.match(c) or _tool_column(h, rules)
                                            for c, h in zip(cols[1:], table.header[1:], strict=False)):
        return "agencies"
    known = set(rules.sub_item_codes) | set(rules.question_codes)
    if any(c in known for c in cols):
        return "answers"
    raise DataError(
        Problem(
            "the header does not tell what the file holds; expected 'indicator,score', "
            "'question,score', 'agency,1,2,…' or a column per question code (i1.1, i2, …, e15)",
            table.file, table.header_line, value=",".join(table.header),
        )
    )


def _score(text: str, problems: Problems, row: int, column: str) -> Fraction | None:
    if not text:
        problems.add("the score is missing (expected a number from 0 to 100)", row, column)
        return None
    try:
        value = decimal_fraction(text)
    except ValueError:
        problems.add("is not a number (expected a score from 0 to 100)", row, column, text)
        return None
    if not ZERO <= value <= HUNDRED:
        problems.add("is out of range (expected a score from 0 to 100)", row, column, text)
        return None
    return value



def _read_indicators(table: Table, rules: RuleSet, problems: Problems) -> AgencyData:
    scores: dict[int, Fraction] = {}
    first_line: dict[int, int] = {}
    col_ind, col_score = table.header[0], table.header[1]
    for line, cells in table.rows:
        if is_repeated_header(cells, table.header):
            problems.add(REPEATED_HEADER, line)
            continue
        check_width(cells, 2, problems, line)
        label = to_arabic_digits(cells[0] if cells else "")
        label = label.replace("ตัวชี้วัดที่", "").strip()
        if not NUMBER_LIKE.match(label):
            problems.add("is not an indicator number (expected a whole number such as 1 or ๑)",
                         line, col_ind, cells[0] if cells else "")
            continue
        number = int(label)
        try:
            rules.indicator(number)
        except KeyError:
            known = ", ".join(str(i.number) for i in rules.indicators)
            problems.add(f"is not an indicator of {rules.year} (expected one of {known})",
                         line, col_ind, cells[0])
            continue
        if number in first_line:
            problems.given_twice(first_line[number], line, col_ind, cells[0])
            continue
        first_line[number] = line
        value = _score(cells[1] if len(cells) > 1 else "", problems, line, col_score)
        if value is not None:
            scores[number] = value
    return AgencyData(indicator_scores=scores, source=table.file)


def _item_result(text: str) -> bool | None:
    folded = normalise_answer(text)
    if folded in _PASS:
        return True
    if folded in _FAIL:
        return False
    try:
        value = decimal_fraction(folded)
    except ValueError:
        return None
    return True if value == HUNDRED else False if value == ZERO else None


def _read_questions(table: Table, rules: RuleSet, problems: Problems) -> AgencyData:
    scores: dict[str, Fraction] = {}
    items: dict[str, bool] = {}
    first_line: dict[str, int] = {}
    col_code, col_score = table.header[0], table.header[1]
    for line, cells in table.rows:
        if is_repeated_header(cells, table.header):
            problems.add(REPEATED_HEADER, line)
            continue
        check_width(cells, 2, problems, line)
        code = norm_header(cells[0]) if cells else ""
        value_text = cells[1] if len(cells) > 1 else ""
        if code in first_line:
            problems.given_twice(first_line[code], line, col_code, cells[0])
            continue
        if code in rules.item_codes:
            first_line[code] = line
            passed = _item_result(value_text)
            if passed is None:
                problems.add(f"is not a result of {rules.code_kind(code)} (expected 100 or 0, pass or fail, "
                             "ผ่าน or ไม่ผ่าน, yes or no, มี or ไม่มี)", line, col_score, value_text)
            else:
                items[code] = passed
        elif code in rules.question_codes:
            first_line[code] = line
            value = _score(value_text, problems, line, col_score)
            if value is not None:
                scores[code] = value
        elif code in rules.sub_item_codes:
            question = rules.sub_item(code)[0].code
            problems.add(f"is a sub-item; give the score of the whole question {question}",
                         line, col_code, cells[0])
        else:
            problems.add(f"is not a question or checklist item code of {rules.year} "
                         f"(expected {rules.code_ranges()})", line, col_code, cells[0] if cells else "")
    return AgencyData(question_scores=scores, item_results=items, source=table.file)


def _read_agencies(table: Table, rules: RuleSet, problems: Problems) -> list[AgencyData]:
    numbers: dict[int, int] = {}  # column index -> indicator number
    extras: dict[int, str] = {}
    stated: dict[int, tuple[str, str | None]] = {}  # column index -> what it states (total, grade, a tool's score…)
    seen_headers: dict[str, int] = {}
    for index, head in enumerate(table.header[1:], start=1):
        norm = norm_header(head)
        if norm in seen_headers:
            problems.add("appears twice in the header", table.header_line, head, head)
            continue
        seen_headers[norm] = index
        what = stated_column(head, rules)
        if NUMBER_LIKE.match(norm):
            number = int(norm)
            try:
                rules.indicator(number)
            except KeyError:
                known = ", ".join(str(i.number) for i in rules.indicators)
                problems.add(f"is not an indicator of {rules.year} (expected one of {known})",
                             table.header_line, head, head)
                continue
            numbers[index] = number
        elif is_year_code(norm, rules):
            problems.add(f"is the code of {rules.code_kind(norm)}; a many-agency table takes indicator numbers "
                         "as columns", table.header_line, head, head)
        elif isinstance(what, str):
            problems.add(what, table.header_line, head, head)
        elif what is not None:
            if what in stated.values():
                problems.add(f"states the same as the column {table.header[_key_of(stated, what)]!r}",
                             table.header_line, head, head)
                continue
            stated[index] = what
        elif norm not in RESULT_COLUMNS:
            extras[index] = head
    agencies: list[AgencyData] = []
    first_line: dict[str, int] = {}
    width = len(table.header)
    for line, cells in table.rows:
        if is_repeated_header(cells, table.header):
            problems.add(REPEATED_HEADER, line)
            continue
        check_width(cells, width, problems, line)
        name = unneutralise(cells[0]) if cells else ""
        key = text_key(name)
        if not key:
            problems.add("the agency name is missing", line, table.header[0])
            continue
        if key in first_line:
            problems.add(f"appears twice (first on {problems.row_name} {first_line[key]})", line, table.header[0], name)
            continue
        first_line[key] = line
        said = _stated_row(cells, stated, table, rules, problems, line)
        given = set() if said is None else {*said.tools, *said.points}  # tools whose score the row states
        scores = {}
        for index, number in numbers.items():
            text = cells[index] if index < len(cells) else ""
            if not text.strip() and rules.tool_of(number).code in given:
                continue  # the tool's score is given, its indicators are not (an export of tool scores)
            value = _score(text, problems, line, table.header[index])
            if value is not None:
                scores[number] = value
        extra = {extras[i]: (cells[i] if i < len(cells) else "") for i in extras}
        agencies.append(AgencyData(agency=name, indicator_scores=scores, extra=extra, source=table.file, stated=said))
    return agencies


def _key_of(stated: dict[int, tuple[str, str | None]], what: tuple[str, str | None]) -> int:
    return next(i for i, w in stated.items() if w == what)


_CENTS = Decimal("0.01")


def _stated_row(
    cells: Sequence[str], stated: dict[int, tuple[str, str | None]], table: Table, rules: RuleSet, problems: Problems,
    line: int,
) -> Stated | None:
    """What one row states in the stated columns (blank cells state nothing), or None."""
    total = grade = None
    passed: bool | None = None
    tools: dict[str, Decimal] = {}
    points: dict[str, Decimal] = {}
    places: dict[str, Place] = {}
    for index, (kind, tool) in stated.items():
        text = unneutralise(cells[index]).strip() if index < len(cells) else ""
        head = table.header[index]
        if not text:
            continue
        place = Place(line, head, text=text, row_name=problems.row_name)
        if kind == "grade":
            if level_named(rules, text) is None:
                levels = ", ".join(level.code for level in rules.rating_levels)
                problems.add(f"is not one of {rules.year}'s levels ({levels})", line, head, text)
                continue
            grade, places["grade"] = text, place
        elif kind == "passed":
            passed = _item_result(text)
            if passed is None:
                problems.add("is not true or false (expected true, false, ผ่าน, ไม่ผ่าน, yes or no)", line, head, text)
                continue
            places["passed"] = place
        else:
            top = rules.tool(tool).weight if kind == "points" and tool is not None else HUNDRED
            try:
                value = Decimal(to_arabic_digits(text))
            except ArithmeticError:
                value = Decimal("NaN")
            if not value.is_finite() or not 0 <= value <= top or value != value.quantize(_CENTS):
                problems.add(f"is not a figure from 0 to {top} with at most two decimals", line, head, text)
                continue
            value = value.quantize(_CENTS)
            if kind == "total":
                total, places["total"] = value, place
            else:
                assert tool is not None
                (points if kind == "points" else tools)[tool] = value
                places[f"tool:{tool}"] = place
    said = Stated(total, tools, points, grade, passed, places)
    return None if said.is_empty else said


def level_named(rules: RuleSet, text: str) -> str | None:
    """The code of the year's level a stated grade names (its code, Thai or English name), or None."""
    key = text_key(text).casefold()
    for level in rules.rating_levels:
        if key in {text_key(name).casefold() for name in (level.code, level.name_th, level.name_en)} - {""}:
            return level.code
    return None


def parse_table(table: Table, rules: RuleSet, *, skip_unreadable: bool = False) -> InputFile:
    """Tell a table's shape from its header and read its agencies; raises DataError listing every problem."""
    shape = detect_shape(table, rules)
    problems = Problems(table.file, table)
    first = next(table.rows, None)
    if first is None:
        problems.add("the file has a header but no data rows", table.header_line)
        problems.raise_if_any()
    assert first is not None  # raise_if_any raised otherwise
    table.rows.put_back(first)
    agencies: Iterable[AgencyData]
    if shape == "indicators":
        agencies = [_read_indicators(table, rules, problems)]
    elif shape == "questions":
        agencies = [_read_questions(table, rules, problems)]
    elif shape == "agencies":
        agencies = _read_agencies(table, rules, problems)
    else:
        from .answers import count  # raw answers: their own subsystem (docs/architecture.md)

        agencies = count(table, rules, problems, skip_unreadable=skip_unreadable)
    problems.raise_if_any()
    return InputFile(table.file, shape, tuple(agencies))


def score_cell(text: str, problems: Problems, row: int, column: str) -> Fraction | None:
    """A score cell (0–100, Thai or Arabic digits), or None with the problem recorded — as every shape reads one."""
    return _score(text, problems, row, column)


def item_cell(text: str) -> bool | None:
    """A checklist cell as pass (True) or fail (False): 100/0, pass/fail, ผ่าน/ไม่ผ่าน, yes/no, มี/ไม่มี; else None."""
    return _item_result(text)
