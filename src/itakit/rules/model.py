"""The rule set of one fiscal year: tools, indicators, questions, OIT items, answer scales, grade bands.

Everything here is frozen and checked when built, so a rule set that cannot be right
(weights that do not sum to 100, bands with a gap, a code used twice) is refused at
once with a :class:`~itakit.errors.RuleSetError` naming the field.  The core knows
no year: the values all come from a rule-set plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal, TypeVar

import attrs

from ..errors import RuleSetError
from ..exact import HUNDRED, ZERO, round_half_up, to_fraction
from ..thai import to_arabic_digits
from .catalogue import MeasureCatalogue
from .provenance import Provenance
from .rating import Grade, Rating, RatingLevel, check_code

__all__ = [
    "AnswerOption",
    "AnswerScale",
    "Grade",
    "GradeBand",
    "Indicator",
    "OITItem",
    "Provenance",
    "Question",
    "Rating",
    "RatingLevel",
    "RuleSet",
    "SubIndicator",
    "SubItem",
    "Tool",
    "normalise_answer",
]

_CENT = Decimal("0.01")
_T = TypeVar("_T")


def _tuple(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(value)


def _percent(value: object) -> Fraction:
    frac = to_fraction(value)
    if not ZERO <= frac <= HUNDRED:
        raise ValueError(f"{value!r} is outside 0-100")
    return frac


def _two_places(value: object) -> Decimal:
    try:
        dec = Decimal(to_arabic_digits(str(value))) if not isinstance(value, Decimal) else value
        if not dec.is_finite() or abs(dec) > 1000:
            raise ValueError(f"{value!r} is not a figure from 0 to 100")
        cents = dec.quantize(_CENT)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number (expected a figure such as 85 or 94.99)") from None
    if dec != cents:
        raise ValueError(f"{value!r} has more than two decimals")
    return cents


def normalise_answer(text: str) -> str:
    """Fold an answer for matching: trimmed, case-folded, inner spaces collapsed, Thai digits made Arabic."""
    return " ".join(to_arabic_digits(text).split()).casefold()


@attrs.frozen
class AnswerOption:
    """One answer on a scale: its key (``"1"``, ``"yes"``), the labels that mean it, and its points."""

    key: str
    points: Fraction = attrs.field(converter=_percent)
    labels: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class AnswerScale:
    """A way of answering a question (a 4-level scale, yes/no) with the points of each answer."""

    code: str
    name_th: str
    name_en: str
    options: tuple[AnswerOption, ...] = attrs.field(converter=_tuple)
    provenance: Provenance = Provenance()
    _lookup: dict[str, AnswerOption] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.options:
            raise RuleSetError(f"scale {self.code!r}: options is empty")
        lookup: dict[str, AnswerOption] = {}
        for option in self.options:
            for spelling in (option.key, *option.labels):
                folded = normalise_answer(spelling)
                if folded in lookup and lookup[folded] is not option:
                    raise RuleSetError(
                        f"scale {self.code!r}: options: the answer {spelling!r} means both "
                        f"{lookup[folded].key!r} and {option.key!r}"
                    )
                lookup[folded] = option
        object.__setattr__(self, "_lookup", lookup)

    def option(self, answer: str) -> AnswerOption | None:
        """The option an answer means (by key or any label, Thai digits allowed), or None if unreadable."""
        return self._lookup.get(normalise_answer(answer))

    def points(self, key: str, *, reverse: bool = False) -> Fraction:
        """Points for an option key, turned around (100 − points) for a reverse-scored item."""
        option = self._lookup[normalise_answer(key)]
        return HUNDRED - option.points if reverse else option.points

    @property
    def keys(self) -> tuple[str, ...]:
        """The option keys in scale order."""
        return tuple(o.key for o in self.options)

    @property
    def label_en(self) -> str:
        """The scale's English name for messages, said once as a scale ("the 4-level scale", never "scale scale")."""
        name = self.name_en or self.code
        return name if name.casefold().endswith("scale") else f"{name} scale"


