"""Section 4 of the report: the measures tables, one per tool, a row per indicator below full marks.

Each row lists every question below full marks (or failed OIT item) of its indicator,
with its deficiency, measure, method, responsible units, period and follow-up.  The
text comes, field by field, from the agency's plan file when it gives one, else from
the year's measures catalogue (:mod:`itakit.rules.catalogue`), else from plain generic
text; whatever the plan did not give is *drafted*, and the cell is marked as such
until the final copy.  The same drafted text feeds the written analysis of section 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import Literal

import attrs

from ...exact import HUNDRED
from ...inputs.planfile import Measure, MeasurePlan, ReportDetails
from ...rules.catalogue import CatalogueEntry, generic_entry
from ...rules.model import Indicator, RuleSet, Tool
from ...scoring.planner import ImprovementPlan
from ...scoring.result import Result
from ...thai import christian_year, format_period
from .fmt import Fmt
from .model import Block, Cell, Heading, Paragraph, Row, Section, Table

__all__ = [
    "MEASURE_COLUMNS",
    "MEASURE_WIDTHS",
    "Drafted",
    "MeasureRow",
    "catalogue_entry",
    "default_period",
    "default_period_dates",
    "drafted_plan",
    "measure_rows",
    "measures_section",
    "question_texts_known",
    "table_rows",
]

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
MEASURE_WIDTHS = (3, 8, 18, 17, 10, 17, 10, 7, 12)
"""Relative column widths of the measures tables (they fit a landscape A4 page at 12 pt)."""
_METHOD_BUDGET = 3
"""Method steps a table row shows at most: a row must fit on one page, since rows do not split."""
_ENTRIES_PER_ROW = 2
"""Questions or items per table row: an indicator with more continues on the next row, as the seed's tables do,
so that rows stay short enough to fill pages rather than leave their bottoms empty."""
_QUESTION_TAIL = (" มากน้อยเพียงใด", " หรือไม่")
_FOLLOW_UP_LIMIT = 2

Kind = Literal["question", "item", "indicator"]


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _drafts(value: Iterable[Drafted]) -> tuple[Drafted, ...]:
    return tuple(value)


@attrs.frozen
class Drafted:
    """The section-4 text of one question, OIT item or (for indicator-level input) indicator."""

    code: str
    kind: Kind
    indicator: int
    subject: str
    """The question's text or the item's name (empty for an indicator)."""
    score: Fraction | None
    deficiency: str
    strength: str
    measure: str
    method: tuple[str, ...] = attrs.field(converter=_texts)
    responsible: tuple[str, ...] = attrs.field(converter=_texts)
    period: str
    follow_up: tuple[str, ...] = attrs.field(converter=_texts)
    drafted: frozenset[str] = frozenset()
    """The fields drafted by itakit (from the catalogue or generic text) rather than given by the plan."""
    period_dates: tuple[date, date] | None = None
    """The period as dates (first and last day), as a saved plan writes it."""

    def as_measure(self) -> Measure:
        """This row's text as a plan entry with every field set, for a saved plan an officer edits."""
        return Measure(self.code, deficiency=self.deficiency, measure=self.measure, method=self.method,
                       responsible=self.responsible, period=self.period_dates, follow_up=self.follow_up)


@attrs.frozen
class MeasureRow:
    """One row of a measures table: an indicator and what it lists, plus a plan entry for the indicator itself."""

    tool: str
    indicator: int
    entries: tuple[Drafted, ...] = attrs.field(converter=_drafts)
    override: Measure | None = None


def question_texts_known(rules: RuleSet, tool: Tool) -> bool:
    """Whether the rule set words the tool's questions (2566–2568 rule sets do not: their texts are not public)."""
    return any(q.text_th for ind in tool.indicators for q in ind.questions)


def default_period_dates(rules: RuleSet) -> tuple[date, date]:
    """The drafted period: November after the assessed year to the following March, as agencies plan it."""
    year = christian_year(rules.year)
    return date(year, 11, 1), date(year + 1, 3, 31)


