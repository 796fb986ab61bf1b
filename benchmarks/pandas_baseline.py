"""The hand-written pandas script an analyst would write today, for the benchmark to race.

It does what ``itakit score`` does with a raw-answer file of many agencies: read the CSV,
map each answer to points (reverse items turned around, blanks left out), take each
agency's mean per sub-item, a question's mean of its sub-items and an indicator's mean
of its questions.  Writes ``agency,<indicator>,…`` with full float precision::

    python benchmarks/pandas_baseline.py benchmarks/data/iit.csv out.csv
    python benchmarks/pandas_baseline.py benchmarks/data/iit-forms.csv out.csv benchmarks/data/iit-forms.mapping.toml

An ``.xlsx`` workbook is read with ``pd.read_excel`` (openpyxl, pandas's default engine).
A survey export headed by question texts takes a mapping file (``[columns]``, header →
code, as ``itakit mapping`` writes it): the analyst renames the columns by it first.
"""

from __future__ import annotations

import re
import sys
import tomllib

import pandas as pd

LEVEL = {"1": 0.0, "2": 100 / 3, "3": 200 / 3, "4": 100.0,
         "น้อยที่สุดหรือไม่มีเลย": 0.0, "น้อย": 100 / 3, "มาก": 200 / 3, "มากที่สุด": 100.0}
YES_NO = {"yes": 100.0, "no": 0.0, "มี": 100.0, "ไม่มี": 0.0}
YES_NO_ITEMS = {"i4.1", "i4.2", "i4.3", "i5.1", "i5.2", "i5.3", "i6.1", "i6.2", "i6.3",
                "i26.1", "i26.2", "e4", "e8", "e10"}
REVERSE = {"i4.1", "i4.2", "i4.3", "i5.1", "i5.2", "i5.3", "i6.1", "i6.2", "i6.3", "i9", "i10",
           "i11.2", "i16", "i17", "i18.1", "i18.2", "i18.3", "i19", "i22", "e4"}


def indicator_of(question: str) -> int:
    """i1-i6 -> 1, …, i25-i30 -> 5; e1-e5 -> 6, e6-e10 -> 7, e11-e15 -> 8."""
    n = int(question[1:])
    return (n - 1) // 6 + 1 if question[0] == "i" else (n - 1) // 5 + 6


def rename(columns: list[str], mapping: str | None) -> dict[str, str]:
    """Header -> code for the columns to keep (agency and answers), by a mapping file when given."""
    if mapping is None:
        return {c: c for c in columns}
    with open(mapping, "rb") as fh:
        table = tomllib.load(fh)["columns"] | {"หน่วยงาน": "agency"}
    return {c: table[c] for c in columns if table.get(c, "ignore") not in ("ignore", "timestamp", "respondent")}


def main(src: str, out: str, mapping: str | None = None) -> None:
    # a workbook: pandas reads it with openpyxl, every cell as text
    df = pd.read_excel(src, dtype=str, engine="openpyxl") if src.endswith(".xlsx") else pd.read_csv(src, dtype=str)
    keep = rename(list(df.columns), mapping)
    df = df[list(keep)].rename(columns=keep)
    answers = [c for c in df.columns if c != "agency"]
    points = pd.DataFrame({"agency": df["agency"]})
    for col in answers:
        mapped = df[col].map(YES_NO if col in YES_NO_ITEMS else LEVEL)
        points[col] = 100.0 - mapped if col in REVERSE else mapped
    del df
    indicator_means(points.groupby("agency", sort=False).mean(), answers).to_csv(out, float_format="%.17g")


def indicator_means(sub_means: pd.DataFrame, answers: list[str]) -> pd.DataFrame:
    """Each agency's indicator scores from its sub-item means: a question's mean of its sub-items, then an
    indicator's mean of its questions."""
    questions: dict[str, list[str]] = {}
    for col in answers:
        questions.setdefault(re.sub(r"\.\d+$", "", col), []).append(col)
    q_means = pd.DataFrame({q: sub_means[cols].mean(axis=1) for q, cols in questions.items()})
    indicators: dict[int, list[str]] = {}
    for q in questions:
        indicators.setdefault(indicator_of(q), []).append(q)
    return pd.DataFrame({str(n): q_means[qs].mean(axis=1) for n, qs in sorted(indicators.items())})


if __name__ == "__main__":
    main(*sys.argv[1:4])
