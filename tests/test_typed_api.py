"""The public API is typed for its users: a script using it passes ``mypy --strict`` against the installed package.

mypy comes with the ``lint`` extra; CI installs it after the tests and runs this module
again (``.ci/run``), so it is checked there even when the first run skips it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                                reason="mypy is in the lint extra (.ci/run runs this module again after installing it)")

USER_SCRIPT = '''
"""An analyst's script: score one agency, many, summarise them, write the report, read the JSON contract."""

from decimal import Decimal
from pathlib import Path

import itakit

rules: itakit.RuleSet = itakit.rule_set(2565)
data = itakit.AgencyData(agency="อบต.ลำเลียง", indicator_scores={
    1: "99.84", 2: "99.49", 3: "99.35", 4: "99.51", 5: "99.92",
    6: "95.03", 7: "92.99", 8: "93.07", 9: "96.00", 10: "100.00",
})
result: itakit.Result = itakit.score(rules, data)
total: Decimal | None = result.display_total
grade: str = result.grade.code if result.grade is not None else "-"
ranks: tuple[int, ...] = result.ranks
weakest: itakit.IndicatorResult = min(result.indicators, key=lambda i: i.score)

report: itakit.Report = itakit.build_report(rules, result, agency="อบต.ลำเลียง", final=True)
itakit.write_report(Path("report.md"), report)
plan: itakit.ImprovementPlan = itakit.plan_improvements(rules, result)

agencies: tuple[itakit.AgencyData, ...] = itakit.read_input("examples/synthetic-agencies-2565.csv", rules).agencies
results: list[itakit.Result] = itakit.score_many(rules, agencies)
summary: itakit.Summary = itakit.summarise(results, rules, by="province")
share: Decimal | None = summary.overall.display_share
positions: tuple[int | None, ...] = itakit.rank_agencies(results)
version: int = itakit.SCHEMA_VERSION
schema: dict[str, object] = itakit.json_schema("score")
try:
    itakit.score(rules, itakit.AgencyData(indicator_scores={1: "101"}))
except itakit.DataError as error:
    problems: list[itakit.Problem] = list(error.problems)
print(total, grade, ranks, weakest.number, share, positions[0], version, len(schema), plan.margin)
'''

#: Each line is a mistake ``mypy --strict`` must catch in a user's script: the API's types are real, not Any.
MISTAKES = {
    "arguments swapped": "itakit.score(data, rules)",
    "a figure is not an int": "wrong: int = result.display_total",
    "an unknown keyword": "itakit.build_report(rules, result, agnecy='x')",
    "not a schema's name": "itakit.json_schema('scores')",
}


def run_mypy(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    (folder / "user_script.py").write_text(textwrap.dedent(script), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(folder / ".mypy_cache"),
         "--config-file", os.devnull, "user_script.py"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600,
    )


def test_a_users_script_passes_mypy_strict_and_its_mistakes_do_not(tmp_path):
    done = run_mypy(tmp_path, USER_SCRIPT)
    assert done.returncode == 0, done.stdout + done.stderr
    mistakes = USER_SCRIPT + "\n" + "\n".join(MISTAKES.values()) + "\n"
    done = run_mypy(tmp_path, mistakes)
    assert done.returncode == 1
    first = len(USER_SCRIPT.splitlines()) + 2
    flagged = {int(line.split(":")[1]) for line in done.stdout.splitlines() if ": error:" in line}
    assert flagged == set(range(first, first + len(MISTAKES))), done.stdout
