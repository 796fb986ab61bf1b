"""Survey exports (Google Forms and the like): columns headed by question text, answers as Thai labels.

An agency's practice survey comes back as a table whose first column is a timestamp
(ประทับเวลา, or Timestamp in an English export) and whose other columns are headed by the
*text* of each question.  This module tells which sub-item each column answers — through a
mapping file, the rule set's own question texts, or a header that starts with the code
(``i1.1 ท่าน…``, ``E5 …``, ``i๑.๑``) — and hands :func:`~itakit.inputs.shapes.parse_table` a table
headed by codes, so survey answers are counted exactly as any raw-answer file.
A column it cannot place is refused, never dropped.  The mapping format is in ``docs/surveys.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path

import attrs

from ..errors import DataError, Problem, Problems, UsageError
from ..rules.model import Question, RuleSet
from ..thai import to_arabic_digits
from .shapes import HEADER_ALIASES, parse_table
from .table import Chunk, InputFile, Raw, Row, RowSource, Table, column_letter, read_csv_table

__all__ = [
    "IGNORE",
    "SurveyMapping",
    "load_mapping",
    "needs_translation",
    "read_survey",
    "rule_headers",
    "starter_mapping",
]

IGNORE = "ignore"
"""The mapping target of a column left out on purpose (an e-mail address, a quiz score)."""

_META = ("agency", "respondent", "timestamp")
_EXTRA_META = {
    "email address": "respondent", "e-mail address": "respondent", "email": "respondent",
    "ที่อยู่อีเมล": "respondent", "อีเมล": "respondent",
}
_TARGET_ALIASES = {IGNORE: IGNORE, "ไม่ใช้": IGNORE, "-": IGNORE}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_CODE_PREFIX = re.compile(r"^([a-z]\d+(?:\.\d+)?)(?=$|[\s.:;,)\]\-–—/]|[^\x00-\x7f])")
_BRACKET = re.compile(r"\[([^\[\]]*)\]$")


def _norm(text: str) -> str:
    """Fold a header for matching: no zero-width characters, Arabic digits, single spaces, case-folded."""
    return " ".join(to_arabic_digits(text.translate(_ZERO_WIDTH)).split()).casefold()


def _grid_header(question: Question, sub_text: str) -> str:
    """A grid question's column header as Google Forms exports it: ``question text [row text]``."""
    return f"{question.text_th} [{sub_text}]"


def _rule_header_pairs(rules: RuleSet, tool: str | None = None) -> list[tuple[str, str]]:
    """(header text, sub-item code) for every sub-item of the rules, headed by its Thai question text."""
    return [pair for t, _, question in rules.iter_questions() if tool in (None, t.code)
            for pair in _rule_header_pairs_of(question)]


def rule_headers(rules: RuleSet) -> dict[str, str]:
    """The rule set's own question texts (folded) → sub-item code; a text that two sub-items share is left out."""
    found: dict[str, str] = {}
    clashes: set[str] = set()
    for header, code in _rule_header_pairs(rules):
        key = _norm(header)
        if key in found and found[key] != code:
            clashes.add(key)
        found[key] = code
    return {k: v for k, v in found.items() if k not in clashes}


# -- mapping files ------------------------------------------------------------------------


