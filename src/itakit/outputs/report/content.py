"""What the analysis report says, built from a rule set, a result and the planner, before any format is chosen.

Four sections, as agencies hand them in: 1 the framework and grade bands (from the
rule set, so another year's plugin gets its own tables); 2 the results with ranks,
total and grade; 3 the weak points per tool and the improvement planner; 4 the
measures table, a row drafted for each weak question, failed OIT item or (for
indicator-level input) weak indicator, its other columns filled from a plan file.
Every number is written here, in the chosen digits; the renderers only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ...exact import HUNDRED, round_half_up
from ...inputs.planfile import Measure, MeasurePlan
from ...rules.model import RuleSet, Tool
from ...scoring.planner import ImprovementPlan, QuestionGain, plan_improvements
from ...scoring.result import Result
from ...thai import Digits, format_number, format_period, format_year, percent_phrase, to_thai_digits
from .model import Block, Cell, Heading, Image, Paragraph, Report, Row, Section, Table

__all__ = [
    "MAX_QUESTIONS_PER_TOOL",
    "MEASURE_COLUMNS",
    "PLACEHOLDER",
    "MeasureRow",
    "build_plan_report",
    "build_report",
    "measure_rows",
]

PLACEHOLDER = "(ให้หน่วยงานกำหนด)"
"""The text of a section-4 cell the agency still has to fill in."""
MAX_QUESTIONS_PER_TOOL = 5
"""How many of the weakest questions each tool lists by default."""
MEASURE_COLUMNS = (
    "ที่",
    "ตัวชี้วัด",
    "หัวข้อย่อยการประเมิน",
    "ข้อบกพร่อง",
    "มาตรการ",
    "วิธีการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ระยะเวลาดำเนินการ",
    "การติดตามและรายงานผล",
)


class _Fmt:
    """Numbers and counts in the report's digits."""

    def __init__(self, digits: Digits) -> None:
        self.digits = digits

    def num(self, value: Fraction | Decimal | int) -> str:
        return format_number(value, 2, digits=self.digits)

    def small(self, value: Fraction) -> str:
        """A gain in the total: two decimals, or "less than 0.01" rather than a misleading 0.00."""
        if value > 0 and round_half_up(value) == 0:
            return f"น้อยกว่า {self.num(Decimal('0.01'))}"
        return self.num(value)

    def count(self, value: int) -> str:
        return to_thai_digits(str(value)) if self.digits == "thai" else str(value)

    def weight(self, value: Fraction) -> str:
        return percent_phrase(value, 0 if value.denominator == 1 else 2, digits=self.digits)

    def year(self, year: int) -> str:
        return format_year(year, digits=self.digits)

    def indicator(self, number: int, name: str) -> str:
        return f"ตัวชี้วัดที่ {self.count(number)} {name}"


# -- selections shared by sections 3 and 4 ------------------------------------------


@attrs.frozen
class MeasureRow:
    """One row of the measures table before formatting: what it is about and the plan entry, if any."""

    kind: str
    """``question``, ``item`` or ``indicator``."""
    code: str
    indicator: int
    measure: Measure | None = None


def _weak_questions(plan: ImprovementPlan, tool: str, limit: int) -> list[QuestionGain]:
    return [q for q in plan.questions if q.tool == tool][:limit]


def _has_questions(result: Result, tool: Tool) -> bool:
    numbers = {i.number for i in tool.indicators}
    return any(q.indicator in numbers for q in result.questions)


def _has_items(result: Result, tool: Tool) -> bool:
    numbers = {i.number for i in tool.indicators}
    return any(item.indicator in numbers for item in result.items)


