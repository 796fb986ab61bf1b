"""A year's rating as data: ordered levels, each asking for a minimum displayed total and tool scores.

From 2566 NACC rates ผ่านดีเยี่ยม / ผ่านดี / ผ่าน / ไม่ผ่าน from the total *and* the tool
scores.  A :class:`Rating` says that as data: levels from the best down, each with the
displayed (two-decimal) total it needs and the displayed score every tool, or named tools,
must reach.  A result gets the first level whose conditions it meets.  Grade bands of a
total alone (2565's AA–F) are the special case of levels without tool conditions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from ..errors import RuleSetError
from ..thai import to_arabic_digits
from .provenance import Provenance

__all__ = ["Grade", "Rating", "RatingLevel", "Shortfall", "check_code"]

_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_HUNDRED = Decimal("100.00")


def _figure(value: object) -> Decimal:
    dec = value if isinstance(value, Decimal) else Decimal(to_arabic_digits(str(value)))
    if not dec.is_finite() or dec != dec.quantize(_CENT):
        raise RuleSetError(f"{value!r} is not a figure with two decimals")
    if not _ZERO <= dec <= _HUNDRED:
        raise RuleSetError(f"{value} is outside 0-100")
    return dec.quantize(_CENT)


def _optional_figure(value: object) -> Decimal | None:
    return None if value is None else _figure(value)


def _tool_minimums(value: Mapping[str, object] | Iterable[tuple[str, object]]) -> tuple[tuple[str, Decimal], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(code), _figure(minimum)) for code, minimum in pairs))


def _levels(value: Iterable[RatingLevel]) -> tuple[RatingLevel, ...]:
    return tuple(value)


_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories of characters nobody sees: controls, zero-width and direction marks, unassigned."""


def check_code(code: str, what: str = "code") -> None:
    """Refuse a grade or rating code that is empty or could be mistaken for another.

    A code is what a result's rating is told by, printed and compared: one holding an
    invisible character (zero-width space, direction mark, control), white space other
    than single spaces inside, spaces at its ends, sara am written in two characters or
    a form Unicode does not compose looks like another code and is not one.
    """
    if not code.strip():
        raise RuleSetError(f"{what} is empty; give each level a code such as ผ่านดี")
    unseen = sorted({f"U+{ord(c):04X}" for c in code
                     if unicodedata.category(c) in _UNSEEN or (c.isspace() and c != " ")})
    if unseen:
        raise RuleSetError(f"{what} {code!r} holds characters nobody sees ({', '.join(unseen)}), so it looks like "
                           "another code; write it with visible characters only")
    if code != code.strip() or "  " in code or "\u0e4d\u0e32" in code or unicodedata.normalize("NFC", code) != code:
        raise RuleSetError(f"{what} {code!r} has spaces at its ends or twice in a row, sara am in two characters, or "
                           "characters not in their composed form, so it looks like another code; write it plainly")


def _plain_code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    check_code(value, f"the code of {type(instance).__name__}")


@attrs.frozen
class Grade:
    """The grade or rating awarded to a result (``AA`` … ``F`` in 2565; a rating such as ผ่านดี later)."""

    code: str
    passed: bool
    name_th: str = ""
    name_en: str = ""


@attrs.frozen
class Shortfall:
    """What a result lacks for a rating level: displayed points of the total, and of each tool below its floor."""

    total: Decimal
    tools: tuple[tuple[str, Decimal], ...] = ()

    @property
    def is_met(self) -> bool:
        """True when nothing is short."""
        return self.total <= 0 and not self.tools


@attrs.frozen
class RatingLevel:
    """One level of a rating: its names, whether it passes, and the displayed figures it needs.

    ``min_every_tool`` applies to every tool, ``min_tools`` to named ones (``{"EIT": "85.00"}``);
    a tool's floor is the higher of the two.  A level with neither is a plain band of the total.
    """

    code: str = attrs.field(validator=_plain_code)
    name_th: str
    name_en: str
    passed: bool
    min_total: Decimal = attrs.field(default=_ZERO, converter=_figure)
    min_every_tool: Decimal | None = attrs.field(default=None, converter=_optional_figure)
    min_tools: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=_tool_minimums)
    provenance: Provenance = attrs.field(default=Provenance(), kw_only=True)

    @property
    def has_tool_conditions(self) -> bool:
        """True when the level asks something of the tool scores, not only of the total."""
        return self.min_every_tool is not None or bool(self.min_tools)

    def tool_floor(self, tool: str) -> Decimal | None:
        """The displayed score this level needs of a tool, or None when it needs nothing of it."""
        floors = [m for code, m in self.min_tools if code == tool]
        if self.min_every_tool is not None:
            floors.append(self.min_every_tool)
        return max(floors) if floors else None

    def floors(self, tools: Iterable[str]) -> dict[str, Decimal]:
        """Each of the given tools with the floor this level sets for it (tools without one left out)."""
        out: dict[str, Decimal] = {}
        for tool in tools:
            floor = self.tool_floor(tool)
            if floor is not None:
                out[tool] = floor
        return out

    def shortfall(self, total: Decimal, tools: Mapping[str, Decimal]) -> Shortfall:
        """What displayed figures (a total, tool scores) lack for this level; met when nothing is short."""
        short = [(code, floor - tools[code]) for code, floor in self.floors(tools).items() if tools[code] < floor]
        return Shortfall(max(self.min_total - total, _ZERO), tuple(short))

    def admits(self, total: Decimal, tools: Mapping[str, Decimal]) -> bool:
        """True when a displayed total and displayed tool scores meet every condition of the level."""
        return self.shortfall(total, tools).is_met

    def grade(self) -> Grade:
        """The grade this level awards."""
        return Grade(self.code, self.passed, self.name_th, self.name_en)

    def _at_least(self, other: RatingLevel, tools: Iterable[str]) -> bool:
        """True when every condition of ``other`` is implied by this level's."""
        if self.min_total < other.min_total or (self.min_every_tool or _ZERO) < (other.min_every_tool or _ZERO):
            return False
        return all((self.tool_floor(t) or _ZERO) >= (other.tool_floor(t) or _ZERO) for t in tools)


