"""Read an agency's plan of measures (TOML or CSV), keyed by question, OIT item or indicator code.

The plan fills section 4 of the report: for each code, the deficiency (to replace the
drafted one), the measure, the method, the responsible units, the period and the
follow-up.  A ``defaults`` entry (``[defaults]`` in TOML, code ``*`` in CSV) gives
values for every row that lacks them.  Unknown codes, unknown fields, bad dates and
wrong types are refused together, each naming file, line and key.  The format is
documented in ``docs/report.md``.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

import attrs

from ..atomic import note_input
from ..errors import DataError, Problem, Problems, UsageError
from ..rules.model import RuleSet, normalise_answer
from ..thai import BE_YEARS_FROM, christian_year, parse_date

__all__ = [
    "DETAIL_FIELDS", "FIELDS", "Measure", "MeasurePlan", "ReportDetails", "Signer", "christian_dates", "plan_year",
    "read_measure_plan",
]

FIELDS = ("deficiency", "measure", "method", "responsible", "period", "follow_up", "omit", "indicator")
"""The fields a plan entry may have."""
_CSV_FIELDS = ("deficiency", "measure", "method", "responsible", "period_start", "period_end", "follow_up", "omit")
_TRUE = frozenset({"true", "yes", "1", "ใช่", "x"})
_FALSE = frozenset({"false", "no", "0", "ไม่", ""})
_LIST_FIELDS = ("method", "responsible", "follow_up")
_DEFAULTS_TOML = "defaults"
_DETAILS_TOML = "report"
_PLAN_TOML = "plan"
DETAIL_FIELDS = ("agency", "district", "province", "unit", "prepared_by", "checked_by", "approved_by")
"""The fields of a plan file's ``[report]`` table (agency details and signers)."""
_SIGNERS = ("prepared_by", "checked_by", "approved_by")
_DEFAULTS_CSV = "*"
_CSV_SPLIT = re.compile(r"\s*(?:\n|;)\s*")


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _measures(value: Iterable[Measure]) -> tuple[Measure, ...]:
    return tuple(value)


@attrs.frozen
class Measure:
    """What an agency plans for one code; unset fields are None (or empty) and keep the drafted text."""

    code: str
    deficiency: str | None = None
    measure: str | None = None
    method: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    responsible: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    period: tuple[date, date] | None = None
    follow_up: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    omit: bool = False
    """Leave this code out of the measures tables (an officer removed the row)."""
    indicator: int | None = None
    """The indicator the measure answers (a saved plan writes it, so a follow-up can name it even for codes the
    year's rules do not list)."""
    line: int | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.period is not None and self.period[1] < self.period[0]:
            raise ValueError(f"{self.code}: the period ends ({self.period[1]}) before it starts ({self.period[0]})")

    def merged(self, defaults: Measure | None) -> Measure:
        """This entry with its unset fields taken from ``defaults``."""
        if defaults is None:
            return self
        return attrs.evolve(
            self,
            deficiency=self.deficiency if self.deficiency is not None else defaults.deficiency,
            measure=self.measure if self.measure is not None else defaults.measure,
            method=self.method or defaults.method,
            responsible=self.responsible or defaults.responsible,
            period=self.period or defaults.period,
            follow_up=self.follow_up or defaults.follow_up,
        )

    @property
    def id(self) -> str:
        """The measure's stable id: its code (the plan's table key), which a follow-up status file names."""
        return self.code


@attrs.frozen
class Signer:
    """Who signs the report in one role: a name and a position (either may be blank, to fill in by hand)."""

    name: str = ""
    position: str = ""


@attrs.frozen
class ReportDetails:
    """The agency's details for the cover, the foreword and the signature block (a plan file's ``[report]``)."""

    agency: str | None = None
    district: str | None = None
    province: str | None = None
    unit: str | None = None
    """The unit that prepares the report (signs the foreword), e.g. สำนักปลัด."""
    prepared_by: Signer | None = None
    checked_by: Signer | None = None
    approved_by: Signer | None = None


