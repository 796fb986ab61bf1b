"""The reliability suite (issue 15): each hole an adversarial run found, as a case that must stay closed.

Every case builds its input, runs the command, and checks the exit code, the message,
and that no file was created, changed or left behind.  Disk-full, permission and
read-only conditions are simulated by monkeypatching (the suite runs as any user);
the named-pipe and signal cases run in a subprocess with a timeout, so they are bounded.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import itakit
from conftest import EXAMPLES, ROOT, SEED_SCORES
from itakit.cli import main

SARA_AM = "กรมอุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช กำแพงเพชร"  # "กำ" with U+0E33
SARA_AM_SPLIT = SARA_AM.replace("\u0e33", "\u0e4d\u0e32")
NBSP_NAME = "เทศบาลตำบล\u00a0ลำเลียง"
PLAIN_NAME = "เทศบาลตำบล ลำเลียง"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder (hidden ones too) with its bytes and mode: to prove nothing changed or was left."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"",
                                         p.lstat().st_mode)
            for p in sorted(folder.rglob("*"))}


def many_csv(rows: list[tuple[str, ...]], header: str = "agency," + ",".join(map(str, range(1, 11)))) -> str:
    return header + "\n" + "".join(",".join(r) + "\n" for r in rows)


SCORES = tuple(SEED_SCORES[n] for n in range(1, 11))  # 97.20 AA


# -- 1. never overwrite an input ----------------------------------------------------------------


@pytest.mark.parametrize("how", ["same", "dot-slash", "symlink", "hard-link"])
@pytest.mark.parametrize("command", ["score", "summary"])
def test_an_output_that_is_the_input_is_refused(capsys, tmp_path, monkeypatch, how, command):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text(many_csv([("A", *SCORES), ("B", *SCORES)]), encoding="utf-8")
    output = {"same": "x.csv", "dot-slash": "./x.csv", "symlink": "link.csv", "hard-link": "hard.csv"}[how]
    if how == "symlink":
        os.symlink("x.csv", tmp_path / "link.csv")
    elif how == "hard-link":
        os.link(source, tmp_path / "hard.csv")
    before = snapshot(tmp_path)
    extra = ["--format", "csv"] if command == "score" else []
    code, out, err = run(capsys, command, "x.csv", *extra, "-o", output)
    assert code == 2
    assert f"-o {output} would overwrite the input x.csv" in err
    assert snapshot(tmp_path) == before


def test_an_output_that_is_the_rules_file_is_refused(capsys, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_bytes((ROOT / "src/itakit_rules_2565/ita2565.toml").read_bytes())
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "--rules", rules, "-o", rules)
    assert code == 2 and "would overwrite the input" in err and str(rules) in err
    assert snapshot(tmp_path) == before


# -- 2. one identity for text keys ------------------------------------------------------------------


def test_text_key_unifies_sara_am_spaces_and_invisible_characters():
    from itakit.inputs.table import text_key

    assert text_key(SARA_AM_SPLIT) == text_key(SARA_AM) == SARA_AM
    assert text_key(NBSP_NAME) == text_key(PLAIN_NAME) == text_key(" เทศบาลตำบล \u200b ลำเลียง\u2060 ")
    assert text_key("e\u0301cole") == text_key("\u00e9cole")  # NFC
    assert text_key("A  b") == "A b" and text_key("A") != text_key("a")  # case is kept


@pytest.mark.parametrize("second", [SARA_AM_SPLIT, SARA_AM + "\u00a0", SARA_AM.replace(" ", "\u00a0"),
                                    SARA_AM.replace(" ", " \u200b")])
def test_the_same_agency_written_two_ways_is_a_duplicate(capsys, tmp_path, second):
    path = tmp_path / "many.csv"
    path.write_text(many_csv([(SARA_AM, *SCORES), ("B", *SCORES), (second, *SCORES)]), encoding="utf-8")
    for command in ("score", "summary"):
        code, out, err = run(capsys, command, path)
        assert code == 1 and out == ""
        assert "line 4, column 'agency'" in err and "appears twice (first on line 2)" in err


def test_compare_matches_an_agency_written_two_ways(capsys, tmp_path):
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text(many_csv([(SARA_AM_SPLIT, *SCORES), (NBSP_NAME, *SCORES)]), encoding="utf-8")
    new.write_text(many_csv([(SARA_AM, *SCORES), (PLAIN_NAME, *SCORES)]), encoding="utf-8")
    code, out, err = run(capsys, "compare", old, new, "--format", "json")
    assert code == 0, err
    import json

    agencies = json.loads(out)["agencies"]
    assert [(a["agency"], a["status"]) for a in agencies] == [(SARA_AM, "both"), (PLAIN_NAME, "both")]


def test_groups_written_two_ways_are_one_group_shown_as_first_written(capsys, tmp_path):
    path = tmp_path / "many.csv"
    header = "agency," + ",".join(map(str, range(1, 11))) + ",province"
    rows = [(f"A{n}", *SCORES, value) for n, value in enumerate([SARA_AM, SARA_AM_SPLIT, SARA_AM + "\u00a0"])]
    path.write_text(many_csv(rows, header), encoding="utf-8")
    for extra in ([], ["--skip-unreadable"]):  # the fast summary and the ordinary path
        code, out, err = run(capsys, "summary", path, "--by", "province", "--format", "csv", *extra)
        assert code == 0, err
        group_lines = [line for line in out.splitlines() if line.startswith(SARA_AM[:5])]
        assert len(group_lines) == 1 and group_lines[0].startswith(SARA_AM + ",3,")


def test_raw_answers_of_one_agency_written_two_ways_are_counted_together(rules, tmp_path):
    codes = [c for c in rules.sub_item_codes if c.startswith("e")][:3]
    lines = ["agency," + ",".join(codes)]
    lines += [f"{SARA_AM},4,4,4", f"{SARA_AM_SPLIT},3,3,3", f"{SARA_AM}\u00a0,4,4,4"]
    path = tmp_path / "raw.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = itakit.read_input(path, rules)
    assert [(a.agency, a.respondents) for a in data.agencies] == [(SARA_AM, 3)]


def test_report_picks_the_agency_written_another_way(capsys, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text(many_csv([(SARA_AM, *SCORES), ("B", *SCORES)]), encoding="utf-8")
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "report", path, "--agency", SARA_AM_SPLIT, "--digits", "arabic", "-o", out)
    assert code == 0, err
    assert "97.20" in out.read_text(encoding="utf-8")


def test_json_results_naming_one_agency_two_ways_are_refused(capsys, tmp_path):
    import json

    items = [{"agency": name, "year": 2565, "indicators": [{"number": 1, "score": 99.84}]}
             for name in (SARA_AM, SARA_AM_SPLIT)]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "$[1].agency" in err and "appears twice (first at $[0])" in err


# -- 3. a repeated header row -----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["score", "summary"])
def test_two_tables_joined_with_cat_are_refused_at_the_second_header(capsys, tmp_path, command):
    one = many_csv([("A", *SCORES), ("B", *SCORES)])
    two = many_csv([("C", *SCORES)])
    path = tmp_path / "joined.csv"
    path.write_text(one + two, encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, err = run(capsys, command, path)
    assert code == 1 and out == ""
    assert f"{path}, line 4: is the header row repeated: were two files joined?" in err
    assert "'agency'" not in err.split("line 4")[0]
    assert snapshot(tmp_path) == before


def test_a_repeated_header_in_an_indicator_table_and_in_raw_answers(capsys, tmp_path, rules):
    path = tmp_path / "ind.csv"
    path.write_text("indicator,score\n1,99.84\nIndicator, Score\n2,99.49\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "line 3: is the header row repeated" in err
    codes = ",".join(c for c in rules.sub_item_codes if c.startswith("e"))
    raw = tmp_path / "raw.csv"
    raw.write_text(f"agency,{codes}\nA,{','.join('4' * len(codes.split(',')))}\nagency,{codes}\n", encoding="utf-8")
    code, _, err = run(capsys, "score", raw, "--skip-unreadable")
    assert code == 1 and "line 3: is the header row repeated" in err


# -- 4. strict numbers in data, duplicate JSON keys ---------------------------------------------------


@pytest.mark.parametrize("cell", ["1_00", "1/2", "99.84.1", "0x10", " 9 9", "NaN", "Infinity", "9e", "1,5"])
def test_a_data_cell_that_is_not_a_plain_decimal_is_refused(capsys, tmp_path, cell):
    path = tmp_path / "ind.csv"
    quoted = f'"{cell}"' if "," in cell else cell
    path.write_text(f"indicator,score\n1,{quoted}\n", encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and f"line 2, column 'score': {cell.strip()!r} is not a number" in err


@pytest.mark.parametrize(("cell", "shown"), [("๙๙.๘๔", "99.84"), ("+99.84", "99.84"), ("9.984e1", "99.84"),
                                             ("9984E-2", "99.84"), (".5", "0.50")])
def test_plain_decimals_in_thai_or_arabic_digits_are_read(rules, tmp_path, cell, shown):
    path = tmp_path / "ind.csv"
    path.write_text(f"indicator,score\n1,{cell}\n", encoding="utf-8")
    from itakit.exact import round_half_up

    scores = itakit.read_input(path, rules).agencies[0].indicator_scores
    assert str(round_half_up(scores[1])) == shown


def test_a_many_agency_cell_with_an_underscore_is_refused(capsys, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text(many_csv([("A", "1_00", *SCORES[1:])]), encoding="utf-8")
    for command in ("score", "summary"):
        code, _, err = run(capsys, command, path)
        assert code == 1 and "line 2, column '1': '1_00' is not a number" in err


@pytest.mark.parametrize("text", ["1_00", "1/2", "97_20"])
def test_grade_refuses_underscores_and_ratios(capsys, text):
    code, out, err = run(capsys, "grade", text)
    assert code == 2 and out == "" and f"{text!r} is not a number" in err


def test_grade_still_reads_thai_digits(capsys):
    code, out, _ = run(capsys, "grade", "๙๗.๒๐")
    assert code == 0 and out.startswith("97.20  AA")


def test_rule_files_keep_their_ratio_syntax(tmp_path):
    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    assert 'weight = "30"' in text
    edited = text.replace('weight = "30"', 'weight = "60/2"', 1)
    path = tmp_path / "r.toml"
    path.write_text(edited, encoding="utf-8")
    assert itakit.load_rule_set(path).tools[0].weight == 30


@pytest.mark.parametrize(("payload", "where"), [
    ('{"year": 2565, "year": 2566, "indicators": []}', "$.year"),
    ('{"year": 2565, "indicators": [{"number": 1, "score": 10, "score": 99.84}]}', "$.indicators[0].score"),
    ('[{"agency": "A", "agency": "B", "indicators": []}]', "$[0].agency"),
])
def test_a_json_key_given_twice_is_refused_with_its_path(capsys, tmp_path, payload, where):
    path = tmp_path / "r.json"
    path.write_text(payload, encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and f"at {where}: is given more than once" in err


# -- 5. bounded resources ---------------------------------------------------------------------------


def _workbook_bytes(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_whose_parts_unpack_past_the_limit_is_refused_before_reading(capsys, tmp_path, monkeypatch):
    import itakit.inputs.xlsx as xlsx

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_workbook_bytes([["agency", *range(1, 11)], ["A", *SCORES]]))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:  # 300 KB of strings in under 2 KB
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>ha</t></si>" * 16_000 + b"</sst>")
    assert path.stat().st_size < 20_000
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 100_000)
    monkeypatch.setattr(xlsx, "_openpyxl", lambda: pytest.fail("openpyxl must not be reached"), raising=True)
    code, out, err = run(capsys, "score", path)
    assert code == 1 and out == ""
    assert "its part xl/sharedStrings.xml unpacks to" in err and "docs/input-formats.md" in err


def test_the_xlsx_limits_are_documented():
    import itakit.inputs.xlsx as xlsx

    doc = (ROOT / "docs/input-formats.md").read_text(encoding="utf-8")
    assert f"{xlsx.MAX_PART_BYTES // 2**20} MiB" in doc and f"{xlsx.MAX_SHEET_BYTES // 2**30} GiB" in doc


def test_a_declared_size_past_the_limit_is_caught_from_the_directory_alone(tmp_path, monkeypatch):
    import itakit.inputs.xlsx as xlsx

    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"x" * 200_000 + b"</sst>")
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 100_000)
    with pytest.raises(itakit.DataError, match="unpacks to"):
        xlsx.check_unpacked_size(path)


def _itakit(*argv: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "itakit", *argv], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, check=False)


@pytest.mark.parametrize("option", ["", "--rules", "--plan", "--mapping"])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, option):
    fifo = tmp_path / ("pipe.toml" if option else "pipe.csv")
    os.mkfifo(fifo)
    if option == "":
        argv = ["score", str(fifo)]
    elif option == "--plan":
        argv = ["report", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--agency", "A", "--plan", str(fifo),
                "-o", str(tmp_path / "r.md")]
    else:
        argv = ["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), option, str(fifo)]
    done = _itakit(*argv, cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "is not a regular file (a named pipe or a device?)" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [fifo.name]


def test_read_input_refuses_a_named_pipe_too(rules, tmp_path):
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    with pytest.raises(itakit.UsageError, match="not a regular file"):
        itakit.read_input(fifo, rules)


# -- 6. environment problems are user errors ----------------------------------------------------------


class _FullDisk:
    """A file whose writes fail with ENOSPC after a few bytes, like a disk filling up."""

    def __init__(self, real, room: int = 64) -> None:
        self.real, self.room = real, room

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


@pytest.mark.parametrize(("command", "name"), [("score", "out.csv"), ("score", "out.xlsx"), ("report", "r.docx")])
def test_a_full_disk_is_an_error_without_traceback_and_leaves_nothing(capsys, tmp_path, monkeypatch,
                                                                      command, name):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    out = tmp_path / name
    argv = [command, EXAMPLES / "lamliang-2565-indicators.csv", "-o", out]
    if command == "report":
        argv += ["--agency", "เทศบาลตำบลลำเลียง"]
    elif name.endswith(".csv"):
        argv += ["--format", "csv"]
    code, stdout, err = run(capsys, *argv)
    assert code == 2, err
    assert err.startswith(f"itakit: error: {out}: cannot write the output: No space left on device")
    assert "Traceback" not in err and "internal error" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("number", "reason"), [(errno.EACCES, "Permission denied"),
                                                (errno.EROFS, "Read-only file system")])
def test_an_unwritable_folder_is_an_error(capsys, tmp_path, monkeypatch, number, reason):
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(number, os.strerror(number), str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out.txt"
    code, _, err = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", out)
    assert code == 2 and f"{out}: cannot write the output: {reason}" in err
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_is_a_folder_is_refused_before_any_work(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,score\n1,abc\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "score", bad, "-o", folder)
    assert code == 2 and f"-o {folder}: is a folder" in err and "abc" not in err
    code, _, err = run(capsys, "report", bad, "--agency", "A", "-o", folder)
    assert code == 2 and "is a folder" in err
    assert snapshot(tmp_path) == before


def test_an_output_that_is_a_device_or_a_pipe_is_refused_not_replaced(capsys, tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", fifo)
    assert code == 2 and "is not a regular file (a device or a named pipe?)" in err
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]
    with pytest.raises(itakit.UsageError, match="not a regular file"):
        from itakit.atomic import write_atomic

        write_atomic(fifo, "x")
    assert fifo.is_fifo()


DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.mark.parametrize("option", ["--rules", "--mapping", "--plan"])
def test_toml_nested_thousands_deep_is_an_input_error(capsys, tmp_path, option):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP, encoding="utf-8")
    indicators = EXAMPLES / "lamliang-2565-indicators.csv"
    if option == "--plan":
        argv = ["report", indicators, "--agency", "A", "--plan", path, "-o", tmp_path / "r.md"]
    else:
        argv = ["score", indicators, option, path]
    code, _, err = run(capsys, *argv)
    assert code == 1, err
    assert "nested too deeply" in err and str(path) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep.toml"]


def _rule_file(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "key"), [
    ('pass_line = "85.00"', 'pass_line = "1e400"', "pass_line"),
    ('pass_line = "85.00"', 'pass_line = "1e999999999"', "pass_line"),
    ('pass_line = "85.00"', 'pass_line = "abc"', "pass_line"),
    ('lower = "85.00"', 'lower = "1e400"', "bands[1].lower"),
    ('lower = "85.00"', 'lower = 1e400', "bands[1].lower"),
    ('lower = "85.00"', 'lower = "85.001"', "bands[1].lower"),
    ('pass_line = "85.00"', 'pass_line = true', "pass_line"),
])
def test_a_bad_rule_value_names_its_key_and_line(capsys, tmp_path, old, new, key):
    path = _rule_file(tmp_path, old, new)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(new))
    code, _, err = run(capsys, "grade", "90", "--rules", path)
    assert code == 1, err
    assert f"{path}, line {line}: {key}: " in err
    assert "internal error" not in err


def test_a_plan_with_huge_numbers_is_not_an_internal_error(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('[i2]\nmeasure = 1e400\nbudget = 1e400\n', encoding="utf-8")
    code, _, err = run(capsys, "report", EXAMPLES / "lamliang-2565-indicators.csv", "--agency", "A",
                       "--plan", plan, "-o", tmp_path / "r.md")
    assert code in (0, 1) and "internal error" not in err and "Traceback" not in err


def test_a_mapping_with_a_huge_year_is_not_an_internal_error(capsys, tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('year = 1e400\n[columns]\n"a" = "e1"\n', encoding="utf-8")
    code, _, err = run(capsys, "score", EXAMPLES / "practice-survey-2565-eit.csv", "--mapping", mapping)
    assert code in (1, 2) and "internal error" not in err


def test_control_characters_go_into_a_docx_replaced(capsys, tmp_path):
    import docx

    out = tmp_path / "r.docx"
    code, _, err = run(capsys, "report", EXAMPLES / "lamliang-2565-indicators.csv",
                       "--agency", "เทศบาล\x01ลำเลียง\x0b", "-o", out)
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "เทศบาล\ufffdลำเลียง\ufffd" in text and "\x01" not in text


# -- 7. atomic output done fully -------------------------------------------------------------------------

# The signal cases are in test_signals.py.


def test_an_existing_private_file_stays_private(capsys, tmp_path):
    out = tmp_path / "private.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    code, _, _ = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", out)
    assert code == 0 and "97.20" in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(capsys, tmp_path, umask, mode):
    out = tmp_path / "new.txt"
    old = os.umask(umask)
    try:
        code, _, _ = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", out)
    finally:
        os.umask(old)
    assert code == 0 and out.stat().st_mode & 0o777 == mode


def test_output_through_a_symlink_writes_the_file_it_points_to(capsys, tmp_path):
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    target = real_folder / "result.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "97.20" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in real_folder.iterdir()) == ["result.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real"]


# -- 8. rule-file consistency -------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "band"), [
    ('pass_line = "85.00"', 'pass_line = "80.00"', "B"),   # B (75-84.99) reaches 80 but does not pass
    ('pass_line = "85.00"', 'pass_line = "90.00"', "A"),   # A (85-94.99) passes but starts below 90
])
def test_a_pass_line_that_disagrees_with_the_bands_is_refused(capsys, tmp_path, old, new, band):
    path = _rule_file(tmp_path, old, new)
    for argv in (("grade", "82", "--rules", path), ("score", EXAMPLES / "lamliang-2565-indicators.csv",
                                                      "--rules", path)):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert f"pass_line {new.split('=')[1].strip().strip(chr(34))} disagrees with band {band!r}" in err


def test_a_band_marked_passed_below_the_pass_line_is_refused(tmp_path):
    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    head, _, tail = text.partition('code = "B"')
    tail = tail.replace("passed = false", "passed = true", 1)
    path = tmp_path / "rules.toml"
    path.write_text(head + 'code = "B"' + tail, encoding="utf-8")
    with pytest.raises(itakit.RuleSetError, match=r"disagrees with band 'B' \(75.00-84.99, passed = true\)"):
        itakit.load_rule_set(path)


# -- 9. clearer refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--rules", "--mapping", "--plan"])
def test_a_missing_option_file_is_a_usage_error(capsys, tmp_path, option):
    missing = tmp_path / "missing.toml"
    indicators = EXAMPLES / "lamliang-2565-indicators.csv"
    if option == "--plan":
        argv = ["report", indicators, "--agency", "A", "--plan", missing, "-o", tmp_path / "r.md"]
    else:
        argv = ["score", indicators, option, missing]
    code, _, err = run(capsys, *argv)
    assert code == 2 and f"{option} {missing}: no such " in err
    assert list(tmp_path.iterdir()) == []


def test_an_unclosed_quote_is_reported_where_it_opens(capsys, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('agency,1\n"A,90\nB,91\nC,92\nD,93\n', encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and f"{path}, line 2: not readable as CSV: a quoted value is never closed" in err


def test_an_unclosed_quote_after_multi_line_values_is_reported_where_it_opens(capsys, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('agency,1\n"A\nsecond line",90\nB,91\n"C,92\nD,93\n', encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "line 5: not readable as CSV: a quoted value is never closed" in err


@pytest.mark.parametrize("bom", [True, False])
def test_utf32_is_named_as_unsupported(capsys, tmp_path, bom):
    path = tmp_path / "u32.csv"
    text = "indicator,score\n1,99.84\n"
    path.write_bytes(text.encode("utf-32" if bom else "utf-32-le"))
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "is UTF-32 text, which itakit does not read" in err and "\\x00" not in err
    js = tmp_path / "u32.json"
    js.write_bytes('{"indicators": []}'.encode("utf-32"))
    code, _, err = run(capsys, "score", js)
    assert code == 1 and "UTF-32" in err


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exported_neutralised_names_read_back_as_they_were(capsys, tmp_path, suffix):
    source = tmp_path / "many.csv"
    source.write_text(many_csv([("=1+1", *SCORES), ("-กอง", *SCORES), ("@x", *SCORES)]), encoding="utf-8")
    export = tmp_path / f"export.{suffix}"
    code, _, err = run(capsys, "score", source, *(["--format", "csv"] if suffix == "csv" else []), "-o", export)
    assert code == 0, err
    if suffix == "csv":
        assert "'=1+1" in export.read_text(encoding="utf-8")
    data = itakit.read_input(export, itakit.get_registry().rule_set(2565))
    assert [a.agency for a in data.agencies] == ["=1+1", "-กอง", "@x"]


def test_unknown_extra_columns_that_look_like_codes_are_kept(capsys, tmp_path):
    header = "agency," + ",".join(map(str, range(1, 11))) + ",x0,z12"
    path = tmp_path / "many.csv"
    path.write_text(many_csv([("A", *SCORES, "north", "1"), ("B", *SCORES, "south", "2")], header), encoding="utf-8")
    code, out, err = run(capsys, "summary", path, "--by", "x0", "--format", "csv")
    assert code == 0, err
    assert "north" in out and "south" in out


def test_this_years_codes_as_extra_columns_are_still_refused_once(capsys, tmp_path):
    header = "agency," + ",".join(map(str, range(1, 11))) + ",i5"
    path = tmp_path / "many.csv"
    path.write_text(many_csv([("A", *SCORES, "1")], header), encoding="utf-8")
    code, _, err = run(capsys, "score", path, "--year", "2565")
    assert code == 1 and err.count("is the code of question i5") == 1


def test_a_year_whose_plugin_failed_says_which_plugin_and_why():
    import itakit_rules_2565
    from itakit.rules.plugins import PluginLoadFailure

    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    registry.failures.append(PluginLoadFailure("ita2566", "itakit-rules-2566", "ImportError: no module named x"))
    with pytest.raises(itakit.UsageError) as caught:
        registry.rule_set(2566)
    message = str(caught.value)
    assert message.startswith("no rule set for year 2566; installed: 2565")
    assert "plugin 'ita2566' from itakit-rules-2566 could not be loaded: ImportError: no module named x" in message


# -- 10. fuzzing the TOML readers: only documented errors come out ---------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DOCUMENTED = (itakit.DataError, itakit.UsageError, itakit.RuleSetError)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
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


@FUZZ
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


@FUZZ
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


@FUZZ
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


@FUZZ
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


@FUZZ
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
