"""Write the synthetic example files of many agencies (run from the repository root).

Every agency in these files is invented: names say "สมมติ" (synthetic) and the scores
are drawn from a fixed random seed, shaped only to look like a province's table (most
agencies between 80 and 100, EIT usually the weakest tool). They exist so that the
commands in the README and docs/batch.md run as written:

    python examples/make_synthetic.py

writes ``examples/synthetic-agencies-2565.csv`` and ``examples/synthetic-agencies-2568.csv``
(the same agencies three years later) and ``examples/synthetic-raw-answers-2565-eit.csv``
(raw EIT answers of 60 invented respondents of one agency).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROVINCES = ("ระนอง", "ชุมพร", "พังงา", "กระบี่", "ภูเก็ต", "สุราษฎร์ธานี")
TYPES = (("อบต.", 0.55), ("เทศบาลตำบล", 0.30), ("เทศบาลเมือง", 0.10), ("อบจ.", 0.05))
AGENCIES = 300


def _clamp(value: float) -> str:
    return f"{min(100.0, max(0.0, value)):.2f}"


def _agencies(rng: random.Random) -> list[tuple[str, str, str, float]]:
    rows = []
    for n in range(1, AGENCIES + 1):
        province = rng.choice(PROVINCES)
        kind = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
        rows.append((f"{kind}สมมติ {n:03d} (synthetic)", province, kind, rng.gauss(0, 1)))
    return rows


def _scores(rng: random.Random, quality: float, lift: float) -> list[str]:
    iit = [94 + 3 * quality + lift + rng.gauss(0, 3) for _ in range(5)]
    eit = [90 + 4 * quality + lift + rng.gauss(0, 4) for _ in range(3)]
    oit = [90 + 7 * quality + 1.5 * lift + rng.gauss(0, 8) for _ in range(2)]
    return [_clamp(v) for v in (*iit, *eit, *oit)]


def write_tables() -> None:
    rng = random.Random(2565)
    agencies = _agencies(rng)
    for year, lift in ((2565, 0.0), (2568, 3.0)):
        path = HERE / f"synthetic-agencies-{year}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(["agency", "province", "type", *range(1, 11)])
            for name, province, kind, quality in agencies:
                out.writerow([name, province, kind, *_scores(rng, quality, lift)])


def write_raw_answers() -> None:
    """Raw EIT answers of one invented agency: levels 1-4, yes/no for e4, e8, e10; some blanks."""
    rng = random.Random(68)
    yes_no = {"e4": ("ไม่มี", 0.95), "e8": ("มี", 0.9), "e10": ("มี", 0.85)}
    path = HERE / "synthetic-raw-answers-2565-eit.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        codes = [f"e{i}" for i in range(1, 16)]
        out.writerow(["respondent", *codes])
        for r in range(1, 61):
            row = []
            for code in codes:
                if code in yes_no:
                    usual, p = yes_no[code]
                    other = "มี" if usual == "ไม่มี" else "ไม่มี"
                    row.append(usual if rng.random() < p else other)
                elif rng.random() < 0.03:
                    row.append("")
                else:
                    row.append(str(rng.choices((4, 3, 2, 1), weights=(70, 24, 5, 1))[0]))
            out.writerow([f"r{r:02d}", *row])


if __name__ == "__main__":
    write_tables()
    write_raw_answers()
