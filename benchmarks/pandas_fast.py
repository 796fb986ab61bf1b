"""``pandas_baseline.py`` as a pandas 3 user who knows its fast paths writes it, for the benchmark to race too.

pyarrow parses the CSV (``engine="pyarrow"``, several threads) and every column is read as
a category, so each distinct answer is mapped to points once, not once per cell (digits
come back as whole-number categories, Thai labels as text ones; the point maps take
both).  Then the same means as ``pandas_baseline.py``.  Writes ``agency,<indicator>,…``::

    python benchmarks/pandas_fast.py benchmarks/data/half/iit.csv out.csv [mapping.toml]
"""

from __future__ import annotations

import sys

import pandas as pd
from pandas_baseline import LEVEL, REVERSE, YES_NO, YES_NO_ITEMS, indicator_means, rename

LEVELS = {**LEVEL, **{int(k): v for k, v in LEVEL.items() if k.isdigit()}}
"""The answer levels by their text and, for digits read as numbers, by their value."""


def main(src: str, out: str, mapping: str | None = None) -> None:
    df = pd.read_csv(src, dtype="category", engine="pyarrow")
    keep = rename(list(df.columns), mapping)
    df = df[list(keep)].rename(columns=keep)
    answers = [c for c in df.columns if c != "agency"]
    points = {}
    for col in answers:
        mapped = df[col].map(YES_NO if col in YES_NO_ITEMS else LEVELS).astype(float)  # the categories, once
        points[col] = 100.0 - mapped if col in REVERSE else mapped
    frame = pd.DataFrame(points)
    frame["agency"] = df["agency"]
    del df
    sub_means = frame.groupby("agency", sort=False, observed=True).mean()
    indicator_means(sub_means, answers).to_csv(out, float_format="%.17g")


if __name__ == "__main__":
    main(*sys.argv[1:4])
