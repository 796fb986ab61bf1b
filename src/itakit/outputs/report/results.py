"""Sections 1 and 2 of the report: the framework, weights and levels of the year, then the result with ranks.

Both are built from the rule set, so another year's plugin gets its own tables; the words
come from the phrase file (``framework.*``, ``results.*``).  :func:`level_reason` says
why a result has its level — for a rating that also looks at the tools, which tool held
it back and the floor it missed — in the terms a Thai official document uses.
"""

from __future__ import annotations

from ...exact import round_half_up
from .context import ReportContext
from .model import Block, Cell, Heading, Image, Paragraph, Row, Section, Table

__all__ = ["RESULT_WIDTHS", "framework_section", "level_reason", "pass_rule", "results_section", "unconfirmed_note"]

RESULT_WIDTHS = (64, 18, 18)
"""ตัวชี้วัด | ผลคะแนน | อันดับ."""


def framework_section(ctx: ReportContext) -> Section:
    """Section 1: the tools, indicators and weights, then how a result's level is decided."""
    f, p, rules = ctx.f, ctx.p, ctx.rules
    blocks: list[Block] = [
        Heading(f"{f.count(1)}.{f.count(1)} {p('framework.tools_heading')}"),
        Paragraph(p("framework.tools_intro", year=ctx.year, indicator_count=len(rules.indicators),
                    tool_count=len(rules.tools))),
    ]
    rows = [Row([Cell(p(key), bold=True, align="center") for key in
                 ("framework.tool_column", "framework.indicator_column", "framework.weight_column")], kind="header")]
    for tool in rules.tools:
        span = len(tool.indicators)
        for k, ind in enumerate(tool.indicators):
            cells = []
            if k == 0:
                cells.append(Cell(f"{tool.name_th} ({tool.code})", rowspan=span))
            cells.append(Cell(p("framework.indicator", number=ind.number, name=ind.name_th)))
            if k == 0:
                cells.append(Cell(f.weight(tool.weight), align="center", rowspan=span))
            rows.append(Row(cells))
    blocks.append(Table((34, 50, 16), rows, size="body", keep=True))
    blocks.append(Heading(f"{f.count(1)}.{f.count(2)} {p('framework.criteria_heading')}"))
    blocks += _rating_table(ctx) if rules.rating is not None else _band_table(ctx)
    blocks += unconfirmed_note(ctx)
    return Section(f.numbered(1, p("framework.title")), blocks)


def _band_table(ctx: ReportContext) -> list[Block]:
    p, rules = ctx.p, ctx.rules
    rows = [Row([Cell(p(key), bold=True, align="center") for key in
                 ("framework.bands_score", "framework.bands_level", "framework.bands_verdict")], kind="header")]
    for band in rules.bands_descending:
        rows.append(Row([
            Cell(p("framework.band_range", lower=band.lower, upper=band.upper), align="center"),
            Cell(band.code, align="center"),
            Cell(p("framework.passed" if band.passed else "framework.failed"), align="center"),
        ]))
    return [Paragraph(p("framework.bands_intro", count=len(rules.bands), pass_line=rules.pass_line)),
            Table((40, 25, 35), rows, size="body", keep=True)]


def _rating_table(ctx: ReportContext) -> list[Block]:
    p, rules = ctx.p, ctx.rules
    levels = rules.rating_levels
    rows = [Row([Cell(p(key), bold=True, align="center") for key in
                 ("framework.rating_level", "framework.rating_total", "framework.rating_tools",
                  "framework.bands_verdict")], kind="header")]
    for k, level in enumerate(levels):
        if level.min_total > 0:
            total = p("framework.rating_at_least", value=level.min_total)
        elif k and not levels[k - 1].has_tool_conditions:
            total = p("framework.rating_below", value=levels[k - 1].min_total)
        elif k:
            total = p("framework.rating_otherwise")
        else:
            total = p("framework.rating_no_tool")
        tools = []
        if level.min_every_tool is not None:
            tools.append(p("framework.rating_every_tool", value=level.min_every_tool))
        tools += [p("framework.rating_named_tool", tool=code, value=floor) for code, floor in level.min_tools]
        rows.append(Row([
            Cell(level.name_th or level.code, align="center"),
            Cell(total, align="center"),
            Cell("\n".join(tools) if tools else p("framework.rating_no_tool"), align="center"),
            Cell(p("framework.passed" if level.passed else "framework.failed"), align="center"),
        ]))
    return [Paragraph(p("framework.rating_intro", year=ctx.year, count=len(levels),
                        tools=[t.code for t in rules.tools])),
            Table((24, 26, 32, 18), rows, size="body", keep=True)]


def unconfirmed_note(ctx: ReportContext) -> list[Block]:
    """A drafting note (never in the final copy) where the weights or level conditions that decide the result are
    not confirmed by a public source, quoting where the rule set says they come from."""
    rules, p = ctx.rules, ctx.p
    if not rules.unverified or ctx.final:
        return []
    what = []
    if any(not t.provenance.verified for t in rules.tools):
        what.append(p("framework.unconfirmed_weights"))
    levels_unsure = [lv for lv in rules.rating_levels if not lv.provenance.verified]
    if levels_unsure or len(rules.unverified) > len(what):
        what.append(p("framework.unconfirmed_levels"))
    sources: list[str] = []
    for prov in [t.provenance for t in rules.tools] + [lv.provenance for lv in levels_unsure]:
        said = "; ".join(x for x in (prov.source, prov.note) if x)  # the rule set's own words, never ours
        if not prov.verified and said and said not in sources:
            sources.append(said)
    return [Paragraph(p("framework.unconfirmed", what=what, year=ctx.year, sources="; ".join(sources)),
                      style="draft")]


