"""The fast raw-answer counting gives exactly what a plain row-by-row count gives, and streams.

The reference below is the row-by-row loop itakit used before the fast path (one cell
at a time); the fast path must agree with it on tallies, respondents, unreadable
answers and problems, whatever the rows hold and however agencies are ordered.
"""

from __future__ import annotations

import csv
import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
from itakit import progress
from itakit.inputs import shapes
from itakit.inputs import table as readers
from itakit.inputs.answers import arrow as columnar
from itakit.inputs.answers import blocks, slots
from itakit.inputs.answers import meaning as answer_meaning
from itakit.scoring.batch import summarise
from itakit.scoring.fastsummary import summarise_csv

CODES = ["e1", "e3", "e4", "e8"]  # level4, level4, reverse yes/no, yes/no
LEVEL_CELLS = ["1", "2", "3", "4", "๔", " 4 ", "มาก", "มากที่สุด", "น้อย", "น้อยที่สุดหรือไม่มีเลย", "", " ", "5", "maybe"]
YESNO_CELLS = ["yes", "no", "มี", "ไม่มี", "Y", " no", "", "perhaps"]
AGENCIES = ["อบต.ลำเลียง", "เทศบาล ๑", "A", " A ", "B,C", ""]


def _reference(text: str, rules, skip_unreadable: bool):
    """Row by row, as the original reader did: (agencies, problems as strings).

    A column is an answer column when its header is a code or starts with one (a survey
    export's "e1 question text"); problems name it by its code.  A survey export's row that
    holds nothing but a timestamp or an e-mail address is no respondent.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = [h.strip() for h in next(reader)]
    a = header.index("agency")
    cols = [(i, h.split()[0]) for i, h in enumerate(header) if h and h.split()[0] in CODES]
    scales = {h: rules.scale(rules.sub_item(h)[1].scale) for _, h in cols}
    counts, blanks, respondents, unreadable, problems = {}, {}, {}, {}, []
    line = 1
    for record in reader:
        line += 1
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            problems.append(f"line {line}: the row has {len(cells)} values but the header has {len(header)} columns")
        if header[0] == "Timestamp" and not any(cells[i] for i in [a, *(i for i, _ in cols)] if i < len(cells)):
            continue
        agency = cells[a] if a < len(cells) else ""
        if not agency:
            problems.append(f"line {line}, column 'agency': the agency name is missing")
            continue
        per = counts.setdefault(agency, {})
        blank = blanks.setdefault(agency, {})
        respondents[agency] = respondents.get(agency, 0) + 1
        for i, code in cols:
            value = cells[i] if i < len(cells) else ""
            if not value:
                blank[code] = blank.get(code, 0) + 1
                continue
            option = scales[code].option(value)
            if option is None:
                if skip_unreadable:
                    blank[code] = blank.get(code, 0) + 1
                    unreadable.setdefault(agency, []).append(f"line {line}, column {code!r}: {value!r}")
                else:
                    problems.append(f"line {line}, column {code!r}: {value!r} is not an answer")
                continue
            per.setdefault(code, {})
            per[code][option.key] = per[code].get(option.key, 0) + 1
    agencies = {
        name: (respondents[name], {code: (counts[name].get(code, {}), blanks[name].get(code, 0)) for _, code in cols},
               unreadable.get(name, []))
        for name in counts
    }
    return agencies, problems


def _itakit(path, rules, skip_unreadable: bool):
    try:
        data = itakit.read_input(path, rules, skip_unreadable=skip_unreadable)
    except itakit.DataError as exc:
        out = []
        for p in exc.problems:
            where = f"line {p.row}" + (f", column {p.column!r}" if p.column else "")
            message = p.message
            if p.value is not None:
                message = f"{p.value!r} is not an answer" if "is not an answer" in message else message
            out.append(f"{where}: {message}")
        return None, out
    agencies = {
        a.agency: (a.respondents, {c: (dict(t.counts), t.blank) for c, t in a.answers.items()},
                   [u.split(" (expected")[0] for u in a.unreadable])
        for a in data.agencies
    }
    return agencies, []


@st.composite
def answer_tables(draw):
    """A raw-answer file: code headers, or (``survey``) a form export's with a timestamp and question texts.

    ``plain`` has the columns agency, e1, e3, e4, e8; ``extra`` the codes in any order and
    the agency and a respondent column anywhere; ``survey`` starts with a timestamp and an
    e-mail address and heads each answer column by its code and a question text.
    """
    layout = draw(st.sampled_from(["plain", "extra", "survey"]))
    codes = CODES if layout == "plain" else draw(st.permutations(CODES))
    header = ["agency", *codes]
    if layout == "extra":
        header = list(codes)
        header.insert(draw(st.integers(0, len(header))), "agency")
        header.insert(draw(st.integers(0, len(header))), "respondent")
    elif layout == "survey":
        header = ["Timestamp", "Email Address", "agency", *(f"{code} ข้อคำถาม" for code in codes)]
    names = draw(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=4, unique=True))
    readable = draw(st.booleans())  # only answers on the scales (the usual national file), or anything
    level = [c for c in LEVEL_CELLS if c not in ("5", "maybe")] if readable else LEVEL_CELLS
    yes_no = [c for c in YESNO_CELLS if c != "perhaps"] if readable else YESNO_CELLS
    other = {"respondent": "r7", "Timestamp": "2022/05/02 8:00:00", "Email": ""}
    rows = []
    for name in names:
        for _ in range(draw(st.integers(1, 40))):
            cells = {"agency": name, **other}
            cells.update((c, draw(st.sampled_from(level if c in ("e1", "e3") else yes_no))) for c in CODES)
            rows.append([cells[h.split()[0]] for h in header])
    if draw(st.booleans()):
        random.Random(draw(st.integers(0, 10**6))).shuffle(rows)  # interleaved agencies
    if draw(st.booleans()) and rows:  # an odd row: too wide, or fully blank
        at = draw(st.integers(0, len(rows) - 1))
        width = len(header)
        rows.insert(at, draw(st.sampled_from([[""] * width, [" "] * width, rows[0] + ["extra"], rows[0] + [""]])))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=answer_tables(), skip=st.booleans(), chunk=st.sampled_from([3, 7, 30, 64, 8192]),
       block=st.sampled_from([256, blocks.BLOCK_BYTES]), by_rows=st.booleans())
def test_fast_counting_equals_row_by_row(tmp_path, monkeypatch, rules, text, skip, chunk, block, by_rows):
    """Counted from the file's bytes in blocks (of a few rows, or 2 MiB), or from its rows in chunks (``by_rows``)."""
    monkeypatch.setattr(readers, "CHUNK_RECORDS", chunk)
    path = tmp_path / "raw.csv"
    path.write_text(text, encoding="utf-8", newline="")
    expected, expected_problems = _reference(text, rules, skip)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(blocks, "BLOCK_BYTES", block)
        if by_rows:
            mp.setattr(blocks, "count_file", lambda *args, **kwargs: None)
        got, problems = _itakit(path, rules, skip)
    if expected_problems and text.startswith("Timestamp"):
        # A survey export lists a row's other problems before its width (survey.py merges them by row).
        assert len(problems) == min(len(expected_problems), readers.MAX_PROBLEMS)
        if len(expected_problems) <= readers.MAX_PROBLEMS:
            assert sorted(problems) == sorted(expected_problems)
    elif expected_problems:
        assert problems == expected_problems[: readers.MAX_PROBLEMS]
    else:
        assert problems == []
        assert got == expected
        assert list(got) == list(expected)  # agencies in the order they first appear


