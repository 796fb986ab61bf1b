"""Excel sheets read by python-calamine (inputs/xlsx_calamine.py) give exactly the Table openpyxl's path gives.

Every workbook here is read twice — as installed (calamine reads the cells) and with
python-calamine made unimportable (openpyxl streams them) — and the two Tables must be
equal: label, header and its row, column letters, every row's number and cell texts.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itakit.inputs.xlsx as xlsx
from clihelp import run
from conftest import EXAMPLES, ROOT
from itakit.inputs import xlsx_calamine

pytest.importorskip("python_calamine")
xlsxwriter = pytest.importorskip("xlsxwriter")

THAI = "มากที่สุด"
COMBINING = "น้ำใจ ผู้ใหญ่ ก็ได้"  # tone marks and vowels above and below
MAX_DAY = 2958466  # 10000-01-01
DATE_FORMATS = ("yyyy-mm-dd hh:mm:ss", "yyyy-mm-dd", "d/m/yyyy h:mm", "m/d/yy h:mm", "h:mm:ss", "mm:ss", "[h]:mm:ss",
                "dd/mm/yyyy hh:mm", "[$-th-TH]d mmm yyyy", "[$-409]m/d/yy h:mm AM/PM;@", "mm-dd-yy", "d-mmm-yy",
                "0.00", "General", "0%")


def _table(path: Path, sheet: str | None = None) -> tuple[object, ...]:
    table = xlsx.read_xlsx_table(path, sheet=sheet)
    return table.file, table.header, table.header_line, table.row_name, table.column_letters, list(table.rows)


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, sheet: str | None = None, *, calamine: bool = True):
    """The Table read through calamine and through openpyxl, after checking which path read it."""
    taken: list[bool] = []
    real = xlsx.calamine_rows

    def spy(*args: object) -> object:
        rows = real(*args)  # type: ignore[arg-type]
        taken.append(rows is not None)
        return rows

    with monkeypatch.context() as m:
        m.setattr(xlsx, "calamine_rows", spy)
        fast = _table(path, sheet)
    assert taken == [calamine], "calamine read it" if not calamine else "openpyxl read it instead of calamine"
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "python_calamine", None)
        slow = _table(path, sheet)
    return fast, slow


def _save(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


# -- every kind of cell ----------------------------------------------------------------------------------------

VALUES = [1, 2.0, 99.84, 0.1, 1e-7, 3.5e-12, 123456789012345, 2**53 + 1, 12345678901234567890, 1e16, 1.5e300, 0.0,
          100, 100.5, True, False, f"  {THAI}  ", COMBINING, "\u200bศูนย์\u200b", "a\nb", "", " ", "'=1+1",
          "#N/A as text", "=SUM(A1:A2)", dt.date(2022, 5, 3), dt.datetime(2022, 5, 3, 8, 30, 1),
          dt.datetime(2022, 5, 3, 8, 30, 1, 500000), dt.time(8, 30), dt.time(0, 0, 0, 250000), dt.timedelta(hours=30)]


def test_every_kind_of_cell_reads_the_same(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "คำตอบ"
    sheet["B2"] = "แบบสำรวจ ITA 2565"  # a lone title over the header
    sheet.append([None, "agency", *(f"c{n}" for n in range(len(VALUES)))])
    sheet.append([None, "A", *VALUES])
    sheet.append([])  # blank rows in the middle
    sheet.append([None, " ", "", None])
    sheet.append([None, "B", 1, 2])  # ragged: shorter
    sheet.append([None, "C", *range(len(VALUES) + 3)])  # ragged: longer than the header
    sheet.append([None, "D", *VALUES[::-1]])
    fast, slow = _both(_save(workbook, tmp_path / "kinds.xlsx"), monkeypatch)
    assert fast == slow
    assert slow[5][0][1][1:12] == ("A", "1", "2", "99.84", "0.1", "0.0000001", "0.0000000000035", "123456789012345",
                                  "9007199254740992", "1.234567890123457e+19", "1e+16")


def test_a_value_calamine_cannot_convert_is_read_by_openpyxl_from_its_row_on(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.active.append(["elapsed", "n"])
    workbook.active.append([1.25, 1])
    workbook.active.append([1e15, 2])  # some 2.7 trillion years: calamine panics, openpyxl says #VALUE!
    workbook.active.append([0.5, 3])
    for row in (2, 3, 4):
        workbook.active[f"A{row}"].number_format = "[h]:mm:ss"
    with pytest.warns(UserWarning, match="outside the limits for dates"):
        fast, slow = _both(_save(workbook, tmp_path / "far.xlsx"), monkeypatch)
    assert fast == slow and [cells for _, cells in slow[5]] == [("1 day, 6:00:00", "1"), ("#VALUE!", "2"),
                                                                ("12:00:00", "3")]


def test_negative_numbers_are_left_to_openpyxl(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.active.append(["when", "n"])
    workbook.active.append([-1, -7.5])
    workbook.active["A2"].number_format = "yyyy-mm-dd"  # a date before 1900: a time of day to calamine
    fast, slow = _both(_save(workbook, tmp_path / "negative.xlsx"), monkeypatch, calamine=False)
    assert fast == slow and slow[5] == [(2, ("1899-12-29T00:00:00", "-7.5"))]


def test_numbers_dates_and_formats_read_the_same(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["format", *(f"v{n}" for n in range(12))])
    serials = [45000, 45000.5, 0.25, 0, 1, 59, 60, 61, 45000.354166666664, 45000.99999999, 2958465, 1.25]
    for fmt in DATE_FORMATS:
        sheet.append([fmt, *serials])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = fmt
    fast, slow = _both(_save(workbook, tmp_path / "dates.xlsx"), monkeypatch)
    assert fast == slow
    rows = dict((cells[0], cells[1:]) for _, cells in slow[5])
    assert rows["yyyy-mm-dd hh:mm:ss"][:3] == ("2023-03-15T00:00:00", "2023-03-15T12:00:00", "06:00:00")
    assert rows["General"][:3] == ("45000", "45000.5", "0.25")


def test_a_1904_workbook_reads_the_same(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(["when", "n"])
    sheet.append([dt.datetime(2022, 5, 3, 8, 30), 1])
    sheet.append([dt.date(2022, 5, 3), 2])
    fast, slow = _both(_save(workbook, tmp_path / "mac.xlsx"), monkeypatch)
    assert fast == slow and slow[5][0][1][0] == "2022-05-03T08:30:00"


def test_title_rows_a_merged_heading_and_a_named_second_sheet_read_the_same(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.append(["x", "y"])
    second = workbook.create_sheet("ผลคะแนน  รวม")
    second.append(["รายงานผล"])
    second.append([])
    second.append(["หน่วยงาน", "คะแนนรายตัวชี้วัด", None, None])
    second.merge_cells("A3:A4")
    second.merge_cells("B3:D3")
    second.append([None, 1, 2, 3])
    second.append(["เทศบาลตำบล ลำเลียง", 99.84, 99.49, 100])
    path = _save(workbook, tmp_path / "merged.xlsx")
    fast, slow = _both(path, monkeypatch, sheet="ผลคะแนน รวม")  # found with its spaces folded
    assert fast == slow
    assert slow[1:3] == (("หน่วยงาน", "1", "2", "3"), 4)
    assert slow[5] == [(5, ("เทศบาลตำบล ลำเลียง", "99.84", "99.49", "100"))]


def test_a_sheet_starting_past_a1_and_an_empty_sheet(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["D5"], sheet["E5"], sheet["D6"], sheet["E6"] = "indicator", "score", 1, 99.84
    workbook.create_sheet("empty")
    path = _save(workbook, tmp_path / "offset.xlsx")
    fast, slow = _both(path, monkeypatch)
    assert fast == slow and slow[1] == ("", "", "", "indicator", "score")
    for reading in (True, False):
        with monkeypatch.context() as m:
            if not reading:
                m.setitem(sys.modules, "python_calamine", None)
            with pytest.raises(xlsx.DataError, match="the sheet is empty"):
                xlsx.read_xlsx_table(path, sheet="empty")


# -- shared strings, cached formula values, error values (as Excel writes them) ------------------------------


def _excel_like(path: Path, errors: bool = False) -> Path:
    """A workbook as Excel keeps one: texts in the shared-strings table, formulas with their cached values."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Form1")
    stamp = workbook.add_format({"num_format": "m/d/yy h:mm:ss"})
    sheet.write_row(0, 0, ["ID", "เวลาเริ่มต้น", "agency", "i1", "i2", "total", "ratio", "label"])
    for row in range(1, 6):
        sheet.write_number(row, 0, row)
        sheet.write_datetime(row, 1, dt.datetime(2022, 5, row, 9, 15, 30), stamp)
        sheet.write_string(row, 2, f"  {THAI} {row % 2}\u200b")
        sheet.write_number(row, 3, row % 4 + 1)
        sheet.write_string(row, 4, COMBINING)
        sheet.write_formula(row, 5, f"=D{row + 1}*2", None, (row % 4 + 1) * 2)
        sheet.write_formula(row, 6, f"=D{row + 1}/3", None, (row % 4 + 1) / 3)
        sheet.write_formula(row, 7, f'=C{row + 1}&"!"', None, f"{THAI}!")
    sheet.write_boolean(6, 0, True)
    sheet.write_formula(6, 1, "=1>2", None, False)
    if errors:
        sheet.write_formula(6, 3, "=NA()", None, "#N/A")
        sheet.write_formula(6, 4, "=1/0", None, "#DIV/0!")
    workbook.close()
    return path


