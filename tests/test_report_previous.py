"""``report --previous`` is an earlier year: a later year's file is refused, never called last year."""

from __future__ import annotations

import json

import pytest

from clihelp import run, snapshot
from conftest import EXAMPLES

INDICATORS = EXAMPLES / "lamliang-2565-indicators.csv"


@pytest.mark.parametrize("kind", ["named", "json"])
def test_a_later_years_file_is_refused_not_called_last_year(capsys, tmp_path, kind):
    if kind == "named":
        previous = tmp_path / "agency-2568-indicators.csv"
        previous.write_bytes((EXAMPLES / "agency-2568-indicators.csv").read_bytes())
    else:
        result = json.loads((EXAMPLES / "lamliang-2565-result.json").read_text(encoding="utf-8"))
        result["year"] = 2567
        result.pop("grade", None)
        previous = tmp_path / "last.json"
        previous.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    year = 2568 if kind == "named" else 2567
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "report", INDICATORS, "--agency", "A", "--previous", previous,
                            "-o", tmp_path / "r.md")
    assert code == 2 and stdout == ""
    assert (f"--previous {previous} holds the scores of {year}, after this report's year 2565; --previous is the "
            "year before: give an earlier year's file") in err
    assert snapshot(tmp_path) == before


def test_an_earlier_years_file_is_compared_with_its_own_year(capsys, tmp_path):
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "report", EXAMPLES / "agency-2568-indicators.csv", "--year", "2568", "--agency", "A",
                       "--previous", INDICATORS, "--digits", "arabic", "-o", out)
    assert code == 0, err
    assert "เมื่อเทียบกับผลการประเมินประจำปีงบประมาณ พ.ศ. 2565 ซึ่งได้ 97.20 คะแนน" in out.read_text(encoding="utf-8")
