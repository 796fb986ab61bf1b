"""The way to a better level, in words: the leverage of each indicator, then what the next grade or rating needs.

Section 3 of the report ends with it, and ``itakit plan`` prints it alone.  For grade bands
of the total (2565) it is the planner's smallest changes; for a rating that also looks at
the tools (2566 on) it is a table of each tool against the floors of the better levels and,
per level, the score each short tool must reach — spread evenly over the tool's indicators,
as an officer would plan it.  Every figure is exact (:mod:`itakit.scoring.planner`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ...exact import round_half_up
from ...rules.rating import RatingLevel
from .context import ReportContext
from .model import Block, Cell, Paragraph, Row, Table

__all__ = ["even_target", "planner_blocks"]

_CENT = Decimal("0.01")


def planner_blocks(ctx: ReportContext, *, items: bool = False) -> list[Block]:
    """The leverage table, what passing each failed checklist item adds (with ``items``: the report's section 3 says
    it beside each item already), then the way to the next grade (bands) or to each better rating (levels)."""
    blocks = _leverage(ctx)
    plan = ctx.plan
    if items:
        blocks += [Paragraph(ctx.p("planner.item_gain", code=g.code, name=g.name_th, indicator=g.indicator,
                                   after=g.indicator_after, total_after=g.total_after)) for g in plan.failed_items]
    if plan.total is None:
        return blocks
    if ctx.rules.rating is not None:
        return blocks + _rating_blocks(ctx)
    return blocks + _grade_blocks(ctx)


def _leverage(ctx: ReportContext) -> list[Block]:
    f, p = ctx.f, ctx.p
    rows = [Row([Cell(p(key), bold=True, align="center") for key in
                 ("planner.column_indicator", "planner.column_share", "planner.column_per_point",
                  "planner.column_most")], kind="header")]
    for g in ctx.plan.gains:
        most = (p("planner.less_than", value=Decimal("0.01")) if g.gain_if_full > 0 and
                round_half_up(g.gain_if_full) == 0 else f.num(g.gain_if_full))
        rows.append(Row([Cell(p("framework.indicator", number=g.number, name=g.name_th)),
                         Cell(f.weight(g.share), align="center"), Cell(f.num(g.gain_per_point), align="center"),
                         Cell(most, align="center")]))
    return [Paragraph(p("planner.weights")), Table((46, 18, 18, 18), rows, keep=True)]


def _grade_blocks(ctx: ReportContext) -> list[Block]:
    p, plan = ctx.p, ctx.plan
    total = plan.total
    assert total is not None
    route = plan.route
    level = ctx.level()
    if route is None:
        own = ctx.rules.effective_rating.level(plan.grade) if plan.grade else None
        if own is None or plan.margin is None:
            return [Paragraph(p("planner.top_hook", total=total, level=level))]
        return [Paragraph(p("planner.top", total=total, level=level, lower=own.min_total, margin=plan.margin))]
    target = ctx.level(code=route.target)
    blocks: list[Block] = [Paragraph(p("planner.next", total=total, level=level, target=target,
                                       lower=route.target_lower, needed=route.points_needed))]
    options: list[str] = []
    if route.items is not None and route.items_total_after is not None:
        options.append(p("planner.route_items", codes=[ctx.f.code(c) for c in route.items],
                         after=route.items_total_after, target=target))
    if route.indicator is not None and route.indicator_target is not None:
        g = plan.gain(route.indicator)
        options.append(p("planner.route_indicator", number=g.number, name=g.name_th, score=g.score,
                         target_score=route.indicator_target))
    if route.combination:
        options.append(p("planner.route_combination", items=bool(plan.failed_items), parts=[
            p("planner.route_part", number=n, score=s) for n, s in route.combination]))
    if not options:
        options.append(p("planner.unreachable", target=target))
    blocks.append(Paragraph("\n".join(f"{ctx.f.count(k)}. {text}" for k, text in enumerate(options, start=1))
                            if len(options) > 1 else options[0], style="plain"))
    return blocks


def _tool_score(ctx: ReportContext, code: str, scores: dict[int, Fraction]) -> Fraction:
    shares = ctx.rules.weights_by_indicator()
    numbers = [i.number for i in ctx.rules.tool(code).indicators]
    weight = sum((shares[n] for n in numbers), Fraction(0))
    return sum((shares[n] * scores[n] for n in numbers), Fraction(0)) / weight


def even_target(ctx: ReportContext, code: str, floor: Decimal) -> tuple[Decimal, tuple[int, ...]] | None:
    """The least two-decimal score x such that raising every indicator of tool ``code`` below x to x makes the
    tool's displayed score reach ``floor``; with the indicators that must rise.  None when 100 is not enough."""
    current = {i.number: i.score for i in ctx.result.indicators}
    numbers = [i.number for i in ctx.rules.tool(code).indicators if i.number in current]
    if len(numbers) != len(ctx.rules.tool(code).indicators):
        return None

    def reaches(x: Decimal) -> bool:
        raised = dict(current)
        for n in numbers:
            raised[n] = max(raised[n], Fraction(x))
        return round_half_up(_tool_score(ctx, code, raised)) >= floor

    if not reaches(Decimal("100.00")):
        return None
    low, high = 0, 10000  # cents
    while low < high:
        mid = (low + high) // 2
        if reaches(Decimal(mid).scaleb(-2)):
            high = mid
        else:
            low = mid + 1
    x = Decimal(low).scaleb(-2)
    return x, tuple(n for n in numbers if current[n] < x)


