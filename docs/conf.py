"""Sphinx configuration: the guide pages of docs/ (Markdown, through MyST-Parser) and the API reference built from
the code's docstrings (autodoc).  Build with ``.venv/bin/python -m sphinx -W -b html docs docs/_build/html`` after
``pip install '.[docs]'``; CI builds it the same way, warnings as errors."""

from __future__ import annotations

import itakit

project = "itakit"
author = "itakit maintainers"
copyright = "itakit maintainers"  # noqa: A001 - Sphinx's name
release = version = itakit.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.viewcode"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
language = "en"

myst_heading_anchors = 3  # `exports.md#json-schemas`, as GitHub links headings
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
# attrs writes __init__; its docstring would repeat the class's
autoclass_content = "class"

# The guide links to files of the repository beside the pages (examples/, benchmarks/, src/): they are not pages
# of the site, so MyST would call them missing.  Only such links are let through; a link to a page or a heading
# that does not exist is still an error.
nitpick_ignore_regex = [("myst", r"\.\./.*"), ("myst", r"/.*/(benchmarks|examples|src)/.*")]

# No intersphinx: CI reaches package registries only, not the attrs, pluggy or Hypothesis sites, and their
# inventories are not shipped in any package; names from those libraries are shown as plain text.

html_theme = "alabaster"
html_title = f"itakit {release}"
html_static_path: list[str] = []
html_theme_options = {"description": "Thailand's ITA, scored exactly", "fixed_sidebar": True}


def setup(app: object) -> None:
    """Show ```csv blocks as plain text (Pygments has no CSV lexer; the guide's input files are CSV)."""
    from pygments.lexers.special import TextLexer

    app.add_lexer("csv", TextLexer)  # type: ignore[attr-defined]
