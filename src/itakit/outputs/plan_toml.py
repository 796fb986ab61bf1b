"""Write a plan of measures as the TOML file :func:`itakit.inputs.planfile.read_measure_plan` reads back.

``itakit report … --save-plan PLAN.toml`` and the web page save the drafted measures
this way, every field written out, so that an officer edits one file in a text editor,
hands it back with ``--plan`` to go on, and next year gives it to ``itakit followup``.
Values are encoded by :mod:`tomli_w` (no hand-made escaping); only the layout — one
table per code, the period as an inline table, a Thai comment at the top — is ours.
"""

from __future__ import annotations

from collections.abc import Iterable

import tomli_w

from ..inputs.planfile import DETAIL_FIELDS, Measure, MeasurePlan, ReportDetails, Signer

__all__ = ["plan_toml"]

_HEADER = """\
# แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ร่างจากผลการประเมิน ITA) — แก้ไขข้อความได้ทุกช่อง
# A plan of measures drafted from the ITA result: edit any text, then give it back with
#   --plan FILE (itakit report)   or   itakit followup FILE   (the follow-up next year).
# One table per question, OIT item or indicator; its key ([i2], [o29], [7]) is the measure's id.
# omit = true leaves a row out. Dates are YYYY-MM-DD (a Buddhist-Era year such as 2566-03-31 is read as such).
"""


def _line(key: str, value: object) -> str:
    return tomli_w.dumps({key: value}).rstrip("\n")


def _details(details: ReportDetails) -> list[str]:
    lines = ["[report]"]
    for name in DETAIL_FIELDS:
        value = getattr(details, name)
        if isinstance(value, Signer):
            lines.append(f"{name} = {{ {_line('name', value.name)}, {_line('position', value.position)} }}")
        elif value:
            lines.append(_line(name, value))
    return lines if len(lines) > 1 else []


def _texts(key: str, values: Iterable[str]) -> list[str]:
    items = list(values)
    if not items:
        return []
    if len(items) == 1:
        return [_line(key, items[0])]
    return [f"{key} = ["] + [f"  {_line('x', item)[4:]}," for item in items] + ["]"]


def _measure(entry: Measure) -> list[str]:
    lines = [f"[{_line(entry.code, 0).split(' = ')[0]}]"]
    if entry.omit:
        lines.append("omit = true")
    if entry.indicator is not None:
        lines.append(f"indicator = {entry.indicator}")
    if entry.deficiency is not None:
        lines.append(_line("deficiency", entry.deficiency))
    if entry.measure is not None:
        lines.append(_line("measure", entry.measure))
    lines += _texts("method", entry.method)
    lines += _texts("responsible", entry.responsible)
    if entry.period is not None:
        start, end = entry.period
        lines.append(f"period = {{ start = {start.isoformat()}, end = {end.isoformat()} }}")
    lines += _texts("follow_up", entry.follow_up)
    return lines


def plan_toml(plan: MeasurePlan) -> str:
    """The plan as TOML text: ``[plan] year``, the ``[report]`` details, ``[defaults]``, then one table per code."""
    blocks: list[list[str]] = []
    if plan.year is not None:
        blocks.append(["[plan]", f"year = {plan.year}"])
    if plan.details is not None:
        details = _details(plan.details)
        if details:
            blocks.append(details)
    if plan.defaults is not None:
        defaults = _measure(plan.defaults)
        defaults[0] = "[defaults]"
        blocks.append(defaults)
    blocks += [_measure(entry) for entry in plan.entries]
    return _HEADER + "\n" + "\n\n".join("\n".join(block) for block in blocks) + "\n"
