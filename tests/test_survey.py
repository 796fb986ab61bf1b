"""Survey exports (Google-Forms style): Thai headers mapped to codes, Thai labels, respondents and blanks."""

from __future__ import annotations

import csv
import json
import tomllib
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest

import itakit
from clihelp import run
from conftest import EXAMPLES
from itakit.cli import main
from itakit.inputs.survey import load_mapping, rule_headers, starter_mapping

SURVEY = EXAMPLES / "practice-survey-2565-eit.csv"
MAPPING = EXAMPLES / "practice-survey-2565-eit.mapping.toml"

# Worked by hand from the five respondents in the example (4 levels: 0, 100/3, 200/3, 100;
# yes/no 100/0, e4 reversed; blanks left out of the mean).
EXPECTED_QUESTIONS = {
    "e1": Fraction(250, 3),   # มากที่สุด, มากที่สุด, มาก, มาก, blank: (100+100+200/3+200/3)/4
    "e2": Fraction(100),      # มากที่สุด ×5
    "e3": Fraction(200, 3),   # มาก ×3, น้อย, มากที่สุด: (200 + 100/3 + 100)/5
    "e4": Fraction(80),       # reverse yes/no: ไม่มี ×4 (100 each), มี (0)
    "e5": Fraction(260, 3),   # มากที่สุด ×3, มาก ×2
    "e6": Fraction(200, 3),   # มาก ×5
    "e7": Fraction(200, 3),   # มากที่สุด ×2, มาก ×2, น้อยที่สุดหรือไม่มีเลย
    "e8": Fraction(100),      # มี ×5
    "e9": Fraction(100),      # มากที่สุด ×3, blank ×2
    "e10": Fraction(80),      # มี ×4, ไม่มี
    "e11": Fraction(220, 3),  # มาก ×4, มากที่สุด
    "e12": Fraction(100),     # มากที่สุด ×5
    "e13": Fraction(260, 3),  # มากที่สุด ×3, มาก ×2
    "e14": Fraction(50),      # น้อย ×2, มาก ×2, blank
    "e15": Fraction(200, 3),  # มาก ×5
}


