"""Read results back from JSON written by ``itakit score --format json``: one object, or a list of them.

The indicator scores are read as the two-decimal figures the JSON holds, and the total, tool
scores, grade and ``passed`` as figures the result states (:class:`~itakit.inputs.data.Stated`):
scoring checks them against the indicators and keeps them, so a result read back has the
same total, tool scores and rating, and a grade the year's rules do not give (or that is not
one of the year's levels) is refused.  ``schema_version`` (1, or absent in files written before
it) is checked: a result of a later shape is refused rather than misread.  ``extra`` (the input's other columns, such as the
province) comes back too.  Anything not in that shape is refused with the JSON path of the
problem (``$[2].indicators[3].score``).
"""

from __future__ import annotations

import codecs
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem, Problems, UsageError  # Problems: also this module's name for it, kept
from ..exact import HUNDRED, ZERO, to_fraction
from ..rules.model import RuleSet
from .data import AgencyData, Place, Stated
from .shapes import level_named
from .table import InputFile, text_key

__all__ = ["READABLE_SCHEMA_VERSION", "RESULT_FIELDS", "read_json_results"]

READABLE_SCHEMA_VERSION = 1
"""The ``schema_version`` of the results this reader understands (``itakit.outputs.schema.SCHEMA_VERSION``)."""

RESULT_FIELDS = frozenset({
    "schema_version", "agency", "year", "total", "grade", "passed", "rating", "tools", "indicators", "missing_tools",
    "next_grade", "points_to_next_grade", "respondents", "blank_answers", "unreadable", "questions", "items",
    "agency_rank", "tools_to_next_grade", "rules_verified", "next_grade_found", "extra",
})
"""The fields of a result object; ``agency``, ``year``, ``indicators``, ``total``, ``tools``, ``grade`` (or
``rating``), ``passed`` and ``extra`` are read, the rest is worked out again."""
_INDICATOR_FIELDS = frozenset({"number", "name", "score", "rank"})
_MAX_BYTES = 256 * 1024 * 1024


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once (JSON allows it; a result must not)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen and key not in repeated:
                repeated.append(key)
            seen.add(key)
        obj.repeated = tuple(repeated)
    return obj


def _check_repeated(item: object, path: str, problems: Problems) -> None:
    for key in getattr(item, "repeated", ()):
        problems.at(f"{path}.{key}", "is given more than once in the same object; give each field once")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _decode(raw: bytes, name: str, encoding: str | None) -> str:
    from .decoding import codec_for, find_undecodable, refuse_utf32

    refuse_utf32(raw[:4], name)
    if encoding is not None:
        codec = codec_for(encoding)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    else:
        codec = "utf-8-sig"
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        bad = find_undecodable(name, codec)
        line = bad.line if bad else None
        byte = f"byte {bad.byte:#04x} " if bad else ""
        raise DataError(Problem(f"{byte}cannot be read as text; JSON files are UTF-8", name, line)) from None


