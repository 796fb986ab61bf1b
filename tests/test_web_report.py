"""The report page: the agency's details, the drafted measures edited in the browser, and every download."""

from __future__ import annotations

import io
import re
import urllib.parse

import pytest

import itakit
import web_helpers as w
from conftest import EXAMPLES
from itakit.inputs.planfile import read_measure_plan
from itakit.outputs.report import FORMATS
from itakit.web.documents import download_formats


@pytest.fixture(scope="module")
def c():
    with w.client() as client:
        yield client


def report_page(c, example="lamliang-2565-indicators.csv", **upload):
    result = w.upload(c, EXAMPLES / example, **upload).text
    page = c.post("/report", data=w.carried(result))
    assert page.status_code == 200, page.text
    return page.text


def docx_text(content: bytes) -> str:
    docx = pytest.importorskip("docx")
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def html_text(content: bytes) -> str:
    """The text a reader sees in an HTML document (the report marks Thai words with spans)."""
    from html.parser import HTMLParser

    parts: list[str] = []
    parser = HTMLParser()
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(content.decode("utf-8"))
    return "".join(parts)


def test_the_report_page_drafts_a_row_for_every_indicator_below_full_marks(c):
    text = report_page(c)
    assert w.text_of(text, "total") == "97.20" and w.text_of(text, "grade") == "AA"
    fields = w.report_form(text)
    assert fields["m.count"] == "9"
    assert w.unlabelled(text) == [] and text.count("<label for=") > 9 * 8
    assert [fields[f"m{k}.code"] for k in range(9)] == [str(n) for n in range(1, 10)]
    assert fields["m6.measure"] == "มาตรการเพิ่มประสิทธิภาพการสื่อสารกับประชาชน"
    assert fields["m6.method"].count("\n") == 2  # one step a line
    assert (fields["m6.start"], fields["m6.end"]) == ("2022-11-01", "2023-03-31")
    assert '<option value="10">ตัวชี้วัดที่ 10 การป้องกันการทุจริต (ทั้งตัวชี้วัด)</option>' in text  # full marks: addable
    for label in ("ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "ผู้จัดทำ", "ผู้อนุมัติ", "ข้อบกพร่อง", "มาตรการ", "ผู้รับผิดชอบ"):
        assert label in text
    assert [f.suffix for f in download_formats()] == [s for s in (".docx", ".pdf", ".html", ".md") if s in FORMATS]
    for f in download_formats():
        assert f'formaction="/download" name="format" value="{f.suffix}"' in text
    assert 'formaction="/download" name="format" value="plan"' in text


def test_an_edited_measure_and_the_details_go_into_the_word_document(c):
    fields = w.report_form(report_page(c))
    fields.update({"m6.measure": "มาตรการสื่อสารผ่านหอกระจายข่าวทุกหมู่บ้าน", "agency": "องค์การบริหารส่วนตำบลลำเลียง",
                   "province": "ระนอง", "prepared_by.name": "นางสาวทดสอบ ใจดี", "prepared_by.position": "นักวิเคราะห์",
                   "digits": "arabic"})
    answer = c.post("/download", data={**fields, "format": ".docx"})
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="ita-report-2565.docx"; filename*=UTF-8\'\'')
    thai_name = urllib.parse.unquote(disposition.split("UTF-8''", 1)[1])
    assert thai_name == "รายงานผลการวิเคราะห์ ITA 2565 องค์การบริหารส่วนตำบลลำเลียง.docx"
    text = docx_text(answer.content)
    assert "มาตรการสื่อสารผ่านหอกระจายข่าวทุกหมู่บ้าน" in text
    assert "องค์การบริหารส่วนตำบลลำเลียง" in text and "นางสาวทดสอบ ใจดี" in text
    assert "มาตรการเพิ่มประสิทธิภาพการสื่อสารกับประชาชน" not in text  # the drafted text was replaced
    assert "97.20" in text  # Arabic digits, as chosen


