"""The measures catalogues as data: every 2565 code drafted in official register with the respondents as subjects,
and the rating era's topics matching questions by their wording (first match wins, specific before general)."""

from __future__ import annotations

import collections
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pythainlp.tokenize import word_tokenize

import itakit
from itakit.rules.catalogue import (
    CatalogueEntry,
    MeasureCatalogue,
    Topic,
    parse_catalogue,
    parse_topics,
    read_catalogue_file,
)

SRC = Path(__file__).resolve().parents[1] / "src"
CATALOGUE_2565 = SRC / "itakit_rules_2565" / "measures2565.toml"
CATALOGUE_RATING = SRC / "itakit_rules_2566" / "measures-indicators.toml"
FILES = [CATALOGUE_2565, CATALOGUE_RATING]

BANNED = ("ไม่มากพอ", "ในสายตาของ", "ถูกมองว่า", "ไม่รู้ว่า", "ผู้ตอบ", "ให้ให้", "itakit", "ชุดกฎ", "มากขึ้นไม่มากพอ")
RESPONDENTS = {"IIT": {"บุคลากร"}, "EIT": {"ผู้มาติดต่อ", "ผู้รับบริการ"}, "OIT": {"หน่วยงาน"}}
UNITS = {"สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม", "หน่วยตรวจสอบภายใน", "ทุกกอง/ฝ่าย"}

