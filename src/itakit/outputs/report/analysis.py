"""Section 3 of the report: the overall judgement, then per tool the seed's table ตัวชี้วัด (คะแนน) | ข้อบกพร่อง |
ข้อเสนอแนะ with one recommendation per deficiency, the strengths, and the way to a better level.

The deficiencies and recommendations are the drafts of :mod:`.drafting` (catalogue, plan
file, or generic wording on the question's own text), so section 3 and the measures of
section 4 always agree.  Perceptions are the respondents' (บุคลากร, ผู้รับบริการ), as the
catalogue words them; a checklist item is what the agency has not yet published.
"""

from __future__ import annotations

from fractions import Fraction

from ...exact import HUNDRED, round_half_up
from ...rules.model import Tool
from .context import ReportContext
from .drafting import Drafted, measure_rows
from .model import Block, Cell, Heading, Paragraph, Row, Section, Table
from .planning import planner_blocks

__all__ = ["NATIONAL_TARGET_SHARE", "analysis_section", "judgement_blocks"]

NATIONAL_TARGET_SHARE = Fraction(80)
"""The national target of the anti-corruption master plan: at least 80 % of agencies pass."""
_STRENGTHS_SHOWN = 3


def judgement_blocks(ctx: ReportContext) -> list[Block]:
    """The overall judgement: the total and level as the seed words it, against the national target, against last
    year (with a table of indicators when both years have them), and the lead into the per-tool analysis."""
    p, result = ctx.p, ctx.result
    if result.total is None or result.grade is None:
        return [Paragraph(p("judgement.incomplete"))]
    levels = ctx.rules.effective_rating.levels
    top = levels[0].code == result.grade.code
    judgement = "judgement.top" if top else "judgement.passed" if result.grade.passed else "judgement.failed"
    blocks: list[Block] = [Paragraph(
        p("judgement.overall", agency=ctx.agency, place=ctx.place, total=result.total, level=ctx.level())
        + " " + p(judgement))]
    shown = round_half_up(result.total)
    passing = [lv for lv in levels if lv.passed]
    line = passing[-1].min_total if passing else ctx.rules.pass_line
    key = "judgement.target_met" if result.grade.passed else "judgement.target_missed"
    blocks.append(Paragraph(p(key, share=NATIONAL_TARGET_SHARE, pass_line=line, agency=ctx.agency,
                              gap=max(line - shown, 0))))
    blocks += _previous_blocks(ctx)
    blocks.append(Paragraph(p("judgement.consider")))
    blocks.append(Paragraph(p("judgement.by_indicator", agency=ctx.agency, year=ctx.year)))
    return blocks


def _previous_blocks(ctx: ReportContext) -> list[Block]:
    prev, result, p, f = ctx.previous, ctx.result, ctx.p, ctx.f
    if prev is None or prev.total is None or result.total is None:
        return []
    before, after = round_half_up(prev.total), round_half_up(result.total)
    before_level = ctx.level(prev.grade) if prev.grade is not None else ""
    blocks: list[Block] = [Paragraph(p(
        "judgement.previous", before_year=prev.year, before=before, before_level=before_level, change=after - before,
        level_changed=prev.grade is not None and result.grade is not None and prev.grade.code != result.grade.code,
        level=ctx.level()))]
    old = {i.number: round_half_up(i.score) for i in prev.indicators}
    pairs = [(i.number, old[i.number], round_half_up(i.score)) for i in result.indicators if i.number in old
             and ctx.rules.indicator(i.number).name_th == i.name_th]
    if not pairs:
        return blocks
    rows = [Row([Cell(p("judgement.previous_table_indicator"), bold=True, align="center"),
                 Cell(p("judgement.previous_table_before", year=prev.year), bold=True, align="center"),
                 Cell(p("judgement.previous_table_after", year=ctx.year), bold=True, align="center"),
                 Cell(p("judgement.previous_table_change"), bold=True, align="center")], kind="header")]
    for number, b, a in pairs:
        change = (p("judgement.change_up", value=a - b) if a > b else p("judgement.change_down", value=b - a)
                  if a < b else p("judgement.change_none"))
        rows.append(Row([Cell(p("framework.indicator", number=number, name=ctx.indicator_name(number))),
                         Cell(f.num(b), align="center"), Cell(f.num(a), align="center"),
                         Cell(change, align="center")]))
    blocks.append(Table((52, 16, 16, 16), rows, keep=True))
    down = [number for number, b, a in pairs if a < b]
    if down:
        blocks.append(Paragraph(p("judgement.previous_down", indicators=[
            p("framework.indicator", number=n, name=ctx.indicator_name(n)) for n in down])))
    return blocks


def _deficiency(ctx: ReportContext, d: Drafted) -> str:
    p = ctx.p
    if d.kind == "question" and d.score is not None:
        return p("analysis.deficiency_question", code=d.code, score=d.score, text=d.deficiency)
    if d.kind == "item":
        return p("analysis.deficiency_item", code=d.code, name=d.subject, text=d.deficiency)
    score = ctx.result.indicator(d.indicator).score
    return p("analysis.deficiency_indicator", score=score, gap=HUNDRED - score, text=d.deficiency)


