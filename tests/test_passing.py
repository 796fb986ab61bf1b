"""One meaning of passing (issue 22, item 1): an agency passes when its level passes, whatever decided it.

Summaries count and label passing that way, show the pass line of the total as one condition
of passing, and the whole-number summary of a rating-era table agrees with scoring every agency.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit
import itakit_rules_2568
from itakit.cli import main
from itakit.scoring.batch import summarise
from itakit.scoring.fastsummary import summarise_csv
from itakit.testing.strategies import rule_sets

BARE = itakit.Registry(autoload=False, plugins=[])
R2568 = itakit_rules_2568.rule_set()

cells = st.one_of(st.integers(0, 10_000).map(lambda h: f"{h // 100}.{h % 100:02d}"),
                  st.sampled_from(["100", "0", "85", "84.99", "94.995", "95"]))


def _table(tmp_path, rules, rows):
    numbers = [i.number for i in rules.indicators]
    lines = ["agency,province," + ",".join(map(str, numbers))]
    for k, (province, scores) in enumerate(rows):
        lines.append(f"agency {k},{province}," + ",".join((scores * len(numbers))[: len(numbers)]))
    path = tmp_path / "table.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data(), by=st.sampled_from([None, "province"]))
def test_the_whole_number_summary_of_a_rated_year_equals_scoring_every_agency(tmp_path, data, by):
    rules = data.draw(st.one_of(st.just(R2568), rule_sets(rated=True, max_indicators=3)), label="rules")
    rows = data.draw(st.lists(st.tuples(st.sampled_from(["ระนอง", "ชุมพร", ""]), st.lists(cells, min_size=10, max_size=10)),
                              min_size=1, max_size=30), label="rows")
    path = _table(tmp_path, rules, rows)
    results = itakit.score_many(rules, itakit.read_input(path, rules).agencies, registry=BARE)
    fast = summarise_csv(path, rules, registry=BARE, by=by)
    width = len(rules.indicators)
    if any(s == "94.995" for _, scores in rows for s in (scores * width)[:width]):
        assert fast is None  # three decimals: the ordinary path
        return
    assert fast is not None
    assert fast == summarise(results, rules, by=by)
    assert fast.overall.passing == sum(1 for r in results if r.grade.passed)


def _floor_rules():
    """2568's shape, but its lowest passing level needs OIT at 60 as well as a total of 72.50."""
    rating = itakit.Rating([
        itakit.RatingLevel("ดี", "ดี", "good", True, "85.00", "85.00"),
        itakit.RatingLevel("ผ่าน", "ผ่าน", "pass", True, "72.50", None, {"OIT": "60.00"}),
        itakit.RatingLevel("ไม่ผ่าน", "ไม่ผ่าน", "not passed", False),
    ])
    import attrs

    return attrs.evolve(R2568, year=2595, rating=rating, bands=(), pass_line="72.50")


def test_summary_counts_passing_by_the_level_and_shows_the_pass_line_as_one_condition(tmp_path, capsys, monkeypatch):
    rules = _floor_rules()
    rows = ["agency,province," + ",".join(map(str, range(1, 11))),
            "A,ระนอง," + ",".join(["90"] * 10),            # 90.00 ดี
            "B,ระนอง," + ",".join(["100"] * 8 + ["55", "55"]),  # 82.00, OIT 55: ไม่ผ่าน by the floor
            "C,ชุมพร," + ",".join(["80"] * 10),             # 80.00 ผ่าน
            "D,ชุมพร," + ",".join(["50"] * 10)]             # 50.00 ไม่ผ่าน
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    results = itakit.score_many(rules, itakit.read_input(path, rules).agencies, registry=BARE)
    assert [(r.agency, str(r.display_total), r.grade.code) for r in results] == [
        ("A", "90.00", "ดี"), ("B", "82.00", "ไม่ผ่าน"), ("C", "80.00", "ผ่าน"), ("D", "50.00", "ไม่ผ่าน")]
    summary = summarise_csv(path, rules, registry=BARE)
    assert summary == summarise(results, rules)
    assert (summary.overall.passing, summary.overall.total_at_pass_line) == (2, 3)
    assert (summary.passing_levels, summary.pass_line_alone) == (("ดี", "ผ่าน"), False)
    from itakit.outputs.render_batch import summary_to_csv, summary_to_json, summary_to_text

    text = summary_to_text(summary, rules)
    assert "ผ่านเกณฑ์ (passing: ระดับ ดี · ผ่าน) 2 หน่วยงาน = ร้อยละ 50.00" in text
    assert "คะแนนรวม 72.50 ขึ้นไป 3 หน่วยงาน (เงื่อนไขหนึ่งของการผ่านเกณฑ์" in text
    data = json.loads(summary_to_json(summary))
    assert (data["overall"]["passing"], data["overall"]["share_passing"], data["overall"]["total_at_pass_line"]) == (
        2, 50.0, 3)
    assert data["passing_levels"] == ["ดี", "ผ่าน"] and "at_pass_line" not in data["overall"]
    header = summary_to_csv(summary, rules).splitlines()[0]
    assert header.startswith("group,agencies,with_total,ดี,ผ่าน,ไม่ผ่าน,passing,share_passing,total_at_pass_line,")


def test_the_old_python_names_still_answer():
    rules = R2568
    results = [itakit.score(rules, itakit.AgencyData(agency="A", indicator_scores=dict.fromkeys(range(1, 11), 90)))]
    group = summarise(results, rules).overall
    assert group.at_pass_line == group.passing == 1 and group.share_at_pass_line == group.share_passing == 100


def test_a_2568_summary_takes_the_whole_number_path(tmp_path, monkeypatch):
    path = tmp_path / "agencies-2568.csv"
    path.write_text("agency,1,2,3,4,5,6,7,8,9,10\nA," + ",".join(["98"] * 5 + ["84"] * 3 + ["99.5"] * 2) + "\n",
                    encoding="utf-8")
    import itakit.scoring.score as scoring

    def refuse(*args, **kwargs):
        raise AssertionError("the ordinary path was taken")

    monkeypatch.setattr(scoring, "score_many", refuse)
    assert main(["summary", str(path), "--format", "json", "-o", str(tmp_path / "s.json")]) == 0
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["overall"]["grades"] == {"ผ่านดีเยี่ยม": 0, "ผ่านดี": 0, "ผ่าน": 1, "ไม่ผ่าน": 0}
    assert data["overall"]["passing"] == 1
