"""The rating era (issue 11): ratings decided by tool scores as data, the one place that decides, 2566-2568 shipped."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

import itakit
import itakit_rules_2565
import itakit_rules_2566
import itakit_rules_2567
import itakit_rules_2568
from conftest import EXAMPLES
from itakit.cli import main
from itakit.errors import RuleSetError
from itakit.outputs.render import held_back_reasons
from itakit.rules.rating import Rating, RatingLevel
from itakit.testing import RuleSetContract, contract
from rating_plugins import CAPPING, DROPS_AT_85, R2568, SHIPPED, agency, band_only_rules, rate, registry_with


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- 2566-2568 rate as the issue states ----------------------------------------------------------


@pytest.mark.parametrize(
    ("iit", "eit", "oit", "total", "rating"),
    [
        (98, 84, "99.5", "94.40", "ผ่าน"),               # a tool below 85 caps the rating at ผ่าน
        (95, 95, 95, "95.00", "ผ่านดีเยี่ยม"),          # every tool at 95 and a total of 95
        (100, 90, "97.025", "95.81", "ผ่านดี"),        # Thai PBS 2566: 95.81, one tool below 95
        ("84.99", "84.99", "84.99", "84.99", "ไม่ผ่าน"),  # below the pass line
        (100, "84.995", 100, "95.50", "ผ่านดี"),  # the displayed 85.00 counts
    ],
)
@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_the_rating_era_rates_by_total_and_tools(year, iit, eit, oit, total, rating):
    result = rate(SHIPPED.rule_set(year), agency(iit, eit, oit))
    assert (str(result.display_total), result.grade.code, result.rules_verified) == (total, rating, False)


def test_2565_still_grades_94_40_as_a_and_is_verified():
    result = rate(itakit_rules_2565.rule_set(), agency(98, 84, "99.5"))
    assert (str(result.display_total), result.grade.code, result.rules_verified) == ("94.40", "A", True)


def test_the_shipped_years_carry_their_provenance():
    for module in (itakit_rules_2566, itakit_rules_2567, itakit_rules_2568):
        rules = module.rule_set()
        assert rules.pass_line == Decimal("85.00") and not rules.question_codes and not rules.item_codes
        assert [t.provenance.status for t in rules.tools] == ["U", "U", "U"]
        assert rules.rating.provenance.status == "U" and "inferred" in rules.rating.provenance.note
        levels = {level.code: level for level in rules.rating_levels}
        assert list(levels) == ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ไม่ผ่าน"]
        assert levels["ผ่าน"].provenance.status == "V"  # the pass line and the cap at ผ่าน are NACC's
        assert [i.name_th for i in rules.indicators] == [i.name_th for i in itakit_rules_2565.rule_set().indicators]


def test_years_lists_2565_to_2568(capsys):
    code, out, _ = run(capsys, "years")
    assert code == 0 and [line.split()[0] for line in out.splitlines()][:4] == ["2565", "2566", "2567", "2568"]


# -- the one place that decides -------------------------------------------------------------------


def test_json_says_rules_verified_and_the_tool_shortfall(capsys, tmp_path):
    path = tmp_path / "agency-2568.csv"
    scores = {**dict.fromkeys(range(1, 6), "98"), **dict.fromkeys(range(6, 9), "84"), 9: "99.5", 10: "99.5"}
    path.write_text("indicator,score\n" + "".join(f"{n},{s}\n" for n, s in scores.items()), encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path), "--format", "json")
    data = json.loads(out)
    assert (code, data["year"], data["total"], data["grade"], data["rules_verified"]) == (0, 2568, 94.4, "ผ่าน", False)
    assert (data["next_grade"], data["points_to_next_grade"], data["tools_to_next_grade"]) == ("ผ่านดี", 0.0, {"EIT": 1.0})
    code, out, _ = run(capsys, "score", str(path))
    assert "EIT อีก 1.00 คะแนน ถึงระดับ ผ่านดี" in out and "rules not verified" in out


# -- routes (item 3) ------------------------------------------------------------------------------


def test_plan_json_gives_a_checked_route_per_better_rating(capsys, tmp_path):
    path = tmp_path / "agency-2568.csv"
    scores = {**dict.fromkeys(range(1, 6), "98"), **dict.fromkeys(range(6, 9), "84"), 9: "99.5", 10: "99.5"}
    path.write_text("indicator,score\n" + "".join(f"{n},{s}\n" for n, s in scores.items()), encoding="utf-8")
    code, out, _ = run(capsys, "plan", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["rules_verified"] is False
    assert data["routes"] == [
        {"grade": "ผ่านดี", "indicator_scores": {"6": "86.99"}, "total": "94.70"},
        {"grade": "ผ่านดีเยี่ยม", "indicator_scores": {"6": "100.00", "7": "100.00", "8": "84.99"}, "total": "97.70"},
    ]


# -- summary ---------------------------------------------------------------------------------------


def test_summary_rating_mix_equals_the_agencies_ratings(tmp_path):
    rows = [("A", agency(98, 84, "99.5")), ("B", agency(96, 96, 96)), ("C", agency(90, 90, 90)), ("D", agency(80, 80, 80))]
    results = [attrs.evolve(rate(R2568, d), agency=name) for name, d in rows]
    summary = itakit.summarise(results, R2568)
    assert [(g.code, g.count) for g in summary.overall.grades] == [("ผ่านดีเยี่ยม", 1), ("ผ่านดี", 1), ("ผ่าน", 1), ("ไม่ผ่าน", 1)]
    assert summary.overall.at_pass_line == 3


# -- grade -----------------------------------------------------------------------------------------


def test_grade_without_tools_lists_what_the_total_allows(capsys):
    code, out, _ = run(capsys, "grade", "96", "--year", "2568")
    assert code == 0
    assert "the rating of 2568 also depends on tool scores not given" in out
    assert "ผ่านดีเยี่ยม  ผ่านเกณฑ์ (passed)  if IIT at least 95.00, EIT at least 95.00, OIT at least 95.00" in out
    assert "not verified: tool weights IIT 30, EIT 30, OIT 40" in out
    code, out, _ = run(capsys, "grade", "94.40", "--year", "2568", "--tool", "IIT=98", "--tool", "EIT=84", "--tool", "OIT=99.5")
    assert out.startswith("94.40  ผ่าน  ผ่านเกณฑ์ (passed)  · to ผ่านดี, EIT +1.00  (2568)")
    code, out, _ = run(capsys, "grade", "94.99", "--year", "2565")
    assert out.startswith("94.99  A  ผ่านเกณฑ์ (passed)  · 0.01 to AA  (2565)")


def test_grade_refuses_an_unknown_tool(capsys):
    code, _, err = run(capsys, "grade", "90", "--year", "2568", "--tool", "XIT=90")
    assert code == 2 and "expected TOOL=SCORE with TOOL one of IIT, EIT, OIT" in err


# -- no silent year --------------------------------------------------------------------------------


def test_the_readme_command_still_prints_97_20_aa(capsys):
    code, out, err = run(capsys, "score", str(EXAMPLES / "lamliang-2565-indicators.csv"))
    assert code == 0 and "พ.ศ. 2565" in out and "97.20  ระดับ AA  ผ่านเกณฑ์" in out


def test_question_input_for_an_indicator_level_year_says_what_is_needed(capsys):
    code, _, err = run(capsys, "score", str(EXAMPLES / "lamliang-2565-questions.csv"), "--year", "2568")
    assert code == 1
    assert "the rules of 2568 are indicator-level" in err and "a rule file with 2568's questions is needed" in err


def test_a_file_that_does_not_fit_the_year_it_names_names_year_and_the_years_it_fits(capsys, tmp_path):
    path = tmp_path / "agency-2568-questions.csv"
    path.write_text((EXAMPLES / "lamliang-2565-questions.csv").read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2
    assert "does not fit 2568, the year used when --year is left out" in err
    assert "it fits 2565 of the installed years: give --year 2565" in err


def test_the_default_year_is_the_newest_confirmed_one(capsys, tmp_path):
    assert SHIPPED.default_year == 2565  # 2566-2568 carry inferred values: used only when asked for
    path = tmp_path / "agency.csv"
    scores = {**dict.fromkeys(range(1, 6), "98"), **dict.fromkeys(range(6, 9), "84"), 9: "99.5", 10: "99.5"}
    path.write_text("indicator,score\n" + "".join(f"{n},{s}\n" for n, s in scores.items()), encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0 and out.startswith("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565") and "94.40  ระดับ A  " in out
    code, out, _ = run(capsys, "score", str(path), "--year", "2568")
    assert code == 0 and "พ.ศ. 2568" in out and "94.40  ระดับ ผ่าน  " in out


# -- validation of a declared rating ----------------------------------------------------------------


def level(code, passed, total="0.00", every=None, **named):
    return RatingLevel(code, code, code, passed, total, every, named)


def test_a_rating_is_validated_like_bands():
    with pytest.raises(RuleSetError, match="the level 'x' is used twice"):
        Rating([level("x", True, "90.00"), level("x", False)])
    with pytest.raises(RuleSetError, match="levels out of order: 'b' is listed above 'a'"):
        Rating([level("b", True, "80.00"), level("a", True, "90.00"), level("f", False)])
    with pytest.raises(RuleSetError, match="the lowest level 'f' must ask nothing"):
        Rating([level("a", True, "90.00"), level("f", False, "10.00")])
    with pytest.raises(RuleSetError, match="level 'b' asks the same as 'a'"):
        Rating([level("a", True, "90.00"), level("b", True, "90.00"), level("f", False)])
    with pytest.raises(RuleSetError, match="min_tools names 'XIT'"):
        attrs.evolve(R2568, bands=(), rating=Rating([level("a", True, "85.00", XIT="85.00"), level("f", False)]))


def test_pass_line_must_agree_with_the_levels():
    with pytest.raises(RuleSetError, match=r"pass_line 80.00 disagrees with the rating: its lowest passing level 'ผ่าน' needs a total of 85.00"):
        attrs.evolve(R2568, bands=(), pass_line="80.00")


def test_a_rule_file_declares_a_rating(tmp_path):
    text = (EXAMPLES.parent / "src" / "itakit_rules_2568" / "ita2568.toml").read_text(encoding="utf-8")
    path = tmp_path / "mine.toml"
    path.write_text(text.replace('min_every_tool = "85.00"', 'min_tools = { EIT = "85.00" }'), encoding="utf-8")
    rules = itakit.load_rule_set(path)
    assert rules.rating.level("ผ่านดี").min_tools == (("EIT", Decimal("85.00")),)
    assert rate(rules, agency(80, 90, 95)).grade.code == "ผ่านดี"  # IIT 80 does not matter there now
    path.write_text(text.replace('min_total = "95.00"', 'min_total = "95.001"'), encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"rating\.levels\[0\]\.min_total: '95\.001' expected a decimal with at most two places"):
        itakit.load_rule_set(path)


# -- words for the report ----------------------------------------------------------------------------


def test_the_tool_that_held_a_rating_back_is_named():
    result = rate(R2568, agency(98, 84, "99.5"))
    assert held_back_reasons(R2568, result) == ("EIT ๘๔.๐๐ ต่ำกว่า ๘๕.๐๐ ที่ระดับผ่านดีต้องการ",)
    assert held_back_reasons(R2568, rate(R2568, agency(96, 96, 96))) == ()


# -- the contract catches a broken tool-dependent rating (item 7) ------------------------------------


def test_the_broken_hook_is_caught_at_the_edges():
    for rules in (R2568, band_only_rules()):
        registry = registry_with(DROPS_AT_85)
        with pytest.raises(AssertionError, match="lowered the rating"):
            contract.check_rating_edges(rules, registry, dict.fromkeys(range(1, 11), Fraction(100)))


def test_a_hook_disagreeing_with_the_declared_rating_is_caught():
    registry = registry_with(DROPS_AT_85)
    result = rate(R2568, agency(100, "85.50", 100), registry)
    assert result.grade.code == "ไม่ผ่าน"
    assert any("the two must agree" in p for p in contract.rating_problems(R2568, result, registry))


def test_the_good_capping_hook_keeps_the_edge_contract():
    registry = registry_with(CAPPING)
    for fill in (100, 60, 0):
        contract.check_rating_edges(band_only_rules(), registry, dict.fromkeys(range(1, 11), Fraction(fill)))


class TestRules2568(RuleSetContract):
    """The whole contract on the shipped 2568 rules (indicator-level, rated by data)."""

    rule_set = itakit_rules_2568.rule_set
    registry = SHIPPED
    max_examples = 25


class TestCappingHook(RuleSetContract):
    """A plugin written to the docs (bands by total, a hook that looks at tools) keeps passing."""

    rule_set = band_only_rules
    registry = registry_with(CAPPING)
    max_examples = 25


@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_the_compiled_twins_are_current(year):
    """Each shipped rule file has a JSON twin made from exactly its text (so `itakit score` needs no TOML parser)."""
    from itakit.rules.rulefile import compiled_path

    toml_path = EXAMPLES.parent / "src" / f"itakit_rules_{year}" / f"ita{year}.toml"
    twin = json.loads(compiled_path(toml_path).read_text(encoding="utf-8"))
    assert twin["source"] == toml_path.read_text(encoding="utf-8"), (
        f"run: python -c \"import itakit; itakit.compile_rule_file('src/itakit_rules_{year}/ita{year}.toml')\"")


def test_summary_and_compare_say_when_rules_are_not_verified(capsys, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("agency,1,2,3,4,5,6,7,8,9,10\nA,98,98,98,98,98,84,84,84,99.5,99.5\nB,96,96,96,96,96,96,96,96,96,96\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "summary", str(path), "--year", "2568", "--format", "json")
    data = json.loads(out)
    assert (code, data["rules_verified"], data["overall"]["grades"]) == (
        0, False, {"ผ่านดีเยี่ยม": 1, "ผ่านดี": 0, "ผ่าน": 1, "ไม่ผ่าน": 0})
    code, out, _ = run(capsys, "summary", str(path), "--year", "2565", "--format", "json")
    assert json.loads(out)["rules_verified"] is True
    code, out, _ = run(capsys, "compare", str(path), str(path), "--year-old", "2565", "--year-new", "2568")
    assert code == 0 and "A: 94.40 → 94.40 (+0.00) · A → ผ่าน" in out and "rules not verified" in out


def test_grade_with_a_rating_hook_asks_for_every_tool(capsys, monkeypatch):
    registry = registry_with(CAPPING)
    monkeypatch.setattr("itakit.cli.commands.get_registry", lambda: registry)
    code, out, _ = run(capsys, "grade", "96", "--year", "2597")
    assert code == 0 and "decided by a plugin's itakit_grade hook that may look at more than the total" in out
    code, out, _ = run(capsys, "grade", "95.50", "--year", "2597", "--tool", "IIT=100", "--tool", "EIT=85", "--tool", "OIT=100")
    assert out.startswith("95.50  ผ่านดี  (decided by a plugin's itakit_grade hook; 2597)")
    code, out, _ = run(capsys, "grade", "94.99", "--year", "2568")  # a year the hook leaves alone: its data decides
    assert "the rating of 2568 also depends on tool scores not given" in out
