"""The plugin host: finds year plugins, collects their rule sets, and asks them for grades.

Plugins come from the ``itakit`` entry-point group (switch that off with
``ITAKIT_DISABLE_PLUGIN_AUTOLOAD=1`` or ``Registry(autoload=False)``) or are
registered explicitly.  A plugin that fails to import is recorded, named, and
skipped so the other years still work; two plugins offering one year is an error
naming both distributions when that year is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.metadata import Distribution, entry_points
from typing import TYPE_CHECKING

import attrs
import pluggy

from ..errors import PluginError, UsageError
from . import grading, hookspecs
from .model import Grade, RuleSet

if TYPE_CHECKING:  # a result is only read here; the scoring wing builds it
    from ..scoring.result import Result

__all__ = ["AUTOLOAD_ENV", "PluginInfo", "Registry", "get_registry"]

AUTOLOAD_ENV = "ITAKIT_DISABLE_PLUGIN_AUTOLOAD"
ENTRY_POINT_GROUP = "itakit"


@attrs.frozen
class PluginInfo:
    """A plugin as the host knows it: its name and the distribution that installed it."""

    name: str
    distribution: str


@attrs.frozen
class PluginLoadFailure:
    """A plugin that could not be loaded, and why."""

    name: str
    distribution: str
    error: str

    def __str__(self) -> str:
        return f"plugin {self.name!r} from {self.distribution} could not be loaded: {self.error}"


def _name_of(distribution: str | Distribution) -> str:
    """A distribution's name, read from its metadata the first time it is needed."""
    return distribution if isinstance(distribution, str) else distribution.name


def _autoload_disabled() -> bool:
    return os.environ.get(AUTOLOAD_ENV, "").strip().lower() not in ("", "0", "false", "no")