def read_json_results(path: str | Path, rules: RuleSet, *, encoding: str | None = None) -> InputFile:
    """Read one result object, or a list of them, as agencies to score again; DataError names each problem's JSON path."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > _MAX_BYTES:
        raise DataError(Problem(f"is larger than {_MAX_BYTES // 2**20} MiB; give many agencies as CSV", name))
    text = _decode(raw, name, encoding)
    if not text.strip():
        raise DataError(Problem("the file is empty; expected a JSON result object or a list of them", name))
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise DataError(Problem(f"is not valid JSON: {exc.msg} (character {exc.colno})", name, exc.lineno)) from None
    except RecursionError:
        raise DataError(Problem("is not a result: its JSON is nested too deeply", name)) from None
    except ValueError as exc:
        raise DataError(Problem(f"is not valid JSON: {exc}", name)) from None
    problems = Problems(name)
    if isinstance(data, dict):
        agencies = [_agency(data, "$", rules, problems, many=False)]
        shape = "indicators"
    elif isinstance(data, list):
        if not data:
            problems.at("$", "the list is empty; expected result objects")
        agencies = [_agency(item, f"$[{i}]", rules, problems, many=True) for i, item in enumerate(data)]
        shape = "agencies"
        _check_names(data, problems)
    else:
        problems.at("$", f"expected a result object or a list of them (as written by itakit score "
                          f"--format json), found {_kind(data)}")
        agencies = []
    problems.raise_if_any()
    return InputFile(name, shape, tuple(a for a in agencies if a is not None))  # type: ignore[arg-type]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return "a list" if isinstance(value, list) else "an object"


def _check_names(items: list[Any], problems: Problems) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("agency"), str) and text_key(item["agency"]):
            agency = text_key(item["agency"])
            if agency in seen:
                problems.at(f"$[{i}].agency", f"{item['agency'].strip()!r} appears twice (first at $[{seen[agency]}])")
            seen.setdefault(agency, i)


def _agency(item: object, path: str, rules: RuleSet, problems: Problems, *, many: bool) -> AgencyData | None:
    if not isinstance(item, dict):
        problems.at(path, f"expected a result object, found {_kind(item)}")
        return None
    _check_repeated(item, path, problems)
    for key in item:
        if key not in RESULT_FIELDS:
            problems.at(f"{path}.{key}", "is not a field of an itakit result (expected agency, year, "
                                          "indicators, tools, total, grade …)")
    version = item.get("schema_version", READABLE_SCHEMA_VERSION)
    if version != READABLE_SCHEMA_VERSION or isinstance(version, bool):
        problems.at(f"{path}.schema_version", f"expected {READABLE_SCHEMA_VERSION} (the result shape this itakit "
                                               f"reads), found {_kind(version)}; a newer itakit wrote it: upgrade "
                                               "itakit, or give the figures as CSV")
    agency = item.get("agency")
    if agency is not None and not isinstance(agency, str):
        problems.at(f"{path}.agency", f"expected the agency's name as text, found {_kind(agency)}")
        agency = None
    elif isinstance(agency, str):
        agency = agency.strip() or None
    if many and agency is None:
        problems.at(f"{path}.agency", "each result in a list needs the agency's name")
    year = item.get("year")
    if "year" in item and (isinstance(year, bool) or not isinstance(year, int)):
        problems.at(f"{path}.year", f"expected a Buddhist-Era year such as {rules.year}, found {_kind(year)}")
    elif year is not None and year != rules.year:
        problems.at(f"{path}.year", f"the result is of {year}, but the rules are of {rules.year} "
                                     f"(give --year {year})")
    indicators = item.get("indicators")
    stated = _stated(item, path, rules, problems)
    if not isinstance(indicators, list) and not (indicators is None and stated.tools):
        found = "nothing" if "indicators" not in item else _kind(indicators)
        problems.at(f"{path}.indicators", f"expected a list of indicators "
                                           f"({{\"number\": 1, \"score\": 99.84}}, …), found {found}")
        return None
    scores: dict[int, Fraction] = {}
    for i, entry in enumerate(indicators or ()):
        _indicator(entry, f"{path}.indicators[{i}]", rules, problems, scores)
    return AgencyData(agency=agency, indicator_scores=scores, source=problems.file, extra=_extra(item, path, problems),
                      stated=None if stated.is_empty else stated)


def _figure(value: object, path: str, problems: Problems, what: str) -> Decimal | None:
    """A stated figure from 0 to 100 with at most two decimals (as itakit writes them), or None (a problem recorded)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        problems.at(path, f"expected {what} from 0 to 100, found {_kind(value)}")
        return None
    figure = Decimal(value)
    if not figure.is_finite() or not Decimal(0) <= figure <= Decimal(100):
        problems.at(path, f"{value} is out of range (expected {what} from 0 to 100)")
        return None
    if figure != figure.quantize(Decimal("0.01")):
        problems.at(path, f"{value} has more than two decimals (a stated figure is the displayed one, e.g. 91.99)")
        return None
    return figure.quantize(Decimal("0.01"))


