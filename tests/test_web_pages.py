"""The officer's page, route by route, as a browser without JavaScript uses it (Starlette's test client)."""

from __future__ import annotations

import re

import pytest

import web_helpers as w
from conftest import EXAMPLES, SEED_SCORES


@pytest.fixture(scope="module")
def c():
    with w.client() as client:
        yield client


def test_home_is_a_thai_page_with_an_upload_form_and_a_label_on_every_field(c):
    page = c.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert '<html lang="th">' in text
    assert '<form method="post" action="/result" enctype="multipart/form-data">' in text
    assert '<input type="file" id="file" name="file" required' in text
    assert w.unlabelled(text) == [] and text.count("<label for=") >= 15
    assert "ส่งไฟล์ผลคะแนน" in text and "พิมพ์คะแนนรายตัวชี้วัด" in text
    # the installed years, newest first; the unconfirmed ones marked
    assert re.findall(r'<option value="(\d{4})">', text)[:4] == ["2568", "2567", "2566", "2565"]
    assert '<option value="2568">2568 (เกณฑ์ยังไม่ยืนยัน)</option>' in text
    assert '<option value="2565">2565</option>' in text


def test_the_home_page_sets_a_strict_cookie_and_safe_headers(c):
    c.cookies.clear()
    page = c.get("/")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("itakit_csrf=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    again = c.get("/")
    assert "set-cookie" not in again.headers  # the browser keeps its cookie; the token is the same
    assert w.field(again.text, "csrf") == w.field(page.text, "csrf")


def test_the_style_sheet_and_the_health_check(c):
    css = c.get("/static/style.css")
    assert css.status_code == 200 and "font-size: 18px" in css.text
    assert css.headers["cache-control"] == "max-age=3600"
    assert c.get("/healthz").text == "ok\n"


def test_uploading_the_example_shows_97_20_and_AA_with_tools_ranks_and_the_chart(c):
    page = w.upload(c, EXAMPLES / "lamliang-2565-indicators.csv")
    assert page.status_code == 200
    text = page.text
    assert w.text_of(text, "total") == "97.20"
    assert w.text_of(text, "grade") == "AA"
    assert "ผ่านเกณฑ์" in text and "(ดีเยี่ยม)" in text
    assert "อยู่ในระดับสูงสุดแล้ว" in text
    assert [w.text_of(text, f"tool-{code}") for code in ("IIT", "EIT", "OIT")] == ["99.62", "93.70", "98.00"]
    assert [w.text_of(text, f"indicator-{n}") for n in range(1, 11)] == list(SEED_SCORES.values())
    ranks = re.findall(r'id="indicator-\d+">[^<]*</td><td class="num">(\d+)</td>', text)
    assert ranks == ["3", "5", "6", "4", "2", "8", "10", "9", "7", "1"]
    assert text.count('<rect x="260"') == 10 and 'role="img"' in text
    assert "lamliang-2565-indicators.csv" in text
    assert "ยังไม่มีแหล่งทางการยืนยัน" not in text  # 2565's rules are confirmed
    assert '<form method="post" action="/report">' in text and '<form method="post" action="/whatif#whatif-title">' in text
    assert w.unlabelled(text) == []


@pytest.mark.parametrize("name", ["lamliang-2565-indicators.xlsx", "lamliang-2565-indicators-utf16.txt",
                                  "lamliang-2565-indicators-cp874.csv", "lamliang-2565-result.json",
                                  "lamliang-2565-questions.csv"])
def test_every_format_the_command_reads_gives_the_same_result(c, name):
    page = w.upload(c, EXAMPLES / name)
    assert page.status_code == 200, page.text
    assert (w.text_of(page.text, "total"), w.text_of(page.text, "grade")) == ("97.20", "AA")


def test_question_level_input_lists_the_failed_item_and_its_gain(c):
    text = w.upload(c, EXAMPLES / "lamliang-2565-questions.csv").text
    assert re.search(r"<strong>o29</strong> แนวปฏิบัติการจัดการเรื่องร้องเรียน[^<]*หากผ่าน คะแนนรวมเพิ่ม 0\.80", text)
    assert "ข้อคำถามที่คะแนนต่ำสุด" in text


def test_a_2568_file_chosen_through_the_year_field_gives_ผ่าน_and_names_EIT(c):
    page = w.upload(c, EXAMPLES / "agency-2568-indicators.csv", year="2568", name="agency-indicators.csv")
    text = page.text
    assert page.status_code == 200
    assert w.field(text, "year") == "2568"
    assert (w.text_of(text, "total"), w.text_of(text, "grade")) == ("94.40", "ผ่าน")
    why = text.split("ทำไมได้ระดับนี้", 1)[1].split("</ul>", 1)[0]
    assert "EIT 84.00" in why and "85.00" in why
    assert "EIT อีก 1.00 คะแนน ถึงระดับ ผ่านดี" in text
    assert "ถึงระดับ ผ่านดี: ตัวชี้วัดที่" in text  # a checked route
    assert "เกณฑ์ปี 2568 ยังไม่มีแหล่งทางการยืนยัน" in text and "weights 30/30/40 inferred" in text


def test_the_automatic_year_is_the_one_the_file_name_gives(c):
    text = w.upload(c, EXAMPLES / "agency-2568-indicators.csv").text
    assert w.field(text, "year") == "2568" and w.text_of(text, "grade") == "ผ่าน"
    text = w.upload(c, EXAMPLES / "agency-2568-indicators.csv", name="agency.csv").text
    assert w.field(text, "year") == "2565" and w.text_of(text, "grade") == "A"  # no year named: the default


def test_typed_scores_give_the_seed_result_with_thai_digits_read(c):
    token = w.csrf(c)
    scores = {f"s{n}": v for n, v in SEED_SCORES.items()}
    scores["s1"] = "๙๙.๘๔"
    page = c.post("/scores", data={"csrf": token, "year": "2565", "agency": "อบต.ลำเลียง", **scores})
    assert page.status_code == 200
    assert (w.text_of(page.text, "total"), w.text_of(page.text, "grade")) == ("97.20", "AA")
    assert "<strong>อบต.ลำเลียง</strong>" in page.text and "พิมพ์คะแนนเอง" in page.text


def test_typed_scores_of_one_tool_give_no_total_but_its_score(c):
    page = c.post("/scores", data={"csrf": w.csrf(c), "year": "2565", "s9": "96", "s10": "100"})
    assert page.status_code == 200
    assert "ยังไม่มีคะแนนรวมและระดับ" in page.text and w.text_of(page.text, "tool-OIT") == "98.00"


def test_whatif_shows_the_new_total_rating_and_routes_at_once(c):
    first = w.upload(c, EXAMPLES / "agency-2568-indicators.csv").text
    tried = {f"w{n}": w.field(first, f"w{n}") for n in range(1, 11)}
    assert tried["w6"] == "84.00"
    tried.update(w6="85", w7="85", w8="85")
    page = c.post("/whatif", data={**w.carried(first), **tried})
    assert page.status_code == 200
    text = page.text
    assert w.text_of(text, "total") == "94.40"  # the real result is unchanged
    assert w.text_of(text, "whatif-total") == "94.70" and w.text_of(text, "whatif-grade") == "ผ่านดี"
    assert "ตัวชี้วัดที่ 6 เป็น 85" in text and "EIT 85.00" in text
    assert w.field(text, "w6") == "85"  # the form keeps what was tried
    same = {f"w{n}": w.field(first, f"w{n}") for n in range(1, 11)}
    same["w6"] = "84.0"  # the same figure, written otherwise
    unchanged = c.post("/whatif", data={**w.carried(first), **same})
    assert "ยังไม่ได้เปลี่ยนคะแนนตัวชี้วัดใด" in unchanged.text


def test_whatif_on_items_keeps_the_unchanged_indicators_exact(c):
    first = w.upload(c, EXAMPLES / "lamliang-2565-questions.csv").text
    tried = {f"w{n}": w.field(first, f"w{n}") for n in range(1, 11)}
    tried["w9"] = "100"
    text = c.post("/whatif", data={**w.carried(first), **tried}).text
    assert w.text_of(text, "whatif-total") == "98.00"  # o29 passing, as `itakit plan` says


def test_a_many_agency_file_gives_the_summary_and_each_agency_can_be_picked(c):
    page = w.upload(c, EXAMPLES / "synthetic-agencies-2565.csv")
    assert page.status_code == 200
    text = page.text
    assert "สรุปผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2565" in text and "300 หน่วยงาน" in text
    assert w.text_of(text, "share") == "84.67" and "(254 จาก 300 หน่วยงาน)" in text
    assert "ถึงเป้าหมาย" in text
    assert re.search(r'<th scope="row">AA</th><td class="num">46</td>', text)
    assert '<option value="province" selected>province</option>' in text
    assert re.search(r'<th scope="row">ระนอง</th><td class="num">40</td><td class="num">82.50', text)
    assert text.count('name="pick"') == 300 and w.unlabelled(text) == []
    first_name = re.search(r'name="pick" value="0" class="link">([^<]+)<', text).group(1)
    picked = c.post("/agency", data={**w.carried(text), "pick": "0"})
    assert picked.status_code == 200
    assert f"<strong>{first_name}</strong>" in picked.text and 'id="total"' in picked.text
    by_type = c.post("/summary", data={**w.carried(text), "by": "type"})
    assert by_type.status_code == 200 and '<option value="type" selected>type</option>' in by_type.text
    assert "เทศบาลเมือง" in by_type.text.split("รายหน่วยงาน", 1)[0]


def test_a_2568_many_agency_file_counts_the_ratings(c):
    text = w.upload(c, EXAMPLES / "synthetic-agencies-2568.csv").text
    assert "ผ่านดีเยี่ยม" in text and "เกณฑ์ปี 2568 ยังไม่มีแหล่งทางการยืนยัน" in text


def test_raw_answers_of_one_survey_give_its_score_and_the_respondents(c):
    text = w.upload(c, EXAMPLES / "synthetic-raw-answers-2565-eit.csv").text
    assert "ยังไม่มีคะแนนรวมและระดับ" in text and "ขาด IIT, OIT" in text
    assert w.text_of(text, "tool-EIT") == "87.69"
    assert "นับจากผู้ตอบ 60 คน · คำตอบที่เว้นว่าง 22" in text


def test_a_survey_export_is_read_with_its_uploaded_mapping(c):
    mapping = EXAMPLES / "practice-survey-2565-eit.mapping.toml"
    page = w.upload(c, EXAMPLES / "practice-survey-2565-eit.csv",
                    files={"mapping": (mapping.name, mapping.read_bytes(), "application/toml")})
    assert page.status_code == 200, page.text
    assert "tool-EIT" in page.text and "นับจากผู้ตอบ" in page.text


def test_an_agency_name_from_a_file_is_escaped(c):
    content = "agency,province,1,2,3,4,5,6,7,8,9,10\n<script>alert(1)</script>,ระนอง,90,90,90,90,90,90,90,90,90,90\n" \
              "\"<b>x</b>\",ระนอง,91,91,91,91,91,91,91,91,91,91\n"
    text = w.upload(c, name="x.csv", content=content.encode()).text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>x</b>" not in text


def test_the_encoding_and_the_sheet_can_be_chosen(c):
    page = w.upload(c, EXAMPLES / "lamliang-2565-indicators-cp874.csv", extra={"encoding": "cp874"})
    assert w.text_of(page.text, "total") == "97.20"
    import openpyxl

    book = openpyxl.load_workbook(EXAMPLES / "lamliang-2565-indicators.xlsx")
    sheet = book.worksheets[0].title
    page = w.upload(c, EXAMPLES / "lamliang-2565-indicators.xlsx", extra={"sheet": sheet})
    assert w.text_of(page.text, "grade") == "AA"
