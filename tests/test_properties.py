"""Hypothesis properties over the 2565 rules: the order of rows and respondents never matters, every total has a
grade."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import itakit
from itakit.exact import round_half_up
from itakit.rules.grading import grade_by_bands

scores = st.fractions(min_value=0, max_value=100, max_denominator=10_000)
indicator_maps = st.fixed_dictionaries({n: scores for n in range(1, 11)})


@given(indicator_maps, st.randoms(use_true_random=False))
@settings(max_examples=50)
def test_row_order_does_not_matter(tmp_path_factory, rules, registry, values, rnd):
    rows = [f"{n},{round_half_up(v, 4)}" for n, v in values.items()]
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    folder = tmp_path_factory.mktemp("order")
    results = []
    for name, body in (("a.csv", rows), ("b.csv", shuffled)):
        path = folder / name
        path.write_text("indicator,score\n" + "\n".join(body) + "\n", encoding="utf-8")
        data = itakit.read_input(path, rules)
        results.append(itakit.score(rules, itakit.AgencyData(indicator_scores=data.agencies[0].indicator_scores),
                                    registry=registry))
    assert results[0] == results[1]


@given(
    st.lists(st.tuples(st.sampled_from(["1", "2", "3", "4", "", "มาก", "๔"]), st.sampled_from(["yes", "no", "", "มี"])),
             min_size=1, max_size=30),
    st.randoms(use_true_random=False),
)
@settings(max_examples=50)
def test_respondent_order_does_not_change_answer_tallies(tmp_path_factory, rules, rows, rnd):
    """The raw-answer reader counts the same tallies whatever order the respondents' rows come in."""
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    folder = tmp_path_factory.mktemp("respondents")
    tallies = []
    for name, body in (("a.csv", rows), ("b.csv", shuffled)):
        path = folder / name
        path.write_text("e1,e4\n" + "\n".join(f"{a},{b}" for a, b in body) + "\n", encoding="utf-8")
        try:
            data = itakit.read_input(path, rules)
        except itakit.DataError:
            tallies.append("refused")  # rows that are blank throughout are skipped: both orders alike
            continue
        tallies.append({code: (t.counts, t.blank) for code, t in data.agencies[0].answers.items()})
    assert tallies[0] == tallies[1]
    if tallies[0] != "refused":
        expected_e1 = sum(1 for a, _ in rows if a)
        assert sum(tallies[0]["e1"][0].values()) == expected_e1


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_grade_of_any_two_decimal_total_exists(rules, total):
    grade = grade_by_bands(rules, total)
    assert grade.code in {b.code for b in rules.bands}