# The topic (its first keyword) each 2565 question, asked with its sub-items, and each 2565 OIT item must land on.
EXPECTED_QUESTION_TOPIC = {
    "i1": "ขั้นตอน", "i2": "เท่าเทียม", "i3": "มุ่งผลสำเร็จ", "i4": "เรียกรับ", "i5": "ของขวัญ", "i6": "สร้างความสัมพันธ์",
    "i7": "แผนการใช้จ่าย", "i8": "คุ้มค่า", "i9": "ประโยชน์ส่วนตัว", "i10": "เป็นเท็จ", "i11": "จัดซื้อจัดจ้าง", "i12": "สอบถาม",
    "i13": "มอบหมายงาน", "i14": "ประเมินผลการปฏิบัติงาน", "i15": "ฝึกอบรม", "i16": "ธุระส่วนตัว", "i17": "ไม่ถูกต้อง", "i18": "บริหารงานบุคคล",
    "i19": "เป็นของตนเอง", "i20": "ขั้นตอนการขออนุญาต", "i21": "ยืมทรัพย์สิน", "i22": "บุคคลภายนอก", "i23": "แนวปฏิบัติ", "i24": "กำกับดูแล",
    "i25": "ผู้บริหาร", "i26": "ทบทวนนโยบาย", "i27": "แก้ไข", "i28": "เฝ้าระวัง", "i29": "ผลการตรวจสอบ", "i30": "ร้องเรียน",
    "e1": "ขั้นตอน", "e2": "เท่าเทียม", "e3": "ปิดบัง", "e4": "ร้องขอ", "e5": "ประโยชน์ของประชาชน", "e6": "ช่องทาง",
    "e7": "ผลงาน", "e8": "คำติชม", "e9": "ชี้แจง", "e10": "ร้องเรียนการทุจริต", "e11": "คุณภาพ", "e12": "วิธีการ",
    "e13": "เทคโนโลยี", "e14": "มีส่วนร่วม", "e15": "โปร่งใส",
}
EXPECTED_ITEM_TOPIC = {
    "o1": "โครงสร้าง", "o2": "ข้อมูลผู้บริหาร", "o3": "อำนาจหน้าที่", "o4": "แผนยุทธศาสตร์",
    "o5": "ข้อมูลการติดต่อ", "o6": "กฎหมาย", "o7": "ข่าวประชาสัมพันธ์", "o8": "Q&A",
    "o9": "Social", "o10": "แผนดำเนินงาน", "o11": "6 เดือน", "o12": "รายงานผลการดำเนินงาน",
    "o13": "มาตรฐานการปฏิบัติงาน", "o14": "มาตรฐานการให้บริการ", "o15": "สถิติการให้บริการ", "o16": "ความพึงพอใจ",
    "o17": "E-Service", "o18": "แผนดำเนินงาน", "o19": "6 เดือน", "o20": "รายงานผลการดำเนินงาน",
    "o21": "แผนการจัดซื้อจัดจ้าง", "o22": "ประกาศต่าง", "o23": "สรุปผลการจัดซื้อจัดจ้าง", "o24": "รายงานผลการจัดซื้อจัดจ้าง",
    "o25": "นโยบายการบริหารทรัพยากรบุคคล", "o26": "การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล", "o27": "หลักเกณฑ์", "o28": "ทรัพยากรบุคคล",
    "o29": "การจัดการเรื่องร้องเรียน", "o30": "ร้องเรียน", "o31": "สถิติเรื่องร้องเรียน", "o32": "ความคิดเห็น",
    "o33": "มีส่วนร่วม", "o34": "เจตจำนงสุจริต", "o35": "ผู้บริหาร", "o36": "ความเสี่ยง",
    "o37": "จัดการความเสี่ยง", "o38": "วัฒนธรรม", "o39": "แผนปฏิบัติการ", "o40": "6 เดือน",
    "o41": "รายงานผล", "o42": "มาตรการ", "o43": "การดำเนินการตามมาตรการ",
}
# Realistic wording of later years' questions and OIT items, for the topics no 2565 text reaches.
LATER_SAMPLES = [
    (1, "ในช่วงปีที่ผ่านมา บุคลากรในหน่วยงานของท่านมีการแสวงหาประโยชน์ส่วนตนจากการปฏิบัติหน้าที่ หรือไม่",
     "ผลประโยชน์ทับซ้อน"),
    (3, "ผู้บังคับบัญชาของท่านใช้ดุลยพินิจในการสั่งการอย่างเป็นธรรม มากน้อยเพียงใด", "ดุลยพินิจ"),
    (6, "เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อให้บริการด้วยความสุภาพและเต็มใจ มากน้อยเพียงใด", "เต็มใจ"),
    (7, "หน่วยงานที่ท่านติดต่อมีช่องทางให้ผู้มาติดต่อร้องเรียนการให้บริการ หรือไม่", "ร้องเรียน"),
    (9, "นโยบายคุ้มครองข้อมูลส่วนบุคคล (Privacy Policy)", "ข้อมูลส่วนบุคคล"),
    (9, "ศูนย์ข้อมูลข่าวสารของราชการ", "ข้อมูลข่าวสาร"),
    (9, "การเปิดเผยราคากลางและการคำนวณราคากลาง", "จัดซื้อจัดจ้าง"),
    (9, "แผนดำเนินงานและการใช้งบประมาณประจำปี", "แผนดำเนินงาน"),
    (9, "รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ ประจำปี รอบ 6 เดือน", "6 เดือน"),
    (10, "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่", "ของขวัญ"),
    (10, "แนวทางการป้องกันผลประโยชน์ทับซ้อนในหน่วยงาน", "ผลประโยชน์ทับซ้อน"),
    (10, "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร", "ITA"),
    (10, "การเผยแพร่ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ", "จริยธรรม"),
]


def _tool(indicator: int) -> str:
    return "IIT" if indicator <= 5 else "EIT" if indicator <= 8 else "OIT"


def _tool_of(code: str) -> str:
    return {"i": "IIT", "e": "EIT", "o": "OIT"}.get(code[0]) or _tool(int(code))


def _texts(entry: CatalogueEntry) -> list[str]:
    """Every field the report may print."""
    return [entry.subject, entry.deficiency, entry.recommendation, entry.strength, entry.measure, entry.question,
            *entry.method, *entry.responsible, *entry.follow_up]


