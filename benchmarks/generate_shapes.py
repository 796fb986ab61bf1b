"""Other shapes real exports have, made from ``benchmarks/data/iit.csv`` and ``eit.csv`` (run ``generate.py`` first).

Writes, under ``benchmarks/data/`` (git-ignored), the same 1,300,132 respondents of
8,303 agencies as ``iit.csv`` and ``eit.csv`` (grouped by agency, answers as digits) in
two more shapes each, ``<tool>`` being ``iit`` (400,066 staff) or ``eit`` (900,066
members of the public):

* ``<tool>-interleaved-thai.csv`` — rows in submission order (agencies interleaved, a
  seeded shuffle), answers as the Thai labels (มากที่สุด … น้อยที่สุดหรือไม่มีเลย, มี / ไม่มี);
* ``<tool>-forms.csv`` with ``<tool>-forms.mapping.toml`` — a Google Forms export: a
  timestamp, an e-mail column, ``หน่วยงาน``, then a column per sub-item headed by the
  question's Thai text (``question [part]`` for a grid), Thai labels, in submission
  order; the mapping is the one ``itakit mapping --year 2565 --tool IIT`` (or ``EIT``)
  writes, plus the e-mail column mapped to ``ignore``.

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
    for tool in ("iit", "eit"):
        respondents = _shapes(rules, tool)
        print(f"{DATA}: {tool}-interleaved-thai.csv, {tool}-forms.csv, {tool}-forms.mapping.toml "
              f"({respondents:,} respondents)", file=sys.stderr)
    return 0


def _shapes(rules: object, tool: str) -> int:
    """Write one tool's interleaved Thai-label file and Forms export (with its mapping); the respondents."""
    with (DATA / f"{tool}.csv").open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split(",")
        lines = fh.read().splitlines()
    random.Random(SEED).shuffle(lines)  # submission order: agencies interleaved
    labels = []
    for code in header[1:]:
        scale = rules.scale(rules.sub_item(code)[1].scale)  # type: ignore[attr-defined]
        labels.append({text: o.labels[0] for o in scale.options for text in (o.key, *o.labels)} | {"": ""})

    with (DATA / f"{tool}-interleaved-thai.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for line in lines:
            cells = line.split(",")
            fh.write(",".join([cells[0], *(m[c] for m, c in zip(labels, cells[1:], strict=True))]) + "\n")

    starter = subprocess.run([sys.executable, "-m", "itakit", "mapping", "--year", "2565", "--tool", tool.upper()],
                             check=True, capture_output=True, text=True).stdout
    text_of: dict[str, str] = {}
    for head, code in tomllib.loads(starter)["columns"].items():
        text_of.setdefault(code, head)
    (DATA / f"{tool}-forms.mapping.toml").write_text(starter + '"ที่อยู่อีเมล" = "ignore"\n', encoding="utf-8")
    with (DATA / f"{tool}-forms.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["ประทับเวลา", "ที่อยู่อีเมล", "หน่วยงาน", *(text_of[code] for code in header[1:])])
        for n, line in enumerate(lines):
            cells = line.split(",")
            day = n // 40000
            stamp = f"2022/{5 + day // 28:02d}/{2 + day % 28:02d} {n % 40000 // 3600 + 8}:{n % 3600 // 60:02d}:{n % 60:02d}"
            writer.writerow([stamp, "", cells[0], *(m[c] for m, c in zip(labels, cells[1:], strict=True))])
    return len(lines)


if __name__ == "__main__":
    sys.exit(main())
