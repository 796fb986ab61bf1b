"""A TOML file's JSON twin: the same data, read without loading the TOML parser.

A rule file (``ita2565.toml``) and the text output's phrase file (``text.th.toml``) are
read by every ``itakit score``; parsing them costs the start-up a TOML parser.  Beside
each may lie ``NAME.toml.json``, which holds the TOML text it was made from and the parsed
data.  The twin is used only while the TOML file is still exactly that text, so an edited
TOML file is never shadowed (a comparison of the texts, not a hash: nothing to import,
nothing to collide).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["twin_data", "twin_path", "write_twin"]


def twin_path(path: str | Path) -> Path:
    """Where the JSON twin of a TOML file lives: ``ita2565.toml`` → ``ita2565.toml.json``."""
    path = Path(path)
    return path.with_name(path.name + ".json")


def twin_data(path: str | Path, raw: bytes, key: str) -> dict[str, Any] | None:
    """The data under ``key`` of the twin of ``path``, if there is one made from exactly the TOML bytes ``raw``."""
    twin = twin_path(path)
    if not twin.is_file():
        return None
    import json

    try:
        payload = json.loads(twin.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("source"), str):
        return None
    try:
        if payload["source"] != raw.decode("utf-8"):
            return None
    except UnicodeDecodeError:
        return None
    data = payload.get(key)
    return data if isinstance(data, dict) else None


def write_twin(path: str | Path, raw: bytes, data: dict[str, Any], key: str) -> Path:
    """Write the twin of ``path`` (atomically): the TOML text ``raw`` it was made from and ``data`` under ``key``."""
    import json

    from .atomic import write_atomic

    twin = twin_path(path)
    payload = {"source": raw.decode("utf-8"), key: data}
    write_atomic(twin, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return twin
