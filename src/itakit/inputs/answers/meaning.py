"""What a cell of a raw-answer file means, and which agency it names: one definition for both counters.

An answer cell means an option of its column's scale (by key or any label, Thai digits
allowed, spaces and zero-width characters around it ignored), a blank, or nothing
readable.  An agency cell names the agency whose identity is the cell's
:func:`~itakit.inputs.table.text_key` (after :func:`~itakit.inputs.table.unneutralise`),
shown as first written; a cell with no name names none.  :class:`Meaning` works each
*distinct* text out once and remembers it, so a counter asks per distinct text, never
per cell; the pure counter and the Arrow counter both ask it, so they cannot read a
file differently.
"""

from __future__ import annotations

from collections.abc import Callable

from ..table import text_key, unneutralise
from .layout import AnswerLayout

__all__ = ["BLANK", "MANY_AGENCIES", "NO_AGENCY", "UNREADABLE", "Meaning", "ids_problem", "looks_like_ids"]

BLANK = ""
"""What a blank answer cell means (counted as blank, not as an answer)."""
UNREADABLE = None
"""What an answer cell that is no answer on its scale means."""
NO_AGENCY = -1
"""The agency number of a cell that names no agency."""

MANY_AGENCIES = 20_000
"""More agencies than this (a national file has about 8,300), at fewer than two respondents each, is an id column."""
_CELLS_CACHED = 1_000_000
"""Distinct agency cells remembered at most (a cache, not a record of the file)."""


def looks_like_ids(agencies: int, rows: int) -> bool:
    """True when an agency column holds about one name per row, more than any assessment has: respondent ids.

    Every agency costs memory (its counts), so such a file would grow to gigabytes; it
    is refused as soon as it shows, whichever counter counts it.
    """
    return agencies > MANY_AGENCIES and agencies * 2 > rows


def ids_problem(agencies: int, rows: int) -> str:
    """The message for an agency column that looks like respondent ids."""
    return (f"holds {agencies:,} different agency names in its first {rows:,} rows, about one a row: it looks like "
            "a respondent id, not the agency (a national file has some 8,300 agencies); put the agency's name in "
            "this column (an id may go in a column named 'respondent')")


class Meaning:
    """The meaning of each distinct cell text of one raw-answer file, worked out once.

    ``clean`` is what the table does to a cell before it is read (None: the texts given
    are clean already); it may be changed when a counter goes from cleaned rows to raw ones.
    Agencies are numbered 0, 1, … in the order they are first asked about, each keeping
    the name it was first written with (:attr:`names`).
    """

    def __init__(self, layout: AnswerLayout, clean: Callable[[str], str] | None) -> None:
        self.layout = layout
        self.scales = layout.scales
        self.clean = clean
        # Per answer column: every cell text seen -> option key, BLANK, or UNREADABLE.
        self.kinds: list[dict[str, str | None]] = [{} for _ in self.scales]
        # Per answer column: the texts that are their own option key (most answers are), and those readable.
        self.identity: list[set[str]] = [set() for _ in self.scales]
        self.readable: list[set[str]] = [set() for _ in self.scales]
        self.cells: dict[str, int] = {}  # agency cell text -> its agency's number (or NO_AGENCY)
        self.numbers: dict[str, int] = {}  # an agency's identity (text_key) -> its number
        self.names: list[str] = []  # number -> the agency's name as first written

    # -- answers ----------------------------------------------------------------------

    def answer(self, pos: int, raw: str) -> str | None:
        """The option key a cell text means in answer column ``pos``: BLANK for a blank, UNREADABLE for no answer."""
        kinds = self.kinds[pos]
        if raw in kinds:
            return kinds[raw]
        text = self.clean(raw) if self.clean is not None else raw
        if not text:
            key: str | None = BLANK
        else:
            option = self.scales[pos].option(text)
            key = UNREADABLE if option is None else option.key
            if key == raw:
                self.identity[pos].add(raw)
        if key is not UNREADABLE:
            self.readable[pos].add(raw)
        kinds[raw] = key
        return key

    def expected(self, pos: int) -> str:
        """What answer column ``pos`` takes, for messages: ``expected 1, 2, 3, 4 or น้อยที่สุด… / …``."""
        scale = self.scales[pos]
        labels = " / ".join(o.labels[0] if o.labels else o.key for o in scale.options)
        return f"expected {', '.join(scale.keys)} or {labels}"

    # -- agencies ---------------------------------------------------------------------

    def written(self, raw: str) -> str:
        """The agency name a cell writes: cleaned, and without a spreadsheet's neutralising quote."""
        return unneutralise(self.clean(raw) if self.clean is not None else raw)

    def agency(self, raw: str) -> int:
        """The number of the agency a cell names (NO_AGENCY when it names none), numbering new agencies in turn."""
        number = self.cells.get(raw)
        if number is None:
            name = self.written(raw)
            key = text_key(name)
            if not key:
                number = NO_AGENCY
            else:
                number = self.numbers.get(key)
                if number is None:
                    number = self.numbers[key] = len(self.names)
                    self.names.append(name)
            if len(self.cells) >= _CELLS_CACHED:
                self.cells.clear()
            self.cells[raw] = number
        return number

    @property
    def agencies(self) -> int:
        """How many agencies have been named so far."""
        return len(self.names)
