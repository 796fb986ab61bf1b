"""HTML and Markdown reports: self-contained, A4 print styles, every given text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import EXAMPLES
from itakit.cli import main

NASTY = "<script>alert(1)</script>"


def _write(tmp_path, name, *args, agency="องค์การบริหารส่วนตำบลลำเลียง", source="lamliang-2565-indicators.csv"):
    out = tmp_path / name
    assert main(["report", str(EXAMPLES / source), "--agency", agency, "-o", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.cells: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.cells.append(self._row)
            self._row = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_html_escapes_the_agency_name(tmp_path):
    html = _write(tmp_path, "r.html", agency=NASTY)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<script" not in html
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags
    assert NASTY in "".join(parsed.text)  # shown to the reader as text


def test_html_is_self_contained_and_prints_on_a4(tmp_path):
    html = _write(tmp_path, "r.html")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="th">' in html and '<meta charset="utf-8">' in html
    assert "@page { size: A4;" in html and "@page wide { size: A4 landscape;" in html  # measures on landscape pages
    assert "counter(page, var(--page-style))" in html and "--page-style: thai" in html  # Thai page numbers
    assert "<link" not in html and "src=\"http" not in html and "url(" not in html
    parsed = _Collect()
    parsed.feed(html)
    rows = [r for r in parsed.cells if r and r[0].startswith("ตัวชี้วัดที่") and len(r) == 3
            and re.fullmatch("[๐-๙]+\\.[๐-๙]{2}", r[1])]
    assert [r[2] for r in rows] == ["๓", "๕", "๖", "๔", "๒", "๘", "๑๐", "๙", "๗", "๑"]
    assert ["คะแนนรวม", "๙๗.๒๐", "ระดับ AA"] in parsed.cells


def test_html_keeps_thai_words_whole_with_markup_not_characters(tmp_path):
    html = _write(tmp_path, "r.html")
    assert "\u200b" not in html and "\u2060" not in html
    assert '<span class="w">ตัวชี้วัด</span>' in html and "<wbr>" in html
    parsed = _Collect()
    parsed.feed(html)
    assert "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร" in "".join(parsed.text)  # the text copied out is the text written


def test_html_escapes_plan_text(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('[o29]\nmeasure = "<b onmouseover=x>แนวปฏิบัติ</b> & co"\n', encoding="utf-8")
    html = _write(tmp_path, "r.html", "--plan", str(plan), source="lamliang-2565-questions.csv")
    assert "<b onmouseover" not in html
    parsed = _Collect()
    parsed.feed(html)
    assert "b" not in parsed.tags and any("<b onmouseover=x>แนวปฏิบัติ</b> & co" in row[4] for row in parsed.cells
                                          if len(row) == 9)


def test_markdown_tables_and_escaping(tmp_path):
    md = _write(tmp_path, "r.md", agency="อบต. | <ทดสอบ> *", source="lamliang-2565-questions.csv")
    assert "**อบต. \\| \\<ทดสอบ\\> \\***" in md
    assert "| ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร | ๙๒.๙๙ | ๑๐ |" in md
    # every line of the measures tables has the table's nine columns: a row per question below full marks
    # (here every IIT question is), so that a page may break between two of them
    start = md.index("| ที่ | ตัวชี้วัดการประเมิน IIT |")
    iit = [line for line in md[start:].split("\n\n")[0].splitlines() if line.startswith("|")]
    assert len(iit) == 2 + 30  # header, alignment row, thirty questions
    for line in iit:
        assert len(re.findall(r"(?<!\\)\|", line)) == 10
    assert any(line.startswith("| ๑. | การเปิดเผยข้อมูล | O๒๙ ") for line in md.splitlines())


def test_markdown_arabic_digits(tmp_path):
    md = _write(tmp_path, "r.md", "--digits", "arabic", "--date", "2022-10-31")
    assert "| คะแนนรวม | 97.20 | ระดับ AA |" in md.replace("**", "")
    assert "๙๗" not in md
