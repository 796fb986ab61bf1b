"""Raw answers as an Excel workbook, the shape an MS Forms export has, made from a CSV file the generators wrote.

Writes the header and the first ROWS respondents of a CSV file (by default
``data/half/iit-interleaved-thai.csv``: submission order, the agency and 51 answers as
Thai labels) as the one sheet of an ``.xlsx`` workbook, a row per respondent.  Text cells
go through the shared-strings table and digits are numbers, as Excel and an MS Forms
export keep them (openpyxl would write every text inline, which no export does)::

    python benchmarks/generate_xlsx.py SRC.csv OUT.xlsx [ROWS]     # ROWS: 50,000 unless given

Deterministic: the same input gives a byte-identical file.
"""

from __future__ import annotations

import csv
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{TYPE}.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        f'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        f'<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        f'<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf xfId="0"/></cellXfs>'
        f'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}


def _letters(count: int) -> list[str]:
    out = []
    for index in range(1, count + 1):
        letters = ""
        while index:
            index, rest = divmod(index - 1, 26)
            letters = chr(ord("A") + rest) + letters
        out.append(letters)
    return out


def write_xlsx(src: Path, out: Path, rows: int) -> int:
    """Write the header and the first ``rows`` records of ``src`` to ``out``; the records written."""
    with src.open(encoding="utf-8", newline="") as fh:  # the dimension (the cells' extent) comes first
        width = len(next(csv.reader(fh)))
        height = 1 + sum(1 for _ in zip(range(rows), csv.reader(fh), strict=False))
    strings: dict[str, int] = {}
    written = 0
    with src.open(encoding="utf-8", newline="") as fh, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in PARTS.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), HEAD + xml, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as sheet:
            letters = _letters(width)
            sheet.write(f'{HEAD}<worksheet xmlns="{MAIN}"><dimension ref="A1:{letters[-1]}{height}"/>'
                        '<sheetData>'.encode())
            for number, record in enumerate(csv.reader(fh), start=1):
                if number > rows + 1:
                    break
                if len(letters) < len(record):
                    letters = _letters(len(record))
                cells = []
                for letter, text in zip(letters, record, strict=False):
                    if not text:
                        continue
                    if text.isascii() and text.isdigit():
                        cells.append(f'<c r="{letter}{number}"><v>{text}</v></c>')
                    else:
                        index = strings.setdefault(text, len(strings))
                        cells.append(f'<c r="{letter}{number}" t="s"><v>{index}</v></c>')
                sheet.write(f'<row r="{number}">{"".join(cells)}</row>'.encode())
                written = number - 1
            sheet.write(b"</sheetData></worksheet>")
        table = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        archive.writestr(zipfile.ZipInfo("xl/sharedStrings.xml", (2024, 1, 1, 0, 0, 0)),
                         f'{HEAD}<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
                         zipfile.ZIP_DEFLATED)
    return written


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    rows = int(argv[2]) if len(argv) > 2 else 50_000
    written = write_xlsx(src, out, rows)
    print(f"{out}: {written:,} respondents ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
