"""What the report says about each weak question, item or indicator: drafted from the catalogue, then the plan.

For every question below full marks (or failed checklist item) — or, when only indicator
figures are known, every indicator below full marks — the text comes, field by field,
from the agency's plan file when it gives one; else from the year's measures catalogue
(the code's own entry, a topic its wording matches, the indicator's entry); else from
the phrase file's plain wording built on the question's own text.  Whatever the plan did
not give stays *drafted*, and is marked so until the final copy.  Section 3 (deficiency
and recommendation) and section 4 (the measures tables) both read these drafts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import Literal

import attrs

from ...exact import HUNDRED
from ...inputs.planfile import Measure, MeasurePlan, ReportDetails
from ...inputs.questions import QuestionSheet
from ...rules.catalogue import CatalogueEntry
from ...rules.model import Indicator, RuleSet, Tool
from ...scoring.planner import ImprovementPlan
from ...scoring.result import Result
from ...thai import christian_year, format_period
from ..fmt import Fmt
from ..phrases import Phrases

__all__ = [
    "Drafted",
    "MeasureRow",
    "default_period",
    "default_period_dates",
    "drafted_plan",
    "measure_rows",
    "question_texts_known",
    "topic_of",
]

Kind = Literal["question", "item", "indicator"]
_QUESTION_TAILS = (" มากน้อยเพียงใด", "มากน้อยเพียงใด", " หรือไม่", "หรือไม่")


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _drafts(value: Iterable[Drafted]) -> tuple[Drafted, ...]:
    return tuple(value)


@attrs.frozen
class Drafted:
    """The text of one weak question, checklist item or (for indicator-level input) indicator."""

    code: str
    kind: Kind
    indicator: int
    subject: str
    """The question's text or the item's name as the report names it (empty for an indicator)."""
    score: Fraction | None
    deficiency: str
    strength: str
    recommendation: str
    measure: str
    method: tuple[str, ...] = attrs.field(converter=_texts)
    responsible: tuple[str, ...] = attrs.field(converter=_texts)
    period: str
    follow_up: tuple[str, ...] = attrs.field(converter=_texts)
    drafted: frozenset[str] = frozenset()
    """The fields drafted from the catalogue or generic wording rather than given by the plan."""
    period_dates: tuple[date, date] | None = None
    """The period as dates (first and last day), as a saved plan writes it."""

    def as_measure(self) -> Measure:
        """This row's text as a plan entry with every field set, for a saved plan an officer edits."""
        return Measure(self.code, deficiency=self.deficiency, measure=self.measure, method=self.method,
                       responsible=self.responsible, period=self.period_dates, follow_up=self.follow_up,
                       indicator=self.indicator)


@attrs.frozen
class MeasureRow:
    """One indicator's part of a measures table: its weak questions or items, and a plan entry for the indicator."""

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


def topic_of(text: str) -> str:
    """A question's text without its answer scale ("… มากน้อยเพียงใด"): what it is about."""
    text = " ".join(text.split())
    for tail in _QUESTION_TAILS:
        if text.endswith(tail):
            return text[: -len(tail)].strip()
    return text


