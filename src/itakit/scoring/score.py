"""Turn an agency's input into its result, exactly, by a year's rule set.

The arithmetic, all in Fractions: a sub-item scores the mean points of the answers
given to it (blanks left out, reverse items turned around); a question the mean of
its sub-items; an indicator the mean of its questions, or of its OIT sub-indicators,
each the percentage of its items that pass; a tool the weighted mean of its
indicators; the total the tools weighted by their percentages.  Only the displayed
figures are rounded, and the grade follows the displayed total.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from operator import attrgetter, mul

import attrs

from ..errors import DataError, Problem, Problems
from ..exact import half_up_units, mean, percent, to_fraction
from ..inputs.answers.counts import tables_of_tallies
from ..inputs.data import AgencyData, AnswerTally, CountedAnswers, CountTable
from ..rules.model import Indicator, Question, RuleSet
from ..rules.plugins import Registry, get_registry
from .cache import ScoringCache
from .counted import Agency, counted_results
from .result import IndicatorResult, ItemResult, QuestionResult, Result, ToolResult
from .standing import standing

__all__ = ["rank", "rescorer", "score", "score_many"]

Gathered = tuple[dict[int, tuple[Fraction, str]], list[ToolResult], list[str]]
"""The indicators scored (number: score and where it came from), the tools scored, the tools left out."""


_BLANK = attrgetter("blank")


def _tally_sums(answers: Mapping[str, AnswerTally]) -> Callable[[str, Mapping[str, int]], tuple[int, int] | None]:
    """(Σ points × count, answered) of a sub-item from its tally dict; KeyError for a key with no points."""

    def sums(code: str, points: Mapping[str, int]) -> tuple[int, int] | None:
        counts = answers[code].counts
        # C loops (map, sum); a label instead of a key raises KeyError: the general path takes over
        return sum(map(mul, map(points.__getitem__, counts), counts.values())), sum(counts.values())

    return sums


def rank(scores: Mapping[int, Fraction]) -> dict[int, int]:
    """Rank scores by their displayed figure, 1 = highest; equal figures share the better rank."""
    # the displayed figures, in hundredths (whole numbers compare as the Decimals shown would)
    shown = {key: half_up_units(v if type(v) is Fraction else to_fraction(v)) for key, v in scores.items()}
    ordered = sorted(shown.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in shown.items()}


class _Scorer:
    """Scores one agency; gathers every problem before raising, so a user fixes them all at once."""

    def __init__(self, rule_set: RuleSet, data: AgencyData, cache: ScoringCache | None = None,
                 counted: tuple[CountTable, int] | None = None) -> None:
        self.rules = rule_set
        self.data = data
        self.counted = counted
        """The count table holding this agency's dict tallies, and its row there
        (:func:`~itakit.inputs.answers.counts.tables_of_tallies`)."""
        self.cache = cache if cache is not None else ScoringCache(rule_set)
        self.problems = Problems(data.source, limit=None)
        self.questions: list[QuestionResult] = []
        self.items: list[ItemResult] = []

    def problem(self, message: str, column: str | None = None) -> None:
        self.problems.add(message, column=column)

    # -- checking what was given -------------------------------------------------

    def check_codes(self) -> None:
        rules = self.rules
        for number in self.data.indicator_scores:
            try:
                rules.indicator(number)
            except KeyError:
                known = ", ".join(str(i.number) for i in rules.indicators)
                self.problem(f"there is no indicator {number} in {rules.year} (expected one of {known})")
        codes = self.cache
        for code in self.data.question_scores:
            if code in codes.item_codes:
                self.problem(f"{code} is an {rules.code_kind(code)}: give pass or fail, not a score", column=code)
            elif code not in codes.question_codes:
                self.problem(f"{code!r} is not a question code of {rules.year}")
        for code in self.data.item_results:
            if code not in codes.item_codes:
                self.problem(f"{code!r} is not a checklist item code of {rules.year} ({rules.code_ranges()})")
        answers = self.data.answers
        if isinstance(answers, CountedAnswers):
            unknown: Iterable[str] = codes.unknown_columns(answers.table)
        elif answers.keys() <= codes.sub_item_codes:  # a C-level check first: the usual answer is yes
            unknown = ()
        else:
            unknown = answers
        for code in unknown:
            if code not in codes.sub_item_codes:
                self.problem(f"{code!r} is not an answer column of {rules.year}")

    # -- indicators ----------------------------------------------------------------

    def from_questions(self, ind: Indicator) -> tuple[Fraction, str] | None:
        given = self.data.question_scores
        answers = self.data.answers
        if not given and answers:
            fast = self.from_answers_only(ind)
            if fast is not None:
                return fast
            if isinstance(answers, CountedAnswers) and self.cache.untouched(ind, answers.table):
                return None  # none of its columns were read (EIT questions in an IIT file): nothing to report
        codes = self.cache.sub_codes(ind)
        flags = [(q, q.code in given, not answers.keys().isdisjoint(codes[q.code])) for q in ind.questions]
        if not any(has_score or has_answers for _, has_score, has_answers in flags):
            return None
        missing = [q.code for q, has_score, has_answers in flags if not (has_score or has_answers)]
        if missing:
            self.problem(
                f"indicator {ind.number} ({ind.name_en}): questions {', '.join(missing)} are missing; "
                f"give all of {', '.join(q.code for q in ind.questions)} or none"
            )
            return None
        scores: list[Fraction] = []
        source = "questions"
        for q, has_score, has_answers in flags:
            if has_score:
                if has_answers:
                    self.problem(f"question {q.code} is given both as a score and as raw answers")
                value: Fraction | None = given[q.code]
                self.questions.append(QuestionResult(q.code, ind.number, q.text_th, q.text_en, given[q.code]))
            else:
                value = self.from_answers(ind, q)
                source = "answers"
            if value is not None:
                scores.append(value)
        if len(scores) < len(ind.questions):
            return None  # a problem was already recorded for the question that failed
        return mean(scores), source

    def from_answers_only(self, ind: Indicator) -> tuple[Fraction, str] | None:
        """An indicator scored from raw answers alone, in whole numbers, by the rule set's precomputed plan.

        The common case of national work, kept free of any per-agency walking of the rule
        set: each sub-item is an integer sum of points × counts over its scale's
        denominator, each question one Fraction, each indicator one more.  None when
        anything is unusual (a column missing, a label instead of a key, nobody
        answering): the general path then scores it and reports the problem.
        """
        answers = self.data.answers
        if isinstance(answers, CountedAnswers):  # every agency of the table at once, then this one's row
            every = self.cache.every_agency(ind, answers.table)
            scored = None if every is None else every.row(answers.row)
            if scored is None:
                return None
            self.questions.extend(scored[0])
            return scored[1], "answers"
        questions: list[QuestionResult] = []
        scores: list[Fraction] = []
        sums = _tally_sums(answers)
        try:
            for q, subs in self.cache.answer_plan(ind):
                if len(subs) == 1:
                    code, den, points = subs[0]
                    got = sums(code, points)
                    if got is None or not got[1]:
                        return None
                    total, answered = got
                    score = Fraction(total, den * answered)
                else:
                    parts = []
                    answered = 0
                    for code, den, points in subs:
                        got = sums(code, points)
                        if got is None or not got[1]:
                            return None
                        total, count = got
                        parts.append((total, den * count))
                        if count > answered:
                            answered = count
                    common = math.lcm(*(d for _, d in parts))
                    score = Fraction(sum(t * (common // d) for t, d in parts), common * len(parts))
                scores.append(score)
                questions.append(QuestionResult(q.code, ind.number, q.text_th, q.text_en, score, answered))
        except KeyError:
            return None
        self.questions.extend(questions)
        return mean(scores), "answers"

    def from_answers(self, ind: Indicator, q: Question) -> Fraction | None:
        answers = self.data.answers
        sub_scores: list[tuple[int, int]] = []  # (points, respondents × denominator) per sub-item
        answered = 0
        ok = True
        for sub, den, points in self.cache.sub_items(q):
            tally = answers.get(sub.code)
            if tally is None:
                self.problem(
                    f"question {q.code} has sub-items {', '.join(s.code for s in q.sub_items)}: "
                    f"the column {sub.code} is missing",
                    column=sub.code,
                )
                ok = False
                continue
            total = count = 0
            for key, n in tally.counts.items():  # the hot loop of national scoring: kept inline
                value = points.get(key)
                if value is None or not n:
                    if not n:
                        continue
                    scored = self.tally_score(sub.code, sub.scale, sub.reverse, tally)
                    if scored is None:
                        ok = False
                        break
                    total, den_count, count = scored
                    break
                total += value * n
                count += n
            else:
                if count == 0:
                    self.problem(f"no respondent answered {sub.code}; a question needs at least one answer",
                                 column=sub.code)
                    ok = False
                    continue
                den_count = den * count
            if not ok:
                continue
            sub_scores.append((total, den_count))
            answered = max(answered, count)
        if not ok:
            return None
        if len(sub_scores) == 1:
            score = Fraction(*sub_scores[0])
        else:  # the mean of the sub-items' scores, over one common denominator
            common = math.lcm(*(d for _, d in sub_scores))
            score = Fraction(sum(t * (common // d) for t, d in sub_scores), common * len(sub_scores))
        self.questions.append(QuestionResult(q.code, ind.number, q.text_th, q.text_en, score, answered))
        return score

    def tally_score(
        self, code: str, scale_code: str, reverse: bool, tally: AnswerTally
    ) -> tuple[int, int, int] | None:
        """A sub-item's mean points as (numerator, denominator), and how many respondents answered it."""
        den, points = self.cache.point_table(scale_code, reverse)
        total = 0
        count = 0
        for key, n in tally.counts.items():
            if n == 0:
                continue
            value = points.get(key)
            if value is None:
                scale = self.rules.scale(scale_code)
                option = scale.option(key)  # a label or another spelling of a key
                if option is None:
                    self.problem(f"answer {key!r} is not on the {scale.label_en} ({', '.join(scale.keys)})",
                                 column=code)
                    return None
                value = points[option.key]
            total += value * n
            count += n
        if count == 0:
            self.problem(f"no respondent answered {code}; a question needs at least one answer", column=code)
            return None
        return total, den * count, count

    def from_items(self, ind: Indicator) -> Fraction | None:
        results = self.data.item_results
        if not results:
            return None
        present = [item.code for item in ind.items if item.code in results]
        if not present:
            return None
        missing = [item.code for item in ind.items if item.code not in results]
        if missing:
            self.problem(
                f"indicator {ind.number} ({ind.name_en}): {self.rules.tool_of(ind.number).code} items "
                f"{', '.join(missing)} are missing; "
                f"give all of its {len(ind.items)} items or none"
            )
            return None
        sub_scores = []
        for sub in ind.sub_indicators:
            passed = 0
            for item in sub.items:
                ok = results[item.code]
                passed += ok
                self.items.append(ItemResult(item.code, ind.number, sub.code, item.name_th, item.name_en, ok))
            sub_scores.append(percent(passed, len(sub.items)))
        return mean(sub_scores)

    def indicator_score(self, ind: Indicator) -> tuple[Fraction, str] | None:
        direct = self.data.indicator_scores.get(ind.number)
        if ind.kind == "survey":
            derived = self.from_questions(ind)
        else:
            items = self.from_items(ind)
            derived = None if items is None else (items, "items")
        if direct is not None:
            if derived is not None:
                self.problem(f"indicator {ind.number} is given both as a score and through its questions or items")
            return direct, "indicator"
        return derived

    # -- the whole result ---------------------------------------------------------

    def blank_answers(self) -> int:
        answers = self.data.answers
        if isinstance(answers, CountedAnswers):
            return answers.blanks()
        return sum(map(_BLANK, answers.values()))

    def gather(self) -> Gathered:
        """Every tool's indicators scored, the tools scored in full, and the tools left out (problems recorded)."""
        scored: dict[int, tuple[Fraction, str]] = {}
        tools: list[ToolResult] = []
        missing_tools: list[str] = []
        for tool in self.rules.tools:
            got = {ind.number: self.indicator_score(ind) for ind in tool.indicators}
            present = {n: v for n, v in got.items() if v is not None}
            if not present:
                missing_tools.append(tool.code)
                continue
            absent = [n for n, v in got.items() if v is None]
            if absent:
                names = ", ".join(str(n) for n in absent)
                lacking = f"indicator {names} is" if len(absent) == 1 else f"indicators {names} are"
                self.problem(
                    f"{tool.code} has indicators {', '.join(str(i.number) for i in tool.indicators)}: "
                    f"{lacking} missing (give every indicator of a tool, or leave the tool out)"
                )
                continue
            scored.update(present)
            tool_score = mean([present[i.number][0] for i in tool.indicators], self.cache.tool_weights(tool)[0])
            tools.append(ToolResult(tool.code, tool.name_th, tool.name_en, tool.weight, tool_score))
        return scored, tools, missing_tools

    def from_counts_only(self) -> tuple[Agency, tuple[str, ...]] | None:
        """The question, indicator and tool results of an agency that brought only a counted table's answers,
        and the tools left out.

        What :meth:`gather` and :func:`rank` would give, taken from the table's agencies
        all scored at once (:meth:`~itakit.scoring.cache.ScoringCache.counted`); None when
        anything is unusual for this agency or its table (the general path then looks, and reports).
        """
        data = self.data
        answers = data.answers
        if self.counted is not None:
            table, row = self.counted
        elif isinstance(answers, CountedAnswers) and not (data.indicator_scores or data.question_scores
                                                          or data.item_results):
            table, row = answers.table, answers.row
        else:
            return None
        counted = self.cache.counted(table)
        if counted is None:
            return None
        agencies, left_out = counted
        agency = agencies[row]
        return None if agency is None else (agency, left_out)

    def score_indicators(self) -> tuple[tuple[IndicatorResult, ...], list[ToolResult], list[str]]:
        """The indicator results (ranked), tool results and tools left out, by the general path; raises on a problem."""
        self.check_codes()
        scored, tools, missing_tools = self.gather()
        self.problems.raise_if_any()
        ranks = rank({n: v for n, (v, _) in scored.items()})
        indicators = tuple(
            IndicatorResult(ind.number, ind.name_th, ind.name_en, tool_code, scored[ind.number][0],
                            ranks[ind.number], scored[ind.number][1])  # type: ignore[arg-type]
            for ind, tool_code in self.cache.indicators
            if ind.number in scored
        )
        return indicators, tools, missing_tools

    def run(self, registry: Registry, *, with_standing: bool = True) -> Result:
        rules = self.rules
        if self.data.is_empty:
            raise DataError(Problem("there is nothing to score", file=self.data.source))
        counted = self.from_counts_only()
        if counted is None:
            indicators, tools, missing = self.score_indicators()
            questions, tool_results, missing_tools = tuple(self.questions), tuple(tools), tuple(missing)
        else:
            (questions, indicators, tool_results), missing_tools = counted
        total = None
        stated = self.data.stated
        if stated is not None and not stated.is_empty:  # a result read back, or published figures: checked, then kept
            from .stated import reconcile

            kept, total, missing_tools, problems = reconcile(rules, stated, indicators, tool_results, self.data.source)
            if problems:
                raise DataError(problems)
            tool_results = tuple(kept)
        elif not missing_tools:
            total = mean([t.score for t in tool_results], [t.weight for t in tool_results])
        result = Result(
            year=rules.year,
            indicators=indicators,
            tools=tool_results,
            total=total,
            missing_tools=missing_tools,
            agency=self.data.agency,
            questions=questions,
            items=tuple(self.items),
            respondents=self.data.respondents,
            unreadable=tuple(self.data.unreadable),
            blank_answers=self.blank_answers(),
            extra=self.data.extra,
            rules_verified=self.cache.verified,
        )
        return self.finish(registry, result, with_standing=with_standing)

    def finish(self, registry: Registry, result: Result, *, with_standing: bool = True) -> Result:
        """A result with its total graded, the grade stated beside it checked, and the next rating's shortfall."""
        if result.total is None:
            return result
        rules = self.rules
        stated = self.data.stated
        result = attrs.evolve(result, grade=registry.grade(rules, result))
        if stated is not None and (stated.grade is not None or stated.passed is not None):
            from .stated import grade_problems

            wrong = grade_problems(rules, stated, result, result.grade, self.data.source)
            if wrong:
                raise DataError(wrong)
        if not with_standing:
            return result
        cache = self.cache

        def rescore(data: AgencyData) -> Result:
            return _Scorer(rules, data, cache).run(registry, with_standing=False)

        where = standing(rules, result, registry, rescore)
        if where.next is None:
            return result
        short = where.shortfall
        return attrs.evolve(
            result,
            next_grade=where.next.code,
            points_to_next_grade=None if short is None else short.total,
            tools_to_next_grade={} if short is None else dict(short.tools),
        )