def measure_rows(
    rules: RuleSet,
    result: Result,
    plan: ImprovementPlan,
    measures: MeasurePlan | None = None,
    *,
    max_questions: int = MAX_QUESTIONS_PER_TOOL,
) -> list[MeasureRow]:
    """The rows of the measures table, in rule-set order of tools: weak questions (or weak indicators when
    the input has no questions), failed OIT items, then any other code the plan names."""
    rows: list[MeasureRow] = []
    scored = {i.number for i in result.indicators}
    for tool in rules.tools:
        if not any(i.number in scored for i in tool.indicators):
            continue
        survey = [i for i in tool.indicators if i.kind == "survey"]
        checklist = [i for i in tool.indicators if i.kind == "checklist"]
        if survey and _has_questions(result, tool):
            rows += [MeasureRow("question", q.code, q.indicator) for q in _weak_questions(plan, tool.code, max_questions)]
        if checklist and _has_items(result, tool):
            failed = sorted(plan.failed_items, key=lambda g: rules.item_codes.index(g.code))
            rows += [MeasureRow("item", g.code, g.indicator) for g in failed
                     if rules.tool_of(g.indicator).code == tool.code]
        for ind in tool.indicators:
            r = result.indicator(ind.number)
            from_parts = r.source in ("questions", "answers", "items")
            if not from_parts and r.score < HUNDRED:
                rows.append(MeasureRow("indicator", str(ind.number), ind.number))
    present = {row.code for row in rows}
    if measures is not None:
        for code in measures.codes:
            if code in present:
                continue
            if code in rules.question_codes:
                rows.append(MeasureRow("question", code, rules.question(code)[0].number))
            elif code in rules.item_codes:
                rows.append(MeasureRow("item", code, rules.item(code)[0].number))
            else:
                rows.append(MeasureRow("indicator", code, int(code)))
            present.add(code)
        rows = [attrs.evolve(row, measure=measures.get(row.code)) for row in rows]
    return rows


# -- the report --------------------------------------------------------------------


def build_report(
    rule_set: RuleSet,
    result: Result,
    *,
    agency: str | None = None,
    digits: Digits = "thai",
    plan: ImprovementPlan | None = None,
    measures: MeasurePlan | None = None,
    chart: bool = False,
    max_questions: int = MAX_QUESTIONS_PER_TOOL,
) -> Report:
    """Build the four-section analysis report of one agency's result (planner computed when not given).

    ``chart=True`` adds a bar chart of the indicator scores (needs the ``chart`` extra and a Thai font).
    """
    if plan is None:
        plan = plan_improvements(rule_set, result)
    agency = agency if agency is not None else result.agency
    f = _Fmt(digits)
    chart_block = None
    if chart:
        from .chart import indicator_chart

        chart_block = Image(indicator_chart(rule_set, result, digits=digits),
                            alt="แผนภูมิแท่งคะแนนรายตัวชี้วัด", width_cm=14.0)
    title = [
        "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
        "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
        f"ประจำปีงบประมาณ {f.year(rule_set.year)}",
    ]
    if agency:
        title.append(agency)
    sections = [
        _framework_section(rule_set, f),
        _results_section(rule_set, result, agency, f, chart_block),
        _analysis_section(rule_set, result, plan, f, max_questions),
        _measures_section(rule_set, result, plan, measures, f, max_questions),
    ]
    return Report(tuple(title), tuple(sections))


def build_plan_report(
    rule_set: RuleSet,
    result: Result,
    plan: ImprovementPlan | None = None,
    *,
    agency: str | None = None,
    digits: Digits = "arabic",
) -> Report:
    """The planner alone, as a small report (what ``itakit plan`` prints)."""
    if plan is None:
        plan = plan_improvements(rule_set, result)
    f = _Fmt(digits)
    agency = agency if agency is not None else result.agency
    title = [f"แนวทางยกระดับคะแนน ITA ประจำปีงบประมาณ {f.year(rule_set.year)}"]
    if agency:
        title.append(agency)
    return Report(tuple(title), (Section("", tuple(_planner_blocks(rule_set, result, plan, f))),))


# -- section 1 ---------------------------------------------------------------------


