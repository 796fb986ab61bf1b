"""Raw survey answers counted per agency and sub-item: one subsystem, two counters, one count table.

A raw-answer table is read in five steps, each in one place:

* :mod:`~itakit.inputs.answers.layout` — the answer layout, read from the header (which
  column answers which sub-item on which scale; the agency column);
* :mod:`~itakit.inputs.answers.meaning` — what a cell means (an option key, blank,
  unreadable) and which agency it names, worked out once per distinct text;
* :mod:`~itakit.inputs.answers.pure` (with :mod:`~itakit.inputs.answers.blocks` for plain
  CSV files, both counting through :mod:`~itakit.inputs.answers.slots`) — the counter in
  pure Python, the reference for every problem it reports;
* :mod:`~itakit.inputs.answers.arrow` (with :mod:`~itakit.inputs.answers.streams`) — the
  counter with pyarrow (the ``fast`` extra), for large CSV files;
* :mod:`~itakit.inputs.answers.counts` — the count table both return.

:func:`count` picks the counter.  Both counters read the table's rows through the one
:class:`~itakit.inputs.table.RowSource` protocol and refuse exactly the same files.
"""

from __future__ import annotations

from ...rules.model import RuleSet
from ..data import AgencyData
from ..table import Problems, Table
from .layout import read_layout

__all__ = ["count"]


def count(table: Table, rules: RuleSet, problems: Problems, *, skip_unreadable: bool = False) -> list[AgencyData]:
    """The agencies of a raw-answer table, each with its tallies (a row of one count table) and respondents.

    A CSV file on disk with an agency column is counted by pyarrow when the ``fast``
    extra is installed and the file is large; anything unusual there (and everything
    else) by the pure counter, which reports every problem to ``problems`` with its
    line and column.  Header problems are raised at once; the caller raises the others.
    """
    layout = read_layout(table, rules, problems)
    source = table.rows.csv_source
    if source is not None and layout.agency is not None and not skip_unreadable:
        from .arrow import count_csv

        counted = count_csv(source, layout, file=table.file)
        if counted is not None:
            return counted
        from .blocks import count_file

        counted = count_file(source, layout, file=table.file)
        if counted is not None:
            return counted
    from .pure import count_rows

    return count_rows(table.rows.raw(), layout, problems, source=table.file, skip_unreadable=skip_unreadable)
