"""Results read back from JSON (inputs/jsonfile.py): each problem named by its JSON path."""

from __future__ import annotations

import pytest

from clihelp import SARA_AM, SARA_AM_SPLIT, run

# -- one agency, one key -----------------------------------------------------------------------------------------


def test_json_results_naming_one_agency_two_ways_are_refused(capsys, tmp_path):
    import json

    items = [{"agency": name, "year": 2565, "indicators": [{"number": 1, "score": 99.84}]}
             for name in (SARA_AM, SARA_AM_SPLIT)]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "$[1].agency" in err and "appears twice (first at $[0])" in err


@pytest.mark.parametrize(("payload", "where"), [
    ('{"year": 2565, "year": 2566, "indicators": []}', "$.year"),
    ('{"year": 2565, "indicators": [{"number": 1, "score": 10, "score": 99.84}]}', "$.indicators[0].score"),
    ('[{"agency": "A", "agency": "B", "indicators": []}]', "$[0].agency"),
])
def test_a_json_key_given_twice_is_refused_with_its_path(capsys, tmp_path, payload, where):
    path = tmp_path / "r.json"
    path.write_text(payload, encoding="utf-8")
    code, _, err = run(capsys, "score", path)
    assert code == 1 and f"at {where}: is given more than once" in err
