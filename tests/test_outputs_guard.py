"""No output replaces an input: every file a command reads, named by an option or inside another file, is guarded.

Also: a read-only output file is refused (exit 2), whatever its folder allows.  Each case
builds its files, runs the command, and checks the exit code, the message and that no
file was created, changed or left behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import itakit
from clihelp import SCORES, many_csv, run, snapshot
from conftest import EXAMPLES, ROOT

INDICATORS = EXAMPLES / "lamliang-2565-indicators.csv"
QUESTIONS = EXAMPLES / "lamliang-2565-questions.csv"


def _link(tmp_path: Path, target: Path, how: str, name: str) -> Path:
    """An output name for ``target``: a symlink to it, a hard link, or the path itself."""
    out = tmp_path / name
    if how == "symlink":
        out.symlink_to(target)
    elif how == "hard-link":
        os.link(target, out)
    else:
        out = target
    return out


@pytest.mark.parametrize("how", ["same", "symlink", "hard-link"])
def test_report_never_overwrites_the_previous_years_file(capsys, tmp_path, how):
    previous = tmp_path / "last-year.csv"
    previous.write_bytes(INDICATORS.read_bytes())
    out = _link(tmp_path, previous, how, "report.md")
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "report", INDICATORS, "--agency", "A", "--previous", previous, "-o", out)
    assert code == 2 and stdout == ""
    assert f"-o {out} would overwrite the input {previous}" in err
    assert snapshot(tmp_path) == before


def _rules_with_catalogue(tmp_path: Path, name: str = "measures.toml") -> tuple[Path, Path]:
    """A copy of the 2565 rule file whose measures catalogue is a file beside it, called ``name``."""
    catalogue = tmp_path / name
    catalogue.write_bytes((ROOT / "src/itakit_rules_2565/measures2565.toml").read_bytes())
    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(text.replace('measures = "package:itakit_rules_2565/measures2565.toml"',
                                  f'measures = "{name}"'), encoding="utf-8")
    return rules, catalogue


@pytest.mark.parametrize("how", ["same", "symlink", "hard-link"])
@pytest.mark.parametrize(("command", "source"), [("report", QUESTIONS), ("report", INDICATORS),
                                                 ("score", INDICATORS), ("plan", QUESTIONS)])
def test_no_command_overwrites_the_catalogue_its_rule_file_names(capsys, tmp_path, how, command, source):
    """The catalogue is an input as soon as the rule file names it, whether or not the report uses it."""
    rules, catalogue = _rules_with_catalogue(tmp_path, "measures.md")  # a name the report could be written to
    out = _link(tmp_path, catalogue, how, "out.md")
    before = snapshot(tmp_path)
    extra = ["--agency", "A"] if command == "report" else []
    code, stdout, err = run(capsys, command, source, "--rules", rules, *extra, "-o", out)
    assert code == 2 and stdout == ""
    assert f"would overwrite the input {catalogue}" in err
    assert snapshot(tmp_path) == before


def test_the_compiled_twin_of_a_rule_file_is_an_input_too(capsys, tmp_path):
    from itakit.rules.rulefile import compile_rule_file

    rules, _ = _rules_with_catalogue(tmp_path)
    twin = compile_rule_file(rules)
    out = _link(tmp_path, twin, "symlink", "out.txt")
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "score", INDICATORS, "--rules", rules, "-o", out)
    assert code == 2 and f"would overwrite the input {twin}" in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("option", ["--plan", "--mapping", "--rules"])
def test_every_option_file_is_guarded_through_a_symlink(capsys, tmp_path, option):
    source = {"--plan": EXAMPLES / "lamliang-2565-plan.toml", "--mapping": EXAMPLES / "practice-survey-2565-eit.mapping.toml",
              "--rules": ROOT / "src/itakit_rules_2565/ita2565.toml"}[option]
    given = tmp_path / source.name
    given.write_bytes(source.read_bytes())
    out = _link(tmp_path, given, "symlink", "out.md")
    if option == "--plan":
        argv = ["report", QUESTIONS, "--agency", "A", "--plan", given, "-o", out]
    elif option == "--mapping":
        argv = ["score", EXAMPLES / "practice-survey-2565-eit.csv", "--mapping", given, "-o", out]
    else:
        argv = ["score", INDICATORS, "--rules", given, "-o", out]
    before = snapshot(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2 and f"-o {out} would overwrite the input {given}" in err
    assert snapshot(tmp_path) == before


def test_inputs_are_guarded_only_while_a_command_runs(tmp_path):
    """In the library, outside a command, a file read earlier may be written (nothing is noted)."""
    from itakit.atomic import guarding_inputs, inputs_read, write_atomic

    path = tmp_path / "x.csv"
    path.write_bytes(INDICATORS.read_bytes())
    rules = itakit.rule_set(2565)
    itakit.read_input(path, rules)
    write_atomic(path, "written\n")
    assert path.read_text(encoding="utf-8") == "written\n" and inputs_read() == ()
    with guarding_inputs() as read:
        itakit.read_input(INDICATORS, rules)
        os.symlink(INDICATORS, tmp_path / "link.csv")
        with pytest.raises(itakit.UsageError, match="would overwrite the input"):
            write_atomic(tmp_path / "link.csv", "x")
        assert INDICATORS in read
    assert INDICATORS.read_bytes().startswith(b"indicator,score")


# -- read-only outputs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["out.txt", "out.xlsx", "r.md"])
def test_a_read_only_output_file_is_refused_though_its_folder_is_writable(capsys, tmp_path, name):
    out = tmp_path / name
    out.write_bytes(b"keep me\n")
    out.chmod(0o444)
    before = snapshot(tmp_path)
    argv = (["report", INDICATORS, "--agency", "A", "-o", out] if name.endswith(".md")
            else ["score", INDICATORS, "-o", out])
    code, stdout, err = run(capsys, *argv)
    assert code == 2 and stdout == ""
    assert f"-o {out}: the file is read-only; make it writable (chmod u+w) or write to another file" in err
    assert snapshot(tmp_path) == before


def test_the_library_refuses_a_read_only_file_too(tmp_path):
    from itakit.atomic import write_atomic

    out = tmp_path / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")
    out.chmod(0o444)
    with pytest.raises(itakit.UsageError, match="the file is read-only"):
        write_atomic(out, "new")
    assert out.read_text(encoding="utf-8") == "keep me\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_writable_file_through_a_symlink_is_still_replaced(capsys, tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run(capsys, "score", INDICATORS, "-o", link)
    assert code == 0, err
    assert "97.20" in target.read_text(encoding="utf-8") and link.is_symlink()
    assert target.stat().st_mode & 0o777 == 0o640


# -- the input itself, however it is named (the reliability cases) -----------------------------------------------


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
