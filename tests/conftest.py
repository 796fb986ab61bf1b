"""Shared fixtures: the 2565 rules from a registry that sees only the built-in plugin."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import itakit
import itakit_rules_2565

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

#: The web page's tests need its extra ('web'); without it they are not collected (the page is not there to test).
collect_ignore_glob = [] if all(importlib.util.find_spec(m) for m in ("starlette", "jinja2", "python_multipart")) \
    else ["test_web_*.py"]

SEED_SCORES = {1: "99.84", 2: "99.49", 3: "99.35", 4: "99.51", 5: "99.92",
               6: "95.03", 7: "92.99", 8: "93.07", 9: "96.00", 10: "100.00"}
SEED_RANKS = (3, 5, 6, 4, 2, 8, 10, 9, 7, 1)


@pytest.fixture(scope="session")
def registry() -> itakit.Registry:
    return itakit.Registry(autoload=False, plugins=[itakit_rules_2565])


@pytest.fixture(scope="session")
def rules(registry: itakit.Registry) -> itakit.RuleSet:
    return registry.rule_set(2565)