class _Drafter:
    """Finds the text for each weak code: catalogue entry, topic or indicator entry, else the phrase file."""

    def __init__(self, rules: RuleSet, p: Phrases) -> None:
        self.rules = rules
        self.p = p
        self.catalogue = rules.measures

    def _respondents(self, number: int) -> str | None:
        """Whose perception an indicator's score is: the catalogue's subject for it, else the survey's respondents
        told from the tool's name (staff for an internal survey, the public for an external one); None for a
        checklist (no respondents)."""
        entry = self.catalogue.get(str(number)) if self.catalogue is not None else None
        if entry is not None:
            return None if entry.subject == "หน่วยงาน" else entry.subject
        ind = self.rules.indicator(number)
        name = self.rules.tool_of(number).name_th
        if ind.kind == "checklist" or not ("ภายนอก" in name or "ภายใน" in name):
            return None
        return self.p("measures.respondents_external" if "ภายนอก" in name else "measures.respondents_internal")

    def perceiver(self, number: int) -> str:
        return self._respondents(number) or self.p("measures.respondents_internal")

    def question(self, code: str, text: str, number: int, score: Fraction | None, *,
                 item: bool = False) -> CatalogueEntry:
        found = self.catalogue.for_question(code, text, number) if self.catalogue is not None else None
        if found is not None:
            return found
        topic = topic_of(text) or code
        base = self.catalogue.get(str(number)) if self.catalogue is not None else None
        deficiency = (self.p("measures.item_deficiency", topic=topic) if item else
                      self.p("measures.question_deficiency", perceiver=self.perceiver(number), topic=topic,
                             score=score if score is not None else HUNDRED))
        if base is not None:
            steps = (self.p("measures.question_method", topic=topic), *base.method)[:4]
            return attrs.evolve(base, code=code, deficiency=deficiency, method=steps, question="")
        kind = "item" if item else "question"
        perceiver = self.perceiver(number)
        return CatalogueEntry(
            code, "หน่วยงาน" if item else perceiver, deficiency=deficiency,
            strength=self.p(f"generic.{kind}_strength", topic=topic, perceiver=perceiver),
            recommendation=self.p(f"generic.{kind}_recommendation", topic=topic),
            measure=self.p(f"generic.{kind}_measure", topic=topic),
            method=self._steps(f"generic.{kind}_method"),
            responsible=(self.p("generic.responsible"),), follow_up=(self.p("generic.follow_up"),), generic=True,
        )

    def _steps(self, key: str, **facts: object) -> tuple[str, ...]:
        return tuple(self.p(key, variant=k, **facts) for k in range(self.p.variants(key)))

    def indicator(self, ind: Indicator) -> CatalogueEntry:
        base = self.catalogue.get(str(ind.number)) if self.catalogue is not None else None
        if base is not None:
            return base
        perceiver = self._respondents(ind.number)
        deficiency = (self.p("generic.checklist_deficiency", name=ind.name_th) if perceiver is None else
                      self.p("generic.indicator_deficiency", name=ind.name_th, perceiver=perceiver))
        return CatalogueEntry(
            str(ind.number), "หน่วยงาน", deficiency=deficiency,
            strength=self.p("generic.indicator_strength", name=ind.name_th),
            recommendation=self.p("generic.indicator_recommendation", name=ind.name_th),
            measure=self.p("generic.indicator_measure", name=ind.name_th),
            method=self._steps("generic.question_method"),
            responsible=(self.p("generic.responsible"),), follow_up=(self.p("generic.follow_up"),), generic=True,
        )


def _draft(entry: CatalogueEntry, kind: Kind, indicator: int, subject: str, score: Fraction | None,
           planned: Measure | None, period: str, f: Fmt, period_dates: tuple[date, date]) -> Drafted:
    """Merge the plan's fields over the drafted ones, remembering which fields stayed drafted."""
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
        recommendation=entry.recommendation,
        measure=str(pick("measure", p.measure, entry.measure)),
        method=pick("method", p.method, entry.method),  # type: ignore[arg-type]
        responsible=pick("responsible", p.responsible, entry.responsible),  # type: ignore[arg-type]
        period=str(pick("period", plan_period, period)),
        follow_up=pick("follow_up", p.follow_up, entry.follow_up),  # type: ignore[arg-type]
        drafted=frozenset(drafted),
        period_dates=p.period or period_dates,
    )


def _distinct(entries: list[Drafted], p: Phrases, drafter: _Drafter) -> list[Drafted]:
    """Two questions matched to the same topic would share a deficiency: the later ones get their own wording."""
    seen: set[str] = set()
    out = []
    for d in entries:
        if d.deficiency in seen and "deficiency" in d.drafted and d.kind == "question":
            own = p("measures.question_deficiency", perceiver=drafter.perceiver(d.indicator),
                    topic=topic_of(d.subject) or d.code, score=d.score if d.score is not None else HUNDRED)
            d = attrs.evolve(d, deficiency=own)
        seen.add(d.deficiency)
        out.append(d)
    return out


