"""Scoring from respondents' raw answers: labels, levels, reverse items, blanks, sub-items."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

import itakit


def _write(tmp_path, text, name="raw.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _iit_row(rules, value="4", yes_no="no"):
    cells = []
    for code in rules.sub_item_codes:
        if not code.startswith("i"):
            continue
        scale = rules.sub_item(code)[1].scale
        cells.append(yes_no if scale == "yesno" else value)
    return cells


def _iit_header(rules):
    return [c for c in rules.sub_item_codes if c.startswith("i")]


def test_best_answers_give_100_and_reverse_items_turn_around(tmp_path, rules, registry):
    header = _iit_header(rules)
    row = []
    for code in header:
        q, sub = rules.sub_item(code)
        best = ("no" if sub.reverse else "yes") if sub.scale == "yesno" else ("1" if sub.reverse else "4")
        row.append(best)
    path = _write(tmp_path, ",".join(["respondent", *header]) + "\n" + ",".join(["r1", *row]) + "\n")
    data = itakit.read_input(path, rules)
    result = itakit.score(rules, data.agencies[0], registry=registry)
    assert result.tool("IIT").score == 100
    assert result.total is None and result.missing_tools == ("EIT", "OIT")
    assert result.respondents == 1


def test_thai_labels_levels_and_thai_digits_mean_the_same(tmp_path, rules, registry):
    header = "e1,e2,e3,e4,e5"
    text = f"{header}\nมากที่สุด,๔,4,ไม่มี,มาก\nน้อย,2,น้อยที่สุดหรือไม่มีเลย,มี,\n"
    data = itakit.read_input(_write(tmp_path, text), rules)
    tallies = data.agencies[0].answers
    assert tallies["e1"].counts == {"4": 1, "2": 1}
    assert tallies["e2"].counts == {"4": 1, "2": 1}
    assert tallies["e5"].blank == 1 and tallies["e5"].counts == {"3": 1}
    scorer_input = itakit.AgencyData(answers=tallies)
    # e1 = (100 + 33.33)/2; e4 is reverse yes/no: (100 + 0)/2; e5 ignores the blank: 66.67
    with pytest.raises(itakit.DataError, match="indicators 7, 8 are missing"):
        itakit.score(rules, scorer_input, registry=registry)  # e1-e5 only: indicators 7, 8 missing


def test_indicator_6_from_answers(rules, registry):
    tally = itakit.AnswerTally
    answers = {
        "e1": tally({"4": 1, "2": 1}), "e2": tally({"4": 2}), "e3": tally({"1": 1, "4": 1}),
        "e4": tally({"no": 3}), "e5": tally({"3": 1}, blank=4),
    }
    # Put every other EIT question at full marks so the tool is complete.
    for code in ("e6", "e7", "e9", "e11", "e12", "e13", "e14", "e15"):
        answers[code] = tally({"4": 1})
    answers["e8"] = tally({"yes": 1})
    answers["e10"] = tally({"yes": 1})
    result = itakit.score(rules, itakit.AgencyData(answers=answers), registry=registry)
    e = {q.code: q.score for q in result.questions}
    assert e["e1"] == Fraction(200, 3)
    assert e["e3"] == 50
    assert e["e4"] == 100  # "no" to a reverse question is the best answer
    assert e["e5"] == Fraction(200, 3)  # blanks left out of the mean
    assert result.indicator(6).score == (Fraction(200, 3) + 100 + 50 + 100 + Fraction(200, 3)) / 5
    assert result.indicator(6).display_score == Decimal("76.67")


def test_i11_sub_items_go_in_different_directions(rules, registry):
    answers = {c: itakit.AnswerTally({"4" if rules.sub_item(c)[1].scale == "level4" else "yes": 1})
               for c in rules.sub_item_codes if c.startswith("i")}
    answers["i11.1"] = itakit.AnswerTally({"4": 1})
    answers["i11.2"] = itakit.AnswerTally({"4": 1})  # "favours one contractor: most" is the worst answer
    result = itakit.score(rules, itakit.AgencyData(answers=answers), registry=registry)
    assert {q.code: q.score for q in result.questions}["i11"] == 50


def test_lone_column_for_a_question_with_sub_items_is_ambiguous(tmp_path, rules):
    path = _write(tmp_path, "i1,i2\n4,4\n")
    with pytest.raises(itakit.DataError, match="'i1' is ambiguous") as err:
        itakit.read_input(path, rules)
    assert "'i1' is ambiguous: question i1 has sub-items (i1.1, i1.2)" in str(err.value)
    assert "line 1" in str(err.value)


def test_unreadable_answer_is_named_with_row_and_column(tmp_path, rules):
    path = _write(tmp_path, "respondent,e1,e2\nr1,4,4\nr2,maybe,4\nr3,4,5\n")
    with pytest.raises(itakit.DataError, match="'maybe' is not an answer") as err:
        itakit.read_input(path, rules)
    lines = str(err.value).splitlines()
    assert lines[0].startswith(f"{path}, line 3, column 'e1': 'maybe' is not an answer")
    assert lines[1].startswith(f"{path}, line 4, column 'e2': '5' is not an answer")
    assert len(lines) == 2


def test_skip_unreadable_counts_blank_and_lists(tmp_path, rules):
    path = _write(tmp_path, "respondent,e1\nr1,4\nr2,maybe\n")
    data = itakit.read_input(path, rules, skip_unreadable=True)
    tally = data.agencies[0].answers["e1"]
    assert (tally.counts, tally.blank) == ({"4": 1}, 1)
    assert "line 3" in data.agencies[0].unreadable[0] and "maybe" in data.agencies[0].unreadable[0]


def test_agency_column_groups_respondents(tmp_path, rules):
    path = _write(tmp_path, "agency,e1\nA,4\nB,1\nA,2\n")
    data = itakit.read_input(path, rules)
    by_name = {a.agency: a for a in data.agencies}
    assert by_name["A"].respondents == 2 and by_name["A"].answers["e1"].counts == {"4": 1, "2": 1}
    assert by_name["B"].respondents == 1


def test_a_question_nobody_answered_is_refused(rules, registry):
    answers = {c: itakit.AnswerTally({"yes": 1}) if rules.sub_item(c)[1].scale == "yesno" else itakit.AnswerTally({"4": 1})
               for c in rules.sub_item_codes if c.startswith("e")}
    answers["e9"] = itakit.AnswerTally({}, blank=3)
    with pytest.raises(itakit.DataError, match="no respondent answered e9"):
        itakit.score(rules, itakit.AgencyData(answers=answers), registry=registry)
