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

__all__ = [
    "SUBJECTS", "WRITTEN_NOTE", "CatalogueEntry", "MeasureCatalogue", "Topic", "generic_entry", "parse_catalogue",
    "parse_topics", "read_catalogue", "read_catalogue_file",
]

SUBJECTS = ("หน่วยงาน", "บุคลากร", "ผู้บังคับบัญชา", "ผู้บริหาร", "เจ้าหน้าที่", "ผู้มาติดต่อ", "ผู้รับบริการ")
"""Who a deficiency is about, as the sentence's subject: the respondents whose perception it is (บุคลากร for the
staff survey, ผู้มาติดต่อ/ผู้รับบริการ for the public survey) or the agency (หน่วยงาน) for a checklist item."""
_TEXT_FIELDS = ("subject", "deficiency", "strength", "measure")
_LIST_FIELDS = ("method", "responsible", "follow_up")
_FIELDS = (*_TEXT_FIELDS, *_LIST_FIELDS, "note", "recommendation", "question")
_TOPICS = "topics"
WRITTEN_NOTE = "drafted by itakit: a starting point for the agency, not an official finding"
"""The provenance of catalogue text unless an entry says otherwise."""


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _entries(value: Iterable[CatalogueEntry]) -> tuple[CatalogueEntry, ...]:
    return tuple(value)


