"""Issue 12: the report an officer can sign — catalogue, written analysis, three measures tables, front matter, Word layout."""

from __future__ import annotations

import re
import zipfile

import attrs
import docx
import pytest

import itakit
from conftest import EXAMPLES
from itakit.cli import main
from itakit.errors import RuleSetError
from itakit.outputs.report import build_report, render_text
from itakit.outputs.report.chart import axis_start
from itakit.outputs.report.thaiwrap import WJ, ZWSP, mark_word_breaks
from itakit.rules.catalogue import MeasureCatalogue, parse_catalogue

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REALISTIC = EXAMPLES / "lamliang-2565-questions-realistic.csv"
AGENCY = "องค์การบริหารส่วนตำบลลำเลียง"
WEAK_IIT = ["๒", "๗", "๘", "๑๒", "๑๓", "๑๕", "๒๐", "๒๓", "๓๐"]
WEAK_EIT = ["E๑", "E๒", "E๓", "E๕", "E๖", "E๗", "E๘", "E๙", "E๑๐", "E๑๑", "E๑๒", "E๑๓", "E๑๔", "E๑๕"]


def _write(tmp_path, name="report.docx", *args):
    out = tmp_path / name
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--district", "กระบุรี", "--province", "ระนอง",
                 "-o", str(out), *args]) == 0
    return out


def _clean(text: str) -> str:
    return text.replace(ZWSP, "").replace("\u2060", "")


def _paragraph_texts(document) -> list[str]:
    return [_clean(p.text) for p in document.paragraphs]


def _measures_tables(document):
    return [t for t in document.tables if _clean(t.rows[0].cells[0].text) == "ที่"]


@pytest.fixture(scope="module")
def realistic_docx(tmp_path_factory):
    return _write(tmp_path_factory.mktemp("signable"))


@pytest.fixture(scope="module")
def document(realistic_docx):
    return docx.Document(str(realistic_docx))


@pytest.fixture(scope="module")
def body_xml(realistic_docx):
    with zipfile.ZipFile(realistic_docx) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml")}


# -- the example ---------------------------------------------------------------------------


def test_realistic_example_reproduces_the_seed(rules, registry):
    data = itakit.read_input(REALISTIC, rules).agencies[0]
    result = itakit.score(rules, data, registry=registry)
    assert [str(i.display_score) for i in result.indicators] == [
        "99.84", "99.49", "99.35", "99.51", "99.92", "95.03", "92.99", "93.07", "96.00", "100.00"]
    assert str(result.display_total) == "97.20" and result.grade.code == "AA"
    weak = sorted((q.code for q in result.questions if q.score < 100), key=rules.question_codes.index)
    assert weak == ["i2", "i7", "i8", "i12", "i13", "i15", "i20", "i23", "i30",
                    "e1", "e2", "e3", "e5", "e6", "e7", "e8", "e9", "e10", "e11", "e12", "e13", "e14", "e15"]
    scores = {q.code: q.score for q in result.questions}
    assert scores["i7"] != scores["i8"] and scores["e6"] != scores["e7"]  # questions differ within an indicator
    assert [i.code for i in result.items if not i.passed] == ["o29"]


# -- front matter ---------------------------------------------------------------------------


def test_cover_foreword_contents_and_page_numbers(document, body_xml):
    texts = _paragraph_texts(document)
    assert texts[:5] == ["รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
                         "ประจำปีงบประมาณ พ.ศ. ๒๕๖๕", AGENCY, "อำเภอกระบุรี จังหวัดระนอง"]
    assert "คำนำ" in texts and "สารบัญ" in texts
    assert any(t.startswith("ในปีนี้องค์การบริหารส่วนตำบลลำเลียงได้คะแนนเฉลี่ย ๙๗.๒๐ คะแนน อยู่ในระดับ AA") for t in texts)
    body = body_xml["word/document.xml"]
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-2" \\h \\z \\u </w:instrText>', body)
    assert '<w:updateFields w:val="true"/>' in body_xml["word/settings.xml"]
    headers = [x for name, x in body_xml.items() if name.startswith("word/header")]
    assert any("> PAGE </w:instrText>" in h for h in headers)
    assert body.count('<w:pgNumType w:fmt="thaiNumbers"/>') == len(document.sections)
    assert '<w:titlePg/>' in body  # no number on the cover


