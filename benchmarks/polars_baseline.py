"""The same computation as ``pandas_baseline.py``, written the way a polars user would, for the benchmark to race.

Lazy CSV scan (every column as text), a point map per column (reverse items turned
around, blanks and unknown answers left out), each agency's mean per sub-item with the
streaming engine, then a question's mean of its sub-items and an indicator's mean of its
questions.  Writes ``agency,<indicator>,…``::

    python benchmarks/polars_baseline.py benchmarks/data/iit.csv out.csv [mapping.toml]

An ``.xlsx`` workbook is read with ``pl.read_excel`` (calamine through fastexcel, polars's default engine).
"""

from __future__ import annotations

import re
import sys

import polars as pl
from pandas_baseline import LEVEL, REVERSE, YES_NO, YES_NO_ITEMS, indicator_of, rename


def main(src: str, out: str, mapping: str | None = None) -> None:
    if src.endswith(".xlsx"):  # a workbook: polars reads it with calamine (fastexcel), every column as text
        lf = pl.read_excel(src, engine="calamine", infer_schema_length=0).lazy()
    else:
        lf = pl.scan_csv(src, infer_schema=False)
    keep = rename(lf.collect_schema().names(), mapping)
    answers = [code for code in keep.values() if code != "agency"]
    points = []
    for head, code in keep.items():
        if code == "agency":
            continue
        mapped = pl.col(head).replace_strict(YES_NO if code in YES_NO_ITEMS else LEVEL, default=None,
                                             return_dtype=pl.Float64)
        points.append((100.0 - mapped if code in REVERSE else mapped).alias(code))
    agency = next(head for head, code in keep.items() if code == "agency")
    sub_means = (lf.select(pl.col(agency).alias("agency"), *points)
                 .group_by("agency").mean().collect(engine="streaming"))
    questions: dict[str, list[str]] = {}
    for code in answers:
        questions.setdefault(re.sub(r"\.\d+$", "", code), []).append(code)
    q_means = sub_means.select("agency", *(pl.mean_horizontal(cols).alias(q) for q, cols in questions.items()))
    indicators: dict[int, list[str]] = {}
    for q in questions:
        indicators.setdefault(indicator_of(q), []).append(q)
    result = q_means.select("agency", *(pl.mean_horizontal(qs).alias(str(n)) for n, qs in sorted(indicators.items())))
    result.write_csv(out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
