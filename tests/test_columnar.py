"""The columnar engine (pyarrow, the ``fast`` extra) counts exactly as the pure-Python path does, and leaves it every problem."""

from __future__ import annotations

import csv
import io
import random
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

import itakit  # noqa: E402
from itakit import progress  # noqa: E402
from itakit.inputs.answers import arrow as columnar  # noqa: E402


@pytest.fixture(autouse=True)
def _engine_for_small_files(monkeypatch):
    """These tests' files are small; the engine takes only files of MIN_BYTES or more."""
    monkeypatch.setattr(columnar, "MIN_BYTES", 0)


CODES = ["e1", "e3", "e4", "e8"]  # level4, level4, reverse yes/no, yes/no
DIGITS = ["1", "2", "3", "4", "๔", " 4 "]
LABELS = ["น้อยที่สุดหรือไม่มีเลย", "น้อย", "มาก", "มากที่สุด", " มาก", "มากที่สุด\u200b"]
YES_NO = ["yes", "no", "มี", "ไม่มี", "Y", " no"]
BLANKS = ["", " ", "\u200b"]
UNREADABLE = ["5", "maybe", "perhaps"]
AGENCIES = ["อบต.ลำเลียง", "เทศบาล ๑", "A", " A ", "B,C", 'the "quoted" one', "ก\u200b"]


def _read(path: Path, rules, *, engine: bool, mapping: Path | None = None):
    """(the InputFile, None) or (None, the problems as tuples), with or without the engine."""
    with pytest.MonkeyPatch.context() as mp:
        if not engine:
            mp.setattr(columnar, "available", lambda: False)
        try:
            return itakit.read_input(path, rules, mapping=mapping), None
        except itakit.DataError as exc:
            return None, [(p.message, p.file, p.row, p.column, p.value) for p in exc.problems]


@st.composite
def answer_tables(draw):
    names = draw(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=5, unique=True))
    level = DIGITS if draw(st.booleans()) else LABELS
    if draw(st.booleans()):
        level = DIGITS + LABELS
    blanks = BLANKS if draw(st.booleans()) else []
    bad = UNREADABLE if draw(st.integers(0, 4)) == 0 else []
    rows = []
    for name in names:
        for _ in range(draw(st.integers(1, 30))):
            rows.append([name] + [draw(st.sampled_from((level if c in ("e1", "e3") else YES_NO) + blanks))
                                  for c in CODES])
    if bad and rows:
        rows[draw(st.integers(0, len(rows) - 1))][draw(st.integers(1, len(CODES)))] = draw(st.sampled_from(bad))
    if draw(st.booleans()):
        random.Random(draw(st.integers(0, 10**6))).shuffle(rows)  # interleaved agencies, as submitted
    if draw(st.integers(0, 5)) == 0 and rows:  # an odd row: too wide, too short, blank, or without an agency
        at = draw(st.integers(0, len(rows) - 1))
        rows.insert(at, draw(st.sampled_from([[""] * 5, [" "] * 5, rows[0] + ["extra"], rows[0] + [""],
                                              rows[0][:3], ["", "4", "", "", ""]])))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    header = ["agency", *CODES]
    if draw(st.booleans()):
        header = ["timestamp", *header]
        rows = [["2022/05/02 9:15:01", *row] for row in rows]
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=answer_tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp874", "utf-16", "utf-16-le"]),
       block=st.sampled_from([512, 2048, columnar.BLOCK_BYTES]),
       flush=st.sampled_from([1, 40, columnar.FLUSH_CELLS]), parts=st.sampled_from([1, 2, 3]),
       grow=st.sampled_from([1, 2, columnar.ROWS_AT_ONCE]), sample=st.sampled_from([40, columnar.SAMPLE_BYTES]))
