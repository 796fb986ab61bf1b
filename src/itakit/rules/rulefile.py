"""Read a rule set from a TOML file: how year plugins ship their rules as data, and how users override them.

The format is documented in ``docs/rulefile.md``.  Files are parsed with the
standard library's :mod:`tomllib` (data only, nothing is executed), or read from their
compiled JSON twin while it still matches them byte for byte; unknown keys are
refused with the path of the key, so a typo never silently drops a rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import RuleSetError
from ..exact import to_fraction
from ..tomltwin import twin_data, twin_path, write_twin
from .catalogue import MeasureCatalogue, parse_catalogue, parse_topics
from .model import (
    AnswerOption,
    AnswerScale,
    GradeBand,
    Indicator,
    OITItem,
    Provenance,
    Question,
    Rating,
    RatingLevel,
    RuleSet,
    SubIndicator,
    SubItem,
    Tool,
)
from .rating import check_code

__all__ = ["compile_rule_file", "compiled_path", "load_packaged_rule_set", "load_rule_set", "parse_rule_set"]


class _Table:
    """A TOML table being read: hands out keys and complains, with the key's path, about the rest."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise RuleSetError(f"{path or 'top level'}: expected a table, got {type(data).__name__}")
        self.data = dict(data)
        self.path = path
        self.used: set[str] = set()

    def where(self, key: str | None = None) -> str:
        """The dotted path of this table, or of one of its keys ("top level" for the file itself)."""
        if key is None:
            return self.path or "top level"
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, default: Any = ..., kind: type | tuple[type, ...] = object) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise RuleSetError(f"{self.where()}: the key {key!r} is missing")
            return default
        value = self.data[key]
        if not isinstance(value, kind):
            name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise RuleSetValueError(self.where(key), value, f"expected {name}, got {value!r}", named=False)
        return value

    def tables(self, key: str, *, required: bool = True) -> list[_Table]:
        raw = self.get(key, [] if not required else ..., list)
        return [_Table(item, f"{self.where(key)}[{n}]") for n, item in enumerate(raw)]

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise RuleSetError(f"{self.where()}: unknown key(s) {', '.join(map(repr, unknown))}")


def _number(table: _Table, key: str, default: Any = ..., *, cents: bool = False) -> str:
    """A number of the rule file as text, checked here so that a bad one is named by its key.

    Scores and weights are written as strings (``"33.33"``, ``"100/3"``) or integers, never
    floats; ``cents`` figures (band limits, the pass line) are decimals with at most two places.
    """
    value = table.get(key, default)
    if isinstance(value, float):
        raise RuleSetValueError(table.where(key), value,
                                f"write the number {value!r} as a string (\"{value}\") so it stays exact")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise RuleSetValueError(table.where(key), value, "expected a number written as a string or an integer")
    text = str(value)
    try:
        number = to_fraction(text)
    except ValueError:
        raise RuleSetValueError(table.where(key), value, "is not a number (expected e.g. \"33.33\" or "
                                                         "\"100/3\")") from None
    if abs(number) > 1000:
        raise RuleSetValueError(table.where(key), value, "is far outside any score, weight or band (0-100)")
    if cents and ("/" in text or (number * 100).denominator != 1):
        raise RuleSetValueError(table.where(key), value, "expected a decimal with at most two places "
                                                         "(such as 84.99)")
    if cents and not 0 <= number <= 100:
        raise RuleSetValueError(table.where(key), value, "is outside 0-100 (a displayed score, such as 85.00)")
    return text


class RuleSetValueError(RuleSetError):
    """A bad value in a rule file; knows its key's path, so the loader can name its line."""

    def __init__(self, where: str, value: object, message: str, *, named: bool = True) -> None:
        super().__init__(f"{where}: {value!r} {message}" if named else f"{where}: {message}")
        self.where = where
        self.value = value


def _provenance(table: _Table, default: Provenance, key: str = "provenance") -> Provenance:
    raw = table.get(key, None, (str, dict))
    if raw is None:
        return default
    if isinstance(raw, str):
        status, note, source, where = raw, "", "", table.where(key)
    else:
        prov = _Table(raw, table.where(key))
        status, where = prov.get("status", kind=str), prov.where("status")
        note, source = prov.get("note", "", str), prov.get("source", "", str)
        prov.done()
    try:
        return Provenance(status, note, source)  # type: ignore[arg-type]
    except ValueError as exc:
        raise RuleSetValueError(where, status, str(exc.args[0]), named=False) from None


