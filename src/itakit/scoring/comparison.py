"""Two years' results agency by agency: the change in total, grade and each indicator, across frameworks too.

Agencies are matched by name.  Indicators are paired by identity — their number *and* their
name, so that two years whose frameworks differ never compare one indicator with another that
merely shares its number: an indicator renumbered under the same name is paired with itself,
one whose name changed (or that one year lacks) has no partner, and every such difference is
listed (:attr:`Comparison.differences`) and said plainly by every output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from ..errors import DataError, Problem
from ..inputs.table import text_key
from ..rules.model import RuleSet
from .result import IndicatorResult, Result

__all__ = ["AgencyChange", "Comparison", "IndicatorChange", "IndicatorPair", "compare", "pair_indicators"]


def _change(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    return None if old is None or new is None else new - old


@attrs.frozen
class IndicatorPair:
    """An indicator of the old year and its partner in the new one (same name), or one without a partner."""

    old: int | None
    """Its number in the old year (None: the old year has no such indicator)."""
    new: int | None
    """Its number in the new year (None: the new year has no such indicator)."""
    name: str

    @property
    def label(self) -> str:
        """How outputs name it: its number, ``"3→4"`` when renumbered."""
        if self.old is not None and self.new is not None and self.old != self.new:
            return f"{self.old}→{self.new}"
        return str(self.old if self.old is not None else self.new)

    @property
    def paired(self) -> bool:
        """True when both years have it."""
        return self.old is not None and self.new is not None


@attrs.frozen
class IndicatorChange:
    """One indicator of one agency in both years, as displayed, and the change (new − old)."""

    number: int
    """Its number in the old year (in the new one when the old year lacks it)."""
    old: Decimal | None
    new: Decimal | None
    new_number: int | None = None
    """Its number in the new year, when that differs (renumbered) or the old year lacks it."""
    name: str = ""

    @property
    def change(self) -> Decimal | None:
        """New minus old displayed score (None when either year lacks it)."""
        return _change(self.old, self.new)

    @property
    def label(self) -> str:
        """Its number, ``"3→4"`` when renumbered."""
        return f"{self.number}→{self.new_number}" if self.new_number not in (None, self.number) else str(self.number)


Status = Literal["both", "old only", "new only"]


@attrs.frozen
class AgencyChange:
    """One agency across two years: totals, grades and indicators, or which year it is missing from."""

    agency: str | None
    status: Status
    old_total: Decimal | None
    new_total: Decimal | None
    old_grade: str | None
    new_grade: str | None
    old_passed: bool | None
    new_passed: bool | None
    indicators: tuple[IndicatorChange, ...]

    @property
    def total_change(self) -> Decimal | None:
        """New minus old displayed total (None when either year has no total)."""
        return _change(self.old_total, self.new_total)

    @property
    def grade_changed(self) -> bool:
        """True when both years have a grade and they differ."""
        return self.old_grade is not None and self.new_grade is not None and self.old_grade != self.new_grade


@attrs.frozen
class Comparison:
    """Every agency of two years' results, matched by name; none is dropped."""

    old_year: int | None
    new_year: int | None
    agencies: tuple[AgencyChange, ...]
    rules_verified: bool = True
    """False when either year's results were made under values no public source confirms."""
    pairs: tuple[IndicatorPair, ...] = ()
    """Every indicator of either year, paired by identity (number and name), in the new year's order then the old."""
    differences: tuple[str, ...] = ()
    """How the two years' frameworks differ (tools, weights, indicators), in plain words; empty when they agree."""

    @property
    def frameworks_differ(self) -> bool:
        """True when the two years' tools or indicators differ."""
        return bool(self.differences)

    def _count(self, test: Callable[[AgencyChange], bool]) -> int:
        return sum(1 for a in self.agencies if a.status == "both" and test(a))

    @property
    def improved(self) -> int:
        """Agencies in both years whose total went up."""
        return self._count(lambda a: a.total_change is not None and a.total_change > 0)

    @property
    def declined(self) -> int:
        """Agencies in both years whose total went down."""
        return self._count(lambda a: a.total_change is not None and a.total_change < 0)

    @property
    def newly_passed(self) -> int:
        """Agencies whose level did not pass in the old year and passes in the new one (each level's ``passed``)."""
        return self._count(lambda a: a.old_passed is False and a.new_passed is True)

    @property
    def newly_failed(self) -> int:
        """Agencies whose level passed in the old year and does not in the new one, whatever decided it."""
        return self._count(lambda a: a.old_passed is True and a.new_passed is False)

    @property
    def only_old(self) -> int:
        """Agencies in the old year only."""
        return sum(1 for a in self.agencies if a.status == "old only")

    @property
    def only_new(self) -> int:
        """Agencies in the new year only."""
        return sum(1 for a in self.agencies if a.status == "new only")


def _framework(rules: RuleSet | None, results: Sequence[Result]) -> tuple[list[tuple[int, str]], dict[str, object]]:
    """A year's indicators (number, name) and tools (code: weight), from its rules or else from its results."""
    if rules is not None:
        return ([(i.number, i.name_th) for i in rules.indicators], {t.code: t.weight for t in rules.tools})
    seen: dict[int, str] = {}
    tools: dict[str, object] = {}
    for r in results:
        for ind in r.indicators:
            seen.setdefault(ind.number, ind.name_th)
        for t in r.tools:
            tools.setdefault(t.code, t.weight)
    return sorted(seen.items()), tools