def test_an_excel_like_workbook_reads_the_same(tmp_path, monkeypatch):
    fast, slow = _both(_excel_like(tmp_path / "forms.xlsx"), monkeypatch)
    assert fast == slow
    assert slow[5][0] == (2, ("1", "2022-05-01T09:15:30", THAI + " 1", "2", COMBINING, "4", format(2 / 3, ".17g")
                              if repr(2 / 3) == format(2 / 3, ".17g") else repr(2 / 3), THAI + "!"))
    assert slow[5][-1] == (7, ("true", "false"))


def test_error_values_are_left_to_openpyxl_which_keeps_their_text(tmp_path, monkeypatch):
    fast, slow = _both(_excel_like(tmp_path / "errors.xlsx", errors=True), monkeypatch, calamine=False)
    assert fast == slow and slow[5][-1] == (7, ("true", "false", "", "#N/A", "#DIV/0!"))


@pytest.mark.parametrize(("cell", "plain"), [
    ('<c r="B2" s="0" t="n"><v>1</v></c>', True),  # as Excel writes a cell
    ('<c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>a_x00Gb</t></is></c>', True),
] + [(cell, False) for cell in [
    '<c r="A2" t="e"><v>#N/A</v></c>',  # an error value: blank to calamine
    '<c r="A2" t="d"><v>2022-05-03</v></c>',  # an ISO date: a date to both, but a datetime at midnight here
    '<c r="A2" t="inlineStr"><is><t>a_x000D_b</t></is></c>',  # an escape openpyxl keeps as written
    '<c r="A2" t="inlineStr"><is><t>a\rb</t></is></c>',  # a carriage return openpyxl makes a line feed
    '<c t="n"><v>1</v></c>',  # no reference
    '<c r="A1048576"><v>1</v></c>',  # outside the declared dimension: calamine would hold the whole area
    '<c r="XFD2"><v>1</v></c>',
    '<c s="0" r="A2"><v>1</v></c>',  # attributes in another order
    "<c r='A2'><v>1</v></c>",
    '<x:c xmlns:x="urn:x" r="A2"><v>1</v></x:c>',  # calamine reads any element named c as a cell
]])
def test_a_sheet_calamine_would_read_differently_is_left_to_openpyxl(tmp_path, cell, plain):
    path = tmp_path / "odd.xlsx"
    _save(_one_cell_book(), path)
    _rewrite_sheet(path, lambda xml: _dimension(xml.replace("</sheetData>", f'<row r="2">{cell}</row></sheetData>'),
                                                '<dimension ref="A1:B2"'))
    assert xlsx_calamine.plain_sheet(path, "xl/worksheets/sheet1.xml") is plain


