"""Render a report as one self-contained HTML file, to read on screen or print on A4.

Printed, the body is A4 portrait with the measures on landscape pages (a named page),
page numbers in the report's digits at the top of every page but the cover, headings
kept with what follows and table rows never split.  Thai lines break only between words:
each Thai word (:func:`.thaiwords.words`) is a no-wrap ``<span>`` and a ``<wbr>`` marks
where a line may break between two of them — markup, not characters, so the text copied
out of the page is exactly the text written.

Styles are inline, a chart is embedded as a data URI, and every text — the agency
name, the plan, even the phrase file's wording — goes through :func:`html.escape`, with
control characters other than line breaks replaced, so nothing given by a user can
become markup or script.
"""

from __future__ import annotations

import base64
import re
from html import escape

from ... import __version__
from .model import Cell, Contents, Heading, Image, Paragraph, Report, Signatures, Table
from .thaiwords import is_thai, words

__all__ = ["STYLE", "render_html"]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

STYLE = """
@page { size: A4; margin: 2.5cm 2cm 2cm 3cm;
        @top-center { content: counter(page, var(--page-style)); font: 16pt "TH Sarabun New", "Laksaman", sans-serif; } }
@page :first { @top-center { content: none; } }
@page wide { size: A4 landscape; margin: 1.8cm 1.5cm 1.5cm 1.5cm; }
:root { --page-style: thai; }
html { font-family: "TH Sarabun New", "TH SarabunPSK", "Sarabun", "Laksaman", "Garuda", sans-serif;
       font-size: 16pt; line-height: 1.45; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 46em; padding: 1em; }
header.title { text-align: center; margin-bottom: 2em; font-weight: bold; }
header.cover { padding-top: 25vh; min-height: 60vh; font-size: 1.25em; }
header.title p { margin: 0.1em 0; }
header.title p.apart { margin-top: 2.5em; }
h2 { font-size: 1.15em; margin: 1.2em 0 0.5em; break-after: avoid; break-inside: avoid; }
h2.front { text-align: center; }
h3 { font-size: 1em; margin: 1em 0 0.4em; break-after: avoid; break-inside: avoid; }
p { margin: 0.35em 0; orphans: 2; widows: 2; }
p.body { text-indent: 1.25cm; text-align: justify; }
p.note { font-size: 0.875em; }
p.center { text-align: center; }
p.right { text-align: right; }
p.draft { background: #fff2cc; padding: 0.4em 0.6em; font-size: 0.875em; }
span.w { white-space: nowrap; }
nav.contents table, nav.contents td { border: none; }
nav.contents td.page { text-align: right; width: 4em; }
nav.contents a { color: #000; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.875em; line-height: 1.35; }
table.body { font-size: 1em; }
table.keep { break-inside: avoid; }
th, td { border: 1px solid #000; padding: 0.15em 0.35em; vertical-align: top; }
th { font-weight: bold; text-align: center; background: #f2f2f2; }
tr.group td { font-weight: bold; background: #f2f2f2; }
tr.group { break-after: avoid; }
tr.total td { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.center { text-align: center; } td.right { text-align: right; }
td.draft { background: #fff2cc; }
table.signatures, table.signatures td { border: none; text-align: center; }
table.signatures { margin-top: 2em; break-inside: avoid; }
img { display: block; margin: 0.5em auto; max-width: 100%; }
@media print {
  body { max-width: none; padding: 0; }
  header.cover { break-after: page; padding-top: 6cm; min-height: 0; }
  section { break-before: page; }
  section.follow { break-before: auto; }
  section.wide { page: wide; }
  td.draft, p.draft, th, tr.group td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _clean(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def _line(text: str) -> str:
    """One line: Thai words in no-wrap spans, a <wbr> between two Thai words, everything escaped."""
    out: list[str] = []
    previous_thai = False
    for token in words(_clean(text)):
        thai = any(is_thai(ch) for ch in token) and not token.isspace()
        if thai:
            if previous_thai:
                out.append("<wbr>")
            out.append(f'<span class="w">{escape(token, quote=True)}</span>')
        else:
            out.append(escape(token, quote=True))
        previous_thai = thai
    return "".join(out)


def _text(text: str) -> str:
    return "<br>".join(_line(line) for line in text.split("\n"))


def _plain(text: str) -> str:
    return escape(_clean(text), quote=True)


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
    body = _text(cell.text)
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
    classes = [c for c in ("body" if table.size == "body" else "", "keep" if table.keep else "") if c]
    css = f' class="{" ".join(classes)}"' if classes else ""
    return f"<table{css}>{caption}<colgroup>{cols}</colgroup>{thead}<tbody>{''.join(body_rows)}</tbody></table>"


def _contents(report: Report, block: Contents) -> str:
    rows = "".join(f'<tr><td><a href="#s{n}">{_text(s.title)}</a></td><td class="page"></td></tr>'
                   for n, s in enumerate(report.sections, start=1) if s.contents and s.title)
    return (f'<nav class="contents"><table><thead><tr><th>{_text(block.topic)}</th>'
            f'<th class="page">{_text(block.page)}</th></tr></thead><tbody>{rows}</tbody></table></nav>')


def render_html(report: Report) -> str:
    """The report as a complete HTML document (UTF-8 text)."""
    page_style = "thai" if report.digits == "thai" else "decimal"
    cover = []
    for k, line in enumerate(report.title):
        apart = ' class="apart"' if report.cover_split is not None and k == report.cover_split else ""
        cover.append(f"<p{apart}>{_text(line)}</p>")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_plain(report.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="itakit {_plain(__version__)}">',
        f"<title>{_plain(report.document_name)}</title>",
        f"<style>{STYLE.replace('--page-style: thai', f'--page-style: {page_style}')}</style>",
        "</head>",
        "<body>",
        f'<header class="title{" cover" if report.cover else ""}">' + "".join(cover) + "</header>",
    ]
    for number, section in enumerate(report.sections, start=1):
        classes = (["wide"] if section.landscape else []) + ([] if section.new_page else ["follow"])
        css = f' class="{" ".join(classes)}"' if classes else ""
        parts.append(f'<section id="s{number}"{css}>')
        if section.title:
            front = ' class="front"' if section.front else ""
            parts.append(f"<h2{front}>{_text(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Heading):
                level = min(6, block.level + 1)
                parts.append(f"<h{level}>{_text(block.text)}</h{level}>")
            elif isinstance(block, Paragraph):
                if block.style == "draft" and report.final:
                    continue
                parts.append(f'<p class="{block.style}">{_text(block.text)}</p>')
            elif isinstance(block, Table):
                parts.append(_table(block, report.final))
            elif isinstance(block, Contents):
                parts.append(_contents(report, block))
            elif isinstance(block, Signatures):
                cells = "".join(
                    f"<td>{_text(s.sign)}<br>{_text(s.name)}<br>{_text(s.position)}"
                    + (f"<br>{_text(s.date)}" if s.date else "") + "</td>" for s in block.signers)
                parts.append(f'<table class="signatures"><tr>{cells}</tr></table>')
            elif isinstance(block, Image):
                data = base64.b64encode(block.png).decode("ascii")
                parts.append(f'<img src="data:image/png;base64,{data}" alt="{_plain(block.alt)}" '
                             f'style="width:{block.width_cm:g}cm">')
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
