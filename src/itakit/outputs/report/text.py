"""Render a report as plain text for a terminal (what ``itakit plan`` prints).

Tables are aligned by display width, so Thai vowel and tone marks, which take no
column of their own, do not push the columns apart.
"""

from __future__ import annotations

from ..render import display_width
from .model import Contents, Heading, Image, Paragraph, Report, Signatures, Table, layout

__all__ = ["render_text"]


def _table(table: Table) -> list[str]:
    grid = layout(table)
    widths = [0] * table.columns
    for slots in grid:
        for c, slot in enumerate(slots):
            if slot is not None and slot[0].colspan == 1:
                widths[c] = max(widths[c], display_width(slot[0].text.replace("\n", " / ")))
    out = []
    for r, slots in enumerate(grid):
        header = table.rows[r].kind == "header"
        parts = []
        skip = 0
        for c, slot in enumerate(slots):
            if skip:
                skip -= 1
                continue
            if slot is None:  # under a cell spanning rows from above
                parts.append(" " * widths[c])
                continue
            cell = slot[0]
            skip = cell.colspan - 1
            text = cell.text.replace("\n", " / ")
            width = sum(widths[c:c + cell.colspan]) + 3 * (cell.colspan - 1)
            gap = " " * max(0, width - display_width(text))
            right = not header and c > 0 and cell.align in ("center", "right")
            parts.append(gap + text if right else text + gap)
        out.append("  " + " | ".join(parts).rstrip())
    return out


def render_text(report: Report) -> str:
    """The report as plain text: title lines, section titles, paragraphs, aligned tables."""
    lines: list[str] = list(report.title)
    for section in report.sections:
        lines.append("")
        if section.title:
            lines += [section.title, ""]
        for block in section.blocks:
            if isinstance(block, Heading):
                lines += ["", block.text]
            elif isinstance(block, Paragraph):
                if not (block.style == "draft" and report.final):
                    lines.append(block.text)
            elif isinstance(block, Table):
                lines += _table(block)
            elif isinstance(block, Image):
                lines.append(f"[{block.alt}]")
            elif isinstance(block, Contents):
                lines += [s.title for s in report.sections if s.contents and s.title]
            elif isinstance(block, Signatures):
                for signer in block.signers:
                    lines += ["", *(x for x in (signer.sign, signer.name, signer.position, signer.date) if x)]
    return "\n".join(lines).rstrip() + "\n"
