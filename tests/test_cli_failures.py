"""How a command fails: every failure an exit code and a plain message, the same with --debug, nothing written.

Too little memory is the machine's problem (exit 2), from every command; ``--debug``
adds the traceback and never changes the exit code; no message shows a tuple of attrs'
internals.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import itakit
from clihelp import run, snapshot
from conftest import EXAMPLES, ROOT

INDICATORS = EXAMPLES / "lamliang-2565-indicators.csv"
MANY = EXAMPLES / "synthetic-agencies-2565.csv"
NOT_ENOUGH = "itakit: error: not enough memory to finish"

COMMANDS = {
    "years": ["years"],
    "score": ["score", INDICATORS, "-o", "{out}/out.txt"],
    "mapping": ["mapping", "--year", "2565", "-o", "{out}/m.toml"],
    "summary": ["summary", MANY, "--by", "province", "-o", "{out}/s.txt"],
    "compare": ["compare", MANY, MANY, "-o", "{out}/c.txt"],
    "grade": ["grade", "94.99"],
    "plan": ["plan", INDICATORS, "-o", "{out}/p.txt"],
    "report": ["report", INDICATORS, "--agency", "A", "-o", "{out}/r.md"],
    "rules": ["rules", "--year", "2565"],
}


def _argv(name: str, out) -> list[str]:
    return [str(a).format(out=out) for a in COMMANDS[name]]


def _no_memory(*args, **kwargs):
    raise MemoryError


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_too_little_memory_is_exit_2_with_a_plain_message_from_every_command(capsys, tmp_path, monkeypatch, command):
    monkeypatch.setattr("itakit.cli.commands.get_registry", _no_memory)  # the first thing every command does
    code, stdout, err = run(capsys, *_argv(command, tmp_path))
    assert code == 2 and stdout == ""
    assert err.startswith(NOT_ENOUGH) and "Traceback" not in err and "internal error" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("command", "where"), [
    ("score", "itakit.scoring.score.score_many"), ("summary", "itakit.scoring.fastsummary.summarise_csv"),
    ("summary", "itakit.scoring.batch.summarise"), ("compare", "itakit.scoring.batch.compare"),
    ("compare", "itakit.inputs.read.read_input"), ("plan", "itakit.scoring.planner.plan_improvements"),
    ("report", "itakit.outputs.report.build_report"),
])
def test_too_little_memory_deep_inside_a_command_is_exit_2(capsys, tmp_path, monkeypatch, command, where):
    monkeypatch.setattr(where, _no_memory)
    argv = _argv(command, tmp_path)
    if where.endswith("batch.summarise"):  # the ordinary summary, not the whole-number one of a clean CSV table
        argv[1] = str(EXAMPLES / "lamliang-2565-result.json")
        argv[2:4] = []
    code, stdout, err = run(capsys, *argv)
    assert code == 2 and stdout == "" and err.startswith(NOT_ENOUGH)
    assert list(tmp_path.iterdir()) == []


_LIMITED = textwrap.dedent("""
    import resource, sys, faulthandler
    faulthandler.dump_traceback_later(60, exit=True)
    from itakit.cli import main
    import itakit.scoring.score, itakit.scoring.batch, itakit.scoring.fastsummary, itakit.outputs.render_batch
    import itakit.inputs.read, itakit.rules.plugins
    itakit.rules.plugins.get_registry().rule_set(2565)
    with open("/proc/self/status") as fh:
        size = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:"))
    limit = (size + 10 * 1024) * 1024   # 10 MiB more than what is loaded: far too little for the file
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit is read from /proc")
@pytest.mark.parametrize("command", ["summary", "compare", "score"])
def test_a_real_lack_of_memory_is_exit_2_without_a_traceback(tmp_path, command):
    path = tmp_path / "big2565.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("agency,province," + ",".join(map(str, range(1, 11))) + "\n")
        for n in range(120_000):
            fh.write(f"A{n},P{n % 77}," + ",".join(f"{50 + (n * k) % 50}.{(n + k) % 100:02d}" for k in range(10))
                     + "\n")
    argv = [command, str(path)] + ([str(path)] if command == "compare" else [])
    # one malloc arena: under an address-space limit glibc's retry in another arena can spin in mmap for minutes
    env = {**os.environ, "MALLOC_ARENA_MAX": "1"}
    done = subprocess.run([sys.executable, "-c", _LIMITED, *argv, "-o", str(tmp_path / "out.txt")],
                          capture_output=True, text=True, timeout=120, check=False, stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(NOT_ENOUGH) and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big2565.csv"]


# -- --debug never changes the exit code -----------------------------------------------------------------


def _bug(*args, **kwargs):
    raise ZeroDivisionError("a bug")


@pytest.mark.parametrize(("argv", "patch", "code", "message"), [
    (["score", EXAMPLES / "lamliang-2565-result.json", "--mapping", INDICATORS], None, 2, "a mapping is for survey"),
    (["grade", "abc"], None, 2, "'abc' is not a number"),
    (["score", "{bad}"], None, 1, "'abc' is not a number"),
    (["score", INDICATORS], "itakit.scoring.score.score_many", 3, "internal error: ZeroDivisionError: a bug"),
    (["score", INDICATORS], "memory", 2, "not enough memory"),
    (["score", "{missing}"], None, 2, "no such file"),
])
def test_debug_adds_the_traceback_and_keeps_the_exit_code(capsys, tmp_path, monkeypatch, argv, patch, code, message):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,score\n1,abc\n", encoding="utf-8")
    argv = [str(a).format(bad=bad, missing=tmp_path / "none.csv") for a in argv]
    if patch == "memory":
        monkeypatch.setattr("itakit.scoring.score.score_many", _no_memory)
    elif patch:
        monkeypatch.setattr(patch, _bug)
    before = snapshot(tmp_path)
    plain, _, err = run(capsys, *argv)
    assert plain == code and message in err and "Traceback" not in err
    debug, _, err = run(capsys, "--debug", *argv)
    assert debug == code and message in err and "Traceback (most recent call last)" in err
    assert snapshot(tmp_path) == before


# -- messages name keys and lines, never attrs' tuples ----------------------------------------------------


def _rule_file(tmp_path, old: str, new: str, year: int = 2565):
    text = (ROOT / f"src/itakit_rules_{year}/ita{year}.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                      if new.strip() in line)


@pytest.mark.parametrize(("old", "new", "key", "says"), [
    ('min_total = "95.00"', 'min_total = "195.00"', "rating.levels[0].min_total", "'195.00' is outside 0-100"),
    ('min_every_tool = "95.00"', 'min_every_tool = "-5"', "rating.levels[0].min_every_tool", "'-5' is outside 0-100"),
    ('code = "ผ่านดี"\n', 'code = ""\n', "rating.levels[1].code", "the level's code is empty"),
    ('code = "ผ่านดี"\n', 'code = "ผ่านดีเยี่ยม\u200b"\n', "rating.levels[1].code", "holds characters nobody sees (U+200B)"),
    ('code = "ผ่านดี"\n', 'code = "ผ่านดี\u00a0"\n', "rating.levels[1].code", "holds characters nobody sees (U+00A0)"),
    ('code = "ผ่านดี"\n', 'code = " ผ่านดี"\n', "rating.levels[1].code", "has spaces at its ends"),
    ('code = "ไม่ผ่าน"\n', 'code = "ต\u0e4d\u0e32"\n', "rating.levels[3].code", "sara am in two characters"),
    ('pass_line = "85.00"', 'pass_line = "185.00"', "pass_line", "'185.00' is outside 0-100"),
    ('provenance = { status = "U", note = "weights', 'provenance = { status = "X", note = "weights',
     "tools[0].provenance.status", "provenance status 'X' is not one of V (stated), D (derived), U (unverified)"),
])
def test_a_bad_rating_value_names_its_key_and_line(capsys, tmp_path, old, new, key, says):
    path, line = _rule_file(tmp_path, old, new, 2568)
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "grade", "90", "--rules", path)
    assert code == 1 and stdout == ""
    assert f"{path}, line {line}: {key}: " in err and says in err
    assert "Attribute(" not in err and "validator" not in err
    assert snapshot(tmp_path) == before


def test_a_band_code_with_an_invisible_character_is_refused(capsys, tmp_path):
    path, line = _rule_file(tmp_path, 'code = "AA"', 'code = "A\u200bA"')
    code, _, err = run(capsys, "grade", "90", "--rules", path)
    assert code == 1 and f"line {line}: bands[0].code: the grade's code 'A\\u200bA' holds characters nobody sees" in err


def test_rating_levels_built_in_python_are_checked_too():
    from itakit.rules.rating import RatingLevel

    with pytest.raises(itakit.RuleSetError, match="code of RatingLevel is empty"):
        RatingLevel("", "", "", passed=True)
    with pytest.raises(itakit.RuleSetError, match="holds characters nobody sees"):
        RatingLevel("ผ่าน\u2060", "", "", passed=True)


# -- the measures catalogue a rule file names ------------------------------------------------------------


def _catalogue_rules(tmp_path, catalogue: bytes):
    (tmp_path / "measures.toml").write_bytes(catalogue)
    return _rule_file(tmp_path, 'measures = "package:itakit_rules_2565/measures2565.toml"',
                      'measures = "measures.toml"')[0]


CATALOGUE = (ROOT / "src/itakit_rules_2565/measures2565.toml").read_text(encoding="utf-8")
ENTRY = ('\n[{code}]\nsubject = "หน่วยงาน"\ndeficiency = "ก"\nstrength = "ข"\nmeasure = "ค"\nmethod = "ง"\n'
         'responsible = "จ"\nfollow_up = "ฉ"\n')


@pytest.mark.parametrize(("catalogue", "says"), [
    (("x = " + "[" * 5000 + "]" * 5000 + "\n").encode(), "not a measures catalogue: its TOML is nested too deeply"),
    (CATALOGUE.encode("cp874", errors="replace"), "the measures catalogue is not UTF-8 text (saved as cp874/TIS-620?)"),
    ((CATALOGUE + ENTRY.format(code="i99") + ENTRY.format(code="o44")).encode(),
     "'i99', 'o44': are not questions, OIT items or indicators of these rules, so the report would never use their "
     "entries"),
    (CATALOGUE.replace('subject = "หน่วยงาน"', 'subject = "ใคร"', 1).encode(),
     "subject 'ใคร' is not one of หน่วยงาน, บุคลากร"),
])
def test_a_broken_catalogue_is_an_input_error_naming_the_file(capsys, tmp_path, catalogue, says):
    rules = _catalogue_rules(tmp_path, catalogue)
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "report", EXAMPLES / "lamliang-2565-questions.csv", "--agency", "A",
                            "--rules", rules, "-o", tmp_path / "r.md")
    assert code == 1 and stdout == ""
    assert f"{tmp_path / 'measures.toml'}" in err and says in err
    assert "internal error" not in err and "Attribute(" not in err
    assert snapshot(tmp_path) == before