def default_period(rules: RuleSet, f: Fmt) -> str:
    """The drafted period as the report writes it ("พ.ย. ๖๕ ถึง มี.ค. ๖๖")."""
    return format_period(*default_period_dates(rules), digits=f.digits)


def catalogue_entry(rules: RuleSet, code: str, kind: Kind) -> CatalogueEntry:
    """The catalogue's text for a question or item code, or generic text when the year has none for it."""
    entry = rules.measures.get(code) if rules.measures is not None else None
    if entry is not None:
        return entry
    if kind == "item":
        return generic_entry(code, rules.item(code)[2].name_th, item=True)
    return generic_entry(code, rules.question(code)[1].text_th)


def _indicator_entry(ind: Indicator, result: Result, plan: ImprovementPlan, f: Fmt) -> CatalogueEntry:
    checklist = ind.kind == "checklist"
    score = result.indicator(ind.number).score
    gain = plan.gain(ind.number)
    deficiency = (f"ตัวชี้วัดนี้ได้ {f.num(score)} ขาดอีก {f.num(HUNDRED - score)} จึงเต็ม "
                  f"(หากได้เต็ม คะแนนเฉลี่ยจะเพิ่มขึ้น {f.small(gain.gain_if_full)})")
    if score >= HUNDRED:
        deficiency = "ได้คะแนนเต็มแล้ว"
    method = (("ตรวจรายการข้อมูลที่ต้องเผยแพร่ของตัวชี้วัดนี้เทียบกับเกณฑ์ทีละรายการ",
               "จัดทำหรือปรับปรุงข้อมูลที่ขาดและเผยแพร่บนเว็บไซต์ของหน่วยงาน") if checklist else
              ("วิเคราะห์ประเด็นของตัวชี้วัดนี้ที่ผู้ตอบยังให้ความเห็นไม่ถึงระดับดีที่สุด",
               "กำหนดแนวทางแก้ไขแต่ละประเด็นและมอบหมายผู้รับผิดชอบ",
               "สื่อสารแนวทางให้บุคลากรทุกระดับทราบ"))
    return CatalogueEntry(
        str(ind.number), "หน่วยงาน", deficiency=deficiency, strength=f"{ind.name_th}ได้คะแนนเต็ม",
        measure=f"มาตรการยกระดับ{ind.name_th}", method=method,
        responsible=("ผู้บริหารและหัวหน้าส่วนงานที่เกี่ยวข้อง",),
        follow_up=("รายงานความคืบหน้าต่อผู้บริหารทุกไตรมาส",), generic=True,
    )


def _draft(entry: CatalogueEntry, kind: Kind, indicator: int, subject: str, score: Fraction | None,
           planned: Measure | None, period: str, f: Fmt, period_dates: tuple[date, date] | None = None) -> Drafted:
    """Merge the plan's fields over the catalogue's, remembering which fields stayed drafted."""
    drafted: set[str] = set()

    def pick(name: str, given: object, fallback: object) -> object:
        if given:
            return given
        drafted.add(name)
        return fallback

    p = planned or Measure(entry.code)
    plan_period = format_period(p.period[0], p.period[1], digits=f.digits) if p.period is not None else None
    return Drafted(
        code=entry.code, kind=kind, indicator=indicator, subject=subject, score=score,
        deficiency=str(pick("deficiency", p.deficiency, entry.deficiency)),
        strength=entry.strength,
        measure=str(pick("measure", p.measure, entry.measure)),
        method=pick("method", p.method, entry.method),  # type: ignore[arg-type]
        responsible=pick("responsible", p.responsible, entry.responsible),  # type: ignore[arg-type]
        period=str(pick("period", plan_period, period)),
        follow_up=pick("follow_up", p.follow_up, entry.follow_up),  # type: ignore[arg-type]
        drafted=frozenset(drafted),
        period_dates=p.period or period_dates,
    )


