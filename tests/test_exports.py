"""Exports for many agencies: CSV and .xlsx, numbers as numbers, formula-like text neutralised, written atomically."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

import itakit
from conftest import EXAMPLES, SEED_SCORES
from itakit.cli import main
from itakit.outputs.xlsx_export import safe_text

MANY = (
    "agency,province,1,2,3,4,5,6,7,8,9,10\n"
    "อบต.ลำเลียง,ระนอง," + ",".join(SEED_SCORES.values()) + "\n"
    "=HYPERLINK(\"http://x\"),ระนอง,90,90,90,90,90,80,80,80,100,100\n"
    "+ส่วนกลาง,กรุงเทพ,70,70,70,70,70,70,70,70,70,70\n"
    "-1 หน่วยงาน,ชลบุรี,50,50,50,50,50,50,50,50,50,50\n"
    "@SUM(A1),ชลบุรี,100,100,100,100,100,100,100,100,100,100\n"
)


@pytest.fixture
def many(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text(MANY, encoding="utf-8")
    return path


def test_xlsx_export_has_numbers_formats_and_safe_text(tmp_path, many, capsys):
    out = tmp_path / "result.xlsx"
    assert main(["score", str(many), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["ITA 2565", "indicators"]
    ws = workbook["ITA 2565"]
    rows = list(ws.iter_rows(values_only=True))
    # the CSV's columns: agency_rank for many agencies, the input's other columns last
    assert rows[0] == ("agency", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "IIT", "EIT", "OIT", "total", "grade", "passed",
                       "agency_rank", "province")
    assert rows[1][0] == "อบต.ลำเลียง"
    assert rows[1][1:] == (99.84, 99.49, 99.35, 99.51, 99.92, 95.03, 92.99, 93.07, 96, 100,
                           99.62, 93.7, 98, 97.2, "AA", True, 2, "ระนอง")
    assert [r[0] for r in rows[2:]] == ["'=HYPERLINK(\"http://x\")", "'+ส่วนกลาง", "'-1 หน่วยงาน", "'@SUM(A1)"]
    assert rows[2][14:] == (91, "A", True, 3, "ระนอง")
    assert rows[4][14:] == (50, "E", False, 5, "ชลบุรี")
    # No cell is a formula, every score cell shows two decimals.
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, float | int) and not isinstance(cell.value, bool) and cell.row > 1 \
                    and cell.column <= 15:
                assert cell.number_format == "0.00"
    names = list(workbook["indicators"].iter_rows(values_only=True))
    assert names[1] == (1, "IIT", "การปฏิบัติหน้าที่", "Performance of duties")


def test_xlsx_export_reads_back_as_input(tmp_path, many, rules, registry):
    out = tmp_path / "result.xlsx"
    assert main(["score", str(many), "-o", str(out)]) == 0
    data = itakit.read_input(out, rules)
    assert data.shape == "agencies"
    results = itakit.score_many(rules, data.agencies, registry=registry)
    assert [str(r.display_total) for r in results] == ["97.20", "91.00", "70.00", "50.00", "100.00"]
    assert results[0].ranks == (3, 5, 6, 4, 2, 8, 10, 9, 7, 1)


def test_xlsx_of_raw_answers_has_respondents_and_blanks(tmp_path):
    out = tmp_path / "survey.xlsx"
    survey = EXAMPLES / "practice-survey-2565-eit.csv"
    mapping = EXAMPLES / "practice-survey-2565-eit.mapping.toml"
    assert main(["score", str(survey), "--mapping", str(mapping), "-o", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-3:] == ("respondents", "blank_answers", "unreadable")
    assert rows[1][-3:] == (5, 4, 0)
    assert rows[1][6:9] == (83.33, 82.67, 75.33) and rows[1][12] == 80.44
    assert rows[1][14] is None and rows[1][15] is None  # no total, no grade without IIT and OIT


def test_csv_export_neutralises_every_text_cell(many, capsys):
    assert main(["score", str(many), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r"
    assert [r[0] for r in rows[2:]] == ["'=HYPERLINK(\"http://x\")", "'+ส่วนกลาง", "'-1 หน่วยงาน", "'@SUM(A1)"]


def test_safe_text_replaces_characters_excel_refuses():
    assert safe_text("a\x01b") == "a\ufffdb"
    assert safe_text("\x00=1") == "\ufffd=1"
    assert safe_text("=1") == "'=1" and safe_text("ok") == "ok"


def test_xlsx_output_needs_a_file_and_a_matching_format(tmp_path, capsys):
    seed = str(EXAMPLES / "lamliang-2565-indicators.csv")
    assert main(["score", seed, "--format", "xlsx"]) == 2
    assert "give the file with -o RESULT.xlsx" in capsys.readouterr().err
    assert main(["score", seed, "--format", "json", "-o", str(tmp_path / "r.xlsx")]) == 2
    assert not (tmp_path / "r.xlsx").exists()
    assert main(["score", seed, "--format", "xlsx", "-o", str(tmp_path / "r.data")]) == 0
    with (tmp_path / "r.data").open("rb") as fh:
        assert openpyxl.load_workbook(fh).worksheets[0]["O2"].value == 97.2


def test_rejected_input_leaves_the_old_workbook_and_no_temporary_file(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "-o", str(out)]) == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,score\n1,x\n", encoding="utf-8")
    assert main(["score", str(bad), "-o", str(out)]) == 1
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "r.xlsx"]
    assert Decimal(str(openpyxl.load_workbook(out).worksheets[0]["O2"].value)) == Decimal("97.2")


def test_csv_export_writes_the_table_rows_cell_by_cell(many, rules, registry):
    """to_csv works a column at a time; its text is still each row of table_rows written cell by cell — for rows
    holding the same indicators alike (the national case) and rows that differ (a tool missing, another order)."""
    import attrs

    from itakit.outputs import render
    from itakit.scoring.batch import rank_agencies

    results = itakit.score_many(rules, itakit.read_input(many, rules).agencies, registry=registry)
    partial = itakit.score(rules, itakit.AgencyData(agency="=IIT", indicator_scores={n: 80 + n for n in range(1, 6)},
                                                    extra={"type": "อบต."}))
    odd = [*results, partial, attrs.evolve(results[0], indicators=results[0].indicators[::-1], agency=None)]
    for group in (results, odd, odd[-2:], []):
        ranks = rank_agencies(group)
        for ranked in (ranks, None):
            rows = io.StringIO()
            writer = csv.writer(rows, lineterminator="\n")
            writer.writerow(render.table_header(group, rules, ranked=ranked is not None))
            writer.writerows([render._csv_cell(value) for value in row] for row in render.table_rows(group, rules, ranked))
            assert render.to_csv(group, rules, agency_ranks=ranked) == rows.getvalue()
