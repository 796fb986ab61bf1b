"""What every part of a document is built from: the rules, the result, the planner, the agency, the words.

One frozen object handed to each section builder, so that each can ask for the facts it
needs and the phrase to say them with, and none re-derives what another already knows.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ...inputs.planfile import MeasurePlan, ReportDetails
from ...inputs.questions import QuestionSheet
from ...rules.model import RuleSet
from ...rules.rating import Grade
from ...scoring.planner import ImprovementPlan
from ...scoring.result import Result
from ..fmt import Fmt, place_line
from ..phrases import Phrases

__all__ = ["ReportContext"]


@attrs.frozen
class ReportContext:
    """The facts of one report and the means to word them (``f`` formats numbers, ``p`` gives phrases)."""

    rules: RuleSet
    result: Result
    plan: ImprovementPlan
    f: Fmt
    p: Phrases
    agency: str
    details: ReportDetails
    measures: MeasurePlan | None = None
    questions: QuestionSheet | None = None
    previous: Result | None = None
    final: bool = False
    date_line: str = ""

    @property
    def rating_era(self) -> bool:
        """True when the year rates by levels that also look at the tools (a declared rating)."""
        return self.rules.rating is not None

    def level(self, grade: Grade | None = None, *, code: str | None = None) -> str:
        """A level as running text names it: a grade as it is (AA), a rating in quotes (“ผ่านดี”)."""
        if grade is None and code is None:
            grade = self.result.grade
        if grade is not None:
            code, name = grade.code, grade.name_th
        else:
            level = next((lv for lv in self.rules.rating_levels if lv.code == code), None)
            name = level.name_th if level is not None else ""
        if self.rating_era and code in {lv.code for lv in self.rules.rating_levels}:  # last year's grade stays one
            return self.p("level.rating", name=name or code)
        return self.p("level.grade", code=code, name=name)

    @property
    def place(self) -> str:
        """อำเภอ… จังหวัด… when known, else empty."""
        return place_line(self.details.district, self.details.province)

    @property
    def preparer(self) -> str:
        """Who prepared the report: the unit of the agency (สำนักปลัด องค์การ…) or the agency itself."""
        unit = (self.details.unit or "").strip()
        return f"{unit} {self.agency}".strip() if unit and self.agency not in unit else (unit or self.agency)

    @property
    def year(self) -> int:
        return self.rules.year

    @property
    def next_year(self) -> int:
        return self.rules.year + 1

    def indicator_name(self, number: int) -> str:
        return self.rules.indicator(number).name_th

    def indicators_phrase(self, numbers: Sequence[int]) -> str:
        """One indicator with its name ("ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร"), several as a set ("ตัวชี้วัดที่ ๖–๘")."""
        if len(numbers) == 1:
            return self.p("results.indicators_one", number=numbers[0], name=self.indicator_name(numbers[0]))
        return self.p("results.indicators_many", numbers=self.f.number_set(numbers))
