"""The JSON outputs keep their contract: real outputs on the shipped examples validate against the shipped schemas.

Each schema refuses fields it does not declare (``additionalProperties: false`` on every
object with named fields), so an output that grows, loses or renames a field fails here
until its schema — and ``schema_version``, when the change breaks readers — changes too.
"""

from __future__ import annotations

import copy
import json

import pytest

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

import itakit  # noqa: E402
from conftest import EXAMPLES  # noqa: E402
from itakit.cli import main  # noqa: E402
from itakit.inputs.jsonfile import READABLE_SCHEMA_VERSION  # noqa: E402
from itakit.outputs.schema import SCHEMA_NAMES, SCHEMA_VERSION, json_schema  # noqa: E402

E = str(EXAMPLES)

#: (schema, command line, what the output must hold) — one and many agencies, both eras, raw answers, --by, years.
RUNS = {
    "score 2565 one": ("score", ["score", f"{E}/lamliang-2565-indicators.csv", "--format", "json"]),
    "score 2565 read back": ("score", ["score", f"{E}/lamliang-2565-result.json", "--format", "json"]),
    "score 2565 raw answers": ("score", ["score", f"{E}/synthetic-raw-answers-2565-eit.csv", "--format", "json"]),
    "score 2565 many": ("score", ["score", f"{E}/synthetic-agencies-2565.csv", "--format", "json"]),
    "score 2568 one": ("score", ["score", f"{E}/agency-2568-indicators.csv", "--format", "json"]),
    "score 2568 many": ("score", ["score", f"{E}/synthetic-agencies-2568.csv", "--format", "json"]),
    "summary 2565": ("summary", ["summary", f"{E}/synthetic-agencies-2565.csv", "--format", "json"]),
    "summary 2565 by province": ("summary", ["summary", f"{E}/synthetic-agencies-2565.csv", "--by", "province",
                                             "--format", "json"]),
    "summary 2568 by type": ("summary", ["summary", f"{E}/synthetic-agencies-2568.csv", "--by", "type",
                                         "--format", "json"]),
    "compare 2565 to 2568": ("compare", ["compare", f"{E}/synthetic-agencies-2565.csv",
                                         f"{E}/synthetic-agencies-2568.csv", "--format", "json"]),
    "plan 2565 one": ("plan", ["plan", f"{E}/lamliang-2565-questions.csv", "--format", "json"]),
    "plan 2568 one": ("plan", ["plan", f"{E}/agency-2568-indicators.csv", "--format", "json"]),
    "plan 2565 many": ("plan", ["plan", f"{E}/synthetic-agencies-2565.csv", "--format", "json"]),
}

_outputs: dict[str, object] = {}


def output(run: str, capsys: pytest.CaptureFixture[str]) -> object:
    """The JSON a command prints (run once per test session)."""
    if run not in _outputs:
        assert main(RUNS[run][1]) == 0
        _outputs[run] = json.loads(capsys.readouterr().out)
    return copy.deepcopy(_outputs[run])


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json_schema(name)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


#: Objects keyed by data (tool codes, level codes, indicator numbers, the input's column names), not records.
MAPS = {"tools", "grades", "tools_to_next_grade", "extra", "indicator_scores"}


def objects(value: object, key: str = "") -> list[dict[str, object]]:
    """Every JSON object inside a value that is a record of named fields, itself included."""
    if isinstance(value, dict):
        own = [] if key in MAPS or (key == "indicators") else [value]
        return [*own, *(o for k, v in value.items() for o in objects(v, k))]
    if isinstance(value, list):
        return [o for v in value for o in objects(v)]
    return []


@pytest.mark.parametrize("run", RUNS)
def test_a_real_output_validates_against_its_schema(run, capsys):
    name, _ = RUNS[run]
    data = output(run, capsys)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]
    assert errors == []
    tops = data if isinstance(data, list) else [data]
    assert tops and all(top["schema_version"] == SCHEMA_VERSION for top in tops)


def test_the_runs_cover_what_they_say(capsys):
    assert output("score 2565 one", capsys)["total"] == 97.2
    assert output("score 2565 raw answers", capsys)["respondents"] == 60
    many = output("score 2568 many", capsys)
    assert len(many) == 300 and {"agency_rank", "extra"} <= set(many[0])
    assert output("summary 2565 by province", capsys)["groups"][0]["name"]
    assert output("compare 2565 to 2568", capsys)["old_year"] == 2565
    assert output("plan 2568 one", capsys)["routes"][0]["grade"] == "ผ่านดี"
    assert len(output("plan 2565 many", capsys)) == 300


@pytest.mark.parametrize("run", ["score 2565 one", "score 2568 many", "summary 2565 by province",
                                 "compare 2565 to 2568", "plan 2568 one", "plan 2565 many"])
def test_a_field_the_schema_does_not_declare_is_refused_wherever_it_grows(run, capsys):
    name, _ = RUNS[run]
    check = validator(name)
    data = output(run, capsys)
    if isinstance(data, list):
        data = data[:2]  # every element has the same shape; growing each of 300 would validate 300 × 300 times
    elif isinstance(data.get("agencies"), list):
        data["agencies"] = data["agencies"][:2]
    grown = 0
    for obj in objects(data):
        obj["new_field"] = 1
        assert not check.is_valid(data), f"an object with keys {sorted(obj)} took a field it does not declare"
        del obj["new_field"]
        grown += 1
    assert grown >= 2


def test_a_changed_type_or_a_lost_field_is_refused(capsys):
    check = validator("score")
    data = output("score 2565 one", capsys)
    assert not check.is_valid({**data, "total": "97.20"})
    assert not check.is_valid({k: v for k, v in data.items() if k != "grade"})
    assert not check.is_valid({**data, "schema_version": SCHEMA_VERSION + 1})


def test_every_object_schema_closes_its_fields():
    for name in SCHEMA_NAMES:
        schema = json_schema(name)
        closed = 0
        for obj in _schema_objects(schema):
            if "properties" in obj and obj.get("type") == "object":
                assert obj.get("additionalProperties") is False, f"{name}: {sorted(obj['properties'])}"
                closed += 1
        assert closed >= 1
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _schema_objects(value: object) -> list[dict[str, object]]:
    if isinstance(value, dict):
        return [value, *(o for v in value.values() for o in _schema_objects(v))]
    return [o for v in value for o in _schema_objects(v)] if isinstance(value, list) else []


def test_the_schemas_ship_with_the_package_and_the_reader_knows_their_version():
    assert itakit.json_schema("plan")["title"] == "itakit plan --format json"
    assert itakit.SCHEMA_VERSION == READABLE_SCHEMA_VERSION == 1
    with pytest.raises(ValueError, match="no JSON schema named 'rank'"):
        itakit.json_schema("rank")  # type: ignore[arg-type]