def _question(t: _Table, default_prov: Provenance) -> Question:
    code = t.get("code", kind=str)
    scale = t.get("scale", "level4", str)
    reverse = t.get("reverse", False, bool)
    prov = _provenance(t, default_prov)
    subs_raw = t.tables("sub_items", required=False)
    subs: list[SubItem] = []
    for n, sub in enumerate(subs_raw, start=1):
        subs.append(
            SubItem(
                code=sub.get("code", f"{code}.{n}" if len(subs_raw) > 1 else code, str),
                text_th=sub.get("text_th", "", str),
                text_en=sub.get("text_en", "", str),
                scale=sub.get("scale", scale, str),
                reverse=sub.get("reverse", reverse, bool),
                provenance=_provenance(sub, prov),
            )
        )
        sub.done()
    if not subs:
        subs.append(SubItem(code=code, scale=scale, reverse=reverse, provenance=prov))
    question = Question(
        code=code,
        text_th=t.get("text_th", "", str),
        text_en=t.get("text_en", "", str),
        sub_items=subs,
        provenance=prov,
    )
    t.done()
    return question


def _rating(top: _Table, default_prov: Provenance) -> Rating | None:
    """The ``[rating]`` table: levels from the best down, each with its minimum total and tool scores."""
    raw = top.get("rating", None, dict)
    if raw is None:
        return None
    table = _Table(raw, "rating")
    prov = _provenance(table, default_prov)
    levels = []
    for lt in table.tables("levels"):
        named = _Table(lt.get("min_tools", {}, dict), lt.where("min_tools"))
        every = None if lt.get("min_every_tool", None, (str, int)) is None else _number(lt, "min_every_tool", cents=True)
        code = lt.get("code", kind=str)
        try:
            check_code(code, "the level's code")
        except RuleSetError as exc:
            raise RuleSetValueError(lt.where("code"), code, str(exc), named=False) from None
        try:
            levels.append(
                RatingLevel(
                    code, lt.get("name_th", "", str), lt.get("name_en", "", str),
                    lt.get("passed", kind=bool), _number(lt, "min_total", "0.00", cents=True),
                    every,
                    {code: _number(named, code, cents=True) for code in list(named.data)},
                    provenance=_provenance(lt, prov),
                )
            )
        except RuleSetValueError:
            raise  # already names its key
        except RuleSetError as exc:
            raise RuleSetError(f"{lt.where()}: {exc}") from None
        lt.done()
    table.done()
    return Rating(levels, provenance=prov)


def parse_rule_set(data: Mapping[str, Any], *, source: str | None = None) -> RuleSet:
    """Build a rule set from already-parsed TOML data (the structure of ``docs/rulefile.md``)."""
    top = _Table(data, "")
    default_prov = _provenance(
        _Table({"default_provenance": top.get("default_provenance", "V", (str, dict))}, ""), Provenance(),
        "default_provenance",
    )

    scales = []
    for st in top.tables("scales", required=False):
        options = []
        for ot in st.tables("options"):
            options.append(
                AnswerOption(ot.get("key", kind=str), _number(ot, "points"), ot.get("labels", [], list))
            )
            ot.done()
        scales.append(
            AnswerScale(
                st.get("code", kind=str), st.get("name_th", "", str), st.get("name_en", "", str),
                options, _provenance(st, default_prov),
            )
        )
        st.done()

    rating = _rating(top, default_prov)
    bands = []
    for bt in top.tables("bands", required=rating is None):
        code = bt.get("code", kind=str)
        try:
            check_code(code, "the grade's code")
        except RuleSetError as exc:
            raise RuleSetValueError(bt.where("code"), code, str(exc), named=False) from None
        bands.append(
            GradeBand(
                code, _number(bt, "lower", cents=True), _number(bt, "upper", cents=True),
                bt.get("passed", kind=bool), bt.get("name_th", "", str), bt.get("name_en", "", str),
                provenance=_provenance(bt, default_prov),
            )
        )
        bt.done()

    tools = []
    for tt in top.tables("tools"):
        indicators = []
        for it in tt.tables("indicators"):
            questions = [_question(q, default_prov) for q in it.tables("questions", required=False)]
            subs = []
            for sit in it.tables("sub_indicators", required=False):
                items = []
                for item in sit.tables("items"):
                    items.append(
                        OITItem(item.get("code", kind=str), item.get("name_th", "", str),
                                item.get("name_en", "", str), _provenance(item, default_prov))
                    )
                    item.done()
                subs.append(SubIndicator(sit.get("code", kind=str), sit.get("name_th", "", str),
                                         sit.get("name_en", "", str), items))
                sit.done()
            indicators.append(
                Indicator(it.get("number", kind=int), it.get("name_th", "", str), it.get("name_en", "", str),
                          questions, subs, _number(it, "weight", 1))
            )
            it.done()
        tools.append(Tool(tt.get("code", kind=str), tt.get("name_th", "", str), tt.get("name_en", "", str),
                          _number(tt, "weight"), indicators, provenance=_provenance(tt, default_prov)))
        tt.done()

    rule_set = RuleSet(
        year=top.get("year", kind=int),
        name_th=top.get("name_th", "", str),
        name_en=top.get("name_en", "", str),
        tools=tools,
        bands=bands,
        pass_line=_number(top, "pass_line", cents=True),
        scales=scales,
        notes=top.get("notes", "", str),
        source=source,
        rating=rating,
        measures=_measures_catalogue(top, source, _catalogue_codes(tools)),
    )
    top.done()
    return rule_set