@attrs.frozen
class MeasurePlan:
    """A whole plan: entries by code in file order, plus the defaults for every row and the report's details."""

    entries: tuple[Measure, ...] = attrs.field(default=(), converter=_measures)
    defaults: Measure | None = None
    source: str | None = attrs.field(default=None, eq=False)
    details: ReportDetails | None = None
    year: int | None = None
    """The fiscal year whose result the plan answers (a saved plan's ``[plan] year``)."""

    def get(self, code: str) -> Measure | None:
        """The entry for a code merged with the defaults; only the defaults when the code has none."""
        for entry in self.entries:
            if entry.code == code:
                return entry.merged(self.defaults)
        if self.defaults is not None:
            return attrs.evolve(self.defaults, code=code)
        return None

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes the plan names, in file order."""
        return tuple(e.code for e in self.entries)


_ANY_CODE = re.compile(r"^[a-z]{1,4}\d+(?:\.\d+)?$")


class _Codes:
    """The codes a plan may name: the year's questions, items and indicators — and, for a year whose rules list
    no questions (2566 on: they are not public), any question code such as i7 or o29 (the agency's own list)."""

    def __init__(self, rules: RuleSet) -> None:
        self.known = set(rules.question_codes) | set(rules.item_codes) | {str(i.number) for i in rules.indicators}
        self.open = not rules.question_codes and not rules.item_codes

    def __contains__(self, code: object) -> bool:
        return code in self.known or (self.open and isinstance(code, str) and bool(_ANY_CODE.match(code)))


def _known_codes(rules: RuleSet) -> _Codes:
    return _Codes(rules)


def _normalise_code(code: str) -> str:
    return normalise_answer(code)  # the same folding as an answer's: trimmed, case-folded, Thai digits made Arabic


def _csv_column(key: str) -> str:
    """The CSV column a plan key is read from: ``i2.period.end`` -> ``period_end``, ``i2.measure`` -> ``measure``."""
    if "." not in key or key.startswith("."):
        return key
    field = key.split(".", 1)[1]
    return {"period": "period_end", "period.start": "period_start", "period.end": "period_end"}.get(field, field)


def _to_date(value: object) -> date:
    """A date from a TOML date or ``YYYY-MM-DD`` text; a Buddhist-Era year (≥ 2400) is converted (thai.parse_date)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(year=christian_year(value.year)) if value.year >= BE_YEARS_FROM else value
    if isinstance(value, str):
        return parse_date(value)
    raise ValueError("not a date")


_TOML_TEXT = re.compile(r'("""[\s\S]*?"""|' + r"'''[\s\S]*?'''|" + r'"(?:[^"\\\n]|\\.)*"|' + r"'[^'\n]*'|#[^\n]*)")
"""Strings and comments of TOML text, where a date-like text is not a date."""
_TOML_BE_DATE = re.compile(r"(?<![\w.:+-])(2[4-9][0-9]{2})(?=-[0-9]{2}-[0-9]{2}(?![0-9]))(?!-[0-9]{2}-[0-9]{2}\s*[=.\]])")
"""A bare date whose year is Buddhist Era; not a key (``2567-02-29 = …``) nor a table name (``[2567-02-29]``)."""


def christian_dates(text: str) -> str:
    """TOML text with its bare Buddhist-Era dates (``2567-02-29``) made Christian (``2024-02-29``), strings untouched.

    tomllib checks a date literal by the Christian calendar before itakit sees it, so 29
    February of a Buddhist-Era leap year (2567 = 2024) would be "not a date".  The year
    is converted first; it stays four digits, so every line and column is unchanged.
    """
    if _TOML_BE_DATE.search(text) is None:
        return text
    parts = _TOML_TEXT.split(text)
    for n in range(0, len(parts), 2):  # the even parts lie outside strings and comments
        parts[n] = _TOML_BE_DATE.sub(lambda m: str(christian_year(int(m.group(1)))), parts[n])
    return "".join(parts)


def _text_list(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    return None


# -- TOML -----------------------------------------------------------------------------


def _toml_lines(text: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Where each ``[code]`` table and each ``key =`` inside it starts, for messages (tomllib gives no lines)."""
    tables: dict[str, int] = {}
    keys: dict[tuple[str, str], int] = {}
    current = ""
    header = re.compile(r"^\s*\[\s*(?:\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_\-*.]+))\s*\]")
    key_re = re.compile(r"^\s*(?:\"([^\"]*)\"|([A-Za-z0-9_\-]+))\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            current = next(g for g in match.groups() if g is not None)
            tables.setdefault(current, number)
            continue
        match = key_re.match(line)
        if match:
            key = next(g for g in match.groups() if g is not None)
            keys.setdefault((current, key), number)
    return tables, keys


def _read_toml(path: Path, rules: RuleSet) -> MeasurePlan:
    name = str(path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(christian_dates(text))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(Problem(f"not valid TOML: {exc}", name)) from None
    except RecursionError:
        raise DataError(Problem("is not a plan: its TOML is nested too deeply", name)) from None
    tables, keys = _toml_lines(text)
    problems = Problems(name)
    known = _known_codes(rules)
    entries: list[Measure] = []
    defaults: Measure | None = None
    details: ReportDetails | None = None
    year: int | None = None
    for code, body in data.items():
        line = tables.get(code, keys.get(("", code)))
        norm = _normalise_code(code)
        if norm == _PLAN_TOML:
            year = _plan_year(body, rules, problems, keys.get((code, "year"), line))
            continue
        if norm == _DETAILS_TOML:
            def detail_line(key: str, table: str = code, at: int | None = line) -> int | None:
                return keys.get((table, key), at)

            details = _details(body, problems, detail_line)
            continue
        is_default = norm == _DEFAULTS_TOML
        if not is_default and norm not in known:
            problems.add_key(f"is not a question, checklist item or indicator of {rules.year} "
                         f"(expected a code of {rules.code_ranges()}, an indicator number, or 'defaults')",
                         line, code, code)
            continue
        if not isinstance(body, dict):
            problems.add_key("must be a table of fields ([code] followed by measure = …, method = …)", line, code)
            continue
        def line_of(key: str, table: str = code) -> int | None:
            return keys.get((table, key), tables.get(table))

        measure = _entry(norm, body, problems, line_of, line)
        if measure is None:
            continue
        if is_default:
            defaults = measure
        else:
            entries.append(measure)
    problems.raise_if_any()
    return MeasurePlan(entries, defaults, name, details, year)


def _plan_year(body: object, rules: RuleSet, problems: Problems, line: int | None) -> int | None:
    """The ``[plan]`` table of a saved plan: ``year`` must be the year of the rules it is read with."""
    if not isinstance(body, dict) or set(body) - {"year"}:
        problems.add_key("must be a table with only year = … (the fiscal year the plan answers)", line, "plan")
        return None
    year = body.get("year")
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        problems.add_key("must be a Buddhist-Era year such as 2565", line, "plan.year", year)
        return None
    if year != rules.year:
        problems.add_key(f"the plan answers the result of {year}, but it is read with the rules of {rules.year} "
                     f"(give --year {year})", line, "plan.year", year)
        return None
    return year


def plan_year(path: str | Path) -> int | None:
    """The ``[plan] year`` a saved TOML plan names, without checking anything else (None when it names none)."""
    target = Path(path)
    if target.suffix.casefold() != ".toml" or not target.is_file():
        return None
    try:
        data = tomllib.loads(christian_dates(target.read_text(encoding="utf-8-sig")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, OSError):
        return None
    body = data.get(_PLAN_TOML)
    year = body.get("year") if isinstance(body, dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _details(body: object, problems: Problems, line_of: Callable[[str], int | None]) -> ReportDetails | None:
    """The ``[report]`` table: agency details as text, signers as ``{ name = …, position = … }``."""
    if not isinstance(body, dict):
        problems.add_key("must be a table of fields ([report] followed by agency = …, district = …)", None, "report")
        return None
    fields: dict[str, object] = {}
    for key, value in body.items():
        where = line_of(key)
        if key not in DETAIL_FIELDS:
            problems.add_key(f"is not a report field (expected one of {', '.join(DETAIL_FIELDS)})", where, f"report.{key}", key)
        elif key in _SIGNERS:
            if isinstance(value, dict) and set(value) <= {"name", "position"} and all(
                    isinstance(v, str) for v in value.values()):
                fields[key] = Signer(value.get("name", "").strip(), value.get("position", "").strip())
            else:
                problems.add_key("must be { name = \"…\", position = \"…\" }", where, f"report.{key}")
        elif isinstance(value, str):
            fields[key] = value.strip()
        else:
            problems.add_key("must be text", where, f"report.{key}", value)
    return ReportDetails(**fields)  # type: ignore[arg-type]


def _entry(
    code: str,
    body: Mapping[str, object],
    problems: Problems,
    line_of: Callable[[str], int | None],
    line: int | None,
) -> Measure | None:
    """Check one entry's fields and build its Measure, or record what is wrong and return None."""
    fields: dict[str, object] = {}
    ok = True
    for key, value in body.items():
        where = line_of(key)
        if key not in FIELDS:
            problems.add_key(f"is not a plan field (expected one of {', '.join(FIELDS)})", where, f"{code}.{key}", key)
            ok = False
        elif key == "indicator":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.add_key("must be an indicator number such as 7", where, f"{code}.{key}", value)
                ok = False
            else:
                fields[key] = value
        elif key == "omit":
            if not isinstance(value, bool):
                problems.add_key("must be true or false", where, f"{code}.{key}", value)
                ok = False
            else:
                fields[key] = value
        elif key in ("deficiency", "measure"):
            if not isinstance(value, str):
                problems.add_key("must be text", where, f"{code}.{key}", value)
                ok = False
            else:
                fields[key] = value.strip()
        elif key in _LIST_FIELDS:
            items = _text_list(value)
            if items is None:
                problems.add_key("must be text or a list of texts", where, f"{code}.{key}", value)
                ok = False
            else:
                fields[key] = items
        else:  # period
            period = _period(value, problems, where, f"{code}.period")
            if period is None:
                ok = False
            else:
                fields["period"] = period
    if not ok:
        return None
    try:
        return Measure(code, line=line, **fields)  # type: ignore[arg-type]
    except ValueError as exc:
        problems.add_key(str(exc), line, f"{code}.period")
        return None


def _period(value: object, problems: Problems, line: int | None, key: str) -> tuple[date, date] | None:
    if not isinstance(value, dict) or set(value) != {"start", "end"}:
        problems.add_key("must give a start and an end date, e.g. period = { start = 2022-11-01, end = 2023-03-31 }",
                     line, key)
        return None
    days = []
    for end in ("start", "end"):
        try:
            days.append(_to_date(value[end]))
        except ValueError:
            problems.add_key("is not a date (expected YYYY-MM-DD, e.g. 2022-11-01 or 2565-11-01)",
                         line, f"{key}.{end}", value[end])
    return (days[0], days[1]) if len(days) == 2 else None


# -- CSV ------------------------------------------------------------------------------


def _read_csv(path: Path, rules: RuleSet) -> MeasurePlan:
    name = str(path)
    problems = Problems(name, key_column=_csv_column)
    known = _known_codes(rules)
    entries: list[Measure] = []
    defaults: Measure | None = None
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            header = [h.strip().casefold() for h in next(reader, [])]
        except csv.Error as exc:
            raise DataError(Problem(f"not readable as CSV: {exc}", name, 1)) from None
        if not header or header[0] not in ("code", "question", "item", "รหัส", "ข้อ"):
            raise DataError(Problem("the first column must be 'code' (a question, OIT item or indicator code)",
                                    name, 1, value=",".join(header)))
        bad = False
        for column in header[1:]:
            if column not in _CSV_FIELDS:
                problems.add_key(f"is not a plan column (expected code, {', '.join(_CSV_FIELDS)})", 1, column, column)
                bad = True
        if bad:
            problems.raise_if_any()
        start = 2
        try:
            for record in reader:
                line, start = start, reader.line_num + 1
                if not any(c.strip() for c in record):
                    continue
                if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
                    problems.too_wide(len(record), len(header), line)
                    continue
                cells = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)}
                code = _normalise_code(cells[header[0]])
                if code != _DEFAULTS_CSV and code not in known:
                    problems.add_key(f"is not a question, checklist item or indicator of {rules.year} "
                                 f"(expected a code of {rules.code_ranges()}, an indicator number, or *)",
                                 line, header[0], cells[header[0]])
                    continue
                if code in seen:
                    problems.given_twice(seen[code], line, header[0], cells[header[0]])
                    continue
                seen[code] = line
                body: dict[str, object] = {}
                for key in ("deficiency", "measure"):
                    if cells.get(key):
                        body[key] = cells[key]
                for key in _LIST_FIELDS:
                    if cells.get(key):
                        body[key] = [p for p in _CSV_SPLIT.split(cells[key]) if p]
                if cells.get("omit", "").casefold() in _TRUE:
                    body["omit"] = True
                elif cells.get("omit", "").casefold() not in _FALSE:
                    problems.add_key("must be true or false (yes/no, ใช่/ไม่)", line, "omit", cells["omit"])
                    continue
                if cells.get("period_start") or cells.get("period_end"):
                    body["period"] = {"start": cells.get("period_start", ""), "end": cells.get("period_end", "")}
                def row_line(key: str, row: int = line) -> int | None:
                    return row

                measure = _entry(code, body, problems, row_line, line)
                if measure is None:
                    continue
                if code == _DEFAULTS_CSV:
                    defaults = attrs.evolve(measure, code="defaults")
                else:
                    entries.append(measure)
        except csv.Error as exc:
            raise DataError(Problem(f"not readable as CSV: {exc}", name, reader.line_num)) from None
    problems.raise_if_any()  # (text that is not UTF-8 is refused by read_measure_plan, for both formats)
    return MeasurePlan(entries, defaults, name)


def read_measure_plan(path: str | Path, rules: RuleSet) -> MeasurePlan:
    """Read a plan of measures from a ``.toml`` or ``.csv`` file, checking every code against the rule set."""
    target = Path(path)
    suffix = target.suffix.casefold()
    if suffix not in (".toml", ".csv"):
        raise UsageError(f"{target}: a plan file must end in .toml or .csv")
    if not target.is_file():
        raise UsageError(f"{target}: no such file")
    note_input(target)
    try:
        return _read_toml(target, rules) if suffix == ".toml" else _read_csv(target, rules)
    except UnicodeDecodeError:
        raise DataError(Problem("the file is not UTF-8 text; save it as UTF-8", str(target))) from None
