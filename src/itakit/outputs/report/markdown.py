"""Render a report as Markdown, for a quick look or a wiki page.

Tables are simple pipe tables (spanned cells are repeated empty), every given text
is escaped so that ``|``, ``<`` or ``*`` in an agency name or a plan stay literal,
and a chart is embedded as a data URI so the file stays self-contained.
"""

from __future__ import annotations

import base64
import re

from .model import Contents, Heading, Image, Paragraph, Report, Signatures, Table, layout

__all__ = ["escape_markdown", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters Markdown would read as markup; line breaks become ``<br>``."""
    return "<br>".join(_SPECIAL.sub(r"\\\1", line) for line in text.split("\n"))


def _table(table: Table) -> list[str]:
    grid = layout(table)
    lines = []
    for r, slots in enumerate(grid):
        cells = ["" if slot is None else escape_markdown(slot[0].text) for slot in slots]
        header = r == 0 or table.rows[r].kind == "header"  # a header row is bold already
        if not header and (table.rows[r].kind in ("group", "total") or any(slot and slot[0].bold for slot in slots)):
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
        if r == 0:
            aligns = {"left": ":--", "center": ":-:", "right": "--:"}
            lines.append("|" + "|".join(aligns[slot[0].align] if slot else "---" for slot in slots) + "|")
    return lines


def render_markdown(report: Report) -> str:
    """The report as Markdown text."""
    lines: list[str] = []
    if report.title:
        lines.append("# " + escape_markdown(" ".join(report.title[:3])))
        for extra in report.title[3:]:
            lines += ["", f"**{escape_markdown(extra)}**"]
    for section in report.sections:
        lines += ["", f"## {escape_markdown(section.title)}"]
        for block in section.blocks:
            lines.append("")
            if isinstance(block, Heading):
                lines.append("#" * (block.level + 1) + " " + escape_markdown(block.text))
            elif isinstance(block, Paragraph):
                if block.style == "draft" and report.final:
                    lines.pop()
                    continue
                text = escape_markdown(block.text)
                lines.append(f"*{text}*" if block.style in ("note", "draft") else text)
            elif isinstance(block, Table):
                lines += _table(block)
            elif isinstance(block, Image):
                data = base64.b64encode(block.png).decode("ascii")
                lines.append(f"![{escape_markdown(block.alt)}](data:image/png;base64,{data})")
            elif isinstance(block, Contents):
                lines += [f"- {escape_markdown(s.title)}" for s in report.sections if s.contents and s.title]
            elif isinstance(block, Signatures):
                for signer in block.signers:
                    parts = [signer.sign, signer.name, signer.position, signer.date]
                    lines += ["<br>".join(escape_markdown(x) for x in parts if x), ""]
    return "\n".join(lines).lstrip() + "\n"
