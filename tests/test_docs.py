"""The Python examples in the README and docs run, print what they say, and the hook reference matches the hookspecs."""

from __future__ import annotations

import importlib
import inspect
import re
import sys

import itakit
from conftest import ROOT
from itakit.cli import main
from itakit.rules import hookspecs

PLUGIN_GUIDE = ROOT / "docs" / "plugins.md"


def _blocks(path, language="python"):
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def guide_block(first_line: str, language: str = "python") -> str:
    """The code block of docs/plugins.md whose first line is ``first_line``."""
    (block,) = [b for b in _blocks(PLUGIN_GUIDE, language) if b.splitlines()[0] == first_line]
    return block


def test_readme_example_runs(capsys):
    (block,) = _blocks(ROOT / "README.md")
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "97.20 AA (3, 5, 6, 4, 2, 8, 10, 9, 7, 1)"


def test_plugin_guide_example_runs(tmp_path, monkeypatch, capsys):
    module = guide_block("# my_ita_rules.py")
    usage = guide_block("# try it without installing")
    (tmp_path / "my_ita_rules.py").write_text(module, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        exec(compile(usage, "docs/plugins.md", "exec"), {})
    finally:
        sys.modules.pop("my_ita_rules", None)
    assert capsys.readouterr().out.split()[:2] == ["94.90", "ผ่าน"]


def test_plugin_guide_toml_variant_loads_its_rules(tmp_path, monkeypatch):
    package = tmp_path / "ita_rules_2599"
    package.mkdir()
    (package / "__init__.py").write_text(
        guide_block("# ita_rules_2599/__init__.py  (rules shipped as ita2599.toml beside it)"), encoding="utf-8")
    text = (ROOT / "src" / "itakit_rules_2565" / "ita2565.toml").read_text(encoding="utf-8")
    (package / "ita2599.toml").write_text(text.replace("year = 2565", "year = 2599", 1), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        plugin = importlib.import_module("ita_rules_2599")
        rules = itakit.Registry(autoload=False, plugins=[plugin]).rule_set(2599)
    finally:
        sys.modules.pop("ita_rules_2599", None)
    assert rules.year == 2599 and [t.code for t in rules.tools] == ["IIT", "EIT", "OIT"]
    assert rules.source is not None and rules.source.endswith("ita2599.toml")


def _hookspecs():
    return {
        name: fn for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(fn, f"{hookspecs.PROJECT_NAME}_spec")
    }


def test_the_hook_reference_covers_every_hook_with_its_docstring():
    text = PLUGIN_GUIDE.read_text(encoding="utf-8")
    reference = text.split("## Hook reference", 1)[1]
    specs = _hookspecs()
    assert {"itakit_rule_sets", "itakit_grade"} <= set(specs)
    for name, fn in specs.items():
        assert f"### `{name}(" in reference, f"docs/plugins.md has no hook reference entry for {name}"
        first_line = inspect.getdoc(fn).splitlines()[0]
        assert f"> {first_line}" in reference, f"docs/plugins.md does not quote the first line of {name}'s docstring"
        # the rest of the docstring is there too, in the same words (reflowed, backticks for code)
        rest = " ".join(inspect.getdoc(fn).splitlines()[1:]).replace("``", "`").split()
        assert " ".join(rest) in " ".join(reference.split()), f"{name}: the reference differs from the hookspec docstring"
def test_report_guide_examples_run_and_its_plan_blocks_read(tmp_path, monkeypatch, capsys):
    import shutil

    import itakit

    page = ROOT / "docs" / "report.md"
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    monkeypatch.chdir(tmp_path)
    outputs = []
    for block in _blocks(page):
        exec(compile(block, "docs/report.md", "exec"), {})
        outputs.append(capsys.readouterr().out.strip())
    assert outputs == ["0.80 98.00 1/5 2.20", "๒. ผลการประเมินคุณธรรมและความโปร่งใส"]
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# การวิเคราะห์ผลการประเมิน")
    text = page.read_text(encoding="utf-8")
    rules = itakit.rule_set(2565)
    plans = [(lang, body) for lang, body in re.findall(r"```(toml|csv)\n(.*?)```", text, flags=re.S)
             if "o29" in body and "defaults" in body or body.startswith("code,")]
    assert [lang for lang, _ in plans] == ["toml", "csv"]
    for lang, body in plans:
        path = tmp_path / f"plan.{lang}"
        path.write_text(body, encoding="utf-8")
        plan = itakit.read_measure_plan(path, rules)
        assert plan.codes == ("o29",) and plan.get("o29").responsible == ("สำนักปลัด",)
        assert plan.defaults is not None
    (phrases,) = [body for lang, body in re.findall(r"```(toml)\n(.*?)```", text, flags=re.S) if "[judgement]" in body]
    mine = tmp_path / "phrases.toml"
    mine.write_text(phrases, encoding="utf-8")
    assert main(["report", str(ROOT / "examples" / "lamliang-2565-indicators.csv"), "--agency", "ก", "--phrases",
                 str(mine), "-o", str(tmp_path / "mine.md")]) == 0
    assert "ผู้ตรวจสอบ" in (tmp_path / "mine.md").read_text(encoding="utf-8")


def test_report_guide_shows_a_rendered_page():
    page = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    assert "](img/report-page.png)" in page
    png = ROOT / "docs" / "img" / "report-page.png"
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size < 300_000


def test_the_hook_reference_example_runs_and_keeps_the_contract(tmp_path, monkeypatch):
    import types

    import itakit
    from itakit.testing.hooks import undisplayed_problems, unreached_levels

    module = guide_block("# my_ita_rules.py")
    (tmp_path / "my_ita_rules.py").write_text(module, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        import my_ita_rules

        namespace: dict[str, object] = {}
        exec(compile(guide_block("# a hook holding a result at ผ่าน while indicator 8 (system improvement) shows below 80"),
                     "docs/plugins.md", "exec"), namespace)
        offer = types.SimpleNamespace(itakit_rule_sets=my_ita_rules.itakit_rule_sets)
        hook = types.SimpleNamespace(itakit_grade=namespace["itakit_grade"])
        registry = itakit.Registry(autoload=False, plugins=[offer, hook])
        rules = registry.rule_set(2599)
        scores = {**dict.fromkeys(range(1, 8), 99), 8: 79, 9: 100, 10: 100}
        result = itakit.score(rules, itakit.AgencyData(indicator_scores=scores), registry=registry)
        assert (str(result.display_total), result.grade.code) == ("97.40", "ผ่าน")
        assert undisplayed_problems(rules, registry) == [] and unreached_levels(rules, registry) == []
    finally:
        sys.modules.pop("my_ita_rules", None)
