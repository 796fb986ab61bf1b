"""Other shapes real exports have, made from ``benchmarks/data/iit.csv`` (run ``generate.py`` first).

Writes, under ``benchmarks/data/`` (git-ignored), the same 400,066 IIT respondents of
8,303 agencies as ``iit.csv`` (grouped by agency, answers as digits) in two more shapes:

* ``iit-interleaved-thai.csv`` — rows in submission order (agencies interleaved, a seeded
  shuffle), answers as the Thai labels (มากที่สุด … น้อยที่สุดหรือไม่มีเลย, มี / ไม่มี);
* ``iit-forms.csv`` with ``iit-forms.mapping.toml`` — a Google Forms export: a timestamp,
  an e-mail column, ``หน่วยงาน``, then a column per sub-item headed by the question's
  Thai text (``question [part]`` for a grid), Thai labels, in submission order; the
  mapping is the one ``itakit mapping --year 2565 --tool IIT`` writes, plus the e-mail
  column mapped to ``ignore``.

Deterministic: the same input gives byte-identical files::

    python benchmarks/generate_shapes.py [data folder]
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SEED = 2565


def main() -> int:
    global DATA
    if len(sys.argv) > 1:
        DATA = Path(sys.argv[1])  # another data folder, as generate.py --out
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import itakit_rules_2565

    rules = itakit_rules_2565.rule_set()
    with (DATA / "iit.csv").open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split(",")
        lines = fh.read().splitlines()
    random.Random(SEED).shuffle(lines)  # submission order: agencies interleaved
    labels = []
    for code in header[1:]:
        scale = rules.scale(rules.sub_item(code)[1].scale)
        labels.append({o.key: o.labels[0] for o in scale.options} | {"": ""})

    with (DATA / "iit-interleaved-thai.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for line in lines:
            cells = line.split(",")
            fh.write(",".join([cells[0], *(m[c] for m, c in zip(labels, cells[1:], strict=True))]) + "\n")

    starter = subprocess.run([sys.executable, "-m", "itakit", "mapping", "--year", "2565", "--tool", "IIT"],
                             check=True, capture_output=True, text=True).stdout
    text_of: dict[str, str] = {}
    for head, code in tomllib.loads(starter)["columns"].items():
        text_of.setdefault(code, head)
    (DATA / "iit-forms.mapping.toml").write_text(starter + '"ที่อยู่อีเมล" = "ignore"\n', encoding="utf-8")
    with (DATA / "iit-forms.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["ประทับเวลา", "ที่อยู่อีเมล", "หน่วยงาน", *(text_of[code] for code in header[1:])])
        for n, line in enumerate(lines):
            cells = line.split(",")
            stamp = f"2022/05/{2 + n // 40000:02d} {n % 40000 // 3600 + 8}:{n % 3600 // 60:02d}:{n % 60:02d}"
            writer.writerow([stamp, "", cells[0], *(m[c] for m, c in zip(labels, cells[1:], strict=True))])
    print(f"{DATA}: iit-interleaved-thai.csv, iit-forms.csv, iit-forms.mapping.toml ({len(lines):,} respondents)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
