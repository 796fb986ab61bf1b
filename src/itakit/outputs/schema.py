"""The JSON outputs' contract: the version every JSON output carries, and the shipped JSON Schemas that describe them.

``itakit score``, ``summary``, ``compare`` and ``plan`` with ``--format json`` print data that
dashboards and other tools read.  Each object they print says ``"schema_version": 1``, and
the package ships a JSON Schema (draft 2020-12) for each output in ``itakit/schemas/``, so
a consumer can validate what it reads and notice when a shape changes: a new field, a
renamed one, a value of another type.  A change of shape is a change of schema (the tests
validate real outputs against them, and the schemas refuse fields they do not declare).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Literal

__all__ = ["SCHEMA_NAMES", "SCHEMA_VERSION", "SchemaName", "json_schema"]

SCHEMA_VERSION = 1
"""The version of the JSON outputs' shapes, written as ``schema_version`` in each of them.  It grows when a
field is removed, renamed or changes meaning; a new optional field comes with a new schema in a release
noted in the changelog."""

SchemaName = Literal["score", "summary", "compare", "plan"]
SCHEMA_NAMES: tuple[SchemaName, ...] = ("score", "summary", "compare", "plan")
"""The JSON outputs that have a schema, by the command that prints them."""


def json_schema(name: SchemaName) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a JSON output: ``"score"`` (one result or a list of them),
    ``"summary"``, ``"compare"`` or ``"plan"`` (one agency's plan or a list of them).

    >>> json_schema("summary")["title"]
    'itakit summary --format json'
    """
    if name not in SCHEMA_NAMES:
        raise ValueError(f"no JSON schema named {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")
    text = resources.files("itakit").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
