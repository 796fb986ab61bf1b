"""The follow-up of last year's measures (outputs/report/followup.py, inputs/status.py, ``itakit followup``):
``--save-plan`` writes the drafted measures, the follow-up lists every one of them with its status, and a bad status
file is refused with its lines and leaves nothing behind."""

from __future__ import annotations

import docx
import pytest

import itakit
from conftest import EXAMPLES
from itakit.cli import main
from itakit.inputs.status import read_status_file
from reporting import AGENCY, REALISTIC

PLAN_HEADER = ("ที่", "ตัวชี้วัด", "มาตรการ", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ",
               "สถานะการดำเนินการ", "ผลการดำเนินการ", "หลักฐาน/เอกสารอ้างอิง")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("followup")
    plan = folder / "plan.toml"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--district", "กระบุรี", "--province", "ระนอง",
                 "--plan", str(EXAMPLES / "lamliang-2565-plan.toml"), "--save-plan", str(plan),
                 "-o", str(folder / "report.md")]) == 0
    return plan


def test_the_saved_plan_holds_every_measure_written_out(saved):
    rules = itakit.rule_set(2565)
    plan = itakit.read_measure_plan(saved, rules)
    assert plan.year == 2565 and plan.details.agency == AGENCY and plan.details.district == "กระบุรี"
    assert len(plan.entries) == 24 and plan.codes[:3] == ("i2", "i7", "i8") and plan.codes[-1] == "o29"
    for entry in plan.entries:
        assert entry.deficiency and entry.measure and entry.method and entry.responsible and entry.period
    assert plan.get("i7").measure == "มาตรการเปิดเผยแผนการใช้จ่ายงบประมาณต่อบุคลากร"  # the given plan's own text
    again = saved.parent / "again.md"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--plan", str(saved), "--final", "-o", str(again)]) == 0


def test_the_follow_up_lists_every_measure_with_lines_to_fill_in(saved, tmp_path):
    out = tmp_path / "followup.docx"
    assert main(["followup", str(saved), "-o", str(out)]) == 0
    document = docx.Document(str(out))
    (table,) = [t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == PLAN_HEADER]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == 24
    assert rows[0][1] == "๑. การปฏิบัติหน้าที่" and rows[-1][1] == "๙. การเปิดเผยข้อมูล"
    assert rows[-1][2] == "มาตรการจัดทำแนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตโดยเฉพาะ"
    assert all("☐ ดำเนินการแล้ว" in r[6] for r in rows)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in text
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" in text and AGENCY in text
    assert "ยังไม่ได้ระบุผลการดำเนินการ ๒๔ มาตรการ" in text


def test_a_status_file_fills_the_status_and_counts_them(saved, tmp_path):
    status = tmp_path / "status.csv"
    status.write_text("รหัส,สถานะ,ผลการดำเนินการ,หลักฐาน\n"
                      "i2,ดำเนินการแล้ว,ประชุมชี้แจงบุคลากรทุกกอง ๒ ครั้ง,https://example.go.th/o43/1\n"
                      "o29,in progress,ยกร่างแนวปฏิบัติแล้ว รอลงนาม,\n"
                      "e6,ยังไม่ได้ดำเนินการ,,\n", encoding="utf-8")
    out = tmp_path / "followup.md"
    assert main(["followup", str(saved), "--status", str(status), "--final", "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "ประชุมชี้แจงบุคลากรทุกกอง ๒ ครั้ง" in md and "https://example.go.th/o43/1" in md
    assert ("ดำเนินการแล้ว ๑ มาตรการ อยู่ระหว่างดำเนินการ ๑ มาตรการ ยังไม่ได้ดำเนินการ ๑ มาตรการ "
            "และยังไม่ได้ระบุผลการดำเนินการ ๒๑ มาตรการ") in md
    assert "หมายเหตุสำหรับผู้จัดทำ" not in md  # --final


def test_a_bad_status_file_is_refused_with_its_lines_and_nothing_is_written(saved, tmp_path, capsys):
    status = tmp_path / "status.csv"
    status.write_text("id,status\nzz9,done\ni2,maybe\ni7,done\ni7,done\n", encoding="utf-8")
    out = tmp_path / "followup.pdf"
    assert main(["followup", str(saved), "--status", str(status), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "line 2, column 'id': 'zz9' is not a measure of the plan" in err
    assert "line 3, column 'status': 'maybe' is not a status" in err
    assert "line 5, column 'id': 'i7' is given twice (first on line 4)" in err
    assert not out.exists() and list(tmp_path.iterdir()) == [status]


def test_a_plan_without_its_year_needs_one(tmp_path, capsys):
    plan = tmp_path / "plan.toml"
    plan.write_text('[report]\nagency = "ก"\n[i2]\nmeasure = "ม"\n', encoding="utf-8")
    assert main(["followup", str(plan), "-o", str(tmp_path / "f.md")]) == 2
    assert "give --year" in capsys.readouterr().err
    assert main(["followup", str(plan), "--year", "2565", "-o", str(tmp_path / "f.md")]) == 0


def test_a_2568_plan_keeps_the_codes_of_the_agencys_own_questions(tmp_path):
    plan = tmp_path / "plan68.toml"
    assert main(["report", str(EXAMPLES / "agency-2568-indicators.csv"), "--year", "2568", "--agency", "ก",
                 "--questions", str(EXAMPLES / "agency-2568-questions.csv"), "--save-plan", str(plan),
                 "-o", str(tmp_path / "r.md")]) == 0
    read = itakit.read_measure_plan(plan, itakit.rule_set(2568))
    assert "e6" in read.codes and "o8" in read.codes
    assert read_status_file.__name__  # the reader is public
    out = tmp_path / "f68.md"
    assert main(["followup", str(plan), "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in md and "| ๖. คุณภาพการดำเนินงาน |" in md