_PACKAGE_PREFIX = "package:"


def _catalogue_codes(tools: list[Tool]) -> frozenset[str]:
    """The codes a catalogue entry may have: every question, OIT item and indicator number of the rules."""
    return frozenset(
        [str(i.number) for t in tools for i in t.indicators]
        + [q.code for t in tools for i in t.indicators for q in i.questions]
        + [item.code for t in tools for i in t.indicators for si in i.sub_indicators for item in si.items])


def _measures_catalogue(top: _Table, source: str | None, codes: frozenset[str]) -> MeasureCatalogue | None:
    """The ``measures`` key: a catalogue file beside the rule file (read when first used), or inline tables."""
    raw = top.get("measures", None, (str, dict))
    if raw is None:
        return None
    if isinstance(raw, dict):
        where = top.where("measures")
        return MeasureCatalogue(preset=parse_catalogue(raw, where, codes), preset_topics=parse_topics(raw, where),
                                codes=codes)
    if raw.startswith(_PACKAGE_PREFIX):  # "package:itakit_rules_2565/measures2565.toml": found wherever the rules are copied
        path = _package_file(raw, top.where("measures"), source)
    else:
        path = Path(raw)
        if not path.is_absolute():
            path = (Path(source).parent if source else Path.cwd()) / path
    if not path.is_file():
        raise RuleSetError(f"{top.where('measures')}: the measures catalogue {raw!r} is not a file ({path})")
    from ..atomic import note_input

    note_input(path)  # read later, when a report asks: no output may replace it
    return MeasureCatalogue(path, codes=codes)


def _package_file(raw: str, where: str, source: str | None) -> Path:
    """A ``package:NAME/FILE`` path: the file in the installed package, else in a folder of that name
    beside the rule file (a plugin's rule file tried before the plugin is installed); refused saying how."""
    package, _, name = raw[len(_PACKAGE_PREFIX):].partition("/")
    if not package or not name:
        raise RuleSetError(f"{where}: {raw!r} is not a package path; write it as \"package:PACKAGE/FILE\" "
                           "(e.g. \"package:itakit_rules_2565/measures2565.toml\")")
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        spec = None
    folders = [Path(f) for f in (spec.submodule_search_locations or ())] if spec is not None else []
    if source is not None:  # not installed (yet): the package's folder as it lies beside the rule file
        here = Path(source).resolve().parent
        last = package.rpartition(".")[2]
        folders += [here] if here.name == last else []
        folders += [here / Path(*package.split(".")), here / "src" / Path(*package.split("."))]
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    if spec is None:
        raise RuleSetError(
            f"{where}: {raw!r} names the package {package!r}, which is not installed here, and no folder "
            f"{package!r} holding {name!r} lies beside the rule file; install the plugin that ships it "
            f"(pip install PLUGIN), or give the catalogue's path relative to the rule file "
            f"(measures = \"{name}\")"
        )
    return (folders[0] if folders else Path()) / name


def compiled_path(path: str | Path) -> Path:
    """Where the compiled (JSON) twin of a rule file lives: ``ita2565.toml`` → ``ita2565.toml.json``."""
    return twin_path(path)


