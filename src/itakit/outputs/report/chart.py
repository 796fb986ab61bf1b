"""An optional bar chart of the indicator scores, drawn with matplotlib in a Thai font found through fontconfig.

matplotlib (extra ``chart``) is imported only when a chart is drawn.  The font is
looked up with ``fc-list``/``fc-match`` among TH Sarabun New, Laksaman (Debian's
``fonts-tlwg-laksaman-ttf``, made from TH Sarabun New) and Garuda; without one, or
without matplotlib, the chart is refused with a message saying what to install,
rather than drawn with boxes for letters.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from ...errors import UsageError, missing_extra
from ...rules.model import RuleSet
from ...scoring.result import Result
from ...thai import Digits, format_number
from ..fmt import Fmt

__all__ = ["CHART_WIDTH_CM", "THAI_FONTS", "axis_start", "find_thai_font", "indicator_chart"]

THAI_FONTS = ("TH Sarabun New", "TH SarabunPSK", "Laksaman", "Garuda")
"""Font families tried in order; the first one fontconfig knows is used."""
_TOOL_COLOURS = ("#1f4e79", "#f4b183", "#70ad47", "#7030a0", "#ffd966")
"""One colour a tool, of clearly different lightness, so that the tools stay apart printed in black and white."""
_TOOL_HATCHES = ("", "///", "...", "xx", "\\\\")
"""And one hatching a tool, for the same reason."""
CHART_WIDTH_CM = 15.0
"""The width the report prints the chart at; the figure's fonts are sized so its labels print at 10 pt or more."""
_FIGURE_WIDTH_IN = 7.0
_PRINT_SCALE = CHART_WIDTH_CM / (_FIGURE_WIDTH_IN * 2.54)


def axis_start(scores: list[float]) -> float:
    """Where the score axis starts: a multiple of 5 at least 2 points below the lowest score (0 if that is below 0).

    Starting near the lowest score keeps 93 and 100 apart (on a 0–100 axis they look alike).
    """
    low = min(scores, default=0.0) - 2
    return max(0.0, 5 * (low // 5))


def _fontconfig(args: list[str]) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""


def find_thai_font(families: tuple[str, ...] = THAI_FONTS) -> Path | None:
    """The file of the first installed font among ``families`` (regular style), asked of fontconfig; None if none."""
    if shutil.which("fc-list") is None:
        return None
    for family in families:
        listed = [line.strip() for line in _fontconfig(["fc-list", f"{family}:style=Regular", "file"]).splitlines()]
        listed = [line.rstrip(":").strip() for line in listed if line.strip()]
        if not listed:
            listed = [line.rstrip(":").strip() for line in _fontconfig(["fc-list", family, "file"]).splitlines()
                      if line.strip()]
        if listed:
            # fc-match picks the best face of the family (regular rather than bold or italic)
            best = _fontconfig(["fc-match", "--format=%{file}", f"{family}:style=Regular"]).strip()
            path = Path(best) if best and best in listed else Path(sorted(listed)[0])
            if path.is_file():
                return path
    return None


def indicator_chart(rule_set: RuleSet, result: Result, *, digits: Digits = "thai",
                    axis_label: Callable[[int], str] = lambda start: "") -> bytes:
    """A horizontal bar chart (PNG bytes) of the result's indicator scores, one colour per tool; ``axis_label``
    words the score axis given where it starts (the report's phrase; no label when not given)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        raise missing_extra("the chart", "matplotlib", "chart", "leave out --chart") from None
    font_file = find_thai_font()
    if font_file is None:
        raise UsageError(
            "the chart needs a Thai font known to fontconfig (one of: " + ", ".join(THAI_FONTS) + "); "
            "on Debian or Ubuntu: apt-get install fonts-tlwg-laksaman-ttf (or leave out --chart)"
        )
    # sizes in the figure, so that printed at CHART_WIDTH_CM they are 11 and 10 pt
    font = FontProperties(fname=str(font_file), size=11 / _PRINT_SCALE)
    small = FontProperties(fname=str(font_file), size=10.2 / _PRINT_SCALE)

    digits_of = Fmt(digits).text

    indicators = list(result.indicators)
    tools = [t.code for t in rule_set.tools]
    labels = [digits_of(f"{i.number}. {i.name_th}") for i in indicators]
    scores = [float(i.display_score) for i in indicators]  # display only: the figures are already rounded
    colours = [_TOOL_COLOURS[tools.index(i.tool) % len(_TOOL_COLOURS)] for i in indicators]
    hatches = [_TOOL_HATCHES[tools.index(i.tool) % len(_TOOL_HATCHES)] for i in indicators]

    figure = Figure(figsize=(_FIGURE_WIDTH_IN, 0.36 * len(indicators) + 1.3), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(indicators)))[::-1]
    bars = axes.barh(positions, scores, color=colours, height=0.65, edgecolor="#404040", linewidth=0.6,
                     hatch=hatches)
    axes.set_yticks(positions, labels)
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
    start = axis_start(scores)
    axes.set_xlim(start, 100 + (100 - start) * 0.16)
    step = 1 if 100 - start <= 10 else 2 if 100 - start <= 20 else 5 if 100 - start <= 50 else 20
    axes.set_xticks([start + step * k for k in range(int((100 - start) // step) + 1)])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: digits_of(f"{value:.0f}")))
    for tick in axes.get_xticklabels():
        tick.set_fontproperties(small)
    from matplotlib.patches import Patch

    shown = [t for t in rule_set.tools if t.code in {i.tool for i in indicators}]
    axes.legend(handles=[Patch(facecolor=_TOOL_COLOURS[tools.index(t.code) % len(_TOOL_COLOURS)], edgecolor="#404040",
                               hatch=_TOOL_HATCHES[tools.index(t.code) % len(_TOOL_HATCHES)], label=t.code)
                         for t in shown], prop=small, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                ncols=max(1, len(shown)), frameon=False)
    for bar, indicator in zip(bars, indicators, strict=False):
        axes.text(bar.get_width() + (100 - start) * 0.01, bar.get_y() + bar.get_height() / 2,
                  format_number(indicator.score, 2, digits=digits), va="center", fontproperties=small)
    axes.set_xlabel(axis_label(int(start)), fontproperties=font)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