def test_a_plain_sheet_is_read_by_calamine_and_a_huge_or_undeclared_one_is_not(tmp_path, monkeypatch):
    path = _save(_one_cell_book(), tmp_path / "plain.xlsx")
    assert xlsx_calamine.plain_sheet(path, "xl/worksheets/sheet1.xml") is True
    monkeypatch.setattr(xlsx_calamine, "MAX_CALAMINE_SHEET_BYTES", 10)
    assert xlsx_calamine.plain_sheet(path, "xl/worksheets/sheet1.xml") is False
    monkeypatch.undo()
    _rewrite_sheet(path, lambda xml: _dimension(xml, '<dimension ref="A1:XFD1048576"'))
    assert xlsx_calamine.plain_sheet(path, "xl/worksheets/sheet1.xml") is False
    _rewrite_sheet(path, lambda xml: _dimension(xml, "<sheetDimension"))
    assert xlsx_calamine.plain_sheet(path, "xl/worksheets/sheet1.xml") is False


def test_calamine_s_limits_are_documented():
    doc = (ROOT / "docs/input-formats.md").read_text(encoding="utf-8")
    assert f"{xlsx_calamine.MAX_CALAMINE_SHEET_BYTES // 2**20} MiB" in doc
    assert f"{xlsx_calamine.MAX_CALAMINE_CELLS // 10**6} million cells" in doc