@pytest.mark.parametrize("chunk", [2, 3, 8192])
def test_survey_exports_are_counted_alike(tmp_path, monkeypatch, rules, chunk):
    """A form export's rows, read uncleaned through the kept columns: too wide, too short, only a timestamp."""
    monkeypatch.setattr(readers, "CHUNK_RECORDS", chunk)
    lines = ["Timestamp,Email Address,e3 ข้อสาม,agency,e1 ข้อหนึ่ง", "t,,มาก,A,4", "t,,1,B, 2 ,extra", "t,,น้อย,A",
             "t,,,,", "t", "t,x,มากที่สุด,A,3", "t,,1,B,,", "t,,4,C,1", "t,,2,A,", " , , , , ", "t,,3,B,4"]
    text = "\n".join(lines) + "\n"
    path = tmp_path / "survey.csv"
    path.write_text(text, encoding="utf-8")
    expected, expected_problems = _reference(text, rules, False)
    assert expected_problems == ["line 3: the row has 6 values but the header has 5 columns"]
    got, problems = _itakit(path, rules, False)
    assert problems == expected_problems
    path.write_text(text.replace("extra", ""), encoding="utf-8")
    got, problems = _itakit(path, rules, False)
    assert (got, problems) == (expected, [])
    assert list(got) == ["A", "B", "C"]


