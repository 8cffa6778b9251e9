"""Drawing: validated `FigureData` in, a matplotlib `Figure` out. No pyplot, no global state.

The returned figure carries its style: it is a `StyledFigure`, which re-enters the package style
whenever it is drawn or saved, because matplotlib consults rcParams at draw time (font lookup,
hinting, PDF font type, savefig defaults). Whoever saves it, and whatever their rcParams, gets the
same pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from matplotlib import cbook
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.mathtext import MathTextParser
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .colors import GRADIENT_GAMMA, bar_colors
from .data import DataError, FigureData, paper_data
from .style import resolve_font, style_context

__all__ = ["DESIGN", "Design", "StyledFigure", "warmup_ablation_figure"]

HorizontalAlignment = Literal["left", "right"]
VerticalAlignment = Literal["bottom", "top"]


@dataclass(frozen=True)
class Design:
    """The figure's look that rcParams cannot express: what the paper's figure specifies per artist.

    Vertical offsets are fractions of the y-range, so labels keep their place whatever the scale of
    the scores. With the paper's limits (54.2 to 58.2, a range of 4) they are the published 0.35
    and 0.05 score units.
    """

    bar_width: float = 0.52
    gradient: tuple[str, str] = ("#9AC4F5", "#428AE5")
    gamma: float = GRADIENT_GAMMA
    bar_edge_color: str = "#3A78CC"
    bar_edge_width: float = 0.5
    line_color: str = "#2E6FC7"
    line_width: float = 0.9
    marker_size: float = 3.0
    marker_edge_width: float = 0.8
    marker_face_color: str = "white"
    value_label_size: float = 7.0
    value_label_color: str = "#2e2b40"
    value_label_offset: float = 0.35 / 4.0
    baseline_color: str = "#D4686A"
    baseline_width: float = 0.8
    baseline_dashes: tuple[float, tuple[float, float]] = (0.0, (5.0, 3.0))
    baseline_alpha: float = 0.7
    baseline_label_size: float = 6.0
    baseline_label_color: str = "#C53E43"
    baseline_label_inset: float = 0.48
    #: ...but never closer to the edge of the axes than this share of their width (one bar).
    baseline_label_margin: float = 0.005
    baseline_label_offset: float = 0.05 / 4.0
    layout_pad: float = 0.4
    #: Automatic y-limits: share of the axes height kept free below the lowest and above the
    #: highest value (the value labels and the baseline label live in the top margin).
    auto_margin_bottom: float = 0.2
    auto_margin_top: float = 0.3
    #: Each bar's slot must be at least this much wider than its value label.
    label_room: float = 1.15


DESIGN = Design()


class StyledFigure(Figure):
    """A `Figure` that draws and saves in the package style, whatever the global rcParams say."""

    def __init__(self, *args: Any, style_font: str, **kwargs: Any) -> None:
        self._style_font = style_font
        super().__init__(*args, **kwargs)

    @property
    def style_font(self) -> str:
        """The font family the figure is drawn in."""
        return self._style_font

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
    with style_context(family):
        _check_math_text(data)
        return _build(data, family, DESIGN if design is None else design)


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
    """Limits that show every bar top, its value label and the baseline, with the paper's air."""
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
    fig = StyledFigure(style_font=family)
    FigureCanvasAgg(fig)  # measure text with the same renderer that writes the PNG
    ax = fig.add_subplot()

    scores = np.asarray(data.avg_scores)
    x = np.arange(len(scores))
    bottom, top = _y_limits(data, design)
    y_range = top - bottom
    base = _bar_base(bottom, top)

    colors = bar_colors(data.avg_scores, *design.gradient, gamma=design.gamma)
    steps = [str(step) for step in data.warmup_steps]
    bars = ax.bar(
        x,
        scores - base,
        bottom=base,
        width=design.bar_width,
        color=colors,
        edgecolor=design.bar_edge_color,
        linewidth=design.bar_edge_width,
        zorder=3,
    )
    for bar, step in zip(bars, steps, strict=True):
        bar.set_gid(f"bar {step}")  # names the artist in the figure's description
    ax.plot(
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
    value_labels = [
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            score + design.value_label_offset * y_range,
            f"{score:.2f}",
            ha="center",
            va="bottom",
            fontsize=design.value_label_size,
            color=design.value_label_color,
            zorder=5,
            gid=f"value label {step}",
        )
        for bar, score, step in zip(bars, data.avg_scores, steps, strict=True)
    ]
    if len(x) == 1:  # a lone bar would fill the axes; give it the width of a bar among others
        ax.set_xlim(-1.0, 1.0)
    baseline_label = None
    baseline = data.baseline
    if baseline is not None:
        ax.axhline(
            y=baseline.value,
            color=design.baseline_color,
            linewidth=design.baseline_width,
            linestyle=design.baseline_dashes,
            zorder=102,
            alpha=design.baseline_alpha,
            gid="baseline",
        )
        baseline_label = ax.text(
            _label_columns(ax, len(x), design)[0],
            baseline.value + design.baseline_label_offset * y_range,
            f"{baseline.label} {baseline.value:.2f}".strip(),
            va="bottom",
            ha="left",
            fontsize=design.baseline_label_size,
            color=design.baseline_label_color,
            zorder=10,
            gid="baseline label",
        )

    ax.set_xticks(x, steps)
    ax.set_xlabel(data.xlabel)
    ax.set_ylabel(data.ylabel)
    ax.set_ylim(bottom, top)
    if data.yticks is not None:
        ax.set_yticks(data.yticks)

    fig.tight_layout(pad=design.layout_pad)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    if _widen_for_labels(fig, value_labels, renderer, design):
        fig.tight_layout(pad=design.layout_pad)
    if baseline is not None and baseline_label is not None:
        _place_baseline_label(
            ax,
            baseline_label,
            line=baseline.value,
            value_labels=value_labels,
            renderer=renderer,
            design=design,
            y_range=y_range,
        )
    return fig


