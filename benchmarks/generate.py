"""Make a deterministic synthetic national ITA data set for the benchmarks (nothing here is real data).

Writes, under ``benchmarks/data/`` (git-ignored):

* ``agencies.csv`` — 8,303 agencies' indicator table: ``agency,province,type,1,…,10``;
* ``iit.csv`` — raw IIT answers: ``agency`` and a column per IIT sub-item (51), a row per
  respondent, levels as ``1``–``4`` and yes/no as ``yes``/``no``;
* ``eit.csv`` — raw EIT answers: ``agency,e1,…,e15``, a row per respondent, levels as
  ``1``–``4`` and yes/no as ``มี``/``ไม่มี``;
* ``oit.csv`` — OIT results as indicator scores: ``agency,9,10`` (each the mean of its
  sub-indicators' pass shares, computed from generated pass/fail items).

Raw-answer files name agencies by a short code (``ITA00001``…), as survey exports key them;
the indicator table names them in full, in Thai.  Rows are grouped by agency, as exports are.

1,300,132 respondents in all, as in fiscal year 2565: 400,066 IIT (staff) and 900,066
EIT (public).  The same seed always gives byte-identical files::

    python benchmarks/generate.py            # or --scale 0.01 for a small set
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from pathlib import Path

AGENCIES = 8_303
IIT_RESPONDENTS = 400_066
EIT_RESPONDENTS = 900_066
SEED = 2565
DATA = Path(__file__).resolve().parent / "data"

PROVINCES = (
    "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา",
    "ชลบุรี", "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก", "นครนายก",
    "นครปฐม", "นครพนม", "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน",
    "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี", "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา",
    "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต",
    "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด", "ระนอง", "ระยอง", "ราชบุรี",
    "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล", "สมุทรปราการ",
    "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี", "สุราษฎร์ธานี",
    "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี", "อุตรดิตถ์", "อุทัยธานี",
    "อุบลราชธานี",
)
# (type, name prefix, how many) — roughly the 2565 mix of local and central agencies.
TYPES = (
    ("อบต.", "องค์การบริหารส่วนตำบล", 5_300),
    ("เทศบาลตำบล", "เทศบาลตำบล", 2_247),
    ("เทศบาลเมือง", "เทศบาลเมือง", 195),
    ("เทศบาลนคร", "เทศบาลนคร", 30),
    ("อบจ.", "องค์การบริหารส่วนจังหวัด", 76),
    ("ส่วนราชการ", "สำนักงาน", 300),
    ("รัฐวิสาหกิจ", "การ", 55),
    ("มหาวิทยาลัย", "มหาวิทยาลัย", 100),
)
SYLLABLES = ("บ้าน", "นา", "ดอน", "หนอง", "โคก", "ท่า", "บาง", "ห้วย", "ทุ่ง", "วัง", "เขา", "คลอง",
             "สาม", "ใหม่", "แก้ว", "ทอง", "ศรี", "สุข", "ไทร", "โพธิ์", "กลาง", "เหนือ", "ใต้", "ลำ",
             "พระ", "ชัย", "เจริญ", "งาม", "น้ำ", "ป่า", "ไผ่", "แดง")
LEVEL4_DIGITS = ("1", "2", "3", "4")
OIT_SUB_SIZES = {9: (9, 8, 7, 4, 5), 10: (8, 2)}


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` over agencies in proportion to ``weights`` (largest remainder, each at least 5)."""
    floor_each = 5
    rest = total - floor_each * len(weights)
    scale = rest / sum(weights)
    raw = [w * scale for w in weights]
    counts = [math.floor(x) for x in raw]
    short = rest - sum(counts)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[:short]:
        counts[i] += 1
    return [c + floor_each for c in counts]


def _agencies(rng: random.Random) -> list[tuple[str, str, str, float]]:
    """(name, province, type, quality) for every agency, names unique."""
    out: list[tuple[str, str, str, float]] = []
    seen: set[str] = set()
    for type_code, prefix, count in TYPES:
        for _ in range(count):
            province = rng.choice(PROVINCES)
            while True:
                place = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
                name = f"{prefix}{place}"
                if name in seen:
                    name = f"{prefix}{place} จังหวัด{province}"
                if name not in seen:
                    break
            seen.add(name)
            quality = min(0.995, max(0.35, rng.betavariate(9, 1.6)))
            out.append((name, province, type_code, quality))
    rng.shuffle(out)
    return out


