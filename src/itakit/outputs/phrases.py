"""The words of itakit's documents and text output, as templates a Thai editor can revise without reading Python.

Every sentence and label of the analysis report and the follow-up lives in a phrase
file (``outputs/report/phrases.th.toml``), and so does every line of the commands' text
output (``outputs/text.th.toml``): TOML, one key per phrase (``[foreword] purpose = "…"`` is the key
``foreword.purpose``), each value a Jinja2 template that the code fills with the facts it
computed (``{{ agency }}ได้คะแนน {{ total|num }} คะแนน``).  A value may be a list of
variants, which the report uses in turn so that ten paragraphs do not open alike.

Phrases are looked up in layers, the first that has a key wins, as datasette looks up
templates: the user's file (``--phrases FILE`` or ``ITAKIT_PHRASES``), then the year
plugin's (a rule file's ``phrases = "package:…"``), then the built-in file shipped
with itakit.  An override file may only hold keys the built-in file has (a misspelt
key is refused, naming it), and its templates must compile.

Filters format numbers in the document's digits: ``num`` (two decimals, half-up),
``signed`` (a change, +1.50), ``amount`` (a count grouped in thousands), ``count``,
``year`` (พ.ศ. ๒๕๖๕), ``weight`` (ร้อยละ ๓๐), ``code`` (๑๓, E๖, O๒๙),
``digits`` (any text), and ``join`` (Thai lists: "ก ข และ ค").
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import attrs

from ..errors import DataError, Problem, RuleSetError

__all__ = ["BOOKS", "ENV_PHRASES", "PhraseFile", "Phrases", "builtin_phrases", "phrase_file", "thai_join"]

ENV_PHRASES = "ITAKIT_PHRASES"
"""The environment variable naming a user's phrase file (the ``--phrases`` option wins over it)."""


class Formatter(Protocol):
    """What the filters need: the report's formatter (:class:`itakit.outputs.fmt.Fmt`)."""

    def num(self, value: Any) -> str: ...
    def signed(self, value: Any) -> str: ...
    def amount(self, value: int) -> str: ...
    def count(self, value: int) -> str: ...
    def year(self, year: int) -> str: ...
    def weight(self, value: Any) -> str: ...
    def code(self, code: str) -> str: ...
    def text(self, value: str) -> str: ...


def _flatten(data: Mapping[str, Any], prefix: str, where: str) -> dict[str, str | tuple[str, ...]]:
    out: dict[str, str | tuple[str, ...]] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}.", where))
        elif isinstance(value, str):
            out[name] = value.strip()
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out[name] = tuple(v.strip() for v in value)
        else:
            raise ValueError(f"{name}: expected text or a list of texts")
    return out


@attrs.frozen
class PhraseFile:
    """One layer of phrases: where it was read from and its templates by key."""

    source: str
    texts: Mapping[str, str | tuple[str, ...]]
    origin: str = "user"
    """Who gave it: ``user``, ``plugin`` or ``builtin`` (a bad user file is bad input; a bad plugin file is a bad
    rule set)."""


def _fail(origin: str, source: str, key: str | None, message: str) -> Exception:
    text = f"{key}: {message}" if key else message
    if origin == "user":
        return DataError(Problem(text, source))
    return RuleSetError(f"{source}: {text}")