def test_engine_and_pure_path_give_the_same_tallies_results_and_errors(rules, text, encoding, block, flush, parts,
                                                                       grow, sample):
    """Also in blocks of a few rows, whose cells are added up every few blocks, and in parts of the file
    counted side by side (as in a national file), in the encodings Thai exports come in: the same tallies,
    agencies in the same order, named alike (cp874 cannot write a zero-width space: it becomes "?")."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(columnar, "BLOCK_BYTES", block)
        mp.setattr(columnar, "FLUSH_CELLS", flush)
        mp.setattr(columnar, "PARTS", parts)
        mp.setattr(columnar, "PART_BYTES", 1)
        mp.setattr(columnar, "ROWS_AT_ONCE", grow)  # the count table grows by this many agencies
        mp.setattr(columnar, "SAMPLE_BYTES", sample)  # columns guessed short from fewer records than the file has
        path = Path(tmp) / "raw.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        fast, fast_problems = _read(path, rules, engine=True)
        pure, pure_problems = _read(path, rules, engine=False)
    assert fast_problems == pure_problems
    assert fast == pure
    if fast is not None:
        assert [a.agency for a in fast.agencies] == [a.agency for a in pure.agencies]  # first-appearance order
        try:
            expected = itakit.score_many(rules, pure.agencies)
        except itakit.DataError as exc:
            with pytest.raises(itakit.DataError, match=re.escape(exc.problems[0].message)) as err:
                itakit.score_many(rules, fast.agencies)
            assert err.value.problems == exc.problems
        else:
            assert itakit.score_many(rules, fast.agencies) == expected


def _write(path: Path, rows: list[list[str]], header: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def test_the_engine_counts_a_clean_file_itself(tmp_path, rules, monkeypatch):
    """A clean file is counted by pyarrow (not handed back), with Thai labels, interleaved, blanks and all."""
    path = tmp_path / "raw.csv"
    _write(path, [["A", "มากที่สุด", "4", "ไม่มี", "มี"], ["ข", "น้อย", "", "มี", "ไม่มี"], ["A", " มาก", "๓", "", "yes"]],
           ["agency", *CODES])
    calls = []
    original = columnar.count_csv

    def spy(*args, **kwargs):
        calls.append(original(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(columnar, "count_csv", spy)
    data = itakit.read_input(path, rules)
    assert calls and calls[0] is not None
    a, b = data.agencies
    assert (a.agency, a.respondents, b.agency, b.respondents) == ("A", 2, "ข", 1)
    assert dict(a.answers["e1"].counts) == {"4": 1, "3": 1} and a.answers["e1"].blank == 0
    assert dict(a.answers["e3"].counts) == {"4": 1, "3": 1}
    assert dict(a.answers["e4"].counts) == {"no": 1} and a.answers["e4"].blank == 1
    assert dict(b.answers["e3"].counts) == {} and b.answers["e3"].blank == 1


@pytest.mark.parametrize("later", ["มาก", "๓", " 3 ", "4", " " * 127 + "3", " " * 128 + "3", " " * 256 + "3"])
def test_a_column_of_one_digit_answers_is_placed_by_its_bytes_and_a_longer_cell_later_still_counts(
        tmp_path, rules, monkeypatch, later):
    """A column whose first records hold one digit or nothing is parsed as bytes (no dictionary); a block where
    it holds a label or a Thai digit after all is dictionary-encoded instead: the tallies are the pure path's."""
    monkeypatch.setattr(columnar, "SAMPLE_BYTES", 200)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 512)
    rows = [["A", "มาก", str(1 + i % 4) if i % 7 else "", "มี", "no"] for i in range(300)]
    rows += [["ข", "มาก", later, "ไม่มี", "yes"]] + rows[:40]
    path = tmp_path / "raw.csv"
    _write(path, rows, ["agency", *CODES])
    placed: list[bool] = []
    original = columnar._Engine._bytes
    monkeypatch.setattr(columnar._Engine, "_bytes",
                        lambda self, *args: placed.append(original(self, *args)) or placed[-1])
    fast, _ = _read(path, rules, engine=True)
    pure, _ = _read(path, rules, engine=False)
    assert fast == pure and fast is not None
    assert True in placed
    assert (False in placed) == (len(later.encode()) > 1)
    (b,) = (a for a in fast.agencies if a.agency == "ข")
    assert dict(b.answers["e3"].counts) == {"3" if later != "4" else "4": 1}


