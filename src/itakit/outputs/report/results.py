"""Sections 1 and 2 of the report: the framework and grade bands of the year, then the result with ranks.

Both are built from the rule set, so another year's plugin gets its own tables.  The
grade explanation (1.2) and the sentence saying why the result has its level are small
functions of their own, :func:`grade_explanation` and :func:`level_reason`, so that a
year whose level depends on more than the total (a rating) can be explained by
replacing just them.
"""

from __future__ import annotations

from ...exact import round_half_up
from ...rules.model import RuleSet
from ...scoring.result import Result
from ...scoring.standing import held_back_reasons
from .fmt import Fmt
from .model import Block, Cell, Heading, Image, Paragraph, Row, Section, Table

__all__ = ["framework_section", "grade_explanation", "level_reason", "results_section"]


def framework_section(rules: RuleSet, f: Fmt) -> Section:
    """Section 1: the tools, indicators and weights, then the grade bands."""
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
    blocks.append(Table((30, 54, 16), rows))
    blocks += grade_explanation(rules, f)
    return Section(f.numbered(1, "กรอบการประเมิน"), blocks)


def grade_explanation(rules: RuleSet, f: Fmt) -> list[Block]:
    """Section 1.2: how a result's level is decided — the bands of the total, or a rating that also looks at tools."""
    if rules.rating is None:
        return _band_explanation(rules, f)
    levels = rules.rating_levels
    blocks: list[Block] = [
        Heading(f"{f.count(1)}.{f.count(2)} เกณฑ์ระดับผลการประเมิน"),
        Paragraph(
            f"ระดับผลการประเมินมี {f.count(len(levels))} ระดับ ตัดสินจากคะแนนเฉลี่ยและคะแนนของแต่ละเครื่องมือ "
            f"({', '.join(t.code for t in rules.tools)}) ที่แสดงเป็นทศนิยมสองตำแหน่ง (ปัดครึ่งขึ้น) "
            f"หน่วยงานได้ระดับสูงสุดที่ผ่านทุกเงื่อนไขของระดับนั้น คะแนนเฉลี่ยสูงเพียงอย่างเดียวจึงยังไม่พอ "
            f"หากเครื่องมือใดต่ำกว่าเกณฑ์ ระดับจะถูกจำกัดไว้ หน่วยงานที่ได้คะแนนเฉลี่ย {f.num(rules.pass_line)} "
            f"คะแนนขึ้นไปถือว่าผ่านเกณฑ์"
        ),
    ]
    rows = [Row([Cell(h, bold=True, align="center") for h in ("ระดับ", "คะแนนเฉลี่ย", "คะแนนเครื่องมือ", "เกณฑ์")],
                kind="header")]
    for level in levels:
        tools = []
        if level.min_every_tool is not None:
            tools.append(f"ทุกเครื่องมือตั้งแต่ {f.num(level.min_every_tool)}")
        tools += [f"{code} ตั้งแต่ {f.num(floor)}" for code, floor in level.min_tools]
        rows.append(Row([
            Cell(level.name_th or level.code, align="center"),
            Cell(f"ตั้งแต่ {f.num(level.min_total)}" if level.min_total > 0 else "ต่ำกว่าระดับข้างบน", align="center"),
            Cell(" และ ".join(tools) if tools else "-", align="center"),
            Cell("ผ่าน" if level.passed else "ไม่ผ่าน", align="center"),
        ]))
    blocks.append(Table((22, 22, 40, 16), rows))
    blocks += _unverified_note(rules, f)
    return blocks


def _band_explanation(rules: RuleSet, f: Fmt) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"{f.count(1)}.{f.count(2)} เกณฑ์ระดับผลการประเมิน"),
        Paragraph(
            f"ระดับผลการประเมินมี {f.count(len(rules.bands))} ระดับ ตัดสินจากคะแนนเฉลี่ยที่แสดงเป็นทศนิยมสองตำแหน่ง "
            f"(ปัดครึ่งขึ้น) หน่วยงานที่ได้ {f.num(rules.pass_line)} คะแนนขึ้นไปถือว่าผ่านเกณฑ์"
        ),
    ]
    band_rows = [Row([Cell(h, bold=True, align="center") for h in ("คะแนน", "ระดับ", "ความหมาย", "เกณฑ์")], kind="header")]
    for band in rules.bands_descending:
        band_rows.append(Row([
            Cell(f"{f.num(band.lower)} - {f.num(band.upper)}", align="center"),
            Cell(band.code, align="center"),
            Cell(band.name_th or band.name_en, align="center"),
            Cell("ผ่าน" if band.passed else "ไม่ผ่าน", align="center"),
        ]))
    blocks.append(Table((30, 15, 30, 25), band_rows))
    blocks += _unverified_note(rules, f)
    return blocks