def _str_map(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


@attrs.frozen
class SurveyMapping:
    """Which code each survey column answers: folded header text → sub-item code, meta column or ``ignore``."""

    columns: Mapping[str, str] = attrs.field(converter=_str_map)
    source: str | None = None

    def target(self, header: str) -> str | None:
        """The code a header maps to, or None when the mapping does not name it."""
        return self.columns.get(_norm(header))


def _check_target(value: str, rules: RuleSet) -> tuple[str | None, str]:
    """(target, "") for a valid mapping target, or (None, what is wrong)."""
    norm = _norm(value)
    norm = _TARGET_ALIASES.get(norm, HEADER_ALIASES.get(norm, norm))
    if norm in _META or norm == IGNORE:
        return norm, ""
    if norm in rules.sub_item_codes:
        return norm, ""
    if norm in rules.question_codes:
        subs = ", ".join(s.code for s in rules.question(norm)[1].sub_items)
        return None, (f"is a question with sub-items ({subs}); map each sub-item's column "
                      "to its own code")
    return None, (f"is not a sub-item code of {rules.year} (expected a code such as i1.1, i2 or e5, "
                  f"or agency, respondent, timestamp, {IGNORE})")


def load_mapping(path: str | Path, rules: RuleSet) -> SurveyMapping:
    """Read a mapping file (TOML with a ``[columns]`` table, or CSV ``header,code``); DataError lists every bad entry."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise UsageError(f"{name}: no such mapping file")
    from ..atomic import note_input

    note_input(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        entries = _toml_entries(path, rules)
    elif suffix in (".csv", ".txt", ".tsv"):
        entries = _csv_entries(path)
    else:
        raise UsageError(f"{name}: a mapping file must be .toml or .csv")
    problems = Problems(name)
    columns: dict[str, str] = {}
    first: dict[str, str] = {}
    for line, header, value in entries:
        # A CSV mapping names the line; a TOML one names the entry, as tomllib gives no lines.
        entry = "" if line is not None else f"[columns] {header!r} = {value!r}: "
        shown = value if line is not None else None
        target, why = _check_target(value, rules)
        if target is None:
            problems.add(entry + why, line, value=shown)
            continue
        key = _norm(header)
        if not key:
            problems.add(entry + "the header text is empty", line)
            continue
        if key in columns and columns[key] != target:
            problems.add(f"{entry}the header is mapped twice ({first[key]} → {columns[key]!r}, here → {target!r})",
                         line, value=header if line else None)
            continue
        columns[key] = target
        first[key] = f"line {line}" if line is not None else repr(header)
    problems.raise_if_any()
    return SurveyMapping(columns, name)


def _toml_entries(path: Path, rules: RuleSet) -> list[tuple[int | None, str, str]]:
    import tomllib  # only mapping files need it; reading a survey export does not

    name = str(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataError(Problem("a TOML mapping file must be UTF-8 text", name)) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(Problem(f"is not valid TOML: {exc}", name)) from None
    except RecursionError:
        raise DataError(Problem("is not a mapping: its TOML is nested too deeply", name)) from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from None
    unknown = sorted(set(data) - {"year", "tool", "columns"})
    if unknown:
        raise DataError(Problem(f"unknown key(s) {', '.join(unknown)} (a mapping has year, tool and a "
                                "[columns] table)", name))
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise DataError(Problem(f"year {year!r} is not a year (expected a Buddhist-Era year such as {rules.year})",
                                name))
    if year is not None and year != rules.year:
        raise UsageError(f"{name}: the mapping is for {year!r}, but the rules are of {rules.year} "
                         f"(give --year {year!r}, or fix the mapping's year)")
    tool = data.get("tool")
    if tool is not None and (not isinstance(tool, str) or tool not in {t.code for t in rules.tools}):
        raise DataError(Problem(f"tool {tool!r} is not a tool of {rules.year}", name))
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise DataError(Problem('has no [columns] table (expected lines such as "question text" = "e5")', name))
    entries: list[tuple[int | None, str, str]] = []
    for header, value in columns.items():
        if not isinstance(value, str):
            raise DataError(Problem(f"[columns] {header!r}: expected a code in quotes, got {value!r}", name))
        entries.append((None, header, value))
    return entries


def _csv_entries(path: Path) -> list[tuple[int | None, str, str]]:
    table = read_csv_table(path)
    head = tuple(_norm(h) for h in table.header)
    if head[:2] not in (("header", "code"), ("column", "code"), ("หัวคอลัมน์", "รหัส")):
        raise DataError(Problem("a CSV mapping starts with the header 'header,code'", table.file,
                                table.header_line, value=",".join(table.header)))
    entries: list[tuple[int | None, str, str]] = []
    for line, cells in table.rows:
        header = cells[0] if cells else ""
        value = cells[1] if len(cells) > 1 else ""
        entries.append((line, header, value))
    return entries


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's; DEL must be escaped too)."""
    import json

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def starter_mapping(rules: RuleSet, tool: str | None = None) -> str:
    """A mapping file (TOML) headed by the rule set's own question texts, for one tool or both surveys.

    A form built with these texts maps one to one; for a form worded differently, edit
    the left-hand sides to the form's headers.
    """
    tools = [t.code for t in rules.tools if any(ind.questions for ind in t.indicators)]
    if tool is not None and tool not in tools:
        raise UsageError(f"{tool!r} is not a survey tool of {rules.year} (expected {' or '.join(tools)})")
    lines = [
        f"# itakit survey mapping, ITA {rules.year}{' ' + tool if tool else ''}: the question each column answers.",
        "#",
        '# Each line under [columns] is   "column header as in the export" = "code".',
        "# Headers match whatever their case, spacing or digits (Thai or Arabic).",
        "# A code is a sub-item code (i1.1, i2, e5, ...), or agency, respondent, timestamp,",
        '# or "ignore" for a column left out on purpose (an e-mail address, a quiz score).',
        "# A column neither listed here nor headed by its code (\"e5 ...\") is refused.",
        "# The headers below are the question texts of the rule set; a question in parts has",
        '# a column per part, headed "question [part]" as Google Forms exports a grid.',
        "# Edit the left-hand sides when your form is worded differently.",
        "",
        f"year = {rules.year}",
    ]
    if tool:
        lines.append(f"tool = {_toml_string(tool)}")
    lines += ["", "[columns]", '"ประทับเวลา" = "timestamp"', '"Timestamp" = "timestamp"']
    seen: set[str] = set()
    for t, indicator, question in rules.iter_questions():
        if tool is not None and t.code != tool:
            continue
        lines.append(f"# {question.code}: {question.text_en} (indicator {indicator.number})")
        for header, code in _rule_header_pairs_of(question):
            key = header if _norm(header) not in seen else f"{code} {header}"
            seen.add(_norm(key))
            lines.append(f"{_toml_string(key)} = {_toml_string(code)}")
    return "\n".join(lines) + "\n"


def _rule_header_pairs_of(question: Question) -> list[tuple[str, str]]:
    if len(question.sub_items) == 1:
        return [(question.text_th, question.code)]
    return [(_grid_header(question, s.text_th or s.code), s.code) for s in question.sub_items]


# -- telling columns apart ----------------------------------------------------------------


def _by_code(norm: str, rules: RuleSet) -> str | None:
    """The code a header names by its start (``i1.1 ท่าน…``), using ``[part]`` to pick a sub-item."""
    match = _CODE_PREFIX.match(norm)
    if match is None:
        return None
    code = match.group(1)
    if code in rules.sub_item_codes:
        return code
    if code not in rules.question_codes:
        return None
    question = rules.question(code)[1]
    bracket = _BRACKET.search(norm)
    if bracket is not None:
        part = bracket.group(1).strip()
        for sub in question.sub_items:
            names = {_norm(sub.text_th), _norm(sub.text_en)} - {""}
            if part in names or part == sub.code or part.startswith(sub.code + " "):
                return sub.code
    return code  # a question with parts: parse_table says it is ambiguous


def _target(header: str, rules: RuleSet, mapping: SurveyMapping | None, builtin: Mapping[str, str]) -> str | None:
    norm = _norm(header)
    if mapping is not None and norm in mapping.columns:
        return mapping.columns[norm]
    alias = HEADER_ALIASES.get(norm) or _EXTRA_META.get(norm)
    if alias in _META:
        return alias
    if norm in rules.sub_item_codes or norm in rules.question_codes:
        return norm
    if norm in builtin:
        return builtin[norm]
    return _by_code(norm, rules)


def needs_translation(header: Sequence[str], rules: RuleSet) -> bool:
    """True when a header is a survey export's: columns named by text or by a leading code, or a timestamp beside unknown columns."""
    builtin = rule_headers(rules)
    plain = {"agency", "respondent", "timestamp", *rules.sub_item_codes, *rules.question_codes}
    timestamp = unknown = renamed = False
    for head in header:
        target = _target(head, rules, None, builtin)
        norm = _norm(head)
        if target is None:
            unknown = True
        elif target == "timestamp":
            timestamp = True
        if target not in (None, *_META) and HEADER_ALIASES.get(norm, norm) not in plain:
            renamed = True  # a column named by its question's text or a leading code
    return renamed or (timestamp and unknown)


def read_survey(
    table: Table, rules: RuleSet, mapping: SurveyMapping | None = None, *, skip_unreadable: bool = False
) -> InputFile:
    """Read a survey export: tell each column's code, then count the answers as raw answers.

    Raises :class:`~itakit.errors.DataError` listing every column it cannot place (by
    letter and header) and every answer it cannot read (by row and column), unless
    ``skip_unreadable`` counts those as blank.
    """
    builtin = rule_headers(rules)
    letters = table.column_letters or tuple(column_letter(i) for i in range(len(table.header)))
    problems = Problems(table.file, row_name=table.row_name)
    keep: list[int] = []
    targets: list[str] = []
    where: dict[str, int] = {}

    def problem(message: str, index: int, value: str | None = None) -> None:
        problems.note(Problem(message, table.file, table.header_line, table.header[index] or None, value,
                              column_letter=letters[index], row_name=table.row_name))

    hint = (f"map it in a mapping file (--mapping; `itakit mapping --year {rules.year}` writes a starter), "
            f"map it to \"{IGNORE}\" to leave it out, or start the header with its code such as e5")
    if not rules.question_codes:  # nothing to map to: neither a mapping nor `itakit mapping` can help
        hint = f"the rules of {rules.year} hold no survey questions to map it to"
    for index, head in enumerate(table.header):
        target = _target(head, rules, mapping, builtin)
        if target is None:
            problem(f"is not mapped to a question; {hint}" if head else f"has no header; {hint}", index)
            continue
        if target == IGNORE or target in ("respondent", "timestamp"):
            continue
        if target in where:
            first = f"column {letters[where[target]]} ({table.header[where[target]]!r})"
            if target == "agency":
                problem(f"is a second agency column ({first} is the first); keep one", index)
            else:
                problem(f"answers {target}, as {first} does; each sub-item needs exactly one column", index)
            continue
        if target in rules.question_codes and target not in rules.sub_item_codes:
            subs = ", ".join(s.code for s in rules.question(target)[1].sub_items)
            problem(f"names question {target}, which has parts ({subs}); head each part's column with its "
                    f"code, or end the header with the part in brackets, e.g. '[{_first_part(rules, target)}]'",
                    index)
            continue
        where[target] = index
        keep.append(index)
        targets.append(target)
    if not problems and not any(t != "agency" for t in targets):
        problems.add("no column answers a question of the survey", table.header_line)
    problems.raise_if_any()

    overflow = Problems(table.file, row_name=table.row_name)
    coded = Table(table.file, tuple(targets), _Projected(table, keep, overflow), table.header_line,
                  row_name=table.row_name, column_letters=tuple(letters[i] for i in keep))
    try:
        result = parse_table(coded, rules, skip_unreadable=skip_unreadable)
    except DataError as exc:
        problems.merge(exc)
        problems.merge(overflow, by_row=True)
        raise problems.error() from None
    overflow.raise_if_any()
    return result


def _first_part(rules: RuleSet, code: str) -> str:
    sub = rules.question(code)[1].sub_items[0]
    return sub.text_th or sub.code


class _Projected(RowSource):
    """The kept columns of each row (see :func:`_project`), still telling where the file is on disk.

    Handed over raw (:meth:`~itakit.inputs.table.RowSource.raw`), the kept columns of the
    table's records go uncleaned too: the counting then cleans each distinct text once
    instead of every cell.
    """

    def __init__(self, table: Table, keep: list[int], overflow: Problems) -> None:
        self._table = table
        self._keep = keep
        self._overflow = overflow
        super().__init__()
        self._rows = _project(table, keep, overflow)
        source = table.rows.csv_source
        self.csv_source = source.project(keep) if source is not None else None

    def read(self) -> Row:
        return next(self._rows)

    def raw(self) -> Raw:
        """The rows put back (cleaned, kept columns), and the remaining records' kept columns, uncleaned, in chunks."""
        pending = self.held_back()
        taken = self._table.rows.raw()
        table = attrs.evolve(self._table, rows=iter(taken.pending))
        pending.extend(_project(table, self._keep, self._overflow))
        return Raw(pending, self._raw_chunks(taken.chunks, taken.clean), taken.clean)

    def _raw_chunks(self, chunks: Iterator[Chunk], clean: Callable[[str], str] | None) -> Iterator[Chunk]:
        keep = self._keep
        width = len(self._table.header)
        pick: Callable[[Sequence[str]], Sequence[str]] = (
            itemgetter(*keep) if len(keep) > 1 else lambda cells: (cells[keep[0]],))
        reach = max(keep) + 1
        for lines, records in chunks:
            if len(set(map(len, records))) == 1 and len(records[0]) == width:  # the usual case
                yield lines, list(map(pick, records))
                continue
            kept: list[Sequence[str]] = []
            for line, cells in zip(lines, records, strict=True):
                if len(cells) > width and any(map(clean, cells[width:]) if clean is not None else cells[width:]):
                    self._overflow.too_wide(len(cells), width, line)
                kept.append(pick(cells) if len(cells) >= reach else
                            tuple(cells[i] if i < len(cells) else "" for i in keep))
            yield lines, kept


def _project(table: Table, keep: list[int], overflow: Problems) -> Iterator[tuple[int, tuple[str, ...]]]:
    """The kept columns of each row; a row longer than the header is noted in ``overflow``."""
    width = len(table.header)
    for line, cells in table.rows:
        if len(cells) > width and any(cells[width:]):
            overflow.too_wide(len(cells), width, line)
        yield line, tuple(cells[i] if i < len(cells) else "" for i in keep)
