"""Reading costs what the file is worth: a refused file is read once, an id column is refused before it grows.

Also: a year whose rules hold no survey questions never recommends ``itakit mapping``
for it, which would fail.
"""

from __future__ import annotations

import re

import attrs
import pytest

import itakit
from clihelp import run, snapshot
from conftest import EXAMPLES, SEED_SCORES
from itakit.inputs import read as read_module
from itakit.inputs.answers import meaning as answer_meaning

SCORES = ",".join(SEED_SCORES.values())


def _count_rows(monkeypatch) -> list[int]:
    """Count every data row any reader takes from any table, over the whole command."""
    taken = [0]
    original = read_module.parse_table

    def counting(table, rules, **kwargs):
        def rows():
            for row in table.rows:
                taken[0] += 1
                yield row

        return original(attrs.evolve(table, rows=rows()), rules, **kwargs)

    monkeypatch.setattr(read_module, "parse_table", counting)
    return taken


def test_a_refused_file_is_read_once_not_once_per_installed_year(capsys, tmp_path, monkeypatch):
    rows = 20_000
    path = tmp_path / "agencies.csv"
    lines = [f"A{n},{SCORES}" for n in range(rows)]
    lines[-1] = f"A{rows - 1},{SCORES.replace('99.84', '1_00', 1)}"
    path.write_text("agency," + ",".join(map(str, range(1, 11))) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    taken = _count_rows(monkeypatch)
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "score", path, "-o", tmp_path / "out.csv")
    assert code == 1 and stdout == ""
    assert f"line {rows + 1}, column '1': '1_00' is not a number" in err
    assert taken[0] <= rows + 2 * (read_module.HEAD_RECORDS + 1)  # once, and the first records once more
    assert snapshot(tmp_path) == before


def _ids(tmp_path, rows: int, per_agency: int = 1):
    path = tmp_path / "raw.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("agency,e1,e3,e4,e8\n")
        for n in range(rows):
            fh.write(f"R{n // per_agency:07d},4,3,มี,no\n")
    return path


@pytest.mark.parametrize("engine", [True, False])
def test_an_agency_column_of_respondent_ids_is_refused_early(capsys, tmp_path, monkeypatch, engine):
    from itakit.inputs.answers import arrow as columnar
    from itakit.inputs.answers import pure

    if engine:
        pytest.importorskip("pyarrow")
        monkeypatch.setattr(columnar, "MIN_BYTES", 0)
        monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 16)
    else:
        monkeypatch.setattr(columnar, "available", lambda: False)
    path = _ids(tmp_path, 60_000)
    counted: list[int] = []
    original = pure.RowCounter.result
    monkeypatch.setattr(pure.RowCounter, "result",
                        lambda self, source: counted.append(self.agencies) or original(self, source))
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "score", path)
    assert code == 1 and stdout == ""
    found = re.search(r"column 'agency': holds ([\d,]+) different agency names in its first ([\d,]+) rows, about "
                      r"one a row: it looks like a respondent id, not the agency", err)
    assert found is not None and f"{path}, column 'agency'" in err, err
    assert found.group(1) == found.group(2) and int(found.group(1).replace(",", "")) < 30_000  # early
    assert max(counted, default=0) <= read_module.HEAD_RECORDS + 1  # no agency built but the first records' (which
    # years the file fits is told from them)
    assert snapshot(tmp_path) == before


def test_many_agencies_with_their_respondents_are_read(tmp_path, rules):
    path = _ids(tmp_path, 2 * (answer_meaning.MANY_AGENCIES + 10), per_agency=2)
    data = itakit.read_input(path, rules)
    assert len(data.agencies) == answer_meaning.MANY_AGENCIES + 10
    assert {a.respondents for a in data.agencies} == {2}


@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_a_year_without_questions_never_recommends_itakit_mapping(capsys, year):
    code, _, err = run(capsys, "score", EXAMPLES / "practice-survey-2565-eit.csv", "--year", year)
    assert code == 1
    assert "itakit mapping" not in err and "--mapping" not in err
    assert f"the rules of {year} hold no survey questions to map it to" in err
    code, _, err = run(capsys, "mapping", "--year", year)
    assert code == 2 and "hold no survey questions" in err
