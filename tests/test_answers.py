"""The raw-answer counting subsystem (``itakit.inputs.answers``): one layout, one meaning of a cell, one count table.

Both counters (pure Python and pyarrow) read rows through one protocol
(:class:`~itakit.inputs.table.RowSource`), ask one :class:`Meaning` what each cell means
and return one :class:`AnswerCounts`; tests/test_tally.py, tests/test_columnar.py and
tests/test_engine_agreement.py compare what they read on generated and hostile files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itakit
from itakit.inputs import table as tables
from itakit.inputs.answers import count
from itakit.inputs.answers.counts import AnswerCounts
from itakit.inputs.answers.layout import AnswerLayout, read_layout
from itakit.inputs.answers.meaning import BLANK, NO_AGENCY, UNREADABLE, Meaning, looks_like_ids
from itakit.inputs.data import AnswerTally

SRC = Path(__file__).resolve().parents[1] / "src" / "itakit"


def _layout(rules, header=("agency", "e1", "e8")) -> AnswerLayout:
    table = tables.Table("t.csv", tuple(header), [])
    return read_layout(table, rules, tables.Problems("t.csv"))


# -- rows through one protocol --------------------------------------------------------------------


def test_any_rows_become_a_row_source_that_puts_back_and_hands_over_raw():
    table = tables.Table("t.csv", ("agency", "e1"), iter([(2, ("A", "4")), (3, ("B", "1")), (5, ("C", "2"))]))
    assert isinstance(table.rows, tables.PlainRows) and table.rows.csv_source is None
    first = next(table.rows)
    assert table.rows.put_back(first) is table.rows
    raw = table.rows.raw()
    assert raw.pending == [(2, ("A", "4"))] and raw.clean is None
    assert [(list(lines), [list(r) for r in records]) for lines, records in raw.chunks] == [
        ([3, 5], [["B", "1"], ["C", "2"]])]


def test_a_csv_files_rows_hand_over_uncleaned_chunks_and_say_where_the_file_is(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("agency,e1\n A ,4\n\nB, 1\n", encoding="utf-8")
    table = tables.read_csv_table(path)
    assert isinstance(table.rows, tables.Rows) and table.rows.csv_source.path == str(path)
    assert next(table.rows) == (2, ("A", "4"))  # cleaned when iterated
    table.rows.put_back((2, ("A", "4")))
    raw = table.rows.raw()
    assert raw.pending == [(2, ("A", "4"))] and raw.clean is tables.clean_cell
    assert [list(map(list, records)) for _, records in raw.chunks] == [[[], ["B", " 1"]]]  # as read


def test_no_module_probes_rows_for_what_they_can_do():
    """Issue 26: rows are a declared protocol; no ``getattr(rows, "raw" / "put_back" / "clean" / "csv_source")``."""
    probes = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")
                    and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
                    and node.args[1].value in ("raw", "put_back", "clean", "csv_source")):
                probes.append(f"{path.name}:{node.lineno}")
    assert probes == []


# -- the layout from the header --------------------------------------------------------------------


def test_the_layout_is_read_from_the_header(rules):
    layout = _layout(rules, ("respondent", "e8", "หน่วยงาน", "E1", "timestamp"))
    assert (layout.columns, layout.codes, layout.agency, layout.width) == ((1, 3), ("e8", "e1"), 2, 5)
    assert layout.keys == (("yes", "no"), ("1", "2", "3", "4"))
    with pytest.raises(ValueError, match="a code and a scale for each answer column"):
        AnswerLayout(("e1",), (0,), (), (), None)


def test_a_header_the_layout_cannot_count_is_refused_with_every_column_named(rules):
    table = tables.Table("t.csv", ("agency", "i1", "e1", "E1", "x9"), [])
    with pytest.raises(itakit.DataError, match="is ambiguous") as err:
        read_layout(table, rules, tables.Problems("t.csv", table))
    assert [(p.column, p.message.split(":")[0].split(" (")[0]) for p in err.value.problems] == [
        ("i1", "is ambiguous"), ("E1", "appears twice in the header"), ("x9", "is not an answer column of 2565")]


# -- what a cell means ------------------------------------------------------------------------------


def test_a_cell_means_an_option_blank_or_nothing_worked_out_once(rules):
    meaning = Meaning(_layout(rules), tables.clean_cell)
    assert [meaning.answer(0, t) for t in ("4", " ๔ ", "มากที่สุด", "น้อย", "", " \u200b", "5")] == [
        "4", "4", "4", "2", BLANK, BLANK, UNREADABLE]
    assert [meaning.answer(1, t) for t in ("yes", "มี", "ไม่มี", "perhaps")] == ["yes", "yes", "no", UNREADABLE]
    assert meaning.identity[0] == {"4"} and " ๔ " in meaning.readable[0] and "5" not in meaning.readable[0]
    assert meaning.expected(1).startswith("expected yes, no or ")
    meaning.scales = ()  # a text already seen is never looked up again
    assert meaning.answer(0, "มากที่สุด") == "4"


def test_an_agency_cell_names_the_agency_of_its_identity_shown_as_first_written(rules):
    meaning = Meaning(_layout(rules), tables.clean_cell)
    cells = ["อบต.ลำเลียง", " อบต.ลำเลียง ", "'=A", "=A", "กำ", "ก\u0e4d\u0e32", "", " \u200b "]
    assert [meaning.agency(c) for c in cells] == [0, 0, 1, 1, 2, 2, NO_AGENCY, NO_AGENCY]
    assert meaning.names == ["อบต.ลำเลียง", "=A", "กำ"] and meaning.agencies == 3
    assert meaning.written(" '=A ") == "=A"


def test_an_id_column_is_told_by_its_count_of_names():
    assert not looks_like_ids(8_303, 400_066)
    assert looks_like_ids(20_001, 20_001) and not looks_like_ids(20_001, 40_002)


# -- one count table ------------------------------------------------------------------------------


@st.composite
def _grids(draw):
    """Sub-items with their keys, and each agency's counts per key then blank (some beyond int64)."""
    keys = draw(st.lists(st.lists(st.sampled_from(["1", "2", "3", "4", "yes", "no"]), min_size=1, max_size=4,
                                  unique=True).map(tuple), min_size=1, max_size=3))
    high = draw(st.sampled_from([30, 1 << 70]))
    width = sum(len(k) + 1 for k in keys)
    rows = draw(st.lists(st.lists(st.integers(0, high), min_size=width, max_size=width), min_size=1, max_size=6))
    return tuple(keys), rows


