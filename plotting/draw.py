"""Drawing: validated `FigureData` in, a matplotlib `Figure` out. No pyplot, no global state.

The returned figure carries its style: it is a `StyledFigure`, which re-enters the package style
whenever it is drawn or saved, because matplotlib consults rcParams at draw time (font lookup,
hinting, PDF font type, savefig defaults). Whoever saves it, and whatever their rcParams, gets the
same pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import numpy as np
from matplotlib import cbook
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.mathtext import MathTextParser
from matplotlib.text import Text

from .colors import bar_colors
from .data import DataError, FigureData, paper_data
from .design import DESIGN, Design
from .drawn import Drawn, label_columns, set_value_label_places
from .fit import bar_x_range
from .layout import lay_out
from .style import resolve_font, style_context

__all__ = ["DESIGN", "MINUS", "Design", "StyledFigure", "format_value", "warmup_ablation_figure"]

MINUS = "\N{MINUS SIGN}"


def format_value(value: float, digits: int = 2) -> str:
    """`value` with `digits` decimals and a true minus sign, as the tick labels write it; never a
    negative zero."""
    text = f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = text.removeprefix("-")
    return text.replace("-", MINUS)


class StyledFigure(Figure):
    """A `Figure` that draws and saves in the package style, whatever the global rcParams say."""

    def __init__(self, *args: Any, style_font: str, **kwargs: Any) -> None:
        self._style_font = style_font
        super().__init__(*args, **kwargs)

    @property
    def style_font(self) -> str:
        """The font family the figure is drawn in."""
        return self._style_font

    def drawing_style(self) -> AbstractContextManager[None]:
        """The scope this figure draws in (`figure_guard.describe.SelfStyled`): the describer
        reads it there too."""
        return style_context(self._style_font)

    def draw(self, renderer: RendererBase) -> None:
        with style_context(self._style_font):
            super().draw(renderer)

    def savefig(self, fname: Any, *, transparent: bool | None = None, **kwargs: Any) -> None:
        with style_context(self._style_font):
            super().savefig(fname, transparent=transparent, **kwargs)


def warmup_ablation_figure(
    data: FigureData | None = None, *, font: str | None = None, design: Design | None = None
) -> Figure:
    """The paper's figure of average score across warmup steps, for `data` (default: the paper's).

    `font` is any installed font family (default STIXGeneral, which ships with matplotlib); a
    family that is not installed raises `FontNotFoundError` instead of silently falling back.
    `design` overrides the per-artist look (for variants; the default is the paper's).
    Global `matplotlib.rcParams` are left as they were.
    """
    if data is None:
        data = paper_data()
    if not isinstance(data, FigureData):
        raise TypeError(f"data must be FigureData or None, got {type(data).__name__}")
    family = resolve_font(font)
    look = DESIGN if design is None else design
    with style_context(family):
        _check_math_text(data)
        return _build(data, family, look)


def _check_math_text(data: FigureData) -> None:
    """Labels with $...$ are typeset as math; a malformed one must fail here, as a data error
    naming the label, not as a parser traceback in the middle of drawing."""
    labels = {"xlabel": data.xlabel, "ylabel": data.ylabel}
    if data.baseline is not None:
        labels["baseline label"] = data.baseline.label
    parser = MathTextParser("path")
    for field, text in labels.items():
        if not cbook.is_math_text(text):  # the rule Text itself applies
            continue
        try:
            parser.parse(text, dpi=72, prop=FontProperties())
        except ValueError as error:
            reason = str(error).strip().splitlines()[-1]
            raise DataError(f"{field} {text!r} is not valid math text: {reason}") from None


def _y_limits(data: FigureData, design: Design) -> tuple[float, float]:
    """Limits that show every bar top, its value label and the comparison line, with the
    paper's air."""
    if data.ylim is not None:
        return data.ylim
    values = list(data.avg_scores)
    if data.baseline is not None:
        values.append(data.baseline.value)
    low, high = min(values), max(values)
    span = high - low
    if span <= 1e-9 * max(abs(low), abs(high), 1.0):
        span = max(abs(high) * 0.1, 1.0)
        low, high = low - span / 2, high + span / 2
    free = 1.0 - design.auto_margin_bottom - design.auto_margin_top
    total = span / free
    return low - design.auto_margin_bottom * total, high + design.auto_margin_top * total


def _bar_base(bottom: float, top: float) -> float:
    """Bars grow from zero, or from below the plot when zero is not inside the y-range."""
    if bottom <= 0.0 <= top:
        return 0.0
    return 0.0 if bottom > 0.0 else bottom - (top - bottom)


def _build(data: FigureData, family: str, design: Design) -> Figure:
    """Draw the artists at the design's places, then hand them to the layout's steps."""
    fig = StyledFigure(style_font=family)
    FigureCanvasAgg(fig)  # measure text with the same renderer that writes the PNG
    width, height = fig.get_size_inches()
    if data.width != width:  # the figure keeps this width, whatever the number of bars
        fig.set_size_inches(data.width, height)
    ax = fig.add_subplot()
    bottom, top = _y_limits(data, design)
    base = _bar_base(bottom, top)
    steps = [str(step) for step in data.warmup_steps]
    line = _draw_bars_and_line(ax, data, design, base, steps)
    value_labels = _draw_value_labels(ax, data, design, steps)
    ups = [score >= base for score in data.avg_scores]  # which way each bar grows
    set_value_label_places(value_labels, data.avg_scores, ups, design, top - bottom)
    ax.set_xlim(*bar_x_range(len(steps), design.bar_width, ax.get_xmargin()))
    comparison_label = _draw_comparison_line(ax, data, design, top - bottom)
    ax.set_xticks(np.arange(len(steps)), steps)
    ax.set_xlabel(data.xlabel)
    ax.set_ylabel(data.ylabel)
    ax.set_ylim(bottom, top)
    if data.yticks is not None:
        ax.set_yticks(data.yticks)
    fig.tight_layout(pad=design.layout_pad)
    lay_out(Drawn(fig, ax, line, value_labels, comparison_label, ups, data, design))
    return fig


def _draw_bars_and_line(
    ax: Axes, data: FigureData, design: Design, base: float, steps: Sequence[str]
) -> Line2D:
    """The bars, growing from `base`, in the gradient's colours; the trend line over them."""
    scores = np.asarray(data.avg_scores)
    x = np.arange(len(scores))
    bars = ax.bar(
        x,
        scores - base,
        bottom=base,
        width=design.bar_width,
        color=bar_colors(data.avg_scores, *design.gradient, gamma=design.gamma),
        edgecolor=design.bar_edge_color,
        linewidth=design.bar_edge_width,
        zorder=3,
    )
    for bar, step in zip(bars, steps, strict=True):
        bar.set_gid(f"bar {step}")  # names the artist in the figure's description
    (line,) = ax.plot(
        x,
        scores,
        color=design.line_color,
        linewidth=design.line_width,
        marker="o",
        markersize=design.marker_size,
        markerfacecolor=design.marker_face_color,
        markeredgecolor=design.line_color,
        markeredgewidth=design.marker_edge_width,
        zorder=4,
        gid="trend line",
    )
    return line


def _draw_value_labels(
    ax: Axes, data: FigureData, design: Design, steps: Sequence[str]
) -> list[Text]:
    """One label a bar, its score with two decimals; placed by `set_value_label_places`."""
    return [
        ax.text(
            float(index),
            score,
            format_value(score),
            ha="center",
            fontsize=design.value_label_size,
            color=design.value_label_color,
            zorder=5,
            gid=f"value label {step}",
        )
        for index, (score, step) in enumerate(zip(data.avg_scores, steps, strict=True))
    ]


def _draw_comparison_line(
    ax: Axes, data: FigureData, design: Design, y_range: float
) -> Text | None:
    """The dashed comparison line (the data's `baseline`, e.g. GRPO) and its label at the
    paper's place (the layout may move the label); None when the data has none."""
    baseline = data.baseline
    if baseline is None:
        return None
    ax.axhline(
        y=baseline.value,
        color=design.baseline_color,
        linewidth=design.baseline_width,
        linestyle=design.baseline_dashes,
        zorder=102,
        alpha=design.baseline_alpha,
        gid="baseline",
    )
    return ax.text(
        label_columns(ax, len(data.avg_scores), design)[0],
        baseline.value + design.baseline_label_offset * y_range,
        f"{baseline.label} {format_value(baseline.value)}".strip(),
        va="bottom",
        ha="left",
        fontsize=design.baseline_label_size,
        color=design.baseline_label_color,
        zorder=10,
        gid="baseline label",
    )
