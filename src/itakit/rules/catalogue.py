"""A year's catalogue of measures: for each question and OIT item, what a shortfall means and what to do.

The analysis report drafts its written analysis and its measures tables from it: the
deficiency (ข้อบกพร่อง) with the right subject, the strength that full marks show, a
measure's name, two to four method steps, a typical responsible unit and a follow-up.
It is year data, shipped by a rule-set plugin in its own TOML file (format in
``docs/rulefile.md``) and read only when a report asks for it, so scoring never pays
for it.  A year without a catalogue gets :func:`generic_entry`'s plain text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import RuleSetError

__all__ = ["SUBJECTS", "WRITTEN_NOTE", "CatalogueEntry", "MeasureCatalogue", "generic_entry", "parse_catalogue"]

SUBJECTS = ("หน่วยงาน", "บุคลากร", "ผู้บังคับบัญชา", "ผู้บริหาร", "เจ้าหน้าที่")
"""Who a deficiency is about, as the sentence's subject."""
_FIELDS = ("subject", "deficiency", "strength", "measure", "method", "responsible", "follow_up", "note")
WRITTEN_NOTE = "drafted by itakit: a starting point for the agency, not an official finding"
"""The provenance of catalogue text unless an entry says otherwise."""


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _entries(value: Iterable[CatalogueEntry]) -> tuple[CatalogueEntry, ...]:
    return tuple(value)