def _opening(text: str) -> tuple[str, ...]:
    """A deficiency's first four Thai words (PyThaiNLP's dictionary split)."""
    return tuple(w for w in word_tokenize(text, engine="newmm") if w.strip())[:4]


@pytest.fixture(scope="module")
def rules():
    return itakit.rule_set(2565)


@pytest.fixture(scope="module")
def catalogues() -> dict[Path, tuple[list[CatalogueEntry], list[Topic]]]:
    return {path: read_catalogue_file(path) for path in FILES}


def _by_tool(entries: list[CatalogueEntry], topics: list[Topic]) -> dict[str, list[CatalogueEntry]]:
    grouped: dict[str, list[CatalogueEntry]] = collections.defaultdict(list)
    for e in entries:
        grouped[_tool_of(e.code)].append(e)
    for t in topics:
        grouped[_tool(t.indicator)].append(t.entry)
    return grouped


@pytest.fixture(scope="module")
def rating():
    return MeasureCatalogue(CATALOGUE_RATING)


def _topic_for(catalogue: MeasureCatalogue, code: str, text: str, indicator: int) -> Topic | None:
    """The topic ``for_question`` drew its entry from (None when nothing of the indicator matched)."""
    entry = catalogue.for_question(code, text, indicator)
    if entry is None:
        return None
    (topic,) = [t for t in catalogue.topics if t.indicator == indicator and t.matches(text)][:1]
    assert entry == CatalogueEntry(**{**_fields(topic.entry), "code": code})  # the first match, renamed
    return topic


def _fields(entry: CatalogueEntry) -> dict[str, object]:
    import attrs

    return attrs.asdict(entry, recurse=False)


# -- the 2565 catalogue ---------------------------------------------------------------------------


def test_every_2565_question_item_and_indicator_has_a_recommendation(rules):
    catalogue = rules.measures
    codes = [*rules.question_codes, *rules.item_codes, *(str(n) for n in range(1, 11))]
    assert len(codes) == 98
    for code in codes:
        entry = catalogue.get(code)
        assert entry is not None and entry.code == code, code
        assert entry.recommendation and entry.deficiency and entry.strength, code
        assert entry.recommendation != entry.measure and not entry.recommendation.startswith("มาตรการ"), code
    assert sorted(catalogue.entries) == sorted(codes)  # nothing else


def test_questions_completed_by_their_sub_items_are_named_whole(rules):
    catalogue = rules.measures
    questions = [rules.question(code)[1] for code in rules.question_codes]
    dangling = [q for q in questions if "ต่อไปนี้" in q.text_th]
    assert {q.code for q in dangling} == {"i3", "i4", "i5", "i6", "i11", "i12", "i18", "i26", "i28", "i30", "e4"}
    for q in questions:
        named = catalogue.get(q.code).question
        if q in dangling:
            assert named and "ต่อไปนี้" not in named, q.code
            assert named.endswith(q.text_th.rsplit(" ", 1)[-1]), q.code  # same ending: มากน้อยเพียงใด / หรือไม่
        else:
            assert named == "", q.code  # the rule set's wording is used as it is
    i12, i30 = catalogue.get("i12").question, catalogue.get("i30").question
    assert i12 == ("หน่วยงานของท่านเปิดโอกาสให้ท่านมีส่วนร่วมในการตรวจสอบการใช้จ่ายงบประมาณ "
                   "โดยการสอบถาม ทักท้วง ร้องเรียน มากน้อยเพียงใด")
    for phrase in ("ร้องเรียนและส่งหลักฐาน", "ติดตามผล", "ตรงไปตรงมา", "ปลอดภัย"):  # i30's four sub-items
        assert phrase in i30


def test_e5_names_the_agency_not_its_staff(rules):
    e5 = rules.question("e5")[1].text_th
    assert e5 == "หน่วยงานที่ท่านติดต่อ มีการดำเนินงานโดยคำนึงถึงประโยชน์ของประชาชนและส่วนรวมเป็นหลัก มากน้อยเพียงใด"