def test_interleaved_counts_forget_agency_cells_without_losing_counts(tmp_path, monkeypatch, rules):
    """The cache of agency cells is bounded; emptied when full, the counts and their order stay."""
    monkeypatch.setattr(answer_meaning, "_CELLS_CACHED", 2)
    monkeypatch.setattr(slots, "_CELLS_CACHED", 2)
    monkeypatch.setattr(readers, "CHUNK_RECORDS", 16)
    rng = random.Random(5)
    rows = [f"{rng.choice(['A', ' A ', 'B', 'C', 'ง'])},{rng.choice(['1', 'มาก', ''])},{rng.choice(['yes', 'ไม่มี'])}"
            for _ in range(300)]
    text = "agency,e1,e8\n" + "\n".join(rows) + "\n"
    path = tmp_path / "raw.csv"
    path.write_text(text, encoding="utf-8")
    expected, _ = _reference(text, rules, False)
    got, problems = _itakit(path, rules, False)
    assert (got, problems) == (expected, [])
    assert list(got) == list(expected)


def test_quoted_line_breaks_keep_line_numbers(tmp_path, monkeypatch, rules):
    monkeypatch.setattr(readers, "CHUNK_RECORDS", 2)
    path = tmp_path / "raw.csv"
    path.write_text('agency,e1\n"A\nB",4\nA,4\n"C",oops\n', encoding="utf-8")
    with pytest.raises(itakit.DataError, match="'oops' is not an answer") as err:
        itakit.read_input(path, rules)
    assert str(err.value).endswith("line 5, column 'e1': 'oops' is not an answer on the 4-level scale "
                                   "(expected 1, 2, 3, 4 or น้อยที่สุดหรือไม่มีเลย / น้อย / มาก / มากที่สุด)")


def test_a_large_file_streams_in_chunks(tmp_path, monkeypatch, rules):
    """Rows are pulled from the file one chunk ahead of the counting, never more: memory stays bounded."""
    monkeypatch.setattr(columnar, "available", lambda: False)  # the pure-Python path (tests/test_columnar.py: the other)
    monkeypatch.setattr(blocks, "count_file", lambda *args, **kwargs: None)  # its reference (byte blocks: test_answers)
    monkeypatch.setattr(readers, "CHUNK_RECORDS", 100)
    path = tmp_path / "raw.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("agency,e1,e8\n")
        for i in range(5_000):
            fh.write(f"agency{i // 40},{1 + i % 4},{'yes' if i % 3 else 'no'}\n")
    produced = []
    original = readers._csv_raw_chunks

    def counting(*args, **kwargs):
        for lines, records in original(*args, **kwargs):
            produced.append(len(records))
            yield lines, records

    monkeypatch.setattr(readers, "_csv_raw_chunks", counting)
    seen = []

    class Watch(progress.Progress):
        done = 0

        def advance(self, n: int = 1) -> None:
            Watch.done += n
            seen.append(sum(produced) - Watch.done)  # records read but not yet counted

    token = progress._current.set(Watch())
    try:
        data = itakit.read_input(path, rules)
    finally:
        progress._current.reset(token)
    assert len(data.agencies) == 125 and sum(a.respondents for a in data.agencies) == 5_000
    assert data.agencies[0].answers["e1"].counts == {"1": 10, "2": 10, "3": 10, "4": 10}
    assert len(seen) >= 50  # counted a chunk at a time …
    assert max(seen) <= 100  # … with never more than one chunk read ahead of the counting


def test_rows_without_raw_access_are_counted_alike(rules):
    rows = [(2, ("A", "4")), (3, ("B", "มาก")), (4, ("A", ""))]
    table = readers.Table("t.csv", ("agency", "e1"), iter(rows))
    data = shapes.parse_table(table, rules)
    assert [(a.agency, dict(a.answers["e1"].counts), a.answers["e1"].blank) for a in data.agencies] == [
        ("A", {"4": 1}, 1), ("B", {"3": 1}, 0)]


def test_paused_gc_restores_the_collector():
    import gc

    assert gc.isenabled()
    with progress.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_only_the_command_s_own_process_freezes_what_it_built(tmp_path):
    """``python -m itakit`` ends with its command, so it may freeze; a program calling ``cli.main`` must not."""
    import subprocess
    import sys

    path = tmp_path / "raw.csv"
    path.write_text("agency,e1\nA,4\nB,1\n", encoding="utf-8")
    probe = ("import gc, sys; from itakit import progress; from itakit.{} import main; before = gc.get_freeze_count(); "
             "main({}); print(progress.IN_COMMAND, gc.get_freeze_count() > before)")
    for module, argv, expected in (("__main__", "", "True True"), ("cli", "sys.argv[1:]", "False False")):
        done = subprocess.run([sys.executable, "-c", probe.format(module, argv), "score", str(path), "-o",
                               str(tmp_path / f"{module}.csv")], capture_output=True, text=True, check=True,
                              stdin=subprocess.DEVNULL, timeout=60)
        assert done.stdout.split() == expected.split(), done.stderr