def _parts(monkeypatch, parts: int) -> list[bool]:
    """Cut even small files into ``parts`` counted side by side; what each counting in parts returned."""
    monkeypatch.setattr(columnar, "PARTS", parts)
    monkeypatch.setattr(columnar, "PART_BYTES", 1)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 256)
    outcomes: list[bool] = []
    original = columnar._Engine.run_parts
    monkeypatch.setattr(columnar._Engine, "run_parts",
                        lambda self, ranges: outcomes.append(original(self, ranges)) or outcomes[-1])
    return outcomes


def test_a_file_is_counted_in_parts_side_by_side_with_names_and_order_as_read_in_one_go(tmp_path, rules, monkeypatch):
    """The later spelling of an agency that a later part meets first is still not the name shown."""
    rnd = random.Random(7)
    rows = [[rnd.choice(["A", "B", "ค", "ง"]), rnd.choice(["1", "4", "มาก"]), rnd.choice(["", "2"]), "มี", "no"]
            for _ in range(300)]
    rows[0][0], rows[250][0], rows[260][0] = "ก", " A", "ก "  # ก first written "ก"; " A" meets the last part first
    path = tmp_path / "raw.csv"
    _write(path, rows, ["agency", *CODES])
    outcomes = _parts(monkeypatch, 3)
    fast, _ = _read(path, rules, engine=True)
    assert outcomes == [True]
    pure, _ = _read(path, rules, engine=False)
    assert fast == pure
    assert [a.agency for a in fast.agencies] == [a.agency for a in pure.agencies]
    assert fast.agencies[0].agency == "ก" and sum(a.respondents for a in fast.agencies) == 300


def test_a_quote_in_a_later_part_is_followed_and_counted_in_parts(tmp_path, rules, monkeypatch):
    rows = [["A", "4", "4", "no", "yes"]] * 200 + [['say "hi"', "1", "2", "no", "no"]] + [["B", "1", "", "no", "no"]] * 40
    path = tmp_path / "raw.csv"
    _write(path, rows, ["agency", *CODES])
    outcomes = _parts(monkeypatch, 2)
    calls = []
    original = columnar.count_csv
    monkeypatch.setattr(columnar, "count_csv", lambda *a, **k: calls.append(original(*a, **k)) or calls[-1])
    fast, _ = _read(path, rules, engine=True)
    assert outcomes == [True] and calls[0] is not None  # counted by the engine, in parts
    assert fast == _read(path, rules, engine=False)[0]
    assert [a.agency for a in fast.agencies] == ["A", 'say "hi"', "B"]


def test_a_cut_inside_a_quoted_value_counts_the_file_again_in_one_stream(tmp_path, rules, monkeypatch):
    """A line break inside quotes where a part would start: the part before ends with an odd count of quotes."""
    rows = [["A", "4", "4", "no", "yes"]] * 120 + [["C\n" * 200 + "D", "1", "2", "no", "no"]] + [["B", "1", "", "no", "no"]] * 120
    path = tmp_path / "raw.csv"
    _write(path, rows, ["agency", *CODES])
    outcomes = _parts(monkeypatch, 2)
    calls = []
    original = columnar.count_csv
    monkeypatch.setattr(columnar, "count_csv", lambda *a, **k: calls.append(original(*a, **k)) or calls[-1])
    fast, _ = _read(path, rules, engine=True)
    assert outcomes == [False] and calls[0] is not None  # counted by the engine, in one stream
    assert fast == _read(path, rules, engine=False)[0]
    assert [a.agency for a in fast.agencies] == ["A", "C\n" * 200 + "D", "B"]


def test_a_bad_cell_in_a_later_part_is_reported_as_without_the_engine(tmp_path, rules, monkeypatch):
    rows = [["A", "4", "4", "no", "yes"]] * 200 + [["B", "4", "ดีมาก", "no", "yes"]] + [["A", "1", "2", "no", "no"]] * 30
    path = tmp_path / "raw.csv"
    _write(path, rows, ["agency", *CODES])
    _parts(monkeypatch, 2)
    fast, problems = _read(path, rules, engine=True)
    assert fast is None and [p[2:] for p in problems] == [(202, "e3", "ดีมาก")]
    assert _read(path, rules, engine=False)[1] == problems