def _dimension(xml: str, replacement: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"', replacement, xml)


def _one_cell_book() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    return workbook


def _rewrite_sheet(path: Path, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_broken_workbook_gets_openpyxl_s_message_either_way(tmp_path, monkeypatch):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    messages = []
    for reading in (True, False):
        with monkeypatch.context() as m:
            if not reading:
                m.setitem(sys.modules, "python_calamine", None)
            with pytest.raises(xlsx.DataError, match="cannot be opened as an Excel workbook") as caught:
                xlsx.read_xlsx_table(path)
            messages.append(str(caught.value))
    assert messages[0] == messages[1]


# -- any cells --------------------------------------------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("ก่้ำ \u200b\n"),
                max_size=12)
cells = st.one_of(
    st.none(), texts, st.booleans(), st.integers(-(10**15), 10**15), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.floats(-1e6, 1e6).map(lambda f: round(f, 2)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    st.dates(dt.date(1900, 3, 1)), st.times().map(lambda t: t.replace(microsecond=0)),
)


@given(rows=st.lists(st.lists(cells, max_size=6), min_size=1, max_size=6), fmt=st.sampled_from(DATE_FORMATS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
def test_any_cells_read_the_same(tmp_path, monkeypatch, rows, fmt):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["a", "b"])
    for values in rows:
        sheet.append([v.strip("=") if isinstance(v, str) else v for v in values])  # no formulas: no cached value
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and 0 <= cell.value < (
                    100_000 if fmt.startswith("[h]") else MAX_DAY):
                cell.number_format = fmt  # past 9999-12-31, or 270 years elapsed: docs/input-formats.md
    path = _save(workbook, tmp_path / "any.xlsx")
    calamine = xlsx_calamine.plain_sheet(path, "xl/worksheets/sheet1.xml")
    fast, slow = _both(path, monkeypatch, calamine=calamine)
    assert fast == slow


# -- the same answers as CSV and as a workbook score the same ----------------------------------------------------


def test_raw_answers_as_csv_and_as_a_workbook_score_the_same(capsys, tmp_path, monkeypatch):
    lines = (EXAMPLES / "synthetic-raw-answers-2565-eit.csv").read_text(encoding="utf-8").splitlines()
    header, records = lines[0].split(","), [line.split(",") for line in lines[1:]]
    agencies = ["เทศบาลตำบล ลำเลียง", "เทศบาลตำบล\u00a0ลำเลียง ", "อบต. ดอนใหญ่"]  # the first two are one agency
    csv_path = tmp_path / "answers.csv"
    csv_path.write_text("\n".join([",".join(["agency", *header[1:]]),
                                   *(",".join([agencies[n % 3], *r[1:]]) for n, r in enumerate(records))]) + "\n",
                        encoding="utf-8")
    book = xlsxwriter.Workbook(str(tmp_path / "answers.xlsx"))
    sheet = book.add_worksheet("Form1")
    sheet.write_row(0, 0, ["agency", *header[1:]])
    for n, record in enumerate(records, start=1):
        sheet.write_row(n, 0, [agencies[n % 3 - 1 if n % 3 else 2], *(int(c) if c.isdigit() else c for c in record[1:])])
    book.close()
    outputs = []
    for path, reading in ((csv_path, None), (tmp_path / "answers.xlsx", True), (tmp_path / "answers.xlsx", False)):
        with monkeypatch.context() as m:
            if reading is False:
                m.setitem(sys.modules, "python_calamine", None)
            code, out, err = run(capsys, "score", path, "--year", "2565", "--format", "csv")
        assert code == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count("\n") == 3  # the header and two agencies