@settings(max_examples=60, deadline=None)
@given(grid=_grids())
def test_a_count_table_answers_alike_from_a_matrix_or_from_columns(grid):
    """The Arrow counter's matrix and the pure counter's columns: the same tallies, sums and blanks."""
    np = pytest.importorskip("numpy")
    keys, rows = grid
    codes = tuple(f"e{n}" for n in range(1, len(keys) + 1))
    by_columns = AnswerCounts(codes, keys, columns=[list(c) for c in zip(*rows, strict=True)])
    small = all(v < 1 << 40 for row in rows for v in row)
    tables_ = [by_columns] + ([AnswerCounts(codes, keys, matrix=np.asarray(rows, dtype=np.int64))] if small else [])
    start = 0
    for code, options in zip(codes, keys, strict=True):
        points = {key: 3 * k for k, key in enumerate(options)}
        expected_sums = ([sum(points[key] * row[start + k] for k, key in enumerate(options)) for row in rows],
                         [sum(row[start:start + len(options)]) for row in rows])
        for table in tables_:
            assert table.size == len(rows) and table.codes == codes
            assert table.column_sums(code, points) == expected_sums
            assert table.column_sums(code, {}) is None and table.column_sums("x1", points) is None
            arrays = table.column_arrays(code, points)
            if arrays is not None:
                assert [a.tolist() for a in arrays] == list(expected_sums)
            elif small and table.matrix is not None:
                pytest.fail("a matrix of small counts gives its sums as arrays")
            for r, row in enumerate(rows):
                counts = row[start:start + len(options) + 1]
                assert table.tally(r, code) == AnswerTally({k: n for k, n in zip(options, counts, strict=False) if n},
                                                           counts[-1])
        start += len(options) + 1
    blank_places = []
    at = 0
    for options in keys:
        at += len(options)
        blank_places.append(at)
        at += 1
    for table in tables_:
        assert [table.blanks(r) for r in range(len(rows))] == [sum(row[p] for p in blank_places) for row in rows]