def pass_rule(ctx: ReportContext) -> str:
    """The condition of passing in words, when the total alone decides it ("คะแนนรวม ๘๕.๐๐ คะแนนขึ้นไป"); empty when
    a passing level also asks something of the tools (then the level table says it)."""
    passing = [lv for lv in ctx.rules.rating_levels if lv.passed]
    if passing and not passing[-1].has_tool_conditions:
        return ctx.p("results.pass_rule", pass_line=passing[-1].min_total)
    return ""


def level_reason(ctx: ReportContext) -> str:
    """Why the result has its level when its total alone would give the next better one: each floor of that level
    a tool is below (:func:`itakit.scoring.explain.explain_rating`); empty when the total decided it."""
    from ...scoring.explain import explain_rating

    result, p = ctx.result, ctx.p
    explanation = explain_rating(ctx.rules, result)
    if explanation is None or not explanation.better or not explanation.held_back_by:
        return ""
    nearer = explanation.better[0]
    if any(c.kind == "total" for c in explanation.held_back_by):
        return ""  # the total itself is short of the next level: the total decided it
    ceiling = ctx.level(code=nearer.code)
    reasons = [p("results.held_back_tool", tool=c.subject, score=c.held, floor=c.needed, ceiling=ceiling)
               for c in explanation.held_back_by]
    return p("results.held_back", ceiling=ceiling, reasons=reasons, level=ctx.level())


def _extremes(ctx: ReportContext) -> str:
    indicators = ctx.result.indicators
    if not indicators:
        return ""
    shown = {i.number: round_half_up(i.score) for i in indicators}
    high, low = max(shown.values()), min(shown.values())
    if high == low:
        return ctx.p("results.all_equal", score=high)
    return ctx.p("results.highest_lowest",
                 highest=ctx.indicators_phrase([n for n, s in shown.items() if s == high]), high=high,
                 lowest=ctx.indicators_phrase([n for n, s in shown.items() if s == low]), low=low)


def results_section(ctx: ReportContext, chart: Image | None) -> Section:
    """Section 2: the total and level (and why), the tools, the highest and lowest indicators, the table of scores
    and ranks by tool, and the chart."""
    f, p, rules, result = ctx.f, ctx.p, ctx.rules, ctx.result
    blocks: list[Block] = [Paragraph(p("results.intro", year=ctx.year, agency=ctx.agency, place=ctx.place))]
    if result.total is not None and result.grade is not None:
        text = p("results.summary", agency=ctx.agency, total=result.total, level=ctx.level(),
                 passed=result.grade.passed, pass_rule=pass_rule(ctx))
        reason = level_reason(ctx)
        blocks.append(Paragraph(f"{text} {reason}" if reason else text))
    else:
        blocks.append(Paragraph(p("results.incomplete", missing=list(result.missing_tools))))
    if result.tools:
        blocks.append(Paragraph(p("results.tools", parts=[p("results.tool_score", code=t.code, score=t.score)
                                                          for t in result.tools])))
    extremes = _extremes(ctx)
    if extremes:
        blocks.append(Paragraph(extremes))
    scored = {i.number: i for i in result.indicators}
    for tool in rules.tools:  # a small table per tool, kept whole on its page, as the seed sets them
        if not any(i.number in scored for i in tool.indicators):
            continue
        rows = [Row([Cell(p("results.tool_group", name=tool.name_th, code=tool.code, name_en=tool.name_en),
                          colspan=3)], kind="group"),
                Row([Cell(p(key), bold=True, align="center") for key in
                     ("results.indicator_column", "results.score_column", "results.rank_column")], kind="header")]
        for ind in tool.indicators:
            r = scored.get(ind.number)
            if r is not None:
                rows.append(Row([Cell(p("framework.indicator", number=ind.number, name=ind.name_th)),
                                 Cell(f.num(r.score), align="center"), Cell(f.count(r.rank), align="center")]))
        try:
            tool_score = result.tool(tool.code).score
        except KeyError:
            tool_score = None
        if tool_score is not None:
            rows.append(Row([Cell(p("results.tool_total", code=tool.code), bold=True, align="right"),
                             Cell(f.num(tool_score), align="center", bold=True), Cell("")], kind="total"))
        blocks.append(Table(RESULT_WIDTHS, rows, size="body", keep=True))
    if result.total is not None and result.grade is not None:
        level = result.grade.name_th if ctx.rating_era and result.grade.name_th else result.grade.code
        blocks.append(Table(RESULT_WIDTHS, [Row([
            Cell(p("results.total_row"), bold=True, align="right"), Cell(f.num(result.total), align="center", bold=True),
            Cell(p("results.level_cell", level=level), align="center", bold=True)], kind="total")],
            size="body", keep=True))
    if chart is not None:
        blocks.append(chart)
        blocks.append(Paragraph(p("results.chart_caption"), style="center"))
    return Section(f.numbered(2, p("results.title")), blocks, new_page=False)