class Registry:
    """The set of installed year plugins and the rule sets they provide.

    >>> registry = Registry()            # entry points, unless autoload is switched off
    >>> rules = registry.rule_set(2565)  # or registry.rule_set() for the newest year
    """

    def __init__(self, *, autoload: bool | None = None, plugins: Iterable[object] = ()) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self._pm.register(grading, name="itakit.rules.grading")
        # A distribution's name is read from its metadata only when it is shown: parsing
        # that metadata (email headers) costs start-up time no score needs.
        self._distributions: dict[str, str | Distribution] = {"itakit.rules.grading": "itakit"}
        self.failures: list[PluginLoadFailure] = []
        self._by_year: dict[int, list[tuple[RuleSet, str]]] | None = None
        if autoload is None:
            autoload = not _autoload_disabled()
        if autoload:
            self._load_entry_points()
        for plugin in plugins:
            self.register(plugin)

    # -- registration -------------------------------------------------------------

    def _load_entry_points(self) -> None:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            dist: str | Distribution = ep.dist if ep.dist is not None else "an unknown distribution"
            if self._pm.has_plugin(ep.name) or self._pm.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # noqa: BLE001 - any import failure is reported, not raised
                self.failures.append(PluginLoadFailure(ep.name, _name_of(dist), f"{type(exc).__name__}: {exc}"))
                continue
            self._register(plugin, ep.name, dist)

    def register(self, plugin: object, *, name: str | None = None, distribution: str | None = None) -> str:
        """Register a plugin object or module explicitly (for tests and embedding); returns its name."""
        return self._register(plugin, name, distribution)

    def _register(self, plugin: object, name: str | None, distribution: str | Distribution | None) -> str:
        try:
            registered = self._pm.register(plugin, name=name)
        except ValueError as exc:  # pluggy: the name or the object is registered already
            raise PluginError(f"cannot register plugin {name or plugin!r}: {exc}") from None
        if registered is None:
            raise PluginError(f"plugin {name or plugin!r} is already registered or blocked")
        self._distributions[registered] = distribution or f"(registered: {registered})"
        self._by_year = None
        return registered

    def unregister(self, name: str) -> None:
        """Remove a plugin by name."""
        self._pm.unregister(name=name)
        self._distributions.pop(name, None)
        self._by_year = None

    def _info(self, name: str) -> PluginInfo:
        """A registered plugin's name and the name of the distribution that installed it."""
        return PluginInfo(name, _name_of(self._distributions.get(name, "?")))

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        """Every registered plugin, built-in ones included."""
        return tuple(self._info(name) for name, _ in self._pm.list_name_plugin())

    # -- rule sets ----------------------------------------------------------------

    def _collect(self) -> dict[int, list[tuple[RuleSet, str]]]:
        """Each year's rule sets, with the name of the plugin offering each."""
        if self._by_year is None:
            by_year: dict[int, list[tuple[RuleSet, str]]] = {}
            for impl in self._pm.hook.itakit_rule_sets.get_hookimpls():
                try:
                    offered = _rule_sets_of(impl.function())
                except Exception as exc:  # noqa: BLE001 - a broken plugin must not hide the others
                    info = self._info(impl.plugin_name)
                    self.failures.append(
                        PluginLoadFailure(info.name, info.distribution, f"{type(exc).__name__}: {exc}")
                    )
                    continue
                for rule_set in offered:
                    by_year.setdefault(rule_set.year, []).append((rule_set, impl.plugin_name))
            self._by_year = dict(sorted(by_year.items()))
        return self._by_year

    @property
    def years(self) -> tuple[int, ...]:
        """Every fiscal year some plugin offers, oldest first."""
        return tuple(self._collect())

    def conflicts(self) -> dict[int, tuple[PluginInfo, ...]]:
        """Years offered by more than one plugin, with the plugins that offer them."""
        return {
            year: tuple(self._info(name) for _, name in offers)
            for year, offers in self._collect().items()
            if len(offers) > 1
        }

    @property
    def default_year(self) -> int | None:
        """The year used when none is named: the newest installed year whose rules are all confirmed
        (``RuleSet.verified``), else the newest.  Years whose rules carry inferred values (2566-2568)
        are used only when asked for, so no result is made under unconfirmed rules without saying so."""
        by_year = self._collect()
        for year in reversed(by_year):
            offers = by_year[year]
            if len(offers) == 1 and offers[0][0].verified:
                return year
        return max(by_year) if by_year else None

    def rule_set(self, year: int | None = None) -> RuleSet:
        """The rule set of a fiscal year (Buddhist Era), or of :attr:`default_year` when None."""
        by_year = self._collect()
        if not by_year:
            hint = f" ({AUTOLOAD_ENV} is set)" if _autoload_disabled() else ""
            failed = "".join(f"\n  {f}" for f in self.failures)
            raise UsageError(f"no ITA rule sets are installed{hint}{failed}")
        if year is None:
            year = max(by_year) if self.default_year is None else self.default_year
        offers = by_year.get(year)
        if offers is None:
            known = ", ".join(str(y) for y in by_year)
            failed = "".join(f"\n  {f}" for f in self.failures)
            hint = f"; a plugin that failed to load may be the one for {year}:{failed}" if failed else ""
            raise UsageError(f"no rule set for year {year}; installed: {known}{hint}")
        if len(offers) > 1:
            infos = [self._info(name) for _, name in offers]
            names = " and ".join(f"{info.distribution} (plugin {info.name!r})" for info in infos)
            raise PluginError(f"year {year} is offered by more than one plugin: {names}; uninstall one")
        return offers[0][0]

    def plugin_of(self, year: int) -> PluginInfo:
        """The plugin that offers a year."""
        self.rule_set(year)
        return self._info(self._collect()[year][0][1])

    # -- grading ------------------------------------------------------------------

    def grades_by_bands_only(self) -> bool:
        """True when no plugin grades on its own, so a grade is the band of the displayed total."""
        return all(impl.plugin_name == "itakit.rules.grading" for impl in self._pm.hook.itakit_grade.get_hookimpls())

    def grade(self, rule_set: RuleSet, result: Result) -> Grade | None:
        """Ask the plugins for the grade of a complete result (None for an incomplete one)."""
        if result.total is None:
            return None
        grade: Grade | None = self._pm.hook.itakit_grade(rule_set=rule_set, result=result)
        return grade

    def rating_answers(self, rule_set: RuleSet, result: Result) -> tuple[tuple[PluginInfo, object], ...]:
        """What each plugin's own ``itakit_grade`` answers for a result, the built-in band grading left out.

        Plugins answering None are not listed, so an empty answer means the year is graded
        by its bands alone; ``itakit.testing`` uses this to check a rating plugin.
        """
        kwargs = {"rule_set": rule_set, "result": result}
        answers: list[tuple[PluginInfo, object]] = []
        for impl in self._pm.hook.itakit_grade.get_hookimpls():
            if impl.plugin is grading:
                continue
            answer = impl.function(*(kwargs[name] for name in impl.argnames))
            if answer is not None:
                answers.append((self._info(impl.plugin_name), answer))
        return tuple(answers)


def _rule_sets_of(answer: object) -> list[RuleSet]:
    """Check what a plugin's ``itakit_rule_sets`` returned: an iterable of RuleSet objects."""
    if answer is None:
        return []
    if not isinstance(answer, Iterable):
        raise TypeError(f"itakit_rule_sets returned {type(answer).__name__}, not a list of RuleSet")
    offered = list(answer)
    for item in offered:
        if not isinstance(item, RuleSet):
            raise TypeError(f"itakit_rule_sets returned {type(item).__name__}, not RuleSet")
    return offered


_default: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry, built on first use from the installed entry points."""
    global _default
    if _default is None:
        _default = Registry()
    return _default
