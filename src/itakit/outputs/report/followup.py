"""The follow-up of last year's measures: รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน.

OIT item o43 asks every agency to report what it did with the measures it published
(o42).  This document lists every measure of the agency's saved plan (``itakit report …
--save-plan``) with its method, responsible units and period, then its status, result and
evidence — from a status file when one is given, else lines to fill in — and counts the
measures by status.  Same model, phrases, renderers and draft/final rules as the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ...inputs.planfile import Measure, MeasurePlan, ReportDetails
from ...inputs.status import MeasureStatus, Status
from ...rules.model import RuleSet
from ...thai import Digits, format_period
from ..fmt import Fmt, place_line
from ..phrases import Phrases, layers_for
from .model import Block, Cell, Paragraph, Report, Row, Section, Signature, Signatures, Table

__all__ = ["FOLLOWUP_WIDTHS", "build_followup"]

FOLLOWUP_WIDTHS = (3, 10, 14, 18, 11, 7, 12, 14, 11)
"""ที่ | ตัวชี้วัด | มาตรการ | วิธีการ | ผู้รับผิดชอบ | ระยะเวลา | สถานะ | ผลการดำเนินการ | หลักฐาน."""
_ORDER: tuple[Status, ...] = ("done", "doing", "not_started")
_KEYS = {"done": "followup.status_done", "doing": "followup.status_doing", "not_started": "followup.status_not_started"}


def _indicator_of(rules: RuleSet, code: str, given: int | None = None) -> int | None:
    if given is not None:
        return given
    if code.isdigit():
        return int(code)
    if code in rules.question_codes:
        return rules.question(code)[0].number
    if code in rules.item_codes:
        return rules.item(code)[0].number
    return None


def _indicator_name(rules: RuleSet, entry: Measure, f: Fmt) -> str:
    code = entry.code
    number = _indicator_of(rules, code, entry.indicator)
    if number is None or not any(i.number == number for i in rules.indicators):
        return f.code(code)
    return f"{f.count(number)}. {rules.indicator(number).name_th}"


def build_followup(
    rules: RuleSet,
    plan: MeasurePlan,
    *,
    agency: str | None = None,
    status: Mapping[str, MeasureStatus] | None = None,
    details: ReportDetails | None = None,
    digits: Digits = "thai",
    final: bool = False,
    phrases: str | Path | None = None,
) -> Report:
    """The follow-up of a saved plan's measures (``plan``, read with the rules of the year it answers).

    ``status`` gives, by measure id, what was done (a status file); measures without one get lines to fill in and
    stay marked as drafts until ``final``.  The measures' year is the year after the plan's.
    """
    f = Fmt(digits)
    p = Phrases(layers_for(phrases, getattr(rules, "phrases", None)), f)
    details = details or plan.details or ReportDetails()
    name = agency or details.agency or p("common.agency")
    year = (plan.year or rules.year) + 1
    status = status or {}
    entries: list[Measure] = [m for m in plan.entries if not m.omit]
    header = [Cell(p(f"followup.column_{key}"), bold=True, align="center") for key in (
        "number", "indicator", "measure", "method", "responsible", "period", "status", "result", "evidence")]
    rows = [Row(header, kind="header")]
    counts = dict.fromkeys(_ORDER, 0)
    for n, entry in enumerate(entries, start=1):
        given = status.get(entry.id)
        period = format_period(entry.period[0], entry.period[1], digits=digits) if entry.period else ""
        method = f.lines(list(entry.method)) if entry.method else ""
        if given is not None:
            counts[given.status] += 1
            cells = [Cell(p(_KEYS[given.status]), align="center"), Cell(given.result), Cell(given.evidence)]
        else:
            cells = [Cell(p("followup.status_blank"), draft=not final), Cell(p("followup.result_blank"), draft=not final),
                     Cell(p("followup.evidence_blank"), draft=not final)]
        rows.append(Row([Cell(f"{f.count(n)}.", align="center"), Cell(_indicator_name(rules, entry, f)),
                         Cell(entry.measure or entry.deficiency or ""), Cell(method),
                         Cell("\n".join(f"-\u00a0{u}" for u in entry.responsible)), Cell(period, align="center"),
                         *cells]))
    unfilled = len(entries) - sum(counts.values())
    blocks: list[Block] = [
        Paragraph(p("followup.intro", agency=name, year=year, assessed=year - 1, count=len(entries))),
    ]
    parts = [p("followup.summary_part", status=p(_KEYS[s]), count=counts[s]) for s in _ORDER]
    if unfilled:
        parts.append(p("followup.summary_unfilled", count=unfilled))
        if not final:
            blocks.append(Paragraph(p("followup.draft_note"), style="draft"))
    blocks.append(Paragraph(p("followup.summary", parts=parts)))
    count_rows = [Row([Cell(p("followup.count_column_status"), bold=True, align="center"),
                       Cell(p("followup.count_column_count"), bold=True, align="center")], kind="header")]
    count_rows += [Row([Cell(p(_KEYS[s])), Cell(f.count(counts[s]), align="center")]) for s in _ORDER]
    if unfilled:
        count_rows.append(Row([Cell(p("followup.unfilled_label")), Cell(f.count(unfilled), align="center")]))
    count_rows.append(Row([Cell(p("followup.count_total"), bold=True),
                           Cell(f.count(len(entries)), align="center", bold=True)], kind="total"))
    blocks.append(Table((70, 30), count_rows, keep=True))
    blocks.append(Table(FOLLOWUP_WIDTHS, rows))
    blocks.append(Paragraph(p("followup.closing"), style="plain"))
    signers = []
    for role in ("prepared_by", "checked_by", "approved_by"):
        given_signer = getattr(details, role)
        signers.append(Signature(
            sign=p("signatures.sign", role=p(f"signatures.{role}")),
            name=p("signatures.name", name=given_signer.name) if given_signer and given_signer.name
            else p("signatures.blank_name"),
            position=p("signatures.position", position=given_signer.position) if given_signer and
            given_signer.position else p("signatures.blank_position"),
            date=p("signatures.date")))
    blocks.append(Signatures(signers))
    title = [p("followup.title", variant=k, year=year) for k in range(p.variants("followup.title"))]
    title.append(name)
    place = place_line(details.district, details.province)
    if place:
        title.append(place)
    section = Section("", tuple(blocks), landscape=True, contents=False)
    return Report(tuple(title), (section,), digits=digits, final=final, name=" ".join(title))
