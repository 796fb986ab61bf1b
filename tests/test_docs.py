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