def test_a_command_freezes_what_it_built_only_when_it_ends_well():
    """Frozen objects are never collected: after a failure (memory run out) they must stay collectable."""
    import gc

    gc.unfreeze()  # what another test may have left frozen could be freed meanwhile and change the count
    before = gc.get_freeze_count()
    try:
        with pytest.raises(MemoryError, match="too little"), progress.paused_gc(freeze=True):
            kept = [[n] for n in range(1000)]
            raise MemoryError("too little")
        assert gc.get_freeze_count() == before and gc.isenabled()
        with progress.paused_gc(freeze=True):
            kept = [[n] for n in range(1000)]
        assert gc.get_freeze_count() >= before + len(kept) and gc.isenabled()
    finally:
        gc.unfreeze()


# -- the fast summary equals the ordinary one ----------------------------------------------------

score_cells = st.one_of(
    st.integers(0, 10_000).map(lambda h: f"{h // 100}.{h % 100:02d}"),
    st.sampled_from(["100", "0", "85", "84.995", "๙๕.๕", "99.9"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(st.sampled_from(["ระนอง", "ชุมพร", "", "=X"]), st.lists(score_cells, min_size=10, max_size=10)),
                  min_size=1, max_size=30),
    numbers=st.sampled_from([list(range(1, 11)), [3, 1, 2, 4, 5], [1, 2, 3, 4, 5, 6, 7, 8]]),
    by=st.sampled_from([None, "province"]),
)
def test_fast_summary_equals_summary_of_scored_results(tmp_path, rules, registry, rows, numbers, by):
    path = tmp_path / "table.csv"
    lines = ["agency,province," + ",".join(map(str, numbers))]
    for k, (province, scores) in enumerate(rows):
        lines.append(f"agency {k},{province}," + ",".join(scores[: len(numbers)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = itakit.score_many(rules, itakit.read_input(path, rules).agencies, registry=registry)
    expected = summarise(results, rules, by=by)
    fast = summarise_csv(path, rules, registry=registry, by=by)
    if any(s == "84.995" for _, scores in rows for s in scores[: len(numbers)]):
        assert fast is None  # three decimals: left to the ordinary path
    else:
        assert fast == expected


def test_fast_summary_leaves_a_grading_plugin_to_the_ordinary_path(tmp_path, rules):
    import itakit_rules_2565

    class Rating:
        @itakit.hookimpl
        def itakit_grade(self, rule_set, result):
            return itakit.Grade("ผ่าน", True)

    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565, Rating()])
    path = tmp_path / "t.csv"
    path.write_text("agency,1,2,3,4,5,6,7,8,9,10\nA,90,90,90,90,90,90,90,90,90,90\n", encoding="utf-8")
    assert summarise_csv(path, rules, registry=registry) is None


# -- progress ------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_not_a_terminal():
    stream = io.StringIO()
    with progress.on_terminal(stream=stream) as reporter:
        reporter.begin("reading", unit="rows")
        reporter.advance(10)
    assert stream.getvalue() == "" and type(reporter) is progress.Progress


def test_progress_draws_on_a_terminal_and_never_on_stdout(tmp_path, rules, capsys):
    pytest.importorskip("tqdm")
    path = tmp_path / "raw.csv"
    path.write_text("agency,e1\n" + "".join(f"A,{1 + i % 4}\n" for i in range(50)), encoding="utf-8")
    terminal = _Terminal()
    with progress.on_terminal(stream=terminal):
        data = itakit.read_input(path, rules)
        itakit.score_many(rules, [], registry=None)
    assert data.agencies[0].respondents == 50
    assert "reading" in terminal.getvalue()
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert progress.current() is progress._NOTHING  # uninstalled afterwards


def test_progress_can_be_switched_off_on_a_terminal():
    terminal = _Terminal()
    with progress.on_terminal(False, stream=terminal) as reporter:
        reporter.begin("reading")
    assert terminal.getvalue() == ""


def test_cli_writes_no_progress_into_output_files(tmp_path, capsys):
    from itakit.cli import main

    codes = [f"e{n}" for n in range(1, 16)]
    answers = ["yes" if code in ("e4", "e8", "e10") else "4" for code in codes]
    path = tmp_path / "raw.csv"
    path.write_text("agency," + ",".join(codes) + "\nA," + ",".join(answers) + "\n", encoding="utf-8")
    out_path = tmp_path / "out.csv"
    assert main(["score", str(path), "--format", "csv", "-o", str(out_path), "--progress"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""  # stderr is not a terminal under pytest: nothing drawn
    assert out_path.read_text(encoding="utf-8").splitlines()[0].startswith("agency,1,2,")
