"""Raw answers as an Excel workbook, the shape an MS Forms export has, made from a CSV file the generators wrote.

Writes every respondent of the first agencies (by code) of a CSV file — by default
``data/half/iit-interleaved-thai.csv``: submission order, the agency and 51 answers as Thai
labels — until there are ROWS of them, as the one sheet of an ``.xlsx`` workbook, a row per
respondent, in the file's order.  Text cells go through the shared-strings table and digits
are numbers, as Excel and an MS Forms export keep them (openpyxl would write every text
inline, which no export does).  The same rows are written beside it as CSV (``OUT.csv``)::

    python benchmarks/generate_xlsx.py SRC.csv OUT.xlsx [ROWS]     # ROWS: 50,000 unless given

Whole agencies, so that every agency keeps all its answers (a head of an interleaved file
would leave some agency a question nobody answered).  Deterministic: the same input gives
byte-identical files.
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


def _records(src: Path, rows: int) -> tuple[list[str], list[list[str]]]:
    """The header, and the records of the first agencies (by code) until there are ``rows`` of them, in file order."""
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        records = list(reader)
    counts: dict[str, int] = {}
    for record in records:
        counts[record[0]] = counts.get(record[0], 0) + 1
    chosen: set[str] = set()
    total = 0
    for agency in sorted(counts):
        if total >= rows:
            break
        chosen.add(agency)
        total += counts[agency]
    return header, [r for r in records if r[0] in chosen]


def write_xlsx(src: Path, out: Path, rows: int) -> int:
    """Write the header and the chosen records of ``src`` to ``out`` (and as CSV beside it); the records written."""
    header, records = _records(src, rows)
    with out.with_suffix(".csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *records])
    letters = _letters(max(len(r) for r in [header, *records]))
    strings: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in PARTS.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), HEAD + xml, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as sheet:
            sheet.write(f'{HEAD}<worksheet xmlns="{MAIN}"><dimension ref="A1:{letters[-1]}{len(records) + 1}"/>'
                        '<sheetData>'.encode())
            for number, record in enumerate([header, *records], start=1):
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
            sheet.write(b"</sheetData></worksheet>")
        table = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        archive.writestr(zipfile.ZipInfo("xl/sharedStrings.xml", (2024, 1, 1, 0, 0, 0)),
                         f'{HEAD}<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
                         zipfile.ZIP_DEFLATED)
    return len(records)


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
