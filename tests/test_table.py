"""Text tables (inputs/table.py): CSV read in chunks, the line a problem is on, and ``text_key``, the one
identity of names, groups and codes."""

from __future__ import annotations

import pytest

import itakit
from clihelp import NBSP_NAME, PLAIN_NAME, SARA_AM, SARA_AM_SPLIT, SCORES, many_csv, run

# -- text_key: one identity for names, groups and codes ----------------------------------------------------------


def test_text_key_unifies_sara_am_spaces_and_invisible_characters():
    from itakit.inputs.table import text_key

    assert text_key(SARA_AM_SPLIT) == text_key(SARA_AM) == SARA_AM
    assert text_key(NBSP_NAME) == text_key(PLAIN_NAME) == text_key(" เทศบาลตำบล \u200b ลำเลียง\u2060 ")
    assert text_key("e\u0301cole") == text_key("\u00e9cole")  # NFC
    assert text_key("A  b") == "A b" and text_key("A") != text_key("a")  # case is kept


def test_raw_answers_of_one_agency_written_two_ways_are_counted_together(rules, tmp_path):
    codes = [c for c in rules.sub_item_codes if c.startswith("e")][:3]
    lines = ["agency," + ",".join(codes)]
    lines += [f"{SARA_AM},4,4,4", f"{SARA_AM_SPLIT},3,3,3", f"{SARA_AM}\u00a0,4,4,4"]
    path = tmp_path / "raw.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = itakit.read_input(path, rules)
    assert [(a.agency, a.respondents) for a in data.agencies] == [(SARA_AM, 3)]


# -- CSV: an unclosed quote is reported where it opens -----------------------------------------------------------


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


# -- cells an export made safe for spreadsheets read back as they were -------------------------------------------


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
