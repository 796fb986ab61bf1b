"""``itakit grade --tool``: each tool once, and tool scores that can make the total given, or a usage error."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clihelp import run
from itakit.exact import round_half_up

WEIGHTS = {"IIT": Fraction(30), "EIT": Fraction(30), "OIT": Fraction(40)}


@pytest.mark.parametrize(("argv", "says"), [
    (["99", "--tool", "IIT=50", "--tool", "EIT=50", "--tool", "OIT=50"],
     "the tool scores IIT 50.00, EIT 50.00, OIT 50.00 cannot go with the total 99.00: with the weights of 2568 "
     "(IIT 30, EIT 30, OIT 40) they make a total of 50.00; check the figures"),
    (["99", "--tool", "IIT=50"], "they make a total from 15.00 to 85.00"),
    (["10", "--tool", "OIT=100"], "they make a total from 40.00 to 100.00"),
    (["90.01", "--tool", "IIT=90", "--tool", "EIT=90", "--tool", "OIT=90"], "they make a total of 90.00"),
    (["89.99", "--tool", "IIT=90", "--tool", "EIT=90", "--tool", "OIT=90"], "they make a total of 90.00"),
    (["90", "--tool", "IIT=90", "--tool", "iit=80"], "--tool IIT is given twice (IIT=90.00 and IIT=80.00); give each "
                                                     "tool once"),
])
def test_contradicting_or_repeated_tools_are_refused(capsys, argv, says):
    code, stdout, err = run(capsys, "grade", *argv, "--year", "2568")
    assert code == 2 and stdout == ""
    assert says in err


@pytest.mark.parametrize("argv", [
    ["90", "--tool", "IIT=90", "--tool", "EIT=90", "--tool", "OIT=90"],
    ["94.64", "--tool", "EIT=84.49"],
    ["100", "--tool", "IIT=100", "--tool", "EIT=99.995", "--tool", "OIT=100"],
    ["0", "--tool", "IIT=0", "--tool", "EIT=0", "--tool", "OIT=0.01"],
    ["30", "--tool", "IIT=100"],
])
def test_tool_scores_that_can_make_the_total_are_graded(capsys, argv):
    code, stdout, err = run(capsys, "grade", *argv, "--year", "2568")
    assert code == 0, err
    assert stdout.startswith(f"{round_half_up(Decimal(argv[0]))}  ")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tools=st.fixed_dictionaries({code: st.fractions(0, 100) for code in WEIGHTS}),
       given_codes=st.sets(st.sampled_from(sorted(WEIGHTS)), min_size=1))
def test_the_figures_of_any_real_agency_are_never_refused(capsys, tools, given_codes):
    """Any exact tool scores, displayed as itakit displays them, with their displayed total: always accepted."""
    total = sum((WEIGHTS[c] / 100 * v for c, v in tools.items()), Fraction(0))
    argv = [str(round_half_up(total))]
    for code in sorted(given_codes):
        argv += ["--tool", f"{code}={round_half_up(tools[code])}"]
    code, stdout, err = run(capsys, "grade", *argv, "--year", "2568")
    assert code == 0, (argv, err)


# -- the total given: a plain decimal ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1_00", "1/2", "97_20"])
def test_grade_refuses_underscores_and_ratios(capsys, text):
    code, out, err = run(capsys, "grade", text)
    assert code == 2 and out == "" and f"{text!r} is not a number" in err


def test_grade_still_reads_thai_digits(capsys):
    code, out, _ = run(capsys, "grade", "๙๗.๒๐")
    assert code == 0 and out.startswith("97.20  AA")