def _framework_section(rules: RuleSet, f: _Fmt) -> Section:
    n_ind = len(rules.indicators)
    blocks: list[Block] = [
        Heading(f"{f.count(1)}.{f.count(1)} เครื่องมือ ตัวชี้วัด และน้ำหนัก"),
        Paragraph(
            f"การประเมินประจำปีงบประมาณ {f.year(rules.year)} เก็บข้อมูลด้วยเครื่องมือ {f.count(len(rules.tools))} "
            f"เครื่องมือ รวม {f.count(n_ind)} ตัวชี้วัด คะแนนเฉลี่ยคำนวณจากคะแนนของแต่ละเครื่องมือตามน้ำหนักในตาราง"
        ),
    ]
    rows = [Row([Cell("เครื่องมือ", bold=True, align="center"), Cell("ตัวชี้วัด", bold=True, align="center"),
                 Cell("น้ำหนัก", bold=True, align="center")], kind="header")]
    for tool in rules.tools:
        span = len(tool.indicators)
        for k, ind in enumerate(tool.indicators):
            cells = []
            if k == 0:
                cells.append(Cell(f"{tool.name_th} ({tool.code})", rowspan=span))
            cells.append(Cell(f.indicator(ind.number, ind.name_th)))
            if k == 0:
                cells.append(Cell(f.weight(tool.weight), align="center", rowspan=span))
            rows.append(Row(cells))
    blocks.append(Table((40, 42, 18), rows))

    blocks.append(Heading(f"{f.count(1)}.{f.count(2)} เกณฑ์ระดับผลการประเมิน"))
    blocks.append(
        Paragraph(
            f"ระดับผลการประเมินมี {f.count(len(rules.bands))} ระดับ ตัดสินจากคะแนนเฉลี่ยที่แสดงเป็นทศนิยมสองตำแหน่ง "
            f"(ปัดครึ่งขึ้น) หน่วยงานที่ได้ {f.num(rules.pass_line)} คะแนนขึ้นไปถือว่าผ่านเกณฑ์"
        )
    )
    band_rows = [Row([Cell(h, bold=True, align="center") for h in ("คะแนน", "ระดับ", "ความหมาย", "เกณฑ์")], kind="header")]
    for band in rules.bands_descending:
        band_rows.append(Row([
            Cell(f"{f.num(band.lower)} - {f.num(band.upper)}", align="center"),
            Cell(band.code, align="center"),
            Cell(band.name_th or band.name_en, align="center"),
            Cell("ผ่าน" if band.passed else "ไม่ผ่าน", align="center"),
        ]))
    blocks.append(Table((30, 15, 30, 25), band_rows))
    return Section(_numbered(f, 1, "กรอบการประเมิน"), blocks)


def _numbered(f: _Fmt, number: int, title: str) -> str:
    return f"{f.count(number)}. {title}"


# -- section 2 ---------------------------------------------------------------------


