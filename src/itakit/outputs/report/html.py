"""Render a report as one self-contained HTML file that prints cleanly on A4.

Printed, every page is A4 landscape, the running text in a 19 cm column: Chromium (156)
lays out a named landscape page for the measures tables at the portrait size, clipping
rows and leaving one row a page, and on a portrait page the nine columns are too narrow
to keep Thai words whole.  The Word file has portrait pages and a landscape section.
Table cells carry the same word-break marks as in Word (:mod:`.thaiwrap`).

Styles are inline, a chart is embedded as a data URI, and every text — the agency
name, the plan, even the rule set's wording — goes through :func:`html.escape`, so
nothing given by a user can become markup or script.
"""

from __future__ import annotations

import base64
import re
from html import escape

from ... import __version__
from .model import Cell, Contents, Heading, Image, Paragraph, Report, Signatures, Table
from .thaiwrap import WJ, ZWSP, mark_word_breaks

__all__ = ["STYLE", "render_html"]

_SEPARATORS = re.compile(f"({ZWSP}|\\s+)")

STYLE = """
@page { size: A4 landscape; margin: 1.5cm 1.27cm 1.3cm 1.27cm; }
html { font-family: "TH Sarabun New", "TH SarabunPSK", "Sarabun", "Laksaman", "Garuda", sans-serif;
       font-size: 16pt; line-height: 1.25; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 46em; padding: 1em; }
header.title { text-align: center; margin-bottom: 2em; }
header.cover { padding-top: 30vh; min-height: 60vh; }
header.cover p { font-size: 1.4em; }
header.title p { margin: 0.1em 0; font-weight: bold; font-size: 1.15em; }
h2 { font-size: 1.15em; margin: 1.2em 0 0.4em; break-after: avoid; }
h3 { font-size: 1em; margin: 1em 0 0.3em; break-after: avoid; }
p { margin: 0.3em 0; text-indent: 0; }
p.note { font-size: 0.85em; }
p.center { text-align: center; }
p.right { text-align: right; }
p.body { text-indent: 2.5em; }
nav.contents ol { list-style: none; padding-left: 0; }
nav.contents a { color: #000; text-decoration: none; }
table.compact { font-size: 0.72em; line-height: 1.2; table-layout: fixed; }
@media print { section.wide table.compact { font-size: 0.68em; } section.wide td, section.wide th { padding: 0.1em 0.15em; } }
td.draft { background: #fff2cc; }
span.w { white-space: nowrap; }
table.signatures, table.signatures td { border: none; text-align: center; }
table.signatures { margin-top: 2em; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
table.small { font-size: 0.875em; }
th, td { border: 1px solid #000; padding: 0.1em 0.3em; vertical-align: top; }
th { font-weight: bold; text-align: center; }
tr.group td { font-weight: bold; background: #f2f2f2; }
tr.total td { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.center { text-align: center; } td.right { text-align: right; }
img { display: block; margin: 0.5em auto; max-width: 100%; }
section.wide { max-width: none; }
@media print {
  body { max-width: none; padding: 0; }
  header.title, section:not(.wide) { max-width: 19cm; margin-left: auto; margin-right: auto; }
  header.cover { break-after: page; padding-top: 8cm; min-height: 0; }
  section { break-before: page; }
  section.follow { break-before: auto; }
  td.draft { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.group td { background: none; }
}
@media screen { section.wide { width: 100%; } }
"""


def _text(text: str) -> str:
    return "<br>".join(escape(line, quote=True) for line in text.split("\n"))


def _words(line: str) -> str:
    """A table-cell line with each Thai word in a no-wrap span: Chromium's own dictionary would split compounds
    (it does not honour word joiners), so the spans hold the words and the zero-width spaces between them are
    where lines may break."""
    out = []
    for part in _SEPARATORS.split(mark_word_breaks(line)):
        if WJ in part:
            out.append(f'<span class="w">{escape(part.replace(WJ, ""), quote=True)}</span>')
        else:
            out.append(escape(part, quote=True))
    return "".join(out)


def _cell(cell: Cell, tag: str, final: bool = False) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f' rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f' colspan="{cell.colspan}"')
    classes: list[str] = [cell.align] if cell.align != "left" and tag == "td" else []
    if cell.draft and not final:
        classes.append("draft")
    if classes:
        attrs.append(f' class="{" ".join(classes)}"')
    body = "<br>".join(_words(line) for line in cell.text.split("\n"))
    if cell.bold and tag == "td":
        body = f"<strong>{body}</strong>"
    return f"<{tag}{''.join(attrs)}>{body}</{tag}>"


def _table(table: Table, final: bool = False) -> str:
    total = sum(table.widths) or 1
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths)
    head_rows: list[str] = []
    body_rows: list[str] = []
    leading = True
    for row in table.rows:
        if row.kind == "header" and leading:
            head_rows.append("<tr>" + "".join(_cell(c, "th") for c in row.cells) + "</tr>")
            continue
        leading = False
        tag = "th" if row.kind == "header" else "td"
        css = f' class="{row.kind}"' if row.kind in ("group", "total") else ""
        body_rows.append(f"<tr{css}>" + "".join(_cell(c, tag, final) for c in row.cells) + "</tr>")
    caption = f"<caption>{_text(table.caption)}</caption>" if table.caption else ""
    thead = f"<thead>{''.join(head_rows)}</thead>" if head_rows else ""
    css = ' class="small compact"' if table.compact else ' class="small"' if table.small else ""
    return f"<table{css}>{caption}<colgroup>{cols}</colgroup>{thead}<tbody>{''.join(body_rows)}</tbody></table>"


def render_html(report: Report) -> str:
    """The report as a complete HTML document (UTF-8 text)."""
    title = " ".join(report.title)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(report.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="itakit {escape(__version__)}">',
        f"<title>{_text(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<header class="title{" cover" if report.cover else ""}">'
        + "".join(f"<p>{_text(line)}</p>" for line in report.title) + "</header>",
    ]
    for number, section in enumerate(report.sections, start=1):
        classes = (["wide"] if section.landscape else []) + ([] if section.new_page else ["follow"])
        css = f' class="{" ".join(classes)}"' if classes else ""
        parts.append(f'<section id="s{number}"{css}>')
        if section.title:
            parts.append(f"<h2>{_text(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Heading):
                level = min(6, block.level + 1)
                parts.append(f"<h{level}>{_text(block.text)}</h{level}>")
            elif isinstance(block, Paragraph):
                css = f' class="{block.style}"'
                parts.append(f"<p{css}>{_text(block.text)}</p>")
            elif isinstance(block, Table):
                parts.append(_table(block, report.final))
            elif isinstance(block, Contents):
                links = "".join(f'<li><a href="#s{n}">{_text(s.title)}</a></li>'
                                for n, s in enumerate(report.sections, start=1) if s.contents and s.title)
                parts.append(f'<nav class="contents"><ol>{links}</ol></nav>')
            elif isinstance(block, Signatures):
                cells = "".join(
                    f"<td>(ลงชื่อ) ............................ {_text(s.role)}<br>"
                    f"({_text(s.name) if s.name else '............................'})<br>"
                    f"{_text(s.position) if s.position else 'ตำแหน่ง ............................'}</td>"
                    for s in block.signers)
                parts.append(f'<table class="signatures"><tr>{cells}</tr></table>')
            elif isinstance(block, Image):
                data = base64.b64encode(block.png).decode("ascii")
                parts.append(f'<img src="data:image/png;base64,{data}" alt="{escape(block.alt, quote=True)}" '
                             f'style="width:{block.width_cm:g}cm">')
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