def _scores(rng: random.Random, quality: float) -> list[str]:
    values = []
    for number in range(1, 11):
        spread = 10 if number in (9, 10) else 6
        x = 100 * quality + rng.gauss(4, spread)
        if number in (9, 10) and rng.random() < 0.55:
            x = 100.0
        values.append(f"{min(100.0, max(0.0, x)):.2f}")
    return values


def _level_weights(good: float) -> list[float]:
    """Cumulative weights of answers 1-4 for an agency whose answers are this good (0-1)."""
    w4 = good**1.2
    w3 = (1 - w4) * 0.7
    w2 = (1 - w4 - w3) * 0.7
    w1 = 1 - w4 - w3 - w2
    return [w1, w1 + w2, w1 + w2 + w3, 1.0]


def _write_answers(path: Path, columns: list[tuple[str, str, bool]], agencies, counts, rng, thai_yes_no: bool) -> None:
    """Write a raw-answer file: a row per respondent, grouped by agency (as exports are)."""
    level = LEVEL4_DIGITS
    yes, no = ("มี", "ไม่มี") if thai_yes_no else ("yes", "no")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["agency", *(code for code, _, _ in columns)])
        for index, ((_, _, _, quality), n) in enumerate(zip(agencies, counts, strict=True), start=1):
            name = agency_code(index)
            cols = []
            for _code, scale, reverse in columns:
                good = min(0.99, max(0.05, quality + rng.gauss(0, 0.05)))
                if scale == "yesno":
                    best, worst = (no, yes) if reverse else (yes, no)
                    col = rng.choices((best, worst), cum_weights=(good, 1.0), k=n)
                else:
                    options = level[::-1] if reverse else level
                    col = rng.choices(options, cum_weights=_level_weights(good), k=n)
                blanks = rng.random() < 0.3
                if blanks:
                    for i in rng.sample(range(n), k=max(1, n // 50)):
                        col[i] = ""
                cols.append(col)
            writer.writerows([name, *row] for row in zip(*cols, strict=True))


def agency_code(index: int) -> str:
    """The short code raw-answer files give the agency at this (1-based) position."""
    return f"ITA{index:05d}"


def _oit(rng: random.Random, quality: float) -> list[str]:
    out = []
    for number in (9, 10):
        subs = []
        for size in OIT_SUB_SIZES[number]:
            passed = sum(rng.random() < min(0.995, quality + 0.05) for _ in range(size))
            subs.append(100 * passed / size)
        out.append(f"{sum(subs) / len(subs):.10g}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fraction of the respondents to generate (agencies stay 8,303); default 1")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (default benchmarks/data)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import itakit_rules_2565  # the 2565 sub-items, their scales and reverse flags

    rules = itakit_rules_2565.rule_set()
    rng = random.Random(SEED)
    agencies = _agencies(rng)
    args.out.mkdir(parents=True, exist_ok=True)

    with (args.out / "agencies.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["agency", "province", "type", *map(str, range(1, 11))])
        for name, province, type_code, quality in agencies:
            writer.writerow([name, province, type_code, *_scores(rng, quality)])

    with (args.out / "oit.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["agency", "9", "10"])
        for name, _, _, quality in agencies:
            writer.writerow([name, *_oit(rng, quality)])

    for tool, total, thai_yes_no in (("i", IIT_RESPONDENTS, False), ("e", EIT_RESPONDENTS, True)):
        columns = []
        for code in rules.sub_item_codes:
            if code.startswith(tool):
                sub = rules.sub_item(code)[1]
                columns.append((code, sub.scale, sub.reverse))
        weights = [rng.lognormvariate(0, 0.6) for _ in agencies]
        wanted = max(5 * len(agencies), round(total * args.scale))
        counts = _allocate(wanted, weights)
        _write_answers(args.out / f"{tool}it.csv", columns, agencies, counts, rng, thai_yes_no)
        print(f"{args.out / f'{tool}it.csv'}: {sum(counts):,} respondents", file=sys.stderr)
    print(f"{args.out}: agencies.csv ({len(agencies):,} agencies), oit.csv, iit.csv, eit.csv", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
