"""The page in a real browser, as an officer uses it: Debian's Chromium driven by Playwright.

Upload the example, read 97.20 and AA, edit a measure, download the Word document (and the
PDF when ``FORMATS`` has it) and find the edit inside; use the keyboard; read it at a phone's
width.  Screenshots of each page go to ``$ITAKIT_SCREENSHOTS`` when it is set (that is how
``docs/img/web-*.png`` are made: ``ITAKIT_SCREENSHOTS=docs/img pytest tests/test_web_browser.py``),
else to a temporary folder.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import web_helpers as w
from conftest import EXAMPLES
from itakit.outputs.report import FORMATS

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); Playwright cannot download its own "
                "browser here", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (extra 'test')")
docx = pytest.importorskip("docx", reason="the Word check needs python-docx (extra 'report')")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=th-TH"]
EDITED = "มาตรการประชาสัมพันธ์ผ่านหอกระจายข่าวทุกหมู่บ้าน (แก้ในเบราว์เซอร์)"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def live():
    with w.LiveServer() as server:
        yield server


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("ITAKIT_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_page(browser, width: int = 1024, height: int = 768):
    context = browser.new_context(locale="th-TH", viewport={"width": width, "height": height}, device_scale_factor=1,
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def docx_text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF")
    done = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, timeout=120, check=True)
    return done.stdout.decode("utf-8")


def test_an_officer_uploads_reads_edits_and_downloads(browser, live, shots, tmp_path):
    page = new_page(browser)
    page.goto(live.url)
    assert page.title().startswith("หน้าแรก")
    page.screenshot(path=str(shots / "web-home.png"))

    page.set_input_files("#file", str(EXAMPLES / "lamliang-2565-indicators.csv"))
    page.get_by_role("button", name="ดูผลการประเมิน").click()
    page.wait_for_selector("#total")
    assert page.inner_text("#total") == "97.20"
    assert page.inner_text("#grade") == "AA"
    assert page.inner_text("#indicator-7") == "92.99"
    page.screenshot(path=str(shots / "web-result.png"))

    with page.expect_download() as caught:  # the result page links the documents directly
        page.get_by_role("button", name="Word (.docx)", exact=True).click()
    drafted = tmp_path / "drafted.docx"
    caught.value.save_as(drafted)
    assert "มาตรการเพิ่มประสิทธิภาพการสื่อสารกับประชาชน" in docx_text(drafted)
    if ".pdf" in FORMATS:
        with page.expect_download() as caught:
            page.get_by_role("button", name="PDF (.pdf)", exact=True).click()
        caught.value.save_as(tmp_path / "drafted.pdf")
        assert (tmp_path / "drafted.pdf").read_bytes().startswith(b"%PDF")

    page.get_by_role("button", name="จัดทำรายงานและตารางมาตรการ").click()
    page.wait_for_selector("#report-form")
    page.get_by_label("ชื่อหน่วยงาน").fill("องค์การบริหารส่วนตำบลลำเลียง")
    page.get_by_label("จังหวัด").fill("ระนอง")
    measure = page.locator("#m6-measure")  # indicator 7, the lowest: its measure
    assert measure.input_value() == "มาตรการเพิ่มประสิทธิภาพการสื่อสารกับประชาชน"
    measure.fill(EDITED)
    page.locator("#row-7").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "web-report.png"))

    with page.expect_download() as caught:
        page.get_by_role("button", name="รายงาน Word (.docx)").click()
    download = caught.value
    assert download.suggested_filename == "รายงานผลการวิเคราะห์ ITA 2565 องค์การบริหารส่วนตำบลลำเลียง.docx"
    word = tmp_path / "report.docx"
    download.save_as(word)
    text = docx_text(word)
    assert EDITED in text and "องค์การบริหารส่วนตำบลลำเลียง" in text and "๙๗.๒๐" in text

    if ".pdf" in FORMATS:
        with page.expect_download() as caught:
            page.get_by_role("button", name="รายงาน PDF (.pdf)").click()
        pdf = tmp_path / "report.pdf"
        caught.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        assert "".join(EDITED.split()) in "".join(pdf_text(pdf).split())  # whatever the lines and spaces

    with page.expect_download() as caught:
        page.get_by_role("button", name="ไฟล์แผนมาตรการ (.toml)").click()
    plan = tmp_path / "plan.toml"
    caught.value.save_as(plan)
    assert EDITED in plan.read_text(encoding="utf-8")

    # the saved plan, loaded again, brings the edit back
    page.set_input_files("#plan", str(plan))
    page.get_by_role("button", name="เปิดไฟล์แผน").click()
    page.wait_for_selector("#report-form")
    assert page.locator("#m6-measure").input_value() == EDITED
    page.context.close()


THAI_SIZES = """() => {
    const sizes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/[\\u0E00-\\u0E7F]/.test(node.textContent) && node.parentElement.closest('svg') === null) {
            sizes.push([parseFloat(getComputedStyle(node.parentElement).fontSize), node.textContent.trim()]);
        }
    }
    return sizes;
}"""


def test_every_thai_text_is_at_least_16_px(browser, live):
    page = new_page(browser)
    page.goto(live.url)
    sizes = page.evaluate(THAI_SIZES)
    page.set_input_files("#file", str(EXAMPLES / "agency-2568-indicators.csv"))
    page.get_by_role("button", name="ดูผลการประเมิน").click()
    page.wait_for_selector("#total")
    sizes += page.evaluate(THAI_SIZES)
    page.get_by_role("button", name="จัดทำรายงานและตารางมาตรการ").click()
    page.wait_for_selector("#report-form")
    sizes += page.evaluate(THAI_SIZES)
    page.goto(live.url)
    page.set_input_files("#file", {"name": "x.csv", "mimeType": "text/csv", "buffer": b"\xff\xfe\x00garbage"})
    page.get_by_role("button", name="ดูผลการประเมิน").click()
    page.wait_for_selector("#refusal-title")
    sizes += page.evaluate(THAI_SIZES)
    assert len(sizes) > 100
    assert [(size, text) for size, text in sizes if size < 16] == []
    page.context.close()


def test_the_pages_work_with_the_keyboard(browser, live):
    page = new_page(browser)
    page.goto(live.url)
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))
    assert reached.index("upload-year") < reached.index("file") < reached.index("ดูผลการประเมิน")
    # typed scores, by keyboard alone
    page.focus("#s1")
    for value in ("99.84", "99.49", "99.35", "99.51", "99.92", "95.03", "92.99", "93.07", "96.00", "100"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.focus("#s10")
    page.keyboard.press("Enter")
    page.wait_for_selector("#total")
    assert (page.inner_text("#total"), page.inner_text("#grade")) == ("97.20", "AA")
    page.context.close()


def test_the_result_fits_a_phone(browser, live, shots):
    page = new_page(browser, 390, 844)
    page.goto(live.url)
    page.set_input_files("#file", str(EXAMPLES / "agency-2568-indicators.csv"))
    page.select_option("#upload-year", "2568")
    page.get_by_role("button", name="ดูผลการประเมิน").click()
    page.wait_for_selector("#total")
    assert (page.inner_text("#total"), page.inner_text("#grade")) == ("94.40", "ผ่าน")
    assert "EIT" in page.inner_text(".why")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(shots / "web-phone.png"))
    page.context.close()


def test_the_summary_and_a_refusal_in_the_browser(browser, live, shots):
    page = new_page(browser)
    page.goto(live.url)
    page.set_input_files("#file", str(EXAMPLES / "synthetic-agencies-2565.csv"))
    page.get_by_role("button", name="ดูผลการประเมิน").click()
    page.wait_for_selector("#share")
    assert page.inner_text("#share") == "84.67"
    page.screenshot(path=str(shots / "web-summary.png"))
    page.locator("button[name=pick]").first.click()
    page.wait_for_selector("#total")

    page.goto(live.url)
    page.set_input_files("#file", {"name": "ผลคะแนน.csv", "mimeType": "text/csv", "buffer": os.urandom(2048)})
    page.get_by_role("button", name="ดูผลการประเมิน").click()
    page.wait_for_selector("#refusal-title")
    assert page.inner_text("#refusal-title") == "อ่านไฟล์นี้ไม่ได้"
    assert "ผลคะแนน.csv" in page.inner_text("main")
    page.screenshot(path=str(shots / "web-error.png"))
    page.context.close()
