"""Every bad input in tests/bad_inputs/ exits non-zero with its message, no traceback and no output file."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

from itakit.cli import main

HERE = Path(__file__).parent / "bad_inputs"
CASES = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad_inputs_built")
    _make_corpus().build(folder)
    return folder


def _case_id(case: dict) -> str:
    return case["file"] + "".join(f" {a}" for a in case.get("args", []))


def test_corpus_is_large_and_every_committed_file_is_used():
    assert len(CASES) >= 30
    used = {c["file"] for c in CASES} | {
        Path(a.replace("{here}/", "")).name for c in CASES for a in c.get("args", []) if "{here}" in a
    }
    committed = {p.name for p in HERE.iterdir() if p.name not in ("cases.toml", "make_corpus.py", "__pycache__")}
    assert committed <= used, committed - used


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_bad_input(case, built, tmp_path, capsys):
    path = HERE / case["file"]
    if not path.exists():
        path = built / case["file"]
    out = tmp_path / "out" / "result.json"
    out.parent.mkdir()
    args = [a.replace("{here}", str(HERE)) for a in case.get("args", [])]
    code = main(["score", str(path), *args, "-o", str(out)])
    captured = capsys.readouterr()
    err = captured.err
    assert code == case.get("exit", 1), err
    assert err.startswith("itakit: error: ")
    for fragment in case["expect"]:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    for fragment in case.get("absent", []):
        assert fragment not in err
    if case.get("names_file", True):
        assert str(path) in err
    assert "Traceback" not in err and captured.out == ""
    assert list(out.parent.iterdir()) == []  # no output, no temporary file
