"""Build the bad inputs that are not plain UTF-8 text: other encodings, broken bytes, workbooks, a folder.

The text cases live beside this script as files; these are made at test time (and can be
made by hand with ``python tests/bad_inputs/make_corpus.py OUT_DIR`` to look at them).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

SEED = "ตัวชี้วัด,คะแนน\n1,99.84\n2,1O1\n3,99.35\n"


def _workbook(path: Path, rows: list[list[object]], title: str = "ITA") -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def build(folder: Path) -> None:
    """Write every generated bad input into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write = lambda name, data: (folder / name).write_bytes(data)  # noqa: E731

    # Encodings: bytes that are neither UTF-8 nor cp874; a cp874 file forced to UTF-8; broken UTF-16.
    write("neither-utf8-nor-cp874.csv", b"indicator,score\n1,99.84\n2,9\xdb\n")
    write("cp874-read-as-utf8.csv", SEED.replace("1O1", "99.49").encode("cp874"))
    write("utf16-odd-length.csv", "indicator,score\n1,99.84\n".encode("utf-16") + b"\x32")
    write("utf16-bad-value.txt", SEED.replace(",", "\t").encode("utf-16"))
    write("cp874-bad-value.csv", SEED.encode("cp874"))
    write("utf8-bad-byte-late.csv", ("agency,1\n" + "อบต.ก,50\n" * 3).encode("utf-8") + b"\xc3(,50\n")
    write("binary-garbage.csv", bytes(range(128, 256)) * 8)
    write("nul-bytes.csv", b"indicator,score\n1,9\x009\n")
    # Containers: a workbook named .csv, an old .xls, text named .xlsx, a broken zip named .xlsx.
    _workbook(folder / "workbook.xlsx", [["indicator", "score"], [1, 99.84]])
    write("workbook-named.csv", (folder / "workbook.xlsx").read_bytes())
    write("old-excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    write("text-named.xlsx", b"indicator,score\n1,99.84\n")
    with zipfile.ZipFile(folder / "zip-not-workbook.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    # Workbooks with bad data.
    _workbook(folder / "xlsx-bad-values.xlsx", [[], ["indicator", "score"], [1, 101], [2, "abc"], [2, 90]])
    _workbook(folder / "xlsx-empty-sheet.xlsx", [])
    _workbook(folder / "xlsx-survey-bad-label.xlsx", [
        ["ประทับเวลา", "ท่านพอใจการให้บริการมากน้อยเพียงใด", "E2 ความเท่าเทียม"],
        ["2022-05-01 09:00:00", "มาก", "มาก"],
        ["2022-05-01 09:05:00", "มาก", "เฉย ๆ"],
    ], title="การตอบแบบฟอร์ม 1")
    # JSON nested past any sensible depth; a folder where a file is expected.
    write("json-deep.json", b"[" * 100_000 + b"]" * 100_000)
    (folder / "a-folder.csv").mkdir(exist_ok=True)


if __name__ == "__main__":  # pragma: no cover
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "bad_inputs_built"))
