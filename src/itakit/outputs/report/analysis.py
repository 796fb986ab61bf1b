"""Section 3 of the report: the written analysis, per tool and per indicator, as agencies write it.

For each indicator: its score and rank in a sentence; its strengths (questions at full
marks, in the catalogue's words); its shortfalls (every question below full marks, with
its score and deficiency); and the recommendations (the measures of section 4).  For
the open-data checklist, each failed item and what publishing it would add.  Input
with indicator scores only, or a year whose rule set does not word its questions, is
analysed by indicator, and the text says so.  The planner closes the section.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...exact import HUNDRED
from ...inputs.planfile import MeasurePlan
from ...rules.model import Indicator, RuleSet, Tool
from ...scoring.planner import ImprovementPlan
from ...scoring.result import Result
from .fmt import Fmt
from .measures import Drafted, catalogue_entry, measure_rows, question_texts_known
from .model import Block, Cell, Heading, Paragraph, Row, Section, Table
from .planning import planner_blocks

__all__ = ["analysis_section", "overall_blocks"]

_STRENGTHS_SHOWN = 2


def _join(parts: Sequence[str]) -> str:
    """Thai list: "ก", "ก และ ข", "ก ข และ ค"."""
    if len(parts) <= 1:
        return "".join(parts)
    return " ".join(parts[:-1]) + " และ " + parts[-1]


def overall_blocks(rules: RuleSet, result: Result, plan: ImprovementPlan, agency: str | None, f: Fmt) -> list[Block]:
    """The opening of section 3: the tools compared, and where the points are."""
    who = agency or "หน่วยงาน"
    blocks: list[Block] = []
    tools = [t for t in result.tools]
    if tools:
        parts = [f"{t.code} ได้ {f.num(t.score)}" for t in tools]
        low = min(tools, key=lambda t: t.score)
        text = f"เมื่อพิจารณารายเครื่องมือ {_join(parts)} คะแนน"
        if len(tools) > 1:
            text += f" เครื่องมือที่ได้คะแนนต่ำที่สุดคือ {low.code} ({low.name_th}) จึงเป็นจุดที่ควรพัฒนาเป็นลำดับแรก"
        blocks.append(Paragraph(text))
    weak = [i for i in result.indicators if i.score < HUNDRED]
    if weak:
        blocks.append(Paragraph(
            f"จากผลการประเมินของ{who} มีตัวชี้วัดที่ยังไม่ได้คะแนนเต็ม {f.count(len(weak))} จาก "
            f"{f.count(len(result.indicators))} ตัวชี้วัด ซึ่งวิเคราะห์จุดแข็ง ข้อบกพร่อง และข้อเสนอแนะ"
            "ตามเครื่องมือและตัวชี้วัดได้ดังนี้"
        ))
    else:
        blocks.append(Paragraph(f"{who} ได้คะแนนเต็มทุกตัวชี้วัด จึงควรรักษามาตรฐานการดำเนินงานไว้"))
    return blocks


def _indicator_blocks(rules: RuleSet, result: Result, plan: ImprovementPlan, ind: Indicator,
                      entries: Sequence[Drafted], worded: bool, f: Fmt) -> list[Block]:
    r = result.indicator(ind.number)
    total_indicators = len(result.indicators)
    head = Heading(f"{f.indicator(ind.number, ind.name_th)} (คะแนน {f.num(r.score)})", level=3)
    opening = (f"{f.indicator(ind.number, ind.name_th)} ได้ {f.num(r.score)} คะแนน "
               f"อยู่อันดับที่ {f.count(r.rank)} จาก {f.count(total_indicators)} ตัวชี้วัด")
    questions = {q.code: q for q in result.questions if q.indicator == ind.number}
    if r.score >= HUNDRED:
        text = opening + " ได้คะแนนเต็ม"
        if ind.kind == "checklist" and any(i.indicator == ind.number for i in result.items):
            text += f" ผ่านการตรวจทุกรายการ ({f.count(len(ind.items))} รายการ)"
        return [head, Paragraph(text + " หน่วยงานควรรักษามาตรฐานการดำเนินงานนี้ไว้")]
    blocks: list[Block] = [head]
    gain = plan.gain(ind.number)
    if ind.kind == "survey" and questions and worded:
        full = [q for q in ind.questions if q.code in questions and questions[q.code].score >= HUNDRED]
        if full:
            shown = [catalogue_entry(rules, q.code, "question") for q in full[:_STRENGTHS_SHOWN]]
            codes = _join([f.code(q.code) for q in full])
            opening += (f" จุดแข็งคือข้อ {codes} ได้คะแนนเต็ม แสดงว่า"
                        + _join([e.strength for e in shown]))
        blocks.append(Paragraph(opening))
        lows = [f"ข้อ {f.code(d.code)} ({f.num(d.score)}) {d.deficiency}" for d in entries if d.score is not None]
        if lows:
            blocks.append(Paragraph(f"ข้อบกพร่อง: ข้อที่ยังไม่ได้คะแนนเต็มมี {f.count(len(lows))} ข้อ ได้แก่ "
                                    + " ".join(f"{f.count(n)}) {text}" for n, text in enumerate(lows, start=1))))
    elif ind.kind == "checklist" and any(i.indicator == ind.number for i in result.items):
        blocks.append(Paragraph(opening))
        for g in (g for g in plan.failed_items if g.indicator == ind.number):
            entry = catalogue_entry(rules, g.code, "item")
            text = (f"รายการ {f.code(g.code)} {g.name_th} ยังไม่ผ่าน: {entry.deficiency} "
                    f"หากเผยแพร่ให้ผ่าน {f.indicator(ind.number, '')} จะเป็น {f.num(g.indicator_after)}")
            if g.total_after is not None:
                text += f" และคะแนนเฉลี่ยจะเป็น {f.num(g.total_after)} (เพิ่มขึ้น {f.num(g.display_gain or 0)})"
            blocks.append(Paragraph(text))
    else:
        why = ("ชุดกฎของปีนี้ไม่มีข้อความของข้อคำถาม จึงวิเคราะห์ได้ในระดับตัวชี้วัดเท่านั้น" if not worded else
               "ข้อมูลที่ให้มาเป็นคะแนนรายตัวชี้วัด จึงวิเคราะห์ได้ในระดับตัวชี้วัดเท่านั้น")
        blocks.append(Paragraph(f"{opening} ขาดอีก {f.num(HUNDRED - r.score)} คะแนนจึงเต็ม ({why})"))
    measures = [d.measure for d in entries]
    advice = f"ข้อเสนอแนะ: ควรดำเนิน{_join(list(dict.fromkeys(measures)))}" if measures else "ข้อเสนอแนะ:"
    advice += (f" ตามรายละเอียดในส่วนที่ {f.count(4)} หากตัวชี้วัดนี้ได้คะแนนเต็ม "
               f"คะแนนเฉลี่ยจะเพิ่มขึ้น {f.small(gain.gain_if_full)}")
    blocks.append(Paragraph(advice))
    return blocks


def _tool_blocks(rules: RuleSet, result: Result, plan: ImprovementPlan, tool: Tool,
                 by_indicator: dict[int, list[Drafted]], f: Fmt) -> list[Block]:
    try:
        tool_result = result.tool(tool.code)
    except KeyError:
        return [Paragraph("ไม่มีข้อมูลของเครื่องมือนี้ในไฟล์ที่ให้มา")]
    worded = question_texts_known(rules, tool)
    numbers = [i.number for i in tool.indicators]
    weak = [n for n in numbers if result.indicator(n).score < HUNDRED]
    text = (f"{tool.name_th} ({tool.code}) ได้ {f.num(tool_result.score)} คะแนน "
            f"มีตัวชี้วัด {f.count(len(numbers))} ตัวชี้วัด")
    text += (f" ยังไม่ได้คะแนนเต็ม {f.count(len(weak))} ตัวชี้วัด" if weak else " ได้คะแนนเต็มทุกตัวชี้วัด")
    items = [i for i in result.items if i.indicator in numbers]
    if items and all(i.passed for i in items):
        text += f" ผ่านการตรวจทุกรายการ ({f.count(len(items))} รายการ)"
    blocks: list[Block] = [Paragraph(text)]
    if any(i.kind == "survey" for i in tool.indicators) and not worded:
        blocks.append(Paragraph(f"ชุดกฎของปีงบประมาณ {f.year(rules.year)} ไม่มีข้อความของข้อคำถาม {tool.code} "
                                "(ยังไม่มีการเผยแพร่) รายงานนี้จึงวิเคราะห์ในระดับตัวชี้วัดเท่านั้น", style="note"))
    if weak:
        rows = [Row([Cell(h, bold=True, align="center") for h in
                     ("ตัวชี้วัด", "ผลคะแนน", "ห่างจากคะแนนเต็ม", "คะแนนเฉลี่ยเพิ่มได้ หากได้เต็ม")], kind="header")]
        for g in sorted((plan.gain(n) for n in weak), key=lambda g: (g.score, g.number)):
            rows.append(Row([Cell(f.indicator(g.number, g.name_th)), Cell(f.num(g.score), align="center"),
                             Cell(f.num(g.headroom), align="center"), Cell(f.small(g.gain_if_full), align="center")]))
        blocks.append(Table((46, 16, 18, 20), rows, small=True))
    for ind in tool.indicators:
        blocks += _indicator_blocks(rules, result, plan, ind, by_indicator.get(ind.number, []), worded, f)
    return blocks


def analysis_section(rules: RuleSet, result: Result, plan: ImprovementPlan, measures: MeasurePlan | None,
                     agency: str | None, f: Fmt, opening: Sequence[Block] = ()) -> Section:
    """Section 3: ``opening`` (the overall judgement), the tools compared, each tool and indicator, the planner."""
    by_indicator: dict[int, list[Drafted]] = {}
    for row in measure_rows(rules, result, plan, measures, f):
        by_indicator[row.indicator] = list(row.entries)
    blocks: list[Block] = list(opening)
    blocks += overall_blocks(rules, result, plan, agency, f)
    scored = {i.number for i in result.indicators}
    number = 0
    for tool in rules.tools:
        number += 1
        blocks.append(Heading(f"{f.count(3)}.{f.count(number)} {tool.name_th} ({tool.code})"))
        if not any(i.number in scored for i in tool.indicators):
            blocks.append(Paragraph("ไม่มีข้อมูลของเครื่องมือนี้ในไฟล์ที่ให้มา"))
            continue
        blocks += _tool_blocks(rules, result, plan, tool, by_indicator, f)
    number += 1
    blocks.append(Heading(f"{f.count(3)}.{f.count(number)} แนวทางยกระดับคะแนน"))
    blocks += planner_blocks(rules, result, plan, f)
    return Section(f.numbered(3, "การวิเคราะห์ผลการประเมิน"), blocks, new_page=False)