def phrase_file(path: str | Path, *, origin: str = "user") -> PhraseFile:
    """Read a phrase file (TOML, UTF-8); a user's bad file is a DataError naming it and the key."""
    import tomllib

    target = Path(path)
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise _fail(origin, str(target), None, f"cannot read the phrase file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise _fail(origin, str(target), None, "the phrase file is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(origin, str(target), None, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise _fail(origin, str(target), None, "the phrase file is nested too deeply") from None
    try:
        return PhraseFile(str(target), _flatten(data, "", str(target)), origin)
    except ValueError as exc:
        raise _fail(origin, str(target), None, str(exc)) from None


BOOKS = {"report": "report/phrases.th.toml", "text": "text.th.toml"}
"""The phrase files shipped with itakit, beside this module: the documents' (``report``) and the commands' text
output (``text``, read by every ``itakit score``: it has a JSON twin, so that start-up needs no TOML parser)."""


def builtin_path(book: str) -> Path:
    """The built-in phrase file of ``book``."""
    return Path(__file__).parent / BOOKS[book]


@cache
def builtin_phrases(book: str = "report") -> PhraseFile:
    """The phrases shipped with itakit for ``book`` (Thai), read once per process."""
    from ..tomltwin import twin_data

    path = builtin_path(book)
    raw = path.read_bytes()
    data = twin_data(path, raw, "phrases")
    if data is None:  # no current twin (an edited file): parse the TOML itself
        import tomllib

        data = tomllib.loads(raw.decode("utf-8"))
    return PhraseFile(str(path), _flatten(data, "", str(path)), "builtin")


def compile_builtin(book: str = "text") -> Path:
    """Write the JSON twin of a built-in phrase file (run after editing ``text.th.toml``; a test checks it)."""
    import tomllib

    from ..tomltwin import write_twin

    path = builtin_path(book)
    raw = path.read_bytes()
    return write_twin(path, raw, tomllib.loads(raw.decode("utf-8")), "phrases")


@cache
def _every_key() -> frozenset[str]:
    return frozenset(key for book in BOOKS for key in builtin_phrases(book).texts)


def thai_join(items: Iterable[str], last: str = "และ") -> str:
    """A Thai list as official writing has it, spaces and no commas: "ข้อ ๑ ข้อ ๓ และข้อ ๖", "(๑) ก และ (๒) ข".

    ``last`` joins the last item, written against it when it starts with a Thai letter, apart otherwise.
    """
    words = [w for w in items if w]
    if len(words) <= 1:
        return "".join(words)
    tail = words[-1]
    gap = "" if "\u0e01" <= tail[0] <= "\u0e4f" else " "
    return " ".join(words[:-1]) + f" {last}{gap}{tail}"


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False,
                             trim_blocks=True, lstrip_blocks=True)

    def with_formatter(name: str) -> Callable[..., str]:
        @jinja2.pass_context
        def apply(ctx: Any, value: Any, *args: Any) -> str:
            return str(getattr(ctx["f"], name)(value, *args))

        return apply

    for name in ("num", "signed", "amount", "count", "year", "weight", "code", "small"):
        env.filters[name] = with_formatter(name)
    env.filters["digits"] = with_formatter("text")
    env.filters["join"] = lambda items, last="และ": thai_join([str(i) for i in items], last)
    return env


_FILTERS = ("num", "signed", "amount", "count", "year", "weight", "code", "small", "digits", "join")
_PLACEHOLDER = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\s*(?:\|\s*([A-Za-z_]\w*)\s*)?-?\}\}")


class _Undefined(Exception):
    """A fact a plain template names and the caller did not give (Jinja's ``UndefinedError``, without Jinja)."""


@attrs.frozen
class _Plain:
    """A template that only puts facts in (``{{ x }}``, ``{{ x|num }}``): filled without loading Jinja2.

    Most phrases are such; Jinja2 is imported, and compiles, only for those with ``{% … %}``
    or another construct.  Same output as Jinja's (tests/test_phrases.py checks it).
    """

    texts: tuple[str, ...]
    slots: tuple[tuple[str, str | None], ...]

    @classmethod
    def parse(cls, source: str) -> _Plain | None:
        """The plain reading of ``source``, or None when it needs Jinja2."""
        pieces = _PLACEHOLDER.split(source)
        texts = tuple(pieces[0::3])
        if any("{{" in t or "{%" in t or "{#" in t for t in texts):
            return None
        slots = tuple(zip(pieces[1::3], pieces[2::3], strict=True))
        if any(name in ("f", "true", "false", "none", "True", "False", "None") or (kind and kind not in _FILTERS)
               for name, kind in slots):
            return None
        if any(source[m.start():m.end()].startswith("{{-") or source[m.start():m.end()].endswith("-}}")
               for m in _PLACEHOLDER.finditer(source)):
            return None  # whitespace control: leave it to Jinja
        return cls(texts, slots)

    def bind(self, f: Formatter) -> Callable[[Mapping[str, Any]], str]:
        """A function that fills the template with a mapping of facts, its filters bound to ``f`` once."""
        def filter_of(kind: str | None) -> Callable[[Any], str]:
            if kind is None:
                return str
            if kind == "join":
                return lambda items: thai_join([str(i) for i in items])
            return getattr(f, "text" if kind == "digits" else kind)  # type: ignore[no-any-return]

        first = self.texts[0]
        steps = tuple((name, filter_of(kind), text) for (name, kind), text in
                      zip(self.slots, self.texts[1:], strict=True))

        def fill(facts: Mapping[str, Any]) -> str:
            out = [first]
            for name, apply, text in steps:
                if name not in facts:
                    raise _Undefined(f"'{name}' is undefined")
                out.append(str(apply(facts[name])))
                out.append(text)
            return "".join(out).strip()

        return fill


