"""The documentation site's API reference covers the public API: every name of ``itakit.__all__``, ``itakit.testing``
and every hook specification has its entry, and the site builds with warnings as errors where Sphinx is installed
(CI builds it in ``.ci/run`` after installing the ``docs`` extra)."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import subprocess
import sys

import pytest

import itakit
import itakit.testing
from conftest import ROOT
from itakit.rules import hookspecs

API = ROOT / "docs" / "api"
ENTRY = re.compile(r"^\.\. auto(?:function|class|data|module|exception):: (?P<name>[\w.]+)", flags=re.M)


def documented() -> set[str]:
    """The dotted names the reference's pages document with autodoc."""
    return {m.group("name") for page in API.glob("*.md") for m in ENTRY.finditer(page.read_text(encoding="utf-8"))}


def _resolve(name: str) -> object:
    module, _, attr = name.rpartition(".")
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        return getattr(importlib.import_module(module), attr)


def entry_of(name: str, names: set[str]) -> str | None:
    """The reference entry of a public name: ``itakit.NAME``, or the module it lives in (``itakit.outputs.schema.
    SCHEMA_VERSION``: a value's docstring is read from the module that assigns it) holding that very object."""
    if f"itakit.{name}" in names:
        return f"itakit.{name}"
    home = [n for n in names if n.endswith(f".{name}") and _resolve(n) is getattr(itakit, name)]
    return home[0] if home else None


def test_every_public_name_has_a_reference_entry():
    names = documented()
    missing = [name for name in itakit.__all__ if entry_of(name, names) is None]
    assert missing == []


def test_the_plugin_kit_and_every_hook_specification_are_in_the_reference():
    names = documented()
    assert [n for n in itakit.testing.__all__ if f"itakit.testing.{n}" not in names] == []
    assert "itakit.testing.strategies" in names
    specs = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
             if hasattr(fn, f"{hookspecs.PROJECT_NAME}_spec")]
    hooks = (API / "hooks.md").read_text(encoding="utf-8")
    assert specs and [s for s in specs if s not in hooks] == []


def test_every_entry_names_something_that_exists():
    for name in sorted(documented()):
        assert _resolve(name) is not None, name


def test_every_guide_page_is_in_the_site():
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    pages = [p.stem for p in (ROOT / "docs").glob("*.md") if p.stem != "index"]
    assert [p for p in pages if f"\n{p}\n" not in index] == []


@pytest.mark.skipif(not all(importlib.util.find_spec(m) for m in ("sphinx", "myst_parser")),
                    reason="Sphinx and MyST-Parser are the docs extra (CI builds the site in .ci/run)")
def test_the_site_builds_with_warnings_as_errors_and_lists_every_public_name(tmp_path):
    done = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(ROOT / "docs"),
                           str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    from sphinx.util.inventory import InventoryFile

    with open(tmp_path / "objects.inv", "rb") as fh:
        inventory = InventoryFile.load(fh, "", lambda base, uri: uri)
    objects = {name for kind, entries in inventory.data.items() if kind.startswith("py:") for name in entries} \
        if hasattr(inventory, "data") else {name for kind, entries in inventory.items() if kind.startswith("py:")
                                            for name in entries}
    names = documented()
    assert [n for n in itakit.__all__ if entry_of(n, names) not in objects] == []
