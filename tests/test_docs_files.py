"""The commands in the README's "Your own files" section and in docs/surveys.md run and say what the docs say."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT
from itakit.cli import main


def _commands(text: str) -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("itakit ")]


def _section(path, heading: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end != -1 else None]


README_FILES = _commands(_section(ROOT / "README.md", "### Your own files"))


def test_the_section_shows_each_accepted_shape():
    files = [argv[1] for argv in README_FILES]
    assert {f.rsplit(".", 1)[1] for f in files} == {"csv", "txt", "xlsx", "json"}
    assert any("--mapping" in argv for argv in README_FILES)


@pytest.mark.parametrize("argv", README_FILES, ids=lambda a: a[1])
def test_readme_your_own_files_commands(argv, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(argv) == 0
    out = capsys.readouterr().out
    if "--mapping" in argv:
        assert "คะแนน EIT                          80.44" in out
        assert "ผู้ตอบ 5 คน · คำตอบที่เว้นว่าง 4 คำตอบ" in out
    else:
        assert "97.20  ระดับ AA  ผ่านเกณฑ์" in out


def test_surveys_doc_commands(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(ROOT)
    commands = _commands((ROOT / "docs" / "surveys.md").read_text(encoding="utf-8"))
    assert len(commands) == 2
    assert main(commands[0]) == 0
    out = capsys.readouterr().out
    assert all(v in out for v in ("83.33", "82.67", "75.33", "80.44", "ผู้ตอบ 5 คน · คำตอบที่เว้นว่าง 4 คำตอบ"))
    starter = [a if a != "mapping.toml" else str(tmp_path / "mapping.toml") for a in commands[1]]
    assert main(starter) == 0
    assert (tmp_path / "mapping.toml").read_text(encoding="utf-8").count('= "e') == 15