def compile_rule_file(path: str | Path) -> Path:
    """Write the JSON twin of a TOML rule file, so that loading it skips the (slower) TOML parser.

    The twin holds the TOML text it was made from; :func:`load_rule_set` uses it only
    while the TOML file is still exactly that text, so an edited TOML file is never
    shadowed (:mod:`itakit.tomltwin`).
    """
    path = Path(path)
    raw = path.read_bytes()
    data = _parse_toml(raw, path)
    parse_rule_set(data, source=str(path))  # refuse to compile rules that cannot be right
    return write_twin(path, raw, data, "rules")


def _parse_toml(raw: bytes, path: Path) -> dict[str, Any]:
    import tomllib  # only when there is no current JSON twin (it costs a few ms at start-up)

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RuleSetError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise RuleSetError(f"{path}: not a rule file: its TOML is nested too deeply") from None


def _compiled_data(raw: bytes, path: Path) -> dict[str, Any] | None:
    """The rules from the JSON twin, if there is one made from exactly these TOML bytes."""
    if not twin_path(path).is_file():
        return None
    from ..atomic import note_input

    note_input(twin_path(path))
    return twin_data(path, raw, "rules")


def load_rule_set(path: str | Path) -> RuleSet:
    """Read a rule set from a TOML file; raises :class:`RuleSetError` naming the file and the bad key.

    A current JSON twin written by :func:`compile_rule_file` is read instead of the TOML
    when present: same data, parsed faster.
    """
    from ..atomic import note_input

    path = Path(path)
    note_input(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleSetError(f"{path}: cannot read the rule file: {exc.strerror or exc}") from None
    data = _compiled_data(raw, path)
    if data is None:
        data = _parse_toml(raw, path)
    try:
        return parse_rule_set(data, source=str(path))
    except RuleSetValueError as exc:
        line = _line_of(raw, exc.where, exc.value)
        at = f", line {line}" if line is not None else ""
        raise RuleSetError(f"{path}{at}: {exc}") from None
    except RuleSetError as exc:
        message = str(exc)
        raise RuleSetError(message if message.startswith(str(path)) else f"{path}: {message}") from None
    except (ValueError, TypeError) as exc:
        raise RuleSetError(f"{path}: {exc.args[0] if exc.args else exc}") from None


def _line_of(raw: bytes, where: str, value: object) -> int | None:
    """The line of a key such as ``pass_line``, ``bands[2].lower`` or ``rating.levels[1].code`` (tomllib gives no lines).

    A key of an array entry is looked for after that entry's header (the third
    ``[[bands]]``, the second ``[[rating.levels]]``); any other deep key on the one
    line that gives it this value.  None when not found.
    """
    import re

    lines = raw.decode("utf-8", errors="replace").splitlines()
    parts = where.split(".")
    key = parts[-1]
    assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
    entry = re.fullmatch(r"([A-Za-z_]+)\[(\d+)\]", parts[-2]) if len(parts) >= 2 else None
    if entry is not None and all(re.fullmatch(r"[A-Za-z_]+", part) for part in parts[:-2]):
        table = ".".join([*parts[:-2], entry.group(1)])
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        found = [n for n, line in enumerate(lines) if header.match(line)]
        if int(entry.group(2)) < len(found):
            for n in range(found[int(entry.group(2))] + 1, len(lines)):
                if lines[n].lstrip().startswith("["):
                    break
                if assignment.match(lines[n]):
                    return n + 1
    elif len(parts) == 1:
        for n, line in enumerate(lines):
            if line.lstrip().startswith("["):
                return None  # top-level keys come before the first table
            if assignment.match(line):
                return n + 1
        return None
    shown = re.escape(str(value))  # the one line giving the key this value, alone or in an inline table
    given = re.compile(rf"(^|[{{,]\s*){re.escape(key)}\s*=\s*\"?{shown}\"?\s*([,}}#]|$)")
    candidates = [n for n, line in enumerate(lines) if given.search(line.strip())]
    return candidates[0] + 1 if len(candidates) == 1 else None


def load_packaged_rule_set(package: str, filename: str) -> RuleSet:
    """Read a rule file shipped inside a Python package: how a year plugin loads its own rules.

    ``load_packaged_rule_set(__name__, "ita2565.toml")`` in the plugin's ``__init__``.
    """
    from importlib import import_module

    for folder in getattr(import_module(package), "__path__", ()):
        path = Path(folder, filename)
        if path.is_file():  # a package installed as files: the usual case, and the quickest
            return load_rule_set(path)
    from importlib.resources import as_file, files  # a package inside a zip file, or another loader

    with as_file(files(package).joinpath(filename)) as path:
        return load_rule_set(path)