@pytest.mark.parametrize(("encoding", "parts"), [("cp874", 2), ("utf-16", 1), ("utf-16-le", 1)])
def test_thai_windows_and_excel_unicode_exports_are_counted_by_the_engine(tmp_path, rules, monkeypatch,
                                                                           encoding, parts):
    """cp874 (TIS-620), as Excel on Thai Windows saves CSV, is cut into parts like UTF-8; UTF-16 is read in one stream."""
    rnd = random.Random(3)
    rows = [[rnd.choice(["อบต.ลำเลียง", "เทศบาล ๑", "B"]), rnd.choice(["มากที่สุด", "น้อย", "2"]), rnd.choice(["", "มาก"]),
             rnd.choice(["มี", "ไม่มี"]), "no"] for _ in range(200)]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([["agency", *CODES], *rows])
    path = tmp_path / "raw.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    outcomes = _parts(monkeypatch, 2)
    calls = []
    original = columnar.count_csv
    monkeypatch.setattr(columnar, "count_csv", lambda *a, **k: calls.append(original(*a, **k)) or calls[-1])
    fast, _ = _read(path, rules, engine=True)
    assert calls[0] is not None and outcomes == ([True] if parts == 2 else [])
    assert fast == _read(path, rules, engine=False)[0]
    assert [a.agency for a in fast.agencies] == list(dict.fromkeys(row[0] for row in rows))
    assert sum(a.respondents for a in fast.agencies) == 200


def test_a_bad_cell_is_reported_with_its_line_and_column_as_without_the_engine(tmp_path, rules):
    rows = [["A", "4", "4", "no", "yes"]] * 50 + [["B", "4", "ดีมาก", "no", "yes"]] + [["A", "1", "2", "no", "no"]] * 5
    path = tmp_path / "raw.csv"
    _write(path, rows, ["agency", *CODES])
    fast, problems = _read(path, rules, engine=True)
    assert fast is None
    assert problems == [("is not an answer on the 4-level scale (expected 1, 2, 3, 4 or "
                         "น้อยที่สุดหรือไม่มีเลย / น้อย / มาก / มากที่สุด)", str(path), 52, "e3", "ดีมาก")]
    assert _read(path, rules, engine=False)[1] == problems


def test_a_forms_export_through_a_mapping_is_counted_by_the_engine(tmp_path, rules, monkeypatch):
    header = ["ประทับเวลา", "ที่อยู่อีเมล", "หน่วยงานที่ท่านติดต่อ", "ข้อ 1", "ข้อ 3", "ข้อ 4", "ข้อ 8", "ข้อเสนอแนะ"]
    mapping = tmp_path / "map.toml"
    mapping.write_text('year = 2565\n[columns]\n"ที่อยู่อีเมล" = "ignore"\n"หน่วยงานที่ท่านติดต่อ" = "agency"\n'
                       '"ข้อ 1" = "e1"\n"ข้อ 3" = "e3"\n"ข้อ 4" = "e4"\n"ข้อ 8" = "e8"\n"ข้อเสนอแนะ" = "ignore"\n',
                       encoding="utf-8")
    rows = [["2022/05/02 9:15:01", "a@example.com", "อบต.ลำเลียง", "มากที่สุด", "มาก", "ไม่มี", "มี", "ดี\nมาก"],
            ["2022/05/02 9:16:01", "", "เทศบาล ๑", "น้อย", "", "มี", "มี", ""],
            ["2022/05/02 9:17:01", "", "อบต.ลำเลียง", "มาก", "มากที่สุด", "ไม่มี", "ไม่มี", "ok"]]
    path = tmp_path / "forms.csv"
    _write(path, rows, header)
    used = []
    original = columnar.count_csv
    monkeypatch.setattr(columnar, "count_csv", lambda *a, **k: used.append(1) or original(*a, **k))
    fast, _ = _read(path, rules, engine=True, mapping=mapping)
    pure, _ = _read(path, rules, engine=False, mapping=mapping)
    assert used and fast == pure
    first = fast.agencies[0]
    assert (first.agency, first.respondents, dict(first.answers["e3"].counts)) == ("อบต.ลำเลียง", 2, {"3": 1, "4": 1})
    # a row longer than the header is still reported, by the pure path, on its line
    with path.open("a", encoding="utf-8") as fh:
        fh.write("2022/05/02 9:18:01,,อบต.ลำเลียง,มาก,มาก,มี,มี,,surplus\n")
    fast_bad, fast_problems = _read(path, rules, engine=True, mapping=mapping)
    assert fast_bad is None and fast_problems == _read(path, rules, engine=False, mapping=mapping)[1]
    assert fast_problems[0][2] == 6  # the line of the long row (the first record spans two lines)


