"""Why a result has its rating, as data: every condition of its level and of the better levels, met or not.

What the analysis report (and any other output) says about a rating is read from one frozen
object, :class:`RatingExplanation`, made by :func:`explain_rating`:

* ``level`` — the result's own level with each of its conditions (:class:`Condition`: the
  displayed total, or one named tool's displayed score, at least a figure) and the figure
  the result holds; ``passed`` is the level's ``passed``, whatever decided it;
* ``better`` — every better level, the nearest first, each with its conditions, met or not;
* ``held_back_by`` — the conditions of the next better level the result does not meet: what
  decided its rating (the total below a level's least total, or a tool below a floor —
  including a floor on the lowest passing level, which keeps a total above the pass line
  from passing); empty at the top level;
* ``margin`` — displayed points the total stands above its own level's least total, only
  where that means "what it may lose and keep its rating": never for a failing level, nor
  for a rating a plugin's hook decided otherwise than the data would;
* provenance — each level's, the rating's and each tool weight's (``weights``) own
  :class:`~itakit.rules.provenance.Provenance` (status, source, note) exactly as the rule set
  gives it, and ``rules_from``, the plugin that provided the rules, so an output quotes the
  plugin's words and never calls a plugin's values itakit's
  (:meth:`~itakit.rules.provenance.Provenance.describe` puts one in words).

When a plugin's ``itakit_grade`` hook decides a rating the year's data would not give,
``decided_by`` is ``"hook"`` and ``held_back_by`` holds what evaluating the hook found
(:attr:`Condition.found_by_hook`); when nothing was found, ``determined`` is False and the
output must say it could not be determined.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

import attrs

from ..exact import round_half_up
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..rules.provenance import Provenance
from ..rules.rating import Grade, RatingLevel
from .result import Result

__all__ = ["Condition", "LevelCheck", "RatingExplanation", "ToolWeight", "explain_rating", "hook_decides"]

_ZERO = Decimal("0.00")


@attrs.frozen
class Condition:
    """One condition of a rating level: the displayed total, or one tool's displayed score, at least ``needed``."""

    subject: str
    """``"total"``, or the code of the tool whose floor this is (``"EIT"``)."""
    needed: Decimal
    """The displayed figure the level needs."""
    held: Decimal
    """The displayed figure the result has."""
    provenance: Provenance = Provenance()
    """Where the figure comes from, as the rule set gives it (the level's provenance)."""
    found_by_hook: bool = False
    """True when the figure was found by evaluating a plugin's rating hook, not read from the year's data."""

    @property
    def kind(self) -> Literal["total", "tool"]:
        """``"total"`` for the total's condition, ``"tool"`` for a tool's floor."""
        return "total" if self.subject == "total" else "tool"

    @property
    def met(self) -> bool:
        """True when the result holds at least the figure needed."""
        return self.held >= self.needed

    @property
    def short(self) -> Decimal:
        """Displayed points the result lacks (0.00 when met)."""
        return max(self.needed - self.held, _ZERO)


@attrs.frozen
class LevelCheck:
    """A rating level with each of its conditions and whether the result meets it."""

    code: str
    name_th: str
    name_en: str
    passed: bool
    conditions: tuple[Condition, ...]
    """The total's condition first (when the level asks a total above 0), then each tool floor in tool order."""
    provenance: Provenance = Provenance()

    @property
    def met(self) -> bool:
        """True when the result meets every condition of the level."""
        return all(c.met for c in self.conditions)

    @property
    def unmet(self) -> tuple[Condition, ...]:
        """The conditions the result does not meet."""
        return tuple(c for c in self.conditions if not c.met)


@attrs.frozen
class ToolWeight:
    """A tool's weight in the total (percent) and where the rule set says it comes from."""

    code: str
    weight: Fraction
    provenance: Provenance = Provenance()


Decider = Literal["rating", "bands", "hook"]


@attrs.frozen
class RatingExplanation:
    """Why a result has its rating (see the module): its level, the better levels, what held it back, the margin."""

    year: int
    grade: Grade
    """The grade or rating awarded, as the result carries it."""
    level: LevelCheck
    """The result's own level and its conditions."""
    better: tuple[LevelCheck, ...]
    """Every better level, the nearest first."""
    held_back_by: tuple[Condition, ...]
    """The conditions of the next better level the result does not meet (empty at the top, or when not determined)."""
    decided_by: Decider
    """``"rating"`` (the year's declared rating), ``"bands"`` (bands of the total) or ``"hook"`` (a plugin's hook
    rated the result otherwise than the year's data would)."""
    margin: Decimal | None
    """Displayed points above the own level's least total; None for a failing level and for a hook-decided rating."""
    pass_line: Decimal
    ceiling: str
    """The code of the best level the displayed total alone could reach (every tool at full marks)."""
    rating_provenance: Provenance
    """The provenance of the rating rule as a whole (a declared rating's; for bands, the own band's)."""
    determined: bool = True
    """False when a plugin's hook decided and what held the rating back could not be found by evaluating it."""
    hook: str | None = None
    """The plugin whose hook rated the result (``"dist (plugin name)"``), when one did."""
    rules_from: str | None = None
    """Who provided the year's rules: the plugin (``"itakit (plugin ita2568)"``) or the rule file; None when unknown."""
    unverified: tuple[str, ...] = ()
    """The year's values no public source confirms (``RuleSet.unverified``), in the rule set's words."""
    total: Decimal = _ZERO
    """The result's displayed total."""
    tools: tuple[tuple[str, Decimal], ...] = ()
    """The result's displayed tool scores, in tool order."""
    weights: tuple[ToolWeight, ...] = ()
    """Each tool's weight in the total with its provenance, as the rule set gives it."""

    @property
    def passed(self) -> bool:
        """Whether the result passes: its level's ``passed``, whatever decided it."""
        return self.level.passed

    @property
    def next(self) -> LevelCheck | None:
        """The next better level (never a skip), or None at the top."""
        return self.better[0] if self.better else None

    @property
    def total_at_pass_line(self) -> bool:
        """Whether the displayed total reaches the pass line (one condition of passing, not all of it)."""
        return self.total >= self.pass_line