def _recommendation(ctx: ReportContext, d: Drafted) -> str:
    p = ctx.p
    text = d.recommendation or p("analysis.recommendation_fallback", measure=d.measure)
    if d.kind == "item":
        try:
            gain = ctx.plan.item(d.code)
        except KeyError:
            return text
        return p("analysis.recommendation_item", text=text, indicator=gain.indicator, after=gain.indicator_after,
                 total_after=gain.total_after)
    return text


def _tool_blocks(ctx: ReportContext, tool: Tool, drafts: dict[int, list[Drafted]], part: int) -> list[Block]:
    f, p, result = ctx.f, ctx.p, ctx.result
    numbers = [i.number for i in tool.indicators]
    span = (p("analysis.span_many", first=numbers[0], last=numbers[-1]) if len(numbers) > 1
            else p("analysis.span_one", first=numbers[0]))
    blocks: list[Block] = [Heading(f"{f.count(3)}.{f.count(part)} "
                                   + p("analysis.tool_heading", tool=tool.name_th, code=tool.code, span=span))]
    try:
        tool_result = result.tool(tool.code)
    except KeyError:
        return [*blocks, Paragraph(p("analysis.tool_missing"))]
    weak = [n for n in numbers if result.indicator(n).score < HUNDRED]
    items = [i for i in result.items if i.indicator in numbers]
    if not weak:
        return [*blocks, Paragraph(p("analysis.tool_full", tool=tool.name_th, code=tool.code,
                                     items=len(items) if items and all(i.passed for i in items) else 0))]
    intro = p("analysis.tool_weak", tool=tool.name_th, code=tool.code, score=tool_result.score,
              weak_count=len(weak), indicator_count=len(numbers))
    caps = _caps(ctx, tool.code)
    blocks.append(Paragraph(f"{intro} {caps}".strip() if caps else intro))
    rows = [Row([Cell(p(key), bold=True, align="center") for key in
                 ("analysis.column_indicator", "analysis.column_deficiency", "analysis.column_recommendation")],
                kind="header")]
    for number in weak:  # a row per deficiency, so that a page may break between two of them
        entries = drafts.get(number, [])
        pairs = [(_deficiency(ctx, d), _recommendation(ctx, d)) for d in entries] or [("", "")]
        label = Cell(p("analysis.indicator_cell", number=number, name=ctx.indicator_name(number),
                       score=result.indicator(number).score), rowspan=len(pairs))
        for k, (deficiency, recommendation) in enumerate(pairs):
            numbered = len(pairs) > 1
            cells = [Cell(f"{f.count(k + 1)}. {deficiency}" if numbered else deficiency),
                     Cell(f"{f.count(k + 1)}. {recommendation}" if numbered else recommendation)]
            rows.append(Row([label, *cells] if k == 0 else cells))
    blocks.append(Table((24, 38, 38), rows))
    blocks += _strengths(ctx, tool, part)
    return blocks


def _caps(ctx: ReportContext, code: str) -> str:
    """For a rating that looks at tools: this tool is below the floor of the next better level."""
    result = ctx.result
    if not ctx.rating_era or result.grade is None or result.next_grade is None:
        return ""
    short = result.tools_to_next_grade.get(code)
    level = next((lv for lv in ctx.rules.rating_levels if lv.code == result.next_grade), None)
    if not short or level is None:
        return ""
    return ctx.p("analysis.tool_caps", code=code, score=result.tool(code).display_score,
                 floor=level.tool_floor(code), next=ctx.level(code=level.code))


def _strengths(ctx: ReportContext, tool: Tool, part: int) -> list[Block]:
    """What full marks show: questions of the tool at 100 with the catalogue's strengths, else the indicators."""
    p, result = ctx.p, ctx.result
    full_indicators = [i.number for i in tool.indicators
                       if any(r.number == i.number for r in result.indicators) and result.indicator(i.number).score
                       >= HUNDRED]
    catalogue = ctx.rules.measures
    full = [q for q in result.questions if ctx.rules.tool_of(q.indicator).code == tool.code and q.score >= HUNDRED]
    if full and catalogue is not None:
        shown = [e.strength for q in full[:_STRENGTHS_SHOWN] if (e := catalogue.get(q.code)) is not None]
        if shown:
            codes = [ctx.f.code(q.code) for q in full]
            return [Paragraph(p("analysis.strengths", variant=part - 1, tool=tool.name_th,
                                questions=p("analysis.question_list", codes=codes), shown=shown))]
    if full_indicators:
        return [Paragraph(p("analysis.full_indicators", indicators=[
            p("framework.indicator", number=n, name=ctx.indicator_name(n)) for n in full_indicators]))]
    return []


def analysis_section(ctx: ReportContext) -> Section:
    """Section 3: the overall judgement, each tool, and the way to a better level."""
    f, p = ctx.f, ctx.p
    drafts: dict[int, list[Drafted]] = {}
    for row in measure_rows(ctx.rules, ctx.result, ctx.plan, ctx.measures, f, questions=ctx.questions, phrases=p):
        drafts[row.indicator] = list(row.entries)
    blocks: list[Block] = judgement_blocks(ctx)
    part = 0
    for tool in ctx.rules.tools:
        part += 1
        blocks += _tool_blocks(ctx, tool, drafts, part)
    part += 1
    blocks.append(Heading(f"{f.count(3)}.{f.count(part)} {p('planner.heading')}"))
    blocks += planner_blocks(ctx)
    return Section(f.numbered(3, p("judgement.title")), blocks, new_page=False)
