"""Fuzzing the readers: whatever the bytes or the table, only itakit's documented errors may escape.

``read_input`` followed by ``score_many`` must either succeed or raise DataError,
UsageError or RuleSetError; any other exception (a KeyError, an IndexError from a short
row, a UnicodeError, a crash inside openpyxl) fails the test.  Example counts are kept
modest because the machine is shared.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
from conftest import ROOT
from itakit.errors import DataError, RuleSetError, UsageError

DOCUMENTED = (DataError, UsageError, RuleSetError)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(path: Path, rules, registry, **options) -> None:
    try:
        data = itakit.read_input(path, rules, **options)
        itakit.score_many(rules, data.agencies, registry=registry)
    except DOCUMENTED as exc:
        assert str(exc)  # a message to show
        assert not isinstance(exc, DataError) or all(p.message for p in exc.problems)  # each problem says what


def _in_tmp(name: str, payload: bytes, rules, registry, **options) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(payload)
        _run(path, rules, registry, **options)


prefixes = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04",
                            b"indicator,score\n", b"agency,1,2\n", b"e1,e2\n", b"\xd0\xcf\x11\xe0"])


@FUZZ
@given(prefix=prefixes, body=st.binary(max_size=400),
       name=st.sampled_from(["f.csv", "f.tsv", "f.txt", "f.json", "f.xlsx", "f"]))
def test_arbitrary_bytes(rules, registry, prefix, body, name):
    _in_tmp(name, prefix + body, rules, registry)


@FEW
@given(body=st.binary(max_size=200), encoding=st.sampled_from(["utf-8", "utf-16", "cp874", "tis-620"]))
def test_arbitrary_bytes_with_a_given_encoding(rules, registry, body, encoding):
    _in_tmp("f.csv", body, rules, registry, encoding=encoding)


# -- well-formed tables that are wrong ------------------------------------------------------

def _header_cells(rules):
    codes = list(rules.sub_item_codes[:12]) + ["i1", "e1", "e5", "o29", "o1", "i30"]
    return st.one_of(
        st.sampled_from(["indicator", "score", "question", "agency", "ตัวชี้วัด", "คะแนน", "หน่วยงาน",
                         "respondent", "timestamp", "ประทับเวลา", "Timestamp", "province", ""]),
        st.sampled_from(codes),
        st.sampled_from([str(n) for n in range(0, 13)] + ["๑", "๑๐"]),
        st.sampled_from(["i1.1 ท่าน…", "E5 หน่วยงาน", "i๑.๒", "i3 x [มุ่งผลสำเร็จของงาน]", "e2) ก"]),
        st.text(max_size=12),
    )


cells = st.one_of(
    st.sampled_from(["", "4", "1", "๔", "มาก", "มากที่สุด", "ไม่มี", "มี", "yes", "ผ่าน", "ไม่ผ่าน", "100",
                     "0", "99.84", "101", "-1", "1e999", "nan", "inf", "1/3", "1/0", "=1+1", " 5 ", "A"]),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
    st.text(max_size=8),
)


@st.composite
def tables(draw, rules):
    header = draw(st.lists(_header_cells(rules), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=8))
    return [header, *rows]


def _csv_bytes(rows, encoding, delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(data=st.data())
def test_well_formed_but_wrong_tables(rules, registry, data):
    rows = data.draw(tables(rules))
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp874"]))
    delimiter = data.draw(st.sampled_from([",", "\t", ";"]))
    skip = data.draw(st.booleans())
    _in_tmp("t.csv", _csv_bytes(rows, encoding, delimiter), rules, registry, skip_unreadable=skip)


@FEW
@given(data=st.data())
def test_well_formed_but_wrong_workbooks(rules, registry, data):
    rows = data.draw(tables(rules))
    numeric = data.draw(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=4))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    from itakit.outputs.xlsx_export import safe_text

    for row in rows:
        sheet.append([safe_text(c) for c in row])
    if numeric:
        sheet.append(numeric)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _in_tmp("t.xlsx", buffer.getvalue(), rules, registry)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=False), st.text(max_size=6)),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["agency", "year", "indicators", "number", "score", "total", "x"]),
                        children, max_size=4),
    ),
    max_leaves=20,
)


@FUZZ
@given(value=json_values, year=st.sampled_from([2565, 2564, "2565"]))
def test_json_of_any_shape(rules, registry, value, year):
    payload = value
    if isinstance(value, dict):
        payload = {"year": year, **value}
    _in_tmp("r.json", json.dumps(payload, ensure_ascii=False).encode("utf-8"), rules, registry)


@FEW
@given(data=st.data())
def test_survey_exports_with_arbitrary_mappings(rules, registry, data):
    header = ["ประทับเวลา", *data.draw(st.lists(_header_cells(rules), min_size=1, max_size=5))]
    rows = [header, *data.draw(st.lists(st.lists(cells, max_size=len(header)), max_size=5))]
    targets = st.one_of(st.sampled_from(["e1", "e2", "i1", "i1.1", "ignore", "agency", "x", ""]), st.text(max_size=4))
    mapping = data.draw(st.dictionaries(st.one_of(st.sampled_from(header), st.text(max_size=6)), targets, max_size=4))
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "survey.csv"
        table.write_bytes(_csv_bytes(rows, "utf-8", ","))
        toml = Path(folder) / "m.toml"
        toml.write_text("[columns]\n" + "".join(f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}\n"
                                               for k, v in mapping.items()), encoding="utf-8")
        _run(table, rules, registry, mapping=toml if mapping else None)


# -- the TOML readers (rule files, plans, mappings), CSV tables and JSON with repeated keys --------------------


TOML_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


def _toml_value(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = repr(value)
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(text, text)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml_value, value)) + "]"
    return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + "}"


toml_leaves = st.one_of(st.booleans(), st.integers(-10**30, 10**30), st.floats(), st.text(max_size=8),
                        st.sampled_from(["1e400", "100/3", "1_00", "85.00", "-0", "๘๕", "1/0", "nan", "AA", "V"]))
toml_values = st.recursive(toml_leaves, lambda c: st.one_of(st.lists(c, max_size=3),
                                                             st.dictionaries(st.text(max_size=5), c, max_size=3)),
                           max_leaves=12)
RULE_TEXT = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
RULE_KEYS = sorted({line.split("=")[0].strip() for line in RULE_TEXT.splitlines()
                    if "=" in line and not line.lstrip().startswith(("#", "[", '"'))} - {""})


@TOML_FUZZ
@given(data=st.data())
def test_a_rule_file_with_any_value_changed_gives_only_documented_errors(tmp_path_factory, data):
    lines = RULE_TEXT.splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        key = data.draw(st.sampled_from(RULE_KEYS))
        where = [n for n, line in enumerate(lines) if line.split("=")[0].strip() == key]
        n = data.draw(st.sampled_from(where))
        lines[n] = f"{key} = {_toml_value(data.draw(toml_values))}"
    path = tmp_path_factory.mktemp("rules") / "r.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        itakit.load_rule_set(path)
    except DOCUMENTED as exc:
        assert str(exc).startswith(str(path))


@TOML_FUZZ
@given(body=st.dictionaries(st.sampled_from(["i2", "e7", "o29", "1", "defaults", "x", "I2"]),
                            st.one_of(toml_values, st.dictionaries(
                                st.sampled_from(["measure", "method", "owner", "budget", "due", "x"]),
                                toml_values, max_size=4)), max_size=4),
       raw=st.binary(max_size=60))
def test_a_plan_of_any_shape_gives_only_documented_errors(rules, tmp_path_factory, body, raw):
    from itakit.inputs.planfile import read_measure_plan

    folder = tmp_path_factory.mktemp("plan")
    for path, payload in ((folder / "p.toml", "".join(f"{_toml_value(k)} = {_toml_value(v)}\n"
                                                      for k, v in body.items()).encode("utf-8")),
                          (folder / "b.toml", raw), (folder / "b.csv", raw)):
        path.write_bytes(payload)
        try:
            read_measure_plan(path, rules)
        except DOCUMENTED as exc:
            assert str(exc)


@TOML_FUZZ
@given(body=st.dictionaries(st.sampled_from(["year", "tool", "columns", "x"]), toml_values, max_size=3),
       raw=st.binary(max_size=60))
def test_a_mapping_of_any_shape_gives_only_documented_errors(rules, tmp_path_factory, body, raw):
    from itakit.inputs.survey import load_mapping

    folder = tmp_path_factory.mktemp("mapping")
    for path, payload in ((folder / "m.toml", "".join(f"{_toml_value(k)} = {_toml_value(v)}\n"
                                                      for k, v in body.items()).encode("utf-8")),
                          (folder / "b.toml", raw)):
        path.write_bytes(payload)
        try:
            load_mapping(path, rules)
        except DOCUMENTED as exc:
            assert str(exc)


@TOML_FUZZ
@given(rows=st.lists(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(
    ["agency", "1", "2", '"', '"x', "1_00", "๙๙", "\u0e4d\u0e32", "\u00a0", "'=1"])), max_size=4), max_size=6),
    header=st.sampled_from(["agency,1,2,3,4,5", "indicator,score", "question,score"]))
def test_csv_tables_with_quotes_repeats_and_odd_names_give_only_documented_errors(rules, tmp_path_factory,
                                                                                   rows, header):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(header + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    try:
        data = itakit.read_input(path, rules)
        itakit.score_many(rules, data.agencies)
    except DOCUMENTED as exc:
        assert str(exc)


@TOML_FUZZ
@given(value=st.recursive(st.one_of(st.none(), st.integers(-5, 200), st.text(max_size=5)),
                          lambda c: st.lists(st.tuples(st.sampled_from(["agency", "year", "indicators", "number",
                                                                        "score"]), c), max_size=4), max_leaves=15))
def test_json_with_repeated_keys_gives_only_documented_errors(rules, tmp_path_factory, value):
    import json

    def dump(v) -> str:  # lists of pairs become objects, repeated keys kept
        if isinstance(v, list):
            return "{" + ", ".join(f"{json.dumps(k)}: {dump(x)}" for k, x in v) + "}"
        return json.dumps(v, ensure_ascii=False)

    path = tmp_path_factory.mktemp("json") / "r.json"
    path.write_text(dump(value), encoding="utf-8")
    try:
        data = itakit.read_input(path, rules)
        itakit.score_many(rules, data.agencies)
    except DOCUMENTED as exc:
        assert str(exc)
