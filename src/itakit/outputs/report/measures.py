"""Section 4 of the report: the measures tables, one per tool, a row per indicator below full marks.

Each row lists the indicator's weak questions (or failed items, or the indicator itself)
with their deficiency, measure, method, responsible units, period and follow-up, drafted
by :mod:`.drafting`; cells the plan did not give are marked as drafts until the final
copy.  Column headers and the introduction are the seed's, from the phrase file
(``measures.*``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from ...thai import format_period
from .context import ReportContext
from .drafting import Drafted, MeasureRow, measure_rows
from .model import Block, Cell, Heading, Paragraph, Row, Section, Table

__all__ = ["MEASURE_COLUMNS", "MEASURE_WIDTHS", "measures_section", "table_rows"]

MEASURE_COLUMNS = ("number", "indicator", "subject", "deficiency", "measure", "method", "responsible", "period",
                   "follow_up")
"""The columns of a measures table; their headers are the phrases ``measures.column_<name>``."""
MEASURE_WIDTHS = (3, 8, 14, 14, 15, 19, 9, 7, 11)
"""Relative column widths of the measures tables, for a landscape A4 page at 14 pt (the seed's proportions)."""
_METHOD_BUDGET = 2
"""Drafted method steps a table row shows at most (a plan may give more): rows never split, so a short row packs
pages better."""
_ENTRIES_PER_ROW = 1
"""Questions or items per table row: an indicator with more continues on the next row, so that a page can break
between two questions (rows never split, and a tall row would leave the page above it half empty)."""
_FOLLOW_UP_LIMIT = 2


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _methods(entries: Sequence[Drafted]) -> list[str]:
    """Every entry's steps when they fit the row's budget; else the first steps of each, fairly shared."""
    per = max(1, _METHOD_BUDGET // max(1, len(entries)))
    return _unique(step for d in entries for step in (d.method if "method" not in d.drafted else d.method[:per]))


def _subject(ctx: ReportContext, d: Drafted) -> str:
    if d.kind == "indicator":
        return ctx.p("measures.subject_indicator", name=ctx.indicator_name(d.indicator))
    return f"{ctx.f.code(d.code)} {d.subject}".strip()


def _row_cells(ctx: ReportContext, number: int, row: MeasureRow, entries: Sequence[Drafted], first: int,
               continued: bool) -> list[Cell]:
    """The cells of one table row: ``entries`` are the part of the indicator's list this row shows, starting at
    ``first`` (1 for the indicator's first row); a continued row leaves the number and indicator cells empty."""
    f = ctx.f
    e = list(entries)
    o = row.override

    def cell(text: str, field: str, align: Literal["left", "center"] = "left") -> Cell:
        given = o is not None and (getattr(o, field) not in (None, ()))
        draft = not ctx.final and not given and any(field in d.drafted for d in e)
        return Cell(text, align=align, draft=draft)

    subjects = "\n".join(_subject(ctx, d) for d in e)
    deficiency = f.lines([d.deficiency for d in e], first) if e else ""
    measure = "\n".join(_unique(d.measure for d in e))
    method = f.lines(_methods(e)) if e else ""
    responsible = "\n".join(f"-\u00a0{u}" for u in _unique(u for d in e for u in d.responsible))
    period = "\n".join(_unique(d.period for d in e))
    follow_up = f.lines(_unique(x for d in e for x in d.follow_up)[:_FOLLOW_UP_LIMIT]) if e else ""
    if o is not None:
        deficiency = o.deficiency or deficiency
        measure = o.measure or measure
        method = f.lines(o.method) if o.method else method
        responsible = "\n".join(f"-\u00a0{u}" for u in o.responsible) if o.responsible else responsible
        if o.period is not None:
            period = format_period(o.period[0], o.period[1], digits=f.digits)
        follow_up = f.lines(o.follow_up) if o.follow_up else follow_up
    return [
        Cell("" if continued else f"{f.count(number)}.", align="center"),
        Cell("" if continued else ctx.indicator_name(row.indicator)),
        Cell(subjects),
        cell(deficiency, "deficiency"),
        cell(measure, "measure"),
        cell(method, "method"),
        cell(responsible, "responsible"),
        cell(period, "period", "center"),
        cell(follow_up, "follow_up"),
    ]


def table_rows(ctx: ReportContext, number: int, row: MeasureRow) -> list[Row]:
    """The table rows of one indicator: its questions or items two to a row, the first row numbered.  A plan's
    entry for the indicator itself fills every row of it (it does not merge them into one tall row)."""
    chunks = [list(row.entries[k:k + _ENTRIES_PER_ROW]) for k in range(0, len(row.entries), _ENTRIES_PER_ROW)]
    chunks = chunks or [[]]
    out = []
    first = 1
    for k, chunk in enumerate(chunks):
        out.append(Row(_row_cells(ctx, number, row, chunk, first if len(chunks) > 1 else 1, k > 0)))
        first += len(chunk)
    return out


def measures_section(ctx: ReportContext, closing: Sequence[Block] = ()) -> Section:
    """Section 4: the title line, the two introductory paragraphs, a drafting note in a draft, one table per tool
    with the seed's full column headers, then ``closing`` (the signatures)."""
    f, p, result = ctx.f, ctx.p, ctx.result
    rows = measure_rows(ctx.rules, result, ctx.plan, ctx.measures, f, questions=ctx.questions, phrases=p)
    blocks: list[Block] = [Paragraph(p("measures.heading", agency=ctx.agency, next_year=ctx.next_year),
                                     style="center")]
    if result.total is not None and result.grade is not None:
        blocks.append(Paragraph(p("measures.intro", year=ctx.year, agency=ctx.agency, total=result.total,
                                  level=ctx.level(), next_year=ctx.next_year, tool_count=len(ctx.rules.tools))))
    else:
        blocks.append(Paragraph(p("measures.intro_partial", year=ctx.year, agency=ctx.agency,
                                  next_year=ctx.next_year)))
    blocks.append(Paragraph(p("measures.therefore", agency=ctx.agency)))
    tables: list[Block] = []
    part = 0
    drafted = False
    for tool in ctx.rules.tools:
        tool_rows = [row for row in rows if row.tool == tool.code]
        if not tool_rows:
            continue
        part += 1
        tables.append(Heading(f"{f.count(4)}.{f.count(part)} {p('measures.tool_heading', tool=tool.name_th, code=tool.code)}"))
        header = [Cell(p(f"measures.column_{name}", code=tool.code), bold=True, align="center")
                  for name in MEASURE_COLUMNS]
        lines = [Row(header, kind="header")]
        for n, row in enumerate(tool_rows, start=1):
            lines += table_rows(ctx, n, row)
        drafted = drafted or any(c.draft for line in lines for c in line.cells)
        tables.append(Table(MEASURE_WIDTHS, lines))
    if drafted and not ctx.final:
        blocks.append(Paragraph(p("measures.draft_note"), style="draft"))
    if not rows:
        blocks.append(Paragraph(p("measures.nothing")))
    blocks += tables
    blocks += closing
    return Section(f.numbered(4, p("measures.title")), blocks, landscape=True)
