"""The Python examples in the README and docs run, and print what they say."""

from __future__ import annotations

import re
import sys

from conftest import ROOT


def _blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_readme_example_runs(capsys):
    (block,) = _blocks(ROOT / "README.md")
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "97.20 AA (3, 5, 6, 4, 2, 8, 10, 9, 7, 1)"


def test_plugin_guide_example_runs(tmp_path, monkeypatch, capsys):
    module, usage = _blocks(ROOT / "docs" / "plugins.md")
    (tmp_path / "my_ita_rules.py").write_text(module, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        exec(compile(usage, "docs/plugins.md", "exec"), {})
    finally:
        sys.modules.pop("my_ita_rules", None)
    assert capsys.readouterr().out.split()[:2] == ["94.90", "ผ่าน"]


def test_report_guide_example_runs_and_its_plan_blocks_read(tmp_path, monkeypatch, capsys):
    import itakit

    page = ROOT / "docs" / "report.md"
    (block,) = _blocks(page)
    monkeypatch.chdir(ROOT)
    exec(compile(block, "docs/report.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "0.80 98.00 1/5 2.20"
    text = page.read_text(encoding="utf-8")
    rules = itakit.rule_set(2565)
    for lang, suffix in (("toml", ".toml"), ("csv", ".csv")):
        (body,) = re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)
        path = tmp_path / f"plan{suffix}"
        path.write_text(body, encoding="utf-8")
        plan = itakit.read_measure_plan(path, rules)
        assert plan.codes == ("o29",) and plan.get("o29").responsible == ("สำนักปลัด",)
        assert plan.defaults is not None


def test_report_guide_shows_a_rendered_page():
    page = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    assert "](img/report-page.png)" in page
    png = ROOT / "docs" / "img" / "report-page.png"
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size < 300_000
