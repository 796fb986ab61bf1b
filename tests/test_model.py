"""A rule set that cannot be right refuses to be built, naming the field."""

from __future__ import annotations

import attrs
import pytest

import itakit
from clihelp import rule_file, run
from conftest import EXAMPLES, ROOT
from itakit import GradeBand, Indicator, OITItem, Question, RuleSet, RuleSetError, SubIndicator, SubItem, Tool


def _scale():
    return itakit.AnswerScale("yn", "มี/ไม่มี", "yes/no", [
        itakit.AnswerOption("yes", 100, ["มี"]), itakit.AnswerOption("no", 0, ["ไม่มี"])])


def _bands(*spec):
    return [GradeBand(code, lo, hi, passed) for code, lo, hi, passed in spec]


GOOD_BANDS = (("P", "50.00", "100.00", True), ("F", "0.00", "49.99", False))


def _rules(**overrides):
    q = lambda code: Question(code, code, code, [SubItem(code, scale="yn")])  # noqa: E731
    base = dict(
        year=2600, name_th="ทดสอบ", name_en="test",
        tools=[
            Tool("S", "s", "s", 60, [Indicator(1, "a", "a", questions=[q("q1"), q("q2")])]),
            Tool("C", "c", "c", 40, [Indicator(2, "b", "b", sub_indicators=[SubIndicator("2.1", "x", "x", [OITItem("k1", "k")])])]),
        ],
        bands=_bands(*GOOD_BANDS), pass_line="50", scales=[_scale()],
    )
    base.update(overrides)
    return RuleSet(**base)


def test_a_good_rule_set_builds():
    rules = _rules()
    assert rules.sub_item_codes == ("q1", "q2") and rules.item_codes == ("k1",)
    assert rules.weights_by_indicator() == {1: 60, 2: 40}


def test_weights_must_sum_to_100():
    tools = list(_rules().tools)
    tools[1] = attrs.evolve(tools[1], weight=30)
    with pytest.raises(RuleSetError, match=r"tools\[\]\.weight sum to 90, expected 100"):
        _rules(tools=tools)


def test_band_gap_is_named():
    with pytest.raises(RuleSetError, match=r"gap at 50.00-50.99 between F and P"):
        _rules(bands=_bands(("P", "51.00", "100.00", True), ("F", "0.00", "49.99", False)))


def test_band_overlap_is_named():
    with pytest.raises(RuleSetError, match=r"bands F \(0.00-50.00\) and P \(50.00-100.00\) overlap"):
        _rules(bands=_bands(("P", "50.00", "100.00", True), ("F", "0.00", "50.00", False)))


def test_bands_must_reach_both_ends():
    with pytest.raises(RuleSetError, match="gap at 0.00-0.99"):
        _rules(bands=_bands(("P", "50.00", "100.00", True), ("F", "1.00", "49.99", False)))
    with pytest.raises(RuleSetError, match="do not reach 100"):
        _rules(bands=_bands(("P", "50.00", "99.99", True), ("F", "0.00", "49.99", False)))


def test_code_used_twice_is_named():
    tools = list(_rules().tools)
    ind = tools[1].indicators[0]
    dup = attrs.evolve(ind, sub_indicators=[SubIndicator("2.1", "x", "x", [OITItem("q1", "k")])])
    tools[1] = attrs.evolve(tools[1], indicators=[dup])
    with pytest.raises(RuleSetError, match=r"the code 'q1' is used twice \(question q1 of indicator 1 and C item q1"):
        _rules(tools=tools)


def test_question_in_two_indicators_is_named():
    q = Question("q1", "q", "q", [SubItem("q1", scale="yn")])
    tools = [
        Tool("S", "s", "s", 60, [Indicator(1, "a", "a", questions=[q]), Indicator(3, "c", "c", questions=[q])]),
        _rules().tools[1],
    ]
    with pytest.raises(RuleSetError, match=r"question 'q1' is in two indicators \(1 and 3\)"):
        _rules(tools=tools)


