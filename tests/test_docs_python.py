"""Every ```python block of README.md and docs/*.md runs as written, and prints what it shows.

The blocks of a page run in order, in one namespace, like a notebook, in a fresh Python
started in a copy of ``examples/`` (``cwd`` holds ``examples/``, as at the repository root)
— so a page's examples may build on each other and use only files that ship.  A block whose
first line is a comment naming a Python file (``# my_ita_rules.py``) is that file's text: it
is written there, compiled, and imported when it is a module at the top or under a package
folder, so a later block can use it.  Where a block prints, the comment lines right under
the ``print(…)`` show what it prints (``# 97.20 AA``), and they must be exactly that.  A
block that is an illustrative fragment says so on the line before it, with an HTML comment
``<!-- not run: why -->`` (kept rare).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from conftest import EXAMPLES, ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"(?:^|\n)(?P<before>[^\n]*)\n*```python\n(?P<code>.*?)```", flags=re.S)
FILE_LINE = re.compile(r"^# (?P<path>[\w./-]+\.py)\b")
NOT_RUN = re.compile(r"<!--\s*not run:\s*(?P<why>.+?)\s*-->")
MARKER = "\x1e---itakit-docs-block---\x1e"


@attrs.frozen
class Block:
    """One ```python block of a page: its code, the line it starts on, and what it is."""

    page: Path
    line: int
    code: str
    file: str | None = None
    """The file the block is the text of (its first line names it), or None for code to run."""
    not_run: str | None = None
    """Why it is not run (the HTML comment before it), or None."""

    @property
    def shown(self) -> list[str]:
        """The output the block shows: the ``# …`` lines right under each ``print(…)`` line."""
        lines = self.code.splitlines()
        shown: list[str] = []
        for k, line in enumerate(lines):
            if "print(" in line and not line.lstrip().startswith("#"):
                for after in lines[k + 1:]:
                    if not after.startswith("#"):
                        break
                    shown.append(after[1:].strip())
        return shown

    @property
    def prints(self) -> bool:
        return any("print(" in line and not line.lstrip().startswith("#") for line in self.code.splitlines())


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for m in BLOCK.finditer(text):
        line = text.count("\n", 0, m.start("code")) + 1  # the first line of code
        first = m.group("code").splitlines()[0] if m.group("code").strip() else ""
        file = FILE_LINE.match(first)
        not_run = NOT_RUN.search(m.group("before"))
        found.append(Block(page, line, m.group("code"), file.group("path") if file else None,
                           not_run.group("why") if not_run else None))
    return found


BLOCKS = {page: blocks(page) for page in PAGES if blocks(page)}

#: Runs a page's blocks in order in one namespace; a marker line on stdout ends each block's output.
RUNNER = r'''
import importlib, json, os, sys, traceback
sys.path.insert(0, os.getcwd())
namespace = {"__name__": "__main__"}
for index, block in enumerate(json.loads(sys.stdin.read())):
    try:
        if block["file"]:
            path = block["file"]
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(block["code"])
            compile(block["code"], path, "exec")
            parts = path[:-3].split("/")
            if parts[-1] == "__init__":
                parts.pop()
            if not parts[-1].startswith("test_") and all(p.isidentifier() for p in parts) and len(parts) <= 2:
                importlib.import_module(".".join(parts))
        else:
            exec(compile(block["code"], f"{block['page']}:{block['line']}", "exec"), namespace)
    except BaseException:
        sys.stdout.flush()
        print(f"block {index} ({block['page']}:{block['line']}) failed:", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
    sys.stdout.flush()
    print(MARKER, flush=True)
'''.replace("MARKER", repr(MARKER))


def test_the_convention_reads_the_blocks_it_should():
    readme = BLOCKS[ROOT / "README.md"]
    assert len(readme) == 1 and readme[0].shown == ["97.20 AA (3, 5, 6, 4, 2, 8, 10, 9, 7, 1)"]
    plugin = BLOCKS[ROOT / "docs" / "plugins.md"]
    assert [b.file for b in plugin if b.file] == ["ita_rules_2599/__init__.py", "my_ita_rules.py", "tests/test_contract.py"]
    fragment = Block(ROOT, 1, 'print(1)  # not this\n# 1\n#  2\nx = 3\n# not shown\n')
    assert fragment.shown == ["1", "2"] and fragment.prints
    marked = blocks(_page_with("<!-- not run: a sketch -->\n```python\nundefined()\n```\n"))
    assert [b.not_run for b in marked] == ["a sketch"]
    assert sum(1 for page in BLOCKS.values() for b in page if b.not_run) <= 2  # fragments stay rare


def _page_with(text: str) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "page.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_block_that_prints_shows_what_it_prints():
    silent = [f"{b.page.name}:{b.line}" for page in BLOCKS.values() for b in page
              if b.prints and not b.shown and not b.file and not b.not_run]
    assert silent == []


@pytest.mark.parametrize("page", sorted(BLOCKS, key=str), ids=lambda p: p.name)
def test_every_python_block_of_a_page_runs_and_prints_what_it_shows(page, tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    run = [b for b in BLOCKS[page] if not b.not_run]
    payload = json.dumps([{"page": str(b.page.relative_to(ROOT)), "line": b.line, "code": b.code, "file": b.file}
                          for b in run], ensure_ascii=False)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ITAKIT_DISABLE_PLUGIN_AUTOLOAD")}
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run([sys.executable, "-c", RUNNER], input=payload, cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    outputs = done.stdout.split(MARKER + "\n")
    assert len(outputs) == len(run) + 1 and outputs[-1] == ""
    for block, out in zip(run, outputs, strict=False):
        if block.shown or block.prints:
            where = f"{block.page.name}:{block.line}"
            assert [line.rstrip() for line in out.strip().splitlines()] == block.shown, where