def measure_rows(
    rules: RuleSet,
    result: Result,
    plan: ImprovementPlan,
    measures: MeasurePlan | None = None,
    f: Fmt | None = None,
) -> list[MeasureRow]:
    """The rows of the measures tables in rule-set order: for each indicator below full marks, every question below
    full marks (or failed item) — or the indicator itself when the input or the rule set has no questions —
    then any other code the plan names, in its indicator's row."""
    f = f or Fmt("arabic")
    period = default_period(rules, f)
    dates = default_period_dates(rules)
    questions = {q.code: q for q in result.questions}
    weak_questions = {q.code for q in plan.questions}
    failed = {g.code for g in plan.failed_items}
    item_codes = {i.code for i in result.items}
    named = set(measures.codes) if measures is not None else set()

    def planned(code: str) -> Measure | None:
        if measures is None:
            return None
        return measures.get(code) if code in named or measures.defaults is not None else None

    omitted = {m.code for m in measures.entries if m.omit} if measures is not None else set()

    rows: list[MeasureRow] = []
    scored = {i.number for i in result.indicators}
    for tool in rules.tools:
        worded = question_texts_known(rules, tool)
        for ind in tool.indicators:
            if ind.number not in scored:
                continue
            entries: list[Drafted] = []
            r = result.indicator(ind.number)
            if ind.kind == "survey" and worded and any(q.code in questions for q in ind.questions):
                for q in ind.questions:
                    if (q.code in weak_questions or q.code in named) and q.code not in omitted:
                        score = questions[q.code].score if q.code in questions else None
                        entries.append(_draft(catalogue_entry(rules, q.code, "question"), "question", ind.number,
                                              q.text_th, score, planned(q.code), period, f, dates))
            elif ind.kind == "checklist" and any(i.code in item_codes for i in ind.items):
                for item in ind.items:
                    if (item.code in failed or item.code in named) and item.code not in omitted:
                        entries.append(_draft(catalogue_entry(rules, item.code, "item"), "item", ind.number,
                                              item.name_th, None, planned(item.code), period, f, dates))
            elif (r.score < HUNDRED or str(ind.number) in named) and str(ind.number) not in omitted:
                entries.append(_draft(_indicator_entry(ind, result, plan, f), "indicator", ind.number, "",
                                      r.score, planned(str(ind.number)), period, f, dates))
            override = (measures.get(str(ind.number)) if measures is not None and str(ind.number) in named
                        and str(ind.number) not in omitted else None)
            if entries or override is not None:
                rows.append(MeasureRow(tool.code, ind.number, entries, override))
    return rows


def drafted_plan(
    rules: RuleSet,
    result: Result,
    plan: ImprovementPlan,
    measures: MeasurePlan | None = None,
    details: ReportDetails | None = None,
) -> MeasurePlan:
    """The measures of section 4 as a plan with every field written out: what ``--save-plan`` saves and the web
    page edits.  Read back with :func:`~itakit.inputs.planfile.read_measure_plan`, it gives the same tables with
    nothing left drafted; codes the given plan omitted stay omitted."""
    entries: list[Measure] = []
    seen: set[str] = set()
    for row in measure_rows(rules, result, plan, measures):
        for d in row.entries:
            if d.code not in seen:
                seen.add(d.code)
                entries.append(d.as_measure())
        if row.override is not None and row.override.code not in seen:
            seen.add(row.override.code)
            entries.append(row.override)
    if measures is not None:
        entries += [m for m in measures.entries if m.omit and m.code not in seen]
    if details is None and measures is not None:
        details = measures.details
    return MeasurePlan(entries, None, None, details, rules.year)


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)