def _widen_for_labels(
    fig: Figure, labels: Sequence[Text], renderer: RendererBase, design: Design
) -> bool:
    """Make the figure wider when neighbouring value labels would touch; True if it changed."""
    if len(labels) < 2:
        return False
    ax = fig.axes[0]
    slot = float(ax.transData.transform((1.0, 0.0))[0] - ax.transData.transform((0.0, 0.0))[0])
    needed = design.label_room * max(label.get_window_extent(renderer).width for label in labels)
    if needed <= slot:
        return False
    width, height = fig.get_size_inches()
    axes_width = ax.get_position().width * width
    fig.set_size_inches(width + axes_width * (needed / slot - 1.0), height)
    return True


def _place_baseline_label(
    ax: Axes,
    label: Text,
    *,
    line: float,
    value_labels: Sequence[Text],
    renderer: RendererBase,
    design: Design,
    y_range: float,
) -> None:
    """Keep the baseline label clear of the value labels: above-left as in the paper, else the
    first free spot of below-left, above-right and below-right."""
    x_left, x_right = _label_columns(ax, len(value_labels), design)
    dy = design.baseline_label_offset * y_range
    candidates: list[tuple[float, float, HorizontalAlignment, VerticalAlignment]] = [
        (x_left, line + dy, "left", "bottom"),
        (x_left, line - dy, "left", "top"),
        (x_right, line + dy, "right", "bottom"),
        (x_right, line - dy, "right", "top"),
    ]
    boxes = [text.get_window_extent(renderer) for text in value_labels]
    for x, y, ha, va in candidates:
        label.set_position((x, y))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        extent = label.get_window_extent(renderer)
        if not any(_overlaps(extent, box) for box in boxes):
            return
    x, y, ha, va = candidates[0]  # nowhere free: keep the paper's place
    label.set_position((x, y))
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)


def _label_columns(ax: Axes, n_bars: int, design: Design) -> tuple[float, float]:
    """Where the baseline label may start (left-aligned) or end (right-aligned): just outside the
    first or last bar, as in the paper, but pulled inside the axes when they are narrower."""
    low, high = ax.get_xlim()
    margin = design.baseline_label_margin * (high - low)
    return (
        max(-design.baseline_label_inset, low + margin),
        min(n_bars - 1 + design.baseline_label_inset, high - margin),
    )


def _overlaps(a: Bbox, b: Bbox) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)