def _results_section(rules: RuleSet, result: Result, agency: str | None, f: _Fmt, chart: Image | None) -> Section:
    who = agency or "หน่วยงาน"
    blocks: list[Block] = []
    if result.total is not None and result.grade is not None:
        grade = result.grade
        meaning = f" ({grade.name_th})" if grade.name_th else ""
        verdict = "ผ่านเกณฑ์" if grade.passed else "ยังไม่ผ่านเกณฑ์"
        blocks.append(Paragraph(
            f"{who} ได้คะแนนเฉลี่ย {f.num(result.total)} จากคะแนนเต็ม {f.count(100)} คะแนน "
            f"อยู่ในระดับ {grade.code}{meaning} ซึ่ง{verdict} ({f.num(rules.pass_line)} คะแนนขึ้นไป)"
        ))
    else:
        missing = ", ".join(result.missing_tools)
        blocks.append(Paragraph(
            f"ข้อมูลที่ให้มาไม่ครบทุกเครื่องมือ (ขาด {missing}) จึงยังไม่มีคะแนนเฉลี่ยและระดับผลการประเมิน"
        ))
    if result.indicators:
        best = min(result.indicators, key=lambda i: (i.rank, i.number))
        worst = max(result.indicators, key=lambda i: (i.rank, -i.number))
        if best.number != worst.number:
            blocks.append(Paragraph(
                f"ตัวชี้วัดที่ได้คะแนนสูงสุดคือ{f.indicator(best.number, best.name_th)} ({f.num(best.score)}) "
                f"และต่ำสุดคือ{f.indicator(worst.number, worst.name_th)} ({f.num(worst.score)})"
            ))
    rows: list[Row] = [Row([Cell("ตัวชี้วัด", bold=True, align="center"), Cell("ผลคะแนน", bold=True, align="center"),
                            Cell("อันดับ", bold=True, align="center")], kind="header")]
    for tool in rules.tools:
        rows.append(Row([Cell(f"{tool.name_th} ({tool.code})", bold=True, colspan=3)],
                        kind="group"))
        try:
            tool_result = result.tool(tool.code)
        except KeyError:
            rows.append(Row([Cell("ไม่มีข้อมูลของเครื่องมือนี้", colspan=3)]))
            continue
        for ind in tool.indicators:
            r = result.indicator(ind.number)
            rows.append(Row([Cell(f.indicator(ind.number, ind.name_th)), Cell(f.num(r.score), align="center"),
                             Cell(f.count(r.rank), align="center")]))
        rows.append(Row([Cell(f"คะแนน {tool.code}", bold=True), Cell(f.num(tool_result.score), align="center", bold=True),
                         Cell("", align="center")], kind="total"))
    if result.total is not None:
        grade_text = f"ระดับ {result.grade.code}" if result.grade is not None else ""
        rows.append(Row([Cell("คะแนนเฉลี่ย", bold=True), Cell(f.num(result.total), align="center", bold=True),
                         Cell(grade_text, align="center", bold=True)], kind="total"))
    blocks.append(Table((60, 20, 20), rows))
    if chart is not None:
        blocks.append(chart)
        blocks.append(Paragraph("แผนภูมิ: คะแนนรายตัวชี้วัด", style="center"))
    return Section(_numbered(f, 2, "ผลการประเมิน"), blocks)


# -- section 3 ---------------------------------------------------------------------


def _analysis_section(rules: RuleSet, result: Result, plan: ImprovementPlan, f: _Fmt, limit: int) -> Section:
    blocks: list[Block] = [Paragraph(
        "ส่วนนี้ชี้จุดที่ยังไม่ได้คะแนนเต็ม แยกตามเครื่องมือ พร้อมคำนวณว่าการปรับปรุงแต่ละจุดจะทำให้คะแนนเฉลี่ยเพิ่มขึ้นเท่าใด "
        "(คำนวณจากคะแนนที่ไม่ปัดเศษ แล้วจึงแสดงเป็นทศนิยมสองตำแหน่ง)"
    )]
    scored = {i.number for i in result.indicators}
    number = 0
    for tool in rules.tools:
        number += 1
        blocks.append(Heading(f"{f.count(3)}.{f.count(number)} {tool.name_th} ({tool.code})"))
        if not any(i.number in scored for i in tool.indicators):
            blocks.append(Paragraph("ไม่มีข้อมูลของเครื่องมือนี้ในไฟล์ที่ให้มา"))
            continue
        blocks += _weak_indicators(tool, plan, f)
        if any(i.kind == "survey" for i in tool.indicators):
            blocks += _weak_question_blocks(rules, result, tool, plan, f, limit)
        if any(i.kind == "checklist" for i in tool.indicators):
            blocks += _failed_item_blocks(result, tool, plan, f)
    number += 1
    blocks.append(Heading(f"{f.count(3)}.{f.count(number)} แนวทางยกระดับคะแนน"))
    blocks += _planner_blocks(rules, result, plan, f)
    return Section(_numbered(f, 3, "การวิเคราะห์ผลการประเมิน"), blocks)


