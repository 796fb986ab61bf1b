"""Where a rule value comes from: the small value type both the rule-set model and the rating share.

A provenance belongs to the rule set that carries it: a plugin's values keep the plugin's
own status, source and note, and every output that quotes them says so in those words,
never as itakit's own finding.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["STATUS_WORDS", "Provenance", "ProvenanceStatus"]

ProvenanceStatus = Literal["V", "D", "U"]
_STATUSES = ("V", "D", "U")


def _status(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """A plain message for a status that is not V, D or U (attrs' own ``in_`` puts a tuple in its message)."""
    if value not in _STATUSES:
        raise ValueError(f"provenance status {value!r} is not one of V (stated), D (derived), U (unverified)")

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "V": ("ยืนยันโดยแหล่งข้อมูลสาธารณะ", "stated by a public source"),
    "D": ("คำนวณย้อนจากตารางที่เผยแพร่", "rebuilt by arithmetic from published tables"),
    "U": ("ยังไม่มีแหล่งข้อมูลยืนยัน", "not verified"),
}
"""What each status means, in Thai and in English, for outputs that quote a provenance."""


@attrs.frozen
class Provenance:
    """Where a value comes from: ``V`` stated by a public source, ``D`` rebuilt by arithmetic, ``U`` unverified.

    ``note`` says why (as the rule set's author wrote it) and ``source`` names where the
    value was found (a publication, a statement, a file); both are the rule set's words.
    """

    status: ProvenanceStatus = attrs.field(default="V", validator=_status)
    note: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    source: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    @property
    def verified(self) -> bool:
        """True unless the value is a best guess that may be wrong."""
        return self.status != "U"

    def describe(self, language: str = "en") -> str:
        """The provenance in words: its status, then the source and note as given (``"not verified: inferred …"``)."""
        th, en = STATUS_WORDS[self.status]
        parts = [th if language == "th" else en]
        if self.source:
            parts.append(("ที่มา: " if language == "th" else "source: ") + self.source)
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)
