"""Helpers the report tests share: the examples scored, reports built as models, and their text."""

from __future__ import annotations

from functools import cache

import itakit
from conftest import EXAMPLES
from itakit.inputs.planfile import ReportDetails
from itakit.outputs.report import Report, build_report, render_text
from itakit.outputs.report.model import Contents, Heading, Image, Paragraph, Signatures, Table, layout

REALISTIC = EXAMPLES / "lamliang-2565-questions-realistic.csv"
INDICATORS = EXAMPLES / "lamliang-2565-indicators.csv"
AGENCY = "องค์การบริหารส่วนตำบลลำเลียง"
DETAILS = ReportDetails(district="กระบุรี", province="ระนอง", unit="สำนักปลัด")
WEAK_IIT = ["๒", "๗", "๘", "๑๒", "๑๓", "๑๕", "๒๐", "๒๓", "๓๐"]
WEAK_EIT = ["E๑", "E๒", "E๓", "E๕", "E๖", "E๗", "E๘", "E๙", "E๑๐", "E๑๑", "E๑๒", "E๑๓", "E๑๔", "E๑๕"]
SOFTWARE_WORDS = ("itakit", "ชุดกฎ", "rule set", "ปัดครึ่งขึ้น", "ตรวจแล้วด้วยการคำนวณใหม่", "--", "อนุมาน",
                  "ไม่มีข้อความของข้อคำถาม", "ข้อมูลที่ให้มาเป็นคะแนนรายตัวชี้วัด", "ผู้ตอบ")
INVISIBLE = ("\u200b", "\u2060", "\ufeff", "\u00ad")


@cache
def scored(path: str = str(REALISTIC), year: int = 2565) -> itakit.Result:
    rules = itakit.rule_set(year)
    return itakit.score(rules, itakit.read_input(path, rules).agencies[0])


def report(path: str = str(REALISTIC), year: int = 2565, **options: object) -> Report:
    options.setdefault("agency", AGENCY)
    options.setdefault("details", DETAILS)
    options.setdefault("date_line", "ตุลาคม ๒๕๖๕")
    return build_report(itakit.rule_set(year), scored(path, year), **options)  # type: ignore[arg-type]


def texts(model: Report) -> list[str]:
    """Every text of a report model, in order: title lines, section titles, paragraphs, headings, cells."""
    out = list(model.title)
    for section in model.sections:
        out.append(section.title)
        for block in section.blocks:
            if isinstance(block, (Heading, Paragraph)):
                if not (isinstance(block, Paragraph) and block.style == "draft" and model.final):
                    out.append(block.text)
            elif isinstance(block, Table):
                out += [slot[0].text for row in layout(block) for slot in row if slot is not None]
            elif isinstance(block, Signatures):
                out += [x for s in block.signers for x in (s.sign, s.name, s.position, s.date)]
            elif isinstance(block, Contents):
                out += [block.topic, block.page]
            elif isinstance(block, Image):
                out.append(block.alt)
    return out


def full_text(model: Report) -> str:
    return "\n".join(texts(model))


def tables(model: Report, first_header: str) -> list[Table]:
    """The tables whose first header cell reads ``first_header``."""
    found = []
    for section in model.sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.rows and block.rows[0].cells[0].text == first_header:
                found.append(block)
    return found


__all__ = ["AGENCY", "DETAILS", "INDICATORS", "INVISIBLE", "REALISTIC", "SOFTWARE_WORDS", "WEAK_EIT", "WEAK_IIT",
           "full_text", "render_text", "report", "scored", "tables", "texts"]
