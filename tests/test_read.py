"""``read_input`` and ``read_head`` (inputs/read.py), the one module that knows every format."""

from __future__ import annotations

import os

import pytest

import itakit
from clihelp import SCORES, many_csv
from conftest import EXAMPLES, SEED_SCORES
from itakit.inputs.read import HEAD_RECORDS, NeedsQuestions, read_head, year_named_by

# -- what is not a file ------------------------------------------------------------------------------------------


def test_read_input_refuses_a_named_pipe_too(rules, tmp_path):
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    with pytest.raises(itakit.UsageError, match="not a regular file"):
        itakit.read_input(fifo, rules)


# -- one reader per kind, options that fit it ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [("lamliang-2565-indicators.csv", "indicators"),
                                            ("lamliang-2565-indicators.xlsx", "indicators"),
                                            ("lamliang-2565-indicators-utf16.txt", "indicators"),
                                            ("lamliang-2565-result.json", "indicators")])
def test_every_format_gives_the_seed_agency(rules, name, kind):
    data = itakit.read_input(EXAMPLES / name, rules)
    assert data.shape == kind and len(data.agencies) == 1
    assert {n: str(itakit.round_half_up(v)) for n, v in data.agencies[0].indicator_scores.items()} == SEED_SCORES


@pytest.mark.parametrize(("name", "options", "says"), [
    ("lamliang-2565-indicators.csv", {"sheet": "Sheet1"}, "--sheet is for Excel workbooks"),
    ("lamliang-2565-indicators.xlsx", {"encoding": "utf-8"}, "--encoding is for text files"),
    ("lamliang-2565-result.json", {"mapping": EXAMPLES / "practice-survey-2565-eit.mapping.toml"},
     "a mapping is for survey exports, not JSON results"),
])
def test_an_option_for_another_kind_of_file_is_a_usage_error(rules, name, options, says):
    with pytest.raises(itakit.UsageError, match=says):
        itakit.read_input(EXAMPLES / name, rules, **options)


def test_a_workbook_named_as_text_is_told_by_its_bytes(rules, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes((EXAMPLES / "lamliang-2565-indicators.xlsx").read_bytes())
    with pytest.raises(itakit.DataError, match=r"is a zip archive \(an Excel workbook\?\), not CSV text"):
        itakit.read_input(path, rules)


# -- the head of a file, and the year it names -----------------------------------------------------------------


def test_read_head_reads_the_header_and_the_first_records_only(rules, tmp_path):
    path = tmp_path / "many.csv"
    rows = [(f"A{n}", *SCORES) for n in range(HEAD_RECORDS + 50)]
    rows[HEAD_RECORDS + 10] = ("late", "x", *SCORES[1:])  # past the head: not read
    path.write_text(many_csv(rows), encoding="utf-8")
    head = read_head(path, rules)
    assert len(head.agencies) == HEAD_RECORDS and head.agencies[-1].agency == f"A{HEAD_RECORDS - 1}"
    with pytest.raises(itakit.DataError, match=f"line {HEAD_RECORDS + 12}, column '1': 'x' is not a number"):
        itakit.read_input(path, rules)


def test_the_year_a_file_names_by_its_json_or_its_name(tmp_path):
    assert year_named_by(EXAMPLES / "lamliang-2565-indicators.csv", [2565, 2568]) == 2565
    assert year_named_by(EXAMPLES / "agency-2568-indicators.csv", [2565, 2568]) == 2568
    assert year_named_by(EXAMPLES / "agency-2568-indicators.csv", [2565]) is None  # not an installed year
    both = tmp_path / "2565-to-2568.csv"
    both.write_text("indicator,score\n", encoding="utf-8")
    assert year_named_by(both, [2565, 2568]) is None  # two years: none
    result = tmp_path / "result.json"
    result.write_text('{"year": 2568, "indicators": []}', encoding="utf-8")
    assert year_named_by(result, [2565, 2568]) == 2568


def test_question_input_for_an_indicator_level_year_says_a_rule_file_is_needed():
    import itakit_rules_2568

    with pytest.raises(NeedsQuestions, match="the rules of 2568 are indicator-level") as caught:
        itakit.read_input(EXAMPLES / "lamliang-2565-questions.csv", itakit_rules_2568.rule_set())
    assert "a rule file with 2568's questions is needed" in str(caught.value)
    assert 1 < len(caught.value.problems) <= 4  # the reason, then the first of the reader's own problems
