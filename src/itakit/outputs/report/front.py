"""The report's front matter and close: cover lines, คำนำ, สารบัญ, the overall judgement, the signature block.

Everything is drafted from the result and the agency's details (command-line options
or the plan file's ``[report]`` table); nothing here addresses the user — how to use
itakit belongs in ``--help`` and the docs, not in the document an officer signs.
"""

from __future__ import annotations

from fractions import Fraction

from ...exact import round_half_up
from ...inputs.planfile import ReportDetails, Signer
from ...rules.model import RuleSet
from ...scoring.result import Result
from .fmt import Fmt, place_line
from .model import Block, Contents, Heading, Paragraph, Section, Signature, Signatures
from .results import level_reason

__all__ = [
    "NATIONAL_TARGET_SHARE",
    "contents_section",
    "cover_lines",
    "foreword_section",
    "judgement_blocks",
    "signature_block",
]

NATIONAL_TARGET_SHARE = Fraction(80)
"""The national target of the anti-corruption master plan: at least 80 % of agencies at the pass line or above."""
_ROLES = (("prepared_by", "ผู้จัดทำ"), ("checked_by", "ผู้ตรวจ"), ("approved_by", "ผู้อนุมัติ"))


def cover_lines(rules: RuleSet, agency: str | None, details: ReportDetails | None, f: Fmt) -> list[str]:
    """The cover: title, fiscal year, agency, then district and province when known."""
    lines = [
        "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
        "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
        f"ประจำปีงบประมาณ {f.year(rules.year)}",
    ]
    if agency:
        lines.append(agency)
    place = place_line(details.district if details else None, details.province if details else None)
    if place:
        lines.append(place)
    return lines


def foreword_section(rules: RuleSet, result: Result, agency: str | None, details: ReportDetails | None,
                     f: Fmt, date_line: str | None = None) -> Section:
    """คำนำ: why the assessment is made, what the report holds, the result in one sentence, who prepared it."""
    who = agency or "หน่วยงาน"
    tools = " ".join(f"({f.count(n)}) {t.name_th} ({t.code})" for n, t in enumerate(rules.tools, start=1))
    blocks: list[Block] = [
        Paragraph(
            "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and Transparency "
            "Assessment: ITA) เป็นเครื่องมือที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติใช้ประเมิน"
            "หน่วยงานภาครัฐทั่วประเทศทุกปี เพื่อให้หน่วยงานทราบสถานะของตนด้านคุณธรรมและความโปร่งใส "
            "และนำผลไปปรับปรุงการดำเนินงาน ทั้งเป็นช่องทางที่ผู้รับบริการและประชาชนสะท้อนความคิดเห็นต่อการทำงานของภาครัฐ"
        ),
        Paragraph(
            f"รายงานฉบับนี้วิเคราะห์ผลการประเมินของ{who} ประจำปีงบประมาณ {f.year(rules.year)} "
            f"ซึ่งเก็บข้อมูลด้วยเครื่องมือ {f.count(len(rules.tools))} เครื่องมือ ได้แก่ {tools} "
            f"รวม {f.count(len(rules.indicators))} ตัวชี้วัด ประกอบด้วยกรอบการประเมิน ผลการประเมิน "
            "การวิเคราะห์จุดแข็งและข้อบกพร่องรายตัวชี้วัด และแนวทางมาตรการที่จะดำเนินการในปีถัดไป"
        ),
    ]
    if result.total is not None and result.grade is not None:
        blocks.append(Paragraph(
            f"ในปีนี้{who}ได้คะแนนเฉลี่ย {f.num(result.total)} คะแนน อยู่ในระดับ {result.grade.code} "
            f"หน่วยงานหวังว่ารายงานฉบับนี้จะช่วยให้บุคลากรทุกระดับเห็นจุดที่ควรรักษาและจุดที่ควรพัฒนา "
            "เพื่อยกระดับคุณธรรมและความโปร่งใสของหน่วยงานต่อไป"
        ))
    sign = [line for line in ((details.unit if details else None), agency, date_line) if line]
    if sign:
        blocks.append(Paragraph("\n".join(sign), style="right"))
    return Section("คำนำ", blocks, contents=False)


def contents_section() -> Section:
    """สารบัญ: a TOC field in Word, links in HTML."""
    return Section("สารบัญ", (Contents(),), contents=False)


def judgement_blocks(rules: RuleSet, result: Result, agency: str | None, f: Fmt,
                     previous: Result | None = None) -> list[Block]:
    """The overall judgement: level and why, against the national target, and against last year when given."""
    who = agency or "หน่วยงาน"
    if result.total is None or result.grade is None:
        return [Paragraph("ข้อมูลที่ให้มาไม่ครบทุกเครื่องมือ จึงยังสรุปผลในภาพรวมไม่ได้")]
    grade = result.grade
    meaning = f" ({grade.name_th})" if grade.name_th and grade.name_th != grade.code else ""
    reason = level_reason(rules, result, f)
    blocks: list[Block] = [Heading("ผลในภาพรวม", level=2), Paragraph(
        f"ผลการประเมินคุณธรรมและความโปร่งใสของ{who} ในภาพรวมได้ {f.num(result.total)} คะแนน "
        f"จากคะแนนเต็ม {f.count(100)} คะแนน อยู่ในระดับ {grade.code}{meaning}" + (f" {reason}" if reason else "")
    )]
    shown = round_half_up(result.total)
    at_line = shown >= rules.pass_line
    blocks.append(Paragraph(
        f"เป้าหมายระดับประเทศตามแผนแม่บทภายใต้ยุทธศาสตร์ชาติ ประเด็นการต่อต้านการทุจริตและประพฤติมิชอบ "
        f"คือให้หน่วยงานภาครัฐอย่างน้อย{f.weight(NATIONAL_TARGET_SHARE)}ได้คะแนน {f.num(rules.pass_line)} ขึ้นไป "
        + (f"{who}ได้คะแนนถึงเกณฑ์นี้ จึงเป็นส่วนหนึ่งของเป้าหมายดังกล่าว และควรรักษาระดับไว้" if at_line else
           f"{who}ยังได้คะแนนต่ำกว่าเกณฑ์นี้ {f.num(rules.pass_line - shown)} คะแนน จึงต้องเร่งยกระดับ")
    ))
    if previous is not None and previous.total is not None:
        before = round_half_up(previous.total)
        change = shown - before
        trend = ("เพิ่มขึ้น" if change > 0 else "ลดลง") + f" {f.num(abs(change))} คะแนน" if change else "เท่าเดิม"
        level = f" ระดับ {previous.grade.code}" if previous.grade is not None else ""
        blocks.append(Paragraph(
            f"เมื่อเทียบกับปีงบประมาณ {f.year(previous.year)} ซึ่งได้ {f.num(previous.total)} คะแนน{level} "
            f"ผลปีนี้{trend}"
        ))
    return blocks


def signature_block(details: ReportDetails | None) -> list[Block]:
    """ผู้จัดทำ / ผู้ตรวจ / ผู้อนุมัติ, with names and positions from the plan file (lines to fill in otherwise)."""
    signers = []
    for field, role in _ROLES:
        given: Signer | None = getattr(details, field) if details is not None else None
        signers.append(Signature(role, given.name if given else "", given.position if given else ""))
    return [Signatures(signers)]
