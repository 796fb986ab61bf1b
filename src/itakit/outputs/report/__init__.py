"""The analysis report: a format-neutral model built from a result, rendered as .pdf, .docx, .html or .md.

>>> from itakit.outputs.report import build_report, write_report              # doctest: +SKIP
>>> write_report("report.pdf", build_report(rules, result, agency="อบต.ลำเลียง"))  # doctest: +SKIP

Importing this package loads neither python-docx, Typst nor matplotlib; they are imported
when a .docx or .pdf is written or a chart drawn.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ...atomic import write_atomic_with
from ...errors import UsageError
from ...safetext import writable
from .content import MEASURE_COLUMNS, build_plan_report, build_report, report_phrases
from .drafting import Drafted, MeasureRow, drafted_plan, measure_rows
from .html import render_html
from .markdown import render_markdown
from .model import Cell, Contents, Heading, Image, Paragraph, Report, Row, Section, Signature, Signatures, Table
from .text import render_text

__all__ = [
    "FORMATS",
    "MEASURE_COLUMNS",
    "Cell",
    "Contents",
    "Drafted",
    "Heading",
    "Image",
    "MeasureRow",
    "Paragraph",
    "Report",
    "Row",
    "Section",
    "Signature",
    "Signatures",
    "Table",
    "build_plan_report",
    "build_report",
    "drafted_plan",
    "measure_rows",
    "render_html",
    "render_markdown",
    "render_report",
    "render_text",
    "report_format",
    "report_phrases",
    "write_report",
]


def _write_docx(report: Report, fh: BinaryIO) -> None:
    from .docx import render_docx

    render_docx(report, fh)


def _write_pdf(report: Report, fh: BinaryIO) -> None:
    from .pdf import render_pdf

    render_pdf(report, fh)


def _write_text(render: Callable[[Report], str]) -> Callable[[Report, BinaryIO], None]:
    def write(report: Report, fh: BinaryIO) -> None:
        fh.write(writable(render(report), to="html").encode("utf-8"))

    return write


FORMATS: dict[str, Callable[[Report, BinaryIO], None]] = {
    ".pdf": _write_pdf,
    ".docx": _write_docx,
    ".html": _write_text(render_html),
    ".htm": _write_text(render_html),
    ".md": _write_text(render_markdown),
}
"""The writer of each output file extension."""


def report_format(path: str | Path) -> str:
    """The format an output path asks for, by its extension; UsageError for any other extension."""
    suffix = Path(path).suffix.casefold()
    if suffix not in FORMATS:
        raise UsageError(
            f"{path}: cannot tell the document format from {suffix or 'a name without extension'!r}; "
            "name the output .pdf, .docx, .html or .md"
        )
    return suffix


def render_report(report: Report, suffix: str) -> bytes:
    """The report as the bytes of a file of the format ``suffix`` names (".pdf", ".docx", ".html", ".md")."""
    writer = FORMATS[report_format(f"report{suffix}")]
    buffer = io.BytesIO()
    writer(report, buffer)
    return buffer.getvalue()


def write_report(path: str | Path, report: Report) -> None:
    """Write a report to ``path`` in the format of its extension, atomically (an old file stays whole on error)."""
    writer = FORMATS[report_format(path)]
    write_atomic_with(path, lambda fh: writer(report, fh))
