"""A new year from outside: the example plugin distribution, installed into a fresh environment.

A module-scoped fixture makes a virtual environment that sees this one's packages (itakit,
pytest, Hypothesis, setuptools) and pip-installs ``examples/ita-rules-example`` into it,
without network.  The tests then run ``python -m itakit`` and the example's own contract
tests there, as a user would after ``pip install``.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "ita-rules-example"
TIMEOUT = 600


def _run(python: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ITAKIT_DISABLE_PLUGIN_AUTOLOAD")}
    return subprocess.run([str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def _outer_site_dirs() -> list[str]:
    dirs = [*site.getsitepackages(), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    return list(dict.fromkeys(d for d in dirs if Path(d).is_dir()))


def make_venv(path: Path, see: list[str]) -> tuple[Path, str]:
    """A venv whose interpreter also sees the site directories ``see`` (their .pth files included).

    ``--system-site-packages`` alone is not enough when this interpreter is itself a venv:
    the new venv would see the *base* interpreter's packages, not this venv's, so a
    ``.pth`` line adds each directory with ``site.addsitedir`` (which also honours the
    editable-install hooks found there).  pip itself comes from there too.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(path)],
                   check=True, timeout=TIMEOUT)
    python = path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    lines = "".join(f"import site; site.addsitedir({d!r})\n" for d in see)
    Path(purelib, "_itakit_test_outer.pth").write_text(lines, encoding="utf-8")
    return python, purelib