def test_the_engine_reports_progress(tmp_path, rules):
    path = tmp_path / "raw.csv"
    _write(path, [[f"agency{i % 7}", str(1 + i % 4), "4", "no", "yes"] for i in range(3_000)], ["agency", *CODES])
    seen: list[tuple[str, int]] = []

    class Watch(progress.Progress):
        def begin(self, label: str, total: int | None = None, unit: str = "rows") -> None:
            seen.append((label, 0))

        def advance(self, n: int = 1) -> None:
            seen[-1] = (seen[-1][0], seen[-1][1] + n)

    token = progress._current.set(Watch())
    try:
        data = itakit.read_input(path, rules)
    finally:
        progress._current.reset(token)
    assert seen == [(f"reading {path}", 3_000)]
    assert sum(a.respondents for a in data.agencies) == 3_000


def test_a_small_file_is_left_to_the_pure_path(tmp_path, rules, monkeypatch):
    monkeypatch.setattr(columnar, "MIN_BYTES", 1 << 20)
    monkeypatch.setattr(columnar, "_modules", lambda: pytest.fail("pyarrow loaded for a small file"))
    path = tmp_path / "raw.csv"
    _write(path, [["A", "4", "4", "no", "yes"]], ["agency", *CODES])
    assert itakit.read_input(path, rules).agencies[0].respondents == 1


def test_without_the_extra_the_engine_declines(tmp_path, rules, monkeypatch):
    monkeypatch.setattr(columnar, "_modules", lambda: None)
    assert not columnar.available()
    path = tmp_path / "raw.csv"
    _write(path, [["A", "4", "4", "no", "yes"]], ["agency", *CODES])
    assert itakit.read_input(path, rules).agencies[0].answers["e1"].counts == {"4": 1}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), silent=st.booleans())
def test_every_agency_scored_at_once_from_the_engines_table_equals_the_pure_path(rules, seed, silent):
    """All IIT columns: the engine's table is scored for all agencies at once, to the same results and errors."""
    rnd = random.Random(seed)
    tool = next(t for t in rules.tools if t.code == "IIT")
    subs = [(sub.code, rules.scale(sub.scale).keys)
            for ind in tool.indicators for q in ind.questions for sub in q.sub_items]
    rows = [[name] + [rnd.choice(keys) if rnd.random() > 0.1 else "" for _, keys in subs]
            for name in rnd.sample(AGENCIES, 4) for _ in range(rnd.randint(3, 12))]
    rnd.shuffle(rows)
    if silent:  # nobody of one agency answered one sub-item: the general path names it
        for row in rows:
            if row[0] == rows[0][0]:
                row[7] = ""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "raw.csv"
        _write(path, rows, ["agency", *(code for code, _ in subs)])
        fast, _ = _read(path, rules, engine=True)
        pure, _ = _read(path, rules, engine=False)
    assert type(fast.agencies[0].answers).__name__ == "CountedAnswers"
    assert fast == pure
    try:
        expected = itakit.score_many(rules, pure.agencies)
    except itakit.DataError as exc:
        with pytest.raises(itakit.DataError, match=re.escape(exc.problems[0].message)) as err:
            itakit.score_many(rules, fast.agencies)
        assert err.value.problems == exc.problems
        assert "no respondent answered" in exc.problems[0].message
    else:
        got = itakit.score_many(rules, fast.agencies)
        assert got == expected
        assert [r.blank_answers for r in got] == [r.blank_answers for r in expected]
        assert all(len(r.questions) == sum(len(i.questions) for i in tool.indicators) for r in got)
