"""Where a rule value comes from: the small value type both the rule-set model and the rating share."""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["Provenance", "ProvenanceStatus"]

ProvenanceStatus = Literal["V", "D", "U"]


@attrs.frozen
class Provenance:
    """Where a value comes from: ``V`` stated by a public source, ``D`` rebuilt by arithmetic, ``U`` unverified."""

    status: ProvenanceStatus = attrs.field(default="V", validator=attrs.validators.in_(("V", "D", "U")))
    note: str = ""

    @property
    def verified(self) -> bool:
        """True unless the value is a best guess that may be wrong."""
        return self.status != "U"