def _rows():
    with SURVEY.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write_csv(path, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return path


def _write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "การตอบแบบฟอร์ม 1"
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path


def _check_scores(result):
    got = {q.code: q.score for q in result.questions}
    assert got == EXPECTED_QUESTIONS
    assert [i.score for i in result.indicators] == [Fraction(250, 3), Fraction(248, 3), Fraction(226, 3)]
    assert [str(i.display_score) for i in result.indicators] == ["83.33", "82.67", "75.33"]
    assert result.tool("EIT").score == Fraction(724, 9)
    assert result.tool("EIT").display_score == Decimal("80.44")
    assert result.total is None and result.missing_tools == ("IIT", "OIT")
    assert (result.respondents, result.blank_answers) == (5, 4)


def test_example_survey_scores_through_its_mapping(rules, registry):
    data = itakit.read_input(SURVEY, rules, mapping=MAPPING)
    (agency,) = data.agencies
    assert agency.respondents == 5
    assert agency.answers["e9"].blank == 2 and agency.answers["e9"].counts == {"4": 3}
    _check_scores(itakit.score(rules, agency, registry=registry))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp874"])
def test_survey_in_other_encodings_and_xlsx(tmp_path, rules, registry, encoding):
    path = _write_csv(tmp_path / "survey.csv", _rows(), encoding)
    _check_scores(itakit.score(rules, itakit.read_input(path, rules, mapping=MAPPING).agencies[0], registry=registry))
    xlsx = _write_xlsx(tmp_path / "survey.xlsx", _rows())
    _check_scores(itakit.score(rules, itakit.read_input(xlsx, rules, mapping=MAPPING).agencies[0], registry=registry))


def test_csv_mapping_file_works_like_toml(tmp_path, rules, registry):
    columns = tomllib.loads(MAPPING.read_text(encoding="utf-8"))["columns"]
    path = _write_csv(tmp_path / "map.csv", [["header", "code"], *columns.items()])
    data = itakit.read_input(SURVEY, rules, mapping=path)
    _check_scores(itakit.score(rules, data.agencies[0], registry=registry))


def test_without_the_mapping_every_unplaced_column_is_listed(capsys):
    code = main(["score", str(SURVEY)])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 6  # e1-e4, e11 and the comments column; nothing else
    assert lines[0].startswith(f"itakit: error: {SURVEY}, line 1, column C ('1. เจ้าหน้าที่ปฏิบัติงาน")
    assert "is not mapped to a question" in lines[0] and "itakit mapping --year 2565" in lines[0]
    assert "column R ('ข้อเสนอแนะเพิ่มเติม'): is not mapped" in lines[5]


def test_unreadable_label_is_named_with_row_and_column(tmp_path, capsys):
    rows = _rows()
    rows[3][4] = "ไม่แน่ใจ"  # line 4, column E (e3)
    rows[5][11] = "บางที"     # line 6, column L (e10, yes/no)
    path = _write_csv(tmp_path / "survey.csv", rows)
    out = tmp_path / "result.json"
    code = main(["score", str(path), "--mapping", str(MAPPING), "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists() and "Traceback" not in err
    assert (f"{path}, line 4, column E ('e3'): 'ไม่แน่ใจ' is not an answer on the 4-level scale "
            "(expected 1, 2, 3, 4 or น้อยที่สุดหรือไม่มีเลย / น้อย / มาก / มากที่สุด)") in err.replace("scale scale", "scale")
    assert f"{path}, line 6, column L ('e10'): 'บางที' is not an answer on the yes / no scale" in err

    xlsx = _write_xlsx(tmp_path / "survey.xlsx", rows)
    assert main(["score", str(xlsx), "--mapping", str(MAPPING)]) == 1
    err = capsys.readouterr().err
    assert f"{xlsx}, sheet 'การตอบแบบฟอร์ม 1', row 4, column E ('e3'): 'ไม่แน่ใจ'" in err


def test_skip_unreadable_counts_blank_and_shows_them(tmp_path, capsys):
    rows = _rows()
    rows[4][4] = "ไม่แน่ใจ"  # line 5: respondent 4's น้อย to e3
    path = _write_csv(tmp_path / "survey.csv", rows)
    assert main(["score", str(path), "--mapping", str(MAPPING), "--skip-unreadable", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["respondents"] == 5 and data["blank_answers"] == 5
    assert len(data["unreadable"]) == 1 and "line 5" in data["unreadable"][0] and "ไม่แน่ใจ" in data["unreadable"][0]
    # e3 without its น้อย answer: (200/3*3 + 100)/4 = 75, so indicator 6 = (250/3+100+75+80+260/3)/5 = 85
    assert data["indicators"][0]["score"] == 85.0
    assert main(["score", str(path), "--mapping", str(MAPPING), "--skip-unreadable"]) == 0
    text = capsys.readouterr().out
    assert "ผู้ตอบ 5 คน · คำตอบที่เว้นว่าง 5 คำตอบ (respondents 5, blank answers 5)" in text
    assert "1 unreadable answer(s) counted as blank" in text and "'ไม่แน่ใจ'" in text


def test_headers_starting_with_codes_need_no_mapping(tmp_path, rules, registry):
    header = ["Timestamp", "Email Address", "i1.1 ท่าน…", "I๑.๒ ระยะเวลา", "i2) เท่าเทียม", "E5. ประโยชน์ส่วนรวม",
              "i3 พฤติกรรม [มุ่งผลสำเร็จของงาน]", "i3 พฤติกรรม [ให้ความสำคัญกับงานมากกว่าธุระส่วนตัว]",
              "i3 พฤติกรรม [i3.3 owns mistakes]"]
    path = _write_csv(tmp_path / "coded.csv", [header, ["2022-05-01", "a@b", "4", "มาก", "น้อย", "มากที่สุด", "1", "2", "3"]])
    (agency,) = itakit.read_input(path, rules).agencies
    assert {c: t.counts for c, t in agency.answers.items()} == {
        "i1.1": {"4": 1}, "i1.2": {"3": 1}, "i2": {"2": 1}, "e5": {"4": 1},
        "i3.1": {"1": 1}, "i3.2": {"2": 1}, "i3.3": {"3": 1},
    }


def test_a_question_with_parts_needs_a_column_per_part(tmp_path, capsys):
    path = _write_csv(tmp_path / "q.csv", [["ประทับเวลา", "i1 ขั้นตอนและเวลา"], ["x", "4"]])
    assert main(["score", str(path)]) == 1
    err = capsys.readouterr().err
    assert "column B ('i1 ขั้นตอนและเวลา'): names question i1, which has parts (i1.1, i1.2)" in err


def test_two_columns_for_one_question_are_refused(tmp_path, capsys):
    path = _write_csv(tmp_path / "q.csv", [["Timestamp", "e5 ก", "E5 ข"], ["x", "4", "4"]])
    assert main(["score", str(path)]) == 1
    assert "column C ('E5 ข'): answers e5, as column B ('e5 ก') does" in capsys.readouterr().err


def test_starter_mapping_maps_a_form_built_from_it_one_to_one(tmp_path, rules, registry):
    text = starter_mapping(rules)
    columns = tomllib.loads(text)["columns"]
    codes = [c for c in columns.values() if c not in ("timestamp",)]
    assert codes == list(rules.sub_item_codes)  # every sub-item once, in order
    assert len(set(map(str.casefold, columns))) == len(columns)
    # A form whose headers are the starter's keys reads with the starter, and without any mapping.
    headers = list(columns)[1:]  # ประทับเวลา, then every question
    answers = []
    for header in headers[1:]:
        scale = rules.sub_item(columns[header])[1].scale
        answers.append("ไม่มี" if scale == "yesno" else "มากที่สุด")
    path = _write_csv(tmp_path / "form.csv", [headers, ["2022/05/01 10:00:00", *answers]])
    starter = tmp_path / "mapping.toml"
    starter.write_text(text, encoding="utf-8")
    for mapping in (starter, None):
        (agency,) = itakit.read_input(path, rules, mapping=mapping).agencies
        assert set(agency.answers) == set(rules.sub_item_codes)
        result = itakit.score(rules, agency, registry=registry)
        assert result.respondents == 1 and result.blank_answers == 0
        assert result.total is None and result.missing_tools == ("OIT",)
    assert len(rule_headers(rules)) == len(rules.sub_item_codes)


def test_mapping_command_writes_a_starter(tmp_path, capsys):
    out = tmp_path / "eit.toml"
    assert main(["mapping", "--year", "2565", "--tool", "eit", "-o", str(out)]) == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert (data["year"], data["tool"]) == (2565, "EIT")
    assert list(data["columns"].values()) == ["timestamp", "timestamp", *(f"e{n}" for n in range(1, 16))]
    assert main(["mapping", "--tool", "OIT"]) == 2
    assert "'OIT' is not a survey tool of 2565 (expected IIT or EIT)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[columns]\n"a" = "x9"\n', "[columns] 'a' = 'x9': is not a sub-item code of 2565"),
        ('[columns]\n"a" = "i1"\n', "is a question with sub-items (i1.1, i1.2)"),
        ('columns = 3\n', "has no [columns] table"),
        ('[columns\n', "is not valid TOML"),
        ('colums = {}\n', "unknown key(s) colums"),
        ('[columns]\n"a" = 5\n', "expected a code in quotes, got 5"),
        ('[columns]\n"a b" = "e1"\n"A  B" = "e2"\n', "the header is mapped twice"),
    ],
)
def test_bad_mapping_files_are_refused(tmp_path, rules, body, expected):
    path = tmp_path / "m.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(itakit.DataError, match=None) as err:
        load_mapping(path, rules)
    assert expected in str(err.value) and str(path) in str(err.value)


def test_mapping_for_another_year_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "m.toml"
    path.write_text('year = 2566\n[columns]\n"a" = "e1"\n', encoding="utf-8")
    assert main(["score", str(SURVEY), "--mapping", str(path)]) == 2
    assert "the mapping is for 2566, but the rules are of 2565" in capsys.readouterr().err


def test_other_shapes_are_not_taken_for_surveys(tmp_path, rules, registry):
    path = tmp_path / "many.csv"
    path.write_text("agency,email,province,1,2,3,4,5\nA,a@b.c,ระนอง,90,90,90,90,90\n", encoding="utf-8")
    data = itakit.read_input(path, rules)
    assert data.shape == "agencies" and data.agencies[0].extra == {"email": "a@b.c", "province": "ระนอง"}
    raw = tmp_path / "raw.csv"
    raw.write_text("Timestamp,respondent,e1\n2022-05-01,r1,4\n", encoding="utf-8")
    assert itakit.read_input(raw, rules).agencies[0].answers["e1"].counts == {"4": 1}


# -- a mapping with absurd values --------------------------------------------------------------------------------


def test_a_mapping_with_a_huge_year_is_not_an_internal_error(capsys, tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('year = 1e400\n[columns]\n"a" = "e1"\n', encoding="utf-8")
    code, _, err = run(capsys, "score", EXAMPLES / "practice-survey-2565-eit.csv", "--mapping", mapping)
    assert code in (1, 2) and "internal error" not in err