def _methods(entries: Sequence[Drafted]) -> list[str]:
    """Every entry's steps when they fit the row's budget; else the first steps of each, fairly shared."""
    per = max(1, _METHOD_BUDGET // max(1, len(entries)))
    return _unique(step for d in entries for step in (d.method if "method" not in d.drafted else d.method[:per]))


def _subject(d: Drafted, f: Fmt) -> str:
    text = d.subject
    for tail in _QUESTION_TAIL:  # the table names the topic; the answer scale is not part of it
        if text.endswith(tail):
            text = text[: -len(tail)]
    return f"{f.code(d.code)} {text}".strip()


def _row_cells(rules: RuleSet, number: int, row: MeasureRow, f: Fmt, final: bool,
               entries: Sequence[Drafted], first: int, continued: bool) -> list[Cell]:
    """The cells of one table row: ``entries`` are the part of the indicator's list this row shows, starting at
    ``first`` (1 for the indicator's first row); a continued row leaves the number and indicator cells empty."""
    ind = rules.indicator(row.indicator)
    e = list(entries)
    o = row.override

    def cell(text: str, field: str, align: Literal["left", "center"] = "left") -> Cell:
        given = o is not None and (getattr(o, field) not in (None, ()))
        draft = not final and not given and any(field in d.drafted for d in e)
        return Cell(text, align=align, draft=draft)

    worded = bool(e) and e[0].kind != "indicator"
    subjects = "\n".join(_subject(d, f) for d in e) if worded else "ทุกประเด็นของตัวชี้วัดนี้"
    deficiency = f.lines([d.deficiency for d in e], first) if e else ""
    measure = f.lines(_unique(d.measure for d in e), first) if e else ""
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
        Cell("" if continued else ind.name_th),
        Cell(subjects),
        cell(deficiency, "deficiency"),
        cell(measure, "measure"),
        cell(method, "method"),
        cell(responsible, "responsible"),
        cell(period, "period", "center"),
        cell(follow_up, "follow_up"),
    ]


def table_rows(rules: RuleSet, number: int, row: MeasureRow, f: Fmt, final: bool) -> list[Row]:
    """The table rows of one indicator: its questions or items two to a row, the first row numbered."""
    if row.override is not None or len(row.entries) <= _ENTRIES_PER_ROW:
        chunks = [list(row.entries)]
    else:
        chunks = [list(row.entries[k:k + _ENTRIES_PER_ROW]) for k in range(0, len(row.entries), _ENTRIES_PER_ROW)]
    out = []
    first = 1
    for k, chunk in enumerate(chunks):
        out.append(Row(_row_cells(rules, number, row, f, final, chunk, first if len(chunks) > 1 else 1, k > 0)))
        first += len(chunk)
    return out


def measures_section(
    rules: RuleSet, result: Result, plan: ImprovementPlan, measures: MeasurePlan | None, f: Fmt, *,
    final: bool = False, closing: Sequence[Block] = (),
) -> Section:
    """Section 4: an introduction, then one table per tool (IIT, EIT, OIT), then ``closing`` (the signatures)."""
    rows = measure_rows(rules, result, plan, measures, f)
    title = f.numbered(4, "แนวทางมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    next_year = f.year(rules.year + 1)
    text = (f"มาตรการที่หน่วยงานจะดำเนินการในปีงบประมาณ {next_year} สำหรับทุกข้อคำถามที่ยังไม่ได้คะแนนเต็ม"
            "และทุกรายการที่ยังไม่ผ่าน มีดังนี้")
    if not final and any(c.draft for row in rows for r in table_rows(rules, 1, row, f, final) for c in r.cells):
        text += " (ช่องที่แรเงาสีเหลืองเป็นร่างจากผลคะแนน ยังไม่ได้รับการยืนยันจากหน่วยงาน)"
    blocks: list[Block] = [Paragraph(text)]
    if not rows:
        blocks.append(Paragraph("ทุกข้อคำถาม รายการ และตัวชี้วัดได้คะแนนเต็ม จึงไม่มีประเด็นที่ต้องแก้ไข "
                                "หน่วยงานควรรักษามาตรฐานการดำเนินงานไว้"))
    part = 0
    for tool in rules.tools:
        tool_rows = [row for row in rows if row.tool == tool.code]
        if not tool_rows:
            continue
        part += 1
        blocks.append(Heading(f"{f.count(4)}.{f.count(part)} {tool.name_th} ({tool.code})"))
        lines = [Row([Cell(h, bold=True, align="center") for h in MEASURE_COLUMNS], kind="header")]
        for n, row in enumerate(tool_rows, start=1):
            lines += table_rows(rules, n, row, f, final)
        blocks.append(Table(MEASURE_WIDTHS, lines, small=True, compact=True))
    blocks += closing
    return Section(title, blocks, landscape=True)
