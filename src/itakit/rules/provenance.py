"""Where a rule value comes from: the small value type both the rule-set model and the rating share."""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["Provenance", "ProvenanceStatus"]

ProvenanceStatus = Literal["V", "D", "U"]
_STATUSES = ("V", "D", "U")


def _status(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """A plain message for a status that is not V, D or U (attrs' own ``in_`` puts a tuple in its message)."""
    if value not in _STATUSES:
        raise ValueError(f"provenance status {value!r} is not one of V (stated), D (derived), U (unverified)")


@attrs.frozen
class Provenance:
    """Where a value comes from: ``V`` stated by a public source, ``D`` rebuilt by arithmetic, ``U`` unverified."""

    status: ProvenanceStatus = attrs.field(default="V", validator=_status)
    note: str = ""

    @property
    def verified(self) -> bool:
        """True unless the value is a best guess that may be wrong."""
        return self.status != "U"
