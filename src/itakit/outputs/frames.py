"""Results, summaries and comparisons as an Arrow table or a pandas or polars DataFrame, for analysts' notebooks.

One row per agency (results), per group (a summary, all agencies first) or per agency across
two years (a comparison), and a column per field.  The published figures stay exact by default:
Arrow and polars hold them as two-decimal decimals, pandas as :class:`~decimal.Decimal` objects;
``exact=False`` gives floats, for plotting.  Counts are whole numbers and flags booleans, both
nullable, and a missing figure is null — never 0.  Nothing here imports pyarrow, pandas or
polars until a function that needs it is called (pyarrow is the ``fast`` extra; pandas and
polars are their own extras), so ``import itakit`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..errors import UsageError
from ..exact import round_half_up
from ..scoring.batch import Comparison, GroupSummary, Summary, rank_agencies
from ..scoring.result import Result
from .render_batch import indicator_cells, indicator_columns

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

__all__ = ["Column", "Framed", "Kind", "columns", "to_arrow", "to_pandas", "to_polars"]

Framed = Result | Iterable[Result] | Summary | Comparison
"""What converts to a table: one result, many results (a list, a tuple…), a summary or a comparison."""

Kind = Literal["text", "figure", "count", "flag", "numbers"]
"""A column's kind: text; a published two-decimal figure (``Decimal``); a whole number; a boolean; a list of
whole numbers (a summary's weakest indicators)."""

_PRECISION = 5
"""Digits of a figure's decimal type: every figure lies within ±100.00."""


@attrs.frozen
class Column:
    """One column of a table, before it is handed to a library: its name, kind and a value per row (None = null)."""

    name: str
    kind: Kind
    values: list[Any]


def _results_columns(results: Sequence[Result]) -> list[Column]:
    numbers: dict[int, None] = {}
    tools: dict[str, None] = {}
    extras: dict[str, None] = {}
    for r in results:
        numbers.update(dict.fromkeys(i.number for i in r.indicators))
        tools.update(dict.fromkeys(t.code for t in r.tools))
        tools.update(dict.fromkeys(r.missing_tools))  # a tool the input lacked is a column of nulls, not absent
        extras.update(dict.fromkeys(r.extra))
    scores = [{i.number: i.display_score for i in r.indicators} for r in results]
    tool_scores = [{t.code: t.display_score for t in r.tools} for r in results]
    cols = [
        Column("agency", "text", [r.agency for r in results]),
        Column("year", "count", [r.year for r in results]),
        *(Column(str(n), "figure", [s.get(n) for s in scores]) for n in numbers),
        *(Column(code, "figure", [s.get(code) for s in tool_scores]) for code in tools),
        Column("total", "figure", [r.display_total for r in results]),
        Column("grade", "text", [None if r.grade is None else r.grade.code for r in results]),
        Column("passed", "flag", [r.passed for r in results]),
        Column("next_grade", "text", [r.next_grade for r in results]),
        Column("points_to_next_grade", "figure", [r.points_to_next_grade for r in results]),
        Column("respondents", "count", [r.respondents for r in results]),
        Column("blank_answers", "count", [r.blank_answers for r in results]),
        Column("unreadable", "count", [len(r.unreadable) for r in results]),
        Column("agency_rank", "count", list(rank_agencies(results))),
        Column("rules_verified", "flag", [r.rules_verified for r in results]),
    ]
    taken = {c.name for c in cols}
    for name in extras:  # the input's other columns, last, as text; one named like a field above is prefixed
        cols.append(Column(f"extra.{name}" if name in taken else name, "text", [r.extra.get(name) for r in results]))
    return cols


def _summary_columns(summary: Summary) -> list[Column]:
    groups: list[GroupSummary] = [summary.overall, *summary.groups]
    levels = [c.code for c in summary.overall.grades]
    tools = [t.code for t in summary.overall.tools]
    numbers = [i.number for i in summary.overall.indicators]
    means = [({t.code: t.display_mean for t in g.tools}, {i.number: i.display_mean for i in g.indicators})
             for g in groups]
    counts = [{c.code: c.count for c in g.grades} for g in groups]
    return [
        Column(summary.by or "group", "text", [g.name for g in groups]),
        Column("year", "count", [summary.year] * len(groups)),
        Column("agencies", "count", [g.agencies for g in groups]),
        Column("with_total", "count", [g.with_total for g in groups]),
        *(Column(code, "count", [c.get(code, 0) for c in counts]) for code in levels),
        Column("passing", "count", [g.passing for g in groups]),
        Column("share_passing", "figure", [g.display_share for g in groups]),
        Column("total_at_pass_line", "count", [g.total_at_pass_line for g in groups]),
        Column("target_share", "figure", [round_half_up(g.target_share) for g in groups]),
        Column("meets_target", "flag", [g.meets_target for g in groups]),
        Column("mean_total", "figure", [g.display_mean_total for g in groups]),
        *(Column(code, "figure", [m[0].get(code) for m in means]) for code in tools),
        *(Column(str(n), "figure", [m[1].get(n) for m in means]) for n in numbers),
        Column("weakest", "numbers", [[i.number for i in g.weakest] for g in groups]),
    ]


def _comparison_columns(comparison: Comparison) -> list[Column]:
    agencies = comparison.agencies
    per_indicator = indicator_columns(comparison)
    cells = [indicator_cells(a, per_indicator) for a in agencies]
    return [
        Column("agency", "text", [a.agency for a in agencies]),
        Column("status", "text", [a.status for a in agencies]),
        Column("old_total", "figure", [a.old_total for a in agencies]),
        Column("new_total", "figure", [a.new_total for a in agencies]),
        Column("total_change", "figure", [a.total_change for a in agencies]),
        Column("old_grade", "text", [a.old_grade for a in agencies]),
        Column("new_grade", "text", [a.new_grade for a in agencies]),
        Column("old_passed", "flag", [a.old_passed for a in agencies]),
        Column("new_passed", "flag", [a.new_passed for a in agencies]),
        *(Column(header, "figure", [row[k] for row in cells]) for k, (header, _, _) in enumerate(per_indicator)),
    ]


def columns(data: Framed) -> list[Column]:
    """The columns of a table of ``data``, library-neutral: what :func:`to_arrow`, :func:`to_pandas` and
    :func:`to_polars` build from.

    Results: ``agency``, ``year``, each indicator's score under its number (``"1"`` … ``"10"``), each tool's
    (``IIT``, ``EIT``, ``OIT``), ``total``, ``grade``, ``passed``, ``next_grade``, ``points_to_next_grade``,
    ``respondents``, ``blank_answers``, ``unreadable`` (how many), ``agency_rank`` (among the results given),
    ``rules_verified``, then the input's other columns (``province``…) as text.  A summary: the group (named by
    ``by``, null on the row of all agencies), ``year``, counts, a count per rating level, ``share_passing``,
    means per tool and indicator and ``weakest``.  A comparison: the columns of ``itakit compare --format csv``
    with ``old_passed`` and ``new_passed``.
    """
    if isinstance(data, Summary):
        return _summary_columns(data)
    if isinstance(data, Comparison):
        return _comparison_columns(data)
    if isinstance(data, Result):
        return _results_columns([data])
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise TypeError(f"expected results, a Summary or a Comparison, found {type(data).__name__}")
    results = list(data)
    wrong = next((r for r in results if not isinstance(r, Result)), None)
    if wrong is not None:
        raise TypeError(f"expected results (itakit.Result), found {type(wrong).__name__} among them")
    return _results_columns(results)


def _needs(module: str, extra: str) -> Any:
    """Import an optional library, or say which extra brings it (exit 2: the environment lacks it)."""
    from importlib import import_module

    try:
        return import_module(module)
    except ImportError:
        raise UsageError(f"this needs {module.partition('.')[0]}: pip install 'itakit[{extra}]'") from None


def _figures(values: list[Any], exact: bool) -> list[Any]:
    return values if exact else [None if v is None else float(v) for v in values]


def to_arrow(data: Framed, *, exact: bool = True) -> pyarrow.Table:
    """A :class:`pyarrow.Table` of results, a summary or a comparison (see :func:`columns`): figures as
    ``decimal128(5, 2)`` (``float64`` with ``exact=False``), counts ``int64``, flags ``bool``, text ``string``.

    Needs pyarrow (the ``fast`` extra).
    """
    pa = _needs("pyarrow", "fast")
    kinds = {"text": pa.string(), "count": pa.int64(), "flag": pa.bool_(), "numbers": pa.list_(pa.int64()),
             "figure": pa.decimal128(_PRECISION, 2) if exact else pa.float64()}
    cols = columns(data)
    arrays = [pa.array(_figures(c.values, exact) if c.kind == "figure" else c.values, type=kinds[c.kind]) for c in cols]
    table: pyarrow.Table = pa.Table.from_arrays(arrays, schema=pa.schema([pa.field(c.name, kinds[c.kind]) for c in cols]))
    return table


def to_pandas(data: Framed, *, exact: bool = True) -> pandas.DataFrame:
    """A :class:`pandas.DataFrame` of results, a summary or a comparison (see :func:`columns`): figures as
    :class:`~decimal.Decimal` objects (``float64``, NaN when missing, with ``exact=False``), counts ``Int64``
    and flags ``boolean`` (pandas's nullable types), text as strings.

    Needs pandas (the ``pandas`` extra); not pyarrow.
    """
    pd = _needs("pandas", "pandas")
    dtypes = {"count": "Int64", "flag": "boolean", "numbers": object, "text": None,
              "figure": object if exact else "float64"}
    frame: pandas.DataFrame = pd.DataFrame({c.name: pd.Series(_figures(c.values, exact) if c.kind == "figure" else c.values,
                                           dtype=dtypes[c.kind]) for c in columns(data)})
    return frame


def to_polars(data: Framed, *, exact: bool = True) -> polars.DataFrame:
    """A :class:`polars.DataFrame` of results, a summary or a comparison (see :func:`columns`): figures as
    ``Decimal(5, 2)`` (``Float64`` with ``exact=False``), counts ``Int64``, flags ``Boolean``, text ``String``.

    Needs polars (the ``polars`` extra); not pyarrow.
    """
    pl = _needs("polars", "polars")
    kinds = {"text": pl.String, "count": pl.Int64, "flag": pl.Boolean, "numbers": pl.List(pl.Int64),
             "figure": pl.Decimal(_PRECISION, 2) if exact else pl.Float64}
    frame: polars.DataFrame = pl.DataFrame([
        pl.Series(c.name, _figures(c.values, exact) if c.kind == "figure" else c.values, dtype=kinds[c.kind])
        for c in columns(data)])
    return frame

