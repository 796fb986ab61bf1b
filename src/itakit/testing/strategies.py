"""Hypothesis strategies for itakit: valid rule sets of random shape, and inputs for a given rule set.

Small composable ``@st.composite`` functions in the style of xarray's testing strategies:
``rule_sets()`` draws a whole valid :class:`~itakit.rules.model.RuleSet`; ``indicator_scores``,
``question_scores``, ``item_results``, ``answer_tallies``, ``raw_answers`` and
``agency_data`` draw what an agency could bring to be scored under a given rule set.

>>> from hypothesis import given
>>> from itakit.testing import strategies as its
>>> @given(its.rule_sets(max_tools=2))
... def test_something(rule_set): ...

Needs the ``testing`` extra (``pip install 'itakit[testing]'``); the core never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from hypothesis import assume
from hypothesis import strategies as st

from ..errors import RuleSetError
from ..exact import HUNDRED
from ..inputs.data import AgencyData, AnswerTally
from ..rules.model import (
    AnswerOption,
    AnswerScale,
    GradeBand,
    Indicator,
    OITItem,
    Question,
    Rating,
    RatingLevel,
    RuleSet,
    SubIndicator,
    SubItem,
    Tool,
)

__all__ = [
    "FORMS",
    "Form",
    "agency_data",
    "answer_scales",
    "answer_tallies",
    "best_key",
    "effective_points",
    "grade_bands",
    "indicator_scores",
    "item_results",
    "percentages",
    "question_scores",
    "ratings",
    "raw_answers",
    "rule_sets",
    "tally_rows",
    "tool_weights",
    "worst_key",
]

Form = Literal["indicators", "questions", "answers", "mixed"]
FORMS: tuple[Form, ...] = ("indicators", "questions", "answers", "mixed")
"""The forms an agency's input can take: indicator scores; question scores with OIT item
results; raw answers (as tallies) with OIT item results; or a mix, chosen per indicator."""

_TOOL_CODES = ("IIT", "EIT", "OIT", "XIT", "PIT", "T6")
_CODE_LETTERS = "iepqrs"  # question and item codes of the n-th tool start with the n-th letter
_BAND_CODES = ("AA", "A", "B", "C", "D", "E", "F", "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ไม่ผ่าน", "G1", "G2")
_KEY_STYLES: tuple[tuple[str, ...], ...] = (
    ("1", "2", "3", "4", "5", "6"),
    ("yes", "no", "unsure", "partly", "mostly", "wholly"),
    ("a", "b", "c", "d", "e", "f"),
)
_CENT = Decimal("0.01")


# -- numbers ---------------------------------------------------------------------------


def percentages(*, max_denominator: int = 1000) -> st.SearchStrategy[Fraction]:
    """Exact scores from 0 to 100: the ends, two-decimal figures as published, and other fractions."""
    return st.one_of(
        st.sampled_from([Fraction(0), HUNDRED]),
        st.integers(0, 10_000).map(lambda cents: Fraction(cents, 100)),
        st.fractions(min_value=0, max_value=100, max_denominator=max_denominator),
    )


@st.composite
def tool_weights(draw: st.DrawFn, count: int) -> list[Fraction]:
    """``count`` positive tool weights, in percent, summing to exactly 100 (as Fractions, e.g. 100/3)."""
    parts = draw(st.lists(st.integers(1, 12), min_size=count, max_size=count))
    total = sum(parts)
    return [HUNDRED * part / total for part in parts]


# -- answer scales -----------------------------------------------------------------------


@st.composite
def answer_scales(draw: st.DrawFn, code: str = "s1", *, min_options: int = 2, max_options: int = 5) -> AnswerScale:
    """An answer scale with 2–5 options whose points lie in 0–100, one worth 0 and one worth 100.

    The best and worst options need not come first or last: the option order is random,
    as nothing in itakit may rely on it.  Each option may carry a label (another
    spelling a respondent's file can use).
    """
    size = draw(st.integers(min_options, max_options))
    keys = draw(st.sampled_from(_KEY_STYLES))[:size]
    middle = draw(st.lists(percentages(max_denominator=300), min_size=size - 2, max_size=size - 2))
    points = draw(st.permutations([Fraction(0), HUNDRED, *middle]))
    with_labels = draw(st.booleans())
    options = [
        AnswerOption(key, value, (f"ระดับ {key}",) if with_labels else ())
        for key, value in zip(keys, points, strict=False)
    ]
    return AnswerScale(code, f"มาตรวัด {code}", f"scale {code}", options)


def effective_points(scale: AnswerScale, key: str, reverse: bool) -> Fraction:
    """Points an answer earns on a sub-item, turned around for a reverse-scored one."""
    return scale.points(key, reverse=reverse)


def best_key(scale: AnswerScale, reverse: bool) -> str:
    """The answer that earns the most on a sub-item (the lowest-scored option of a reverse item)."""
    return max(scale.keys, key=lambda k: effective_points(scale, k, reverse))


def worst_key(scale: AnswerScale, reverse: bool) -> str:
    """The answer that earns the least on a sub-item."""
    return min(scale.keys, key=lambda k: effective_points(scale, k, reverse))


# -- bands -------------------------------------------------------------------------------


@st.composite
def grade_bands(draw: st.DrawFn, *, min_bands: int = 2, max_bands: int = 6) -> tuple[list[GradeBand], Decimal]:
    """Bands partitioning 0.00–100.00 at 0.01 resolution, and a pass line at one of their lower ends.

    Bands from the pass line up pass, those below fail (``passed`` is monotone); at
    least one band passes and one fails.  The bands come in random order.
    """
    count = draw(st.integers(min_bands, max_bands))
    cuts = sorted(draw(st.sets(st.integers(1, 9_999), min_size=count - 1, max_size=count - 1)))
    codes = draw(st.lists(st.sampled_from(_BAND_CODES), min_size=count, max_size=count, unique=True))
    pass_index = draw(st.integers(1, count - 1))
    lowers = [0, *cuts]
    uppers = [cut - 1 for cut in cuts] + [10_000]
    bands = [
        GradeBand(
            codes[n],
            Decimal(lowers[n]) * _CENT,
            Decimal(uppers[n]) * _CENT,
            n >= pass_index,
            f"ระดับ {codes[n]}",
            f"grade {codes[n]}",
        )
        for n in range(count)
    ]
    return draw(st.permutations(bands)), Decimal(lowers[pass_index]) * _CENT


@st.composite
def ratings(draw: st.DrawFn, tools: Sequence[str], *, min_levels: int = 2, max_levels: int = 5) -> tuple[Rating, Decimal]:
    """A declared rating over the given tool codes, and the pass line it implies.

    Levels from the best down, each asking at least as much of the total and of every tool
    as the one below it and more of something; floors name random tools (``min_tools``)
    or every tool (``min_every_tool``); the lowest level asks nothing.  The best levels
    pass and the rest fail, the lowest passing level's least total (above every failing
    level's) being the pass line — which may come with tool floors on the passing level.
    """
    count = draw(st.integers(min_levels, max_levels))
    totals = sorted(draw(st.lists(st.integers(1, 9_999), min_size=count - 1, max_size=count - 1)))
    # the pass line sits where the least total rises strictly (every failing level asks less of it)
    pass_at = draw(st.sampled_from([n for n in range(count - 1) if n == 0 or totals[n] > totals[n - 1]]))
    codes = draw(st.lists(st.sampled_from(_BAND_CODES), min_size=count, max_size=count, unique=True))
    levels = [RatingLevel(codes[0], f"ระดับ {codes[0]}", f"level {codes[0]}", False)]  # the lowest asks nothing
    floors: dict[str, int] = {}
    every = 0
    for n in range(count - 1):  # from the second lowest level up, each asking at least as much
        for code in draw(st.lists(st.sampled_from(list(tools)), unique=True, max_size=len(tools))):
            floors[code] = draw(st.integers(max(floors.get(code, 0), every), 10_000))
        if draw(st.integers(0, 3)) == 0:
            every = draw(st.integers(every, 10_000))
        levels.append(RatingLevel(
            codes[n + 1], f"ระดับ {codes[n + 1]}", f"level {codes[n + 1]}", n >= pass_at,
            Decimal(totals[n]).scaleb(-2), Decimal(every).scaleb(-2) if every else None,
            {code: Decimal(v).scaleb(-2) for code, v in floors.items() if v > every},
        ))
    try:
        rating = Rating(reversed(levels))
    except RuleSetError:  # a level asking no more than the one below it: not a rating
        assume(False)
    return rating, Decimal(totals[pass_at]).scaleb(-2)


# -- rule sets ---------------------------------------------------------------------------


class _Codes:
    """Hands out the codes of one tool's questions and items (``i1``, ``i2``…), each once."""

    def __init__(self, letter: str) -> None:
        self.letter = letter
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"{self.letter}{self.count}"


@st.composite
def _question(draw: st.DrawFn, codes: _Codes, scales: Sequence[AnswerScale], max_sub_items: int) -> Question:
    code = codes.next()
    size = draw(st.integers(1, max_sub_items))
    subs = []
    for n in range(1, size + 1):
        scale = draw(st.sampled_from(scales)).code
        subs.append(
            SubItem(
                code=code if size == 1 else f"{code}.{n}",
                text_th=f"ข้อย่อย {n}",
                text_en=f"aspect {n}",
                scale=scale,
                reverse=draw(st.booleans()),
            )
        )
    return Question(code, f"ข้อคำถาม {code}", f"question {code}", subs)


@st.composite
def _indicator(
    draw: st.DrawFn,
    number: int,
    codes: _Codes,
    scales: Sequence[AnswerScale],
    *,
    max_questions: int,
    max_sub_items: int,
    max_sub_indicators: int,
    max_items: int,
) -> Indicator:
    weight = draw(st.one_of(st.just(1), st.integers(1, 5)))
    if draw(st.sampled_from(("survey", "checklist"))) == "survey":
        count = draw(st.integers(1, max_questions))
        questions = [draw(_question(codes, scales, max_sub_items)) for _ in range(count)]
        return Indicator(number, f"ตัวชี้วัด {number}", f"indicator {number}", questions=questions, weight=weight)
    subs = []
    for n in range(1, draw(st.integers(1, max_sub_indicators)) + 1):
        items = [
            OITItem(code, f"รายการ {code}", f"item {code}")
            for code in (codes.next() for _ in range(draw(st.integers(1, max_items))))
        ]
        subs.append(SubIndicator(f"{number}.{n}", f"ตัวชี้วัดย่อย {number}.{n}", f"sub-indicator {number}.{n}", items))
    return Indicator(number, f"ตัวชี้วัด {number}", f"indicator {number}", sub_indicators=subs, weight=weight)


@st.composite
def rule_sets(
    draw: st.DrawFn,
    *,
    year: int | None = None,
    min_tools: int = 1,
    max_tools: int = 4,
    max_indicators: int = 3,
    max_questions: int = 3,
    max_sub_items: int = 3,
    max_sub_indicators: int = 3,
    max_items: int = 4,
    max_scales: int = 3,
    max_bands: int = 6,
    rated: bool = False,
) -> RuleSet:
    """A valid rule set of random shape.

    1–``max_tools`` tools with weights summing to exactly 100; each tool has indicators
    (numbered 1, 2, … across tools, with random relative weights) that are either
    surveys — questions with 1–``max_sub_items`` sub-items, each on a random one of the
    generated scales and randomly reverse-scored — or checklists of sub-indicators
    holding OIT-style items.  Bands partition 0–100 at 0.01 with a monotone ``passed``
    and a pass line at a band edge; every code is used once and is lower case, as the
    CSV readers expect.  With ``rated``, the year declares a rating (:func:`ratings`)
    instead of bands: levels whose floors name random tools.
    """
    if not 1 <= min_tools <= max_tools <= len(_TOOL_CODES):
        raise ValueError(f"rule_sets: need 1 <= min_tools <= max_tools <= {len(_TOOL_CODES)}")
    if year is None:
        year = draw(st.integers(2560, 2700))
    scales = [draw(answer_scales(f"s{n}")) for n in range(1, draw(st.integers(1, max_scales)) + 1)]
    tool_count = draw(st.integers(min_tools, max_tools))
    tool_codes = draw(st.lists(st.sampled_from(_TOOL_CODES), min_size=tool_count, max_size=tool_count, unique=True))
    weights = draw(tool_weights(tool_count))
    tools = []
    number = 0
    for index, (code, weight) in enumerate(zip(tool_codes, weights, strict=False)):
        codes = _Codes(_CODE_LETTERS[index])
        indicators = []
        for _ in range(draw(st.integers(1, max_indicators))):
            number += 1
            indicators.append(
                draw(
                    _indicator(
                        number, codes, scales,
                        max_questions=max_questions, max_sub_items=max_sub_items,
                        max_sub_indicators=max_sub_indicators, max_items=max_items,
                    )
                )
            )
        tools.append(Tool(code, f"เครื่องมือ {code}", f"tool {code}", weight, indicators))
    rating = None
    if rated:
        rating, pass_line = draw(ratings([t.code for t in tools], max_levels=max(2, min(max_bands, 5))))
        bands: list[GradeBand] = []
    else:
        bands, pass_line = draw(grade_bands(max_bands=max_bands))
    return RuleSet(
        rating=rating,
        year=year,
        name_th=f"กฎทดสอบ ปี {year}",
        name_en=f"generated rule set {year} (for tests)",
        tools=tools,
        bands=bands,
        pass_line=pass_line,
        scales=scales,
        notes="drawn by itakit.testing.strategies.rule_sets",
    )


# -- inputs for a rule set -------------------------------------------------------------------


def _survey_questions(rule_set: RuleSet) -> list[Question]:
    return [q for _, ind, q in rule_set.iter_questions()]


@st.composite
def indicator_scores(draw: st.DrawFn, rule_set: RuleSet) -> dict[int, Fraction]:
    """A score for every indicator of the rule set, keyed by indicator number."""
    return {ind.number: draw(percentages()) for ind in rule_set.indicators}


@st.composite
def question_scores(draw: st.DrawFn, rule_set: RuleSet) -> dict[str, Fraction]:
    """A score for every survey question of the rule set, keyed by question code."""
    return {q.code: draw(percentages()) for q in _survey_questions(rule_set)}


@st.composite
def item_results(draw: st.DrawFn, rule_set: RuleSet) -> dict[str, bool]:
    """Pass (True) or fail (False) for every OIT item of the rule set, keyed by item code."""
    return {code: draw(st.booleans()) for code in rule_set.item_codes}


@st.composite
def _tally(draw: st.DrawFn, scale: AnswerScale, max_respondents: int) -> AnswerTally:
    counts = {key: draw(st.integers(0, max_respondents)) for key in scale.keys}
    if not any(counts.values()):
        counts[draw(st.sampled_from(scale.keys))] = 1
    counts = {key: n for key, n in counts.items() if n} if draw(st.booleans()) else counts
    return AnswerTally(counts, draw(st.integers(0, 2)))


@st.composite
def answer_tallies(draw: st.DrawFn, rule_set: RuleSet, *, max_respondents: int = 5) -> dict[str, AnswerTally]:
    """Respondents' answers to every sub-item, counted: each sub-item answered at least once, some blanks."""
    out = {}
    for _, _, question in rule_set.iter_questions():
        for sub in question.sub_items:
            out[sub.code] = draw(_tally(rule_set.scale(sub.scale), max_respondents))
    return out


@st.composite
def raw_answers(
    draw: st.DrawFn, rule_set: RuleSet, *, min_respondents: int = 1, max_respondents: int = 6, labels: bool = True
) -> list[dict[str, str]]:
    """Respondents' rows as a raw-answer file holds them: ``{sub-item code: answer text}``, ``""`` for blank.

    Every sub-item is answered by at least one respondent; with ``labels`` an answer
    may be spelled by any of its option's labels instead of its key.
    """
    count = draw(st.integers(min_respondents, max_respondents))
    rows: list[dict[str, str]] = [{} for _ in range(count)]
    for _, _, question in rule_set.iter_questions():
        for sub in question.sub_items:
            scale = rule_set.scale(sub.scale)
            spellings = [
                draw(st.sampled_from((o.key, *o.labels))) if labels else o.key for o in scale.options
            ]
            column = draw(st.lists(st.sampled_from(["", *spellings]), min_size=count, max_size=count))
            if not any(column):
                column[draw(st.integers(0, count - 1))] = draw(st.sampled_from(spellings))
            for row, answer in zip(rows, column, strict=False):
                row[sub.code] = answer
    return rows


def tally_rows(rule_set: RuleSet, rows: Iterable[Mapping[str, str]]) -> dict[str, AnswerTally]:
    """Count respondents' rows into tallies keyed by sub-item code, as the raw-answer reader does."""
    counts: dict[str, dict[str, int]] = {code: {} for code in rule_set.sub_item_codes}
    blanks: dict[str, int] = dict.fromkeys(rule_set.sub_item_codes, 0)
    for row in rows:
        for code, text in row.items():
            if not text:
                blanks[code] += 1
                continue
            option = rule_set.scale(rule_set.sub_item(code)[1].scale).option(text)
            if option is None:
                raise ValueError(f"{text!r} is not an answer to {code}")
            counts[code][option.key] = counts[code].get(option.key, 0) + 1
    return {code: AnswerTally(counts[code], blanks[code]) for code in counts}


@st.composite
def agency_data(draw: st.DrawFn, rule_set: RuleSet, form: Form | None = None) -> AgencyData:
    """A complete input for the rule set in one of :data:`FORMS` (drawn when ``form`` is None).

    Survey indicators are given as indicator scores, question scores or answer tallies,
    checklist indicators as indicator scores or OIT item results; ``"mixed"`` chooses
    per indicator, and per question between a score and answers.
    """
    if form is None:
        form = draw(st.sampled_from(FORMS))
    indicators: dict[int, Fraction] = {}
    questions: dict[str, Fraction] = {}
    items: dict[str, bool] = {}
    answers: dict[str, AnswerTally] = {}
    for ind in rule_set.indicators:
        how = form
        if form == "mixed":
            how = draw(st.sampled_from(("indicators", "questions", "answers")))
        if how == "indicators" or ind.kind == "score":  # an indicator-level rule set knows nothing finer
            indicators[ind.number] = draw(percentages())
        elif ind.kind == "checklist":
            items.update({item.code: draw(st.booleans()) for item in ind.items})
        else:
            for q in ind.questions:
                as_answers = how == "answers" or (form == "mixed" and draw(st.booleans()))
                if as_answers:
                    for sub in q.sub_items:
                        answers[sub.code] = draw(_tally(rule_set.scale(sub.scale), 5))
                else:
                    questions[q.code] = draw(percentages())
    return AgencyData(indicator_scores=indicators, question_scores=questions, item_results=items, answers=answers)