def _steps(instance: CatalogueEntry, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if not 1 <= len(value) <= 4 or not all(step.strip() for step in value):
        raise ValueError(f"measure {instance.code!r}: {attribute.name} must have one to four non-empty steps")


def _non_empty(instance: CatalogueEntry, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"measure {instance.code!r}: {attribute.name} is empty")


def _subject(instance: CatalogueEntry, attribute: attrs.Attribute[str], value: str) -> None:
    """A plain message for a subject the catalogue does not know (attrs' ``in_`` would print a tuple)."""
    if value not in SUBJECTS:
        raise ValueError(f"measure {instance.code!r}: subject {value!r} is not one of {', '.join(SUBJECTS)}")


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
    recommendation: str = ""
    """One concrete recommendation answering the deficiency (ข้อเสนอแนะ, section 3); empty: the report words one
    from the measure."""
    question: str = ""
    """How the report names the question when the rule set's wording will not do on its own (a question whose
    sub-items complete it, such as i12 and i30); empty: the rule set's text."""


def _keywords(value: Iterable[str]) -> tuple[str, ...]:
    words = tuple(value)
    if not words or not all(w.strip() for w in words):
        raise ValueError("a topic needs at least one non-empty keyword")
    return words


@attrs.frozen
class Topic:
    """Text for any question of an indicator whose wording contains one of ``keywords`` (years whose questions
    are not public: the agency's own question list is matched against them)."""

    indicator: int
    keywords: tuple[str, ...] = attrs.field(converter=_keywords)
    entry: CatalogueEntry

    def matches(self, text: str) -> bool:
        """Whether a question's text is about this topic (any keyword found in it)."""
        return any(word in text for word in self.keywords)


def _topics(value: Iterable[Topic]) -> tuple[Topic, ...]:
    return tuple(value)


@attrs.frozen
class MeasureCatalogue:
    """A year's entries by code, read from ``path`` on first use (so loading the rule set stays quick)."""

    path: Path | None = None
    preset: tuple[CatalogueEntry, ...] = attrs.field(default=(), converter=_entries)
    """Entries given directly (tests, rule files that inline their catalogue)."""
    preset_topics: tuple[Topic, ...] = attrs.field(default=(), converter=_topics)
    codes: frozenset[str] | None = attrs.field(default=None, kw_only=True, eq=False)
    """The codes an entry may have (the year's questions, OIT items and indicator numbers); None: not checked."""
    _cache: dict[str, CatalogueEntry] = attrs.field(factory=dict, init=False, repr=False, eq=False)
    _topic_cache: list[Topic] = attrs.field(factory=list, init=False, repr=False, eq=False)

    def _load(self) -> None:
        if self._cache:
            return
        found = {e.code: e for e in self.preset}
        topics = list(self.preset_topics)
        if self.path is not None:
            entries, more = read_catalogue_file(self.path, self.codes)
            found.update({e.code: e for e in entries})
            topics += more
        self._topic_cache[:] = topics
        self._cache.update(found)

    @property
    def entries(self) -> Mapping[str, CatalogueEntry]:
        """Every entry by code (the file is read and checked the first time)."""
        self._load()
        return self._cache

    @property
    def topics(self) -> tuple[Topic, ...]:
        """The topics, in file order (the first that matches a question wins)."""
        self._load()
        return tuple(self._topic_cache)

    def get(self, code: str) -> CatalogueEntry | None:
        """The entry of a code, or None when the catalogue has none."""
        return self.entries.get(code)

    def for_question(self, code: str, text: str, indicator: int) -> CatalogueEntry | None:
        """The text for a question or item: its own entry, else the first topic of its indicator its wording
        matches, else None (the caller falls back to the indicator's entry or generic text)."""
        own = self.get(code)
        if own is not None:
            return own
        for topic in self.topics:
            if topic.indicator == indicator and topic.matches(text):
                return attrs.evolve(topic.entry, code=code)
        return None


def _entry(code: str, body: object, where: str, default_note: object, extra: tuple[str, ...] = ()) -> CatalogueEntry:
    """One entry's fields, each checked; RuleSetError naming the key otherwise."""
    if not isinstance(body, Mapping):
        raise RuleSetError(f"{where}: {code}: expected a table of fields")
    unknown = sorted(set(body) - set(_FIELDS) - set(extra))
    if unknown:
        raise RuleSetError(f"{where}: {code}: unknown key(s) {', '.join(map(repr, unknown))}")
    fields: dict[str, Any] = {"code": code}
    for key in _TEXT_FIELDS:
        value = body.get(key)
        if not isinstance(value, str):
            raise RuleSetError(f"{where}: {code}.{key}: expected text, got {value!r}")
        fields[key] = value.strip()
    for key in _LIST_FIELDS:
        value = body.get(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleSetError(f"{where}: {code}.{key}: expected text or a list of texts, got {value!r}")
        fields[key] = tuple(v.strip() for v in value)
    for key, fallback in (("note", default_note), ("recommendation", ""), ("question", "")):
        value = body.get(key, fallback)
        if not isinstance(value, str):
            raise RuleSetError(f"{where}: {code}.{key}: expected text, got {value!r}")
        fields[key] = value if key == "note" else value.strip()
    try:
        return CatalogueEntry(**fields)
    except (ValueError, TypeError) as exc:
        raise RuleSetError(f"{where}: {exc}") from None


def parse_catalogue(data: Mapping[str, Any], where: str, codes: Collection[str] | None = None) -> list[CatalogueEntry]:
    """Entries from parsed TOML: one table per code (``[i1]``, ``[o29]``, ``[7]`` for an indicator), each field
    checked.  The ``[[topics]]`` array is read by :func:`parse_topics`.

    With ``codes`` (the year's question and OIT item codes and indicator numbers), an entry
    for any other code is refused, naming every such code.
    """
    default_note = data.get("note", WRITTEN_NOTE)
    named = [code for code in data if code not in ("note", _TOPICS)]
    if codes is not None:
        unknown = [code for code in named if code not in codes]
        if unknown:
            raise RuleSetError(
                f"{where}: {', '.join(map(repr, unknown[:10]))}{' …' if len(unknown) > 10 else ''}: "
                f"{'is not a question, OIT item or indicator' if len(unknown) == 1 else 'are not questions, OIT items or indicators'} "
                "of these rules, so the report would never use "
                f"{'its entry' if len(unknown) == 1 else 'their entries'}; correct the code or remove the entry")
    return [_entry(code, data[code], where, default_note) for code in named]


def parse_topics(data: Mapping[str, Any], where: str) -> list[Topic]:
    """The ``[[topics]]`` of parsed TOML: each an indicator number, keywords and the fields of an entry."""
    raw = data.get(_TOPICS, [])
    if not isinstance(raw, list):
        raise RuleSetError(f"{where}: topics: expected an array of tables ([[topics]])")
    out: list[Topic] = []
    for n, body in enumerate(raw, start=1):
        name = f"topics[{n}]"
        if not isinstance(body, Mapping):
            raise RuleSetError(f"{where}: {name}: expected a table of fields")
        indicator = body.get("indicator")
        keywords = body.get("keywords")
        if isinstance(indicator, bool) or not isinstance(indicator, int):
            raise RuleSetError(f"{where}: {name}.indicator: expected an indicator number, got {indicator!r}")
        if isinstance(keywords, str):
            keywords = [keywords]
        if not isinstance(keywords, list) or not keywords or not all(isinstance(k, str) and k.strip()
                                                                     for k in keywords):
            raise RuleSetError(f"{where}: {name}.keywords: expected one or more words, got {keywords!r}")
        entry = _entry(name, body, where, data.get("note", WRITTEN_NOTE), extra=("indicator", "keywords"))
        out.append(Topic(indicator, tuple(k.strip() for k in keywords), entry))
    return out


def read_catalogue_file(path: Path, codes: Collection[str] | None = None) -> tuple[list[CatalogueEntry], list[Topic]]:
    """Read a catalogue TOML file (UTF-8): its entries and topics; RuleSetError naming the file and the key when
    wrong."""
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
    return parse_catalogue(data, str(path), codes), parse_topics(data, str(path))


def read_catalogue(path: Path, codes: Collection[str] | None = None) -> list[CatalogueEntry]:
    """Read a catalogue TOML file's entries (by code)."""
    return read_catalogue_file(path, codes)[0]


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
