"""One answer per file: the columnar engine (pyarrow) refuses exactly what the pure path refuses, or both accept alike.

The pure path reads a CSV file's first records (``table.CHUNK_RECORDS``, 8,192) itself
before the engine reads the whole file; an engine laxer than Python's strict ``csv``
module would then accept, past those records, what the pure path refuses.  These files
are written byte by byte (never with ``csv.writer``, which cannot make a malformed
cell), with the thresholds lowered so that the hostile record comes after the records
the pure path reads first: both paths must give the same agencies and tallies, or the
same problems.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

import itakit  # noqa: E402
from itakit.inputs import table  # noqa: E402
from itakit.inputs.answers import arrow as columnar  # noqa: E402
from itakit.inputs.answers import blocks  # noqa: E402

LIMIT = csv.field_size_limit()  # 131,072 characters: the csv module refuses a longer value
GOOD = ["A,4,4,มี,no", "ข,มาก,3,ไม่มี,yes", '"B,C",1,,no,มี', "A,๔,2,,no"]
"""Well-formed records, one of them quoted (so the file is read in one stream, quotes checked)."""


@pytest.fixture(autouse=True)
def _small_thresholds(monkeypatch):
    """The engine takes even these small files, the pure path reads only 4 records first, blocks hold a few rows."""
    monkeypatch.setattr(columnar, "MIN_BYTES", 0)
    monkeypatch.setattr(table, "CHUNK_RECORDS", 4)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 18)  # larger than the longest record below


def _file(tmp_path: Path, hostile: bytes, *, header: bytes = b"agency,e1,e3,e4,e8", encoding: str = "utf-8",
          good: list[str] = GOOD, eol: bytes = b"\n") -> Path:
    """A raw-answer file: header, good records past the 64 KiB in which the encoding is told, the hostile record
    (as bytes), a few more good records."""
    before = eol.join(line.encode(encoding) for line in good * (80_000 // sum(map(len, good)) + 1))
    after = eol.join(line.encode(encoding) for line in good * 3)
    path = tmp_path / "raw.csv"
    path.write_bytes(header + eol + before + eol + hostile + eol + after + eol)
    return path


def _outcome(path: Path, rules, *, engine: bool, mapping: Path | None = None, by_rows: bool = False):
    """What reading gives: the agencies with their tallies, or the problems; and whether the engine counted it.

    Without the engine the file is counted from its bytes (``blocks``) or, ``by_rows``, by the reference counter.
    """
    counted: list[object] = []
    original = columnar.count_csv
    with pytest.MonkeyPatch.context() as mp:
        if not engine:
            mp.setattr(columnar, "available", lambda: False)
        if by_rows:
            mp.setattr(blocks, "count_file", lambda *a, **k: None)
        mp.setattr(columnar, "count_csv", lambda *a, **k: counted.append(original(*a, **k)) or counted[-1])
        try:
            data = itakit.read_input(path, rules, mapping=mapping)
        except itakit.DataError as exc:
            return ("refused", [(p.message, p.row, p.column, p.value) for p in exc.problems]), counted
    agencies = [(a.agency, a.respondents, {code: (dict(t.counts), t.blank) for code, t in sorted(a.answers.items())})
                for a in data.agencies]
    return ("read", agencies), counted


def _agree(path: Path, rules, mapping: Path | None = None):
    fast, counted = _outcome(path, rules, engine=True, mapping=mapping)
    pure, _ = _outcome(path, rules, engine=False, mapping=mapping)
    assert fast == pure
    assert _outcome(path, rules, engine=False, mapping=mapping, by_rows=True)[0] == pure  # bytes and rows alike
    return fast, counted


THAI_LONG = "ก" * (LIMIT // 2)  # fewer characters than the limit, three times as many bytes


@pytest.mark.parametrize(("hostile", "expected"), [
    # text after a closing quote: csv refuses it; pyarrow alone would read a new agency "อบต.1x"
    ('"อบต.1"x,4,4,มี,no'.encode(), "',' expected after '\"'"),
    ('"A" ,4,4,มี,no'.encode(), "',' expected after '\"'"),
    ('"",4,4,มี,no'.encode() + b"", None),  # an empty agency name: refused by both as such
    ('"A""x",4,4,มี,no'.encode(), "read"),  # a quote written twice inside quotes: one quote
    ('A,"4"4,4,มี,no'.encode(), "',' expected after '\"'"),
    ('A,4,4,มี,"no"x'.encode(), "',' expected after '\"'"),
    ('A,4,4,มี,"no"""x'.encode(), "',' expected after '\"'"),
    ('A,4,4,มี,""x'.encode(), "',' expected after '\"'"),
    # a quote inside a value that does not start with one is literal (the engine leaves such a file to the pure path)
    ('ab"c,4,4,มี,no'.encode(), "read by either"),
    (' "A",4,4,มี,no'.encode(), "read by either"),
    ('"A\nB",4,4,มี,no'.encode(), "read"),  # a line break inside quotes
    # a value longer than the csv module takes, in the agency column, quoted with line breaks, or an answer
    (b"X" * (LIMIT + 1) + ",4,4,มี,no".encode(), "a value is too long (over 128 KiB)"),
    (b'"' + b"X\n" * (LIMIT // 2 + 1) + '",4,4,มี,no'.encode(), "a value is too long (over 128 KiB)"),
    (b"A,4," + b" " * (LIMIT + 1) + ",มี,no".encode(), "a value is too long (over 128 KiB)"),
    (b"X" * LIMIT + ",4,4,มี,no".encode(), "read"),  # exactly the limit: taken by both
    (THAI_LONG.encode() + ",4,4,มี,no".encode(), "read"),  # more bytes than the limit, fewer characters
    # bytes that are not UTF-8, in a converted column
    (b"\xff\xfe,4,4,\xe0\xb8,no", "cannot be read as UTF-8"),
    (b"A,4,4,\xed\xa0\x80,no", "cannot be read as UTF-8"),  # an encoded surrogate
    (b"\xc0\xafA,4,4,no,no", "cannot be read as UTF-8"),  # an overlong form
    # NUL inside a value: both read it as text
    (b"A\x00B,4,4,no,no", "read"),
    # in e3, a column of one-digit answers in the records sampled first (read as bytes, placed by their one byte):
    ("A,4,มาก,มี,no".encode(), "read"),  # a label after all: the block is dictionary-encoded
    ("A,4,๓,มี,no".encode(), "read"),  # a Thai digit, one character of three bytes
    (b"A,4,\xe0,\xe0\xb8\xa1\xe0\xb8\xb5,no", "cannot be read as UTF-8"),  # a lone byte that is no character
    (b"A,4,\x80,no,no", "cannot be read as UTF-8"),
    (b"A,4,5,no,no", "is not an answer"),  # one character, not on the scale
    (b"A,4, ,no,no", "read"),  # a space is a blank
])
def test_a_hostile_record_after_the_first_records_gets_one_answer(tmp_path, rules, hostile, expected):
    (verdict, detail), counted = _agree(_file(tmp_path, hostile), rules)
    assert counted, "the engine was asked"
    if expected == "read by either":
        assert verdict == "read"
    elif expected == "read":
        assert verdict == "read"
        assert counted[0] is not None, "a well-formed file is counted by the engine itself"
    elif expected is not None:
        assert verdict == "refused" and expected in detail[0][0], detail
        assert counted[0] is None  # left to the pure path, which reports it