def test_overall_judgement_and_signature_block(document):
    texts = _paragraph_texts(document)
    assert ("ผลการประเมินคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบลลำเลียง ในภาพรวมได้ ๙๗.๒๐ คะแนน จากคะแนนเต็ม ๑๐๐ "
            "คะแนน อยู่ในระดับ AA (ดีเยี่ยม) เพราะคะแนนเฉลี่ย ๙๗.๒๐ อยู่ในช่วง ๙๕.๐๐ - ๑๐๐.๐๐ ของระดับ AA") in texts
    assert any("อย่างน้อยร้อยละ ๘๐ได้คะแนน ๘๕.๐๐ ขึ้นไป" in t and "ได้คะแนนถึงเกณฑ์นี้" in t for t in texts)
    (signatures,) = [t for t in document.tables if "ลงชื่อ" in _clean(t.rows[0].cells[0].text)]
    roles = [_clean(c.text).splitlines()[0].split()[-1] for c in signatures.rows[0].cells]
    assert roles == ["ผู้จัดทำ", "ผู้ตรวจ", "ผู้อนุมัติ"]


def test_no_placeholder_and_no_instructions_to_the_user(document):
    every = _paragraph_texts(document) + [_clean(c.text) for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join(every)
    for unwanted in ("(ให้หน่วยงานกำหนด)", "itakit", "--plan", "question,score", "ไฟล์แบบ"):
        assert unwanted not in text


# -- section 3 --------------------------------------------------------------------------------


def test_section_3_is_written_analysis(document):
    texts = _paragraph_texts(document)
    start = len(texts) - 1 - texts[::-1].index("๓. การวิเคราะห์ผลการประเมิน")  # not the contents' entry
    end = next(k for k, t in enumerate(texts) if k > start and t.startswith("๔. "))
    paragraphs = [t for t in texts[start + 1:end] if len(t) > 60]
    assert len(paragraphs) >= 12
    assert ("ตัวชี้วัดที่ ๒ การใช้งบประมาณ ได้ ๙๙.๔๙ คะแนน อยู่อันดับที่ ๕ จาก ๑๐ ตัวชี้วัด จุดแข็งคือข้อ ๙ ๑๐ และ ๑๑ "
            "ได้คะแนนเต็ม") in "\n".join(paragraphs)
    assert any(t.startswith("ข้อบกพร่อง: ข้อที่ยังไม่ได้คะแนนเต็มมี ๓ ข้อ ได้แก่ ๑) ข้อ ๗ (๙๘.๕๐)") for t in paragraphs)
    assert any(t.startswith("รายการ O๒๙ แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ยังไม่ผ่าน:")
               and t.endswith("และคะแนนเฉลี่ยจะเป็น ๙๘.๐๐ (เพิ่มขึ้น ๐.๘๐)") for t in paragraphs)


# -- section 4 ---------------------------------------------------------------------------------


def test_three_measures_tables_list_every_weak_question_and_o29(document, rules):
    iit, eit, oit = _measures_tables(document)

    def codes(table):
        found = []
        for row in table.rows[1:]:
            found += [line.split()[0] for line in _clean(row.cells[2].text).splitlines()]
        return found

    assert codes(iit) == WEAK_IIT and codes(eit) == WEAK_EIT and codes(oit) == ["O๒๙"]
    deficiencies = []
    for table in (iit, eit, oit):
        for row in table.rows[1:]:
            deficiencies += [re.sub(r"^[๐-๙]+\. ", "", line) for line in _clean(row.cells[3].text).splitlines()]
    assert len(deficiencies) == 24 and len(set(deficiencies)) == 24  # one per question, all different
    assert deficiencies[4] == rules.measures.get("i13").deficiency  # i13: the staff's perception of supervisors
    assert deficiencies[0] == rules.measures.get("i2").deficiency
    numbers = [_clean(r.cells[0].text) for t in (iit, eit, oit) for r in t.rows[1:] if _clean(r.cells[0].text)]
    assert numbers == ["๑.", "๒.", "๓.", "๔.", "๕.", "๑.", "๒.", "๓.", "๑."]


def test_measures_are_landscape_with_rows_that_keep_and_headers_that_repeat(document):
    last = document.sections[-1]
    assert last.page_width > last.page_height
    assert document.sections[0].page_width < document.sections[0].page_height
    for table in _measures_tables(document):
        assert len(table.columns) == 9
        assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
        for row in table.rows:
            assert row._tr.find(f"{W}trPr/{W}cantSplit") is not None
    body = document.element.body
    landscape_tables = body.findall(f".//{W}tbl")[-4:-1]  # the measures tables come after the last section break
    assert [t for t in landscape_tables] == [t._tbl for t in _measures_tables(document)]


def test_drafted_cells_are_shaded_until_the_final_copy(tmp_path, realistic_docx):
    def shaded(path):
        with zipfile.ZipFile(path) as z:
            return z.read("word/document.xml").decode("utf-8").count('w:fill="FFF2CC"')

    assert shaded(realistic_docx) >= 9 * 5  # deficiency, measure, method, responsible, period … of every row
    assert shaded(_write(tmp_path, "final.docx", "--final")) == 0


def test_thai_words_are_separated_by_zero_width_spaces(document):
    iit = _measures_tables(document)[0]
    cell = iit.rows[1].cells[4].text
    assert ZWSP in cell and _clean(cell) == "มาตรการให้บริการอย่างเสมอภาคโดยไม่เลือกปฏิบัติ"
    marked = mark_word_breaks("มาตรการส่งเสริมวัฒนธรรมองค์กร")
    assert marked.replace(WJ, "") == ZWSP.join(["มาตรการ", "ส่งเสริม", "วัฒนธรรม", "องค์กร"])
    assert marked.startswith("ม" + WJ + "า" + WJ + "ต")  # letters held together, marks left attached
    assert mark_word_breaks("การใช้งบประมาณ").replace(WJ, "") == ZWSP.join(["การ", "ใช้", "งบประมาณ"])
    assert mark_word_breaks("อำนวยความสะดวก").replace(WJ, "") == ZWSP.join(["อำนวย", "ความสะดวก"])  # too long to hold
    assert mark_word_breaks("E๖ 97.20 O๒๙") == "E๖ 97.20 O๒" + WJ + "๙"  # Latin letters keep their case


# -- plan file, previous year, any year -----------------------------------------------------------


def test_plan_file_gives_agency_details_and_signers(tmp_path, rules):
    plan = tmp_path / "plan.toml"
    plan.write_text('[report]\nunit = "สำนักปลัด"\ndistrict = "อำเภอกระบุรี"\nprovince = "ระนอง"\n'
                    'prepared_by = { name = "นางสาวก ข", position = "นักวิเคราะห์นโยบายและแผน" }\n'
                    'approved_by = { name = "นายค ง", position = "นายกองค์การบริหารส่วนตำบลลำเลียง" }\n'
                    '[i13]\nmeasure = "มาตรการของหน่วยงานเอง"\n', encoding="utf-8")
    measures = itakit.read_measure_plan(plan, rules)
    assert measures.details.prepared_by.name == "นางสาวก ข"
    out = tmp_path / "r.md"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--plan", str(plan), "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "**อำเภอกระบุรี จังหวัดระนอง**" in md
    assert "(นางสาวก ข)<br>นักวิเคราะห์นโยบายและแผน" in md and "(นายค ง)" in md
    assert "สำนักปลัด<br>องค์การบริหารส่วนตำบลลำเลียง" in md
    assert "มาตรการของหน่วยงานเอง" in md
    bad = tmp_path / "bad.toml"
    bad.write_text('[report]\nsigner = "x"\n', encoding="utf-8")
    with pytest.raises(itakit.DataError, match="key report.signer: is not a report field"):
        itakit.read_measure_plan(bad, rules)


def test_previous_year_is_compared(tmp_path):
    out = tmp_path / "r.md"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--previous",
                 str(EXAMPLES / "lamliang-2565-indicators.csv"), "-o", str(out)]) == 0
    assert "เมื่อเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๔ ซึ่งได้ ๙๗.๒๐ คะแนน ระดับ AA ผลปีนี้เท่าเดิม" in out.read_text("utf-8")


