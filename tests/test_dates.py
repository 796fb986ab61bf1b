"""Dates are read with their era first: 29 February of a Buddhist-Era leap year (2567 = 2024) is a date everywhere."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itakit
from clihelp import run, snapshot
from conftest import EXAMPLES
from itakit.inputs.planfile import christian_dates
from itakit.thai import buddhist_year, parse_date

QUESTIONS = EXAMPLES / "lamliang-2565-questions.csv"


@pytest.mark.parametrize(("text", "day"), [
    ("2567-02-29", date(2024, 2, 29)), ("๒๕๖๗-๐๒-๒๙", date(2024, 2, 29)), ("2024-02-29", date(2024, 2, 29)),
    (" 2563-2-29 ", date(2020, 2, 29)), ("2565-11-01", date(2022, 11, 1)),
])
def test_parse_date_converts_the_era_before_checking_the_day(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["2566-02-29", "2023-02-29", "2567-13-01", "2567/02/01", "29-02-2567", ""])
def test_parse_date_refuses_what_is_no_date(text):
    with pytest.raises(ValueError, match="not a date|out of range|must be in"):
        parse_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)))
def test_every_day_reads_back_in_either_era(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{buddhist_year(day.year)}-{day.month:02d}-{day.day:02d}") == day


def test_christian_dates_changes_only_bare_dates_and_keeps_every_column():
    text = ('[i2]\nmeasure = "จาก 2567-02-29"  # 2567-02-29\nperiod = { start = 2567-02-29, end = 2567-03-31 }\n'
            "a = 2022-11-01\nb = '2567-02-29'\nc = \"\"\"\n2567-02-29\n\"\"\"\nd = 2567-02-29T09:00:00\n")
    out = christian_dates(text)
    assert out == text.replace("start = 2567", "start = 2024").replace("end = 2567", "end = 2024").replace(
        "d = 2567", "d = 2024")
    assert [len(line) for line in out.splitlines()] == [len(line) for line in text.splitlines()]
    keys = "[2567-02-29]\n2567-03-01 = 1\n"  # a table or a key named like a date is a name, not a date
    assert christian_dates(keys) == keys


@pytest.mark.parametrize("plan", [
    "[i2]\nmeasure = \"x\"\nperiod = { start = 2567-02-29, end = 2567-03-31 }\n",
    "[i2]\nmeasure = \"x\"\nperiod = { start = \"2567-02-29\", end = \"๒๕๖๗-๐๓-๓๑\" }\n",
])
def test_a_toml_plan_with_the_29th_of_february_2567(capsys, tmp_path, rules, plan):
    path = tmp_path / "plan.toml"
    path.write_text(plan, encoding="utf-8")
    assert itakit.read_measure_plan(path, rules).get("i2").period == (date(2024, 2, 29), date(2024, 3, 31))
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "report", QUESTIONS, "--agency", "A", "--plan", path, "-o", out)
    assert code == 0, err
    assert "ก.พ. ๖๗ ถึง มี.ค. ๖๗" in out.read_text(encoding="utf-8")


def test_a_csv_plan_with_the_29th_of_february_2567(capsys, tmp_path, rules):
    path = tmp_path / "plan.csv"
    path.write_text("code,measure,period_start,period_end\ni2,x,2567-02-29,2567-03-31\n", encoding="utf-8")
    assert itakit.read_measure_plan(path, rules).get("i2").period == (date(2024, 2, 29), date(2024, 3, 31))


@pytest.mark.parametrize("day", ["2566-02-29", "2566-02-30"])
def test_a_day_no_calendar_has_is_still_refused_with_its_key_and_line(capsys, tmp_path, day):
    path = tmp_path / "plan.toml"
    path.write_text(f'[i2]\nmeasure = "x"\nperiod = {{ start = "{day}", end = "2567-03-31" }}\n', encoding="utf-8")
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "report", QUESTIONS, "--agency", "A", "--plan", path, "-o", tmp_path / "r.md")
    assert code == 1 and stdout == ""
    assert f"{path}, line 3: key i2.period.start = '{day}': is not a date (expected YYYY-MM-DD" in err
    assert snapshot(tmp_path) == before