def _steps(instance: CatalogueEntry, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if not 1 <= len(value) <= 4 or not all(step.strip() for step in value):
        raise ValueError(f"measure {instance.code!r}: {attribute.name} must have one to four non-empty steps")


def _subject(instance: CatalogueEntry, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in SUBJECTS:
        raise ValueError(f"measure {instance.code!r}: subject {value!r} is not one of {', '.join(SUBJECTS)}")


def _non_empty(instance: CatalogueEntry, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"measure {instance.code!r}: {attribute.name} is empty")


@attrs.frozen
class CatalogueEntry:
    """The drafted text for one question or OIT item (or, from :func:`generic_entry`, for any code)."""

    code: str
    subject: str = attrs.field(validator=_subject)
    deficiency: str = attrs.field(validator=_non_empty)
    """What a score below full means, as a sentence whose subject is ``subject``."""
    strength: str = attrs.field(validator=_non_empty)
    """What full marks show, for the analysis's strengths."""
    measure: str = attrs.field(validator=_non_empty)
    method: tuple[str, ...] = attrs.field(converter=_texts, validator=_steps)
    responsible: tuple[str, ...] = attrs.field(converter=_texts, validator=_steps)
    follow_up: tuple[str, ...] = attrs.field(converter=_texts, validator=_steps)
    note: str = WRITTEN_NOTE
    """Where the text comes from (the 2565 catalogue was written by this project, not by NACC)."""
    generic: bool = False
    """True for :func:`generic_entry`'s text, written without knowing the question."""


@attrs.frozen
class MeasureCatalogue:
    """A year's entries by code, read from ``path`` on first use (so loading the rule set stays quick).

    ``codes``, when given, are the year's question and OIT item codes: an entry for any
    other code is refused by name when the catalogue is read, never silently unused.
    """

    path: Path | None = None
    preset: tuple[CatalogueEntry, ...] = attrs.field(default=(), converter=_entries)
    """Entries given directly (tests, rule files that inline their catalogue)."""
    codes: frozenset[str] | None = attrs.field(default=None, kw_only=True, eq=False)
    """The codes an entry may have (the year's questions and OIT items); None: not checked."""
    _cache: dict[str, CatalogueEntry] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    @property
    def entries(self) -> Mapping[str, CatalogueEntry]:
        """Every entry by code (the file is read and checked the first time)."""
        if not self._cache:
            found = {e.code: e for e in self.preset}
            if self.path is not None:
                found.update({e.code: e for e in read_catalogue(self.path, self.codes)})
            self._cache.update(found)
        return self._cache

    def get(self, code: str) -> CatalogueEntry | None:
        """The entry of a code, or None when the catalogue has none."""
        return self.entries.get(code)


def parse_catalogue(data: Mapping[str, Any], where: str, codes: Collection[str] | None = None) -> list[CatalogueEntry]:
    """Entries from parsed TOML: one table per code (``[i1]``, ``[o29]``), each field checked.

    With ``codes`` (the year's question and OIT item codes), an entry for any other
    code is refused, naming every such code.
    """
    default_note = data.get("note", WRITTEN_NOTE)
    if codes is not None:
        unknown = [code for code in data if code != "note" and code not in codes]
        if unknown:
            raise RuleSetError(
                f"{where}: {', '.join(map(repr, unknown[:10]))}{' …' if len(unknown) > 10 else ''}: "
                f"{'is not a question or OIT item' if len(unknown) == 1 else 'are not questions or OIT items'} "
                "of these rules, so the report would never use "
                f"{'its entry' if len(unknown) == 1 else 'their entries'}; correct the code or remove the entry")
    out: list[CatalogueEntry] = []
    for code, body in data.items():
        if code == "note":
            continue
        if not isinstance(body, Mapping):
            raise RuleSetError(f"{where}: {code}: expected a table of fields")
        unknown_keys = sorted(set(body) - set(_FIELDS))
        if unknown_keys:
            raise RuleSetError(f"{where}: {code}: unknown key(s) {', '.join(map(repr, unknown_keys))}")
        fields: dict[str, Any] = {"code": code}
        for key in _FIELDS[:4]:
            value = body.get(key)
            if not isinstance(value, str):
                raise RuleSetError(f"{where}: {code}.{key}: expected text, got {value!r}")
            fields[key] = value.strip()
        for key in _FIELDS[4:7]:
            value = body.get(key)
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RuleSetError(f"{where}: {code}.{key}: expected text or a list of texts, got {value!r}")
            fields[key] = tuple(v.strip() for v in value)
        note = body.get("note", default_note)
        if not isinstance(note, str):
            raise RuleSetError(f"{where}: {code}.note: expected text, got {note!r}")
        fields["note"] = note
        try:
            out.append(CatalogueEntry(**fields))
        except (ValueError, TypeError) as exc:
            raise RuleSetError(f"{where}: {exc.args[0] if exc.args else exc}") from None
    return out


def read_catalogue(path: Path, codes: Collection[str] | None = None) -> list[CatalogueEntry]:
    """Read a catalogue TOML file (UTF-8); RuleSetError naming the file and the key when it is wrong."""
    import tomllib

    from ..atomic import note_input

    note_input(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleSetError(f"{path}: cannot read the measures catalogue: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RuleSetError(f"{path}, line {line}: the measures catalogue is not UTF-8 text (saved as cp874/TIS-620?); "
                           "save it as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise RuleSetError(f"{path}: not a measures catalogue: its TOML is nested too deeply") from None
    return parse_catalogue(data, str(path), codes)


def generic_entry(code: str, topic: str, *, item: bool = False) -> CatalogueEntry:
    """Plain text for a code the year's catalogue does not cover; ``topic`` is the question's text or item's name."""
    topic = topic.strip() or f"ข้อ {code}"
    if item:
        return CatalogueEntry(
            code, "หน่วยงาน",
            deficiency=f"หน่วยงานยังเปิดเผยข้อมูลเรื่อง{topic}ไม่ครบตามเกณฑ์การประเมิน",
            strength=f"หน่วยงานเปิดเผยข้อมูลเรื่อง{topic}ครบตามเกณฑ์",
            measure=f"มาตรการเปิดเผยข้อมูลเรื่อง{topic}",
            method=(f"ตรวจสอบข้อมูลเรื่อง{topic}เทียบกับเกณฑ์การประเมินของปีนี้",
                    "จัดทำหรือปรับปรุงข้อมูลให้ครบถ้วนและเป็นปัจจุบัน",
                    "เผยแพร่บนเว็บไซต์ของหน่วยงานในหัวข้อที่กำหนด"),
            responsible=("ผู้รับผิดชอบการเผยแพร่ข้อมูลบนเว็บไซต์",),
            follow_up=("ตรวจสอบการเผยแพร่ก่อนวันส่งแบบตรวจ",),
            generic=True,
        )
    return CatalogueEntry(
        code, "หน่วยงาน",
        deficiency=f"ผู้ตอบบางส่วนยังให้ความเห็นต่อประเด็น “{topic}” ไม่ถึงระดับดีที่สุด",
        strength=f"ผู้ตอบทุกคนให้ความเห็นต่อประเด็น “{topic}” ในระดับดีที่สุด",
        measure=f"มาตรการยกระดับประเด็นข้อ {code}",
        method=(f"ประชุมบุคลากรเพื่อหาสาเหตุที่ประเด็นข้อ {code} ยังไม่ได้คะแนนเต็ม",
                "กำหนดแนวทางแก้ไขและมอบหมายผู้รับผิดชอบ"),
        responsible=("ผู้บริหารและหัวหน้าส่วนงานที่เกี่ยวข้อง",),
        follow_up=("รายงานความคืบหน้าต่อผู้บริหารทุกไตรมาส",),
        generic=True,
    )