def _weak_indicators(tool: Tool, plan: ImprovementPlan, f: _Fmt) -> list[Block]:
    numbers = {i.number for i in tool.indicators}
    weak = sorted((g for g in plan.gains if g.number in numbers and g.score < HUNDRED), key=lambda g: (g.score, g.number))
    if not weak:
        return [Paragraph(f"ทุกตัวชี้วัดของ {tool.code} ได้คะแนนเต็ม {f.count(100)}")]
    rows = [Row([Cell(h, bold=True, align="center") for h in
                 ("ตัวชี้วัด", "ผลคะแนน", "ห่างจากคะแนนเต็ม", "คะแนนเฉลี่ยเพิ่มได้ หากได้เต็ม")], kind="header")]
    for g in weak:
        rows.append(Row([Cell(f.indicator(g.number, g.name_th)), Cell(f.num(g.score), align="center"),
                         Cell(f.num(g.headroom), align="center"), Cell(f.small(g.gain_if_full), align="center")]))
    return [Paragraph(f"ตัวชี้วัดของ {tool.code} ที่ยังไม่ได้คะแนนเต็ม เรียงจากคะแนนต่ำสุด"), Table((46, 16, 18, 20), rows, small=True)]


def _weak_question_blocks(
    rules: RuleSet, result: Result, tool: Tool, plan: ImprovementPlan, f: _Fmt, limit: int
) -> list[Block]:
    if not _has_questions(result, tool):
        return [Paragraph(
            "ข้อมูลของเครื่องมือนี้เป็นคะแนนรายตัวชี้วัด จึงไม่มีคะแนนรายข้อคำถาม "
            "(ให้ไฟล์แบบ question,score หรือคำตอบดิบ เพื่อดูข้อคำถามที่ได้คะแนนต่ำ)", style="note")]
    all_weak = [q for q in plan.questions if q.tool == tool.code]
    if not all_weak:
        return [Paragraph("ทุกข้อคำถามได้คะแนนเต็ม")]
    shown = all_weak[:limit]
    rows = [Row([Cell(h, bold=True, align="center") for h in
                 ("ข้อ", "ข้อคำถาม", "ตัวชี้วัด", "ผลคะแนน", "คะแนนเฉลี่ยเพิ่ม หากข้อนี้ได้เต็ม")], kind="header")]
    for q in shown:
        rows.append(Row([Cell(q.code, align="center"), Cell(q.text_th), Cell(f.count(q.indicator), align="center"),
                         Cell(f.num(q.score), align="center"), Cell(f.small(q.gain_if_full), align="center")]))
    intro = f"ข้อคำถามที่ได้คะแนนต่ำสุด {f.count(len(shown))} ข้อ"
    if len(all_weak) > len(shown):
        intro += f" (จากทั้งหมด {f.count(len(all_weak))} ข้อที่ยังไม่ได้คะแนนเต็ม)"
    return [Paragraph(intro), Table((7, 53, 11, 13, 16), rows, small=True)]