def test_a_count_table_needs_its_counts_once():
    with pytest.raises(ValueError, match="as a matrix or as columns"):
        AnswerCounts(("e1",), (("1",),))
    with pytest.raises(ValueError, match="expected 2 columns of counts, got 1"):
        AnswerCounts(("e1",), (("1",),), columns=[[1]])


def test_both_counters_return_the_same_count_table(tmp_path, rules, monkeypatch):
    pytest.importorskip("pyarrow")
    from itakit.inputs.answers import arrow

    monkeypatch.setattr(arrow, "MIN_BYTES", 0)
    path = tmp_path / "raw.csv"
    path.write_text("agency,e1,e8\nA,มาก,มี\nB,4,\nA, 1 ,no\nค,,yes\n", encoding="utf-8")
    got = {}
    for engine in (True, False):
        with pytest.MonkeyPatch.context() as mp:
            if not engine:
                mp.setattr(arrow, "available", lambda: False)
            table = tables.read_csv_table(path)
            problems = tables.Problems(str(path), table)
            first = next(table.rows)
            table.rows.put_back(first)
            agencies = count(table, rules, problems)
        counts = agencies[0].answers.table
        assert type(counts) is AnswerCounts
        assert [a.answers.table for a in agencies] == [counts] * 3  # one table, a row each
        got[engine] = ([(a.agency, a.respondents) for a in agencies],
                       [[counts.tally(r, c) for c in counts.codes] for r in range(counts.size)])
    assert got[True] == got[False]
    assert got[True][0] == [("A", 2), ("B", 1), ("ค", 1)]
    assert got[True][1][0] == [AnswerTally({"3": 1, "1": 1}), AnswerTally({"yes": 1, "no": 1})]


# -- counting from the file's bytes ------------------------------------------------------------------


def _counted(path, rules, monkeypatch, *, by_rows: bool):
    """(what reading gives — agencies and tallies, or the problems —, whether the bytes counter counted it)."""
    from itakit.inputs.answers import arrow, blocks

    used: list[object] = []
    original = blocks.count_file
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(arrow, "available", lambda: False)
        mp.setattr(blocks, "count_file", (lambda *a, **k: None) if by_rows else
                   (lambda *a, **k: used.append(original(*a, **k)) or used[-1]))
        try:
            data = itakit.read_input(path, rules)
        except itakit.DataError as exc:
            return [(p.message, p.row, p.column, p.value) for p in exc.problems], bool(used and used[0])
    return ([(a.agency, a.respondents, {c: (dict(t.counts), t.blank) for c, t in a.answers.items()})
             for a in data.agencies], bool(used and used[0]))


@pytest.mark.parametrize("block", [7, 64, 1 << 21])
@pytest.mark.parametrize(("body", "encoding", "counted"), [
    (b"A,4,yes\nB,\xe0\xb8\xa1\xe0\xb8\xb2\xe0\xb8\x81,no\nA,,\n", "utf-8", True),
    (b"A,4,yes\r\nB,1,no\r\n\r\nA, 2 ,\r\n", "utf-8", True),  # CR LF, an empty line
    (b"A,4,yes\nB,1,no", "utf-8", True),  # no line break at the end
    (b"A,4,yes\nB,1,no\r", "utf-8", True),  # the last line ended by a carriage return
    (b"\xef\xbb\xbf", "utf-8-sig", True),  # a byte-order mark (the body is added after the header)
    ("อบต.ก,มาก,มี\nB,1,ไม่มี\n".encode("cp874"), "cp874", True),
    (b"A,4,yes\rB,1,no\n", "utf-8", False),  # a lone carriage return is a line break too
    (b'"A",4,yes\nB,1,no\n', "utf-8", False),  # quotes: the csv module's rules
    (b"A,4,yes\nB,1\n", "utf-8", False),  # a row narrower than the header
    (b"A,4,yes\nB,1,no,\n", "utf-8", False),  # wider
    (b"A,4,yes\n,1,no\n", "utf-8", False),  # no agency
    (b"A,4,yes\nB,5,no\n", "utf-8", False),  # no answer
    (b"A,4,yes\nB\xff,1,no\n", "utf-8", False),  # not UTF-8
    (b"A,4,yes\nB,1,n\x00o\n", "utf-8", False),  # NUL
])
def test_a_plain_file_is_counted_from_its_bytes_as_from_its_rows(tmp_path, rules, monkeypatch, block, body, encoding,
                                                                 counted):
    """Cut into blocks of a few bytes or of 2 MiB: the same agencies, tallies and problems as the reference."""
    from itakit.inputs.answers import blocks

    monkeypatch.setattr(blocks, "BLOCK_BYTES", block)
    path = tmp_path / "raw.csv"
    header = "agency,e1,e8\n".encode(encoding if encoding != "utf-8-sig" else "utf-8")
    if encoding == "utf-8-sig":
        header, body = body + header, b"A,4,yes\nB,1,no\n"
    path.write_bytes(header + body)
    got, used = _counted(path, rules, monkeypatch, by_rows=False)
    assert got == _counted(path, rules, monkeypatch, by_rows=True)[0]
    assert used == (counted and block > 16)  # a line longer than a block is left to the reference


