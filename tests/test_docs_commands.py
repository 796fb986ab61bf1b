"""Every concrete `itakit …` command in README.md and docs/*.md runs as written from the repository root.

The convention (README, "After set-up"): a command with a word in capitals that stands for
something to fill in (FILE, OLD, NEW, NAME, OUT…) or with options in ``[brackets]`` is a
template; every other ``itakit`` line in a ``sh`` block is concrete and must exit 0 on the
shipped files, after the installs the docs show. The commands run in order, file by file,
in a copy of ``examples/`` (so their outputs land there), with an ``itakit`` command from a
venv that also has the example plugin installed (docs/plugins.md installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from test_example_plugin import EXAMPLE, _outer_site_dirs, make_venv, pip_install

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PLACEHOLDERS = re.compile(r"\b(FILE|OLD|NEW|NAME|OUT|OUTPUT|COLUMN|PLAN|RULES|Y|YEAR|TOTAL|DIR|PATH|PERCENT|N|CODE)\b")


def shell_lines(page: Path) -> list[str]:
    """The lines of a page's ``sh`` blocks, with backslash continuations joined."""
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip():
                lines.append(line.strip())
    return lines


def is_concrete(line: str) -> bool:
    """An ``itakit`` command to run as written: no placeholder in capitals, no ``[optional]`` part."""
    command = line.split("  #", 1)[0].split(" # ", 1)[0]
    return line.startswith("itakit ") and "[" not in command and not PLACEHOLDERS.search(command)


COMMANDS = [(page, line) for page in PAGES for line in shell_lines(page) if is_concrete(line)]


def test_the_convention_sees_the_commands_it_should():
    readme = [line for page, line in COMMANDS if page.name == "README.md"]
    assert "itakit score examples/lamliang-2565-indicators.csv        # CSV, UTF-8 (with or without BOM)" in readme
    assert not is_concrete("itakit score FILE [--year 2565]")
    assert not is_concrete("itakit compare OLD NEW")
    assert is_concrete("itakit grade 94.99                                    # 94.99  A  ผ่านเกณฑ์ (passed)")
    assert len(COMMANDS) >= 20


@pytest.fixture(scope="module")
def itakit_bin(tmp_path_factory) -> Path:
    """A folder holding an ``itakit`` command of a venv that sees this one and has the example plugin."""
    root = tmp_path_factory.mktemp("docs-env")
    python, _ = make_venv(root / "venv", _outer_site_dirs())
    pip_install(python, EXAMPLE, root)
    bin_dir = root / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "itakit"
    shim.write_text(f'#!/bin/sh\nexec "{python}" -m itakit "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return bin_dir


@pytest.mark.parametrize("page", sorted({p for p, _ in COMMANDS}, key=str), ids=lambda p: p.name)
def test_every_concrete_command_of_a_page_exits_0(page, itakit_bin, tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ITAKIT_DISABLE_PLUGIN_AUTOLOAD")}
    env["PATH"] = f"{itakit_bin}{os.pathsep}{env.get('PATH', '')}"
    failures = []
    for _, line in (c for c in COMMANDS if c[0] == page):
        done = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            failures.append(f"{line}\n  exit {done.returncode}: {done.stderr.strip()[-500:]}")
    assert failures == []
