"""The same agency's figures in every encoding and container give the same result: the seed's 97.20 AA."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest

import itakit
from clihelp import run
from conftest import EXAMPLES, SEED_RANKS, SEED_SCORES
from itakit.cli import main
from itakit.inputs.decoding import detect_encoding, find_undecodable
from itakit.inputs.xlsx import cell_text

SEED_CSV = (EXAMPLES / "lamliang-2565-indicators.csv").read_text(encoding="utf-8")
THAI_HEADER = SEED_CSV.replace("indicator,score", "ตัวชี้วัด,คะแนน")


def _bytes_variants() -> dict[str, bytes]:
    crlf = SEED_CSV.replace("\n", "\r\n")
    return {
        "utf8.csv": SEED_CSV.encode("utf-8"),
        "utf8-thai-header.csv": THAI_HEADER.encode("utf-8"),
        "utf8-bom.csv": THAI_HEADER.encode("utf-8-sig"),
        "utf8-crlf.csv": crlf.encode("utf-8"),
        "utf16-le-bom-tab.txt": THAI_HEADER.replace(",", "\t").replace("\n", "\r\n").encode("utf-16"),
        "utf16-le-bom-comma.csv": THAI_HEADER.encode("utf-16"),
        "utf16-be-bom.csv": b"\xfe\xff" + THAI_HEADER.encode("utf-16-be"),
        "utf16-le-no-bom.csv": THAI_HEADER.encode("utf-16-le"),
        "cp874.csv": THAI_HEADER.encode("cp874"),
        "tis620.csv": THAI_HEADER.encode("tis-620"),
        "cp874-semicolon.csv": THAI_HEADER.replace(",", ";").encode("cp874"),
        "thai-digits-and-spaces.tsv": "\n".join(
            "\t".join(f"  {c}\u200b " for c in line.split(",")) for line in THAI_HEADER.splitlines()
        ).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")).encode("utf-8"),
    }


def _assert_seed(result: itakit.Result) -> None:
    assert result.display_total == Decimal("97.20")
    assert result.grade.code == "AA" and result.passed is True
    assert result.ranks == SEED_RANKS
    assert [str(i.display_score) for i in result.indicators] == list(SEED_SCORES.values())


@pytest.mark.parametrize("name", sorted(_bytes_variants()))
def test_every_text_encoding_gives_the_seed_result(tmp_path, rules, registry, name):
    path = tmp_path / name
    path.write_bytes(_bytes_variants()[name])
    data = itakit.read_input(path, rules)
    _assert_seed(itakit.score(rules, data.agencies[0], registry=registry))


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("cp874.csv", "tis-620"), ("cp874.csv", "cp874"), ("utf16-le-bom-comma.csv", "utf-16"),
     ("utf8-bom.csv", "utf-8"), ("utf16-le-no-bom.csv", "utf-16-le")],
)
def test_encoding_can_be_given(tmp_path, rules, registry, name, encoding):
    path = tmp_path / name
    path.write_bytes(_bytes_variants()[name])
    data = itakit.read_input(path, rules, encoding=encoding)
    _assert_seed(itakit.score(rules, data.agencies[0], registry=registry))


def test_detection_names_each_encoding(tmp_path):
    expected = {"utf8.csv": "utf-8-sig", "utf8-bom.csv": "utf-8-sig", "utf16-le-bom-tab.txt": "utf-16",
                "utf16-le-no-bom.csv": "utf-16-le", "cp874.csv": "cp874", "tis620.csv": "cp874"}
    for name, codec in expected.items():
        path = tmp_path / name
        path.write_bytes(_bytes_variants()[name])
        assert detect_encoding(path) == codec, name


def test_utf8_thai_is_never_taken_for_cp874(tmp_path):
    # Thai letters whose UTF-8 bytes are all valid cp874 bytes too: a naive "try cp874" would accept them.
    # U+0E20-U+0E3A are 0xE0 0xB8 0xA0-0xBA in UTF-8, and 0xE0, 0xB8, 0xA0-0xBA are all cp874 letters.
    text = "agency,1\n" + "".join(f"ม{chr(0x0E20 + i % 27)}ส,{i % 100}\n" for i in range(3000))
    path = tmp_path / "thai.csv"
    path.write_bytes(text.encode("utf-8"))
    (text.encode("utf-8")).decode("cp874")  # the trap is real: the bytes also read as cp874
    assert detect_encoding(path) == "utf-8-sig"
    # ...and the Thai first appears past the first megabyte.
    late = "agency,1\n" + "A,1\n" * 300_000 + "อบต.ลำเลียง,2\n"
    path.write_bytes(late.encode("utf-8"))
    assert detect_encoding(path) == "utf-8-sig"


def test_undecodable_byte_is_named_with_its_line(tmp_path, capsys):
    body = THAI_HEADER.encode("utf-8").splitlines(keepends=True)
    body[7] = b"7,92.99\xff\n"  # line 8
    path = tmp_path / "broken.csv"
    path.write_bytes(b"".join(body))
    assert find_undecodable(path, "utf-8-sig").line == 8
    code = main(["score", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and f"{path}, line 8: byte 0xff cannot be read as UTF-8" in err


def test_undecodable_byte_past_the_first_chunk_is_named_with_its_line(tmp_path, capsys):
    text = "agency,1\n" + "".join(f"หน่วยงาน{i},50\n" for i in range(20_000))
    raw = text.encode("utf-8") + b"bad\xc0name,50\n"
    path = tmp_path / "late.csv"
    path.write_bytes(raw)
    code = main(["score", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and f"line {20_002}: byte 0xc0 cannot be read as UTF-8" in err


def test_unknown_encoding_is_a_usage_error(capsys):
    code = main(["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--encoding", "latin-9"])
    assert code == 2 and "'latin-9' is not an encoding itakit reads" in capsys.readouterr().err


def _seed_workbook(path, *, title_rows: bool = False, sheet: str = "ITA", extra_sheet: bool = False):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    if extra_sheet:
        ws.title = "notes"
        ws.append(["not the data"])
        ws = workbook.create_sheet(sheet)
    else:
        ws.title = sheet
    if title_rows:
        ws.append(["ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ๒๕๖๕ อบต.ลำเลียง"])
        ws.merge_cells("A1:B1")
    ws.append(["ตัวชี้วัด", "คะแนน"])
    for number, score in SEED_SCORES.items():
        ws.append([number, float(score) if number % 2 else Decimal(score)])
    workbook.save(path)


def test_xlsx_gives_the_seed_result(tmp_path, rules, registry):
    path = tmp_path / "seed.xlsx"
    _seed_workbook(path)
    data = itakit.read_input(path, rules)
    _assert_seed(itakit.score(rules, data.agencies[0], registry=registry))


def test_xlsx_sheet_by_name_and_title_row(tmp_path, rules, registry, capsys):
    path = tmp_path / "two.xlsx"
    _seed_workbook(path, title_rows=True, sheet="ผลคะแนน", extra_sheet=True)
    data = itakit.read_input(path, rules, sheet="ผลคะแนน")
    _assert_seed(itakit.score(rules, data.agencies[0], registry=registry))
    code = main(["score", str(path), "--sheet", "nope"])
    err = capsys.readouterr().err
    assert code == 2 and "there is no sheet 'nope'; the workbook has 'notes', 'ผลคะแนน'" in err


def test_xlsx_merged_two_row_heading(tmp_path, rules, registry):
    path = tmp_path / "merged.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["หน่วยงาน", "จังหวัด", "คะแนนรายตัวชี้วัด"])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.merge_cells("C1:L1")
    ws.append([None, None, *range(1, 11)])
    ws.append(["อบต.ลำเลียง", "ระนอง", *(float(v) for v in SEED_SCORES.values())])
    ws.append(["อบต.ตัวอย่าง", "ระนอง", 90, 90, 90, 90, 90, 80, 80, 80, 100, 100])
    workbook.save(path)
    data = itakit.read_input(path, rules)
    assert data.shape == "agencies"
    results = itakit.score_many(rules, data.agencies, registry=registry)
    _assert_seed(results[0])
    assert results[0].agency == "อบต.ลำเลียง" and data.agencies[0].extra == {"จังหวัด": "ระนอง"}
    assert results[1].display_total == Decimal("91.00")


def test_xlsx_problems_name_excel_rows_and_column_letters(tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "ITA"
    ws.append([])
    ws.append(["indicator", "score"])
    ws.append([1, 101])
    ws.append([2, "abc"])
    workbook.save(path)
    code = main(["score", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}, sheet 'ITA', row 3, column B ('score'): 101 is out of range" in err.replace("'101'", "101")
    assert f"{path}, sheet 'ITA', row 4, column B ('score'): 'abc' is not a number" in err


def test_xlsx_float_cells_are_read_as_typed(tmp_path, rules):
    path = tmp_path / "floats.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["indicator", "score"])
    ws.append([1, 99.84])
    workbook.save(path)
    scores = itakit.read_input(path, rules).agencies[0].indicator_scores
    assert scores[1] == Fraction(9984, 100)  # not the binary float 99.8400000000000034106…
    # Each cell value becomes the text a CSV would hold.
    assert cell_text(0.1 + 0.2) == "0.30000000000000004"
    assert cell_text(1e-05) == "0.00001"
    assert (cell_text(1.0), cell_text(-0.0), cell_text(100.0), cell_text(1e16)) == ("1", "0", "100", "1e+16")
    assert (cell_text(True), cell_text(None), cell_text(7), cell_text(" ๙๙.๘๔\u200b ")) == ("true", "", "7", "๙๙.๘๔")


def test_json_output_reads_back_to_the_same_result(tmp_path, rules, registry, capsys):
    out = tmp_path / "seed.json"
    assert main(["score", str(EXAMPLES / "lamliang-2565-questions.csv"), "--format", "json", "-o", str(out)]) == 0
    data = itakit.read_input(out, rules)
    _assert_seed(itakit.score(rules, data.agencies[0], registry=registry))
    many = tmp_path / "many.csv"
    many.write_text("agency,1,2,3,4,5,6,7,8,9,10\nA," + ",".join(SEED_SCORES.values())
                    + "\nB,90,90,90,90,90,80,80,80,100,100\n", encoding="utf-8")
    back = tmp_path / "many.json"
    assert main(["score", str(many), "--format", "json", "-o", str(back)]) == 0
    again = tmp_path / "again.json"
    assert main(["score", str(back), "--format", "json", "-o", str(again)]) == 0
    assert json.loads(again.read_text(encoding="utf-8")) == json.loads(back.read_text(encoding="utf-8"))
    assert [d["total"] for d in json.loads(again.read_text(encoding="utf-8"))] == [97.2, 91.0]


def test_seed_through_the_cli_in_every_container(tmp_path, capsys):
    paths = []
    for name in ("utf16-le-bom-tab.txt", "cp874.csv", "utf8-bom.csv"):
        path = tmp_path / name
        path.write_bytes(_bytes_variants()[name])
        paths.append(path)
    xlsx = tmp_path / "seed.xlsx"
    _seed_workbook(xlsx)
    paths.append(xlsx)
    outputs = set()
    for path in paths:
        assert main(["score", str(path), "--format", "json"]) == 0
        outputs.add(capsys.readouterr().out)
    (only,) = outputs
    data = json.loads(only)
    assert (data["total"], data["grade"]) == (97.2, "AA")
    assert [i["rank"] for i in data["indicators"]] == list(SEED_RANKS)


# -- UTF-32 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
def test_utf32_is_named_as_unsupported(capsys, tmp_path, bom):
    path = tmp_path / "u32.csv"
    text = "indicator,score\n1,99.84\n"
    path.write_bytes(text.encode("utf-32" if bom else "utf-32-le"))
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "is UTF-32 text, which itakit does not read" in err and "\\x00" not in err
    js = tmp_path / "u32.json"
    js.write_bytes('{"indicators": []}'.encode("utf-32"))
    code, _, err = run(capsys, "score", js)
    assert code == 1 and "UTF-32" in err