class Phrases:
    """The layered phrases of one document, bound to its formatter; call it with a key and the facts."""

    def __init__(self, layers: Sequence[PhraseFile], formatter: Formatter, book: str = "report") -> None:
        base = builtin_phrases(book)
        for layer in layers:
            unknown = sorted(set(layer.texts) - _every_key())  # one override file may hold every book's phrases
            if unknown:
                raise _fail(layer.origin, layer.source, unknown[0],
                            "is not a phrase of itakit (see the built-in phrases.th.toml and text.th.toml for the "
                            "keys)" + (f"; also {', '.join(unknown[1:4])}" if len(unknown) > 1 else ""))
        self.layers = (*layers, base)
        self.formatter = formatter
        self._fillers: dict[tuple[str, int], Callable[[Mapping[str, Any]], str]] = {}
        self._counts: dict[str, int] = {}

    def _source(self, key: str) -> tuple[PhraseFile, str | tuple[str, ...]]:
        for layer in self.layers:
            if key in layer.texts:
                return layer, layer.texts[key]
        raise KeyError(f"no phrase {key!r}")

    def _filler(self, key: str, index: int) -> Callable[[Mapping[str, Any]], str]:
        """The function that fills variant ``index`` of ``key`` (made once: plain, or a compiled Jinja2 template)."""
        layer, text = self._source(key)
        source = text if isinstance(text, str) else text[index % len(text)]
        plain = _Plain.parse(source)
        if plain is not None:
            filler = plain.bind(self.formatter)
        else:
            import jinja2

            try:
                template = _environment().from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                raise _fail(layer.origin, layer.source, key, f"the template does not read: {exc.message}") from None
            formatter = self.formatter

            def filler(facts: Mapping[str, Any]) -> str:
                return str(template.render(f=formatter, **facts)).strip()

        self._fillers[(key, index)] = filler
        return filler

    def variants(self, key: str) -> int:
        """How many variants a phrase has (1 for plain text)."""
        count = self._counts.get(key)
        if count is None:
            text = self._source(key)[1]
            count = self._counts[key] = 1 if isinstance(text, str) else len(text)
        return count

    def __call__(self, key: str, /, variant: int = 0, **facts: Any) -> str:
        """The phrase ``key`` filled with ``facts``; ``variant`` picks among a list's texts, in turn."""
        index = variant % self.variants(key)
        fill = self._fillers.get((key, index)) or self._filler(key, index)
        try:
            return fill(facts)
        except _Undefined as exc:
            message = str(exc)
        except Exception as exc:
            jinja2 = sys.modules.get("jinja2")  # loaded if this template needed it
            if jinja2 is None or not isinstance(exc, jinja2.UndefinedError):
                raise
            message = str(exc.message)
        layer = self._source(key)[0]
        raise _fail(layer.origin, layer.source, key,
                    f"{message} (the facts this phrase is given: {', '.join(sorted(facts))})") from None


def layers_for(user: str | Path | None, plugin: str | Path | None) -> list[PhraseFile]:
    """The override layers: the user's file (``user``, else ``ITAKIT_PHRASES``), then the plugin's."""
    out = []
    chosen = user if user is not None else os.environ.get(ENV_PHRASES) or None
    if chosen:
        out.append(phrase_file(chosen, origin="user"))
    if plugin is not None:
        out.append(phrase_file(plugin, origin="plugin"))
    return out