@pytest.mark.parametrize("suffix", [f.suffix for f in download_formats() if f.available])
def test_every_format_downloads_with_the_edits(c, suffix):
    fields = w.report_form(report_page(c))
    fields["m0.measure"] = "มาตรการทดสอบทุกรูปแบบ"
    answer = c.post("/download", data={**fields, "format": suffix})
    assert answer.status_code == 200
    assert f'filename="ita-report-2565{suffix}"' in answer.headers["content-disposition"]
    if suffix == ".docx":
        assert "มาตรการทดสอบทุกรูปแบบ" in docx_text(answer.content)
    elif suffix == ".html":
        assert "มาตรการทดสอบทุกรูปแบบ" in html_text(answer.content)
    elif suffix == ".md":
        assert "มาตรการทดสอบทุกรูปแบบ" in answer.content.decode("utf-8")
    else:
        assert len(answer.content) > 1000


def test_the_plan_file_holds_every_row_and_reads_back_with_the_edits(c, tmp_path):
    fields = w.report_form(report_page(c))
    fields.update({"m0.measure": "มาตรการแก้ไขแล้ว", "m0.method": "ขั้นแรก\n\nขั้นที่สอง  \n", "m1.omit": "on",
                   "m2.start": "2566-01-01", "m2.end": "2566-06-30", "m3.responsible": "",
                   "agency": "อบต.ลำเลียง", "checked_by.name": "นายตรวจ"})
    answer = c.post("/download", data={**fields, "format": "plan"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/toml")
    assert 'filename="ita-plan-2565.toml"' in answer.headers["content-disposition"]
    path = tmp_path / "plan.toml"
    path.write_bytes(answer.content)
    plan = read_measure_plan(path, itakit.rule_set(2565))
    assert plan.year == 2565 and len(plan.entries) == 9
    first = plan.get("1")
    assert first.measure == "มาตรการแก้ไขแล้ว" and first.method == ("ขั้นแรก", "ขั้นที่สอง")
    assert plan.get("2").omit is True
    assert [d.isoformat() for d in plan.get("3").period] == ["2023-01-01", "2023-06-30"]  # Buddhist-Era years read
    drafted = itakit.rule_set(2565).measures.get("4").responsible
    assert plan.get("4").responsible == drafted  # a cleared cell: the draft again
    assert plan.details.agency == "อบต.ลำเลียง" and plan.details.checked_by.name == "นายตรวจ"


def test_a_removed_row_stays_removed_and_can_be_brought_back(c):
    fields = w.report_form(report_page(c))
    fields["m1.omit"] = "on"
    page = c.post("/report", data={**fields, "action": "update"}).text
    again = w.report_form(page)
    omitted = [k for k in range(int(again["m.count"])) if again.get(f"m{k}.omit") == "on"]
    assert [again[f"m{k}.code"] for k in omitted] == ["2"]
    document = html_text(c.post("/download", data={**again, "format": ".html"}).content)
    assert "มาตรการใช้จ่ายงบประมาณอย่างโปร่งใสและตรวจสอบได้" not in document and "มาตรการใช้อำนาจอย่างเป็นธรรมตามระบบคุณธรรม" in document
    for k in omitted:
        again.pop(f"m{k}.omit")
    back = w.report_form(c.post("/report", data={**again, "action": "update"}).text)
    assert "on" not in [back.get(f"m{k}.omit") for k in range(int(back["m.count"]))]


def test_a_row_can_be_added_for_another_code_of_the_year(c):
    fields = w.report_form(report_page(c))
    page = c.post("/report", data={**fields, "action": "add", "add": "10"}).text
    added = w.report_form(page)
    assert added["m.count"] == "10" and added["m9.code"] == "10"
    assert added["m9.measure"] == "มาตรการป้องกันการทุจริตเชิงรุก"
    assert '<option value="10">' not in page


def test_question_level_input_lists_questions_and_items_and_adds_a_question(c):
    fields = w.report_form(report_page(c, "lamliang-2565-questions.csv"))
    codes = [fields[f"m{k}.code"] for k in range(int(fields["m.count"]))]
    assert "o29" in codes and "e7" in codes and "1" not in codes
    page = c.post("/report", data={**fields, "action": "add", "add": "i1"}).text
    assert 'id="row-i1"' in page


def test_a_saved_plan_file_is_loaded_to_go_on_editing(c):
    fields = w.report_form(report_page(c, "lamliang-2565-questions.csv"))
    plan = EXAMPLES / "lamliang-2565-plan.toml"
    page = c.post("/report", data={**fields, "action": "load"},
                  files={"plan": ("แผนปีที่แล้ว.toml", plan.read_bytes(), "application/toml")})
    assert page.status_code == 200, page.text
    loaded = w.report_form(page.text)
    codes = [loaded[f"m{k}.code"] for k in range(int(loaded["m.count"]))]
    i2 = codes.index("i2")
    assert loaded[f"m{i2}.measure"] == "มาตรการให้บริการทุกคนด้วยมาตรฐานเดียวกัน"
    assert loaded[f"m{i2}.responsible"].startswith("สำนักปลัด")  # the plan's defaults, written out


def test_a_bad_date_shows_the_editor_again_with_the_problem_and_the_edits_kept(c):
    fields = w.report_form(report_page(c))
    fields.update({"m2.start": "31/12/2565", "m0.measure": "ข้อความที่ต้องไม่หาย"})
    page = c.post("/report", data={**fields, "action": "update"})
    assert page.status_code == 400
    text = page.text
    assert "ตารางมาตรการไม่ถูกต้อง" in text
    assert re.search(r"<td>ตารางมาตรการ</td><td>แถว 3</td><td>3 ระยะเวลาเริ่ม \(start\)</td><td><code>31/12/2565</code>", text)
    assert "ตารางมาตรการ, แถว 3, column &#39;3 ระยะเวลาเริ่ม (start)&#39;: &#39;31/12/2565&#39; is not a date" in text
    kept = w.report_form(text)
    assert kept["m0.measure"] == "ข้อความที่ต้องไม่หาย" and kept["m2.start"] == "31/12/2565"
    download = c.post("/download", data={**fields, "format": ".docx"})
    assert download.status_code == 400 and "is not a date" in download.text


def test_an_unreadable_plan_file_is_named_by_its_own_name_with_the_line(c):
    fields = w.report_form(report_page(c))
    bad = "[o29]\nmeasure = \"x\"\nperiod = { start = \"2022-13-01\", end = 2023-01-01 }\n[zz9]\nmeasure = \"y\"\n"
    page = c.post("/report", data={**fields, "action": "load"},
                  files={"plan": ("แผน ของฉัน.toml", bad.encode(), "application/toml")})
    assert page.status_code == 400
    text = page.text
    assert "อ่านไฟล์แผนนี้ไม่ได้" in text and "แผน ของฉัน.toml" in text
    assert "แผน ของฉัน.toml, line 3: key o29.period.start = &#39;2022-13-01&#39;: is not a date" in text
    assert "แผน ของฉัน.toml, line 4: key zz9: is not a question, checklist item or indicator of 2565" in text
    assert "/tmp" not in text and "itakit-web-" not in text
    assert w.report_form(text)["m.count"] == "9"  # the editor is kept


def test_loading_without_a_plan_file_says_so(c):
    fields = w.report_form(report_page(c))
    page = c.post("/report", data={**fields, "action": "load"})
    assert page.status_code == 400 and "ยังไม่ได้เลือกไฟล์แผน" in page.text


def test_the_report_of_a_2568_result_marks_the_unconfirmed_rules_and_downloads(c):
    text = report_page(c, "agency-2568-indicators.csv")
    assert "เกณฑ์ปี 2568 ยังไม่มีแหล่งทางการยืนยัน" in text
    fields = w.report_form(text)
    answer = c.post("/download", data={**fields, "format": ".html"})
    assert answer.status_code == 200 and "94.40" in answer.content.decode("utf-8").translate(
        str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def test_an_unknown_download_format_is_refused(c):
    fields = w.report_form(report_page(c))
    answer = c.post("/download", data={**fields, "format": ".exe"})
    assert answer.status_code == 400 and "ไม่รู้จักรูปแบบเอกสารนี้" in answer.text


def test_the_result_page_links_the_drafted_documents_directly(c):
    result = w.upload(c, EXAMPLES / "lamliang-2565-indicators.csv").text
    download = re.search(r'<form method="post" action="/download" class="buttons">(.*?)</form>', result, re.S).group(1)
    for f in download_formats():
        assert (f'name="format" value="{f.suffix}"' in download) == f.available
    answer = c.post("/download", data={**w.carried(result), "format": ".docx"})
    assert answer.status_code == 200
    text = docx_text(answer.content)
    assert "มาตรการเพิ่มประสิทธิภาพการสื่อสารกับประชาชน" in text and "๙๗.๒๐" in text


def test_the_follow_up_of_a_saved_plan_downloads_with_its_statuses(c, tmp_path):
    fields = w.report_form(report_page(c))
    fields.update({"agency": "องค์การบริหารส่วนตำบลลำเลียง", "m0.measure": "มาตรการที่ติดตามผล"})
    plan = c.post("/download", data={**fields, "format": "plan"}).content
    status = "รหัส,สถานะ,ผลการดำเนินการ,หลักฐาน\n1,ดำเนินการแล้ว,อบรมบุคลากรครบทุกกอง,https://example.go.th/1\n"
    answer = c.post("/followup", data={"csrf": w.csrf(c), "format": ".docx"},
                    files={"plan": ("แผน ITA 2565.toml", plan, "application/toml"),
                           "status": ("สถานะ.csv", status.encode("utf-8"), "text/csv")})
    assert answer.status_code == 200, answer.text
    assert "ita-followup-2566.docx" in answer.headers["content-disposition"]
    text = docx_text(answer.content)
    assert "มาตรการที่ติดตามผล" in text and "อบรมบุคลากรครบทุกกอง" in text and "ดำเนินการแล้ว ๑ มาตรการ" in text
    bad = c.post("/followup", data={"csrf": w.csrf(c), "format": ".docx"},
                 files={"plan": ("แผน.toml", plan, "application/toml"),
                        "status": ("สถานะ.csv", b"id,status\nzz,done\n", "text/csv")})
    assert bad.status_code == 400 and "สถานะ.csv" in bad.text and "zz" in bad.text and "Traceback" not in bad.text


def test_a_rating_year_report_names_weak_questions_from_the_uploaded_question_sheet(c):
    fields = w.report_form(report_page(c, "agency-2568-indicators.csv"))
    assert [fields[f"m{k}.code"] for k in range(int(fields["m.count"]))][:2] == ["1", "2"]  # by indicator
    sheet = EXAMPLES / "agency-2568-questions.csv"
    page = c.post("/report", data={**fields, "action": "questions"},
                  files={"questions": ("ผลรายข้อ ITAS.csv", sheet.read_bytes(), "text/csv")})
    assert page.status_code == 200, page.text
    assert "ใช้ผลรายข้อจาก <span class=\"source\">ผลรายข้อ ITAS.csv</span> (53 ข้อ)" in page.text
    drafted = w.report_form(page.text)
    codes = [drafted[f"m{k}.code"] for k in range(int(drafted["m.count"]))]
    assert codes[:3] == ["i3", "i4", "i5"] and "1" not in codes
    assert '<legend><span class="code">i3</span> บุคลากรในหน่วยงานของท่านมีพฤติกรรม' in page.text
    assert drafted["questions_token"]
    # the sheet travels with the form: an edit, then the document names the weak question with its text
    drafted["m0.measure"] = "มาตรการที่หน่วยงานเขียนเอง"
    again = c.post("/report", data={**drafted, "action": "update"})
    assert w.report_form(again.text)["m0.code"] == "i3"
    answer = c.post("/download", data={**drafted, "format": ".html"})
    text = html_text(answer.content)
    assert "มาตรการที่หน่วยงานเขียนเอง" in text
    i3 = next(line for line in sheet.read_text("utf-8").splitlines() if ",i3," in line).split(",")[2]
    assert i3[:30] in text
    # dropping it drafts by indicator again
    dropped = w.report_form(c.post("/report", data={**drafted, "action": "drop-questions"}).text)
    assert dropped["m0.code"] == "1" and "questions_token" not in dropped


def test_a_bad_question_sheet_is_refused_with_its_line_and_a_changed_token_is_refused(c):
    fields = w.report_form(report_page(c, "agency-2568-indicators.csv"))
    page = c.post("/report", data={**fields, "action": "questions"},
                  files={"questions": ("ผลรายข้อ.csv", "ข้อ,คะแนน\ni3,สูง\n".encode(), "text/csv")})
    assert page.status_code == 400
    assert "อ่านไฟล์ผลรายข้อนี้ไม่ได้" in page.text and "ผลรายข้อ.csv" in page.text and "/tmp" not in page.text
    assert w.report_form(page.text)["m0.code"] == "1"  # the editor is kept
    broken = c.post("/download", data={**fields, "questions_token": "not-a-token", "format": ".html"})
    assert broken.status_code == 400 and "ข้อมูลผลรายข้อในแบบฟอร์มไม่สมบูรณ์" in broken.text
