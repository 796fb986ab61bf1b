"""Every refusal of the web page: a Thai page with a 4xx status, the command line's located message, no traceback."""

from __future__ import annotations

import os
import re

import pytest

import web_helpers as w
from conftest import EXAMPLES
from itakit.web.app import Web
from itakit.web.settings import Settings


@pytest.fixture(scope="module")
def c():
    with w.client() as client:
        yield client


def refused(page, status: int, *thai: str) -> str:
    """Check a refusal page: its status, Thai, a way home, none of the server's insides."""
    assert page.status_code == status, page.text[:800]
    text = page.text
    assert '<html lang="th">' in text and '<a class="button" href="/">กลับหน้าแรก</a>' in text
    for words in thai:
        assert words in text
    assert "Traceback" not in text and "itakit-web-" not in text and "/tmp/" not in text
    return text


def test_a_forged_host_is_refused_on_every_route():
    with w.client() as c:
        for method, path in (("GET", "/"), ("POST", "/result"), ("GET", "/static/style.css"), ("GET", "/healthz")):
            page = c.request(method, path, headers={"host": "attacker.example"})
            text = refused(page, 400, "ชื่อเว็บไซต์นี้ไม่ได้รับอนุญาต", "--allowed-host")
            assert "&#39;attacker.example&#39;" in text
            assert page.headers["content-security-policy"].startswith("default-src 'none'")
        assert c.get("/", headers={"host": "127.0.0.1.attacker.example:8000"}).status_code == 400
        assert c.get("/", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/", headers={"host": "[::1]:8000"}).status_code == 200


def test_a_name_given_with_allowed_host_is_accepted():
    with w.client(Settings(host="0.0.0.0", allowed_hosts=("ITA.Example.go.th",))) as c:
        assert c.get("/", headers={"host": "ita.example.go.th"}).status_code == 200
        assert c.get("/", headers={"host": "other.example.go.th"}).status_code == 400
        assert c.get("/", headers={"host": "192.168.1.20:8000"}).status_code == 200  # an address typed as digits
        assert c.get("/", headers={"host": "[fe80::1]:8000"}).status_code == 200
    with w.client(Settings(host="192.168.1.20")) as c:  # bound to one address: that address, not another
        assert c.get("/", headers={"host": "192.168.1.20:8000"}).status_code == 200
        assert c.get("/", headers={"host": "192.168.1.21:8000"}).status_code == 400


def test_a_post_without_the_token_or_with_another_browsers_token_is_refused(c):
    token = w.csrf(c)
    with open(EXAMPLES / "lamliang-2565-indicators.csv", "rb") as fh:
        content = fh.read()
    files = {"file": ("a.csv", content, "text/csv")}
    refused(c.post("/result", data={"year": "auto"}, files=files), 403, "แบบฟอร์มนี้หมดอายุ")
    refused(c.post("/result", data={"csrf": "0" * 64, "year": "auto"}, files=files), 403)
    with w.client() as other:  # another browser: its own cookie, so this token is not its own
        other.get("/")
        refused(other.post("/result", data={"csrf": token, "year": "auto"}, files=files), 403)
    with w.client() as fresh:  # no cookie at all
        refused(fresh.post("/scores", data={"csrf": token, "year": "2565", "s1": "90"}), 403)
    assert c.post("/result", data={"csrf": token, "year": "auto"}, files=files).status_code == 200


def test_a_post_from_a_page_of_another_site_is_refused(c):
    token = w.csrf(c)
    scores = {"csrf": token, "year": "2565", "s9": "96", "s10": "100"}
    refused(c.post("/scores", data=scores, headers={"origin": "https://evil.example"}), 403)
    ours = c.post("/scores", data=scores, headers={"origin": "http://127.0.0.1:8000"})
    assert ours.status_code == 200


def test_no_file_chosen_is_refused(c):
    token = w.csrf(c)
    page = c.post("/result", data={"csrf": token, "year": "auto"}, files={"file": ("", b"", "application/octet-stream")})
    refused(page, 400, "ยังไม่ได้เลือกไฟล์")


def test_random_bytes_are_refused_with_a_thai_message_naming_the_uploaded_file(c):
    page = w.upload(c, name="ผลคะแนน.csv", content=os.urandom(1 << 14))
    text = refused(page, 400, "อ่านไฟล์นี้ไม่ได้")
    assert "ผลคะแนน.csv" in text
    assert c.get("/").status_code == 200


@pytest.mark.parametrize("name", ["noise.bin", "noise.xlsx", "noise.json", "noise.xls"])
def test_random_bytes_under_any_name_are_refused(c, name):
    text = refused(w.upload(c, name=name, content=b"PK\x03\x04" + os.urandom(4000)), 400)
    assert name in text


def test_a_bad_cell_is_located_as_the_command_line_locates_it(c):
    content = "indicator,score\n1,99.84\n2,abc\n3,99.35\n4,99.51\n5,99.92\n6,95.03\n7,92.99\n8,93.07\n9,96\n10,100\n"
    text = refused(w.upload(c, name="มีข้อผิด.csv", content=content.encode()), 400, "อ่านไฟล์นี้ไม่ได้")
    row = re.search(r"<tr><td>มีข้อผิด.csv</td><td>บรรทัด 3</td><td>score</td><td><code>abc</code></td>", text)
    assert row is not None
    assert "มีข้อผิด.csv, line 3, column &#39;score&#39;: &#39;abc&#39;" in text


def test_a_file_that_fits_another_year_than_the_automatic_one_says_which(c):
    content = (EXAMPLES / "lamliang-2565-questions.csv").read_bytes()
    text = refused(w.upload(c, name="agency-2568-questions.csv", content=content), 400,
                   "ไฟล์นี้ไม่ตรงกับเกณฑ์ปี 2568 ที่เลือกให้โดยอัตโนมัติ", "เลือกปี 2565")
    assert "agency-2568-questions.csv does not fit 2568; it fits 2565" in text


def test_a_30_mb_upload_is_refused_early_with_413(c):
    token = w.csrf(c)
    big = b"indicator,score\n" + b"1,99.84\n" * (30 * 1024 * 1024 // 8)
    page = c.post("/result", data={"csrf": token, "year": "auto"}, files={"file": ("big.csv", big, "text/csv")})
    text = refused(page, 413, "ไฟล์ใหญ่เกินกำหนด", "ไม่เกิน 20 MB")
    assert page.headers["connection"] == "close" and "upload limit of 20 MB" in text
    assert c.get("/").status_code == 200


def test_a_body_streamed_without_a_length_is_counted_and_refused_at_the_limit():
    settings = Settings(max_upload_bytes=64 * 1024)
    with w.client(settings) as c:
        w.csrf(c)

        def chunks():
            for _ in range(100):
                yield b"x" * 4096

        page = c.post("/result", content=chunks(), headers={"content-type": "multipart/form-data; boundary=zz"})
        refused(page, 413, "ไม่เกิน 0.0625 MB")  # (a real server stops reading there: test_web_server.py)


def test_a_bad_content_length_is_refused(c):
    page = c.post("/scores", content=b"a=b", headers={"content-length": "x3", "content-type": "text/plain"})
    assert page.status_code == 400


def test_a_year_that_is_not_installed_is_refused(c):
    text = refused(w.upload(c, EXAMPLES / "lamliang-2565-indicators.csv", year="2599"), 400,
                   "ข้อมูลในแบบฟอร์มไม่ถูกต้อง")
    assert "is not an installed year (expected one of 2565, 2566, 2567, 2568)" in text


def test_typed_scores_that_are_not_scores_are_refused_all_at_once(c):
    page = c.post("/scores", data={"csrf": w.csrf(c), "year": "2565", "s1": "abc", "s2": "120", "s3": "-1"})
    text = refused(page, 400, "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่", "ตัวชี้วัดที่ 2 การใช้งบประมาณ")
    assert text.count("<tr><td>แบบฟอร์ม</td>") == 3
    refused(c.post("/scores", data={"csrf": w.csrf(c), "year": "2565"}), 400, "no indicator score was given")


def test_typed_scores_missing_part_of_a_tool_are_refused_as_scoring_refuses_them(c):
    page = c.post("/scores", data={"csrf": w.csrf(c), "year": "2565", "s1": "90", "s9": "96", "s10": "100"})
    refused(page, 400, "อ่านข้อมูลนี้ไม่ได้", "IIT has indicators 1, 2, 3, 4, 5: indicators 2, 3, 4, 5 are missing")


@pytest.mark.parametrize("token", ["", "not-a-token", "eJzLSM3JyQcABiwCFQ", "eJyrVipTslIqS8wpTVWqBQAjzQSY"])
def test_a_broken_data_field_is_refused(c, token):
    page = c.post("/whatif", data={"csrf": w.csrf(c), "year": "2565", "data": token, "source": "x", "w1": "90"})
    refused(page, 400, "ข้อมูลในแบบฟอร์มไม่สมบูรณ์")


def test_a_data_field_that_would_inflate_past_the_limit_is_refused():
    import base64
    import zlib

    with w.client(Settings(max_upload_bytes=16 * 1024)) as c:
        bomb = base64.urlsafe_b64encode(zlib.compress(b'{"v":1,"a":[{"n":"' + b"x" * (1 << 20) + b'"}]}')).decode()
        page = c.post("/report", data={"csrf": w.csrf(c), "year": "2565", "data": bomb, "source": "x"})
        text = refused(page, 400, "ข้อมูลในแบบฟอร์มไม่สมบูรณ์")
        assert "it is too large" in text


def test_picking_an_agency_that_is_not_in_the_file_is_refused(c):
    summary = w.upload(c, EXAMPLES / "synthetic-agencies-2565.csv").text
    refused(c.post("/agency", data={**w.carried(summary), "pick": "300"}), 400, "ไม่พบหน่วยงานที่เลือก")
    refused(c.post("/summary", data={**w.carried(summary), "by": "no such column"}), 400, "ใช้ข้อมูลนี้ไม่ได้")
    refused(c.post("/report", data=w.carried(summary)), 400, "เลือกหน่วยงานจากหน้าสรุปก่อน")


def test_unknown_pages_and_wrong_methods_get_thai_pages(c):
    refused(c.get("/no-such-page"), 404, "ไม่พบหน้านี้")
    page = c.get("/result")
    refused(page, 405, "หน้านี้เปิดด้วยวิธีนี้ไม่ได้")
    assert page.headers["allow"] == "POST"


def test_a_bug_is_a_thai_500_page_without_a_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a secret detail")

    monkeypatch.setattr(Web, "_result_context", broken)
    with w.client(raise_server_exceptions=False) as c:
        page = w.upload(c, EXAMPLES / "lamliang-2565-indicators.csv")
        text = refused(page, 500, "เกิดข้อผิดพลาดภายในโปรแกรม", "ข้อมูลของท่านไม่ได้ถูกเก็บไว้")
        assert "a secret detail" not in text and "RuntimeError" in text


def test_an_encoding_or_a_sheet_that_does_not_fit_the_file_is_refused(c):
    text = refused(w.upload(c, EXAMPLES / "lamliang-2565-indicators.xlsx", extra={"encoding": "utf-16"}), 400,
                   "ใช้ไฟล์นี้ไม่ได้")
    assert "lamliang-2565-indicators.xlsx: --encoding is for text files" in text
    text = refused(w.upload(c, EXAMPLES / "lamliang-2565-indicators.xlsx", extra={"sheet": "ไม่มีชีตนี้"}), 400)
    assert "ไม่มีชีตนี้" in text


def test_figures_posted_back_with_a_year_they_do_not_fit_are_refused_not_a_bug(c):
    result = w.upload(c, EXAMPLES / "lamliang-2565-questions.csv").text
    posted = {**w.carried(result), "year": "2568"}
    for path, extra in (("/report", {}), ("/whatif", {"w1": "90"}), ("/download", {"format": ".md"})):
        refused(c.post(path, data={**posted, **extra}), 400, "อ่านข้อมูลนี้ไม่ได้", "&#39;i1&#39; is not a question code of 2568")


def test_the_problems_of_many_agencies_are_listed_up_to_the_limit_and_the_rest_counted(c, tmp_path):
    from itakit.errors import MAX_PROBLEMS

    path = tmp_path / "partial.csv"
    path.write_text("agency,1,2\n" + "".join(f"A{n},90,80\n" for n in range(MAX_PROBLEMS + 10)), encoding="utf-8")
    text = refused(w.upload(c, path, year="2565"), 400, "และอีก 10 รายการที่ไม่ได้แสดง")
    assert "indicators 3, 4, 5 are missing" in text
    assert f"agency &#39;A{MAX_PROBLEMS - 1}&#39;" in text and f"agency &#39;A{MAX_PROBLEMS}&#39;" not in text