def score(rule_set: RuleSet, data: AgencyData, *, registry: Registry | None = None) -> Result:
    """Score one agency's input by a rule set; raises :class:`~itakit.errors.DataError` listing every problem.

    ``registry`` supplies the grading hooks (the process-wide one by default), so a
    year plugin that rates by more than the total is honoured.
    """
    return _Scorer(rule_set, data).run(registry or get_registry())


def rescorer(rule_set: RuleSet, registry: Registry | None = None) -> Callable[[AgencyData], Result]:
    """A function scoring inputs by one rule set again and again, sharing what they share (rating and total,
    without the next rating's shortfall): how the planner checks each route it proposes."""
    registry = registry or get_registry()
    cache = ScoringCache(rule_set)

    def again(data: AgencyData) -> Result:
        return _Scorer(rule_set, data, cache).run(registry, with_standing=False)

    return again


def score_many(
    rule_set: RuleSet, agencies: Iterable[AgencyData], *, registry: Registry | None = None
) -> list[Result]:
    """Score several agencies, gathering the problems of all of them into one :class:`DataError`."""
    from .. import progress  # imported here: scoring one agency needs it not

    registry = registry or get_registry()
    results: list[Result] = []
    problems = Problems(limit=None)
    cache = ScoringCache(rule_set)
    agencies = agencies if isinstance(agencies, Sequence) else list(agencies)
    report = progress.current()
    report.begin("scoring", total=len(agencies), unit="agencies")
    with progress.paused_gc():
        tables = tables_of_tallies(agencies)  # dict tallies of one file, scored all at once like a counted table
        ready = counted_results(rule_set.year, cache.verified, agencies, tables, cache.counted)
        for place, data in enumerate(agencies):
            report.advance()
            made = ready[place]
            try:
                if made is None:
                    results.append(_Scorer(rule_set, data, cache, tables.get(place)).run(registry))
                elif made.total is None:  # nothing to grade (an IIT file's agencies): as it is
                    results.append(made)
                else:
                    results.append(_Scorer(rule_set, data, cache).finish(registry, made))
            except DataError as exc:  # a problem located by its line or JSON path already says which agency
                problems.merge(exc, about=f"agency {data.agency!r}: " if data.agency else "")
        del cache, tables  # the every-agency lists go now, not after the collector has looked at them all
    report.end()
    problems.raise_if_any()
    return results
