"""The report's front matter and close: cover lines, คำนำ, สารบัญ, and the signature block.

Everything is worded by the phrase file (``cover.*``, ``foreword.*``, ``contents.*``,
``signatures.*``) from the result and the agency's details (command-line options or the
plan file's ``[report]`` table).  Nothing here addresses the user: how to use itakit
belongs in ``--help`` and the docs, not in the document an officer signs.
"""

from __future__ import annotations

from ...inputs.planfile import ReportDetails, Signer
from ..phrases import thai_join
from .context import ReportContext
from .model import Block, Contents, Paragraph, Section, Signature, Signatures

__all__ = ["contents_section", "cover_lines", "foreword_section", "signature_block"]

ROLES = ("prepared_by", "checked_by", "approved_by")
"""The signers of the report, in the order they sign."""


def cover_lines(ctx: ReportContext) -> tuple[list[str], int]:
    """The cover: the title lines, then the agency and its district and province; and where the agency starts."""
    lines = [ctx.p("cover.title", variant=k, year=ctx.year) for k in range(ctx.p.variants("cover.title"))]
    split = len(lines)
    if ctx.agency:
        lines.append(ctx.agency)
    if ctx.place:
        lines.append(ctx.place)
    return lines, split


def foreword_section(ctx: ReportContext) -> Section:
    """คำนำ: why the assessment is made, what the report holds (tools and indicators named), the result, who
    prepared it and when."""
    f, p, rules = ctx.f, ctx.p, ctx.rules
    tools = []
    for tool in rules.tools:
        names = [f"({f.count(i.number)}) {i.name_th}" for i in tool.indicators]
        tools.append(p("foreword.tool", tool=f"{tool.name_th} ({tool.code})", count=len(names), indicators=names))
    blocks: list[Block] = [
        Paragraph(p("foreword.purpose")),
        Paragraph(p("foreword.contents", tool_count=len(rules.tools), indicator_count=len(rules.indicators),
                    tools=thai_join(tools),
                    year=ctx.year, next_year=ctx.next_year)),
    ]
    result = ctx.result
    if result.total is not None and result.grade is not None:
        blocks.append(Paragraph(p("foreword.result", year=ctx.year, agency=ctx.agency, total=result.total,
                                  level=ctx.level(), preparer=ctx.preparer)))
    else:
        blocks.append(Paragraph(p("foreword.partial", preparer=ctx.preparer)))
    sign = [line for line in ((ctx.details.unit or "").strip(), ctx.agency, ctx.date_line) if line]
    if sign:
        blocks.append(Paragraph("\n".join(sign), style="right"))
    return Section(p("foreword.title"), blocks, contents=False, front=True)


def contents_section(ctx: ReportContext) -> Section:
    """สารบัญ: the sections with the page each starts on."""
    return Section(ctx.p("contents.title"), (Contents(ctx.p("contents.topic"), ctx.p("contents.page")),),
                   contents=False, front=True)


def signature_block(ctx: ReportContext, details: ReportDetails | None = None) -> list[Block]:
    """ผู้จัดทำ / ผู้ตรวจ / ผู้อนุมัติ with names and positions from the plan file, dotted lines otherwise, and a date
    line under each."""
    details = details if details is not None else ctx.details
    p = ctx.p
    signers = []
    for role in ROLES:
        given: Signer | None = getattr(details, role)
        name = given.name if given else ""
        position = given.position if given else ""
        signers.append(Signature(
            sign=p("signatures.sign", role=p(f"signatures.{role}")),
            name=p("signatures.name", name=name) if name else p("signatures.blank_name"),
            position=p("signatures.position", position=position) if position else p("signatures.blank_position"),
            date=p("signatures.date"),
        ))
    return [Signatures(signers)]