def test_an_inline_catalogue_with_a_code_the_year_lacks_is_refused(tmp_path):
    from itakit.rules.rulefile import load_rule_set

    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    text = text.replace('measures = "package:itakit_rules_2565/measures2565.toml"', "")
    path = tmp_path / "rules.toml"
    path.write_text(text + "\n[measures]" + ENTRY.format(code="e16").replace("\n[e16]", "\n[measures.e16]"),
                    encoding="utf-8")
    with pytest.raises(itakit.RuleSetError, match="measures: 'e16': is not a question, OIT item or indicator of these rules"):
        load_rule_set(path)


class _ClosedPipe:
    """Standard output whose reader has gone (``itakit … | head``)."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise ValueError("no file")

    def flush(self) -> None:
        pass


def test_a_closed_pipe_is_exit_2_with_a_plain_message(capsys, monkeypatch):
    from itakit.cli import main

    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["score", str(INDICATORS)]) == 2
    err = capsys.readouterr().err
    assert err == "itakit: error: Broken pipe\n"


# -- option files: missing, or nested too deeply -----------------------------------------------------------------


DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"


def _reading(option: str, path: object, tmp_path) -> list[object]:
    """A command that reads ``path`` through ``option`` (``--plan`` is the report's; the others the score's)."""
    indicators = EXAMPLES / "lamliang-2565-indicators.csv"
    if option == "--plan":
        return ["report", indicators, "--agency", "A", "--plan", path, "-o", tmp_path / "r.md"]
    return ["score", indicators, option, path]


@pytest.mark.parametrize("option", ["--rules", "--mapping", "--plan"])
def test_toml_nested_thousands_deep_is_an_input_error(capsys, tmp_path, option):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP, encoding="utf-8")
    code, _, err = run(capsys, *_reading(option, path, tmp_path))
    assert code == 1, err
    assert "nested too deeply" in err and str(path) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep.toml"]


@pytest.mark.parametrize("option", ["--rules", "--mapping", "--plan"])
def test_a_missing_option_file_is_a_usage_error(capsys, tmp_path, option):
    missing = tmp_path / "missing.toml"
    code, _, err = run(capsys, *_reading(option, missing, tmp_path))
    assert code == 2 and f"{option} {missing}: no such " in err
    assert list(tmp_path.iterdir()) == []


# -- many agencies' problems: the first ones shown, the rest counted ---------------------------------------------


def test_the_problems_of_many_agencies_are_shown_up_to_the_limit_and_the_rest_counted(capsys, tmp_path):
    from itakit.errors import MAX_PROBLEMS

    path = tmp_path / "partial.csv"
    path.write_text("agency,1,2\n" + "".join(f"A{n},90,80\n" for n in range(MAX_PROBLEMS + 10)), encoding="utf-8")
    code, out, err = run(capsys, "score", path, "--year", "2565")
    lines = err.splitlines()
    assert code == 1 and out == ""
    assert len(lines) == MAX_PROBLEMS + 1 and lines[-1] == "... and 10 more problem(s) not shown"
    assert lines[0] == (f"itakit: error: {path}: agency 'A0': IIT has indicators 1, 2, 3, 4, 5: indicators 3, 4, 5 "
                        "are missing (give every indicator of a tool, or leave the tool out)")
    with pytest.raises(itakit.DataError, match="indicators 3, 4, 5 are missing") as caught:  # the API keeps them all
        rules = itakit.rule_set(2565)
        itakit.score_many(rules, itakit.read_input(path, rules).agencies)
    assert len(caught.value.problems) == MAX_PROBLEMS + 10
