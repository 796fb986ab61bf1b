"""The package layout keeps its promises (docs/architecture.md): one-way wings, no circles, no private names across modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "itakit"

#: The floor each part of the package stands on; a module may import only from its own floor or below.
FLOORS = {"ground": 0, "rules": 1, "inputs": 2, "scoring": 3, "outputs": 4, "top": 5}
GROUND = {"errors", "exact", "thai", "progress", "atomic", "tomltwin", "safetext"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _floor(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return FLOORS["top"]  # the package itself re-exports everything, lazily
    if parts[1] in FLOORS:
        return FLOORS[parts[1]]
    return FLOORS["ground"] if parts[1] in GROUND else FLOORS["top"]


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Lines inside ``if TYPE_CHECKING:`` blocks: imports there never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(module: str) -> list[tuple[str, list[str], bool]]:
    """(imported module, names taken, type-only?) for every import in a module, those inside functions included."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("itakit"):
                continue
            names = [a.name for a in node.names]
            for name in names:  # `from . import progress` imports a module
                if f"{target}.{name}" in MODULES:
                    found.append((f"{target}.{name}", [], node.lineno in typing_only))
            if target == "itakit" and all(n == "__version__" or f"itakit.{n}" in MODULES for n in names):
                continue  # the package root holds the version and loads nothing: any module may read it
            found.append((target, names, node.lineno in typing_only))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("itakit"):
                    found.append((alias.name, [], node.lineno in typing_only))
    return [(t, n, tc) for t, n, tc in found if t in MODULES and t != module]


def test_no_module_imports_a_higher_floor():
    upward = []
    for module in MODULES:
        for target, _, type_only in _imports(module):
            if not type_only and _floor(target) > _floor(module):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_import_circle_counting_imports_inside_functions_and_for_types():
    graph = {m: {t for t, _, _ in _imports(m) if t != "itakit"} for m in MODULES}
    state: dict[str, int] = {}
    circle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circle.extend(stack[stack.index(nxt):] + [node, nxt] if nxt in stack else [node, nxt])
                return True
            if nxt not in state and visit(nxt, [*stack, node]):
                return True
        state[node] = 2
        return False

    for module in MODULES:
        if module not in state and visit(module, []):
            break
    assert circle == []


def test_no_private_name_is_taken_from_another_module():
    taken = [f"{module} takes {target}.{name}"
             for module in MODULES for target, names, _ in _imports(module)
             for name in names if name.startswith("_") and not name.startswith("__")]
    assert taken == []


def test_the_ground_floor_is_small_and_no_module_is_long():
    top_level = sorted(p.name for p in SRC.glob("*.py"))
    assert len(top_level) <= 10, top_level
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}


@pytest.mark.parametrize("wing", ["rules", "inputs", "scoring", "outputs", "web"])
def test_architecture_doc_names_every_module_of_each_wing(wing):
    doc = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted((SRC / wing).glob("*.py")) if p.name != "__init__.py" and p.name not in doc]
    assert missing == []


def test_the_web_face_is_on_top_and_only_the_serve_command_reaches_it():
    assert _floor("itakit.web.app") == FLOORS["top"]
    users = sorted({module for module in MODULES if not module.startswith("itakit.web")
                    for target, _, _ in _imports(module) if target.startswith("itakit.web")})
    assert users == ["itakit.cli.commands"]


def _thai_literals(folder: Path) -> list[str]:
    """Thai string literals in a folder's code, docstrings and comments aside: where the words are not data."""
    import re

    thai = re.compile("[\u0e00-\u0e7f]")
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bodies = [node.body for node in ast.walk(tree) if isinstance(getattr(node, "body", None), list)]
        docs = {id(statement.value) for body in bodies for statement in body
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)}
        found += [f"{path.name}:{node.lineno} {node.value[:30]!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and thai.search(node.value)
                  and id(node) not in docs]
    return found


def test_the_words_of_outputs_and_scoring_are_in_phrase_files():
    """Issue 26: at most 40 Thai literals left in outputs/ and scoring/ (labels and matching words); no sentence."""
    found = _thai_literals(SRC / "outputs") + _thai_literals(SRC / "scoring")
    assert len(found) <= 40, "\n".join(found)
    assert not _thai_literals(SRC / "scoring"), "scoring computes facts; its words belong to outputs' phrases"


# -- one of each, and tests that mirror the code (issue 26) -----------------------------------------------------

TESTS = Path(__file__).resolve().parent


def _trees(folder: Path) -> dict[str, ast.Module]:
    return {str(p.relative_to(folder)): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.py"))}


def test_no_test_file_is_over_600_lines():
    long = {p.name: n for p in sorted(TESTS.glob("*.py")) if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}


def test_every_pytest_raises_says_what_it_expects():
    bare = [f"{name}:{node.lineno}" for name, tree in _trees(TESTS).items() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "pytest.raises"
            and not any(keyword.arg == "match" for keyword in node.keywords)]
    assert bare == []


def test_one_problem_collector_and_each_shared_message_written_once():
    trees = _trees(SRC)
    collectors = [f"{name}:{node.name}" for name, tree in trees.items() for node in ast.walk(tree)
                  if isinstance(node, ast.ClassDef) and ("Collector" in node.name or node.name.endswith("Problems"))]
    assert collectors == ["errors.py:Problems"]
    gathered_by_hand = [f"{name}:{node.lineno}" for name, tree in trees.items()
                        if name != "errors.py"
                        for node in ast.walk(tree)
                        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ("append", "extend") and node.args
                        and "Problem(" in ast.unparse(node.args[0])]
    assert gathered_by_hand == []
    for message in ("values but the header has", "is given twice (first on"):
        written = [name for name, tree in trees.items() for node in ast.walk(tree)  # f-strings' parts included
                   if isinstance(node, ast.Constant) and isinstance(node.value, str) and message in node.value]
        assert written == ["errors.py"], message


def test_one_mean():
    means = [f"{name}:{node.name}" for name, tree in _trees(SRC).items() for node in tree.body
             if isinstance(node, ast.FunctionDef) and (node.name.endswith("mean") or node.name.startswith("_mean"))]
    assert means == ["exact.py:mean"]


def test_caches_keyed_by_identity_keep_what_they_key():
    """No cache keyed by ``id()`` outlives its key: what a rule set implies is kept on it (``RuleSet.derived``); the
    one identity-keyed table left, per counted table in a scoring run's cache, holds the table in its entry."""
    keyed = sorted({name for name, tree in _trees(SRC).items() for node in ast.walk(tree)
                    if isinstance(node, ast.Call) and ast.unparse(node.func) == "id"})
    assert keyed == ["scoring/cache.py"]
    source = (SRC / "scoring" / "cache.py").read_text(encoding="utf-8")
    assert "entry.table is not table" in source


def test_thai_digits_are_converted_in_one_place():
    """The digit tables are the ground floor's (exact.py reads numbers with them, thai.py converts with them);
    every other module converts through thai.to_arabic_digits and thai.to_thai_digits."""
    users = sorted({name for name, tree in _trees(SRC).items() for node in ast.walk(tree)
                    if isinstance(node, ast.Name) and node.id in ("FROM_THAI_DIGITS", "TO_THAI_DIGITS")})
    assert [u for u in users if u not in ("exact.py", "thai.py")] == []