@attrs.frozen
class Rating:
    """A year's rating levels, the best first, and where the rule comes from.

    Checked when built: codes are unique, each level asks at least as much as the one
    below it (and more of something, or the lower one could never be given), and the
    lowest level asks nothing, so every total in 0–100 with any tool scores reaches a level.
    """

    levels: tuple[RatingLevel, ...] = attrs.field(converter=_levels)
    provenance: Provenance = attrs.field(default=Provenance(), kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise RuleSetError("rating: levels is empty")
        seen: set[str] = set()
        for level in self.levels:
            if level.code in seen:
                raise RuleSetError(f"rating: the level {level.code!r} is used twice")
            seen.add(level.code)
        tools = self.tools_named
        for better, worse in zip(self.levels, self.levels[1:], strict=False):
            if not better._at_least(worse, tools):
                raise RuleSetError(
                    f"rating: levels out of order: {better.code!r} is listed above {worse.code!r} but asks "
                    "less of the total or of a tool; list levels from the best down, each asking at least "
                    "as much as the next"
                )
            if worse._at_least(better, tools):
                raise RuleSetError(
                    f"rating: level {worse.code!r} asks the same as {better.code!r} above it, so it could "
                    "never be given"
                )
        lowest = self.levels[-1]
        if lowest.min_total != _ZERO or lowest.has_tool_conditions:
            raise RuleSetError(
                f"rating: the lowest level {lowest.code!r} must ask nothing (min_total 0.00, no tool minimums), "
                "so that every total from 0 to 100 reaches some level"
            )

    @property
    def tools_named(self) -> tuple[str, ...]:
        """Every tool some level names in ``min_tools``."""
        return tuple(sorted({code for level in self.levels for code, _ in level.min_tools}))

    @property
    def has_tool_conditions(self) -> bool:
        """True when some level looks at tool scores (a total alone then cannot decide the rating)."""
        return any(level.has_tool_conditions for level in self.levels)

    @property
    def verified(self) -> bool:
        """False when the rule or any level's cut-offs are marked unverified."""
        return self.provenance.verified and all(level.provenance.verified for level in self.levels)

    def level(self, code: str) -> RatingLevel | None:
        """The level with this code, or None."""
        return next((level for level in self.levels if level.code == code), None)

    def index(self, code: str) -> int | None:
        """A level's place from the best (0), or None for a code that is not a level."""
        return next((n for n, level in enumerate(self.levels) if level.code == code), None)

    def level_for(self, total: Decimal, tools: Mapping[str, Decimal]) -> RatingLevel:
        """The best level a displayed total and displayed tool scores reach."""
        for level in self.levels:
            if level.admits(total, tools):
                return level
        return self.levels[-1]  # unreachable: the lowest level asks nothing

    def ceiling(self, total: Decimal) -> RatingLevel:
        """The best level a displayed total could reach with every tool at full marks."""
        return next(level for level in self.levels if level.min_total <= total)

    def pass_line_problem(self, pass_line: Decimal) -> str | None:
        """Why ``pass_line`` disagrees with the levels' ``passed`` (None when they agree)."""
        passing = [level for level in self.levels if level.passed]
        if not passing:
            return f"no rating level passes, but pass_line is {pass_line}"
        n = len(passing)
        if any(not level.passed for level in self.levels[:n]):
            first_fail = next(level for level in self.levels[:n] if not level.passed)
            return f"rating level {first_fail.code!r} fails but a level below it passes; passing levels come first"
        lowest = passing[-1]
        if lowest.min_total != pass_line:
            return (
                f"pass_line {pass_line} disagrees with the rating: its lowest passing level {lowest.code!r} "
                f"needs a total of {lowest.min_total}"
            )
        for level in self.levels[n:]:
            if level.min_total >= pass_line:
                return (
                    f"pass_line {pass_line} disagrees with the rating: level {level.code!r} fails yet "
                    f"needs a total of {level.min_total}"
                )
        return None