def _rating_blocks(ctx: ReportContext) -> list[Block]:
    p, f, result = ctx.p, ctx.f, ctx.result
    assert result.total is not None and result.grade is not None
    levels = ctx.rules.rating_levels
    own = next((k for k, lv in enumerate(levels) if lv.code == result.grade.code), None)
    blocks: list[Block] = []
    now = p("planner.rating_now", total=result.total, level=ctx.level())
    if own is None:
        return [Paragraph(p("planner.rating_unknown"))]
    better = list(reversed(levels[:own]))  # the next better level first
    shown = round_half_up(result.total)
    tools = {t.code: t.display_score for t in result.tools}
    if not better:
        margin = ctx.plan.margin
        if margin is not None:
            return [Paragraph(p("planner.top", total=result.total, level=ctx.level(), lower=levels[own].min_total,
                                margin=margin))]
        return [Paragraph(p("planner.top_hook", total=result.total, level=ctx.level()))]
    first = better[0]
    short = first.shortfall(shown, tools)
    needs = []
    if short.total > 0:
        needs.append(p("planner.rating_need_total", points=short.total, target=first.min_total))
    needs += [p("planner.rating_need_tool", tool=code, points=points, target=first.tool_floor(code))
              for code, points in short.tools]
    blocks.append(Paragraph(f"{now} {p('planner.rating_next', needs=needs, next=ctx.level(code=first.code))}"
                            if needs else now))
    blocks += _floor_table(ctx, better, tools, shown)
    lines = [_route_line(ctx, level, tools, shown) for level in better]
    lines = [line for line in lines if line]
    if lines:
        blocks.append(Paragraph("\n".join(f"{f.count(k)}. {text}" for k, text in enumerate(lines, start=1))
                                if len(lines) > 1 else lines[0], style="plain"))
    return blocks


def _floor_table(ctx: ReportContext, better: list[RatingLevel], tools: dict[str, Decimal], shown: Decimal
                 ) -> list[Block]:
    p, f = ctx.p, ctx.f
    header = [Cell(p("planner.rating_column_tool"), bold=True, align="center"),
              Cell(p("planner.rating_column_score"), bold=True, align="center")]
    header += [Cell(p("planner.rating_column_level", level=ctx.level(code=lv.code)), bold=True, align="center")
               for lv in better]
    rows = [Row(header, kind="header")]

    def verdict(value: Decimal, floor: Decimal | None) -> str:
        if floor is None or floor <= 0:
            return p("planner.rating_no_floor")
        if value >= floor:
            return f"{f.num(floor)} ({p('planner.rating_met')})"
        return f"{f.num(floor)} ({p('planner.rating_short', points=floor - value)})"

    for code, value in tools.items():
        rows.append(Row([Cell(code, align="center"), Cell(f.num(value), align="center")]
                        + [Cell(verdict(value, lv.tool_floor(code)), align="center") for lv in better]))
    rows.append(Row([Cell(p("planner.rating_total_row"), align="center", bold=True),
                     Cell(f.num(shown), align="center", bold=True)]
                    + [Cell(verdict(shown, lv.min_total), align="center") for lv in better], kind="total"))
    widths = [18, 16] + [round(66 / len(better))] * len(better)
    return [Paragraph(p("planner.rating_table_intro")), Table(widths, rows, keep=True)]


def _route_line(ctx: ReportContext, level: RatingLevel, tools: dict[str, Decimal], shown: Decimal) -> str:
    """What a better level needs, tool by tool: the score to reach, how much more, and an even way there."""
    p = ctx.p
    short = level.shortfall(shown, tools)
    parts = []
    met = []
    for code in tools:
        floor = level.tool_floor(code)
        if floor is None:
            continue
        if tools[code] >= floor:
            met.append(code)
            continue
        target = even_target(ctx, code, floor)
        if target is None:
            continue
        each, numbers = target
        parts.append(p("planner.rating_route_tool", tool=code, score=floor, gain=floor - tools[code],
                       indicators=ctx.indicators_phrase(numbers) if numbers else code, each=each))
    if short.total > 0:
        parts.append(p("planner.rating_route_total", score=level.min_total))
    if not parts:
        return ""
    if met:
        parts.append(p("planner.rating_tools_met", tools=met))
    return p("planner.rating_route", level=ctx.level(code=level.code), parts=parts)