@pytest.mark.parametrize("parts", [2, 3])
@pytest.mark.parametrize(("hostile", "expected"), [
    ('"อบต.1"x,4,4,มี,no', "',' expected after '\"'"),
    ('A,4,4,มี,"no"""x', "',' expected after '\"'"),
    ('A,4,4,มี,""x', "',' expected after '\"'"),
    ('"A""x",4,4,มี,no', "read"),
    ('"A\nB,C",4,4,มี,no', "read"),
    ('"unclosed,4,4,มี,no', "not readable as CSV"),  # closed by the next quote, far on
])
def test_quoted_files_counted_in_parts_get_one_answer(tmp_path, rules, monkeypatch, parts, hostile, expected):
    """Each part follows its quotes from its start; a hostile record in any part is refused as by the pure path."""
    monkeypatch.setattr(columnar, "PARTS", parts)
    monkeypatch.setattr(columnar, "PART_BYTES", 1)
    (verdict, detail), counted = _agree(_file(tmp_path, hostile.encode()), rules)
    if expected == "read":
        assert verdict == "read" and counted[0] is not None
    else:
        assert verdict == "refused" and expected in detail[0][0] and counted[0] is None


@pytest.mark.parametrize("column", ["timestamp", "respondent"])
@pytest.mark.parametrize(("cell", "expected"), [
    (b"\xff", "cannot be read as UTF-8"),  # a byte that is not UTF-8 where the engine converts nothing
    (b"\xe0\xb8", "cannot be read as UTF-8"),  # a Thai character cut short
    (b"x" * (LIMIT + 1), "a value is too long (over 128 KiB)"),
    (b'"' + b"x" * LIMIT + b'"', "read"),
    (b'"x"y', "',' expected after '\"'"),
])
def test_columns_the_engine_does_not_count_are_checked_alike(tmp_path, rules, column, cell, expected):
    good = [f"2022/05/02 9:15,{line}" for line in GOOD]
    path = _file(tmp_path, cell + b",A,4,4,no,no", header=f"{column},agency,e1,e3,e4,e8".encode(), good=good)
    (verdict, detail), counted = _agree(path, rules)
    if expected == "read":
        assert verdict == "read" and counted[0] is not None
    else:
        assert verdict == "refused" and expected in detail[0][0] and counted[0] is None