# -- both catalogues ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_subjects_are_the_respondents_of_each_tool(catalogues, path):
    entries, topics = catalogues[path]
    for tool, group in _by_tool(entries, topics).items():
        assert {e.subject for e in group} <= RESPONDENTS[tool], tool
        if tool != "OIT":  # a perception names whose it is
            assert all(e.subject in e.deficiency for e in group), tool
            assert all(any(s in e.strength for s in RESPONDENTS[tool]) for e in group), tool


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_checklist_entries_name_no_respondents(catalogues, path):
    entries, topics = catalogues[path]
    for e in _by_tool(entries, topics)["OIT"]:
        for text in (e.deficiency, e.strength, e.recommendation):
            assert not any(r in text for r in ("บุคลากรบางส่วน", "ผู้มาติดต่อ", "ผู้รับบริการบางส่วน")), e.code


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_banned_phrase(catalogues, path):
    entries, topics = catalogues[path]
    texts = [t for e in [*entries, *(t.entry for t in topics)] for t in _texts(e)]
    texts += [k for t in topics for k in t.keywords]
    for phrase in BANNED:
        assert not [t for t in texts if phrase in t], phrase
    assert not [t for t in texts if any(c in "๐๑๒๓๔๕๖๗๘๙" for c in t) and t not in ("๖ เดือน",)]  # digits: the report's


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_deficiencies_differ_and_no_opening_is_used_more_than_three_times_per_tool(catalogues, path):
    entries, topics = catalogues[path]
    every = [*entries, *(t.entry for t in topics)]
    assert len({e.deficiency for e in every}) == len(every)
    for tool, group in _by_tool(entries, topics).items():
        openings = collections.Counter(_opening(e.deficiency) for e in group)
        assert max(openings.values()) <= 3, (tool, openings.most_common(3))
        assert len(openings) >= len(group) / 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_units_steps_and_follow_up_are_official(catalogues, path):
    entries, topics = catalogues[path]
    for e in [*entries, *(t.entry for t in topics)]:
        assert set(e.responsible) <= UNITS, e.code  # units, never roles such as ผู้บังคับบัญชาทุกระดับ
        assert 2 <= len(e.method) <= 4 and len(set(e.method)) == len(e.method), e.code
        assert e.measure.startswith("มาตรการ") and e.follow_up, e.code
        assert not any("ตรวจว่า" in step for step in [*e.method, *e.follow_up]), e.code


# -- the rating era's topics ----------------------------------------------------------------------


def test_the_rating_era_catalogue_has_indicator_entries_and_topics_over_all_ten(rating):
    assert sorted(rating.entries, key=int) == [str(n) for n in range(1, 11)]
    assert len(rating.topics) >= 45
    per_indicator = collections.Counter(t.indicator for t in rating.topics)
    assert sorted(per_indicator) == list(range(1, 11)) and min(per_indicator.values()) >= 3
    names = [(t.indicator, t.keywords[0]) for t in rating.topics]
    assert len(set(names)) == len(names)  # a topic is named by its indicator and first keyword
    assert "ข้อมูลส่วนบุคคล" in {k for t in rating.topics if t.indicator == 9 for k in t.keywords}  # PDPA from 2566


def test_2565_questions_asked_again_land_on_their_topic(rules, rating):
    for code in rules.question_codes:
        ind, q = rules.question(code)
        indicator = ind.number
        whole = " ".join([q.text_th, *(s.text_th for s in q.sub_items)])  # as NACC's system lists it
        topic = _topic_for(rating, q.code, whole, indicator)
        assert topic is not None and topic.keywords[0] == EXPECTED_QUESTION_TOPIC[q.code], q.code
        alone = _topic_for(rating, q.code, q.text_th, indicator)  # the stem alone: i26 says nothing without them
        assert (alone is None) == (q.code == "i26"), q.code
    # a question no topic matches falls back to the indicator's entry (the caller's choice), never another's topic
    assert rating.for_question("x1", "ข้อคำถามที่ไม่มีคำสำคัญใดเลย", 4) is None


