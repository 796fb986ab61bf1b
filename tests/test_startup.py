"""What keeps ``itakit score`` quick to start, checked for behaviour (never for time: see benchmarks/).

The lazy package, the one-sub-command parser, the command's entry point, the rule
file's JSON twin and the plain-header shortcut past the survey module each change
how work is done, never what comes out; these tests hold them to that.
"""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itakit
from conftest import EXAMPLES
from itakit import cli, progress
from itakit.inputs.read import _plainly_named
from itakit.inputs.shapes import HEADER_ALIASES
from itakit.inputs.survey import needs_translation

EXAMPLE = str(EXAMPLES / "lamliang-2565-indicators.csv")


def _fresh_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


# -- the lazy package ------------------------------------------------------------------------


def test_every_public_name_resolves_and_is_listed():
    for name in itakit.__all__:
        assert getattr(itakit, name) is not None, name
    assert set(itakit.__all__) <= set(dir(itakit))
    assert itakit.RuleSet is __import__("itakit.rules.model", fromlist=["RuleSet"]).RuleSet


def test_submodules_are_reachable_as_attributes_and_unknown_names_are_not():
    assert itakit.render.to_text is not None  # loaded on first use, as an eager package would have it
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        itakit.no_such_thing  # noqa: B018
    assert not hasattr(itakit, "_private")


def test_import_itakit_loads_neither_attrs_nor_the_model():
    loaded = _fresh_python("import sys, itakit; print(sorted(m for m in ('attrs', 'itakit.rules.model', 'pluggy') "
                           "if m in sys.modules))")
    assert loaded == "[]"


def test_scoring_the_plain_example_loads_neither_the_survey_reader_nor_tomllib_hashlib_jinja_or_babel():
    # What attrs, pluggy and the entry points load anyway (on some Python versions) is not itakit's doing.
    code = ("import sys, io, contextlib, attrs, pluggy; from importlib.metadata import entry_points\n"
            "list(entry_points(group='itakit')); before = set(sys.modules)\n"
            "from itakit.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): code = main(['score', {EXAMPLE!r}])\n"
            "print(code, sorted({'itakit.inputs.survey', 'tomllib', 'hashlib', 'jinja2', 'babel.numbers'} & (set(sys.modules) - before)))")
    assert _fresh_python(code) == "0 []"


# -- the parser: only the sub-command that runs is built ------------------------------------------


def test_the_command_word_is_found_after_top_level_options():
    assert cli._command_in(["score", "x.csv"]) == "score"
    assert cli._command_in(["--debug", "grade", "97"]) == "grade"
    assert cli._command_in(["--version"]) is None
    assert cli._command_in([]) is None


def test_top_level_help_and_errors_still_list_every_command(capsys):
    with pytest.raises(SystemExit, match="^0$") as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(f"    {name}" in out for name in cli.COMMANDS)
    with pytest.raises(SystemExit, match="^2$") as done:
        cli.main(["bogus"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'bogus'" in err and all(repr(name) in err for name in cli.COMMANDS)


def test_each_command_parses_as_it_did_with_the_whole_parser():
    argvs = [
        ["score", "f.csv", "--format", "json", "--digits", "thai", "-o", "out.json", "--no-progress"],
        ["--debug", "grade", "97.20", "--year", "๒๕๖๕"],
        ["summary", "f.csv", "--by", "province", "--weakest", "5"],
        ["compare", "a.csv", "b.csv", "--year-old", "2565"],
        ["report", "f.csv", "--agency", "x", "-o", "r.docx", "--chart"],
        ["mapping", "--tool", "eit"], ["plan", "f.csv"], ["rules"], ["years"],
    ]
    for argv in argvs:
        whole = vars(cli.build_parser().parse_args(argv))
        alone = vars(cli.build_parser(cli._command_in(argv)).parse_args(argv))
        assert alone == whole, argv


# -- the command's entry point ------------------------------------------------------------------


def test_the_entry_point_runs_the_command_and_leaves_the_collector_on(monkeypatch, capsys):
    from itakit.__main__ import main as entry

    monkeypatch.setattr(sys, "argv", ["itakit", "score", EXAMPLE])
    monkeypatch.setattr(progress, "IN_COMMAND", False)  # put back after: the entry point sets it for its process
    try:
        assert entry() == 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert "97.20" in capsys.readouterr().out


def test_the_entry_point_keeps_a_paused_collector_paused(monkeypatch, capsys):
    from itakit.__main__ import main as entry

    monkeypatch.setattr(sys, "argv", ["itakit", "grade", "85"])
    monkeypatch.setattr(progress, "IN_COMMAND", False)  # put back after: the entry point sets it for its process
    gc.disable()
    try:
        assert entry() == 0
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
    assert capsys.readouterr().out.startswith("85.00  A  ")


def test_the_console_script_points_at_the_entry_point():
    from importlib.metadata import entry_points

    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "itakit"]
    assert script.value == "itakit.__main__:main"


# -- the plain-header shortcut -------------------------------------------------------------------


@given(st.data())
def test_a_plainly_named_header_is_never_a_survey_export(rules, data):
    """The shortcut past the survey module may only skip headers the survey module would not translate."""
    names = sorted(k for k, v in HEADER_ALIASES.items() if v != "timestamp")
    codes = sorted({*rules.question_codes, *rules.sub_item_codes})
    header = data.draw(st.lists(st.sampled_from(names + codes), min_size=1, max_size=8))
    spelled = [data.draw(st.sampled_from([h, h.upper(), f" {h} ", f"\ufeff{h}"])) for h in header]
    assert _plainly_named(spelled, rules)
    assert not needs_translation(spelled, rules)


def test_headers_the_shortcut_does_not_know_go_to_the_survey_module(rules):
    assert not _plainly_named(["timestamp", "e1"], rules)
    assert not _plainly_named(["indicator", "score", "province"], rules)
    assert not _plainly_named(["1. เจ้าหน้าที่ปฏิบัติงาน", "agency"], rules)
