"""The four table shapes (inputs/shapes.py): indicators, questions, many agencies and raw answers, read into
``AgencyData`` with every problem named by its line and column."""

from __future__ import annotations

import pytest

import itakit
from clihelp import SARA_AM, SARA_AM_SPLIT, SCORES, many_csv, run, snapshot

# -- duplicates and repeated headers -----------------------------------------------------------------------------


@pytest.mark.parametrize("second", [SARA_AM_SPLIT, SARA_AM + "\u00a0", SARA_AM.replace(" ", "\u00a0"),
                                    SARA_AM.replace(" ", " \u200b")])
def test_the_same_agency_written_two_ways_is_a_duplicate(capsys, tmp_path, second):
    path = tmp_path / "many.csv"
    path.write_text(many_csv([(SARA_AM, *SCORES), ("B", *SCORES), (second, *SCORES)]), encoding="utf-8")
    for command in ("score", "summary"):
        code, out, err = run(capsys, command, path)
        assert code == 1 and out == ""
        assert "line 4, column 'agency'" in err and "appears twice (first on line 2)" in err


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


# -- strict numbers in data cells --------------------------------------------------------------------------------


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


# -- extra columns -----------------------------------------------------------------------------------------------


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