def _without_question_texts(rules):
    tools = []
    for tool in rules.tools:
        indicators = [attrs.evolve(ind, questions=[attrs.evolve(q, text_th="", text_en="") for q in ind.questions])
                      if ind.questions else ind for ind in tool.indicators]
        tools.append(attrs.evolve(tool, indicators=indicators))
    return attrs.evolve(rules, year=2567, tools=tools, measures=None)


def test_a_year_without_question_texts_is_analysed_by_indicator(rules, registry):
    bare = _without_question_texts(rules)
    data = itakit.read_input(REALISTIC, bare).agencies[0]
    result = itakit.score(bare, data, registry=registry)
    report = build_report(bare, result, agency="A", digits="arabic")
    text = render_text(report)
    assert ("ชุดกฎของปีงบประมาณ พ.ศ. 2567 ไม่มีข้อความของข้อคำถาม IIT (ยังไม่มีการเผยแพร่) "
            "รายงานนี้จึงวิเคราะห์ในระดับตัวชี้วัดเท่านั้น") in text
    assert "ชุดกฎของปีนี้ไม่มีข้อความของข้อคำถาม จึงวิเคราะห์ได้ในระดับตัวชี้วัดเท่านั้น" in text
    (measures,) = [s for s in report.sections if s.title.startswith("4.")]
    tables = [b for b in measures.blocks if hasattr(b, "rows")]
    subjects = [r.cells[2].text for t in tables[:2] for r in t.rows[1:]]
    assert subjects == ["ทุกประเด็นของตัวชี้วัดนี้"] * 8
    oit_row = tables[2].rows[1].cells
    assert oit_row[2].text.startswith("o29 ") and oit_row[4].text == (
        "มาตรการเปิดเผยข้อมูลเรื่องแนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ")  # generic text
    assert "(ให้หน่วยงานกำหนด)" not in text