def hook_decides(rule_set: RuleSet, result: Result, registry: Registry) -> bool:
    """True when some plugin's own ``itakit_grade`` answers for this result (the data alone does not decide)."""
    if registry.grades_by_bands_only():  # no plugin grades: the built-in one applies the year's data
        return False
    bare = attrs.evolve(result, grade=None, next_grade=None, points_to_next_grade=None)
    return bool(registry.rating_answers(rule_set, bare))


def _check(level: RatingLevel, total: Decimal, tools: dict[str, Decimal]) -> LevelCheck:
    conditions = [Condition("total", level.min_total, total, level.provenance)] if level.min_total > 0 else []
    for code, floor in level.floors(list(tools)).items():
        conditions.append(Condition(code, floor, tools[code], level.provenance))
    return LevelCheck(level.code, level.name_th, level.name_en, level.passed, tuple(conditions), level.provenance)


def _plugin(distribution: str, name: str) -> str:
    return f"plugin {name}" if distribution.startswith("(registered") else f"{distribution} (plugin {name})"


def _who(registry: Registry | None, rule_set: RuleSet) -> str | None:
    if registry is not None:
        try:
            info = registry.plugin_of(rule_set.year)
            if registry.rule_set(rule_set.year) is rule_set:
                return _plugin(info.distribution, info.name)
        except Exception:  # noqa: BLE001 - a rule set not offered by this registry (a --rules file)
            pass
    return f"the rule file {rule_set.source}" if rule_set.source else None


def explain_rating(rule_set: RuleSet, result: Result, registry: Registry | None = None) -> RatingExplanation | None:
    """Why ``result`` has its rating, from the year's levels and the result's displayed figures; None without a rating.

    A rating the year's data would not give was decided by a plugin's hook; ``registry``
    (the plugins that rated the result) names that plugin and the one that provided the rules.
    """
    grade = result.grade
    if grade is None or result.total is None:
        return None
    rating = rule_set.effective_rating
    total = round_half_up(result.total)
    tools = {t.code: t.display_score for t in result.tools}
    own = rating.level(grade.code)
    by_data = rating.level_for(total, tools)
    hook = None
    if registry is not None and hook_decides(rule_set, result, registry):
        bare = attrs.evolve(result, grade=None, next_grade=None, points_to_next_grade=None)
        answers = registry.rating_answers(rule_set, bare)
        hook = " and ".join(_plugin(info.distribution, info.name) for info, _ in answers) or None
    differs = own is None or own.code != by_data.code  # only a hook rates otherwise than the data
    decided: Decider = "hook" if differs else ("rating" if rule_set.rating is not None else "bands")
    if own is None:  # a hook gave a code that is not a level (the contract suite refuses such a hook)
        own = RatingLevel(grade.code, grade.name_th, grade.name_en, grade.passed)
        index = len(rating.levels)
    else:
        index = rating.levels.index(own)
    level = _check(own, total, tools)
    better = tuple(_check(lv, total, tools) for lv in reversed(rating.levels[:index]))
    determined = True
    if decided == "hook":
        held: tuple[Condition, ...] = ()
        if result.next_grade is not None and result.points_to_next_grade is None:
            determined = False  # no raised scores the hook rates higher were found
        elif result.next_grade is not None:
            found = []
            if result.points_to_next_grade:
                found.append(Condition("total", total + result.points_to_next_grade, total, found_by_hook=True))
            found += [Condition(code, tools[code] + points, tools[code], found_by_hook=True)
                      for code, points in result.tools_to_next_grade.items()]
            held = tuple(found)
    else:
        held = better[0].unmet if better else ()
    margin = None
    if level.passed and decided != "hook":
        margin = total - own.min_total
    prov = rule_set.rating.provenance if rule_set.rating is not None else own.provenance
    return RatingExplanation(
        year=rule_set.year, grade=grade, level=level, better=better, held_back_by=held, decided_by=decided,
        margin=margin, pass_line=rule_set.pass_line, ceiling=rating.ceiling(total).code, rating_provenance=prov,
        determined=determined, hook=hook, rules_from=_who(registry, rule_set), unverified=rule_set.unverified,
        total=total, tools=tuple(tools.items()),
        weights=tuple(ToolWeight(t.code, t.weight, t.provenance) for t in rule_set.tools),
    )