def test_a_survey_export_column_left_out_by_the_mapping_is_checked_too(tmp_path, rules):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"ประทับเวลา" = "timestamp"\n"อีเมล" = "-"\n"หน่วยงาน" = "agency"\n'
                       '"E1 คำถาม" = "e1"\n', encoding="utf-8")
    good = ["2022/05/02 9:15,a@b.c,A,มาก", "2022/05/02 9:16,x@y.z,ข,4"]
    header = "ประทับเวลา,อีเมล,หน่วยงาน,E1 คำถาม".encode()
    for cell, expected in ((b"\xff@b.c", "cannot be read as UTF-8"), (b'"a"b', "',' expected after '\"'"),
                           (b"ok@b.c", "read")):
        path = _file(tmp_path, b"2022/05/02 9:17," + cell + ",B,มาก".encode(), header=header, good=good)
        (verdict, detail), counted = _agree(path, rules, mapping)
        assert verdict == ("read" if expected == "read" else "refused")
        if expected != "read":
            assert expected in detail[0][0]


@pytest.mark.parametrize(("hostile", "expected"), [
    ('"อบต.1"x,4,4,มี,no', "',' expected after '\"'"),
    ('"อบต.1",4,4,มี,no', "read"),
])
@pytest.mark.parametrize("encoding", ["cp874", "utf-16", "utf-8-sig"])
def test_other_encodings_get_one_answer_too(tmp_path, rules, hostile, expected, encoding):
    bom = {"utf-16": "\ufeff", "utf-8-sig": "\ufeff"}.get(encoding, "")
    header = (bom + '"agency",e1,e3,e4,e8').encode("utf-16-le" if encoding == "utf-16" else
                                                "utf-8" if encoding == "utf-8-sig" else encoding)
    codec = "utf-16-le" if encoding == "utf-16" else "utf-8" if encoding == "utf-8-sig" else encoding
    eol = "\n".encode(codec)
    path = _file(tmp_path, hostile.encode(codec), header=header, encoding=codec, eol=eol)
    (verdict, detail), counted = _agree(path, rules)
    if expected == "read":
        assert verdict == "read" and counted[0] is not None
    else:
        assert verdict == "refused" and expected in detail[0][0]


def test_a_byte_cp874_cannot_decode_gets_one_answer(tmp_path, rules):
    good = [line for line in GOOD]
    path = _file(tmp_path, b"A,4,4,\xdb,no", header=b'"agency",e1,e3,e4,e8', encoding="cp874", good=good)
    (verdict, detail), _ = _agree(path, rules)
    assert verdict == "refused"


@pytest.mark.parametrize("parts", [1, 2, 3])
def test_files_without_quotes_counted_in_parts_are_checked_alike(tmp_path, rules, monkeypatch, parts):
    """Parts of a file counted side by side (no quote anywhere): long values and bytes that are not UTF-8."""
    monkeypatch.setattr(columnar, "PARTS", parts)
    monkeypatch.setattr(columnar, "PART_BYTES", 1)
    unquoted = [line for line in GOOD if '"' not in line]
    for hostile, expected in ((b"X" * (LIMIT + 1) + b",4,4,no,no", "a value is too long (over 128 KiB)"),
                              (b"\xff,4,4,no,no", "cannot be read as UTF-8"),
                              ("ก,4,4,มี,no".encode(), "read")):
        path = _file(tmp_path, hostile, good=unquoted)
        (verdict, detail), counted = _agree(path, rules)
        if expected == "read":
            assert verdict == "read" and counted[0] is not None
        else:
            assert verdict == "refused" and expected in detail[0][0]
    stamped = [f"t,{line}" for line in unquoted]
    path = _file(tmp_path, b"\xff,A,4,4,no,no", header=b"timestamp,agency,e1,e3,e4,e8", good=stamped)
    (verdict, detail), _ = _agree(path, rules)
    assert verdict == "refused" and "cannot be read as UTF-8" in detail[0][0]


def test_the_first_records_and_the_rest_are_both_checked(tmp_path, rules, monkeypatch):
    """With the usual thresholds the pure path reads 8,192 records first; a bad record after them is refused alike."""
    monkeypatch.setattr(table, "CHUNK_RECORDS", 8192)
    lines = ["A,4,4,มี,no"] * 9000
    lines[8500] = '"อบต.1"x,4,4,มี,no'
    path = tmp_path / "raw.csv"
    path.write_bytes(("agency,e1,e3,e4,e8\n" + "\n".join(lines) + "\n").encode())
    (verdict, detail), counted = _agree(path, rules)
    assert counted[0] is None and verdict == "refused" and detail[0][1] == 8502 and "',' expected after '\"'" in detail[0][0]