def test_unknown_scale_is_named():
    tools = list(_rules().tools)
    ind = attrs.evolve(tools[0].indicators[0], questions=[Question("q9", "q", "q", [SubItem("q9", scale="nope")])])
    tools[0] = attrs.evolve(tools[0], indicators=[ind])
    with pytest.raises(RuleSetError, match=r"sub-item 'q9': scale 'nope' is not among scales \(yn\)"):
        _rules(tools=tools)


def test_answer_meaning_two_options_is_refused():
    with pytest.raises(RuleSetError, match="means both"):
        itakit.AnswerScale("x", "x", "x", [itakit.AnswerOption("1", 0, ["a"]), itakit.AnswerOption("2", 100, ["A"])])


def test_points_outside_0_100_are_refused():
    with pytest.raises(ValueError, match="outside 0-100"):
        itakit.AnswerOption("1", 101)


def test_2565_rules_shape(rules):
    assert [t.code for t in rules.tools] == ["IIT", "EIT", "OIT"]
    assert [t.weight for t in rules.tools] == [30, 30, 40]
    assert rules.question_codes == tuple(f"i{n}" for n in range(1, 31)) + tuple(f"e{n}" for n in range(1, 16))
    assert rules.item_codes == tuple(f"o{n}" for n in range(1, 44))
    assert len([c for c in rules.sub_item_codes if c.startswith("i")]) == 51
    assert [len(s.items) for s in rules.indicator(9).sub_indicators] == [9, 8, 7, 4, 5]
    assert [len(s.items) for s in rules.indicator(10).sub_indicators] == [8, 2]
    assert rules.weights_by_indicator() == {1: 6, 2: 6, 3: 6, 4: 6, 5: 6, 6: 10, 7: 10, 8: 10, 9: 20, 10: 20}
    q11 = rules.question("i11")[1]
    assert [(s.code, s.reverse) for s in q11.sub_items] == [("i11.1", False), ("i11.2", True)]
    assert rules.sub_item("e3")[1].reverse is False
    assert rules.sub_item("e4")[1].reverse is True and rules.sub_item("e4")[1].scale == "yesno"
    # every unverified value says so
    assert rules.scale("level4").provenance.status == "U"
    assert rules.question("i10")[1].provenance.note


def test_what_a_rule_set_implies_is_worked_out_once_and_kept_with_it():
    rules = _rules()
    calls = []

    def codes(rule_set):
        calls.append(rule_set)
        return tuple(t.code for t in rule_set.tools)

    assert rules.derived(codes) == ("S", "C") and rules.derived(codes) == ("S", "C")
    assert calls == [rules]  # once
    copy = attrs.evolve(rules, name_en="edited")
    assert copy.derived(codes) == ("S", "C") and calls == [rules, copy]  # an edited copy starts empty
    assert rules == attrs.evolve(rules)  # what is kept is no part of the rule set's value
    assert rules.effective_rating is rules.effective_rating  # the bands read as a rating: one object
    assert [level.code for level in rules.effective_rating.levels] == ["P", "F"]


# -- the pass line agrees with the bands -------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "band"), [
    ('pass_line = "85.00"', 'pass_line = "80.00"', "B"),   # B (75-84.99) reaches 80 but does not pass
    ('pass_line = "85.00"', 'pass_line = "90.00"', "A"),   # A (85-94.99) passes but starts below 90
])
def test_a_pass_line_that_disagrees_with_the_bands_is_refused(capsys, tmp_path, old, new, band):
    path = rule_file(tmp_path, old, new)
    for argv in (("grade", "82", "--rules", path), ("score", EXAMPLES / "lamliang-2565-indicators.csv",
                                                      "--rules", path)):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert f"pass_line {new.split('=')[1].strip().strip(chr(34))} disagrees with band {band!r}" in err


def test_a_band_marked_passed_below_the_pass_line_is_refused(tmp_path):
    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    head, _, tail = text.partition('code = "B"')
    tail = tail.replace("passed = false", "passed = true", 1)
    path = tmp_path / "rules.toml"
    path.write_text(head + 'code = "B"' + tail, encoding="utf-8")
    with pytest.raises(itakit.RuleSetError, match=r"disagrees with band 'B' \(75.00-84.99, passed = true\)"):
        itakit.load_rule_set(path)
