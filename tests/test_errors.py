"""The errors and the one problem collector (itakit.errors): add, locate, merge, raise once."""

from __future__ import annotations

import attrs
import pytest

import itakit
from itakit.errors import MAX_PROBLEMS, DataError, Problem, Problems


@attrs.frozen
class _Sheet:
    header: tuple[str, ...] = ("agency", "1", "2")
    column_letters: tuple[str, ...] = ("A", "B", "C")
    row_name: str = "row"


def test_a_problem_says_file_row_column_value_and_message():
    problem = Problem("is not a number", "x.csv", 3, "score", "abc")
    assert str(problem) == "x.csv, line 3, column 'score': 'abc' is not a number"
    lettered = Problem("is missing", "x.xlsx", 4, "agency", column_letter="A", row_name="row")
    assert str(lettered) == "x.xlsx, row 4, column A ('agency'): is missing"
    assert str(Problem("nothing to score")) == "nothing to score"


def test_a_data_error_lists_every_problem_and_how_many_were_left_out():
    error = DataError([Problem("one", "f"), Problem("two", "f", 2)], truncated=3)
    assert str(error).splitlines() == ["f: one", "f, line 2: two", "... and 3 more problem(s) not shown"]
    assert DataError("plain").problems == (Problem("plain"),)
    assert error.exit_code == 1 and isinstance(error, itakit.ItakitError)


def test_the_collector_locates_by_row_column_and_the_sheet_letter():
    problems = Problems("x.xlsx", _Sheet())
    problems.add("is not a number", 5, "2", "abc")
    problems.add("the file has a header but no data rows", 1)
    assert [str(p) for p in problems.items] == [
        "x.xlsx, row 5, column C ('2'): 'abc' is not a number",
        "x.xlsx, row 1: the file has a header but no data rows",
    ]
    assert len(problems) == 2 and problems


def test_the_collector_keeps_fifty_and_counts_the_rest():
    problems = Problems("big.csv")
    for line in range(2, 2 + MAX_PROBLEMS + 7):
        problems.add("is wrong", line)
    assert len(problems.items) == MAX_PROBLEMS == 50 and problems.dropped == 7 and len(problems) == 57
    with pytest.raises(DataError, match=r"\.\.\. and 7 more problem\(s\) not shown") as caught:
        problems.raise_if_any()
    assert caught.value.truncated == 7 and caught.value.problems[0].row == 2


def test_a_collector_without_a_limit_keeps_everything():
    problems = Problems("many.csv", limit=None)
    for line in range(200):
        problems.add("is wrong", line)
    assert len(problems.items) == 200 and problems.dropped == 0


def test_nothing_collected_raises_nothing():
    problems = Problems("fine.csv")
    problems.raise_if_any()
    assert not problems and len(problems) == 0 and problems.error().problems == ()


def test_a_json_path_is_written_once_as_at_path():
    problems = Problems("r.json")
    problems.at("$[2].indicators[3].score", "101 is out of range")
    assert str(problems.items[0]) == "r.json: at $[2].indicators[3].score: 101 is out of range"


def test_a_toml_key_names_the_key_and_the_value_when_it_says_more():
    problems = Problems("plan.toml")
    problems.add_key("is not a date", 4, "i2.period.end", "2022-13-01")
    problems.add_key("must be a table of fields", 7, "i2")
    problems.add_key("is not a plan field", 9, "i2.x", "x")  # the value is the key's own name: not repeated
    assert [str(p) for p in problems.items] == [
        "plan.toml, line 4: key i2.period.end = '2022-13-01': is not a date",
        "plan.toml, line 7: key i2: must be a table of fields",
        "plan.toml, line 9: key i2.x: is not a plan field",
    ]


def test_keys_that_stand_for_columns_name_the_column():
    problems = Problems("plan.csv", key_column=lambda key: key.rsplit(".", 1)[-1])
    problems.add_key("must be true or false", 3, "i2.omit", "maybe")
    problems.add_key("no key at all", 4)
    assert [str(p) for p in problems.items] == [
        "plan.csv, line 3, column 'omit': 'maybe' must be true or false",
        "plan.csv, line 4: no key at all",
    ]


def test_a_row_wider_than_the_header_is_worded_once():
    problems = Problems("x.csv")
    problems.too_wide(5, 3, 7)
    assert str(problems.items[0]) == "x.csv, line 7: the row has 5 values but the header has 3 columns"


def test_a_value_given_twice_names_where_it_was_first_given():
    problems = Problems("x.xlsx", _Sheet())
    problems.given_twice(3, 7, "agency", "A")
    assert str(problems.items[0]) == "x.xlsx, row 7, column A ('agency'): 'A' is given twice (first on row 3)"


def test_merge_takes_another_steps_problems_with_what_it_left_uncounted():
    problems = Problems("x.csv")
    problems.add("first", 9)
    problems.merge(DataError([Problem("from a reader", "x.csv", 2)], truncated=4))
    other = Problems("x.csv")
    other.add("from a collector", 5)
    problems.merge(other)
    problems.merge([Problem("made elsewhere", "x.csv")])
    assert [p.message for p in problems.items] == ["first", "from a reader", "from a collector", "made elsewhere"]
    assert problems.dropped == 4


def test_merge_by_row_orders_before_the_limit():
    found = Problems("x.csv")
    for line in (40, 10, 30):
        found.add("found", line)
    late = Problems("x.csv", limit=2)
    late.add("late", 20)
    late.add("late", 50)
    late.add("late", 60)  # past the limit: counted
    merged = Problems("x.csv", limit=3)
    merged.merge(found)
    merged.merge(late, by_row=True)
    assert [p.row for p in merged.items] == [10, 20, 30]
    assert merged.dropped == 1 + 2  # the one the late collector counted, and the two cut here (40 and 50)


def test_merge_names_what_unlocated_problems_are_about():
    problems = Problems(limit=None)
    found = DataError([Problem("there is nothing to score", "x.csv"), Problem("bad", "x.csv", 3),
                       Problem("at $.total: wrong", "x.json")])
    problems.merge(found, about="agency 'A': ")
    assert [p.message for p in problems.items] == ["agency 'A': there is nothing to score", "bad", "at $.total: wrong"]


def test_the_old_names_are_this_collector():
    from itakit.inputs import jsonfile, table

    assert table.Problems is jsonfile.Problems is Problems
    assert table.MAX_PROBLEMS == MAX_PROBLEMS


def test_install_hints_name_the_extra_both_ways():
    error = itakit.errors.missing_extra("the PDF", "typst", "pdf", instead="write .docx")
    assert isinstance(error, itakit.UsageError) and error.exit_code == 2
    assert str(error) == ("the PDF needs typst: pip install 'itakit[pdf]' (from a clone of the repository: "
                          "pip install '.[pdf]'); or write .docx")


def test_an_error_as_shown_keeps_the_first_problems_and_counts_the_rest():
    error = DataError([Problem(f"p{n}", "f") for n in range(5)], truncated=2)
    shown = error.first(3)
    assert [p.message for p in shown.problems] == ["p0", "p1", "p2"] and shown.truncated == 4
    assert str(shown).splitlines()[-1] == "... and 4 more problem(s) not shown"
    assert error.first(5) is error and len(error.problems) == 5