def test_2565_items_listed_again_land_on_their_topic(rules, rating):
    for code in rules.item_codes:
        ind, _, item = rules.item(code)
        indicator = ind.number
        topic = _topic_for(rating, item.code, item.name_th, indicator)
        assert topic is not None and topic.keywords[0] == EXPECTED_ITEM_TOPIC[item.code], item.code


def test_every_topic_is_reached_by_a_realistic_question(rules, rating):
    reached = {(t.indicator, t.keywords[0]) for t in rating.topics
               if t.keywords[0] in {*EXPECTED_QUESTION_TOPIC.values(), *EXPECTED_ITEM_TOPIC.values()}}
    for indicator, text, first in LATER_SAMPLES:
        topic = _topic_for(rating, "q", text, indicator)
        assert topic is not None and topic.keywords[0] == first, text
        reached.add((indicator, first))
    assert reached == {(t.indicator, t.keywords[0]) for t in rating.topics}


def test_topics_run_from_specific_to_general(rating):
    """Each keyword, asked alone, reaches its own topic: no earlier topic of the indicator swallows it."""
    for topic in rating.topics:
        for word in topic.keywords:
            assert _topic_for(rating, "q", word, topic.indicator) is topic, (topic.indicator, word)


@given(st.data())
def test_the_first_matching_topic_of_the_indicator_wins(data):
    catalogue = MeasureCatalogue(CATALOGUE_RATING)
    indicator = data.draw(st.integers(1, 10))
    words = [k for t in catalogue.topics for k in t.keywords]
    text = " ".join(data.draw(st.lists(st.sampled_from([*words, "หน่วยงานของท่าน", "มากน้อยเพียงใด"]), max_size=4)))
    entry = catalogue.for_question("q7", text, indicator)
    matching = [t for t in catalogue.topics if t.indicator == indicator and t.matches(text)]
    if not matching:
        assert entry is None
    else:
        assert entry is not None and entry.code == "q7" and entry.deficiency == matching[0].entry.deficiency


@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_the_rating_era_rule_sets_load_the_catalogue(year):
    measures = itakit.rule_set(year).measures
    assert measures is not None and measures.path is not None
    # the installed copy of the packaged file (the tests may run on an installed package, not the source tree)
    assert measures.path.name == CATALOGUE_RATING.name
    assert measures.path.read_bytes() == CATALOGUE_RATING.read_bytes()
    assert measures.get("9").subject == "หน่วยงาน" and len(measures.topics) >= 45
    entry = measures.for_question("i7", "ท่านรู้เกี่ยวกับแผนการใช้จ่ายงบประมาณประจำปีของหน่วยงานท่าน มากน้อยเพียงใด", 2)
    assert entry is not None and entry.code == "i7" and entry.subject == "บุคลากร"
    assert entry.deficiency.startswith("บุคลากรบางส่วนยังไม่ทราบ")


def test_the_format_example_in_the_guide_reads():
    guide = (SRC.parent / "docs" / "rulefile.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", guide, flags=re.S) if "[[topics]]" in b]
    data = tomllib.loads(block)
    entries = {e.code: e for e in parse_catalogue(data, "docs/rulefile.md")}
    catalogue = MeasureCatalogue(preset=entries.values(), preset_topics=parse_topics(data, "docs/rulefile.md"))
    assert sorted(entries) == ["7", "i12"] and entries["i12"].question.endswith("มากน้อยเพียงใด")
    entry = catalogue.for_question("i7", "ท่านรู้เกี่ยวกับแผนการใช้จ่ายงบประมาณประจำปีของหน่วยงานท่าน มากน้อยเพียงใด", 2)
    assert entry is not None and entry.recommendation.startswith("ชี้แจงแผน")