# -- the catalogue ------------------------------------------------------------------------------------


def test_the_2565_catalogue_covers_every_question_and_item(rules):
    catalogue = rules.measures
    assert catalogue is not None
    codes = list(rules.question_codes) + list(rules.item_codes)
    assert len(codes) == 88 and all(catalogue.get(c) is not None for c in codes)
    for code in codes:
        entry = catalogue.get(code)
        assert 2 <= len(entry.method) <= 4 and entry.responsible and entry.follow_up
        # a survey deficiency names whose perception it is; a checklist item may open with the document
        assert entry.subject in entry.deficiency or entry.subject == "หน่วยงาน"
    assert len({catalogue.get(c).deficiency for c in codes}) == 88
    assert catalogue.get("i13").subject == catalogue.get("i15").subject == "บุคลากร"  # whose perception it is
    assert catalogue.get("i7").subject == "บุคลากร" and catalogue.get("o29").subject == "หน่วยงาน"


def test_catalogue_errors_name_the_key(tmp_path):
    with pytest.raises(RuleSetError, match=r"cat: i1\.method: expected text or a list of texts"):
        parse_catalogue({"i1": {"subject": "หน่วยงาน", "deficiency": "ก", "strength": "ข", "measure": "ค",
                                "method": 3, "responsible": "ง", "follow_up": "จ"}}, "cat")
    with pytest.raises(RuleSetError, match=r"cat: i1: unknown key\(s\) 'owner'"):
        parse_catalogue({"i1": {"owner": "x"}}, "cat")
    with pytest.raises(RuleSetError, match="one to four non-empty steps"):
        parse_catalogue({"i1": {"subject": "หน่วยงาน", "deficiency": "ก", "strength": "ข", "measure": "ค",
                                "method": ["1", "2", "3", "4", "5"], "responsible": "ง", "follow_up": "จ"}}, "cat")
    source = tmp_path / "rules.toml"
    text = (EXAMPLES.parent / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    source.write_text(text.replace('measures = "package:itakit_rules_2565/measures2565.toml"',
                                   'measures = "nowhere.toml"'), encoding="utf-8")
    with pytest.raises(RuleSetError, match="the measures catalogue 'nowhere.toml' is not a file"):
        itakit.load_rule_set(source)
    copied = tmp_path / "copy.toml"  # a copied rule file still finds the packaged catalogue
    copied.write_text(text, encoding="utf-8")
    assert itakit.load_rule_set(copied).measures.get("o29").measure.startswith("มาตรการจัดทำแนวปฏิบัติ")
    assert MeasureCatalogue().get("i1") is None


def test_chart_axis_starts_near_the_lowest_score():
    assert axis_start([99.84, 92.99, 100.0]) == 90.0
    assert axis_start([50.0, 100.0]) == 45.0
    assert axis_start([1.0]) == 0.0