def measure_rows(
    rules: RuleSet,
    result: Result,
    plan: ImprovementPlan,
    measures: MeasurePlan | None = None,
    f: Fmt | None = None,
    *,
    questions: QuestionSheet | None = None,
    phrases: Phrases | None = None,
) -> list[MeasureRow]:
    """The rows of the measures tables in rule-set order: for each indicator below full marks, every question below
    full marks (or failed item) — from the rules' own question list, else the agency's ``questions`` detail, else
    the indicator itself — then any other code the plan names, in its indicator's row; codes the plan omits are
    left out."""
    f = f or Fmt("arabic")
    p = phrases or Phrases((), f)
    drafter = _Drafter(rules, p)
    period = default_period(rules, f)
    dates = default_period_dates(rules)
    scored_questions = {q.code: q for q in result.questions}
    weak_questions = {q.code for q in plan.questions}
    failed = {g.code for g in plan.failed_items}
    item_codes = {i.code for i in result.items}
    named = set(measures.codes) if measures is not None else set()
    omitted = {m.code for m in measures.entries if m.omit} if measures is not None else set()

    def planned(code: str) -> Measure | None:
        if measures is None:
            return None
        return measures.get(code) if code in named or measures.defaults is not None else None

    rows: list[MeasureRow] = []
    scored = {i.number for i in result.indicators}
    for tool in rules.tools:
        worded = question_texts_known(rules, tool)
        for ind in tool.indicators:
            if ind.number not in scored:
                continue
            entries: list[Drafted] = []
            r = result.indicator(ind.number)
            detail = questions.of(ind.number) if questions is not None else ()
            if ind.kind == "survey" and worded and any(q.code in scored_questions for q in ind.questions):
                for q in ind.questions:
                    if (q.code in weak_questions or q.code in named) and q.code not in omitted:
                        score = scored_questions[q.code].score if q.code in scored_questions else None
                        entry = drafter.question(q.code, q.text_th, ind.number, score)
                        subject = entry.question or q.text_th
                        entries.append(_draft(entry, "question", ind.number, subject, score, planned(q.code),
                                              period, f, dates))
            elif ind.kind == "checklist" and any(i.code in item_codes for i in ind.items):
                for item in ind.items:
                    if (item.code in failed or item.code in named) and item.code not in omitted:
                        entry = drafter.question(item.code, item.name_th, ind.number, None, item=True)
                        entries.append(_draft(entry, "item", ind.number, item.name_th, None, planned(item.code),
                                              period, f, dates))
            elif detail:
                for row in detail:
                    if (row.weak or row.code in named) and row.code not in omitted:
                        entry = drafter.question(row.code, row.text, ind.number, row.score, item=row.is_item)
                        entries.append(_draft(entry, "item" if row.is_item else "question", ind.number,
                                              entry.question or row.text, None if row.is_item else row.score,
                                              planned(row.code), period, f, dates))
            elif (r.score < HUNDRED or str(ind.number) in named) and str(ind.number) not in omitted:
                entries.append(_draft(drafter.indicator(ind), "indicator", ind.number, "", r.score,
                                      planned(str(ind.number)), period, f, dates))
            key = str(ind.number)
            override = (measures.get(key) if measures is not None and key in named and key not in omitted
                        and any(e.kind != "indicator" for e in entries) else None)
            if entries or override is not None:
                rows.append(MeasureRow(tool.code, ind.number, _distinct(entries, p, drafter), override))
    return rows


def drafted_plan(
    rules: RuleSet,
    result: Result,
    plan: ImprovementPlan,
    measures: MeasurePlan | None = None,
    details: ReportDetails | None = None,
    *,
    questions: QuestionSheet | None = None,
) -> MeasurePlan:
    """The measures of section 4 as a plan with every field written out: what ``--save-plan`` saves and the web
    page edits.  Read back with :func:`~itakit.inputs.planfile.read_measure_plan`, it gives the same tables with
    nothing left drafted; codes the given plan omitted stay omitted."""
    entries: list[Measure] = []
    seen: set[str] = set()
    for row in measure_rows(rules, result, plan, measures, questions=questions):
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
