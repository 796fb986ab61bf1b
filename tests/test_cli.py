"""The command line: outputs, and bad input answered with a message and an exit code, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES
from itakit.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_text_prints_the_section_2_table(capsys):
    code, out, err = run(capsys, "score", str(EXAMPLES / "lamliang-2565-indicators.csv"))
    assert code == 0 and err == ""
    assert "ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร" in out
    lines = {line.split()[1] if line.startswith("  ตัวชี้วัดที่") else None: line for line in out.splitlines()}
    assert lines["1"].split()[-2:] == ["99.84", "3"]
    assert lines["10"].split()[-2:] == ["100.00", "1"]
    assert "97.20  ระดับ AA  ผ่านเกณฑ์" in out


def test_score_text_in_thai_digits(capsys):
    code, out, _ = run(capsys, "score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--digits", "thai")
    assert code == 0 and "๙๗.๒๐" in out and "97.20" not in out


def test_score_json_matches_the_documented_shape(capsys):
    code, out, _ = run(capsys, "score", str(EXAMPLES / "lamliang-2565-questions.csv"), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["year"], data["total"], data["grade"], data["passed"]) == (2565, 97.2, "AA", True)
    assert data["tools"] == {"IIT": 99.62, "EIT": 93.7, "OIT": 98.0}
    assert data["indicators"][0] == {"number": 1, "name": "การปฏิบัติหน้าที่", "score": 99.84, "rank": 3}
    assert [i["rank"] for i in data["indicators"]] == [3, 5, 6, 4, 2, 8, 10, 9, 7, 1]


def test_many_agencies_json_and_csv(tmp_path, capsys):
    path = tmp_path / "many.csv"
    path.write_text("agency,province,1,2,3,4,5\nA,ระนอง,90,91,92,93,94\n=HYPERLINK(1),ระนอง,80,80,80,80,80\n", encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and [d["agency"] for d in data] == ["A", "=HYPERLINK(1)"]
    assert data[0]["total"] is None and data[0]["grade"] is None and data[0]["passed"] is None
    assert data[0]["tools"] == {"IIT": 92.0} and data[0]["missing_tools"] == ["EIT", "OIT"]
    code, out, _ = run(capsys, "score", str(path), "--format", "csv")
    rows = out.splitlines()
    # a many-agency file also gets each agency's rank among the others (none without a total)
    # … and keeps the input's other columns, last
    assert rows[0] == "agency,1,2,3,4,5,6,7,8,9,10,IIT,EIT,OIT,total,grade,passed,agency_rank,province"
    assert rows[1] == "A,90.00,91.00,92.00,93.00,94.00,,,,,,92.00,,,,,,,ระนอง"
    assert rows[2].startswith("'=HYPERLINK(1),")


def test_iit_only_says_there_is_no_total(tmp_path, capsys):
    path = tmp_path / "iit.csv"
    path.write_text("indicator,score\n1,90\n2,90\n3,90\n4,90\n5,90\n", encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0 and "there is no total" in out and "EIT, OIT" in out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("indicator,score\n1,90\n2,90\n3,90\n4,90\n", "indicator 5 is missing"),
        ("question,score\ni1,90\nx99,50\n", "line 3, column 'question': 'x99' is not a question or checklist item code of 2565 (expected IIT i1-i30, EIT e1-e15, OIT o1-o43)"),
        ("indicator,score\n1,101\n", "line 2, column 'score': '101' is out of range (expected a score from 0 to 100)"),
        ("indicator,score\n1,abc\n", "line 2, column 'score': 'abc' is not a number"),
        ("", "the file is empty"),
        ("indicator,score\n1,90\n1,90\n", "line 3, column 'indicator': '1' is given twice (first on line 2)"),
        ("indicator,score\n", "has a header but no data rows"),
        ("foo,bar\n1,2\n", "the header does not tell what the file holds"),
        ("question,score\no29,maybe\n", "'maybe' is not a result of OIT item o29"),
    ],
)
def test_bad_input_exits_1_with_a_message(tmp_path, capsys, body, expected):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    out_file = tmp_path / "out.json"
    code, out, err = run(capsys, "score", str(path), "-o", str(out_file))
    assert code == 1
    assert expected in err
    assert str(path) in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_missing_file_and_bad_year_are_usage_errors(tmp_path, capsys):
    assert run(capsys, "score", str(tmp_path / "nope.csv"))[0] == 2
    code, _, err = run(capsys, "score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--year", "2500")
    assert code == 2 and "no rule set for year 2500" in err


def test_grade_command(capsys):
    assert run(capsys, "grade", "94.99")[1].startswith("94.99  A  ")
    assert run(capsys, "grade", "95")[1].startswith("95.00  AA  ")
    assert run(capsys, "grade", "๔๙.๙๙")[1].startswith("49.99  F  ")
    code, _, err = run(capsys, "grade", "100.5")
    assert code == 2 and "out of range" in err


def test_years_lists_2565(capsys):
    code, out, _ = run(capsys, "years")
    assert code == 0 and out.startswith("2565  itakit (plugin ita2565)")


def test_python_dash_m_and_no_traceback_without_debug(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("indicator,score\n1,x\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "itakit", "score", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "'x'" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "itakit", "--debug", "score", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" in proc.stderr


def test_output_file_is_written_atomically(tmp_path, capsys):
    out_file = tmp_path / "r.json"
    out_file.write_text("old", encoding="utf-8")
    assert run(capsys, "score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--format", "json", "-o", str(out_file))[0] == 0
    assert json.loads(out_file.read_text(encoding="utf-8"))["total"] == 97.2
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,score\n1,x\n", encoding="utf-8")
    assert run(capsys, "score", str(bad), "-o", str(out_file))[0] == 1
    assert json.loads(out_file.read_text(encoding="utf-8"))["total"] == 97.2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