def test_the_bytes_counter_reads_a_block_at_a_time(tmp_path, rules, monkeypatch):
    from itakit import progress
    from itakit.inputs.answers import blocks

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 1000)
    path = tmp_path / "raw.csv"
    path.write_text("agency,e1,e8\n" + "".join(f"A{i % 7},{1 + i % 4},{'yes' if i % 3 else 'no'}\n"
                                                for i in range(3000)), encoding="utf-8")
    seen: list[int] = []

    class Watch(progress.Progress):
        def advance(self, n: int = 1) -> None:
            seen.append(n)

    token = progress._current.set(Watch())
    try:
        got, used = _counted(path, rules, monkeypatch, by_rows=False)
    finally:
        progress._current.reset(token)
    assert used and sum(seen) == 3000 and max(seen) <= 1000 // len("A0,1,no\n") + 1 and len(seen) > 20
    assert got[0][:2] == ("A0", 429) and got[0][2]["e1"] == ({"1": 108, "2": 107, "3": 107, "4": 107}, 0)


@pytest.mark.parametrize("by_rows", [False, True])
def test_a_layout_of_more_than_256_slots_is_coded_in_two_bytes_alike(tmp_path, rules, monkeypatch, by_rows):
    """IIT and EIT sub-items in one file: 290 slots, more than a byte codes."""
    import random

    from itakit.inputs.answers import blocks

    codes = [c for c in rules.sub_item_codes if c[0] in "ie"]
    keys = [rules.scale(rules.sub_item(c)[1].scale).keys for c in codes]
    layout = _layout(rules, ("agency", *codes))
    assert 1 + sum(len(k) + 1 for k in layout.keys) > 256
    rnd = random.Random(4)
    lines = [",".join([rnd.choice(["A", "B", "ค"]), *(rnd.choice([*k, ""]) for k in keys)]) for _ in range(400)]
    path = tmp_path / "raw.csv"
    path.write_text(",".join(["agency", *codes]) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 4096)
    got, used = _counted(path, rules, monkeypatch, by_rows=by_rows)
    assert used != by_rows
    expected = {}
    for line in lines:
        cells = line.split(",")
        respondents, tallies = expected.setdefault(cells[0], [0, {c: ({}, 0) for c in codes}])
        expected[cells[0]][0] += 1
        for code, cell in zip(codes, cells[1:], strict=True):
            counts, blank = tallies[code]
            if cell:
                counts[cell] = counts.get(cell, 0) + 1
            else:
                tallies[code] = (counts, blank + 1)
    assert got == [(name, n, tallies) for name, (n, tallies) in expected.items()]


def test_a_sub_item_nobody_answered_sums_to_nothing_in_arrays_as_in_lists():
    pytest.importorskip("numpy")
    table = AnswerCounts(("e1", "e2"), ((), ("1", "2")), columns=[[2, 0], [1, 3], [0, 1], [0, 0]])
    totals, answered = table.column_arrays("e1", {})
    assert totals.tolist() == [0, 0] and answered.tolist() == [0, 0]
    assert table.column_sums("e1", {}) == ([0, 0], [0, 0])
    assert table.tally(0, "e1") == AnswerTally({}, 2)