def _failed_item_blocks(result: Result, tool: Tool, plan: ImprovementPlan, f: _Fmt) -> list[Block]:
    numbers = {i.number for i in tool.indicators}
    if not _has_items(result, tool):
        return [Paragraph(
            "ข้อมูลของเครื่องมือนี้เป็นคะแนนรายตัวชี้วัด จึงไม่ทราบว่ารายการใดไม่ผ่าน "
            "(ให้ผลรายข้อ o1, o2, … ในไฟล์แบบ question,score เพื่อดูรายการ)", style="note")]
    failed = [g for g in plan.failed_items if g.indicator in numbers]
    count = sum(1 for item in result.items if item.indicator in numbers)
    if not failed:
        return [Paragraph(f"ผ่านการตรวจทุกรายการ ({f.count(count)} รายการ)")]
    rows = [Row([Cell(h, bold=True, align="center") for h in
                 ("ข้อ", "รายการที่ไม่ผ่าน", "ตัวชี้วัดย่อย", "ตัวชี้วัด หากผ่าน", "คะแนนเฉลี่ย หากผ่าน")], kind="header")]
    for g in failed:
        total = "-" if g.total_after is None else f"{f.num(g.total_after)} (+{f.num(g.display_gain or 0)})"
        rows.append(Row([
            Cell(g.code, align="center"), Cell(g.name_th), Cell(_sub(f, g.sub_indicator), align="center"),
            Cell(f"{f.num(g.indicator_before)} เป็น {f.num(g.indicator_after)}", align="center"),
            Cell(total, align="center"),
        ]))
    return [Paragraph(f"รายการที่ไม่ผ่าน {f.count(len(failed))} จาก {f.count(count)} รายการ"), Table((7, 43, 12, 20, 18), rows, small=True)]


def _sub(f: _Fmt, code: str) -> str:
    return to_thai_digits(code) if f.digits == "thai" else code


def _planner_blocks(rules: RuleSet, result: Result, plan: ImprovementPlan, f: _Fmt) -> list[Block]:
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


# -- section 4 ---------------------------------------------------------------------


def _draft_deficiency(rules: RuleSet, result: Result, plan: ImprovementPlan, row: MeasureRow, f: _Fmt) -> str:
    if row.kind == "question":
        q = next((q for q in plan.questions if q.code == row.code), None)
        if q is None:
            return "ได้คะแนนเต็มแล้ว (แถวนี้มาจากแผนของหน่วยงาน)"
        head = f"ผลคะแนน {f.num(q.score)} ต่ำกว่าคะแนนเต็ม {f.num(HUNDRED - q.score)}: "
        worst = _worst_answer(rules, q.code)
        if worst is not None:
            return head + f"ผู้ตอบบางส่วนตอบว่า “{worst}”"
        if q.reverse is True:
            return head + "ผู้ตอบบางส่วนยังรับรู้ว่ามีสิ่งที่ข้อนี้ถามถึงเกิดขึ้นอยู่บ้าง"
        if q.reverse is False:
            return head + "ผู้ตอบบางส่วนยังเห็นว่าหน่วยงานทำเรื่องนี้ได้ไม่เต็มที่"
        return head + "คำตอบบางส่วนยังไม่อยู่ในระดับที่ดีที่สุด"
    if row.kind == "item":
        g = next((g for g in plan.failed_items if g.code == row.code), None)
        if g is None:
            return "ผ่านการตรวจแล้ว (แถวนี้มาจากแผนของหน่วยงาน)"
        items = [i for i in result.items if i.sub_indicator == g.sub_indicator]
        sub_score = HUNDRED * sum(i.passed for i in items) / len(items) if items else None
        sub_name = rules.item(g.code)[1].name_th
        text = f"ข้อมูลที่เผยแพร่ยังไม่ผ่านเกณฑ์ของรายการนี้ ทำให้ตัวชี้วัดย่อย {_sub(f, g.sub_indicator)} {sub_name}"
        if sub_score is not None:
            text += f" ได้ {f.num(sub_score)}"
        text += f" และตัวชี้วัดที่ {f.count(g.indicator)} ได้ {f.num(g.indicator_before)}"
        if g.total_after is not None:
            text += f" (หากผ่าน คะแนนเฉลี่ยจะเพิ่มขึ้น {f.num(g.display_gain or 0)})"
        return text
    gain = plan.gain(row.indicator)
    if gain.score >= HUNDRED:
        return "ได้คะแนนเต็มแล้ว (แถวนี้มาจากแผนของหน่วยงาน)"
    return (f"ตัวชี้วัดนี้ได้ {f.num(gain.score)} ขาดอีก {f.num(gain.headroom)} จึงเต็ม "
            f"(หากได้เต็ม คะแนนเฉลี่ยจะเพิ่มขึ้น {f.small(gain.gain_if_full)})")


