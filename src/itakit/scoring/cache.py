"""What every agency scored by one rule set shares, worked out once: code sets, point tables, plans, counted tables.

National work scores thousands of agencies by the same rules, most of them from one
counted table (the ``fast`` reader's).  Whatever does not depend on the agency is kept
here: each answer scale's points over one denominator, each indicator's plan, each
tool's weights as whole numbers, and per counted table its indicators scored for every
agency at once (:mod:`itakit.scoring.bulk`) and what the table means for each tool.
"""

from __future__ import annotations

import math

from ..inputs.data import CountTable
from ..rules.model import AnswerScale, Indicator, Question, RuleSet, SubItem, Tool
from .bulk import Scores, score_table
from .counted import Agency, Weights, score_counted

__all__ = ["Counted", "ScoringCache"]

Counted = tuple[list[Agency | None], tuple[str, ...]]
"""Every agency of a counted table as the table alone scores it (None: left to the general path), and the tools
it leaves out."""
Plan = tuple[tuple[Question, tuple[tuple[str, int, dict[str, int]], ...]], ...]
"""Each question of an indicator with its sub-items' (code, denominator, {option key: numerator})."""


def _point_table(scale: AnswerScale, reverse: bool) -> tuple[int, dict[str, int]]:
    """An answer scale's points over one common denominator: (denominator, {option key: numerator})."""
    points = {o.key: scale.points(o.key, reverse=reverse) for o in scale.options}
    den = math.lcm(*(p.denominator for p in points.values()))
    return den, {key: p.numerator * (den // p.denominator) for key, p in points.items()}


class _Counted:
    """What is kept per counted table (which it holds, so the table's id is not reused while it is kept)."""

    __slots__ = ("agencies", "every", "table", "unknown", "untouched")

    def __init__(self, table: CountTable) -> None:
        self.table = table
        self.every: dict[int, Scores | None] = {}
        self.untouched: dict[int, bool] = {}
        self.unknown: tuple[str, ...] | None = None
        self.agencies: Counted | None | bool = False  # False: not worked out yet


class ScoringCache:
    """What every agency scored by one rule set shares: code sets, point tables, plans and counted tables."""

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self.sub_item_codes = frozenset(rule_set.sub_item_codes)
        self.question_codes = frozenset(rule_set.question_codes)
        self.item_codes = frozenset(rule_set.item_codes)
        self.indicators = tuple((ind, rule_set.tool_of(ind.number).code) for ind in rule_set.indicators)
        """Every indicator with its tool's code, in order."""
        self.verified = rule_set.verified
        """The rule set's :attr:`~itakit.rules.model.RuleSet.verified` (a property that looks again each time)."""
        self.points: dict[tuple[str, bool], tuple[int, dict[str, int]]] = {}
        self.questions: dict[str, list[tuple[SubItem, int, dict[str, int]]]] = {}
        self.sub_codes_of: dict[int, dict[str, tuple[str, ...]]] = {}
        self.plans: dict[int, Plan] = {}
        self.weights: dict[str, Weights] = {}
        self.tables: dict[int, _Counted] = {}

    # -- counted tables ------------------------------------------------------------

    def _counted(self, table: CountTable) -> _Counted:
        entry = self.tables.get(id(table))
        if entry is None or entry.table is not table:
            entry = self.tables[id(table)] = _Counted(table)
        return entry

    def unknown_columns(self, table: CountTable) -> tuple[str, ...]:
        """The columns of a counted table that are no sub-item of the rule set (the same for all its agencies)."""
        entry = self._counted(table)
        if entry.unknown is None:
            entry.unknown = tuple(c for c in table.codes if c not in self.sub_item_codes)
        return entry.unknown

    def untouched(self, indicator: Indicator, table: CountTable) -> bool:
        """True when a counted table holds none of an indicator's sub-items."""
        known = self._counted(table).untouched
        found = known.get(indicator.number)
        if found is None:
            codes = set(table.codes)
            found = known[indicator.number] = all(
                code not in codes for subs in self.sub_codes(indicator).values() for code in subs)
        return found

    def every_agency(self, indicator: Indicator, table: CountTable) -> Scores | None:
        """An indicator scored for every agency of a counted table (once per table and indicator)."""
        per = self._counted(table).every
        if indicator.number not in per:
            per[indicator.number] = score_table(table, indicator, self.answer_plan(indicator))
        return per[indicator.number]

    def counted(self, table: CountTable) -> Counted | None:
        """Every agency of a counted table as the table alone scores it, or None when each must be looked at alone.

        A tool counts when each of its indicators is scored for every agency at once, or
        when the table touches none of them (EIT in an IIT file; OIT, which raw answers
        never give: then the tool is left out).  None when the table has a column the rules
        do not know, or a tool partly covered or not scored at once: each agency then goes
        through the general path, which reports what is wrong.
        """
        entry = self._counted(table)
        if entry.agencies is False:
            entry.agencies = None if self.unknown_columns(table) else self._score_counted(table)
        return entry.agencies  # type: ignore[return-value]

    def _score_counted(self, table: CountTable) -> Counted | None:
        tools = []
        left_out = []
        for tool in self.rule_set.tools:
            every: list[tuple[Indicator, Scores]] = []
            for ind in tool.indicators:
                if ind.kind != "survey" or self.untouched(ind, table):
                    continue  # nothing from raw answers: an OIT checklist, a score-only indicator, columns not read
                found = self.every_agency(ind, table)
                if found is None:
                    return None
                every.append((ind, found))
            if not every:
                left_out.append(tool.code)
            elif len(every) < len(tool.indicators):
                return None  # a tool partly given: the general path names what is missing
            else:
                tools.append((tool, self.tool_weights(tool), every))
        if not tools:
            return None
        return score_counted(tools, self.indicators, table.size), tuple(left_out)

    # -- the rules' own plans ------------------------------------------------------

    def tool_weights(self, tool: Tool) -> Weights:
        """A tool's indicator weights as whole numbers over one denominator, and their sum."""
        found = self.weights.get(tool.code)
        if found is None:
            den = math.lcm(*(i.weight.denominator for i in tool.indicators))
            whole = tuple(i.weight.numerator * (den // i.weight.denominator) for i in tool.indicators)
            found = self.weights[tool.code] = (whole, sum(whole))
        return found

    def sub_codes(self, indicator: Indicator) -> dict[str, tuple[str, ...]]:
        """Each question of an indicator with the codes of its sub-items."""
        codes = self.sub_codes_of.get(indicator.number)
        if codes is None:
            codes = self.sub_codes_of[indicator.number] = {
                q.code: tuple(sub.code for sub in q.sub_items) for q in indicator.questions
            }
        return codes

    def answer_plan(self, indicator: Indicator) -> Plan:
        """Each question of an indicator with its sub-items' (code, denominator, {option key: numerator})."""
        plan = self.plans.get(indicator.number)
        if plan is None:
            plan = self.plans[indicator.number] = tuple(
                (q, tuple((sub.code, den, points) for sub, den, points in self.sub_items(q)))
                for q in indicator.questions
            )
        return plan

    def sub_items(self, question: Question) -> list[tuple[SubItem, int, dict[str, int]]]:
        """A question's sub-items, each with its point table (denominator, {option key: numerator})."""
        plan = self.questions.get(question.code)
        if plan is None:
            plan = self.questions[question.code] = [
                (sub, *self.point_table(sub.scale, sub.reverse)) for sub in question.sub_items
            ]
        return plan

    def point_table(self, scale_code: str, reverse: bool) -> tuple[int, dict[str, int]]:
        """An answer scale's points, the right way round, as (denominator, {option key: numerator})."""
        table = self.points.get((scale_code, reverse))
        if table is None:
            table = self.points[(scale_code, reverse)] = _point_table(self.rule_set.scale(scale_code), reverse)
        return table