@attrs.frozen
class SubItem:
    """One separately answered aspect of a question; a question with one aspect has one sub-item with its own code."""

    code: str
    text_th: str = ""
    text_en: str = ""
    scale: str = "level4"
    reverse: bool = False
    provenance: Provenance = Provenance()


@attrs.frozen
class Question:
    """A survey question (IIT ``i…`` or EIT ``e…``); its score is the mean of its sub-items' scores."""

    code: str
    text_th: str
    text_en: str
    sub_items: tuple[SubItem, ...] = attrs.field(converter=_tuple)
    provenance: Provenance = Provenance()

    def __attrs_post_init__(self) -> None:
        if not self.sub_items:
            raise RuleSetError(f"question {self.code!r}: sub_items is empty")
        if len(self.sub_items) == 1 and self.sub_items[0].code != self.code:
            raise RuleSetError(f"question {self.code!r}: sub_items: a single sub-item must carry the question's code")


@attrs.frozen
class OITItem:
    """An item of the open-data checklist, scored pass (100) or fail (0)."""

    code: str
    name_th: str
    name_en: str = ""
    provenance: Provenance = Provenance()


@attrs.frozen
class SubIndicator:
    """A group of OIT items; it scores the percentage of its items that pass."""

    code: str
    name_th: str
    name_en: str
    items: tuple[OITItem, ...] = attrs.field(converter=_tuple)

    def __attrs_post_init__(self) -> None:
        if not self.items:
            raise RuleSetError(f"sub-indicator {self.code!r}: items is empty")


@attrs.frozen
class Indicator:
    """One of a year's indicators: scored from survey questions or from checklist sub-indicators."""

    number: int
    name_th: str
    name_en: str
    questions: tuple[Question, ...] = attrs.field(default=(), converter=_tuple)
    sub_indicators: tuple[SubIndicator, ...] = attrs.field(default=(), converter=_tuple)
    weight: Fraction = attrs.field(default=Fraction(1), converter=to_fraction)
    """Relative weight inside its tool (equal weights make the tool score a plain mean)."""

    def __attrs_post_init__(self) -> None:
        if self.questions and self.sub_indicators:
            raise RuleSetError(f"indicator {self.number}: give either questions or sub_indicators, not both")
        if self.weight <= 0:
            raise RuleSetError(f"indicator {self.number}: weight must be positive, got {self.weight}")

    @property
    def kind(self) -> Literal["survey", "checklist", "score"]:
        """``survey`` when scored from questions, ``checklist`` when from OIT items, ``score`` when the
        rule set knows neither (a year whose questions are not public: only its score can be given)."""
        if self.questions:
            return "survey"
        return "checklist" if self.sub_indicators else "score"

    @property
    def items(self) -> tuple[OITItem, ...]:
        """Every OIT item of this indicator, in order."""
        return tuple(item for sub in self.sub_indicators for item in sub.items)


@attrs.frozen
class Tool:
    """An assessment instrument (IIT, EIT, OIT) with its weight in the total, in percent."""

    code: str
    name_th: str
    name_en: str
    weight: Fraction = attrs.field(converter=_percent)
    indicators: tuple[Indicator, ...] = attrs.field(converter=_tuple)
    provenance: Provenance = attrs.field(default=Provenance(), kw_only=True)
    """Where the tool's weight comes from (inferred for 2566-2568)."""

    def __attrs_post_init__(self) -> None:
        if not self.indicators:
            raise RuleSetError(f"tool {self.code!r}: indicators is empty")