def pip_install(python: Path, source: Path, into: Path) -> None:
    """Install a source tree offline, from a copy so no build files land in the repository."""
    copy = into / source.name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".pytest_cache"))
    done = _run(python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
                "--disable-pip-version-check", "-q", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def example_env(tmp_path_factory) -> tuple[Path, str, Path]:
    """(python, site directory, copied example) of a venv with the example plugin installed."""
    root = tmp_path_factory.mktemp("example-env")
    python, purelib = make_venv(root / "venv", _outer_site_dirs())
    pip_install(python, EXAMPLE, root)
    return python, purelib, root / EXAMPLE.name


def test_the_plugin_is_installed_not_imported_from_the_source_tree(example_env):
    python, purelib, _ = example_env
    done = _run(python, "-c", "import ita_rules_example, itakit; print(ita_rules_example.__file__); print(itakit.__file__)")
    plugin_file, itakit_file = done.stdout.split()
    assert Path(plugin_file).is_relative_to(purelib)
    assert not Path(itakit_file).is_relative_to(purelib)  # itakit comes from the outer environment


def test_itakit_years_lists_it(example_env):
    python, _, _ = example_env
    done = _run(python, "-m", "itakit", "years")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [  # issue 11: 2566-2568 ship beside 2565
        "2565  itakit (plugin ita2565)  Integrity and Transparency Assessment, fiscal year 2565 (2022)",
        "2566  itakit (plugin ita2566)  Integrity and Transparency Assessment, fiscal year 2566 (2023)",
        "2567  itakit (plugin ita2567)  Integrity and Transparency Assessment, fiscal year 2567 (2024)",
        "2568  itakit (plugin ita2568)  Integrity and Transparency Assessment, fiscal year 2568 (2025)",
        "2599  ita-rules-example (plugin example2599)  Illustrative ITA rules for a made-up year 2599 (NOT official)",
    ]


def test_itakit_score_uses_it_and_its_rating(example_env, tmp_path):
    python, _, _ = example_env
    seed = str(EXAMPLES / "lamliang-2565-indicators.csv")
    done = _run(python, "-m", "itakit", "score", seed, "--year", "2599")
    assert done.returncode == 0, done.stderr
    assert "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2599" in done.stdout
    assert "97.20  ระดับ ผ่านดีเยี่ยม  ผ่านเกณฑ์" in done.stdout
    # issue 11 (no silent year): a file naming its year is read by that year, so the README's
    # command keeps printing 97.20 AA with a newer year installed; a file naming none is read by
    # the newest year whose rules are all confirmed (2599's are illustrative, so 2565)
    assert "97.20  ระดับ AA  ผ่านเกณฑ์" in _run(python, "-m", "itakit", "score", seed).stdout
    unnamed = tmp_path / "seed.csv"
    unnamed.write_text(Path(seed).read_text(encoding="utf-8"), encoding="utf-8")
    assert "พ.ศ. 2565" in _run(python, "-m", "itakit", "score", str(unnamed)).stdout
    # a total in the ผ่านดี band, held at ผ่าน by an EIT below 85
    low_eit = tmp_path / "low-eit.csv"
    low_eit.write_text("indicator,score\n" + "".join(
        f"{n},{84 if n in (6, 7, 8) else 99 if n <= 5 else 100}\n" for n in range(1, 11)), encoding="utf-8")
    done = _run(python, "-m", "itakit", "score", str(low_eit), "--year", "2599", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"total": 94.9' in done.stdout and '"grade": "ผ่าน"' in done.stdout and '"passed": true' in done.stdout
    # 2565 is untouched by the 2599 rating hook
    done = _run(python, "-m", "itakit", "score", str(low_eit), "--year", "2565", "--format", "json")
    assert '"grade": "A"' in done.stdout


def test_the_examples_contract_suite_passes_there(example_env):
    python, _, copy = example_env
    done = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=copy)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "19 passed" in done.stdout  # issue 11: two edge properties; issue 22: displayed figures, every band given


DUPLICATE_MODULE = textwrap.dedent(
    '''
    """A second plugin offering 2599, to show the duplicate-year error."""
    import attrs
    import itakit
    import ita_rules_example


    @itakit.hookimpl
    def itakit_rule_sets():
        return [attrs.evolve(ita_rules_example.rule_set(), name_en="Another 2599")]
    '''
)

DUPLICATE_PYPROJECT = textwrap.dedent(
    """
    [build-system]
    requires = ["setuptools>=70.1"]
    build-backend = "setuptools.build_meta"

    [project]
    name = "ita-rules-dup"
    version = "0.1.0"

    [tool.setuptools]
    py-modules = ["ita_rules_dup"]

    [project.entry-points.itakit]
    dup2599 = "ita_rules_dup"
    """
)


def test_two_plugins_offering_one_year_is_a_clear_error(example_env, tmp_path):
    _, example_site, _ = example_env
    source = tmp_path / "ita-rules-dup"
    source.mkdir()
    (source / "pyproject.toml").write_text(DUPLICATE_PYPROJECT, encoding="utf-8")
    (source / "ita_rules_dup.py").write_text(DUPLICATE_MODULE, encoding="utf-8")
    python, _ = make_venv(tmp_path / "venv", [example_site])  # sees the example plugin (and, through it, itakit)
    pip_install(python, source, tmp_path / "build")

    years = _run(python, "-m", "itakit", "years")
    assert years.returncode == 1
    conflict = next(line for line in years.stdout.splitlines() if line.startswith("2599"))
    assert conflict.startswith("2599  CONFLICT: offered by ")
    assert "ita-rules-example (example2599)" in conflict and "ita-rules-dup (dup2599)" in conflict
    assert "2565  itakit (plugin ita2565)" in years.stdout

    seed = str(EXAMPLES / "lamliang-2565-indicators.csv")
    score = _run(python, "-m", "itakit", "score", seed, "--year", "2599")
    assert score.returncode == 1 and score.stdout == ""
    assert score.stderr.startswith("itakit: error: year 2599 is offered by more than one plugin: ")
    assert "ita-rules-example (plugin 'example2599')" in score.stderr
    assert "ita-rules-dup (plugin 'dup2599')" in score.stderr
    assert score.stderr.rstrip().endswith("; uninstall one") and "Traceback" not in score.stderr
    # the other years still work
    assert _run(python, "-m", "itakit", "score", seed, "--year", "2565").returncode == 0


def test_the_repository_holds_no_build_leftovers():
    """Installing from copies keeps the example's source tree clean."""
    assert not list(EXAMPLE.glob("**/*.egg-info")) and not (EXAMPLE / "build").exists()
    assert (ROOT / "examples" / "ita-rules-example" / "pyproject.toml").is_file()


def test_following_the_guide_gives_a_working_plugin(tmp_path):
    """docs/plugins.md, followed literally: its pyproject, module and contract test, installed, listed, scored, checked."""
    from test_docs import guide_block

    source = tmp_path / "ita-rules-2599-mine"
    (source / "tests").mkdir(parents=True)
    (source / "pyproject.toml").write_text(guide_block("# pyproject.toml", "toml"), encoding="utf-8")
    (source / "my_ita_rules.py").write_text(guide_block("# my_ita_rules.py"), encoding="utf-8")
    (source / "tests" / "test_contract.py").write_text(guide_block("# tests/test_contract.py"), encoding="utf-8")
    python, purelib = make_venv(tmp_path / "venv", _outer_site_dirs())
    pip_install(python, source, tmp_path / "build")

    years = _run(python, "-m", "itakit", "years")
    assert years.returncode == 0, years.stderr
    assert "2599  ita-rules-2599-mine (plugin ita2599)  Illustrative year 2599 (not official)" in years.stdout.splitlines()
    scored = _run(python, "-m", "itakit", "score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--year", "2599")
    assert "97.20  ระดับ ผ่านดีเยี่ยม  ผ่านเกณฑ์" in scored.stdout
    checked = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=tmp_path / "build" / source.name)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert "12 passed" in checked.stdout  # issue 11: the contract gained two edge properties