def _unverified_note(rules: RuleSet, f: Fmt) -> list[Block]:
    """A note under the level table when the year's weights or level conditions are not confirmed by a public source."""
    if not rules.unverified:  # the values that decide every result (RuleSet.unverified)
        return []
    tools_unsure = any(not t.provenance.verified for t in rules.tools)
    parts = []
    if tools_unsure:
        parts.append("น้ำหนักของเครื่องมือ (" + " ".join(f"{t.code} {f.weight(t.weight)}" for t in rules.tools) + ")")
    if len(rules.unverified) > int(tools_unsure):  # the rest is about the levels
        parts.append("เงื่อนไขของแต่ละระดับ")
    if not parts:
        return []
    return [Paragraph(
        f"หมายเหตุ: {' และ'.join(parts)} ของปี {f.year(rules.year)} ยังไม่มีแหล่งข้อมูลทางการยืนยัน "
        "itakit อนุมานจากกรณีที่เผยแพร่ ผลในรายงานนี้จึงควรตรวจทานกับประกาศของสำนักงาน ป.ป.ช.",
        style="note",
    )]


def level_reason(rules: RuleSet, result: Result, f: Fmt) -> str:
    """Why the result has its level, as a clause: the band of the total, or the tool that held a rating back."""
    if result.total is None or result.grade is None:
        return ""
    shown = round_half_up(result.total)
    held = held_back_reasons(rules, result, digits=f.digits)
    if held:
        ceiling = rules.effective_rating.ceiling(shown)
        return (f"แม้คะแนนเฉลี่ย {f.num(shown)} จะถึงเกณฑ์ของระดับ{ceiling.name_th or ceiling.code} "
                f"แต่ {' และ '.join(held)} จึงได้ระดับ{result.grade.name_th or result.grade.code}")
    if rules.rating is not None:
        level = next((lv for lv in rules.rating_levels if lv.code == result.grade.code), None)
        if level is None:
            return ""
        tools = " และคะแนนทุกเครื่องมือ" if (level.min_every_tool is not None or level.min_tools) else ""
        return f"เพราะคะแนนเฉลี่ย{tools}ถึงเกณฑ์ของระดับ{level.name_th or level.code}"
    try:
        band = rules.band_for(shown)
    except ValueError:
        return ""
    if band.code != result.grade.code:  # a plugin graded by something other than the bands
        return ""
    return (f"เพราะคะแนนเฉลี่ย {f.num(result.total)} อยู่ในช่วง {f.num(band.lower)} - {f.num(band.upper)} "
            f"ของระดับ {band.code}")


def results_section(rules: RuleSet, result: Result, agency: str | None, f: Fmt, chart: Image | None) -> Section:
    """Section 2: the total and level, the highest and lowest indicators, the table of scores and ranks."""
    who = agency or "หน่วยงาน"
    blocks: list[Block] = []
    if result.total is not None and result.grade is not None:
        grade = result.grade
        meaning = f" ({grade.name_th})" if grade.name_th and grade.name_th != grade.code else ""
        verdict = "ผ่านเกณฑ์" if grade.passed else "ยังไม่ผ่านเกณฑ์"
        reason = level_reason(rules, result, f)
        blocks.append(Paragraph(
            f"{who} ได้คะแนนเฉลี่ย {f.num(result.total)} จากคะแนนเต็ม {f.count(100)} คะแนน "
            f"อยู่ในระดับ {grade.code}{meaning} ซึ่ง{verdict} ({f.num(rules.pass_line)} คะแนนขึ้นไป)"
            + (f" {reason}" if reason else "")
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
        rows.append(Row([Cell(f"{tool.name_th} ({tool.code})", bold=True, colspan=3)], kind="group"))
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
    return Section(f.numbered(2, "ผลการประเมิน"), blocks, new_page=False)
