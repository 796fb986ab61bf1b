"""Present results as text (the section-2 table of an analysis report), JSON or CSV.

Presentation only: it reads :class:`~itakit.scoring.result.Result` objects and never changes
them.  Numbers are shown rounded half-up to two decimals; text output can use Thai
or Arabic digits, JSON and CSV always use Arabic digits so machines can read them.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..exact import half_up_texts, round_half_up
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..scoring.result import Result
from ..thai import Digits
from .fmt import Fmt
from .phrases import Phrases, layers_for
from .schema import SCHEMA_VERSION

if TYPE_CHECKING:  # the planner is loaded only by `itakit plan`
    from ..scoring.planner import ImprovementPlan

__all__ = [
    "display_width", "extra_columns", "neutralise_cell", "plan_to_dict", "plans_to_json", "result_to_dict",
    "held_back_reasons", "table_header", "table_rows", "text_phrases", "to_csv", "to_json", "to_text",
]

def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks above or below take none."""
    if text.isascii():
        return len(text)  # every ASCII character takes one column
    return _wide_width(text)


@functools.lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    """:func:`display_width` of non-ASCII text, remembered: a table repeats its names and figures on every row."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def neutralise_cell(value: str) -> str:
    """Make text safe for a spreadsheet cell: a leading = + - @ (or tab, CR) gets a ``'`` so it is never run as a formula."""
    if value and value[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# -- text -------------------------------------------------------------------------------


def text_phrases(digits: Digits) -> Phrases:
    """The phrases of the commands' text output (``text.th.toml``, overridable like the documents')."""
    return Phrases(layers_for(None, None), Fmt(digits), book="text")


def to_text(
    results: Sequence[Result],
    rule_set: RuleSet,
    *,
    digits: Digits = "arabic",
    agency_ranks: Sequence[int | None] | None = None,
) -> str:
    """The seed report's section-2 table for each result: tools, indicators with score and rank, total and grade.

    ``agency_ranks`` (from :func:`itakit.scoring.batch.rank_agencies`) adds each agency's rank among the others.
    """
    ranks = agency_ranks if agency_ranks is not None else [None] * len(results)
    ranked = sum(1 for r in ranks if r is not None)
    writer = _TextWriter(rule_set, digits)
    return "\n\n".join(
        writer.result(r, rank, ranked) + writer.answers(r) for r, rank in zip(results, ranks, strict=False)
    ) + "\n"


class _TextWriter:
    """One rule set's results as text: the phrases filled once for what does not change between agencies."""

    def __init__(self, rules: RuleSet, digits: Digits) -> None:
        self.rules, self.digits = rules, digits
        self.p = p = text_phrases(digits)
        self.f = Fmt(digits)
        self.labels = {ind.number: p("text.result.indicator", number=ind.number, name=ind.name_th)
                       for ind in rules.indicators}
        self.total_label = p("text.result.total")
        self.width = max([display_width(label) for label in self.labels.values()] + [display_width(self.total_label)])
        head = (f"  {_pad(p('text.result.column_indicator'), self.width)}  "
                f"{_pad(p('text.result.column_score'), 8, right=True)}  {_pad(p('text.result.column_rank'), 6, right=True)}")
        self.tool_lines = {tool.code: (p("text.result.tool", name=tool.name_th, code=tool.code, weight=tool.weight),
                                       _pad(p("text.result.tool_score", code=tool.code), self.width)) for tool in rules.tools}
        self.head = head

    def num(self, value: Decimal | None) -> str:
        return "-" if value is None else self.f.num(value)

    def answers(self, result: Result) -> str:
        """Lines on raw answers: respondents counted, answers left blank, and each unreadable answer."""
        if not result.respondents:
            return ""
        lines = [self.p("text.result.answers", respondents=result.respondents, blank=result.blank_answers)]
        if result.unreadable:
            lines.append(self.p("text.result.unreadable", count=len(result.unreadable)))
            lines.extend(f"  {entry}" for entry in result.unreadable)
        return "\n\n" + "\n".join(lines)

    def result(self, result: Result, agency_rank: int | None = None, ranked: int = 0) -> str:
        p, num, width = self.p, self.num, self.width
        lines = [p("text.result.title", year=result.year)]
        if result.agency:
            lines.append(p("text.result.agency", agency=result.agency))
        scored = {i.number for i in result.indicators}
        for tool in self.rules.tools:
            title, score_label = self.tool_lines[tool.code]
            lines += ["", title]
            try:
                tool_result = result.tool(tool.code)
            except KeyError:
                lines.append("  " + p("text.result.tool_missing"))
                continue
            if not any(ind.number in scored for ind in tool.indicators):  # a tool score given without its indicators
                lines.append(f"  {score_label}  {_pad(num(tool_result.display_score), 8, right=True)}  "
                             + p("text.result.tool_only"))
                continue
            lines.append(self.head)
            for ind in tool.indicators:
                r = result.indicator(ind.number)
                lines.append(f"  {_pad(self.labels[ind.number], width)}  {_pad(num(r.display_score), 8, right=True)}"
                             f"  {_pad(self.f.count(r.rank), 6, right=True)}")
            lines.append(f"  {score_label}  {_pad(num(tool_result.display_score), 8, right=True)}")
        lines.append("")
        if result.total is None:
            lines.append(p("text.result.no_total", missing=", ".join(result.missing_tools)))
            return "\n".join(lines)
        grade = result.grade
        verdict = "" if grade is None else "  " + p("text.result.verdict", code=grade.code,
                                                        status=p("text.result.passed" if grade.passed else "text.result.failed"))
        lines.append(f"{_pad(self.total_label, width + 2)}  {_pad(num(result.display_total), 8, right=True)}{verdict}")
        lines += self._next(result)
        if agency_rank is not None:
            lines.append(p("text.result.agency_rank", rank=agency_rank, ranked=ranked))
        if not result.rules_verified:
            lines.append(p("text.result.unverified", notes="; ".join(self.rules.unverified)))
        return "\n".join(lines)

    def _next(self, result: Result) -> list[str]:
        """What the next better level needs, in Thai and in English."""
        p, level = self.p, result.next_grade
        if level is None:
            return []
        if result.points_to_next_grade is None:
            return [p("text.result.next_unknown", level=level)]
        points = result.points_to_next_grade
        thai = [p("text.result.short_total", points=points)] if points > 0 else []
        english = [f"{points:.2f} points"] if points > 0 else []
        for code, tool_points in result.tools_to_next_grade.items():
            thai.append(p("text.result.short_tool", code=code, points=tool_points))
            english.append(f"{code} {tool_points:.2f} points")
        return [p("text.result.to_next", shortfalls=thai, english=", ".join(english), level=level)]


def held_back_reasons(
    rule_set: RuleSet, result: Result, *, language: str = "th", digits: Digits = "thai",
    registry: Registry | None = None,
) -> tuple[str, ...]:
    """What kept a result from the next better rating: each tool floor of that level it does not meet.

    ``("EIT ๘๔.๐๐ ต่ำกว่า ๘๕.๐๐ ที่ระดับผ่านดีต้องการ",)``; a floor on the lowest passing level is named
    like any other (``"OIT ๕๕.๐๐ ต่ำกว่า ๖๐.๐๐ ที่ระดับผ่านต้องการ"``).  Only tool floors are listed, and
    only when the total alone would allow a better level than the result's; empty when the total
    decided, at the top, and when a plugin's hook decided and evaluating it found nothing
    (:func:`~itakit.scoring.explain.explain_rating` gives the facts).  English (``language="en"``) is
    written with Arabic digits.  The words are the phrases ``text.rating.held_back`` (and ``…_en``).
    """
    from ..scoring.explain import explain_rating

    explained = explain_rating(rule_set, result, registry)
    if explained is None or not explained.held_back_by:
        return ()
    rating = rule_set.effective_rating
    own, top = rating.index(explained.level.code), rating.index(explained.ceiling)
    if own is None or top is None or own <= top:
        return ()  # the total itself keeps it here
    english = language != "th"
    p = text_phrases("arabic" if english else digits)
    target = explained.better[0]
    name = (target.name_en if english else target.name_th) or target.code
    key = "text.rating.held_back_en" if english else "text.rating.held_back"
    return tuple(p(key, subject=c.subject, held=c.held, needed=c.needed, level=name)
                 for c in explained.held_back_by if c.kind == "tool")


# -- JSON -------------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def result_to_dict(result: Result) -> dict[str, Any]:
    """A result as plain JSON-ready data: numbers rounded to two decimals, total/grade/passed None when absent.

    Its shape is the ``result`` of the ``score`` JSON schema (:func:`itakit.json_schema`), ``schema_version`` first.
    """
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if result.agency is not None:
        data["agency"] = result.agency
    data.update(
        year=result.year,
        total=_float(result.display_total),
        grade=None if result.grade is None else result.grade.code,
        passed=result.passed,
        tools={t.code: float(t.display_score) for t in result.tools},
        indicators=[
            {"number": i.number, "name": i.name_th, "score": float(i.display_score), "rank": i.rank}
            for i in result.indicators
        ],
        missing_tools=list(result.missing_tools),
        next_grade=result.next_grade,
        points_to_next_grade=_float(result.points_to_next_grade),
        tools_to_next_grade={code: float(points) for code, points in result.tools_to_next_grade.items()},
        rules_verified=result.rules_verified,
    )
    if result.respondents:
        data["respondents"] = result.respondents
        data["blank_answers"] = result.blank_answers
    if result.unreadable:
        data["unreadable"] = list(result.unreadable)
    if result.extra:
        data["extra"] = dict(result.extra)
    return data


def to_json(results: Sequence[Result], *, many: bool, agency_ranks: Sequence[int | None] | None = None) -> str:
    """JSON text: one object, or a list of objects (each with ``agency``) for a many-agency input.

    With ``agency_ranks`` each object also has ``agency_rank`` (null for an agency without a total).
    """
    dicts = [result_to_dict(r) for r in results]
    if agency_ranks is not None:
        for data, rank in zip(dicts, agency_ranks, strict=False):
            data["agency_rank"] = rank
    import json  # only this output needs it; keeps `itakit score` quick to start

    payload: Any = dicts if many else dicts[0]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def plan_to_dict(rule_set: RuleSet, result: Result, plan: ImprovementPlan) -> dict[str, Any]:
    """An agency's checked routes to each better rating as JSON-ready data (``itakit plan --format json``):
    the figures as exact two-decimal text, as the ``plan`` JSON schema describes."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if result.agency is not None:
        data["agency"] = result.agency
    data.update(year=rule_set.year, grade=None if result.grade is None else result.grade.code,
                total=None if result.display_total is None else str(result.display_total),
                routes=[route.to_dict() for route in plan.routes], rules_verified=rule_set.verified)
    return data


def plans_to_json(rule_set: RuleSet, results: Sequence[Result], plans: Sequence[ImprovementPlan], *, many: bool) -> str:
    """JSON text of :func:`plan_to_dict`: one object, or a list of them for a many-agency input."""
    import json

    dicts = [plan_to_dict(rule_set, r, p) for r, p in zip(results, plans, strict=True)]
    return json.dumps(dicts if many else dicts[0], ensure_ascii=False, indent=2) + "\n"


# -- CSV --------------------------------------------------------------------------------


def extra_columns(results: Sequence[Result]) -> list[str]:
    """The input's other columns the results carry (province, type…), in the order they first appear."""
    columns: dict[str, None] = {}
    for r in results:
        columns.update(dict.fromkeys(r.extra))
    return list(columns)


def table_header(results: Sequence[Result], rule_set: RuleSet, *, ranked: bool) -> list[str]:
    """The columns of a results table, as CSV and Excel write them: agency, indicator numbers, tools, total, grade,
    passed, the raw-answer counts (for raw answers), ``agency_rank`` (for many agencies), ``rules_verified``
    (under unconfirmed rules), then the input's other columns."""
    answers = any(r.respondents for r in results)
    return ["agency", *map(str, (i.number for i in rule_set.indicators)), *(t.code for t in rule_set.tools),
            "total", "grade", "passed", *(["respondents", "blank_answers", "unreadable"] if answers else []),
            *(["agency_rank"] if ranked else []), *(["rules_verified"] if rule_set.unverified else []),
            *extra_columns(results)]


def table_rows(
    results: Sequence[Result], rule_set: RuleSet, agency_ranks: Sequence[int | None] | None = None
) -> list[list[object]]:
    """The rows under :func:`table_header`: text for names and codes, Decimal for figures, bool, int, or None."""
    numbers = [i.number for i in rule_set.indicators]
    tools = [t.code for t in rule_set.tools]
    answers = any(r.respondents for r in results)
    extras = extra_columns(results)
    rows: list[list[object]] = []
    for index, r in enumerate(results):
        scored = {i.number: i.display_score for i in r.indicators}
        tool_scores = {t.code: t.display_score for t in r.tools}
        rows.append([
            r.agency or "",
            *(scored.get(n) for n in numbers),
            *(tool_scores.get(t) for t in tools),
            r.display_total,
            None if r.grade is None else r.grade.code,
            r.passed,
            *([r.respondents, r.blank_answers, len(r.unreadable)] if answers else []),
            *([] if agency_ranks is None else [agency_ranks[index]]),
            *([False] if rule_set.unverified else []),
            *(r.extra.get(column, "") for column in extras),
        ])
    return rows


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return neutralise_cell(value)
    return str(value)


_INDICATORS = attrgetter("indicators")
_TOOLS = attrgetter("tools")
_NUMBER = attrgetter("number")
_CODE = attrgetter("code")
_SCORE = attrgetter("score")


def _figure_columns(parts: list[tuple[Any, ...]], key: Callable[[Any], object], keys: Sequence[object]) -> list[list[str]]:
    """Under each of ``keys``, every row's displayed score of its part with that key (``""`` where it has none).

    ``parts`` are each row's indicator or tool results.  When every row holds the same keys in the same
    order (a national table), each column is read across the rows and rounded at once; otherwise row by row.
    """
    first = parts[0] if parts else ()
    across = list(zip(*parts, strict=True)) if set(map(len, parts)) <= {len(first)} else None
    if across is not None and all(set(map(key, column)) == {key(part)} for part, column in zip(first, across, strict=True)):
        # a key held twice in a row: the last one, as the rows' dicts keep it
        scores: dict[object, list[Fraction | None]] = {
            key(part): list(map(_SCORE, column)) for part, column in zip(first, across, strict=True)}
    else:
        scores = {k: [] for k in keys}
        for row in parts:
            held = {key(part): part.score for part in row}
            for k, column in scores.items():
                column.append(held.get(k))
    return [_shown(scores[k]) if k in scores else list(repeat("", len(parts))) for k in keys]


def _shown(values: Sequence[Fraction | None]) -> list[str]:
    """Each figure as its displayed Decimal is written (``""`` for None), a column at a time when all are Fractions."""
    if set(map(type, values)) <= {Fraction}:
        return half_up_texts(values)  # type: ignore[arg-type]
    return ["" if value is None else str(round_half_up(value)) for value in values]


def _csv_columns(results: Sequence[Result], rule_set: RuleSet, agency_ranks: Sequence[int | None] | None
                 ) -> list[list[str]]:
    """The cells of :func:`table_rows` as CSV writes them, column by column (what ``_csv_cell`` makes of each)."""
    size = len(results)
    columns = [
        [neutralise_cell(r.agency or "") for r in results],
        *_figure_columns(list(map(_INDICATORS, results)), _NUMBER, [i.number for i in rule_set.indicators]),
        *_figure_columns(list(map(_TOOLS, results)), _CODE, [t.code for t in rule_set.tools]),
        _shown([r.total for r in results]),
        ["" if r.grade is None else neutralise_cell(r.grade.code) for r in results],
        [_csv_cell(r.passed) for r in results],
    ]
    if any(r.respondents for r in results):
        columns += [list(map(str, (r.respondents for r in results))), list(map(str, (r.blank_answers for r in results))),
                    [str(len(r.unreadable)) for r in results]]
    if agency_ranks is not None:
        columns.append([_csv_cell(agency_ranks[index]) for index in range(size)])
    if rule_set.unverified:
        columns.append(list(repeat("false", size)))
    for column in extra_columns(results):
        columns.append([_csv_cell(r.extra.get(column, "")) for r in results])
    return columns


def to_csv(results: Sequence[Result], rule_set: RuleSet, *, agency_ranks: Sequence[int | None] | None = None) -> str:
    """A row per agency: indicator scores under their numbers, tools, total, grade — readable back as input, with
    the same total, tool scores and rating.

    With ``agency_ranks`` a column ``agency_rank`` gives each agency's rank among the others.  Under rules
    with unconfirmed values (``RuleSet.unverified``) a column ``rules_verified`` says ``false`` on every row.
    The input's other columns (province, type…) come last, so ``summary --by province`` works on the file.
    The cells are :func:`table_rows`' (each figure as its Decimal shows it), worked out a column at a time.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table_header(results, rule_set, ranked=agency_ranks is not None))
    writer.writerows(zip(*_csv_columns(results, rule_set, agency_ranks), strict=True))
    return out.getvalue()