@attrs.frozen
class GradeBand:
    """A grade and the displayed totals it covers, both ends included (``A``: 85.00–94.99)."""

    code: str = attrs.field(validator=lambda band, _, code: check_code(code, "the code of a band"))
    lower: Decimal = attrs.field(converter=_two_places)
    upper: Decimal = attrs.field(converter=_two_places)
    passed: bool
    name_th: str = ""
    name_en: str = ""
    provenance: Provenance = attrs.field(default=Provenance(), kw_only=True)
    """Where the band and its names come from (the 2565 cut-offs are verified, most names are not)."""

    def __attrs_post_init__(self) -> None:
        if self.lower > self.upper:
            raise RuleSetError(f"band {self.code!r}: lower {self.lower} is above upper {self.upper}")

    def grade(self) -> Grade:
        """The grade this band awards."""
        return Grade(self.code, self.passed, self.name_th, self.name_en)


@attrs.frozen
class RuleSet:
    """Everything one fiscal year's assessment needs: tools and weights, questions, scales, bands, pass line.

    Built once by a plugin and checked whole: the tool weights sum to 100, the bands
    cover 0–100 with neither gap nor overlap (to the hundredth, the precision of a
    displayed total), every code is used once, and every sub-item's scale exists.
    """

    year: int
    name_th: str
    name_en: str
    tools: tuple[Tool, ...] = attrs.field(converter=_tuple)
    bands: tuple[GradeBand, ...] = attrs.field(converter=_tuple)
    pass_line: Decimal = attrs.field(converter=_two_places)
    scales: tuple[AnswerScale, ...] = attrs.field(default=(), converter=_tuple)
    notes: str = ""
    source: str | None = attrs.field(default=None, eq=False)
    """Where the rule set was read from (a TOML path), for ``itakit rules``."""
    rating: Rating | None = attrs.field(default=None, kw_only=True)
    """The year's rating as data (levels with total and tool conditions); None when the bands alone decide.
    With a rating, ``bands`` may be left empty: they are then derived (the best level each total could reach)."""
    measures: MeasureCatalogue | None = attrs.field(default=None, eq=False, kw_only=True)
    """The year's catalogue of measures for the report (None: the report drafts generic text)."""

    _indicators: dict[int, Indicator] = attrs.field(init=False, repr=False, eq=False)
    _tool_of: dict[int, Tool] = attrs.field(init=False, repr=False, eq=False)
    _questions: dict[str, tuple[Indicator, Question]] = attrs.field(init=False, repr=False, eq=False)
    _sub_items: dict[str, tuple[Question, SubItem]] = attrs.field(init=False, repr=False, eq=False)
    _items: dict[str, tuple[Indicator, SubIndicator, OITItem]] = attrs.field(init=False, repr=False, eq=False)
    _scales: dict[str, AnswerScale] = attrs.field(init=False, repr=False, eq=False)
    _derived: dict[Callable[[RuleSet], object], object] = attrs.field(init=False, repr=False, eq=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        where = f"rule set {self.year}"
        if not self.tools:
            raise RuleSetError(f"{where}: tools is empty")
        total_weight = sum((t.weight for t in self.tools), ZERO)
        if total_weight != HUNDRED:
            raise RuleSetError(f"{where}: tools[].weight sum to {_show(total_weight)}, expected 100")
        if not ZERO <= self.pass_line <= HUNDRED:
            raise RuleSetError(f"{where}: pass_line {self.pass_line} is outside 0-100")
        if self.rating is not None:
            self._check_rating(where)
        self._check_bands(where)
        self._check_pass_line(where)

        scales: dict[str, AnswerScale] = {}
        for scale in self.scales:
            if scale.code in scales:
                raise RuleSetError(f"{where}: scales: the code {scale.code!r} is used twice")
            scales[scale.code] = scale

        seen: dict[str, str] = {}  # every code -> what uses it, for "used twice" messages

        def claim(code: str, owner: str) -> None:
            if not code:
                raise RuleSetError(f"{where}: {owner}: the code is empty")
            if code in seen:
                raise RuleSetError(
                    f"{where}: the code {code!r} is used twice ({seen[code]} and {owner})"
                )
            seen[code] = owner

        indicators: dict[int, Indicator] = {}
        tool_of: dict[int, Tool] = {}
        questions: dict[str, tuple[Indicator, Question]] = {}
        sub_items: dict[str, tuple[Question, SubItem]] = {}
        items: dict[str, tuple[Indicator, SubIndicator, OITItem]] = {}
        for tool in self.tools:
            claim(tool.code, f"tool {tool.code}")
            for ind in tool.indicators:
                if ind.number in indicators:
                    raise RuleSetError(
                        f"{where}: indicators: the number {ind.number} is used twice "
                        f"(tools {tool_of[ind.number].code} and {tool.code})"
                    )
                indicators[ind.number] = ind
                tool_of[ind.number] = tool
                for q in ind.questions:
                    if q.code in questions:
                        raise RuleSetError(
                            f"{where}: question {q.code!r} is in two indicators "
                            f"({questions[q.code][0].number} and {ind.number})"
                        )
                    claim(q.code, f"question {q.code} of indicator {ind.number}")
                    questions[q.code] = (ind, q)
                    for sub in q.sub_items:
                        if sub.code != q.code:
                            claim(sub.code, f"sub-item {sub.code} of question {q.code}")
                        if sub.scale not in scales:
                            raise RuleSetError(
                                f"{where}: sub-item {sub.code!r}: scale {sub.scale!r} is not "
                                f"among scales ({', '.join(scales) or 'none'})"
                            )
                        sub_items[sub.code] = (q, sub)
                for si in ind.sub_indicators:
                    claim(si.code, f"sub-indicator {si.code} of indicator {ind.number}")
                    for item in si.items:
                        if item.code in items:
                            raise RuleSetError(
                                f"{where}: {tool.code} item {item.code!r} is in two sub-indicators "
                                f"({items[item.code][1].code} and {si.code})"
                            )
                        claim(item.code, f"{tool.code} item {item.code} of sub-indicator {si.code}")
                        items[item.code] = (ind, si, item)
        object.__setattr__(self, "_indicators", dict(sorted(indicators.items())))
        object.__setattr__(self, "_tool_of", tool_of)
        object.__setattr__(self, "_questions", questions)
        object.__setattr__(self, "_sub_items", sub_items)
        object.__setattr__(self, "_items", items)
        object.__setattr__(self, "_scales", scales)

    def _check_pass_line(self, where: str) -> None:
        """Every band at or above the pass line passes and every band below it does not, or ``score`` and ``summary`` disagree."""
        for band in self.bands:
            agrees = band.lower >= self.pass_line if band.passed else band.upper < self.pass_line
            if not agrees:
                side = "starts below" if band.passed else "reaches"
                raise RuleSetError(
                    f"{where}: pass_line {self.pass_line} disagrees with band {band.code!r} "
                    f"({band.lower}-{band.upper}, passed = {str(band.passed).lower()}), which {side} it; "
                    f"bands at or above pass_line must be passed, those below it not"
                )

    def _check_rating(self, where: str) -> None:
        assert self.rating is not None
        codes = [t.code for t in self.tools]
        for name in self.rating.tools_named:
            if name not in codes:
                raise RuleSetError(f"{where}: rating: min_tools names {name!r}, which is not a tool ({', '.join(codes)})")
        problem = self.rating.pass_line_problem(self.pass_line)
        if problem is not None:
            raise RuleSetError(f"{where}: {problem}")
        derived = _bands_of(self.rating)
        if not self.bands:
            object.__setattr__(self, "bands", derived)
        elif tuple(sorted(self.bands, key=lambda b: b.lower)) != tuple(sorted(derived, key=lambda b: b.lower)):
            raise RuleSetError(
                f"{where}: bands disagree with the rating; leave bands out when a rating is declared "
                "(they are derived from its levels)"
            )

    def _check_bands(self, where: str) -> None:
        if not self.bands:
            raise RuleSetError(f"{where}: bands is empty")
        codes = [b.code for b in self.bands]
        for code in codes:
            if codes.count(code) > 1:
                raise RuleSetError(f"{where}: bands: the grade {code!r} is used twice")
        ordered = sorted(self.bands, key=lambda b: b.lower)
        if ordered[0].lower != 0:
            raise RuleSetError(
                f"{where}: bands leave a gap at 0.00-{ordered[0].lower - _CENT} (lowest band "
                f"{ordered[0].code} starts at {ordered[0].lower})"
            )
        if ordered[-1].upper != 100:
            raise RuleSetError(
                f"{where}: bands do not reach 100 (highest band {ordered[-1].code} ends at {ordered[-1].upper})")
        for low, high in zip(ordered, ordered[1:], strict=False):
            expected = low.upper + _CENT
            if high.lower > expected:
                raise RuleSetError(
                    f"{where}: bands leave a gap at {expected}-{high.lower - _CENT} "
                    f"between {low.code} and {high.code}"
                )
            if high.lower < expected:
                raise RuleSetError(
                    f"{where}: bands {low.code} ({low.lower}-{low.upper}) and {high.code} "
                    f"({high.lower}-{high.upper}) overlap"
                )

    # -- look-ups -------------------------------------------------------------------

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, by number."""
        return tuple(self._indicators.values())

    def indicator(self, number: int) -> Indicator:
        """The indicator with this number (KeyError if none)."""
        return self._indicators[number]

    def tool(self, code: str) -> Tool:
        """The tool with this code, e.g. ``"IIT"`` (KeyError if none)."""
        for tool in self.tools:
            if tool.code == code:
                return tool
        raise KeyError(code)

    def tool_of(self, number: int) -> Tool:
        """The tool an indicator belongs to."""
        return self._tool_of[number]

    def question(self, code: str) -> tuple[Indicator, Question]:
        """The indicator and question of a question code such as ``"i7"``."""
        return self._questions[code]

    def sub_item(self, code: str) -> tuple[Question, SubItem]:
        """The question and sub-item of a sub-item code (``"i1.2"``, or ``"i2"`` for a one-part question)."""
        return self._sub_items[code]

    def item(self, code: str) -> tuple[Indicator, SubIndicator, OITItem]:
        """The indicator, sub-indicator and OIT item of an item code such as ``"o29"``."""
        return self._items[code]

    def scale(self, code: str) -> AnswerScale:
        """The answer scale with this code."""
        return self._scales[code]

    def item_tool(self, code: str) -> str:
        """The code of the checklist tool an item belongs to (``"OIT"`` for ``"o29"`` in 2565); KeyError if none."""
        return self._tool_of[self._items[code][0].number].code

    def code_kind(self, code: str) -> str:
        """What a code of this year is, in words for messages: "question i7", "sub-item i1.2", "OIT item o29"."""
        if code in self._items:
            return f"{self.item_tool(code)} item {code}"
        if code in self._questions:
            return f"question {code}"
        if code in self._sub_items:
            return f"sub-item {code}"
        return f"code {code}"

    def code_ranges(self) -> str:
        """The year's question and item codes by tool, for messages: "IIT i1-i30, EIT e1-e15, OIT o1-o43"."""
        parts = []
        for tool in self.tools:
            codes = [q.code for ind in tool.indicators for q in ind.questions]
            codes += [item.code for ind in tool.indicators for item in ind.items]
            if codes:
                parts.append(f"{tool.code} {codes[0]}-{codes[-1]}" if len(codes) > 1 else f"{tool.code} {codes[0]}")
        return ", ".join(parts) or "none: the rules hold indicators only"

    @property
    def question_codes(self) -> tuple[str, ...]:
        """Every survey question code, in rule-set order."""
        return tuple(self._questions)

    @property
    def sub_item_codes(self) -> tuple[str, ...]:
        """Every answer column of a raw survey (one per sub-item), in rule-set order."""
        return tuple(self._sub_items)

    @property
    def item_codes(self) -> tuple[str, ...]:
        """Every OIT item code, in rule-set order."""
        return tuple(self._items)

    def iter_questions(self) -> Iterator[tuple[Tool, Indicator, Question]]:
        """Walk every survey question with its tool and indicator."""
        for tool in self.tools:
            for ind in tool.indicators:
                for q in ind.questions:
                    yield tool, ind, q

    def band_for(self, display_total: Decimal) -> GradeBand:
        """The band containing a displayed (two-decimal) total; ValueError outside 0–100."""
        shown = round_half_up(display_total)
        for band in self.bands:
            if band.lower <= shown <= band.upper:
                return band
        raise ValueError(f"{display_total} is outside 0-100")

    @property
    def bands_descending(self) -> tuple[GradeBand, ...]:
        """Bands from the best grade down, as official tables print them."""
        return tuple(sorted(self.bands, key=lambda b: b.lower, reverse=True))

    @property
    def rating_levels(self) -> tuple[RatingLevel, ...]:
        """The year's rating levels from the best down: the declared rating's, else one per band."""
        return self.effective_rating.levels

    @property
    def effective_rating(self) -> Rating:
        """The declared rating, or the bands read as a rating (levels asking only for a total)."""
        return self.rating if self.rating is not None else self.derived(_rating_of_bands)

    def derived(self, make: Callable[[RuleSet], _T]) -> _T:
        """What ``make`` works out from this rule set, worked out once and kept with it (the one cache of what a
        rule set implies: it lives exactly as long as the rule set, and an edited copy starts empty)."""
        try:
            return self._derived[make]  # type: ignore[return-value]
        except KeyError:
            found = self._derived[make] = make(self)
            return found

    @property
    def unverified(self) -> tuple[str, ...]:
        """The values deciding every result that no public source confirms (empty when all are confirmed).

        Tool weights and the rating's cut-offs (the band cut-offs of a year graded by its bands).
        Every output made under such values says so (``rules_verified`` in JSON, a line in text).
        """
        notes = []
        unsure = [t for t in self.tools if not t.provenance.verified]
        if unsure:
            weights = ", ".join(f"{t.code} {_show(t.weight)}" for t in self.tools)
            why = unsure[0].provenance.note
            notes.append(f"tool weights {weights}" + (f" ({why})" if why else ""))
        if self.rating is not None and not self.rating.verified:
            why = self.rating.provenance.note
            notes.append("the rating's levels" + (f" ({why})" if why else ""))
        return tuple(notes)

    @property
    def verified(self) -> bool:
        """True when :attr:`unverified` is empty."""
        return not self.unverified

    def weights_by_indicator(self) -> Mapping[int, Fraction]:
        """Each indicator's share of the total, in percent (2565: 6 for IIT, 10 for EIT, 20 for OIT)."""
        shares: dict[int, Fraction] = {}
        for tool in self.tools:
            tool_weight = sum((i.weight for i in tool.indicators), ZERO)
            for ind in tool.indicators:
                shares[ind.number] = tool.weight * ind.weight / tool_weight
        return shares


def _rating_of_bands(rule_set: RuleSet) -> Rating:
    """The bands read as a rating: levels asking only for a total."""
    return Rating([RatingLevel(b.code, b.name_th, b.name_en, b.passed, b.lower, provenance=b.provenance)
                   for b in rule_set.bands_descending])


def _bands_of(rating: Rating) -> tuple[GradeBand, ...]:
    """The bands of a total alone that a rating implies: from each distinct minimum total, the best level it reaches."""
    lowers = sorted({level.min_total for level in rating.levels}, reverse=True)
    bands = []
    upper = Decimal("100.00")
    for lower in lowers:
        level = rating.ceiling(lower)
        bands.append(GradeBand(level.code, lower, upper, level.passed, level.name_th, level.name_en,
                               provenance=level.provenance))
        upper = lower - _CENT
    return tuple(bands)


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(round_half_up(value, 4))