def _worst_answer(rules: RuleSet, code: str) -> str | None:
    """For a two-answer question (yes/no) whose sub-items all point one way, the label of the answer scoring 0."""
    subs = rules.question(code)[1].sub_items
    if len({(s.scale, s.reverse) for s in subs}) != 1:
        return None
    scale = rules.scale(subs[0].scale)
    if len(scale.options) != 2:
        return None
    for option in scale.options:
        if scale.points(option.key, reverse=subs[0].reverse) == 0:
            thai = [label for label in option.labels if any("\u0e00" <= ch <= "\u0e7f" for ch in label)]
            return (thai or list(option.labels) or [option.key])[0]
    return None


def _subject(rules: RuleSet, row: MeasureRow) -> str:
    if row.kind == "question":
        return f"{row.code} {rules.question(row.code)[1].text_th}"
    if row.kind == "item":
        return f"{row.code} {rules.item(row.code)[2].name_th}"
    return "ทุกข้อของตัวชี้วัดนี้ (ข้อมูลเป็นคะแนนรายตัวชี้วัด)"


def _numbered_lines(items: Sequence[str], f: _Fmt) -> str:
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{f.count(n)}. {text}" for n, text in enumerate(items, start=1))


def _measures_section(
    rules: RuleSet, result: Result, plan: ImprovementPlan, measures: MeasurePlan | None, f: _Fmt, limit: int
) -> Section:
    rows_data = measure_rows(rules, result, plan, measures, max_questions=limit)
    blocks: list[Block] = [Paragraph(
        "ตารางนี้ร่างหนึ่งแถวต่อข้อคำถามที่ได้คะแนนต่ำ รายการ OIT ที่ไม่ผ่าน หรือตัวชี้วัดที่ยังไม่เต็ม "
        f"ช่องที่เขียนว่า {PLACEHOLDER} หน่วยงานต้องกรอกเอง หรือกำหนดไว้ในไฟล์แผน (itakit report --plan)"
    )]
    if not rows_data:
        blocks.append(Paragraph("ไม่มีจุดที่ต้องแก้ไข: ทุกข้อคำถาม รายการ และตัวชี้วัดได้คะแนนเต็ม"))
        return Section(_numbered(f, 4, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"), blocks, landscape=True)
    rows = [Row([Cell(h, bold=True, align="center") for h in MEASURE_COLUMNS], kind="header")]
    for n, row in enumerate(rows_data, start=1):
        m = row.measure
        ind = rules.indicator(row.indicator)
        deficiency = m.deficiency if m is not None and m.deficiency else _draft_deficiency(rules, result, plan, row, f)
        period = PLACEHOLDER
        if m is not None and m.period is not None:
            period = format_period(m.period[0], m.period[1], digits=f.digits)
        rows.append(Row([
            Cell(f"{f.count(n)}.", align="center"),
            Cell(f.indicator(ind.number, ind.name_th)),
            Cell(_subject(rules, row)),
            Cell(deficiency),
            Cell(m.measure if m is not None and m.measure else PLACEHOLDER),
            Cell(_numbered_lines(m.method, f) if m is not None and m.method else PLACEHOLDER),
            Cell("\n".join(f"- {r}" for r in m.responsible) if m is not None and m.responsible else PLACEHOLDER),
            Cell(period, align="center"),
            Cell(_numbered_lines(m.follow_up, f) if m is not None and m.follow_up else PLACEHOLDER),
        ]))
    blocks.append(Table((4, 11, 23, 15, 13, 14, 10, 9, 12), rows, small=True))
    return Section(_numbered(f, 4, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"), blocks, landscape=True)
