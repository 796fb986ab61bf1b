"""Results, summaries and comparisons as Arrow tables and pandas/polars DataFrames: a column per field, exact figures."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itakit
from conftest import EXAMPLES, SEED_SCORES
from itakit.errors import UsageError
from itakit.outputs.frames import columns

pa = pytest.importorskip("pyarrow", reason="pyarrow is the fast extra, in the test extra")


@pytest.fixture(scope="module")
def many(rules):
    return itakit.score_many(rules, itakit.read_input(EXAMPLES / "synthetic-agencies-2565.csv", rules).agencies)


@pytest.fixture(scope="module")
def comparison(many, rules):
    rules_2568 = itakit.rule_set(2568)
    new = itakit.score_many(rules_2568, itakit.read_input(EXAMPLES / "synthetic-agencies-2568.csv", rules_2568).agencies)
    return itakit.compare(many, new, old_rules=rules, new_rules=rules_2568)


def test_one_result_is_one_row_with_its_exact_published_figures(rules):
    result = itakit.score(rules, itakit.AgencyData(agency="อบต.ลำเลียง", indicator_scores=SEED_SCORES))
    table = itakit.to_arrow(result)
    row = table.to_pylist()[0]
    assert table.num_rows == 1
    assert row["total"] == Decimal("97.20") and row["grade"] == "AA" and row["passed"] is True
    assert row["9"] == Decimal("96.00") and row["EIT"] == Decimal("93.70") and row["agency_rank"] == 1
    assert table.schema.field("total").type == pa.decimal128(5, 2)
    assert table.schema.field("passed").type == pa.bool_()
    assert table.column_names[:3] == ["agency", "year", "1"]
    assert itakit.to_arrow(result, exact=False).to_pylist()[0]["total"] == 97.2


def test_thousands_of_results_keep_file_order_ranks_and_the_input_columns(many):
    table = itakit.to_arrow(many)
    assert table.num_rows == 300
    assert table.column("agency_rank").to_pylist() == list(itakit.rank_agencies(many))
    assert table.column("total").to_pylist() == [r.display_total for r in many]
    assert table.column("province").to_pylist() == [r.extra["province"] for r in many]
    assert table.column_names[-2:] == ["province", "type"]


def test_a_missing_figure_is_null_not_zero(rules):
    data = itakit.read_input(EXAMPLES / "synthetic-raw-answers-2565-eit.csv", rules).agencies[0]
    row = itakit.to_arrow(itakit.score(rules, data)).to_pylist()[0]
    assert row["total"] is None and row["grade"] is None and row["passed"] is None and row["IIT"] is None
    assert row["respondents"] == 60 and row["EIT"] is not None and row["agency_rank"] is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10_000).map(lambda c: Decimal(c).scaleb(-2)), min_size=10, max_size=10))
def test_every_figure_is_the_displayed_one_exactly(rules, scores):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=dict(enumerate(scores, start=1))))
    row = itakit.to_arrow(result).to_pylist()[0]
    assert row["total"] == result.display_total
    assert [row[t.code] for t in result.tools] == [t.display_score for t in result.tools]
    assert [row[str(i.number)] for i in result.indicators] == [i.display_score for i in result.indicators]


def test_an_input_column_named_like_a_field_is_kept_under_its_own_name(rules):
    data = itakit.AgencyData(agency="x", indicator_scores=SEED_SCORES, extra={"total": "สูง", "province": "ระนอง"})
    names = [c.name for c in columns(itakit.score(rules, data))]
    assert names.count("total") == 1 and names[-2:] == ["extra.total", "province"]


def test_a_summary_is_a_row_for_all_agencies_then_one_per_group(many, rules):
    summary = itakit.summarise(many, rules, by="province")
    table = itakit.to_arrow(summary)
    rows = table.to_pylist()
    assert table.num_rows == 1 + len(summary.groups)
    assert rows[0]["province"] is None and rows[1]["province"] == summary.groups[0].name
    assert rows[0]["passing"] == summary.overall.passing
    assert rows[0]["share_passing"] == summary.overall.display_share == Decimal("84.67")
    assert rows[0]["AA"] + rows[0]["A"] + rows[0]["B"] == 300
    assert rows[0]["weakest"] == [i.number for i in summary.overall.weakest]
    assert rows[0]["target_share"] == Decimal("80.00")


def test_a_comparison_is_a_row_per_agency_with_the_csv_columns(comparison):
    table = itakit.to_arrow(comparison)
    first = comparison.agencies[0]
    row = table.to_pylist()[0]
    assert table.num_rows == len(comparison.agencies)
    assert row["old_total"] == first.old_total and row["total_change"] == first.total_change
    assert row["9_change"] == next(i.change for i in first.indicators if i.number == 9)
    assert {"old_passed", "new_passed", "10_old", "10_new", "10_change"} <= set(table.column_names)


def test_pandas_gets_decimals_and_nullable_counts(many, rules):
    pd = pytest.importorskip("pandas", reason="pandas is in the test extra")
    frame = itakit.to_pandas(many)
    assert frame.shape == (300, 27)
    assert frame.loc[0, "total"] == many[0].display_total and isinstance(frame.loc[0, "total"], Decimal)
    assert str(frame["agency_rank"].dtype) == "Int64" and str(frame["passed"].dtype) == "boolean"
    assert frame.groupby("province")["passed"].sum().sum() == sum(1 for r in many if r.passed)
    floats = itakit.to_pandas(itakit.summarise(many, rules), exact=False)
    assert floats["share_passing"].dtype == "float64" and floats.loc[0, "share_passing"] == pytest.approx(84.67)
    assert pd.isna(floats.loc[0, "group"])


def test_polars_gets_decimal_columns(many, comparison):
    pl = pytest.importorskip("polars", reason="polars is the polars extra (large), not in the test extra")
    frame = itakit.to_polars(many)
    assert frame.schema["total"] == pl.Decimal(5, 2) and frame.height == 300
    assert frame["total"].to_list() == [r.display_total for r in many]
    assert itakit.to_polars(comparison)["status"].to_list() == [a.status for a in comparison.agencies]


def test_no_library_is_imported_until_a_table_is_asked_for():
    code = ("import sys, itakit; rules = itakit.rule_set(2565);"
            "from itakit.outputs.frames import columns;"
            f"r = itakit.score_many(rules, itakit.read_input({str(EXAMPLES / 'synthetic-agencies-2565.csv')!r}, rules).agencies);"
            "columns(r); print(sorted(m for m in ('pyarrow', 'pandas', 'polars', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_missing_library_names_the_extra_to_install(monkeypatch, many):
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(UsageError, match=r"this needs polars: pip install 'itakit\[polars\]'"):
        itakit.to_polars(many)


def test_anything_else_is_refused_by_type(many):
    with pytest.raises(TypeError, match="expected results, a Summary or a Comparison, found str"):
        columns("results.csv")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="found dict among them"):
        columns([many[0], {"total": 97.2}])  # type: ignore[list-item]