def _stated(item: dict[str, Any], path: str, rules: RuleSet, problems: Problems) -> Stated:
    """The total, tool scores, grade and ``passed`` a result object states (null ones left out)."""
    places: dict[str, Place] = {}
    total = None
    if item.get("total") is not None:
        total = _figure(item["total"], f"{path}.total", problems, "a total")
        places["total"] = Place(path=f"{path}.total", text=str(item["total"]))
    tools: dict[str, Decimal] = {}
    raw = item.get("tools")
    codes = [t.code for t in rules.tools]
    if raw is not None and not isinstance(raw, dict):
        problems.at(f"{path}.tools", f"expected an object of tool scores ({{\"{codes[0]}\": 91.5, …}}), found {_kind(raw)}")
    for code, value in (raw or {}).items() if isinstance(raw, dict) else ():
        where = f"{path}.tools.{code}"
        if code not in codes:
            problems.at(where, f"{code!r} is not a tool of {rules.year} (expected {', '.join(codes)})")
            continue
        figure = _figure(value, where, problems, f"the {code} score")
        if figure is not None:
            tools[code] = figure
            places[f"tool:{code}"] = Place(path=where, text=str(value))
    grade = None
    for key in ("grade", "rating"):
        value = item.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problems.at(f"{path}.{key}", f"expected the {key} as text, found {_kind(value)}")
            continue
        levels = [level.code for level in rules.rating_levels]
        if level_named(rules, value) is None:
            problems.at(f"{path}.{key}", f"{value!r} is not one of {rules.year}'s levels ({', '.join(levels)})")
            continue
        if grade is not None and text_key(grade) != text_key(value):
            problems.at(f"{path}.{key}", f"{value!r} disagrees with the grade {grade!r} given beside it")
            continue
        grade = value
        places["grade"] = Place(path=f"{path}.{key}", text=value)
    passed = item.get("passed")
    if passed is not None and not isinstance(passed, bool):
        problems.at(f"{path}.passed", f"expected true or false, found {_kind(passed)}")
        passed = None
    if passed is not None:
        places["passed"] = Place(path=f"{path}.passed", text=str(passed).lower())
    return Stated(total, tools, grade=grade, passed=passed, places=places)


def _extra(item: dict[str, Any], path: str, problems: Problems) -> dict[str, str]:
    """The input's other columns a result carries (``{"province": "ระนอง"}``)."""
    raw = item.get("extra")
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        problems.at(f"{path}.extra", f"expected an object of texts ({{\"province\": \"ระนอง\"}}), found {_kind(raw)}")
        return {}
    return dict(raw)


def _indicator(entry: object, path: str, rules: RuleSet, problems: Problems, scores: dict[int, Fraction]) -> None:
    if not isinstance(entry, dict):
        problems.at(path, f"expected an object such as {{\"number\": 1, \"score\": 99.84}}, found {_kind(entry)}")
        return
    _check_repeated(entry, path, problems)
    for key in entry:
        if key not in _INDICATOR_FIELDS:
            problems.at(f"{path}.{key}", "is not a field of an indicator (expected number, name, score, rank)")
    number = entry.get("number")
    known = [i.number for i in rules.indicators]
    if isinstance(number, bool) or not isinstance(number, int) or number not in known:
        problems.at(f"{path}.number", f"expected an indicator number of {rules.year} "
                                       f"({known[0]}–{known[-1]}), found {_kind(number) if 'number' in entry else 'nothing'}")
        return
    if number in scores:
        problems.at(f"{path}.number", f"indicator {number} is given twice")
        return
    value = entry.get("score")
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        problems.at(f"{path}.score", f"expected a score from 0 to 100, found "
                                      f"{_kind(value) if 'score' in entry else 'nothing'}")
        return
    try:
        score = to_fraction(value)
    except ValueError:
        problems.at(f"{path}.score", f"expected a score from 0 to 100, found {value}")
        return
    if not ZERO <= score <= HUNDRED:
        problems.at(f"{path}.score", f"{value} is out of range (expected a score from 0 to 100)")
        return
    scores[number] = score
