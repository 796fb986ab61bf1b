"""The plugin host: entry points, explicit registration, duplicates, broken plugins, grading hooks."""

from __future__ import annotations

import types
from importlib.metadata import EntryPoint
from pathlib import Path

import attrs
import pytest

import itakit
import itakit_rules_2565
from conftest import SEED_SCORES
from itakit.rules import plugins as plugin_host


def _plugin_offering(rule_set: itakit.RuleSet) -> types.SimpleNamespace:
    @itakit.hookimpl
    def itakit_rule_sets():
        return [rule_set]

    return types.SimpleNamespace(itakit_rule_sets=itakit_rule_sets)


def test_entry_point_finds_2565():
    registry = itakit.Registry(autoload=True)
    assert 2565 in registry.years
    assert registry.plugin_of(2565) == plugin_host.PluginInfo("ita2565", "itakit")


def test_autoload_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("ITAKIT_DISABLE_PLUGIN_AUTOLOAD", "1")
    registry = itakit.Registry()
    assert registry.years == ()
    with pytest.raises(itakit.UsageError, match="no ITA rule sets are installed.*ITAKIT_DISABLE_PLUGIN_AUTOLOAD"):
        registry.rule_set()
    registry.register(itakit_rules_2565, name="mine", distribution="my-dist")
    assert registry.years == (2565,)
    assert registry.plugin_of(2565).distribution == "my-dist"


def test_default_year_is_the_newest(rules):
    newer = attrs.evolve(rules, year=2599)
    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565, _plugin_offering(newer)])
    assert registry.years == (2565, 2599)
    assert registry.rule_set().year == 2599


def test_unknown_year_is_a_usage_error(registry):
    with pytest.raises(itakit.UsageError, match="no rule set for year 2500; installed: 2565"):
        registry.rule_set(2500)


def test_two_plugins_offering_one_year_name_both_distributions(rules):
    registry = itakit.Registry(autoload=False)
    registry.register(itakit_rules_2565, name="ita2565", distribution="itakit")
    registry.register(_plugin_offering(rules), name="other", distribution="ita-rules-th")
    with pytest.raises(itakit.PluginError, match=r"year 2565 is offered by more than one plugin: .*itakit.* and .*ita-rules-th"):
        registry.rule_set(2565)
    assert list(registry.conflicts()) == [2565]


def test_a_plugin_that_fails_to_import_is_named_and_others_still_work(monkeypatch):
    good = EntryPoint("ita2565", "itakit_rules_2565", "itakit")
    bad = EntryPoint("broken", "itakit_no_such_module_xyz", "itakit")
    monkeypatch.setattr(plugin_host, "entry_points", lambda group: [bad, good])
    registry = itakit.Registry(autoload=True)
    assert registry.years == (2565,)
    assert len(registry.failures) == 1
    assert "plugin 'broken'" in str(registry.failures[0])
    assert "ModuleNotFoundError" in str(registry.failures[0])


def test_a_plugin_whose_hook_raises_is_recorded(rules):
    @itakit.hookimpl
    def itakit_rule_sets():
        raise RuntimeError("boom")

    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    registry.register(types.SimpleNamespace(itakit_rule_sets=itakit_rule_sets), name="bad", distribution="bad-dist")
    assert registry.years == (2565,)
    assert "boom" in str(registry.failures[0]) and "bad-dist" in str(registry.failures[0])


def test_a_year_plugin_can_decide_the_grade_from_tool_scores(rules):
    """From 2566 the rating also looks at tools: a hook overrides the bands."""

    @itakit.hookimpl
    def itakit_grade(rule_set, result):
        if rule_set.year != 2565:
            return None
        if result.tool("EIT").display_score < 95:
            return itakit.Grade("ผ่าน", True, "ผ่าน", "pass")
        return None

    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    registry.register(types.SimpleNamespace(itakit_grade=itakit_grade), name="rating")
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=SEED_SCORES), registry=registry)
    assert result.grade.code == "ผ่าน"
    # without the hook, the bands decide
    plain = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    assert itakit.score(rules, itakit.AgencyData(indicator_scores=SEED_SCORES), registry=plain).grade.code == "AA"


def test_rules_can_be_overridden_from_a_file(tmp_path, rules):
    text = Path(rules.source).read_text(encoding="utf-8")
    changed = text.replace('{ key = "2", points = "100/3"', '{ key = "2", points = "25"')
    assert changed != text
    path = tmp_path / "mine.toml"
    path.write_text(changed, encoding="utf-8")
    mine = itakit.load_rule_set(path)
    assert mine.scale("level4").points("2") == 25
    assert rules.scale("level4").points("2") * 3 == 100


def test_registering_twice_is_a_plugin_error():
    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    with pytest.raises(itakit.PluginError, match="cannot register plugin"):
        registry.register(itakit_rules_2565)


def test_a_hook_returning_garbage_is_recorded():
    @itakit.hookimpl
    def itakit_rule_sets():
        return ["not a rule set"]

    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    registry.register(types.SimpleNamespace(itakit_rule_sets=itakit_rule_sets), name="odd")
    assert registry.years == (2565,)
    assert "returned str, not RuleSet" in str(registry.failures[0])


# -- a plugin that failed to load --------------------------------------------------------------------------------


def test_a_year_whose_plugin_failed_says_which_plugin_and_why():
    import itakit_rules_2565
    from itakit.rules.plugins import PluginLoadFailure

    registry = itakit.Registry(autoload=False, plugins=[itakit_rules_2565])
    registry.failures.append(PluginLoadFailure("ita2566", "itakit-rules-2566", "ImportError: no module named x"))
    with pytest.raises(itakit.UsageError, match="no rule set for year 2566") as caught:
        registry.rule_set(2566)
    message = str(caught.value)
    assert message.startswith("no rule set for year 2566; installed: 2565")
    assert "plugin 'ita2566' from itakit-rules-2566 could not be loaded: ImportError: no module named x" in message
