"""The improvement planner in words: gain per point of each indicator, failed OIT items, the way to the next level.

Section 3 of the report ends with it, and ``itakit plan`` prints it alone.  Every figure
comes from :func:`itakit.scoring.planner.plan_improvements`, computed exactly.
"""

from __future__ import annotations

from ...rules.model import RuleSet
from ...scoring.planner import ImprovementPlan
from ...scoring.result import Result
from .fmt import Fmt
from .model import Block, Cell, Paragraph, Row, Table

__all__ = ["planner_blocks"]


def planner_blocks(rules: RuleSet, result: Result, plan: ImprovementPlan, f: Fmt) -> list[Block]:
    blocks: list[Block] = [Paragraph(
        "คะแนนเฉลี่ยเป็นผลรวมถ่วงน้ำหนักของตัวชี้วัด ตัวชี้วัดที่มีน้ำหนักมากกว่าจึงเพิ่มคะแนนเฉลี่ยได้มากกว่าต่อหนึ่งคะแนน"
    )]
    rows = [Row([Cell(h, bold=True, align="center") for h in
                 ("ตัวชี้วัด", "น้ำหนักในคะแนนเฉลี่ย", f"คะแนนเฉลี่ยเพิ่ม ต่อ {f.count(1)} คะแนน", "เพิ่มได้อีกสูงสุด")],
                kind="header")]
    for ind in plan.gains:
        rows.append(Row([Cell(f.indicator(ind.number, ind.name_th)), Cell(f.weight(ind.share), align="center"),
                         Cell(f.num(ind.gain_per_point), align="center"),
                         Cell(f.small(ind.gain_if_full), align="center")]))
    blocks.append(Table((46, 18, 18, 18), rows, small=True))

    for g in plan.failed_items:
        if g.total_after is None:
            text = (f"ถ้ารายการ {g.code} {g.name_th} ผ่าน {f.indicator(g.indicator, '').strip()} จะเป็น "
                    f"{f.num(g.indicator_after)}")
        else:
            text = (f"ถ้ารายการ {g.code} {g.name_th} ผ่าน {f.indicator(g.indicator, '').strip()} จะเป็น "
                    f"{f.num(g.indicator_after)} และคะแนนเฉลี่ยจะเป็น {f.num(g.total_after)} "
                    f"(เพิ่มขึ้น {f.num(g.display_gain or 0)})")
        blocks.append(Paragraph(text))

    if plan.total is None:
        blocks.append(Paragraph("ยังไม่มีคะแนนเฉลี่ย (ข้อมูลไม่ครบทุกเครื่องมือ) จึงคำนวณระดับถัดไปไม่ได้"))
        return blocks
    total = f.num(plan.total)
    route = plan.route
    if route is None:
        blocks.append(Paragraph(
            f"คะแนนเฉลี่ย {total} อยู่ในระดับสูงสุด ({plan.grade}) แล้ว "
            f"สูงกว่าเกณฑ์ล่างของระดับนี้ {f.num(plan.margin or 0)} คะแนน"
        ))
        return blocks
    if rules.rating is not None:  # a rating that also looks at tools: the checked routes are the advice
        return blocks + _rating_routes(result, plan, f)
    blocks.append(Paragraph(
        f"คะแนนเฉลี่ย {total} (ระดับ {plan.grade}) ยังขาดอีก {f.num(route.points_needed)} คะแนน "
        f"จึงจะถึงระดับ {route.target} ({f.num(route.target_lower)} คะแนนขึ้นไป) การเปลี่ยนแปลงที่น้อยที่สุดที่พอ:"
    ))
    option = 0
    if route.items is not None and route.items_total_after is not None:
        option += 1
        codes = ", ".join(route.items)
        blocks.append(Paragraph(
            f"ทางที่ {f.count(option)}: ให้รายการ OIT ที่ไม่ผ่านผ่านอีก {f.count(len(route.items))} ข้อ ({codes}) "
            f"คะแนนเฉลี่ยจะเป็น {f.num(route.items_total_after)} ระดับ {route.target}"
        ))
    if route.indicator is not None and route.indicator_target is not None:
        option += 1
        best = plan.gain(route.indicator)
        blocks.append(Paragraph(
            f"ทางที่ {f.count(option)}: ยก{f.indicator(best.number, best.name_th)} จาก {f.num(best.score)} "
            f"เป็นอย่างน้อย {f.num(route.indicator_target)} "
            f"(ตัวชี้วัดเดียวที่ต้องเพิ่มคะแนนน้อยที่สุด)"
        ))
    if route.combination:
        parts = ", ".join(
            f"{f.indicator(n, plan.gain(n).name_th)} เป็นอย่างน้อย {f.num(target)}" for n, target in route.combination
        )
        lead = "ให้รายการ OIT ที่ไม่ผ่านผ่านทั้งหมด แล้ว" if plan.failed_items else ""
        blocks.append(Paragraph(f"ไม่มีการเปลี่ยนแปลงจุดเดียวที่พอ: ต้อง{lead}ยก{parts}"))
    if option == 0 and not route.combination:
        blocks.append(Paragraph(f"แม้ทุกตัวชี้วัดได้คะแนนเต็มก็ยังไม่ถึงระดับ {route.target}"))
    blocks.append(Paragraph(
        f"คะแนนเฉลี่ยปัจจุบันสูงกว่าเกณฑ์ล่างของระดับ {plan.grade} อยู่ {f.num(plan.margin or 0)} คะแนน", style="note"
    ))
    return blocks


def _rating_routes(result: Result, plan: ImprovementPlan, f: Fmt) -> list[Block]:
    """The way to each better rating: what the total and each tool lack, then the checked route's targets."""
    short = []
    if result.points_to_next_grade:
        short.append(f"คะแนนเฉลี่ยขาดอีก {f.num(result.points_to_next_grade)} คะแนน")
    short += [f"{code} ขาดอีก {f.num(points)} คะแนน" for code, points in result.tools_to_next_grade.items()]
    lead = f"คะแนนเฉลี่ย {f.num(plan.total or 0)} อยู่ในระดับ {plan.grade}"
    blocks: list[Block] = [Paragraph(
        f"{lead} จะถึงระดับ {result.next_grade} เมื่อ {' และ '.join(short)}" if short and result.next_grade
        else lead
    )]
    if not plan.routes:
        blocks.append(Paragraph("ยังหาทางที่ตรวจแล้วว่าถึงระดับที่ดีกว่าไม่ได้ด้วยการเพิ่มคะแนนตัวชี้วัด"))
    for route in plan.routes:
        targets = ", ".join(f"{f.indicator(n, plan.gain(n).name_th)} เป็นอย่างน้อย {f.num(score)}"
                            for n, score in route.indicator_scores)
        blocks.append(Paragraph(
            f"ถึงระดับ {route.grade}: ยก{targets} คะแนนเฉลี่ยจะเป็น {f.num(route.total)} "
            "(ตรวจแล้วด้วยการคำนวณใหม่)"
        ))
    blocks.append(Paragraph(
        f"คะแนนเฉลี่ยปัจจุบันสูงกว่าเกณฑ์ล่างของระดับ {plan.grade} อยู่ {f.num(plan.margin or 0)} คะแนน", style="note"
    ))
    return blocks