def pair_indicators(old: Iterable[tuple[int, str]], new: Iterable[tuple[int, str]]) -> tuple[IndicatorPair, ...]:
    """Pair two years' indicators by identity: the same number and name; then the same name under a new number.

    An indicator whose name has no match in the other year has no partner, even where its number does.
    """
    old_list, new_list = list(old), list(new)
    pairs: list[IndicatorPair] = []
    left = {number: name for number, name in old_list}
    for number, name in new_list:
        key = text_key(name)
        if number in left and text_key(left[number]) == key:
            pairs.append(IndicatorPair(number, number, name))
            del left[number]
            continue
        renamed = next((n for n, other in left.items() if text_key(other) == key and key), None)
        if renamed is not None:
            pairs.append(IndicatorPair(renamed, number, name))
            del left[renamed]
        else:
            pairs.append(IndicatorPair(None, number, name))
    pairs += [IndicatorPair(number, None, name) for number, name in left.items()]
    return tuple(pairs)


def _differences(pairs: Sequence[IndicatorPair], old_tools: dict[str, object], new_tools: dict[str, object]) -> tuple[str, ...]:
    out = []
    if list(old_tools) != list(new_tools):
        out.append(f"tools: old {', '.join(old_tools) or 'none'}; new {', '.join(new_tools) or 'none'}")
    elif old_tools != new_tools:
        def weights(tools: dict[str, object]) -> str:
            return ", ".join(f"{code} {_weight(w)}" for code, w in tools.items())
        out.append(f"tool weights: old {weights(old_tools)}; new {weights(new_tools)}")
    for p in pairs:
        if p.old is not None and p.new is not None and p.old != p.new:
            out.append(f"indicator {p.old} of the old year ({p.name}) is indicator {p.new} in the new year")
        elif p.new is None:
            out.append(f"indicator {p.old} of the old year ({p.name}) has no partner in the new year")
        elif p.old is None:
            out.append(f"indicator {p.new} of the new year ({p.name}) has no partner in the old year")
    return tuple(out)


def _weight(value: object) -> str:
    from fractions import Fraction

    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{float(value):.4g}"
    return str(value)


def _by_name(results: Iterable[Result], which: str) -> dict[str | None, Result]:
    """Results by the identity of their agency's name (:func:`~itakit.inputs.table.text_key`)."""
    out: dict[str | None, Result] = {}
    for r in results:
        key = None if r.agency is None else text_key(r.agency)
        if key in out:
            raise DataError(Problem(f"the {which} results name the agency {r.agency!r} twice; "
                                    "agencies are matched by name, so each name must be unique"))
        out[key] = r
    return out


def _shown(r: Result | None, number: int | None) -> Decimal | None:
    if r is None or number is None:
        return None
    found: IndicatorResult | None = next((i for i in r.indicators if i.number == number), None)
    return None if found is None else found.display_score


def _agency_change(agency: str | None, old: Result | None, new: Result | None,
                   pairs: Sequence[IndicatorPair]) -> AgencyChange:
    status: Status = "both" if old is not None and new is not None else "old only" if old is not None else "new only"
    changes = []
    for p in pairs:
        before, after = _shown(old, p.old), _shown(new, p.new)
        if before is None and after is None:
            continue
        number = p.old if p.old is not None else p.new
        assert number is not None
        changes.append(IndicatorChange(number, before, after, p.new if p.new != p.old else None, p.name))
    return AgencyChange(
        agency=agency,
        status=status,
        old_total=None if old is None else old.display_total,
        new_total=None if new is None else new.display_total,
        old_grade=None if old is None or old.grade is None else old.grade.code,
        new_grade=None if new is None or new.grade is None else new.grade.code,
        old_passed=None if old is None else old.passed,
        new_passed=None if new is None else new.passed,
        indicators=tuple(changes),
    )


def compare(
    old_results: Sequence[Result], new_results: Sequence[Result], *, old_rules: RuleSet | None = None,
    new_rules: RuleSet | None = None,
) -> Comparison:
    """Match two years' results by agency name and give each agency's change in total, grade and indicators.

    Changes are between the *displayed* figures (97.20 − 95.10 = 2.10), as a reader
    of the two published tables would compute them.  Agencies in the new results come
    first, in their order, then those found only in the old ones; none is dropped.
    Indicators are paired by number and name (:func:`pair_indicators`), from the rule sets
    when given, else from the results.  A name given twice in one year is a
    :class:`~itakit.errors.DataError`.
    """
    old = _by_name(old_results, "old")
    new = _by_name(new_results, "new")
    old_inds, old_tools = _framework(old_rules, old_results)
    new_inds, new_tools = _framework(new_rules, new_results)
    pairs = pair_indicators(old_inds, new_inds)
    changes = [_agency_change(r.agency, old.get(key), r, pairs) for key, r in new.items()]
    changes += [_agency_change(r.agency, r, None, pairs) for key, r in old.items() if key not in new]
    old_year = old_results[0].year if old_results else (None if old_rules is None else old_rules.year)
    new_year = new_results[0].year if new_results else (None if new_rules is None else new_rules.year)
    verified = all(r.rules_verified for r in (*old_results, *new_results))
    return Comparison(old_year, new_year, tuple(changes), verified, pairs, _differences(pairs, old_tools, new_tools))
